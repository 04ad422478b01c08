//! `/api/v1/metrics` for the school's IT provider: off unless a token is set, the token required, and
//! nothing in it about anyone: routes as their templates, never an id, a name or an address.

use kite_protocol::report::WhatHappened;
use kite_server::config::Config;

use crate::helpers::{report, Options, TestServer};

const TOKEN: &str = "a-long-random-scrape-token";

fn with_metrics(c: &mut Config) {
    c.metrics_token = Some(TOKEN.into());
}

async fn scrape(s: &TestServer, token: Option<&str>) -> reqwest::Response {
    let mut r = s.client.get(format!("{}/api/v1/metrics", s.url));
    if let Some(token) = token {
        r = r.bearer_auth(token);
    }
    r.send().await.unwrap()
}

#[tokio::test]
async fn metrics_are_off_unless_a_token_is_set() {
    let s = TestServer::spawn().await;
    assert_eq!(scrape(&s, None).await.status(), 404);
    assert_eq!(scrape(&s, Some(TOKEN)).await.status(), 404);
}

#[tokio::test]
async fn metrics_need_the_token_and_say_nothing_about_anyone() {
    let s = TestServer::spawn_with(Options {
        configure: with_metrics,
        ..Options::default()
    })
    .await;
    assert_eq!(scrape(&s, None).await.status(), 401);
    let wrong = scrape(&s, Some("a-long-random-scrape-tokem")).await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(wrong.headers()["www-authenticate"], "Bearer");

    // A child's report synced, a record asked for by its id, a parent's page: the day's traffic.
    let made = report(WhatHappened::SomeoneWasUnkind);
    let words = made.words.clone().unwrap();
    let acks = s.sync_ok(vec![s.item(&made)]).await;
    let report_id = acks.acks[0].id.to_string();
    let record = s
        .client
        .get(format!("{}/api/v1/staff/reports/{report_id}", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(record.status(), 401);
    s.client
        .get(format!("{}/parents", s.url))
        .send()
        .await
        .unwrap();

    let r = scrape(&s, Some(TOKEN)).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/openmetrics-text"));
    assert_eq!(r.headers()["cache-control"], "no-store");
    let text = r.text().await.unwrap();
    for expected in [
        r#"kite_sync_items_total{kind="report",outcome="stored"} 1"#,
        r#"kite_http_requests_total{method="POST",route="/api/v1/sync",status="200"} 1"#,
        r#"route="/api/v1/staff/reports/{id}",status="401"} 1"#,
        r#"kite_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/api/v1/sync"} 1"#,
        "kite_report_writer_queue 0",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    for secret in [
        words.as_str(),
        report_id.as_str(),
        s.token.as_str(),
        "Test tablet",
        "127.0.0.1",
        "/parents",
    ] {
        assert!(!text.contains(secret), "{secret} in the metrics:\n{text}");
    }
}
