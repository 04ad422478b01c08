//! Integration tests: the real server, on a free port, with a fresh SQLite file per test.
//! One binary (zero2prod's layout) so the server is linked once.

mod helpers;
mod privacy;
mod static_files;
mod sync;
mod sync_chaos;
