//! What the server keeps about the sender of a report: the device id, nothing else.

use kite_protocol::report::WhatHappened;
use kite_protocol::sync::SyncBatch;

use crate::helpers::{report, TestServer};

#[tokio::test]
async fn no_ip_address_or_user_agent_is_stored_with_a_report() {
    let s = TestServer::spawn().await;
    let marker_agent = "KiteTestAgent/9.9 (unique-marker-7f3a)";
    let batch = SyncBatch::new(vec![s.item(&report(WhatHappened::SomeoneWasUnkind))]);
    let response = s
        .client
        .post(format!("{}/api/v1/sync", s.url))
        .bearer_auth(&s.token)
        .header("user-agent", marker_agent)
        .header("x-forwarded-for", "203.0.113.77")
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let bytes = s.stored_bytes().await;
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("They keep messaging me"),
        "the report itself is stored"
    );
    for needle in ["unique-marker-7f3a", "203.0.113.77", "127.0.0.1"] {
        assert!(!text.contains(needle), "{needle} found in the database");
    }
}
