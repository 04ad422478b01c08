//! `--device-networks`: tablets' routes only from the school's networks, while parents' pages
//! and staff sign-in answer from anywhere; behind a proxy, the forwarded address only when the
//! proxy is trusted.

use kite_protocol::sync::SyncBatch;
use kite_server::auth::device_token::enrol;
use kite_server::config::Config;
use reqwest::StatusCode;

use crate::helpers::{Running, TestDatabase};

/// A server whose tablets must be on 10.20.0.0/16, with `trusted_proxy` in front of it (or
/// none); answers its URL and a tablet's token.
async fn school(trusted_proxy: bool) -> (String, String, Running, TestDatabase, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new();
    let mut config = Config::for_data_dir(dir.path().to_path_buf(), dir.path().join("no-dist"));
    config.database_url = database.url.clone();
    config.port = 0;
    config.device_networks = vec!["10.20.0.0/16".parse().unwrap()];
    if trusted_proxy {
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    }
    let server = Running::start(&config).await;
    let (_, token) = enrol(&server.state().storage, "Class 4 tablet")
        .await
        .unwrap();
    let url = format!("http://127.0.0.1:{}", server.port);
    (url, token, server, database, dir)
}

async fn tablet_asks(url: &str, token: &str, forwarded_for: Option<&str>) -> Vec<StatusCode> {
    let client = reqwest::Client::new();
    let with = |r: reqwest::RequestBuilder| match forwarded_for {
        Some(address) => r.header("x-forwarded-for", address),
        None => r,
    };
    let config = with(client.get(format!("{url}/api/v1/device/config")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status();
    let sync = with(client.post(format!("{url}/api/v1/sync")))
        .bearer_auth(token)
        .json(&SyncBatch::new(vec![]))
        .send()
        .await
        .unwrap();
    let sync_status = sync.status();
    if sync_status == 403 {
        let body: serde_json::Value = sync.json().await.unwrap();
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("school's own network"),
            "{body}"
        );
    }
    vec![config, sync_status]
}

#[tokio::test]
async fn a_tablet_outside_the_schools_networks_is_refused_and_parents_and_staff_are_not() {
    let (url, token, _server, _db, _dir) = school(false).await;
    // The test's requests come from 127.0.0.1, outside 10.20.0.0/16.
    assert_eq!(tablet_asks(&url, &token, None).await, [403, 403]);
    // A claim to be inside, from a client that is no trusted proxy, is not believed.
    assert_eq!(
        tablet_asks(&url, &token, Some("10.20.3.4")).await,
        [403, 403]
    );
    let client = reqwest::Client::new();
    let page = client.get(format!("{url}/parents")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let staff = client
        .post(format!("{url}/api/v1/staff/login"))
        .json(&serde_json::json!({ "email": "head@school.example", "password": "not it" }))
        .send()
        .await
        .unwrap();
    assert_eq!(staff.status(), 401, "staff sign-in answers (and refuses)");
    let health = client
        .get(format!("{url}/api/v1/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_address_it_forwards_decides() {
    let (url, token, _server, _db, _dir) = school(true).await;
    // In: the tablet's config, and its (empty, so refused as such) sync reach their handlers.
    assert_eq!(
        tablet_asks(&url, &token, Some("10.20.3.4")).await,
        [200, 400]
    );
    assert_eq!(
        tablet_asks(&url, &token, Some("203.0.113.9")).await,
        [403, 403]
    );
    // The client's own claim before the proxy's entry is not believed either.
    assert_eq!(
        tablet_asks(&url, &token, Some("10.20.3.4, 203.0.113.9")).await,
        [403, 403]
    );
}
