//! Two server processes on one PostgreSQL database, as behind a load balancer. Each is
//! a whole `Application` of its own (its own state, pools, group-commit writer and limiters); all
//! they share is the database. Nothing that matters may depend on which one a request reaches.
//!
//! PostgreSQL only: a SQLite file is one school's server on one machine. Without
//! `KITE_TEST_DATABASE_URL` these tests say so and pass without running
//! (`scripts/with-postgres cargo test -p kite-server` runs them; `scripts/test` does).

use std::collections::HashMap;

use kite_protocol::report::WhatHappened;
use kite_protocol::staff::Role;
use kite_protocol::sync::{AckStatus, SyncBatch, SyncItem, SyncResponse};
use kite_server::alerts::{alert_once, Mailer};
use kite_server::startup::Application;
use kite_server::state::AppState;
use reqwest::Method;

use crate::helpers::{on_postgres, report, stored_ids_in, Options, StaffClient, TestServer};

/// A second server built from the first one's config: the same database, nothing else shared.
struct Peer {
    url: String,
    state: AppState,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl Peer {
    async fn beside(a: &TestServer) -> Self {
        let app = Application::build(&a.config)
            .await
            .expect("server B builds");
        let url = format!("http://127.0.0.1:{}", app.port());
        assert_ne!(url, a.url);
        let state = app.state.clone().expect("the school is open");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.run_until(async {
            let _ = rx.await;
        }));
        Self {
            url,
            state,
            _shutdown: tx,
        }
    }
}

fn skip_without_postgres(test: &str) -> bool {
    if on_postgres() {
        return false;
    }
    eprintln!(
        "{test}: skipped, needs PostgreSQL (two processes on one database); \
         run it with scripts/with-postgres cargo test -p kite-server --test api two_servers"
    );
    true
}

/// Posts a batch as the test tablet to one server's URL.
async fn sync_via(s: &TestServer, url: &str, items: Vec<SyncItem>) -> reqwest::Response {
    s.client
        .post(format!("{url}/api/v1/sync"))
        .bearer_auth(&s.token)
        .json(&SyncBatch::new(items))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn items_synced_through_both_servers_interleaved_and_repeated_are_stored_once() {
    if skip_without_postgres("items_synced_through_both_servers") {
        return;
    }
    let a = TestServer::spawn().await;
    let b = Peer::beside(&a).await;
    let items: Vec<SyncItem> = (0..12)
        .map(|i| {
            a.item(&report(if i % 3 == 0 {
                WhatHappened::WantsToMeetMe
            } else {
                WhatHappened::SomeoneWasUnkind
            }))
        })
        .collect();
    // A tablet whose answers got lost sends everything again, to whichever server the load
    // balancer picks: three rounds, each round's batches split across A and B at once, in
    // overlapping halves so the same item reaches both servers in the same instant.
    let mut stored: HashMap<uuid::Uuid, usize> = HashMap::new();
    for round in 0..3 {
        let (first, second) = if round % 2 == 0 {
            (items[..8].to_vec(), items[4..].to_vec())
        } else {
            (items[4..].to_vec(), items[..8].to_vec())
        };
        let (ra, rb) = tokio::join!(sync_via(&a, &a.url, first), sync_via(&a, &b.url, second));
        for r in [ra, rb] {
            assert_eq!(r.status(), 200);
            let body: SyncResponse = r.json().await.unwrap();
            for ack in body.acks {
                assert_ne!(ack.status, AckStatus::Rejected, "{:?}", ack.reason);
                if ack.status == AckStatus::Stored {
                    *stored.entry(ack.id).or_default() += 1;
                }
            }
        }
    }
    assert_eq!(
        stored.len(),
        items.len(),
        "every item acknowledged as stored"
    );
    assert!(
        stored.values().all(|n| *n == 1),
        "each item stored by exactly one request: {stored:?}"
    );
    let mut want: Vec<String> = items.iter().map(|i| i.id.to_string()).collect();
    want.sort();
    assert_eq!(a.stored_ids().await, want);
    let via_b = stored_ids_in(&b.state).await;
    assert_eq!(via_b, want, "B reads the same reports");
}

#[tokio::test]
async fn a_staff_session_made_on_one_server_works_on_the_other_and_signing_out_ends_it_on_both() {
    if skip_without_postgres("a_staff_session_made_on_one_server") {
        return;
    }
    let a = TestServer::spawn().await;
    let b = Peer::beside(&a).await;
    let dsl = a.add_staff("dsl@school.example", Role::Dsl).await;
    let on_a = a.login(&dsl).await;
    // The same cookie and CSRF token, sent to B instead.
    let on_b = StaffClient {
        url: b.url.clone(),
        cookie: on_a.cookie.clone(),
        csrf: on_a.csrf.clone(),
        client: a.client.clone(),
    };
    assert_eq!(on_b.get("/staff/me").send().await.unwrap().status(), 200);
    assert_eq!(on_a.get("/staff/me").send().await.unwrap().status(), 200);

    let out = on_b
        .send(Method::POST, "/staff/logout")
        .send()
        .await
        .unwrap();
    assert!(out.status().is_success(), "{}", out.status());
    assert_eq!(
        on_a.get("/staff/me").send().await.unwrap().status(),
        401,
        "signed out on B means signed out on A"
    );
    assert_eq!(on_b.get("/staff/me").send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn the_sync_rate_limit_is_one_allowance_across_both_servers() {
    if skip_without_postgres("the_sync_rate_limit_is_one_allowance") {
        return;
    }
    // Four requests, refilled only after minutes: alone, each server would allow four.
    let a = TestServer::spawn_with(Options {
        rate_per_sec: 0.01,
        burst: 4.0,
        dist: None,
        ..Default::default()
    })
    .await;
    let b = Peer::beside(&a).await;
    for i in 0..4 {
        let url = if i % 2 == 0 { &a.url } else { &b.url };
        let item = a.item(&report(WhatHappened::SomethingElse));
        let r = sync_via(&a, url, vec![item]).await;
        assert_eq!(r.status(), 200, "request {i}");
    }
    for url in [&a.url, &b.url] {
        let item = a.item(&report(WhatHappened::SomethingElse));
        let r = sync_via(&a, url, vec![item]).await;
        assert_eq!(
            r.status(),
            429,
            "{url}: the fifth request, wherever it goes"
        );
        let wait: u64 = r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=100).contains(&wait), "Retry-After {wait}");
    }
}

#[tokio::test]
async fn both_servers_open_the_same_tablets_sealed_items() {
    if skip_without_postgres("both_servers_open_the_same_tablets_sealed_items") {
        return;
    }
    let a = TestServer::spawn().await;
    let b = Peer::beside(&a).await;
    assert_eq!(
        a.state.secret_key.public_key(),
        b.state.secret_key.public_key(),
        "one key, in the database"
    );
    // The tablet learnt A's public key; B opens what it sealed.
    let item = a.item(&report(WhatHappened::SawSomethingUpsetting));
    let r = sync_via(&a, &b.url, vec![item.clone()]).await;
    let body: SyncResponse = r.json().await.unwrap();
    assert_eq!(body.acks[0].status, AckStatus::Stored, "{:?}", body.acks[0]);
    let stored = a
        .state
        .storage
        .report(&item.id.to_string())
        .await
        .unwrap()
        .expect("stored");
    assert!(stored.payload.contains("They keep messaging me"));
}

#[tokio::test]
async fn an_urgent_report_is_alerted_once_when_both_servers_look_at_once() {
    if skip_without_postgres("an_urgent_report_is_alerted_once") {
        return;
    }
    let a = TestServer::spawn().await;
    let b = Peer::beside(&a).await;
    a.add_staff("dsl@school.example", Role::Dsl).await;
    let (port, mails) = crate::alerts::smtp_sink().await;
    let mut config = a.config.clone();
    config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    let mailer = Mailer::from_config(&config).unwrap().unwrap();

    a.sync_ok(vec![a.item(&report(WhatHappened::WantsToMeetMe))])
        .await;
    let (on_a, on_b) = tokio::join!(alert_once(&a.state, &mailer), alert_once(&b.state, &mailer));
    assert_eq!(on_a.unwrap() + on_b.unwrap(), 1, "one of them alerts");
    assert_eq!(mails.lock().unwrap().len(), 1, "one email");
}
