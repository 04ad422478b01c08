//! Opening the database: SQLite (the default, one school's file) or PostgreSQL (a trust's shared
//! server, several Kite processes behind a load balancer). Both are driven through `sqlx::Any`,
//! so every query is written once; what really differs between them is here and in [`Dialect`].
//!
//! So that one query runs on both, queries use `$1, $2…` placeholders (both drivers bind them by
//! number), `lower()` instead of SQLite's `COLLATE NOCASE`, `ON CONFLICT` instead of
//! `INSERT OR …`, and read flags through [`super::flag`] (SQLite keeps them as integers,
//! PostgreSQL as booleans).

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{AnyPool, Connection, Executor};

use crate::storage::migrations::{self, BeforeUpgrade};
use crate::storage::school_pool::{Databases, SchoolPool};
use crate::storage::{Result, StorageError};

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    fn of(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Dialect::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Dialect::Postgres)
        } else {
            Err(StorageError::Unsupported(format!(
                "DATABASE_URL must start with sqlite:// or postgres:// (got {:?})",
                url.split(':').next().unwrap_or("")
            )))
        }
    }
}

/// The two pools a store uses.
pub(super) struct Pools {
    /// Everything that matters: a commit here is on disk before it returns.
    pub durable: SchoolPool,
    /// Rate-limit buckets only: state whose loss in a power cut harms nothing (a few requests
    /// more would be allowed). Its commits don't wait for the disk, so limiting a sync doesn't
    /// cost a second fsync beside the report's own. On SQLite it is a file of its own
    /// (`migrations/sqlite_limits/` says why); on PostgreSQL the same shared pool, whose
    /// [`SchoolPool::begin_relaxed`] turns `synchronous_commit` off for the transaction.
    pub relaxed: SchoolPool,
    /// The database is SQLite (one writer at a time).
    pub sqlite: bool,
}

/// The pools, migrated. See [`crate::storage::connect`] for what the URL may say. A PostgreSQL
/// school uses the process's shared pool in `databases`; a SQLite school opens its own file.
pub(super) async fn open(databases: &Databases, url: &str) -> Result<Pools> {
    sqlx::any::install_default_drivers();
    let dialect = Dialect::of(url)?;
    match dialect {
        Dialect::Sqlite => {
            let _opening = OpeningLock::take(url).await?;
            create_sqlite(url).await?;
            let idle = databases.sqlite_idle();
            // One writer at a time in SQLite anyway; a few readers beside it.
            let durable = SchoolPool::own(sqlite_pool(url, 4, idle, true).await?);
            migrate(url, dialect, &durable, &migrations::SQLITE).await?;
            let limits = limits_url(url)?;
            create_sqlite(&limits).await?;
            let relaxed = sqlite_pool(&limits, 1, idle, false).await?;
            sqlx::migrate!("./migrations/sqlite_limits")
                .run(&relaxed)
                .await?;
            Ok(Pools {
                durable,
                relaxed: SchoolPool::own(relaxed),
                sqlite: true,
            })
        }
        Dialect::Postgres => {
            let school = databases.postgres_school(url).await?;
            school.create_schema().await?;
            migrate(url, dialect, &school, &migrations::POSTGRES).await?;
            Ok(Pools {
                durable: school.clone(),
                relaxed: school,
                sqlite: false,
            })
        }
    }
}

/// Applies `migrator`'s pending migrations to the database `url` names (see [`migrations`]).
pub(super) async fn migrate_with(url: &str, migrator: &Migrator) -> Result<migrations::Upgrade> {
    sqlx::any::install_default_drivers();
    let dialect = Dialect::of(url)?;
    let databases = Databases::new(1, Duration::from_secs(1));
    let (durable, _opening) = match dialect {
        Dialect::Sqlite => {
            let opening = OpeningLock::take(url).await?;
            let pool = sqlite_pool(url, 1, databases.sqlite_idle(), true).await?;
            (SchoolPool::own(pool), Some(opening))
        }
        Dialect::Postgres => (databases.postgres_school(url).await?, None),
    };
    let upgrade = migrate(url, dialect, &durable, migrator).await;
    durable.close_own().await;
    databases.close().await;
    upgrade
}

async fn migrate(
    url: &str,
    dialect: Dialect,
    durable: &SchoolPool,
    migrator: &Migrator,
) -> Result<migrations::Upgrade> {
    match dialect {
        Dialect::Sqlite => {
            // Beside the database: `…/data/before-upgrade/`.
            let file = SqliteConnectOptions::from_str(url)?
                .get_filename()
                .to_path_buf();
            let dir = file
                .parent()
                .unwrap_or(std::path::Path::new("."))
                .join("before-upgrade");
            migrations::run(durable, migrator, BeforeUpgrade::CopyInto(&dir)).await
        }
        Dialect::Postgres => migrations::run(durable, migrator, BeforeUpgrade::Nothing).await,
    }
}

/// How many of this server's migrations the database has not applied (or applied and failed):
/// none once the server has started, unless someone rolled the database back underneath it.
/// Migrations from a newer server, unknown here, don't count: that server's own health says.
pub(super) async fn migrations_pending(pool: &SchoolPool, sqlite: bool) -> Result<usize> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(pool)
            .await?;
    let migrator = if sqlite {
        &migrations::SQLITE
    } else {
        &migrations::POSTGRES
    };
    Ok(migrator
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .filter(|m| !applied.contains(&m.version))
        .count())
}

/// Run on every new SQLite connection. FULL makes a commit survive a power cut, which is what
/// lets the server acknowledge a report as stored (NORMAL, in WAL mode, may lose the last commits
/// but never corrupts: the rate-limit file's); foreign keys are off in SQLite unless asked for;
/// the busy timeout lets a writer wait for another instead of failing; secure_delete overwrites
/// what is deleted with zeros, so a record retention removed is gone from the file, not just from
/// the tables. (PostgreSQL keeps its default, `synchronous_commit = on` or stronger if the DBA
/// set it; see `school_pool` for its connections.)
fn sqlite_settings(durable: bool) -> &'static str {
    if durable {
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;
         PRAGMA secure_delete = ON;"
    } else {
        "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;
         PRAGMA secure_delete = ON;"
    }
}

/// A SQLite file's pool. Its connections close once unused for `idle` (none kept open at
/// minimum), so a server of many schools holds no file open for a school nobody is using; the
/// next request opens one again.
async fn sqlite_pool(url: &str, max: u32, idle: Duration, durable: bool) -> Result<AnyPool> {
    let settings = sqlite_settings(durable);
    Ok(AnyPoolOptions::new()
        .max_connections(max)
        .min_connections(0)
        .idle_timeout(idle)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                conn.execute(settings).await?;
                Ok(())
            })
        })
        .acquire_timeout(Duration::from_secs(30))
        .connect(url)
        .await?)
}

/// `…/kite.db` → `…/kite.limits.db`: the rate-limit file beside a SQLite database.
fn limits_url(url: &str) -> Result<String> {
    let main = SqliteConnectOptions::from_str(url)?;
    let path = main.get_filename().with_extension("limits.db");
    Ok(format!("sqlite://{}", path.display()))
}

/// Creates the file and switches it to WAL once (WAL is a property of the file, kept across
/// connections): WAL lets the DSL read while tablets write. A new file is made readable by the
/// server's user only; SQLite gives its `-wal` and `-shm` files the same permissions.
async fn create_sqlite(url: &str) -> Result<()> {
    let options = SqliteConnectOptions::from_str(url)?;
    create_private_file(options.get_filename()).map_err(|e| {
        StorageError::Unsupported(format!(
            "creating {}: {e}",
            options.get_filename().display()
        ))
    })?;
    let create = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal);
    sqlx::SqliteConnection::connect_with(&create)
        .await?
        .close()
        .await?;
    Ok(())
}

/// Held while a process opens a SQLite database: creating it, switching it to WAL and migrating
/// it and its rate-limit file. Two servers started together on one data directory (a restart
/// overlapping the old process, the CLI beside the server) would otherwise race through those
/// steps, and SQLite refuses some of them outright rather than waiting ("database is locked"
/// when switching to WAL, "table already exists" from sqlx's runner on the limits file). The
/// second waits here, then finds the work done. An OS lock on a file of its own beside the
/// database (`kite.db.opening`), never on the database: closing any handle on a file drops the
/// POSIX locks SQLite holds on it. The OS releases it if the process dies; the file stays.
struct OpeningLock(std::fs::File);

impl OpeningLock {
    async fn take(url: &str) -> Result<Self> {
        let database = SqliteConnectOptions::from_str(url)?
            .get_filename()
            .to_path_buf();
        let path = database.with_extension(match database.extension() {
            Some(ext) => format!("{}.opening", ext.to_string_lossy()),
            None => "opening".to_owned(),
        });
        let taken = tokio::task::spawn_blocking(move || {
            create_private_file(&path)?;
            let file = std::fs::OpenOptions::new().write(true).open(&path)?;
            file.lock()?;
            Ok::<_, std::io::Error>(file)
        })
        .await
        .map_err(std::io::Error::other)
        .and_then(|taken| taken)
        .map_err(|e| StorageError::Unsupported(format!("locking the database to open it: {e}")))?;
        Ok(Self(taken))
    }
}

impl Drop for OpeningLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first says so.
        let _ = self.0.unlock();
    }
}

/// Makes an empty file readable and writable by this user only, unless it is already there (an
/// existing install's permissions are the operator's choice).
fn create_private_file(path: &std::path::Path) -> std::io::Result<()> {
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    match open.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_limits_file_sits_beside_the_sqlite_database() {
        assert_eq!(
            limits_url("sqlite:///srv/kite/data/kite.db").unwrap(),
            "sqlite:///srv/kite/data/kite.limits.db"
        );
    }
}
