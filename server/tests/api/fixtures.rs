//! The end-to-end tests' fixtures (`kite-server dev seed`), on this engine: the autumn term they
//! seed holds the figures the governors' report test reads, and a class comes back with its ids.

use kite_protocol::staff::Role;
use kite_server::fixtures::seed;

use crate::helpers::TestServer;

/// 1 September 2025 and 1 January 2026, 00:00 UTC: the seeded autumn term.
const TERM: i64 = 1_756_684_800_000;
const TERM_END: i64 = 1_767_225_600_000;
/// 1 June 2025: the term before.
const SUMMER: i64 = 1_748_736_000_000;

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn the_seeded_term_holds_the_governors_figures() {
    let s = TestServer::spawn().await;
    let storage = &s.state.storage;
    assert!(
        seed(&s.state, "term", &[]).await.is_err(),
        "a DSL triages the term's reports"
    );
    s.add_staff("dsl@school.example", Role::Dsl).await;
    let out = seed(&s.state, "term", &[]).await.unwrap();
    assert_eq!(
        out,
        serde_json::json!({ "term_reports": 10, "before_reports": 4 })
    );

    let term = storage.report_facts("pupil", TERM, TERM_END).await.unwrap();
    assert_eq!(term.len(), 10);
    assert_eq!(term.iter().filter(|r| r.urgent).count(), 3);
    assert_eq!(term.iter().filter(|r| r.status == "closed").count(), 5);
    assert!(term
        .iter()
        .all(|r| r.first_response_ms == Some(r.received_at_ms + 3_600_000)));
    assert_eq!(
        storage
            .report_facts("pupil", SUMMER, TERM)
            .await
            .unwrap()
            .len(),
        4
    );
    let mut actions = storage.action_counts(TERM, TERM_END).await.unwrap();
    actions.sort();
    assert_eq!(
        actions,
        [
            ("parents_informed".to_string(), 3),
            ("spoke_with_pupil".to_string(), 5)
        ]
    );
    let lessons = storage.lesson_counts(TERM, TERM_END).await.unwrap();
    assert_eq!(
        lessons,
        [
            ("kind-words".to_string(), "eyfs".to_string(), 4),
            ("strong-passwords".to_string(), "ks2".to_string(), 2)
        ]
    );
    let aup = storage.aup_figures().await.unwrap();
    assert_eq!(
        (
            aup.pupils,
            aup.pupils_signed_current,
            aup.parents_cosigned_current
        ),
        (5, 4, 1)
    );
    assert_eq!(aup.photo_consent_given, [("website".to_string(), 3)]);

    assert!(
        seed(&s.state, "term", &[]).await.is_err(),
        "a term is seeded once"
    );
}

#[tokio::test]
async fn a_class_comes_back_with_its_pupils_ids() {
    let s = TestServer::spawn().await;
    s.add_staff("teacher@school.example", Role::Teacher).await;
    let out = seed(
        &s.state,
        "class",
        &args(&[
            "--name",
            "Hedgehogs",
            "--band",
            "ks1",
            "--teacher",
            "teacher@school.example",
            "--pupil",
            "Amira B",
            "--pupil",
            "Ben C",
        ]),
    )
    .await
    .unwrap();
    let class_id = kite_server::ids::ClassId(out["class_id"].as_i64().unwrap());
    let class = s.state.storage.class(class_id).await.unwrap().unwrap();
    assert_eq!(class.name, "Hedgehogs");
    let pupils = s.state.storage.class_pupils(class_id).await.unwrap();
    for p in &pupils {
        assert_eq!(out["pupils"][&p.first_name].as_i64(), Some(p.id.0));
    }
    assert_eq!(pupils.len(), 2);
    assert!(seed(
        &s.state,
        "class",
        &args(&["--name", "Owls", "--band", "ks9"])
    )
    .await
    .is_err());
    assert!(seed(&s.state, "no-such-fixture", &[]).await.is_err());
}

#[tokio::test]
async fn tablets_come_enrolled_each_with_its_own_token() {
    let s = TestServer::spawn().await;
    let out = seed(&s.state, "tablets", &args(&["--count", "3"]))
        .await
        .unwrap();
    let tokens: Vec<&str> = out["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tokens.len(), 3);
    for token in &tokens {
        let config = s
            .client
            .get(format!("{}/api/v1/device/config", s.url))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(
            config.status(),
            200,
            "each token is a tablet the server knows"
        );
    }
    let names: Vec<String> = s
        .state
        .storage
        .list_devices()
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert!(names.contains(&"Class tablet 3".to_string()));
    // The test server's own tablet and the three.
    assert_eq!(names.len(), 4);
    assert!(seed(&s.state, "tablets", &args(&["--count", "0"]))
        .await
        .is_err());
    assert!(seed(&s.state, "tablets", &args(&["--count", "5000"]))
        .await
        .is_err());
}
