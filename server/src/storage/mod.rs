//! Everything the server keeps, behind one trait, so the SQLite default and PostgreSQL (for a
//! trust running many schools) give the same behaviour and run the same tests.

mod sqlite;

use async_trait::async_trait;
use kite_protocol::device::TrustedAdult;
use uuid::Uuid;

pub use sqlite::SqliteStorage;

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

/// What the command line may print about reports: never their content.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportSummary {
    pub id: String,
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

#[async_trait]
pub trait Storage: Send + Sync {
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

    async fn school_profile(&self) -> Result<SchoolProfile>;
    async fn set_school_profile(&self, profile: &SchoolProfile) -> Result<()>;
}

/// Opens the storage the URL names and brings its schema up to date.
pub async fn connect(database_url: &str) -> Result<std::sync::Arc<dyn Storage>> {
    if database_url.starts_with("sqlite:") {
        Ok(std::sync::Arc::new(
            SqliteStorage::open(database_url).await?,
        ))
    } else if database_url.starts_with("postgres:") || database_url.starts_with("postgresql:") {
        Err(StorageError::Unsupported(
            "PostgreSQL is not supported by this version yet; use a sqlite:// URL or leave DATABASE_URL unset".into(),
        ))
    } else {
        Err(StorageError::Unsupported(format!(
            "DATABASE_URL must start with sqlite:// (got {:?})",
            database_url.split(':').next().unwrap_or("")
        )))
    }
}
