//! A consistent copy of a live SQLite database, taken while tablets sync and staff work.
//!
//! The database is in WAL mode, so copying the file can catch it mid-write or miss the commits
//! still in `-wal`. `VACUUM INTO` writes a new, compacted database holding everything committed
//! when it started, in one read transaction: writers go on while it runs.

use std::path::Path;

use sqlx::AnyConnection;

use crate::storage::{Result, StorageError, Store};

/// Writes the database `conn` is on into `path`, which must not exist yet. The new file is made
/// readable by the server's user only, like the database.
pub(super) async fn vacuum_into(conn: &mut AnyConnection, path: &Path) -> Result<()> {
    sqlx::raw_sql(&vacuum_into_sql(path)?)
        .execute(&mut *conn)
        .await?;
    make_private(path)
}

/// `VACUUM INTO '<path>'`. A literal, not a bound parameter: the statement takes an expression,
/// and quoting it here works on every SQLite the driver may bundle.
fn vacuum_into_sql(path: &Path) -> Result<String> {
    let target = path.to_str().ok_or_else(|| {
        StorageError::Unsupported(format!("{} is not a UTF-8 path", path.display()))
    })?;
    Ok(format!("VACUUM INTO '{}'", target.replace('\'', "''")))
}

fn make_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
            StorageError::Unsupported(format!("making {} private: {e}", path.display()))
        })?;
    }
    Ok(())
}

impl Store {
    /// Whether this store is a SQLite file (or a PostgreSQL database).
    pub fn is_sqlite(&self) -> bool {
        self.sqlite
    }

    /// A consistent copy of this SQLite database, with the server's key in it, written to `path`
    /// (which must not exist). PostgreSQL is backed up with `pg_dump` instead (operating.md).
    pub async fn snapshot_to(&self, path: &Path) -> Result<()> {
        if !self.sqlite {
            return Err(StorageError::Unsupported(
                "this database is PostgreSQL: back it up with pg_dump (docs/operating.md, \"Backups\")"
                    .into(),
            ));
        }
        let sql = vacuum_into_sql(path)?;
        sqlx::raw_sql(&sql).execute(&self.pool).await?;
        make_private(path)
    }
}

impl Store {
    /// The newest migration applied to this database.
    pub async fn latest_migration(&self) -> Result<i64> {
        let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&self.pool)
            .await?;
        Ok(latest.unwrap_or(0))
    }
}
