//! `POST /api/v1/sync`: stored once, answered per item, bad input named clearly.

use kite_protocol::report::WhatHappened;
use kite_protocol::sealed::{generate_secret_key, seal};
use kite_protocol::sync::{AckStatus, ItemKind, SyncBatch, SyncItem};
use kite_server::clock::now_ms;
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{report, TestServer};

#[tokio::test]
async fn a_report_is_stored_once_and_a_resend_is_a_duplicate() {
    let s = TestServer::spawn().await;
    let item = s.item(&report(WhatHappened::SomeoneWasUnkind));

    let first = s.sync_ok(vec![item.clone()]).await;
    assert_eq!(first.acks.len(), 1);
    assert_eq!(first.acks[0].id, item.id);
    assert_eq!(first.acks[0].status, AckStatus::Stored);

    let again = s.sync_ok(vec![item.clone()]).await;
    assert_eq!(again.acks[0].status, AckStatus::Duplicate);
    assert_eq!(s.stored_ids().await, vec![item.id.to_string()]);
}

#[tokio::test]
async fn the_same_id_twice_in_one_batch_is_stored_once() {
    let s = TestServer::spawn().await;
    let item = s.item(&report(WhatHappened::SomeoneWasUnkind));
    let acks = s.sync_ok(vec![item.clone(), item.clone()]).await.acks;
    let statuses: Vec<_> = acks.iter().map(|a| a.status).collect();
    assert_eq!(statuses, vec![AckStatus::Stored, AckStatus::Duplicate]);
    assert_eq!(s.stored_ids().await.len(), 1);
}

#[tokio::test]
async fn urgency_is_decided_by_the_server_from_the_answers() {
    let s = TestServer::spawn().await;
    s.sync_ok(vec![
        s.item(&report(WhatHappened::WantsToMeetMe)),
        s.item(&report(WhatHappened::SawSomethingUpsetting)),
    ])
    .await;
    let summaries = s.state.storage.report_summaries().await.unwrap();
    let urgent: Vec<bool> = summaries.iter().map(|r| r.urgent).collect();
    // Urgent first.
    assert_eq!(urgent, vec![true, false]);
    assert!(summaries.iter().all(|r| r.status == "new"));
}

#[tokio::test]
async fn rejected_items_do_not_block_good_ones_in_the_same_batch() {
    let s = TestServer::spawn().await;
    let good = s.item(&report(WhatHappened::SomeoneWasUnkind));

    let wrong_key = SyncItem {
        id: Uuid::new_v4(),
        kind: ItemKind::Report,
        sealed: seal(&generate_secret_key().public_key(), b"{}").unwrap(),
        answer_code: None,
    };
    let mut too_long = report(WhatHappened::SomethingElse);
    too_long.words = Some("x".repeat(5000));
    let too_long = s.item(&too_long);
    let not_a_report = SyncItem {
        id: Uuid::new_v4(),
        kind: ItemKind::Report,
        sealed: seal(&s.public_key, br#"{"what":"aliens"}"#).unwrap(),
        answer_code: None,
    };
    let not_v4 = SyncItem {
        id: Uuid::nil(),
        ..s.item(&report(WhatHappened::SomethingElse))
    };

    let acks = s
        .sync_ok(vec![
            wrong_key.clone(),
            good.clone(),
            too_long.clone(),
            not_a_report.clone(),
            not_v4,
        ])
        .await
        .acks;
    let by_status: Vec<_> = acks.iter().map(|a| a.status).collect();
    assert_eq!(
        by_status,
        vec![
            AckStatus::Rejected,
            AckStatus::Stored,
            AckStatus::Rejected,
            AckStatus::Rejected,
            AckStatus::Rejected
        ]
    );
    let reasons: Vec<String> = acks.iter().filter_map(|a| a.reason.clone()).collect();
    assert!(reasons[0].contains("could not be opened"), "{reasons:?}");
    assert!(
        reasons[1].contains("words") && reasons[1].contains("the most is 1000"),
        "{reasons:?}"
    );
    assert!(reasons[2].contains("unknown variant"), "{reasons:?}");
    assert!(reasons[3].contains("v4"), "{reasons:?}");
    // A rejection never echoes what the child wrote.
    assert!(!reasons.iter().any(|r| r.contains("xxxxx")));
    assert_eq!(s.stored_ids().await, vec![good.id.to_string()]);
}

#[tokio::test]
async fn malformed_json_is_a_400_with_a_message() {
    let s = TestServer::spawn().await;
    let response = s
        .client
        .post(format!("{}/api/v1/sync", s.url))
        .bearer_auth(&s.token)
        .header("content-type", "application/json")
        .body("{\"protocol\": 1, \"items\": [")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("not valid JSON"),
        "{body}"
    );
}

#[tokio::test]
async fn envelope_problems_are_400s_that_name_the_field() {
    let s = TestServer::spawn().await;
    let response = s.post_sync(&SyncBatch::new(vec![])).await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "items: is empty");

    let mut old = SyncBatch::new(vec![s.item(&report(WhatHappened::SomethingElse))]);
    old.protocol = 99;
    let body: Value = s.post_sync(&old).await.json().await.unwrap();
    assert!(body["error"]
        .as_str()
        .unwrap()
        .starts_with("protocol: version 99"));
}

#[tokio::test]
async fn an_oversize_body_is_a_413_and_nothing_is_stored() {
    let s = TestServer::spawn().await;
    let huge = format!(
        r#"{{"protocol":1,"items":[{{"id":"{}","kind":"report","sealed":"{}"}}]}}"#,
        Uuid::new_v4(),
        "A".repeat(3 * 1024 * 1024)
    );
    let response = s
        .client
        .post(format!("{}/api/v1/sync", s.url))
        .bearer_auth(&s.token)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("larger"));
    assert!(s.stored_ids().await.is_empty());
}

#[tokio::test]
async fn a_bad_missing_or_revoked_token_is_a_401() {
    let s = TestServer::spawn().await;
    let batch = SyncBatch::new(vec![s.item(&report(WhatHappened::SomethingElse))]);
    let url = format!("{}/api/v1/sync", s.url);

    let none = s.client.post(&url).json(&batch).send().await.unwrap();
    assert_eq!(none.status(), 401);
    let wrong = s
        .client
        .post(&url)
        .bearer_auth("kite_dev_not-a-real-token")
        .json(&batch)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);

    assert!(s
        .state
        .storage
        .revoke_device(s.device_id, now_ms())
        .await
        .unwrap());
    let revoked = s.post_sync(&batch).await;
    assert_eq!(revoked.status(), 401);
    let body: Value = revoked.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("not enrolled"));
    assert!(s.stored_ids().await.is_empty());
}

#[tokio::test]
async fn rate_limits_apply_per_tablet_not_per_address() {
    let s = TestServer::spawn_with(crate::helpers::Options {
        rate_per_sec: 0.01,
        burst: 2.0,
        dist: None,
        ..Default::default()
    })
    .await;
    let batch = || SyncBatch::new(vec![s.item(&report(WhatHappened::SomethingElse))]);
    assert_eq!(s.post_sync(&batch()).await.status(), 200);
    assert_eq!(s.post_sync(&batch()).await.status(), 200);
    let limited = s.post_sync(&batch()).await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));

    // Another tablet from the same address is unaffected.
    let (_, other) = kite_server::auth::device_token::enrol(&s.state.storage, "Tablet 2")
        .await
        .unwrap();
    let response = s
        .client
        .post(format!("{}/api/v1/sync", s.url))
        .bearer_auth(&other)
        .json(&batch())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn health_checks_the_database_and_gives_the_version() {
    let s = TestServer::spawn().await;
    let body: Value = s
        .client
        .get(format!("{}/api/v1/health", s.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["migrations"], "ok");
    assert_eq!(body["disk"], "ok");
    assert!(body["disk_free_mb"].as_u64().unwrap() > 0, "{body}");
}

#[tokio::test]
async fn health_is_not_ready_when_a_migration_is_missing() {
    let s = TestServer::spawn().await;
    // As if the database had been restored from before this server's last migration.
    let db = s.db().await;
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .execute(&db)
    .await
    .unwrap();
    let r = s
        .client
        .get(format!("{}/api/v1/health", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "not ready");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["migrations"], "pending");
}

#[tokio::test]
async fn device_config_needs_a_token_and_gives_the_key_and_profile() {
    let s = TestServer::spawn().await;
    let anonymous = s
        .client
        .get(format!("{}/api/v1/device/config", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let config: Value = s
        .client
        .get(format!("{}/api/v1/device/config", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config["device_name"], "Test tablet");
    assert_eq!(config["idle_timeout_secs"], 90);
    assert_eq!(
        config["public_key"].as_str().unwrap(),
        kite_protocol::sealed::public_key_to_base64(&s.public_key)
    );
}

#[tokio::test]
async fn a_tablet_stores_at_most_a_days_quota_then_is_asked_to_wait() {
    use kite_server::rate_limit::{DEVICE_DAILY_BYTES, DEVICE_DAILY_ITEMS};
    let s = TestServer::spawn().await;
    // A day's quota of items, in full batches: every one stored.
    let batch = || {
        SyncBatch::new(
            (0..kite_protocol::limits::MAX_BATCH_ITEMS)
                .map(|_| s.item(&report(WhatHappened::SomethingElse)))
                .collect(),
        )
    };
    let batches = DEVICE_DAILY_ITEMS as usize / kite_protocol::limits::MAX_BATCH_ITEMS;
    for i in 0..batches {
        assert_eq!(s.post_sync(&batch()).await.status(), 200, "batch {i}");
    }
    // A batch more today (the quota refills evenly, about one item every 86 s, so a full
    // batch): a clear 429 saying when to try again, and nothing in it is stored.
    let over = batch();
    let refused = s.post_sync(&over).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let message: Value = refused.json().await.unwrap();
    assert!(
        message["error"]
            .as_str()
            .unwrap()
            .contains("kept on the tablet"),
        "{message}"
    );
    assert_eq!(s.stored_ids().await.len(), DEVICE_DAILY_ITEMS as usize);

    // Another tablet: big items use up its day's bytes long before its items.
    let (_, other) = kite_server::auth::device_token::enrol(&s.state.storage, "Tablet 2")
        .await
        .unwrap();
    let big = || {
        SyncBatch::new(
            (0..7)
                .map(|_| SyncItem {
                    id: Uuid::new_v4(),
                    kind: ItemKind::Report,
                    sealed: "A".repeat(280_000),
                    answer_code: None,
                })
                .collect(),
        )
    };
    let mut sent_bytes = 0;
    let mut status = 200;
    while status == 200 {
        let r = s
            .client
            .post(format!("{}/api/v1/sync", s.url))
            .bearer_auth(&other)
            .json(&big())
            .send()
            .await
            .unwrap();
        status = r.status().as_u16();
        if status == 200 {
            sent_bytes += 7 * 280_000;
            assert!(sent_bytes <= DEVICE_DAILY_BYTES, "over the day's bytes");
        }
    }
    assert_eq!(status, 429);
    assert!(
        sent_bytes > DEVICE_DAILY_BYTES - 2 * 7 * 280_000,
        "{sent_bytes}"
    );
}

#[tokio::test]
async fn a_busy_server_asks_a_tablet_to_try_again_shortly_and_stores_it_then() {
    let s = TestServer::spawn().await;
    let item = s.item(&report(WhatHappened::SomeoneWasUnkind));
    // Every sync this process works on at once is taken (as by many schools' tablets at once).
    let busy = s
        .state
        .server
        .syncs
        .acquire_many(s.config.syncs_at_once)
        .await
        .unwrap();
    let refused = s.post_sync(&SyncBatch::new(vec![item.clone()])).await;
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["retry-after"], "5");
    let message: Value = refused.json().await.unwrap();
    assert!(
        message["error"].as_str().unwrap().contains("busy"),
        "{message}"
    );
    assert!(s.stored_ids().await.is_empty());

    drop(busy);
    let acks = s.sync_ok(vec![item.clone()]).await.acks;
    assert_eq!(acks[0].status, AckStatus::Stored);
    assert_eq!(s.stored_ids().await, vec![item.id.to_string()]);
}
