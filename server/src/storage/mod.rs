//! Everything the server keeps, in one store: [`Store`], over `sqlx::Any`, so the SQLite default
//! and PostgreSQL (for a trust running many schools) run the same queries, give the same
//! behaviour and pass the same tests.
//!
//! Each domain is one file holding its row types, its queries (an `impl Store` block) and its row
//! mapping:
//!
//! | file | what it keeps (tables) |
//! |---|---|
//! | [`reports`] | a pupil's report from a tablet and a parent's concern (`reports`), triage and chronology (`report_events`), retention's purge; [`reports::group_commit`] writes tablets' reports many requests to a commit ; [`reports::child_answers`] an anonymous child's picture code (kept as a keyed hash), the DSL's answers and a second DSL's checks of them (`answer_codes`, `child_answers`, `child_answer_checks`); [`reports::child_replies`] the child's replies to them (`child_replies`) |
//! | [`concerns`] | concerns adults in school log (`reports` source `staff`, `report_pupils`) and the pupil picker |
//! | [`adult_concerns`] | concerns about adults in school, for the head or the chair of governors, and what they recorded (`adult_concerns`, `adult_concern_steps`) |
//! | [`devices`] | enrolled tablets (`devices`) and their enrolment codes (`enrolment_codes`) |
//! | [`filtering`] | filtering and monitoring: named roles, the change log, checks, yearly reviews (`filtering_roles`, `filter_changes`, `filter_change_steps`, `filter_checks`, `filter_reviews`) |
//! | [`lessons`] | lessons finished on tablets (`lesson_records`) and a class's coverage |
//! | [`class_checks`] | a class's "I can" answers at the end of a lesson (`class_checks`) |
//! | [`classes`] | classes, their teachers and the pupils on their lists (`classes`, `class_teachers`, `pupils`) |
//! | [`agreement_kinds`] | the school's list of agreement kinds, built-in and its own, with who signs each (`agreement_kinds`) |
//! | [`agreements`] | Acceptable Use versions, pupils' signatures, the register, staff agreements (`agreement_versions`, `pupil_signatures`, `staff_signatures`) |
//! | [`parents`] | parents' letter codes, the child a code is for, co-signatures online or from paper (`parent_codes`, `parent_signatures`) |
//! | [`parent_agreements`] | parents' signatures of the school's own agreements, one row per child (`parent_agreement_signatures`) |
//! | [`consents`] | the school's consent uses and each pupil's answers, online or from paper (`consent_uses`, `photo_consents`) |
//! | [`pupil_record`] | a pupil's safeguarding details (the `pupils` columns the kiosk never reads), finding a pupil by name, the children a record is about (`report_pupils`) |
//! | [`file_transfers`] | a child protection file sent to a leaver's new school, its receipt, a file received for a new pupil (`pupil_file_transfers`) |
//! | [`retention_review`] | closed records about children with their dates of birth and holds, for the 25th-birthday review (reads only) |
//! | [`chronology`] | one child's chronology: their linked records with actions, referrals and parents told, and their AUP, consent and lessons (reads only) |
//! | [`staff`] | staff accounts, sign-in lock-out, two-step (`staff`) |
//! | [`sessions`] | staff and parents' sign-in sessions (`staff_sessions`, `parent_sessions`) |
//! | [`audit`] | the audit log and its one writer, with who acted as an [`Actor`] (`audit_log`) |
//! | [`alerts`] | which urgent reports have been alerted (`reports.alerted_at_ms`) |
//! | [`notices`] | emails queued for DSLs when who can read reports changes (`dsl_notices`) |
//! | [`school_profile`] | the school's profile for tablets, trusted adults' photos, its settings, the answer settings among them (`school_profile`, `photos`, `school_settings`) |
//! | [`oversight`] | raw figures for the governors' report and the incident-log export (reads only) |
//! | [`training`] | the training register: adults without a sign-in, training done, documents to read and who confirmed them (`training_people`, `training_records`, `reading_documents`, `reading_confirmations`) |
//! | [`sign_in_provider`] | staff sign-in with the school's Microsoft or Google account: the provider the admin set up, and sign-ins under way (`sign_in_provider`, `sign_ins_under_way`) |
//! | [`school_posts`] | the school's own news and guides for parents (`school_posts`) |
//! | [`stored_files`] | files staff upload as evidence, one table a log (`filtering_files`, `training_files`), and pictures for parents' news (`school_post_pictures`) |
//! | [`surveys`] | surveys staff write, their answers (kept with nothing that says who gave them) and who has answered one answered once each (`surveys`, `survey_answers`, `survey_respondents`) |
//! | [`keys`] | the server's secret key (`server_key`) |
//! | [`limits`] | rate-limit buckets shared by server processes (`rate_limits`) |
//! | [`dialect`] | opening a database: what differs between SQLite and PostgreSQL |
//! | [`school_pool`] | a school's connections: on PostgreSQL the process's one shared pool ([`Databases`]), each statement put on the school's schema |
//! | [`migrations`] | bringing a database up to this server's schema, all pending migrations or none, and refusing one a newer Kite upgraded (`kite_upgrades`) |
//! | [`snapshot`] | a consistent copy of a live SQLite database (backups, and the copy before an upgrade) |
//!
//! There is no storage trait: the one implementation serves both engines, and tests run it on
//! both, so a second implementation would only be a second place to edit every query.

pub mod adult_concerns;
pub mod agreement_kinds;
pub mod agreements;
pub mod alerts;
pub mod audit;
pub mod chronology;
pub mod class_checks;
pub mod classes;
pub mod concerns;
pub mod consents;
pub mod devices;
mod dialect;
pub mod file_transfers;
pub mod filtering;
pub mod ingest_refs;
mod insert_new;
pub mod job_runs;
pub mod keys;
pub mod lessons;
pub mod limits;
pub mod migrations;
pub mod notices;
pub mod oversight;
pub mod parent_agreements;
pub mod parents;
pub mod policy;
pub mod pupil_record;
pub mod reports;
pub mod retention_review;
mod school_pool;
pub mod school_posts;
pub mod school_profile;
pub mod sessions;
pub mod sign_in_provider;
mod snapshot;
pub mod staff;
pub mod stored_files;
pub mod surveys;
pub mod term_dates;
pub mod training;
pub mod visitors;

use sqlx::any::AnyRow;
use sqlx::Row;

pub use agreements::{
    AgreementCorrectionRecord, AgreementVersionRecord, NewPupilSignature, RegisterData,
};
pub use audit::{Actor, AuditFilter, NewAudit, SystemTask};
pub use class_checks::{LatestCheckRow, NewClassCheck};
pub use classes::{ClassRecord, PupilRecord};
pub use devices::{Device, Redeemed};
pub use lessons::{LessonCoverageRow, LessonRecordRow, NewLessonRecord};
pub use limits::RateTake;
pub use oversight::{
    AupFigures, ExportChild, ExportParentsInformed, ExportReferral, ExportRow, ReportFacts,
};
pub use parents::{Child, ClassInfo, CodeLookup, StoredCoSignature};
pub use reports::{
    NewReport, NewReportEvent, ReportChange, ReportFilter, ReportSource, ReportSummary,
    StoredReport, PARENT_SOURCE_NAME,
};
pub(crate) use school_pool::SchoolPool;
pub use school_pool::{Databases, DEFAULT_POSTGRES_CONNECTIONS, DEFAULT_SQLITE_IDLE};
pub use school_profile::{AnswerSettings, SchoolProfile};
pub use sessions::{ParentSession, SessionRecord};
pub use staff::StaffRecord;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is not as expected: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Unsupported(String),
    /// The database has migrations this server doesn't carry: a newer Kite upgraded it.
    #[error("{0}")]
    NewerDatabase(String),
    /// A failure shared by every request in one group commit (see `reports::group_commit`).
    #[error("database: {0}")]
    Shared(String),
}

pub type Result<T> = std::result::Result<T, StorageError>;

/// One school's (or the trust's) database. Cheap to clone: clones share the pools and the
/// report writer.
#[derive(Clone)]
pub struct Store {
    /// The school's connections: its own SQLite file's, or the process's shared PostgreSQL
    /// pool put on the school's schema (see [`school_pool`]).
    pool: SchoolPool,
    /// For rate limits only (see [`dialect::Pools`]).
    relaxed: SchoolPool,
    reports: reports::group_commit::ReportWriter,
    tablet_writes: TabletWrites,
    /// A SQLite file (one writer at a time, backed up by [`Store::snapshot_to`]).
    sqlite: bool,
}

/// Tablets' writes (reports, lessons, signatures, last seen) take turns in this process.
/// SQLite has one writer at a time; when several connections want it at once, each waits in
/// SQLite's busy handler, which sleeps and polls and serves nobody in order, so on a slow disk a
/// school's tablets reconnecting together could leave one waiting past its busy timeout and
/// answer it a 500. Queued here instead, they are served first come, first served, and the busy
/// timeout only has to cover the rare staff write or command-line process. PostgreSQL locks rows,
/// not the database, so its writes don't queue.
#[derive(Clone, Default)]
pub(crate) struct TabletWrites(Option<std::sync::Arc<tokio::sync::Mutex<()>>>);

impl TabletWrites {
    fn for_sqlite(sqlite: bool) -> Self {
        Self(sqlite.then(Default::default))
    }

    /// Waits for this process's turn to write (at once on PostgreSQL).
    pub(crate) async fn turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match &self.0 {
            Some(lock) => Some(lock.lock().await),
            None => None,
        }
    }
}

impl Store {
    /// Opens (creating if need be) and migrates the database the URL names, with connections
    /// of its own (a command-line tool, a test): a server's schools use [`Store::open_in`].
    pub async fn open(url: &str) -> Result<Self> {
        Self::open_in(&Databases::default(), url).await
    }

    /// Opens (creating if need be) and migrates the database the URL names, on the process's
    /// shared connections.
    pub async fn open_in(databases: &Databases, url: &str) -> Result<Self> {
        let pools = dialect::open(databases, url).await?;
        let tablet_writes = TabletWrites::for_sqlite(pools.sqlite);
        let reports = reports::group_commit::ReportWriter::start(
            pools.durable.clone(),
            tablet_writes.clone(),
        );
        Ok(Self {
            pool: pools.durable,
            relaxed: pools.relaxed,
            reports,
            tablet_writes,
            sqlite: pools.sqlite,
        })
    }

    pub async fn health(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Sync requests waiting for the report writer's next commit.
    pub fn report_queue_depth(&self) -> usize {
        self.reports.queued()
    }

    /// This server's migrations the database lacks (see [`dialect::migrations_pending`]).
    pub async fn migrations_pending(&self) -> Result<usize> {
        dialect::migrations_pending(&self.pool, self.sqlite).await
    }
}

/// Opens the storage the URL names and brings its schema up to date.
///
/// - `sqlite://path/to/kite.db`: one school's file, created if missing (WAL, `synchronous=FULL`,
///   foreign keys on), with the rate-limit buckets in `kite.limits.db` beside it.
/// - `postgres://user@host/db`: PostgreSQL. Several server processes may share it. The URL may
///   carry `?options[search_path]=<schema>` to keep this store in its own schema of the database
///   (one per school, or per test); the schema is created if it doesn't exist, then migrated.
///   Schema names are letters, digits and `_` only.
pub async fn connect(database_url: &str) -> Result<Store> {
    Store::open(database_url).await
}

/// [`connect`], on the process's shared connections (every school of a server).
pub async fn connect_in(databases: &Databases, database_url: &str) -> Result<Store> {
    Store::open_in(databases, database_url).await
}

/// Brings the database the URL names up to the migrations in `dir` (all or none), as the
/// server does with its own at start. For trying an upgrade, and for the tests that check a
/// failing one changes nothing.
pub async fn migrate_with(
    database_url: &str,
    dir: &std::path::Path,
) -> Result<migrations::Upgrade> {
    let migrator = sqlx::migrate::Migrator::new(dir).await?;
    dialect::migrate_with(database_url, &migrator).await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// First time this id was seen.
    Stored,
    /// The id was already stored; nothing changed.
    Duplicate,
}

impl Written {
    /// From an `INSERT … ON CONFLICT (id) DO NOTHING`: one row means new, none means seen before.
    pub fn from_rows_inserted(rows: u64) -> Self {
        if rows == 1 {
            Written::Stored
        } else {
            Written::Duplicate
        }
    }
}

/// A yes/no column: SQLite stores it as an integer (which `Any` hands back as a number),
/// PostgreSQL as a boolean. Every flag is read through here.
fn flag(row: &AnyRow, column: &str) -> bool {
    match row.try_get::<bool, _>(column) {
        Ok(b) => b,
        Err(_) => row.get::<i64, _>(column) != 0,
    }
}
