//! Everything the server keeps, behind one trait, so the SQLite default and PostgreSQL (for a
//! trust running many schools) give the same behaviour and run the same tests.

pub mod oversight;
pub mod parents;
pub mod pupils;
mod sql;

use async_trait::async_trait;
use kite_protocol::device::TrustedAdult;
use uuid::Uuid;

pub use oversight::OversightStore;
pub use parents::ParentStore;
pub use pupils::PupilStore;
pub use sql::SqlStorage;

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
    /// A failure shared by every request in one group commit (see `sql::group_commit`).
    #[error("database: {0}")]
    Shared(String),
}

pub type Result<T> = std::result::Result<T, StorageError>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: i64,
    pub name: String,
    pub created_at_ms: i64,
    pub last_seen_ms: Option<i64>,
    pub revoked_at_ms: Option<i64>,
}

/// A validated report ready to be written.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub id: Uuid,
    pub urgent: bool,
    pub what: String,
    /// The report's JSON as validated by the protocol crate.
    pub payload: String,
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

/// What the command line may print about reports: never their content.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportSummary {
    pub id: String,
    /// 0 for a parent's concern (it comes from no tablet).
    pub device_id: i64,
    pub received_at_ms: i64,
    pub urgent: bool,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolProfile {
    pub name: String,
    pub idle_timeout_secs: u32,
    pub trusted_adults: Vec<TrustedAdult>,
}

// --- lesson records ---

/// A validated lesson record ready to be written.
#[derive(Debug, Clone)]
pub struct NewLessonRecord {
    /// The tablet's idempotency key.
    pub id: Uuid,
    pub lesson_id: String,
    /// `eyfs`, `ks1` or `ks2`.
    pub band: String,
    /// Trimmed; `None` when the tablet had no class set.
    pub class_label: Option<String>,
    /// `pupil` or `teacher`.
    pub by: String,
    pub completed_at_ms: i64,
}

/// One stored lesson record, as the command line and tests see it. Holds no pupil data.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LessonRecordRow {
    pub id: String,
    pub device_id: i64,
    pub lesson_id: String,
    pub band: String,
    pub class_label: Option<String>,
    pub by: String,
    pub completed_at_ms: i64,
    pub received_at_ms: i64,
}

/// Per lesson, what was recorded for one class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonCoverageRow {
    pub lesson_id: String,
    pub band: String,
    pub times: u32,
    pub taught_by_teacher: bool,
    pub latest_ms: i64,
}

// --- end lesson records ---

// --- staff, sessions, audit --- (types)

/// A staff account as stored. The password hash never leaves the server.
#[derive(Debug, Clone)]
pub struct StaffRecord {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: kite_protocol::staff::Role,
    pub password_hash: String,
    pub failed_logins: i64,
    pub locked_until_ms: Option<i64>,
    pub disabled: bool,
    /// Two-step sign-in: the secret (pending until enabled), whether it is on, the last step used.
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub totp_last_step: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub staff: StaffRecord,
    pub csrf_token: String,
    pub created_at_ms: i64,
    pub last_seen_ms: i64,
}

/// One audit entry to append.
#[derive(Debug, Clone)]
pub struct NewAudit<'a> {
    pub at_ms: i64,
    pub staff_id: Option<i64>,
    pub staff_email: &'a str,
    pub action: &'a str,
    pub report_id: Option<&'a str>,
    pub detail: &'a str,
}

/// Inbox filters; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub status: Option<kite_protocol::staff::Status>,
    /// Show closed reports too when no status is asked for.
    pub include_closed: bool,
    pub urgent: Option<bool>,
    pub category: Option<kite_protocol::staff::Category>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

/// A stored report with its triage state, for the DSL's report page.
#[derive(Debug, Clone)]
pub struct StoredReport {
    pub row: kite_protocol::staff::ReportRow,
    pub outcome: Option<kite_protocol::staff::Outcome>,
    /// Whose words `payload` holds: a pupil's `Report` or a parent's `ParentConcern`.
    pub source: ReportSource,
    pub payload: String,
}

/// Where a report came from (`reports.source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportSource {
    /// A pupil, on a kiosk tablet.
    Pupil,
    /// A parent or carer, on the parents' page.
    Parent,
}

/// One chronology entry to append.
#[derive(Debug, Clone)]
pub struct NewReportEvent {
    pub at_ms: i64,
    pub staff_id: i64,
    pub staff_name: String,
    pub kind: String,
    pub action_type: Option<kite_protocol::staff::ActionType>,
    pub detail: String,
}

/// Changes to a report's triage state; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ReportChange {
    pub status: Option<kite_protocol::staff::Status>,
    pub category: Option<kite_protocol::staff::Category>,
    pub outcome: Option<kite_protocol::staff::Outcome>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redeemed {
    Enrolled(i64),
    Unknown,
    Used,
    Expired,
}

#[async_trait]
/// Everything a store keeps. Newer parts are their own traits ([`PupilStore`], [`ParentStore`],
/// [`OversightStore`]) so each reads on its own.
pub trait Storage: PupilStore + ParentStore + OversightStore + Send + Sync {
    async fn health(&self) -> Result<()>;

    async fn create_device(&self, name: &str, token_sha256: &[u8], now_ms: i64) -> Result<i64>;
    /// Enrolled and not revoked.
    async fn active_device_by_token(&self, token_sha256: &[u8]) -> Result<Option<Device>>;
    async fn list_devices(&self) -> Result<Vec<Device>>;
    /// True when a device was revoked by this call.
    async fn revoke_device(&self, id: i64, now_ms: i64) -> Result<bool>;
    async fn touch_device(&self, id: i64, now_ms: i64) -> Result<()>;

    /// Writes a batch of reports in one durable transaction and says, per report in order,
    /// whether it was new or already there. Returns only after the commit is on disk.
    async fn store_reports(
        &self,
        device_id: i64,
        received_at_ms: i64,
        reports: &[NewReport],
    ) -> Result<Vec<Written>>;
    async fn report_summaries(&self) -> Result<Vec<ReportSummary>>;

    // --- lesson records ---
    /// Writes lesson records in one durable transaction; per record in order, new or already
    /// there. Returns only after the commit is on disk.
    async fn store_lesson_records(
        &self,
        device_id: i64,
        received_at_ms: i64,
        records: &[NewLessonRecord],
    ) -> Result<Vec<Written>>;
    /// Every lesson record, newest first.
    async fn lesson_records(&self) -> Result<Vec<LessonRecordRow>>;
    /// What was recorded for one class (matched without regard to case), most recent first.
    async fn class_coverage(&self, class_label: &str) -> Result<Vec<LessonCoverageRow>>;
    // --- end lesson records ---

    async fn school_profile(&self) -> Result<SchoolProfile>;
    async fn set_school_profile(&self, profile: &SchoolProfile) -> Result<()>;

    // --- staff, sessions, audit ---
    /// `None` when the email is already taken.
    async fn create_staff(
        &self,
        email: &str,
        name: &str,
        role: kite_protocol::staff::Role,
        password_hash: &str,
        now_ms: i64,
    ) -> Result<Option<i64>>;
    async fn staff_by_email(&self, email: &str) -> Result<Option<StaffRecord>>;
    async fn staff_by_id(&self, id: i64) -> Result<Option<StaffRecord>>;
    async fn list_staff(&self) -> Result<Vec<StaffRecord>>;
    /// Counts a failed login; at `max_failures` locks the account until `now + lock_ms` and
    /// starts counting again. Returns the lock's end, if locked.
    async fn record_login_failure(
        &self,
        id: i64,
        now_ms: i64,
        max_failures: i64,
        lock_ms: i64,
    ) -> Result<Option<i64>>;
    async fn record_login_success(&self, id: i64) -> Result<()>;
    async fn set_password(&self, id: i64, password_hash: &str) -> Result<()>;
    /// Disabling also ends the account's sessions.
    async fn set_staff_disabled(&self, id: i64, disabled: bool, now_ms: i64) -> Result<bool>;

    async fn create_session(
        &self,
        id_sha256: &[u8],
        staff_id: i64,
        csrf_token: &str,
        now_ms: i64,
    ) -> Result<()>;
    /// The session and its (enabled) account.
    async fn session(&self, id_sha256: &[u8]) -> Result<Option<SessionRecord>>;
    async fn touch_session(&self, id_sha256: &[u8], now_ms: i64) -> Result<()>;
    async fn delete_session(&self, id_sha256: &[u8]) -> Result<()>;
    async fn delete_sessions_of(&self, staff_id: i64, except: Option<&[u8]>) -> Result<()>;
    /// Removes sessions idle since `idle_before_ms` or started before `started_before_ms`.
    async fn delete_expired_sessions(
        &self,
        idle_before_ms: i64,
        started_before_ms: i64,
    ) -> Result<u64>;

    /// Appends; there is deliberately no way to change or remove an entry.
    async fn append_audit(&self, entry: NewAudit<'_>) -> Result<()>;
    /// Newest first; `before_id` pages back.
    async fn list_audit(
        &self,
        limit: i64,
        before_id: Option<i64>,
    ) -> Result<Vec<kite_protocol::staff::AuditEntry>>;

    /// Urgent first, then newest.
    async fn list_reports(
        &self,
        filter: &ReportFilter,
    ) -> Result<Vec<kite_protocol::staff::ReportRow>>;
    /// (new, of which urgent)
    async fn count_new_reports(&self) -> Result<(i64, i64)>;
    async fn report(&self, id: &str) -> Result<Option<StoredReport>>;
    async fn report_events(&self, id: &str) -> Result<Vec<kite_protocol::staff::ReportEvent>>;
    /// Applies the change and appends the events in one transaction. False if no such report.
    async fn change_report(
        &self,
        id: &str,
        change: &ReportChange,
        events: &[NewReportEvent],
        now_ms: i64,
    ) -> Result<bool>;

    async fn create_enrolment_code(
        &self,
        code_sha256: &[u8],
        created_by: i64,
        now_ms: i64,
        expires_at_ms: i64,
    ) -> Result<()>;
    /// Checks the code and, if good, creates the device and spends the code in one transaction.
    async fn redeem_enrolment_code(
        &self,
        code_sha256: &[u8],
        device_name: &str,
        token_sha256: &[u8],
        now_ms: i64,
    ) -> Result<Redeemed>;
    /// Sets (pending, not yet on) or clears the two-step secret; either way two-step is off.
    async fn set_totp_secret(&self, id: i64, secret: Option<&str>) -> Result<()>;
    async fn enable_totp(&self, id: i64, now_ms: i64) -> Result<()>;
    /// Records the step a code was accepted for; false if that step (or a later one) was used.
    async fn use_totp_step(&self, id: i64, step: i64) -> Result<bool>;
    /// Marks every urgent report not yet alerted as alerted now, and returns their ids. Atomic, so
    /// two server processes never alert for the same report.
    async fn claim_urgent_alerts(&self, now_ms: i64) -> Result<Vec<String>>;
    /// Gives claimed alerts back (sending failed), to be tried again.
    async fn release_urgent_alerts(&self, ids: &[String]) -> Result<()>;
    /// Deletes closed reports last changed before `closed_before_ms`, with their chronology, and
    /// records each purge. Returns the ids purged.
    async fn purge_closed_reports(&self, closed_before_ms: i64, now_ms: i64)
        -> Result<Vec<String>>;
    /// Stores an uploaded photo (already checked) and returns its id.
    async fn add_photo(&self, content_type: &str, bytes: &[u8], now_ms: i64) -> Result<i64>;
    /// (content type, bytes)
    async fn photo(&self, id: i64) -> Result<Option<(String, Vec<u8>)>>;
    /// Local safeguarding contacts and the retention period in months.
    async fn school_settings(&self) -> Result<(Vec<kite_protocol::staff::LocalContact>, u32)>;
    /// Whether DSLs must use two-step sign-in to read reports.
    async fn require_dsl_two_step(&self) -> Result<bool>;
    async fn set_require_dsl_two_step(&self, required: bool) -> Result<()>;
    async fn set_school_settings(
        &self,
        contacts: &[kite_protocol::staff::LocalContact],
        retention_months: u32,
    ) -> Result<()>;

    // --- shared by every server process (issue 8) ---
    /// Takes one token from the bucket `key` (refilled at `rate_per_sec`, holding at most
    /// `burst`, full when first used) in one atomic statement, so processes sharing the database
    /// share one allowance. `None` when a token was taken, else how long until one is free.
    /// Not durable (see `sql::connect::Pools`): losing a bucket in a power cut harms nothing.
    async fn take_rate_token(
        &self,
        key: &str,
        rate_per_sec: f64,
        burst: f64,
        now_ms: i64,
    ) -> Result<Option<std::time::Duration>>;
    /// The server's secret key: the one already stored, else `candidate` (stored now, marked as
    /// `origin`: "imported" or "generated"). Two processes starting at once both get whichever
    /// was stored first.
    async fn server_secret_key(
        &self,
        candidate: &[u8],
        origin: &str,
        now_ms: i64,
    ) -> Result<Vec<u8>>;
}

/// Opens the storage the URL names and brings its schema up to date.
///
/// - `sqlite://path/to/kite.db`: one school's file, created if missing (WAL, `synchronous=FULL`,
///   foreign keys on), with the rate-limit buckets in `kite.limits.db` beside it.
/// - `postgres://user@host/db`: PostgreSQL. Several server processes may share it. The URL may
///   carry `?options[search_path]=<schema>` to keep this store in its own schema of the database
///   (one per school, or per test); the schema is created if it doesn't exist, then migrated.
///   Schema names are letters, digits and `_` only.
pub async fn connect(database_url: &str) -> Result<std::sync::Arc<dyn Storage>> {
    Ok(std::sync::Arc::new(SqlStorage::open(database_url).await?))
}
