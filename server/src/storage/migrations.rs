//! Bringing a database's schema up to this server's: every pending migration in ONE transaction.
//!
//! sqlx's own runner gives each migration a transaction of its own, so an upgrade carrying three
//! migrations whose third fails leaves the database two migrations on: newer than the old
//! server, older than the new one, and neither will start on it. Both SQLite and PostgreSQL
//! change their schema transactionally, so here the whole upgrade commits or none of it does,
//! with the same bookkeeping rows (`_sqlx_migrations`) sqlx writes, so either runner reads them.
//!
//! Before an upgrade (pending migrations on a database that already has some) a SQLite database
//! is copied beside itself, into `before-upgrade/` (see `docs/operating.md`, Upgrading). A
//! database with migrations this server doesn't know was upgraded by a newer Kite: the server
//! refuses to start on it, naming that version (table `kite_upgrades`), rather than run old code
//! on a schema it doesn't know.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sqlx::migrate::{Migrate, MigrateError, Migrator};
use sqlx::{AnyConnection, Connection, Row};

use crate::storage::SchoolPool;

use crate::storage::{Result, StorageError};

/// The migrations this server carries, for each database.
pub static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
pub static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// The migration that adds `kite_upgrades`: from it on, each upgrade says which Kite made it.
const UPGRADES_TABLE_FROM: i64 = 50;

/// This server's version, as `--version` and the upgrade history give it.
pub const KITE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The newest migration this server carries: its number and name (the same for both databases).
pub fn carried() -> (i64, String) {
    let latest = ups(&SQLITE).max_by_key(|m| m.version);
    (
        latest.map_or(0, |m| m.version),
        latest.map_or_else(String::new, |m| m.description.to_string()),
    )
}

/// How many migrations this server carries for SQLite and for PostgreSQL (PostgreSQL's history
/// starts later, so it has fewer files for the same schema).
pub fn counts() -> (usize, usize) {
    (ups(&SQLITE).count(), ups(&POSTGRES).count())
}

fn ups(migrator: &Migrator) -> impl Iterator<Item = &sqlx::migrate::Migration> {
    migrator
        .iter()
        .filter(|m| m.migration_type.is_up_migration())
}

/// What to do just before pending migrations change a database that already holds data.
pub(super) enum BeforeUpgrade<'a> {
    /// A consistent copy of the SQLite database into this directory.
    CopyInto(&'a Path),
    /// Nothing (PostgreSQL: its operator's `pg_dump`, and the one transaction, cover it).
    Nothing,
}

/// What an upgrade did.
#[derive(Debug, Default)]
pub struct Upgrade {
    pub applied: Vec<i64>,
    /// The copy taken before it, if one was.
    pub copy: Option<PathBuf>,
}

/// Applies `migrator`'s pending migrations to the database, all or none.
pub(super) async fn run(
    pool: &SchoolPool,
    migrator: &Migrator,
    before: BeforeUpgrade<'_>,
) -> Result<Upgrade> {
    let mut conn = pool.acquire().await?;
    // On PostgreSQL an advisory lock on the schema: two servers starting together take turns
    // on each school. On SQLite nothing (the write transaction below is the lock).
    let lock = match before {
        BeforeUpgrade::Nothing => Some(SchemaLock::take(&mut conn).await?),
        BeforeUpgrade::CopyInto(_) => None,
    };
    let result = run_locked(&mut conn, migrator, before).await;
    let unlocked = match lock {
        Some(lock) => lock.release(&mut conn).await,
        None => Ok(()),
    };
    let upgrade = result?;
    unlocked?;
    if !upgrade.applied.is_empty() {
        tracing::info!(
            migrations = upgrade.applied.len(),
            up_to = upgrade.applied.iter().max(),
            "the database was brought up to this version of Kite"
        );
    }
    Ok(upgrade)
}

/// PostgreSQL's advisory lock on one schema's migrations, held on the connection that runs them.
///
/// sqlx's own lock (`Migrate::lock`) is keyed on the DATABASE's name, so on a server of a
/// thousand schools (one schema each, one database) every school waited for the one before it:
/// a first start took minutes, and each wait was logged as a slow statement. Keyed on the
/// schema, schools migrate side by side and only two servers migrating the same school take
/// turns. Advisory locks are per database already, so the schema's name is all the key needs.
struct SchemaLock(i64);

/// How often a server waiting for another's migration of the same school asks again.
const LOCK_RETRY: std::time::Duration = std::time::Duration::from_millis(100);

impl SchemaLock {
    /// Waits for the lock on the schema the connection is on (the first of its search path).
    /// Tried and tried again rather than waited for in one `pg_advisory_lock`: a statement that
    /// long is logged as slow, once a school, and the log says once instead who it waits for.
    async fn take(conn: &mut AnyConnection) -> Result<Self> {
        let schema: Option<String> = sqlx::query_scalar("SELECT current_schema()::text")
            .fetch_one(&mut *conn)
            .await?;
        let schema = schema.unwrap_or_default();
        let key = schema_lock_key(&schema);
        let mut waited = false;
        loop {
            let taken: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                .bind(key)
                .fetch_one(&mut *conn)
                .await?;
            if taken {
                return Ok(Self(key));
            }
            if !waited {
                tracing::info!(
                    schema,
                    "another server is bringing this school's database up to date; waiting for it"
                );
                waited = true;
            }
            tokio::time::sleep(LOCK_RETRY).await;
        }
    }

    async fn release(self, conn: &mut AnyConnection) -> Result<()> {
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(self.0)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

/// The advisory lock's key for `schema`'s migrations: a hash that every server computes alike,
/// whatever its build (64-bit FNV-1a, not Rust's `Hasher`, whose output may change between
/// releases), prefixed so it can't meet another use of advisory locks on the database. Public
/// for the operator's question "who holds it?" (`pg_locks.objid`) and for the tests.
pub fn schema_lock_key(schema: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in "kite migrations ".bytes().chain(schema.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    // The same 64 bits, read as PostgreSQL's bigint.
    hash as i64
}

async fn run_locked(
    conn: &mut AnyConnection,
    migrator: &Migrator,
    before: BeforeUpgrade<'_>,
) -> Result<Upgrade> {
    conn.ensure_migrations_table().await?;
    if let Some(version) = conn.dirty_version().await? {
        return Err(MigrateError::Dirty(version).into());
    }
    let applied: HashMap<i64, Vec<u8>> = conn
        .list_applied_migrations()
        .await?
        .into_iter()
        .map(|m| (m.version, m.checksum.into_owned()))
        .collect();
    let known: Vec<_> = migrator
        .iter()
        .filter(|m| m.migration_type.is_up_migration())
        .collect();

    let newest_known = known.iter().map(|m| m.version).max().unwrap_or(0);
    if let Some(&newer) = applied.keys().filter(|v| **v > newest_known).max() {
        return Err(StorageError::NewerDatabase(
            newer_database_message(conn, newer, newest_known).await,
        ));
    }
    for m in &known {
        if applied
            .get(&m.version)
            .is_some_and(|c| c[..] != m.checksum[..])
        {
            return Err(MigrateError::VersionMismatch(m.version).into());
        }
    }
    // An applied migration this server never had, older than its newest: not ours to run on.
    if let Some(&stray) = applied
        .keys()
        .find(|v| !known.iter().any(|m| m.version == **v))
    {
        return Err(MigrateError::VersionMissing(stray).into());
    }
    let pending: Vec<_> = known
        .into_iter()
        .filter(|m| !applied.contains_key(&m.version))
        .collect();
    if pending.is_empty() {
        return Ok(Upgrade::default());
    }

    let mut upgrade = Upgrade::default();
    // A new database has nothing to lose; an existing one is copied before it changes.
    if let (BeforeUpgrade::CopyInto(dir), Some(&from)) = (&before, applied.keys().max()) {
        upgrade.copy = Some(copy_before_upgrade(conn, dir, from).await?);
    }

    // On SQLite the write lock is taken first (`IMMEDIATE`), and what is applied read again
    // under it: a second server starting on the same file waits here, then finds the work done,
    // rather than running the same migrations again. (PostgreSQL's advisory lock, taken above,
    // already makes servers take turns.)
    let sqlite = matches!(before, BeforeUpgrade::CopyInto(_));
    let mut tx = if sqlite {
        conn.begin_with("BEGIN IMMEDIATE").await?
    } else {
        conn.begin().await?
    };
    let applied_now: Vec<i64> = tx
        .list_applied_migrations()
        .await?
        .into_iter()
        .map(|m| m.version)
        .collect();
    let pending: Vec<_> = pending
        .into_iter()
        .filter(|m| !applied_now.contains(&m.version))
        .collect();
    for m in &pending {
        sqlx::raw_sql(&m.sql)
            .execute(&mut *tx)
            .await
            .map_err(|e| MigrateError::ExecuteMigration(e, m.version))?;
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES ($1, $2, TRUE, $3, -1)",
        )
        .bind(m.version)
        .bind(m.description.to_string())
        .bind(m.checksum.to_vec())
        .execute(&mut *tx)
        .await?;
        upgrade.applied.push(m.version);
    }
    let reached = pending.iter().map(|m| m.version).max().unwrap_or(0);
    if !pending.is_empty() && reached >= UPGRADES_TABLE_FROM {
        sqlx::query(
            "INSERT INTO kite_upgrades (kite_version, migration, at_ms) VALUES ($1, $2, $3)",
        )
        .bind(KITE_VERSION)
        .bind(reached)
        .bind(crate::clock::now_ms())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(upgrade)
}

/// "This database was upgraded by Kite 1.4.0 …", from the upgrade history when it has one.
async fn newer_database_message(conn: &mut AnyConnection, newer: i64, known: i64) -> String {
    let by = sqlx::query(
        "SELECT kite_version FROM kite_upgrades WHERE migration >= $1 ORDER BY id LIMIT 1",
    )
    .bind(newer)
    .fetch_optional(&mut *conn)
    .await
    .ok()
    .flatten()
    .and_then(|row| row.try_get::<String, _>(0).ok());
    let by = match by {
        Some(v) => format!("Kite {v}"),
        None => "a newer Kite".to_string(),
    };
    format!(
        "this database was upgraded by {by} (it has migration {newer:04}); this kite-server is \
         Kite {KITE_VERSION} and knows migrations up to {known:04}, so it won't run on it. Start \
         {by} or newer, or restore the backup taken before the upgrade (docs/operating.md, \
         \"Backups\")"
    )
}

/// A consistent copy of the SQLite database into `dir` (created private), named for the
/// migration it was at: `kite-before-upgrade-0049-<ms>.db`.
async fn copy_before_upgrade(conn: &mut AnyConnection, dir: &Path, from: i64) -> Result<PathBuf> {
    crate::state::private_dir(dir)
        .map_err(|e| StorageError::Unsupported(format!("creating {}: {e}", dir.display())))?;
    let path = dir.join(format!(
        "kite-before-upgrade-{from:04}-{}.db",
        crate::clock::now_ms()
    ));
    super::snapshot::vacuum_into(conn, &path).await?;
    tracing::info!(copy = %path.display(), "copied the database before upgrading it");
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_schema_has_a_lock_key_of_its_own_the_same_in_every_build() {
        // Fixed values: a server built later must wait on the same key as one running now.
        assert_eq!(schema_lock_key("t_1_oak"), schema_lock_key("t_1_oak"));
        assert_ne!(schema_lock_key("t_1_oak"), schema_lock_key("t_2_elm"));
        assert_eq!(schema_lock_key(""), 7_833_239_838_395_725_769);
    }

    #[test]
    fn both_databases_end_at_the_same_migration() {
        let latest = |m: &Migrator| ups(m).map(|m| m.version).max();
        assert_eq!(latest(&SQLITE), latest(&POSTGRES));
        assert_eq!(carried().0, latest(&SQLITE).unwrap());
    }
}
