//! What the server leaves on disk: its data directory and database files are the server's
//! user's alone, and a record retention deleted is gone from the file's bytes, not just unlinked
//! from the tables.

use kite_protocol::report::WhatHappened;
use kite_protocol::staff::Role;
use kite_server::retention::purge_once;
use reqwest::Method;

use crate::helpers::{report, TestServer};

/// A distinctive phrase that can only be on disk because this test wrote it.
const WORDS: &str = "Marmalade-kestrel whispered behind the bikesheds";

#[tokio::test]
async fn a_report_retention_deleted_is_no_longer_in_the_database_files() {
    let s = TestServer::spawn().await;
    if s.is_postgres() {
        // PostgreSQL's files are the DBA's; VACUUM is what reclaims them there.
        return;
    }
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.login(&dsl).await;
    let mut r = report(WhatHappened::SomeoneWasUnkind);
    r.words = Some(WORDS.into());
    let item = s.item(&r);
    s.sync_ok(vec![item.clone()]).await;
    let closed = c
        .send(Method::PATCH, &format!("/staff/reports/{}", item.id))
        .json(
            &serde_json::json!({"status": "closed", "outcome": "resolved",
            "outcome_reason": "Talked it through", "not_referred_reason": "A falling-out"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status(), 200);
    let on_disk = |bytes: &[u8]| bytes.windows(WORDS.len()).any(|w| w == WORDS.as_bytes());
    assert!(
        on_disk(&s.stored_bytes().await),
        "the words are stored before retention runs (else this test proves nothing)"
    );

    s.state.storage.set_school_settings(&[], 12).await.unwrap();
    let later = kite_server::clock::now_ms() + 13 * 2_629_746_000;
    assert_eq!(purge_once(&s.state, later).await.unwrap(), 1);
    assert!(
        !on_disk(&s.stored_bytes().await),
        "the deleted report's words are still in the database files"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_fresh_data_dir_and_its_database_files_are_the_servers_users_alone() {
    use std::os::unix::fs::PermissionsExt;
    if crate::helpers::on_postgres() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let data_dir = root.path().join("srv").join("kite");
    let config =
        kite_server::config::Config::for_data_dir(data_dir.clone(), root.path().join("dist"));
    let app = kite_server::startup::Application::build(&config)
        .await
        .expect("server builds");
    let mode = |p: &std::path::Path| {
        std::fs::metadata(p)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(&data_dir), 0o700, "the data directory");
    let mut files = 0;
    for entry in std::fs::read_dir(&data_dir).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
        files += 1;
    }
    for name in ["kite.db", "kite.db-wal", "kite.db-shm", "kite.limits.db"] {
        assert!(data_dir.join(name).exists(), "{name} was made");
    }
    assert!(files >= 4);
    drop(app);
}
