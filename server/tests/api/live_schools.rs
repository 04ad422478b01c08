//! Schools added, paused and removed under a running server, without a restart: through
//! `kite-server school …` (the same function the command runs) and through the authority's API.
//! On SQLite the directory is the schools file; on PostgreSQL the database's directory, which
//! every server on the database follows.

use std::time::{Duration, Instant};

use kite_protocol::report::WhatHappened;
use kite_protocol::sync::SyncBatch;
use kite_server::auth::device_token::enrol;
use kite_server::cli::school::{run as school, SchoolCommand};
use kite_server::config::Config;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{
    config_for, device_public_key, report, sealed_item, stored_ids_in, Running, TestDatabase,
};

const OAK: &str = "oak.test";
const ELM: &str = "elm.test";
const ASH: &str = "ash.test";
const TRUST: &str = "trust.test";
const TOKEN: &str = "the-authority's-long-token";

/// A data dir and database, and the config every server of this test is built from.
struct Deployment {
    config: Config,
    /// Dropped with the test: its PostgreSQL schema and each school's go with it.
    _database: TestDatabase,
    _data_dir: tempfile::TempDir,
}

impl Deployment {
    /// Oak in the directory already (the first entry is made before the server starts).
    async fn with_oak(token: Option<&str>) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let database = TestDatabase::new();
        let mut config = config_for(data_dir.path(), &database);
        config.schools_poll = Duration::from_millis(100);
        config.authority_token = token.map(str::to_string);
        let d = Self {
            config,
            _database: database,
            _data_dir: data_dir,
        };
        d.school(add("oak", "Oak Primary", OAK)).await;
        d
    }

    async fn school(&self, cmd: SchoolCommand) {
        school(&self.config, cmd).await.expect("the school command");
    }

    /// A running server of the directory; a client that resolves the schools' hosts to it.
    async fn serve(&self) -> Server {
        let running = Running::start(&self.config).await;
        Server {
            port: running.port,
            client: running.client_for([OAK, ELM, ASH, TRUST]),
            _shutdown: running.shutdown,
        }
    }
}

fn add(slug: &str, name: &str, host: &str) -> SchoolCommand {
    SchoolCommand::Add {
        slug: slug.into(),
        name: name.into(),
        hosts: vec![host.into()],
    }
}

struct Server {
    port: u16,
    client: reqwest::Client,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl Server {
    fn url(&self, host: &str) -> String {
        format!("http://{host}:{}", self.port)
    }

    async fn health(&self, host: &str) -> (StatusCode, String) {
        let r = self
            .client
            .get(format!("{}/api/v1/health", self.url(host)))
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }

    /// Waits (a few seconds at most) until `host` answers its health check with `status`.
    async fn until(&self, host: &str, status: StatusCode) -> String {
        let start = Instant::now();
        loop {
            let (now, body) = self.health(host).await;
            if now == status {
                return body;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{host} still answers {now} ({body}), not {status}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn authority(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        // The server's own address: no school's host.
        self.client.request(
            method,
            format!(
                "http://127.0.0.1:{}/api/v1/authority/schools{path}",
                self.port
            ),
        )
    }
}

/// `first-run` tells whoever sets up a server of several schools to name the school in each
/// command: read from the schools file on SQLite, and on PostgreSQL from the database's
/// directory (there is no file there).
#[tokio::test]
async fn the_first_run_guide_says_the_server_runs_several_schools() {
    let d = Deployment::with_oak(None).await;
    let guide = kite_server::cli::first_run::guide(&d.config, "kite-server").await;
    assert!(
        guide.contains("This server runs several schools"),
        "{guide}"
    );
    assert_eq!(
        d.config.schools_file().exists(),
        !d.config
            .database_url
            .as_deref()
            .unwrap_or("")
            .starts_with("postgres"),
        "on PostgreSQL the directory is the database's alone"
    );
    let one_school = Config::for_data_dir(
        tempfile::tempdir().unwrap().path().to_path_buf(),
        "dist".into(),
    );
    let guide = kite_server::cli::first_run::guide(&one_school, "kite-server").await;
    assert!(
        !guide.contains("This server runs several schools"),
        "{guide}"
    );
}

/// Every school paused (a trust between terms): the server still starts, each host says its
/// school is paused, and a school resumed is served without a restart.
#[tokio::test]
async fn a_server_whose_every_school_is_paused_starts_and_says_so() {
    let d = Deployment::with_oak(None).await;
    d.school(add("elm", "Elm Primary", ELM)).await;
    for slug in ["oak", "elm"] {
        d.school(SchoolCommand::Suspend { slug: slug.into() }).await;
    }
    let s = d.serve().await;
    for host in [OAK, ELM] {
        let body = s.until(host, StatusCode::SERVICE_UNAVAILABLE).await;
        assert!(
            body.contains("This school's Kite is paused. Ask the school."),
            "{body}"
        );
    }

    d.school(SchoolCommand::Resume { slug: "oak".into() }).await;
    s.until(OAK, StatusCode::OK).await;
    assert_eq!(s.health(ELM).await.0, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn a_school_is_added_paused_resumed_and_removed_under_a_running_server() {
    let d = Deployment::with_oak(None).await;
    let s = d.serve().await;
    s.until(OAK, StatusCode::OK).await;
    let body = s.until(ELM, StatusCode::NOT_FOUND).await;
    assert!(
        body.contains("No school on this server has this address"),
        "{body}"
    );

    // Added: served within moments, migrated, and a tablet enrols and syncs a report there.
    d.school(add("elm", "Elm Primary", ELM)).await;
    s.until(ELM, StatusCode::OK).await;
    let elm = kite_server::schools::open_school(&d.config, &d.config.databases(), "elm")
        .await
        .unwrap();
    let (_, token) = enrol(&elm.storage, "Elm tablet").await.unwrap();
    let key = device_public_key(&s.client, &s.url(ELM), &token).await;
    let item = sealed_item(&key, &report(WhatHappened::SomeoneWasUnkind));
    let r = s
        .client
        .post(format!("{}/api/v1/sync", s.url(ELM)))
        .bearer_auth(&token)
        .json(&SyncBatch::new(vec![item.clone()]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(stored_ids_in(&elm).await, vec![item.id.to_string()]);
    // Oak is as it was.
    s.until(OAK, StatusCode::OK).await;

    // Paused: a kind 503, to a tablet and to a browser, and Oak still answers.
    d.school(SchoolCommand::Suspend { slug: "elm".into() })
        .await;
    let body = s.until(ELM, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(
        body.contains("This school's Kite is paused. Ask the school."),
        "{body}"
    );
    let page = s
        .client
        .get(format!("{}/staff", s.url(ELM)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 503);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert!(page.text().await.unwrap().contains("paused"));
    s.until(OAK, StatusCode::OK).await;

    d.school(SchoolCommand::Resume { slug: "elm".into() }).await;
    s.until(ELM, StatusCode::OK).await;

    // Removed: no school at its address; its data is kept, and comes back with it.
    d.school(SchoolCommand::Remove { slug: "elm".into() }).await;
    let body = s.until(ELM, StatusCode::NOT_FOUND).await;
    assert!(
        body.contains("No school on this server has this address"),
        "{body}"
    );
    let r = s
        .client
        .get(format!("{}/api/v1/device/config", s.url(ELM)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    d.school(add("elm", "Elm Primary", ELM)).await;
    s.until(ELM, StatusCode::OK).await;
    let r = s
        .client
        .get(format!("{}/api/v1/device/config", s.url(ELM)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        200,
        "the tablet enrolled before is still enrolled"
    );
    assert_eq!(stored_ids_in(&elm).await, vec![item.id.to_string()]);

    // A host moved to another school goes with it.
    d.school(add("elm", "Elm Primary", ASH)).await;
    s.until(ASH, StatusCode::OK).await;
    s.until(ELM, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn a_schools_file_edited_by_hand_is_followed_and_a_broken_one_changes_nothing() {
    if crate::helpers::on_postgres() {
        // On PostgreSQL the file is imported once and the database's directory is followed
        // (the other tests here).
        return;
    }
    let d = Deployment::with_oak(None).await;
    let s = d.serve().await;
    let file = d.config.schools_file();
    let text = std::fs::read_to_string(&file).unwrap();

    let broken = format!("{text}\n[[school]]\nslug = \"elm\"\n");
    std::fs::write(&file, broken).unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    s.until(OAK, StatusCode::OK).await;
    s.until(ELM, StatusCode::NOT_FOUND).await;

    let added = format!(
        "{text}\n[[school]]\nslug = \"elm\"\nname = \"Elm Primary\"\nhosts = [\"{ELM}\"]\n"
    );
    std::fs::write(&file, added).unwrap();
    s.until(ELM, StatusCode::OK).await;
    s.until(OAK, StatusCode::OK).await;
}

#[tokio::test]
async fn two_servers_on_one_database_both_follow_the_directory() {
    if !crate::helpers::on_postgres() {
        // One SQLite server per data dir.
        return;
    }
    let d = Deployment::with_oak(Some(TOKEN)).await;
    let (a, b) = (d.serve().await, d.serve().await);
    b.until(ELM, StatusCode::NOT_FOUND).await;

    // Through the API of one server: both serve it.
    let r = a
        .authority(reqwest::Method::PUT, "/elm")
        .bearer_auth(TOKEN)
        .json(&json!({"name": "Elm Primary", "hosts": [ELM]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    a.until(ELM, StatusCode::OK).await;
    b.until(ELM, StatusCode::OK).await;

    // Through the command line: both pause it.
    d.school(SchoolCommand::Suspend { slug: "elm".into() })
        .await;
    a.until(ELM, StatusCode::SERVICE_UNAVAILABLE).await;
    b.until(ELM, StatusCode::SERVICE_UNAVAILABLE).await;
    d.school(SchoolCommand::Remove { slug: "oak".into() }).await;
    a.until(OAK, StatusCode::NOT_FOUND).await;
    b.until(OAK, StatusCode::NOT_FOUND).await;
    // The last one out: the directory is empty, and no school is served.
    d.school(SchoolCommand::Remove { slug: "elm".into() }).await;
    a.until(ELM, StatusCode::NOT_FOUND).await;
    b.until(ELM, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn the_authority_api_needs_its_token_checks_what_it_is_given_and_is_off_without_one() {
    let off = Deployment::with_oak(None).await;
    let s = off.serve().await;
    let r = s
        .authority(reqwest::Method::GET, "")
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    drop(s);

    let d = Deployment::with_oak(Some(TOKEN)).await;
    d.school(SchoolCommand::Trust {
        name: "Acorn Trust".into(),
        hosts: vec![TRUST.into()],
    })
    .await;
    let s = d.serve().await;
    // At the trust's host too.
    let r = s
        .client
        .get(format!("{}/api/v1/authority/schools", s.url(TRUST)))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    for token in [None, Some("wrong"), Some("")] {
        let mut req = s.authority(reqwest::Method::PUT, "/elm");
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        let r = req
            .json(&json!({"name": "Elm Primary", "hosts": [ELM]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{token:?}");
    }
    // Never at a school's address, even with the token.
    let r = s
        .client
        .get(format!("{}/api/v1/authority/schools", s.url(OAK)))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    let refused = [
        (
            "/Elm%20School",
            json!({"name": "Elm", "hosts": [ELM]}),
            "slug",
        ),
        ("/trust", json!({"name": "Elm", "hosts": [ELM]}), "trust"),
        (
            "/elm",
            json!({"name": "Elm", "hosts": [OAK]}),
            "listed twice",
        ),
        (
            "/elm",
            json!({"name": "Elm", "hosts": ["elm/../x"]}),
            "host name",
        ),
        ("/elm", json!({"name": " ", "hosts": [ELM]}), "no name"),
        ("/elm", json!({"name": "Elm", "hosts": []}), "no host names"),
        ("/elm", json!({"name": "Elm", "host": ELM}), "JSON"),
    ];
    for (path, body, says) in refused {
        let r = s
            .authority(reqwest::Method::PUT, path)
            .bearer_auth(TOKEN)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{path} {body}");
        let error: serde_json::Value = r.json().await.unwrap();
        assert!(
            error["error"].as_str().unwrap().contains(says),
            "{path} {body}: {error}"
        );
    }
    s.until(ELM, StatusCode::NOT_FOUND).await;

    let r = s
        .authority(reqwest::Method::PUT, "/elm")
        .bearer_auth(TOKEN)
        .json(&json!({"name": "Elm Primary", "hosts": ["Elm.Test"], "suspended": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let put: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        put,
        json!({"slug": "elm", "name": "Elm Primary", "hosts": [ELM], "suspended": true})
    );
    // Applied on the server that answered before it answered.
    assert_eq!(s.health(ELM).await.0, StatusCode::SERVICE_UNAVAILABLE);
    let r = s
        .authority(reqwest::Method::PUT, "/elm")
        .bearer_auth(TOKEN)
        .json(&json!({"name": "Elm Primary", "hosts": [ELM], "suspended": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(s.health(ELM).await.0, StatusCode::OK);

    let listed: serde_json::Value = s
        .authority(reqwest::Method::GET, "")
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed,
        json!({"schools": [
            {"slug": "oak", "name": "Oak Primary", "hosts": [OAK], "suspended": false},
            {"slug": "elm", "name": "Elm Primary", "hosts": [ELM], "suspended": false},
        ], "trust": {"name": "Acorn Trust", "hosts": [TRUST]}})
    );

    let r = s
        .authority(reqwest::Method::DELETE, "/elm")
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(s.health(ELM).await.0, StatusCode::NOT_FOUND);
    let r = s
        .authority(reqwest::Method::DELETE, "/elm")
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn a_school_that_cant_be_opened_is_retried_and_takes_nothing_else_down() {
    if crate::helpers::on_postgres() {
        // A broken file is the SQLite way to make a school fail to open.
        return;
    }
    let d = Deployment::with_oak(None).await;
    let s = d.serve().await;
    // Where Ash's database file would go, a directory: it can't be opened.
    let in_the_way = kite_server::schools::database::school_sqlite_path(&d.config.data_dir, "ash");
    std::fs::create_dir_all(&in_the_way).unwrap();
    d.school(add("ash", "Ash Primary", ASH)).await;
    let body = s.until(ASH, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(body.contains("can't be reached just now"), "{body}");
    s.until(OAK, StatusCode::OK).await;

    // Put right: served at a later round, with no change to the directory.
    std::fs::remove_dir(&in_the_way).unwrap();
    s.until(ASH, StatusCode::OK).await;
}

#[tokio::test]
async fn on_postgresql_a_schools_file_is_imported_once_into_the_database() {
    if !crate::helpers::on_postgres() {
        return;
    }
    let data_dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new();
    let mut config = config_for(data_dir.path(), &database);
    config.schools_poll = Duration::from_millis(100);
    let mut file = kite_server::schools::Directory::default();
    file.put_school("oak", "Oak Primary", &[OAK.into()])
        .unwrap();
    file.save(&config.schools_file()).unwrap();
    let d = Deployment {
        config,
        _database: database,
        _data_dir: data_dir,
    };
    let s = d.serve().await;
    s.until(OAK, StatusCode::OK).await;

    // The database's directory is the one followed now: the file is not read again.
    file.put_school("elm", "Elm Primary", &[ELM.into()])
        .unwrap();
    file.save(&d.config.schools_file()).unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(s.health(ELM).await.0, StatusCode::NOT_FOUND);
    d.school(add("elm", "Elm Primary", ELM)).await;
    s.until(ELM, StatusCode::OK).await;
}
