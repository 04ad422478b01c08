//! One school's way into a pool of connections that, on PostgreSQL, every school of the process
//! shares.
//!
//! Each PostgreSQL school is a schema of one database. A pool per school would hold a thousand
//! schools' idle connections open and exhaust the server's `max_connections` long before that
//! (200 schools failed to start on a server allowing 400). Instead the process keeps one bounded
//! pool ([`Databases`]) and each school's [`SchoolPool`] puts a connection on its own schema
//! before every use:
//!
//! - a statement outside a transaction: `SET search_path TO "<schema>"` on the connection just
//!   taken from the pool, then the statement, on that same connection;
//! - a transaction: `BEGIN; SET LOCAL search_path TO "<schema>"` as ONE simple query (sqlx's
//!   PostgreSQL `begin_with` sends its statement as a simple query, which runs both), so no
//!   statement of the transaction can run before the schema is set, and the setting ends with
//!   the transaction.
//!
//! Every new connection starts on an empty search path (`after_connect`): a query that reached
//! the shared pool without going through here would fail ("relation does not exist") rather than
//! read whichever school used the connection last. The pool itself is private to this module.
//!
//! sqlx caches prepared statements per connection by their SQL text, so one school's statement
//! is reused for another's. That is safe: PostgreSQL re-parses a prepared statement when
//! `search_path` has changed since its last use (the PREPARE documentation: "if the value of
//! search_path changes from one use to the next, the statement will be re-parsed using the new
//! search_path", since 9.3), so it names the new school's tables. Every school's schema is made
//! by the same migrations, so the re-parsed statement's columns and types are the ones sqlx
//! cached.
//!
//! SQLite keeps a file, and a pool, per school: a [`SchoolPool`] there is just that pool. Its
//! connections close after [`Databases`]' idle time, so a server of many SQLite schools holds
//! no open files for the schools nobody is using.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use futures::stream::BoxStream;
use futures::TryStreamExt;
use sqlx::any::{AnyPoolOptions, AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Execute, Executor, Transaction};
use sqlx_core::describe::Describe;
use sqlx_core::Either;

use crate::storage::{Result, StorageError};

/// The connections a server process opens, shared by all its schools. Made once per process
/// (per `Application`, in tests) and handed to every school it opens: never a global, since a
/// sqlx pool belongs to the tokio runtime that made it. Cheap to clone.
#[derive(Clone)]
pub struct Databases(Arc<Shared>);

struct Shared {
    /// The most connections the process opens to one PostgreSQL server, for all its schools.
    postgres_connections: u32,
    /// How long a SQLite school's connection may sit unused before it is closed.
    sqlite_idle: Duration,
    /// The shared PostgreSQL pools, by the database's URL without its search path (one, in
    /// practice).
    postgres: tokio::sync::Mutex<HashMap<String, AnyPool>>,
}

/// Used when nothing says otherwise (`--db-connections`, `--sqlite-idle-secs`).
pub const DEFAULT_POSTGRES_CONNECTIONS: u32 = 20;
pub const DEFAULT_SQLITE_IDLE: Duration = Duration::from_secs(60);

impl Default for Databases {
    fn default() -> Self {
        Self::new(DEFAULT_POSTGRES_CONNECTIONS, DEFAULT_SQLITE_IDLE)
    }
}

impl Databases {
    pub fn new(postgres_connections: u32, sqlite_idle: Duration) -> Self {
        Self(Arc::new(Shared {
            postgres_connections: postgres_connections.max(1),
            sqlite_idle,
            postgres: Default::default(),
        }))
    }

    pub(super) fn sqlite_idle(&self) -> Duration {
        self.0.sqlite_idle
    }

    /// The process's pool on the PostgreSQL database `base_url` names (a URL without a search
    /// path), opened on first use.
    async fn postgres(&self, base_url: &str) -> Result<AnyPool> {
        let mut pools = self.0.postgres.lock().await;
        if let Some(pool) = pools.get(base_url) {
            return Ok(pool.clone());
        }
        let pool = AnyPoolOptions::new()
            .max_connections(self.0.postgres_connections)
            .min_connections(0)
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    // No school's schema until a SchoolPool sets one (see the module's notes).
                    conn.execute("SET search_path TO ''").await?;
                    Ok(())
                })
            })
            .acquire_timeout(Duration::from_secs(30))
            .connect(&named(base_url))
            .await?;
        pools.insert(base_url.to_string(), pool.clone());
        Ok(pool)
    }

    /// Closes the shared pools (the schools' own SQLite pools close with their stores).
    pub async fn close(&self) {
        for pool in self.0.postgres.lock().await.values() {
            pool.close().await;
        }
    }

    /// One school's way into the shared PostgreSQL pool: the database `url` names, on the
    /// schema(s) of its `options[search_path]` (none: the database's default search path).
    pub(super) async fn postgres_school(&self, url: &str) -> Result<SchoolPool> {
        let (base, schemas) = split_search_path(url)?;
        let pool = self.postgres(&base).await?;
        Ok(SchoolPool::on_schemas(pool, &schemas))
    }
}

/// A school's connections: the pool and, on PostgreSQL, the search path its statements run on.
/// Cheap to clone.
#[derive(Clone, Debug)]
pub struct SchoolPool {
    pool: AnyPool,
    path: Option<SearchPath>,
}

#[derive(Clone, Debug)]
struct SearchPath {
    /// The school's own schema (the first named), created if missing.
    schema: Option<Arc<str>>,
    /// Puts a connection on the school's schema for the session.
    set: Arc<str>,
    /// Opens a transaction on the school's schema.
    begin: Arc<str>,
    /// Opens a transaction on the school's schema whose commit doesn't wait for the disk.
    begin_relaxed: Arc<str>,
}

impl SearchPath {
    /// The statements for `schemas`; with none, the database's default search path.
    fn of(schemas: &[String]) -> Self {
        let (set, local) = if schemas.is_empty() {
            // RESET goes back to what the role or database sets (or PostgreSQL's default).
            ("RESET search_path".to_string(), "DEFAULT".to_string())
        } else {
            let quoted: Vec<String> = schemas.iter().map(|s| format!("\"{s}\"")).collect();
            let list = quoted.join(", ");
            (format!("SET search_path TO {list}"), list)
        };
        let begin = format!("BEGIN; SET LOCAL search_path TO {local}");
        let begin_relaxed = format!("{begin}; SET LOCAL synchronous_commit TO OFF");
        Self {
            schema: schemas.first().map(|s| s.as_str().into()),
            set: set.into(),
            begin: begin.into(),
            begin_relaxed: begin_relaxed.into(),
        }
    }
}

impl SchoolPool {
    /// A pool that is the school's alone (a SQLite file): used as it is.
    pub(super) fn own(pool: AnyPool) -> Self {
        Self { pool, path: None }
    }

    /// The shared pool, put on `schemas` (already checked to be plain names) before every use.
    fn on_schemas(pool: AnyPool, schemas: &[String]) -> Self {
        Self {
            pool,
            path: Some(SearchPath::of(schemas)),
        }
    }

    /// A transaction on the school's database that may write. On SQLite it takes the write lock
    /// as it begins (`BEGIN IMMEDIATE`), waiting for it like any write (`busy_timeout`): a
    /// deferred transaction that reads and then writes fails at once with "database is locked"
    /// when another connection wrote since its read began (SQLite can't wait its way out of
    /// that), so an admin adding pupils while a tablet's sync commits got an error.
    pub async fn begin(&self) -> sqlx::Result<Transaction<'static, Any>> {
        match &self.path {
            None => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Some(path) => {
                self.pool
                    .begin_with(Cow::Owned(path.begin.to_string()))
                    .await
            }
        }
    }

    /// A transaction that only reads (one snapshot of several lookups): on SQLite it waits for
    /// no writer, as reads never do there.
    pub async fn begin_read(&self) -> sqlx::Result<Transaction<'static, Any>> {
        match &self.path {
            None => self.pool.begin().await,
            Some(_) => self.begin().await,
        }
    }

    /// A transaction whose commit needn't survive a power cut (rate-limit buckets): on
    /// PostgreSQL `synchronous_commit` is off for it alone. (On SQLite the rate limits have a
    /// file and pool of their own, opened that way.) One setting inside the transaction rather
    /// than a second shared pool, so `--db-connections` is every connection the process opens.
    pub async fn begin_relaxed(&self) -> sqlx::Result<Transaction<'static, Any>> {
        match &self.path {
            None => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Some(path) => {
                self.pool
                    .begin_with(Cow::Owned(path.begin_relaxed.to_string()))
                    .await
            }
        }
    }

    /// A connection on the school's database, for work that needs one connection throughout
    /// (migrations and their lock).
    pub async fn acquire(&self) -> sqlx::Result<PoolConnection<Any>> {
        let mut conn = self.pool.acquire().await?;
        if let Some(path) = &self.path {
            (&mut *conn).execute(&*path.set).await?;
        }
        Ok(conn)
    }

    /// Makes the school's schema if it isn't there, or the migrations would have nowhere to go.
    /// Two processes starting at once may race here; the loser's "already exists" is as good as
    /// success.
    pub(super) async fn create_schema(&self) -> Result<()> {
        let Some(schema) = self.path.as_ref().and_then(|p| p.schema.clone()) else {
            return Ok(());
        };
        let mut conn = self.pool.acquire().await?;
        let create = format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\"");
        if let Err(e) = (&mut *conn).execute(create.as_str()).await {
            let raced = e
                .as_database_error()
                .and_then(|d| d.code())
                .is_some_and(|c| c == "23505" || c == "42P06");
            if !raced {
                return Err(e.into());
            }
        }
        Ok(())
    }

    /// Closes the pool when it is the school's alone; a shared pool stays open for the others.
    pub(super) async fn close_own(&self) {
        if self.path.is_none() {
            self.pool.close().await;
        }
    }
}

/// Like sqlx's own `Executor for &Pool`: take a connection, put it on the school's schema, run.
impl<'p> Executor<'p> for &'_ SchoolPool {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxStream<'e, sqlx::Result<Either<AnyQueryResult, AnyRow>>>
    where
        E: 'q + Execute<'q, Any>,
    {
        let school = self.clone();
        Box::pin(sqlx_core::ext::async_stream::TryAsyncStream::new(
            move |yielder| async move {
                let mut conn = school.acquire().await?;
                let mut answers = (&mut *conn).fetch_many(query);
                while let Some(answer) = answers.try_next().await? {
                    yielder.r#yield(answer).await;
                }
                Ok(())
            },
        ))
    }

    fn fetch_optional<'e, 'q: 'e, E>(self, query: E) -> BoxFuture<'e, sqlx::Result<Option<AnyRow>>>
    where
        E: 'q + Execute<'q, Any>,
    {
        let school = self.clone();
        Box::pin(async move { (&mut *school.acquire().await?).fetch_optional(query).await })
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, sqlx::Result<AnyStatement<'q>>> {
        let school = self.clone();
        Box::pin(async move {
            (&mut *school.acquire().await?)
                .prepare_with(sql, parameters)
                .await
        })
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, sqlx::Result<Describe<Any>>> {
        let school = self.clone();
        Box::pin(async move { (&mut *school.acquire().await?).describe(sql).await })
    }
}

/// `url` with `application_name=kite` unless it names one: the database administrator sees in
/// `pg_stat_activity` which connections are Kite's.
fn named(url: &str) -> String {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    if url::form_urlencoded::parse(query.as_bytes()).any(|(k, _)| k == "application_name") {
        return url.to_string();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}application_name=kite")
}

/// `url` without its `options[search_path]`, and the schemas that named (each letters, digits
/// and `_` only, since they go into statements).
fn split_search_path(url: &str) -> Result<(String, Vec<String>)> {
    let (before, query) = match url.split_once('?') {
        Some((before, query)) => (before, query),
        None => (url, ""),
    };
    let mut schemas = Vec::new();
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = url::form_urlencoded::parse(pair.as_bytes())
            .next()
            .unwrap_or_default();
        if key != "options[search_path]" {
            kept.push(pair);
            continue;
        }
        for name in value.split(',').map(str::trim) {
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(StorageError::Unsupported(format!(
                    "options[search_path] must name schemas of letters, digits and _ (got {name:?})"
                )));
            }
            schemas.push(name.to_string());
        }
    }
    let base = if kept.is_empty() {
        before.to_string()
    } else {
        format!("{before}?{}", kept.join("&"))
    };
    Ok((base, schemas))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_path_is_taken_out_of_the_url_and_checked() {
        let (base, schemas) =
            split_search_path("postgres://k@db/kite?sslmode=disable&options[search_path]=t_1_oak")
                .unwrap();
        assert_eq!(base, "postgres://k@db/kite?sslmode=disable");
        assert_eq!(schemas, ["t_1_oak"]);
        let (base, schemas) =
            split_search_path("postgres://db/kite?options%5Bsearch_path%5D=a_b%2Cpublic").unwrap();
        assert_eq!(base, "postgres://db/kite");
        assert_eq!(schemas, ["a_b", "public"]);
        let (base, schemas) = split_search_path("postgres://db/kite").unwrap();
        assert_eq!((base.as_str(), schemas.len()), ("postgres://db/kite", 0));
        assert!(split_search_path("postgres://h/k?options[search_path]=x%22;drop").is_err());
    }

    #[test]
    fn connections_are_named_kite_unless_the_url_names_them() {
        assert_eq!(
            named("postgres://db/k"),
            "postgres://db/k?application_name=kite"
        );
        assert_eq!(
            named("postgres://db/k?sslmode=disable"),
            "postgres://db/k?sslmode=disable&application_name=kite"
        );
        assert_eq!(
            named("postgres://db/k?application_name=web1"),
            "postgres://db/k?application_name=web1"
        );
    }

    #[test]
    fn every_transaction_opens_on_the_schools_schema() {
        let path = SearchPath::of(&["t_1_oak".into(), "public".into()]);
        assert_eq!(&*path.set, "SET search_path TO \"t_1_oak\", \"public\"");
        assert_eq!(
            &*path.begin,
            "BEGIN; SET LOCAL search_path TO \"t_1_oak\", \"public\""
        );
        assert!(path
            .begin_relaxed
            .ends_with("; SET LOCAL synchronous_commit TO OFF"));
        let default = SearchPath::of(&[]);
        assert_eq!(path.schema.as_deref(), Some("t_1_oak"));
        assert_eq!(&*default.set, "RESET search_path");
        assert_eq!(&*default.begin, "BEGIN; SET LOCAL search_path TO DEFAULT");
    }

    /// A transaction that reads and then writes, while another connection writes in between: on
    /// SQLite the second writer waits for the first transaction rather than the first failing
    /// with "database is locked" (as a deferred `BEGIN` did).
    #[tokio::test]
    async fn a_write_transaction_that_reads_first_is_never_refused_by_a_write_in_between() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("kite.db").display());
        let store = crate::storage::connect(&url).await.unwrap();
        let pool = store.pool.clone();
        sqlx::query("CREATE TABLE t (v INTEGER)")
            .execute(&pool)
            .await
            .unwrap();

        let mut first = pool.begin().await.unwrap();
        sqlx::query("SELECT count(*) FROM t")
            .fetch_one(&mut *first)
            .await
            .unwrap();
        let other = pool.clone();
        let in_between = tokio::spawn(async move {
            sqlx::query("INSERT INTO t (v) VALUES (2)")
                .execute(&other)
                .await
        });
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        sqlx::query("INSERT INTO t (v) VALUES (1)")
            .execute(&mut *first)
            .await
            .expect("the first transaction's write");
        first.commit().await.unwrap();
        in_between
            .await
            .unwrap()
            .expect("the other write, after the first transaction");
        let values: Vec<i64> = sqlx::query_scalar("SELECT v FROM t ORDER BY rowid")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert_eq!(values, [1, 2]);
    }
}
