//! How a server's schools share its database connections. On PostgreSQL every school of a
//! process uses one bounded pool, each statement put on its school's schema: many schools'
//! requests at once, on a pool far smaller than the schools, each answer holds only its own
//! school's rows, and the process never opens more connections than `--db-connections`. On
//! SQLite each school keeps its own file, closed when nobody has used it for a while and opened
//! again by the next request.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use futures::future::join_all;
use kite_protocol::report::WhatHappened;
use kite_protocol::sealed::PublicKey;
use kite_protocol::staff::{ReportList, Role};
use kite_protocol::sync::{SyncBatch, SyncResponse};
use kite_server::auth::device_token::enrol;
use kite_server::schools::Directory;
use kite_server::state::AppState;
use uuid::Uuid;

use crate::helpers::{
    add_staff_in, config_for, device_public_key, on_postgres, report, sealed_item, session_in,
    Running, StaffClient, TestDatabase, TestServer,
};

/// A server with `schools` schools (`s0.test`, `s1.test`…) on `db_connections` connections, and
/// a client that reaches each school at its host.
struct ManySchools {
    port: u16,
    client: reqwest::Client,
    /// Each school's state, in the order of their hosts.
    schools: Vec<AppState>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    _data_dir: tempfile::TempDir,
}

fn host(i: usize) -> String {
    format!("s{i}.test")
}

impl ManySchools {
    async fn build(database: &TestDatabase, schools: usize, db_connections: u32) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let mut directory = Directory::default();
        for i in 0..schools {
            directory
                .put_school(&format!("s{i}"), &format!("School {i}"), &[host(i)])
                .unwrap();
        }
        directory
            .save(&data_dir.path().join("schools.toml"))
            .unwrap();
        let mut config = config_for(data_dir.path(), database);
        config.db_connections = db_connections;
        let app = Running::start(&config).await;
        let states = (0..schools)
            .map(|i| {
                // By slug: a directory in the database lists schools in its own order.
                let slug = format!("s{i}");
                let school = app.schools.iter().find(|s| s.slug == slug);
                school.expect("every school is open").state.clone()
            })
            .collect();
        let hosts: Vec<String> = (0..schools).map(host).collect();
        Self {
            port: app.port,
            client: app.client_for(hosts.iter().map(String::as_str)),
            schools: states,
            _shutdown: app.shutdown,
            _data_dir: data_dir,
        }
    }

    fn url(&self, i: usize) -> String {
        format!("http://{}:{}", host(i), self.port)
    }
}

/// One school's tablet and DSL, ready to sync and read.
struct School {
    url: String,
    token: String,
    key: PublicKey,
    dsl: StaffClient,
}

async fn seed(t: &ManySchools, i: usize) -> School {
    let state = &t.schools[i];
    let url = t.url(i);
    let (_, token) = enrol(&state.storage, "Tablet").await.unwrap();
    let key = device_public_key(&t.client, &url, &token).await;
    let dsl = add_staff_in(&state.storage, &format!("dsl@s{i}.example"), Role::Dsl).await;
    let dsl = session_in(&state.storage, &url, &t.client, dsl.id).await;
    School {
        url,
        token,
        key,
        dsl,
    }
}

/// The ids in the school's report list, as its DSL reads them.
async fn listed(school: &School) -> BTreeSet<String> {
    let list: ReportList = school.dsl.json("/staff/reports").await;
    list.reports.into_iter().map(|r| r.id).collect()
}

/// One round of one school's work: its tablet syncs a report, then its DSL lists the reports.
/// Every id listed must be one this school's tablet has sent (`sent`: its id is added before it
/// is sent, so another round of the same school running alongside never looks foreign).
async fn round(t: &ManySchools, school: &School, sent: &Mutex<BTreeSet<String>>, i: usize) {
    let item = sealed_item(&school.key, &report(WhatHappened::SomeoneWasUnkind));
    let id = item.id.to_string();
    sent.lock().unwrap().insert(id.clone());
    let r = t
        .client
        .post(format!("{}/api/v1/sync", school.url))
        .bearer_auth(&school.token)
        .json(&SyncBatch::new(vec![item]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "school s{i}'s tablet syncs");
    let acks: SyncResponse = r.json().await.unwrap();
    assert_eq!(acks.acks.len(), 1);
    let seen = listed(school).await;
    let sent = sent.lock().unwrap();
    let foreign: Vec<&String> = seen.iter().filter(|s| !sent.contains(*s)).collect();
    assert!(
        foreign.is_empty(),
        "school s{i}'s list holds reports it never sent: {foreign:?}"
    );
    assert!(seen.contains(&id), "school s{i} lists its own new report");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_schools_at_once_on_a_small_pool_each_see_only_their_own_rows() {
    const SCHOOLS: usize = 12;
    const ROUNDS: usize = 4;
    let database = TestDatabase::new();
    // Three connections for twelve schools: every connection serves one school after another.
    let t = ManySchools::build(&database, SCHOOLS, 3).await;
    let mut schools = Vec::new();
    for i in 0..SCHOOLS {
        schools.push(seed(&t, i).await);
    }

    // Every school's rounds run at once, two at a time for each school.
    let sent: Vec<Mutex<BTreeSet<String>>> = (0..SCHOOLS).map(|_| Default::default()).collect();
    let (t, sent_ref) = (&t, &sent);
    let work = schools.iter().enumerate().flat_map(|(i, school)| {
        (0..2).map(move |_| async move {
            for _ in 0..ROUNDS {
                round(t, school, &sent_ref[i], i).await;
            }
        })
    });
    join_all(work).await;
    // At the end each school holds exactly what its own tablet sent.
    for (i, school) in schools.iter().enumerate() {
        let sent = sent[i].lock().unwrap().clone();
        assert_eq!(sent.len(), 2 * ROUNDS);
        assert_eq!(listed(school).await, sent, "school s{i}'s reports");
    }
}

/// The connections PostgreSQL has open for this application name.
async fn connections_named(admin: &sqlx::AnyPool, name: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1")
        .bind(name)
        .fetch_one(admin)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_postgresql_schools_start_and_work_within_the_connections_set() {
    if !on_postgres() {
        return;
    }
    const SCHOOLS: usize = 30;
    const CONNECTIONS: u32 = 4;
    // A name of this test's own on its connections, to count them among every other test's.
    let name = format!("kite_{}", Uuid::new_v4().simple());
    let mut database = TestDatabase::new();
    let url = database.url.take().unwrap();
    let (before, search_path) = url.split_once('?').unwrap();
    database.url = Some(format!("{before}?application_name={name}&{search_path}"));
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&std::env::var("KITE_TEST_DATABASE_URL").unwrap())
        .await
        .unwrap();

    // A pool per school would open at least one connection for each. The schools share
    // CONNECTIONS; the directory of schools has one of its own.
    let t = ManySchools::build(&database, SCHOOLS, CONNECTIONS).await;
    let opened = connections_named(&admin, &name).await;
    assert!(
        (1..=i64::from(CONNECTIONS) + 1).contains(&opened),
        "{SCHOOLS} schools opened {opened} connections"
    );
    let mut schools = Vec::new();
    for i in 0..SCHOOLS {
        schools.push(seed(&t, i).await);
    }
    let t = &t;

    // Every school busy at once, while the connections are counted.
    let sent: Vec<Mutex<BTreeSet<String>>> = (0..SCHOOLS).map(|_| Default::default()).collect();
    let busy = join_all(
        schools
            .iter()
            .enumerate()
            .map(|(i, school)| round(t, school, &sent[i], i)),
    );
    let mut most = 0;
    let count = async {
        for _ in 0..20 {
            most = most.max(connections_named(&admin, &name).await);
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::join!(busy, count);
    assert!(
        most <= i64::from(CONNECTIONS) + 1,
        "the server had {most} connections open, more than {CONNECTIONS} and the directory's one"
    );
    admin.close().await;
}

/// The files this process has open under `dir`.
fn open_files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
        .filter(|target| target.starts_with(dir))
        .collect()
}

#[tokio::test]
async fn an_idle_sqlite_school_closes_its_files_and_opens_them_for_the_next_request() {
    if on_postgres() || !std::path::Path::new("/proc/self/fd").exists() {
        return;
    }
    let s = TestServer::spawn_with(crate::helpers::Options {
        configure: |config| config.sqlite_idle_secs = 1,
        ..Default::default()
    })
    .await;
    let dir = std::fs::canonicalize(s.data_dir.path()).unwrap();
    let first = s.item(&report(WhatHappened::SomeoneWasUnkind));
    s.sync_ok(vec![first.clone()]).await;
    assert!(
        !open_files_under(&dir).is_empty(),
        "a school just used has its database open"
    );

    // Idle for the idle time (the reaper looks once a period, so up to twice that): no file of
    // the school's is open. Polled, since the scheduler's jobs may use the database meanwhile.
    let mut closed = false;
    for _ in 0..100 {
        if open_files_under(&dir).is_empty() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        closed,
        "still open after 10 s idle: {:?}",
        open_files_under(&dir)
    );

    // The next request opens it again and finds what was stored.
    let second = s.item(&report(WhatHappened::SawSomethingUpsetting));
    s.sync_ok(vec![second.clone()]).await;
    let stored = s.stored_ids().await;
    assert!(stored.contains(&first.id.to_string()));
    assert!(stored.contains(&second.id.to_string()));
}
