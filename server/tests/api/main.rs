//! Integration tests: the real server, on a free port, with a fresh SQLite file per test (or a
//! fresh PostgreSQL schema, when `KITE_TEST_DATABASE_URL` is set: see `helpers::TestDatabase`).
//! One binary (zero2prod's layout) so the server is linked once.

mod adult_concerns;
mod agreements;
mod alerts;
mod audit;
mod authority;
mod busy_day;
mod child_answers;
mod child_file;
mod class_checks;
mod class_fixture;
mod class_years;
mod classes;
mod client_limits;
mod concerns;
mod enrolment;
mod files_on_disk;
mod filtering;
mod fixtures;
mod governors;
mod helpers;
mod inbox;
mod lessons;
mod openapi;
mod parents;
mod periods;
mod privacy;
mod procedures;
mod pupil_record;
mod record;
mod record_seed;
mod register;
mod retention;
mod roles;
mod school;
mod schools;
mod staff;
mod static_files;
mod sync;
mod sync_chaos;
mod teach_next;
mod training;
mod transport;
mod two_servers;
mod two_step;
