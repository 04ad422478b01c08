//! Where the directory of schools is kept, read and written, by the CLI, the authority's API and
//! every running server alike:
//!
//! - **SQLite**: the TOML file (`config.schools_file()`), one server per data dir. A server
//!   notices a change by its modification time and size.
//! - **PostgreSQL**: two tables in the base schema (the one `DATABASE_URL` names; each school is
//!   a schema of its own beside it), made by a migrator of their own
//!   (`migrations/postgres_directory/`), not by the schools' migrations, since the base schema
//!   may also hold a one-school server's tables. Every change bumps `kite_directory_version`, so
//!   a server's poll is one small query. When the tables are empty and a schools file exists, the
//!   file is imported once (by the first server or CLI command to open them); after that the
//!   file is not read.

use std::path::PathBuf;
use std::time::UNIX_EPOCH;

use anyhow::Context;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::Row;

use super::directory::{Directory, SchoolEntry, TrustEntry, TRUST_SLUG};
use crate::config::Config;

/// The directory's own migrations, applied in order, each once, recorded in
/// `kite_directory_migrations` (never edit one that has shipped: add the next).
const MIGRATIONS: &[(i64, &str)] = &[(
    1,
    include_str!("../../migrations/postgres_directory/0001_directory.sql"),
)];

/// Serialises migrations and writes across every server and CLI on the database.
const LOCK_KEY: i64 = 0x006b_6974_6564_6972; // "kitedir"

pub enum DirectorySource {
    File(PathBuf),
    Postgres(PgDirectory),
}

impl DirectorySource {
    /// What a starting server reads: `None` when there is no directory, so the server serves
    /// one school (no file; on PostgreSQL, no directory tables and no file to import either:
    /// a one-school server's schema gets no tables of the directory).
    pub async fn for_serving(config: &Config) -> anyhow::Result<Option<Self>> {
        let file_exists = config.schools_file().exists();
        match postgres_url(config) {
            Some(url) if file_exists || PgDirectory::exists(url).await? => {
                Ok(Some(Self::open(config).await?))
            }
            Some(_) => Ok(None),
            None if file_exists => Ok(Some(Self::File(config.schools_file()))),
            None => Ok(None),
        }
    }

    /// The table on PostgreSQL (migrated, and the file imported into it if it is empty), the
    /// file otherwise.
    pub async fn open(config: &Config) -> anyhow::Result<Self> {
        match postgres_url(config) {
            Some(url) => {
                let db = PgDirectory::connect(url).await?;
                db.import_if_empty(&config.schools_file()).await?;
                Ok(Self::Postgres(db))
            }
            None => Ok(Self::File(config.schools_file())),
        }
    }

    /// Where it is kept, in words for the CLI's output.
    pub fn describe(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Postgres(_) => "the database's directory of schools".to_string(),
        }
    }

    /// The directory, or `None` when there is none (no file; an empty table).
    pub async fn load(&self) -> anyhow::Result<Option<Directory>> {
        match self {
            Self::File(path) => Directory::load(path),
            Self::Postgres(db) => {
                let mut conn = db.pool.acquire().await?;
                let directory = read_rows(&mut conn).await?;
                Ok((!directory.is_empty()).then_some(directory))
            }
        }
    }

    /// Something that changes whenever the directory does: what a server polls.
    pub async fn stamp(&self) -> anyhow::Result<String> {
        match self {
            Self::File(path) => match std::fs::metadata(path) {
                Ok(meta) => {
                    let modified = meta
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                        .map(|d| d.as_nanos())
                        .unwrap_or_default();
                    Ok(format!("{modified}:{}", meta.len()))
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok("none".into()),
                Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
            },
            Self::Postgres(db) => {
                let version: i64 =
                    sqlx::query_scalar("SELECT version FROM kite_directory_version WHERE id = 1")
                        .fetch_one(&db.pool)
                        .await?;
                Ok(version.to_string())
            }
        }
    }

    /// Reads the directory, lets `change` edit it, checks it and writes it back: the new
    /// directory. On PostgreSQL the whole step holds a lock, so two writers never lose each
    /// other's change.
    pub async fn change<T>(
        &self,
        change: impl FnOnce(&mut Directory) -> anyhow::Result<T>,
    ) -> anyhow::Result<(Directory, T)> {
        match self {
            Self::File(path) => {
                let mut directory = Directory::load(path)?.unwrap_or_default();
                let out = change(&mut directory)?;
                directory.save(path)?;
                Ok((directory, out))
            }
            Self::Postgres(db) => {
                let mut tx = db.pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(LOCK_KEY)
                    .execute(&mut *tx)
                    .await?;
                let before = read_rows(&mut tx).await?;
                let mut directory = before.clone();
                let out = change(&mut directory)?;
                directory.check()?;
                write_changes(&mut tx, &before, &directory).await?;
                tx.commit().await?;
                Ok((directory, out))
            }
        }
    }
}

pub struct PgDirectory {
    pool: PgPool,
}

fn postgres_url(config: &Config) -> Option<&str> {
    config
        .database_url
        .as_deref()
        .filter(|url| url.starts_with("postgres:") || url.starts_with("postgresql:"))
}

impl PgDirectory {
    /// Whether the directory's tables have been made in the base schema.
    async fn exists(url: &str) -> anyhow::Result<bool> {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(url)
            .await
            .context("connecting to the database")?;
        let exists: bool =
            sqlx::query_scalar("SELECT to_regclass('kite_directory_version') IS NOT NULL")
                .fetch_one(&mut conn)
                .await?;
        conn.close().await?;
        Ok(exists)
    }

    /// A pool of its own on the base schema (made if missing), migrated: one connection, since
    /// the poll is one small query every few seconds and a process's connections are counted
    /// (`--db-connections` for the schools, this one more).
    async fn connect(url: &str) -> anyhow::Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect(url)
            .await
            .context("connecting to the database for the directory of schools")?;
        let mut tx = pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(LOCK_KEY)
            .execute(&mut *tx)
            .await?;
        let schema: Option<String> = sqlx::query_scalar("SELECT current_schema()")
            .fetch_one(&mut *tx)
            .await?;
        if schema.is_none() {
            let path: String = sqlx::query_scalar("SELECT current_setting('search_path')")
                .fetch_one(&mut *tx)
                .await?;
            let first = path
                .split(',')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"');
            anyhow::ensure!(
                !first.is_empty() && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "the database's search_path names no schema to keep the directory of schools in"
            );
            sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS \"{first}\""))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS kite_directory_migrations (
                 version BIGINT PRIMARY KEY,
                 applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
             )",
        )
        .execute(&mut *tx)
        .await?;
        for (version, sql) in MIGRATIONS {
            let done: Option<i64> = sqlx::query_scalar(
                "SELECT version FROM kite_directory_migrations WHERE version = $1",
            )
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
            if done.is_none() {
                sqlx::raw_sql(sql).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO kite_directory_migrations (version) VALUES ($1)")
                    .bind(version)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(Self { pool })
    }

    /// The schools file, copied into empty tables (once: later the tables are not empty).
    async fn import_if_empty(&self, file: &std::path::Path) -> anyhow::Result<()> {
        let Some(from_file) = Directory::load(file)? else {
            return Ok(());
        };
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(LOCK_KEY)
            .execute(&mut *tx)
            .await?;
        let before = read_rows(&mut tx).await?;
        if before.is_empty() {
            write_changes(&mut tx, &before, &from_file).await?;
            tx.commit().await?;
            tracing::info!(file = %file.display(), "imported the schools file into the database; from now on the database's directory is the one read");
        }
        Ok(())
    }
}

async fn read_rows(conn: &mut sqlx::PgConnection) -> anyhow::Result<Directory> {
    let rows = sqlx::query(
        "SELECT slug, name, hosts, suspended FROM kite_directory_schools ORDER BY added_at, slug",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut directory = Directory::default();
    for row in rows {
        let slug: String = row.try_get("slug")?;
        let name: String = row.try_get("name")?;
        let hosts: Vec<String> = row.try_get("hosts")?;
        if slug == TRUST_SLUG {
            directory.trust = Some(TrustEntry { name, hosts });
        } else {
            directory.schools.push(SchoolEntry {
                slug,
                name,
                hosts,
                suspended: row.try_get("suspended")?,
            });
        }
    }
    Ok(directory)
}

/// Deletes the rows of entries gone, writes those new or changed, and bumps the version.
async fn write_changes(
    tx: &mut sqlx::PgConnection,
    before: &Directory,
    after: &Directory,
) -> anyhow::Result<()> {
    let rows = |d: &Directory| -> Vec<(String, String, Vec<String>, bool)> {
        let mut rows: Vec<_> = d
            .schools
            .iter()
            .map(|s| (s.slug.clone(), s.name.clone(), s.hosts.clone(), s.suspended))
            .collect();
        if let Some(t) = &d.trust {
            rows.push((
                TRUST_SLUG.to_string(),
                t.name.clone(),
                t.hosts.clone(),
                false,
            ));
        }
        rows
    };
    let (old, new) = (rows(before), rows(after));
    for (slug, ..) in old.iter().filter(|o| !new.iter().any(|n| n.0 == o.0)) {
        sqlx::query("DELETE FROM kite_directory_schools WHERE slug = $1")
            .bind(slug)
            .execute(&mut *tx)
            .await?;
    }
    for row in new.iter().filter(|n| !old.contains(n)) {
        // Hosts move between schools inside one write: the unique host rule is the directory's
        // own `check`, done before this.
        sqlx::query(
            "INSERT INTO kite_directory_schools (slug, name, hosts, suspended)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (slug) DO UPDATE
             SET name = EXCLUDED.name, hosts = EXCLUDED.hosts, suspended = EXCLUDED.suspended,
                 updated_at = now()",
        )
        .bind(&row.0)
        .bind(&row.1)
        .bind(&row.2)
        .bind(row.3)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE kite_directory_version SET version = version + 1 WHERE id = 1")
        .execute(&mut *tx)
        .await?;
    Ok(())
}
