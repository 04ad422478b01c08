//! Backups that restore, and upgrades that can't half-happen: `kite-server backup` of a school
//! while its tablets sync, `restore` onto a new machine, the daily backup, and migrations that
//! apply all together or not at all.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kite_protocol::report::WhatHappened;
use kite_protocol::sync::{AckStatus, SyncBatch, SyncItem, SyncResponse};
use kite_server::config::Config;
use kite_server::startup::Application;
use kite_server::storage::{self, StorageError};
use sqlx::Connection;

use crate::helpers::{report, stored_ids_in, TestDatabase, TestServer};

const PASSPHRASE: &str = "otters wear purple wellies";

/// The real binary, with a clean environment plus `env`, as an IT technician would run it.
fn kite(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kite-server"))
        .args(args)
        .env_clear()
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("kite-server runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Six tablets syncing reports (on the test tablet's token) until stopped, and the ids the
/// server acknowledged.
struct SyncingTablets {
    acked: Arc<Mutex<Vec<String>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl SyncingTablets {
    /// Started, and some reports in (before a backup starts).
    async fn start(s: &TestServer) -> Self {
        let acked = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let tasks = (0..6)
            .map(|_| {
                tokio::spawn(keep_syncing(
                    s.client.clone(),
                    s.url.clone(),
                    s.token.clone(),
                    s.public_key.clone(),
                    acked.clone(),
                    stop.clone(),
                ))
            })
            .collect();
        let tablets = Self { acked, stop, tasks };
        while tablets.acked().len() < 60 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        tablets
    }

    fn acked(&self) -> BTreeSet<String> {
        self.acked.lock().unwrap().iter().cloned().collect()
    }

    /// Stops them; every id acknowledged by then.
    async fn stop(self) -> BTreeSet<String> {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for t in self.tasks {
            t.await.unwrap();
        }
        let acked = self.acked.lock().unwrap().iter().cloned().collect();
        acked
    }
}

/// Posts batches of three reports from one tablet until `stop`, noting each acknowledged id.
async fn keep_syncing(
    client: reqwest::Client,
    url: String,
    token: String,
    key: kite_protocol::sealed::PublicKey,
    acked: Arc<Mutex<Vec<String>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
) {
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        let items: Vec<SyncItem> = (0..3)
            .map(|_| crate::helpers::sealed_item(&key, &report(WhatHappened::SomeoneWasUnkind)))
            .collect();
        let response = client
            .post(format!("{url}/api/v1/sync"))
            .bearer_auth(&token)
            .json(&SyncBatch::new(items))
            .send()
            .await
            .unwrap();
        // Six tablets on one token reach the per-tablet rate limit on a slow machine; a tablet
        // told to slow down keeps its items and tries again, as the app's outbox does.
        if response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            continue;
        }
        assert_eq!(response.status(), 200);
        let acks: SyncResponse = response.json().await.unwrap();
        let mut acked = acked.lock().unwrap();
        for ack in acks.acks {
            assert_eq!(ack.status, AckStatus::Stored);
            acked.push(ack.id.to_string());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_school_backed_up_while_tablets_sync_restores_on_a_new_machine_with_every_acknowledged_report(
) {
    let s = TestServer::spawn().await;
    let env = [("KITE_BACKUP_PASSPHRASE", PASSPHRASE)];
    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("kite-backup.age");
    let data = path(s.data_dir.path()).to_string();

    if s.is_postgres() {
        // PostgreSQL is backed up with pg_dump (docs/operating.md): the command says so.
        let url = s.database_url();
        let out = kite(
            &["--data-dir", &data, "backup", path(&file)],
            &[env[0], ("DATABASE_URL", &url)],
        );
        assert!(!out.status.success());
        assert!(text(&out).contains("pg_dump"), "{}", text(&out));
        assert!(!file.exists());
        return;
    }

    // A report sealed now and still queued on a tablet when the server's machine is lost.
    let queued = s.item(&report(WhatHappened::WantsToMeetMe));

    let tablets = SyncingTablets::start(&s).await;
    let acked_before = tablets.acked();
    let (args_data, args_file) = (data.clone(), path(&file).to_string());
    let backup = tokio::task::spawn_blocking(move || {
        kite(&["--data-dir", &args_data, "backup", &args_file], &env)
    })
    .await
    .unwrap();
    let acked_during = tablets.acked().len() - acked_before.len();
    let acked_by_end = tablets.stop().await;
    assert!(backup.status.success(), "{}", text(&backup));
    assert!(text(&backup).contains("Backed up to"), "{}", text(&backup));
    assert!(
        acked_during > 0,
        "the tablets went on syncing while the backup ran"
    );
    // The file is encrypted: nothing of the database is readable in it.
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1"));
    assert!(!bytes.windows(15).any(|w| w == b"SQLite format 3"));
    assert!(!bytes.windows(11).any(|w| w == b"KITE BACKUP"));

    // A new machine: an empty data dir.
    let fresh = tempfile::tempdir().unwrap();
    let new_data = fresh.path().join("data");
    let restore = kite(
        &["--data-dir", path(&new_data), "restore", path(&file)],
        &env,
    );
    assert!(restore.status.success(), "{}", text(&restore));
    assert!(
        text(&restore).contains("reports still queued on tablets will open"),
        "{}",
        text(&restore)
    );

    let mut config = Config::for_data_dir(new_data.clone(), new_data.join("no-dist"));
    config.port = 0;
    let app = Application::build(&config).await.unwrap();
    let restored = app.state.clone().expect("the school is open");
    assert_eq!(
        restored.secret_key.public_key(),
        s.state.secret_key.public_key()
    );
    let stored: BTreeSet<String> = stored_ids_in(&restored).await.into_iter().collect();
    let missing: Vec<_> = acked_before.difference(&stored).collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup, missing after restoring: {missing:?}"
    );
    assert!(
        stored.is_subset(&acked_by_end),
        "the backup holds only reports the school acknowledged"
    );

    // The tablet's queued item, sealed to the old machine's key, opens on the new one.
    let (tx, _serving) = serve_and_send_queued(&s, app, &queued).await;
    let report = restored
        .storage
        .report(&queued.id.to_string())
        .await
        .unwrap()
        .expect("the queued report is stored on the restored server");
    assert!(report.payload.contains("They keep messaging me"));
    let _ = tx.send(());
}

/// Serves the restored `app`, and the test tablet sends it the report it still had queued, sealed
/// to the old server's key: stored, since the key came back with the backup. Answers how to stop
/// the server, and its task.
async fn serve_and_send_queued(
    s: &TestServer,
    app: Application,
    queued: &SyncItem,
) -> (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<anyhow::Result<()>>,
) {
    let url = format!("http://127.0.0.1:{}", app.port());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    let acks: SyncResponse = s
        .client
        .post(format!("{url}/api/v1/sync"))
        .bearer_auth(&s.token)
        .json(&SyncBatch::new(vec![queued.clone()]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(acks.acks[0].status, AckStatus::Stored, "{acks:?}");
    (tx, serving)
}

/// A PostgreSQL program (pg_dump, pg_restore, createdb, dropdb) run as an IT technician would.
fn pg(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (the postgresql-client package): {e}"))
}

/// The commands docs/operating.md ("Backups", "PostgreSQL") gives: `pg_dump` of the school's
/// schema while its tablets sync, `createdb` and `pg_restore` into a fresh database, and a server
/// pointed at it has every report the school acknowledged before the dump, and the school's key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgresql_school_dumped_while_tablets_sync_restores_into_a_new_database_with_every_acknowledged_report(
) {
    if !crate::helpers::on_postgres() {
        return; // SQLite's backup is `kite-server backup`, tested above
    }
    let s = TestServer::spawn().await;
    let base = std::env::var("KITE_TEST_DATABASE_URL").unwrap();
    // The test's school lives in a schema of its own, as each school of a trust does
    // (`school_<slug>`): the documented per-school dump.
    let url = s.database_url();
    let schema = url
        .rsplit_once("options[search_path]=")
        .map(|(_, schema)| schema.to_string())
        .expect("the test database names its schema");
    let queued = s.item(&report(WhatHappened::WantsToMeetMe));

    let tablets = SyncingTablets::start(&s).await;
    let acked_before = tablets.acked();
    let out_dir = tempfile::tempdir().unwrap();
    let dump = out_dir.path().join("kite.dump");
    let (args_dump, args_schema, args_base) =
        (path(&dump).to_string(), schema.clone(), base.clone());
    let dumped = tokio::task::spawn_blocking(move || {
        pg(
            "pg_dump",
            &[
                "--format=custom",
                &format!("--schema={args_schema}"),
                &format!("--file={args_dump}"),
                &args_base,
            ],
        )
    })
    .await
    .unwrap();
    let acked_during = tablets.acked().len() - acked_before.len();
    let acked_by_end = tablets.stop().await;
    assert!(dumped.status.success(), "{}", text(&dumped));
    assert!(
        acked_during > 0,
        "the tablets went on syncing while pg_dump ran"
    );

    // A new database, as on a new database server.
    let name = format!("kite_restored_{}", uuid::Uuid::new_v4().simple());
    let maintenance = format!("--maintenance-db={base}");
    let created = pg("createdb", &[&maintenance, &name]);
    assert!(created.status.success(), "{}", text(&created));
    let restored_url = format!("{}/{name}", base.rsplit_once('/').unwrap().0);
    let restored = pg(
        "pg_restore",
        &[
            &format!("--dbname={restored_url}"),
            "--no-owner",
            path(&dump),
        ],
    );
    assert!(restored.status.success(), "{}", text(&restored));

    let fresh = tempfile::tempdir().unwrap();
    let mut config = Config::for_data_dir(fresh.path().join("data"), fresh.path().join("no-dist"));
    config.database_url = Some(format!("{restored_url}?options[search_path]={schema}"));
    config.port = 0;
    let app = Application::build(&config).await.unwrap();
    let state = app.state.clone().expect("the school is open");
    assert_eq!(
        state.secret_key.public_key(),
        s.state.secret_key.public_key()
    );
    let stored: BTreeSet<String> = stored_ids_in(&state).await.into_iter().collect();
    let missing: Vec<_> = acked_before.difference(&stored).collect();
    assert!(
        missing.is_empty(),
        "acknowledged before pg_dump, missing after pg_restore: {missing:?}"
    );
    assert!(stored.is_subset(&acked_by_end));

    // The tablet's queued report, sealed to the old server's key, opens on the restored one; and
    // the records stay unchangeable there (pg_restore brought the triggers back).
    let (tx, serving) = serve_and_send_queued(&s, app, &queued).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(config.database_url.as_deref().unwrap())
        .await
        .unwrap();
    let rewrite = sqlx::query("TRUNCATE audit_log").execute(&pool).await;
    assert!(
        rewrite.is_err(),
        "the audit log is append-only after a restore"
    );
    pool.close().await;

    let _ = tx.send(());
    let _ = serving.await;
    // --force: the restored server's pool may still hold connections.
    let dropped = pg("dropdb", &[&maintenance, "--force", &name]);
    assert!(dropped.status.success(), "{}", text(&dropped));
}

#[tokio::test]
async fn a_wrong_passphrase_or_a_data_dir_in_use_restores_nothing() {
    if crate::helpers::on_postgres() {
        return; // the backup file is SQLite's; PostgreSQL's refusal is checked above
    }
    let s = TestServer::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.age");
    let data = path(s.data_dir.path()).to_string();
    let env = [("KITE_BACKUP_PASSPHRASE", PASSPHRASE)];
    assert!(kite(&["--data-dir", &data, "backup", path(&file)], &env)
        .status
        .success());

    // Never over another backup.
    let again = kite(&["--data-dir", &data, "backup", path(&file)], &env);
    assert!(!again.status.success());
    assert!(
        text(&again).contains("never written over"),
        "{}",
        text(&again)
    );

    let new_data = dir.path().join("new");
    let wrong = kite(
        &["--data-dir", path(&new_data), "restore", path(&file)],
        &[("KITE_BACKUP_PASSPHRASE", "otters wear green wellies")],
    );
    assert!(!wrong.status.success());
    assert!(
        text(&wrong).contains("wrong passphrase"),
        "{}",
        text(&wrong)
    );
    assert!(!new_data.exists(), "nothing was written");

    // Too short to be a passphrase at all.
    let short = kite(
        &["--data-dir", path(&new_data), "restore", path(&file)],
        &[("KITE_BACKUP_PASSPHRASE", "otters")],
    );
    assert!(
        text(&short).contains("at least 12 characters"),
        "{}",
        text(&short)
    );

    // The live server's data dir is not empty: refused without --force, whatever the passphrase.
    let over = kite(&["--data-dir", &data, "restore", path(&file)], &env);
    assert!(!over.status.success());
    assert!(text(&over).contains("is not empty"), "{}", text(&over));
    assert!(text(&over).contains("kite.db"), "{}", text(&over));

    // With --force (the server stopped), the old database is moved aside, not deleted.
    let other = tempfile::tempdir().unwrap();
    let other_data = other.path().join("data");
    assert!(kite(
        &["--data-dir", path(&other_data), "restore", path(&file)],
        &env
    )
    .status
    .success());
    let forced = kite(
        &[
            "--data-dir",
            path(&other_data),
            "restore",
            "--force",
            path(&file),
        ],
        &env,
    );
    assert!(forced.status.success(), "{}", text(&forced));
    let aside: Vec<PathBuf> = std::fs::read_dir(&other_data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| path(p).contains("before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert!(aside[0].join("kite.db").exists());
}

#[tokio::test]
async fn the_daily_backup_keeps_the_newest_and_takes_one_a_day_from_its_hour() {
    if crate::helpers::on_postgres() {
        return; // pg_dump's (docs/operating.md)
    }
    let s = TestServer::spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("passphrase");
    std::fs::write(&secret, format!("{PASSPHRASE}\n")).unwrap();
    let mut config = s.config.clone();
    config.backup_dir = Some(dir.path().join("backups"));
    config.backup_keep = 2;
    config.backup_passphrase_file = Some(secret);
    let nightly = kite_server::backup::nightly::Nightly::from_config(&config)
        .unwrap()
        .unwrap();

    let day = 86_400_000;
    let three_am = 20_000 * day + 3 * 3_600_000;
    let scratch = s.data_dir.path();
    let mut taken = Vec::new();
    for d in 0..3 {
        let file = nightly
            .take_if_due(&s.state, None, scratch, three_am + d * day)
            .await
            .unwrap()
            .expect("due at 03:00 with none taken that day");
        taken.push(file);
    }
    // Once a day, and not before the hour (02:00 by default).
    assert!(nightly
        .take_if_due(&s.state, None, scratch, three_am + 2 * day + 3_600_000)
        .await
        .unwrap()
        .is_none());
    assert!(nightly
        .take_if_due(&s.state, None, scratch, three_am + 3 * day - 2 * 3_600_000)
        .await
        .unwrap()
        .is_none());

    let mut left: Vec<String> = std::fs::read_dir(config.backup_dir.as_ref().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["kite-2024-10-05.age", "kite-2024-10-06.age"]);
    assert!(!taken[0].exists());
    let opened = kite_server::backup::open(&taken[2], PASSPHRASE.to_string().into()).unwrap();
    assert_eq!(opened.manifest.migration, storage::migrations::carried().0);
    // No plaintext copy left behind in the data dir.
    assert!(!std::fs::read_dir(scratch).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with(".kite-backup")));

    // A backup directory without a passphrase stops the server at start, not at 2am.
    let mut none = s.config.clone();
    none.backup_dir = Some(dir.path().join("backups"));
    let err = kite_server::backup::nightly::Nightly::from_config(&none)
        .err()
        .expect("refused");
    assert!(err.to_string().contains("no passphrase"), "{err}");
}

// --- upgrades ---

/// This server's migrations for the test's database, copied into a directory with `extra`
/// (file name, SQL) after them: a newer Kite's, as far as the database can tell.
fn migrations_with(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let which = if crate::helpers::on_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    let ours = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(which);
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(ours).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    for (name, sql) in extra {
        std::fs::write(dir.path().join(name), sql).unwrap();
    }
    dir
}

/// The database's tables and the migrations it records, to compare before and after.
async fn schema_of(url: &str) -> (Vec<String>, Vec<i64>) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let tables_sql = if crate::helpers::on_postgres() {
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() ORDER BY 1"
    } else {
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') ORDER BY 1"
    };
    let tables: Vec<String> = sqlx::query_scalar(tables_sql)
        .fetch_all(&pool)
        .await
        .unwrap();
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&pool)
            .await
            .unwrap();
    pool.close().await;
    (tables, versions)
}

/// A school's database on this test's engine (a SQLite file in `dir`, or a fresh schema).
fn database_in(dir: &Path, db: &TestDatabase) -> String {
    db.url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.join("kite.db").display()))
}

#[tokio::test]
async fn an_upgrade_whose_last_migration_fails_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::new();
    let url = database_in(dir.path(), &db);
    let store = storage::connect(&url).await.unwrap();
    store.health().await.unwrap();
    let before = schema_of(&url).await;
    assert!(before.0.iter().any(|t| t == "kite_upgrades"));

    let newer = migrations_with(&[
        (
            "9001_good_step.sql",
            "CREATE TABLE upgrade_step_one (id INTEGER PRIMARY KEY);
             INSERT INTO upgrade_step_one (id) VALUES (1);",
        ),
        (
            "9002_bad_step.sql",
            "CREATE TABLE upgrade_step_two (id INTEGER PRIMARY KEY);
             INSERT INTO no_such_table (id) VALUES (1);",
        ),
    ]);
    let err = storage::migrate_with(&url, newer.path())
        .await
        .expect_err("the second step fails");
    assert!(err.to_string().contains("9002"), "{err}");
    assert_eq!(
        schema_of(&url).await,
        before,
        "neither step is left behind: the upgrade was one transaction"
    );
    // And the server still starts on it, at the version it was.
    storage::connect(&url).await.unwrap();

    if !db.is_postgres() {
        // The SQLite database was copied before the upgrade was tried.
        let copies: Vec<_> = std::fs::read_dir(dir.path().join("before-upgrade"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(copies.len(), 1, "{copies:?}");
        let latest = storage::migrations::carried().0;
        assert!(
            copies[0].starts_with(&format!("kite-before-upgrade-{latest:04}-")),
            "{copies:?}"
        );
    }
}

#[tokio::test]
async fn an_older_server_refuses_a_database_a_newer_kite_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::new();
    let url = database_in(dir.path(), &db);
    storage::connect(&url).await.unwrap();
    let newer = migrations_with(&[(
        "9001_newer_feature.sql",
        "CREATE TABLE newer_feature (id INTEGER PRIMARY KEY);",
    )]);
    let upgrade = storage::migrate_with(&url, newer.path()).await.unwrap();
    assert_eq!(upgrade.applied, vec![9001]);

    let err = match storage::connect(&url).await {
        Err(e) => e,
        Ok(_) => panic!("an older server started on a newer database"),
    };
    assert!(matches!(err, StorageError::NewerDatabase(_)), "{err:?}");
    let said = err.to_string();
    let version = storage::migrations::KITE_VERSION;
    assert!(
        said.contains(&format!(
            "this database was upgraded by Kite {version} (it has migration 9001)"
        )),
        "{said}"
    );
    assert!(said.contains("restore the backup"), "{said}");
    // Nothing was changed by the refusal.
    assert!(schema_of(&url).await.1.contains(&9001));
}

#[tokio::test]
async fn two_servers_starting_together_on_a_new_database_migrate_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::new();
    let url = database_in(dir.path(), &db);
    let (a, b) = tokio::join!(storage::connect(&url), storage::connect(&url));
    a.unwrap();
    b.unwrap();
    let (_, versions) = schema_of(&url).await;
    let (sqlite, postgres) = storage::migrations::counts();
    let carried = if db.is_postgres() { postgres } else { sqlite };
    assert_eq!(versions.len(), carried, "each migration recorded once");
}

/// On PostgreSQL every school is a schema of one database, and a server of many schools
/// migrates them side by side: one school held up (here by its lock, as another server migrating
/// it holds it) waits for that lock alone, and the other schools open meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgresql_a_schools_migrations_wait_only_for_that_schools_lock() {
    if !crate::helpers::on_postgres() {
        return; // a file per school: nothing shared to wait on
    }
    let (oak, elm) = (TestDatabase::new(), TestDatabase::new());
    let (oak_url, elm_url) = (oak.url.clone().unwrap(), elm.url.clone().unwrap());
    let oak_schema = oak_url
        .rsplit_once("options[search_path]=")
        .map(|(_, schema)| schema.to_string())
        .unwrap();
    let oak_lock = storage::migrations::schema_lock_key(&oak_schema);
    sqlx::any::install_default_drivers();
    let base = std::env::var("KITE_TEST_DATABASE_URL").unwrap();
    let mut other_server = sqlx::AnyConnection::connect(&base).await.unwrap();
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(oak_lock)
        .execute(&mut other_server)
        .await
        .unwrap();

    let opening_oak = storage::connect(&oak_url);
    tokio::pin!(opening_oak);
    tokio::select! {
        biased;
        _ = &mut opening_oak => panic!("oak opened while another server held its lock"),
        elm = tokio::time::timeout(Duration::from_secs(60), storage::connect(&elm_url)) => {
            elm.expect("elm opens while oak's lock is held").unwrap();
        }
    }
    let (_, postgres) = storage::migrations::counts();
    assert_eq!(schema_of(&elm_url).await.1.len(), postgres);
    assert!(
        tokio::time::timeout(Duration::from_millis(500), &mut opening_oak)
            .await
            .is_err(),
        "oak waits for its lock"
    );

    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(oak_lock)
        .execute(&mut other_server)
        .await
        .unwrap();
    tokio::time::timeout(Duration::from_secs(60), opening_oak)
        .await
        .expect("oak opens once its lock is free")
        .unwrap();
    assert_eq!(
        schema_of(oak.url.as_deref().unwrap()).await.1.len(),
        postgres,
        "each of oak's migrations recorded once"
    );
}

#[tokio::test]
async fn a_school_of_several_is_backed_up_and_restored_under_its_own_slug() {
    if crate::helpers::on_postgres() {
        return; // pg_dump's (docs/operating.md)
    }
    let dir = tempfile::tempdir().unwrap();
    let env = [("KITE_BACKUP_PASSPHRASE", PASSPHRASE)];
    let add_oak = |data: &Path| {
        let out = kite(
            &[
                "--data-dir",
                path(data),
                "school",
                "add",
                "oak",
                "--name",
                "Oak Primary",
                "--host",
                "oak.example",
            ],
            &env,
        );
        assert!(out.status.success(), "{}", text(&out));
    };
    let old = dir.path().join("old");
    add_oak(&old);
    let enrolled = kite(
        &[
            "--data-dir",
            path(&old),
            "device",
            "add",
            "Oak Year 2 tablet",
            "--school",
            "oak",
        ],
        &env,
    );
    assert!(enrolled.status.success(), "{}", text(&enrolled));
    let file = dir.path().join("oak.age");
    let without = kite(&["--data-dir", path(&old), "backup", path(&file)], &env);
    assert!(
        text(&without).contains("say which with --school"),
        "{}",
        text(&without)
    );
    let backup = kite(
        &[
            "--data-dir",
            path(&old),
            "backup",
            "--school",
            "oak",
            path(&file),
        ],
        &env,
    );
    assert!(backup.status.success(), "{}", text(&backup));

    // The new machine has the directory of schools first, then the school's backup.
    let new = dir.path().join("new");
    add_oak(&new);
    let restore = kite(
        &[
            "--data-dir",
            path(&new),
            "restore",
            "--school",
            "oak",
            path(&file),
        ],
        &env,
    );
    assert!(restore.status.success(), "{}", text(&restore));
    assert!(new.join("schools").join("oak.sqlite").exists());
    let listed = kite(
        &[
            "--data-dir",
            path(&new),
            "device",
            "list",
            "--school",
            "oak",
        ],
        &env,
    );
    assert!(
        text(&listed).contains("Oak Year 2 tablet"),
        "{}",
        text(&listed)
    );
    let again = kite(
        &[
            "--data-dir",
            path(&new),
            "restore",
            "--school",
            "oak",
            path(&file),
        ],
        &env,
    );
    assert!(!again.status.success());
    assert!(
        text(&again).contains("oak.sqlite is already there"),
        "{}",
        text(&again)
    );
}
