//! A class's "I can" answers through `POST /api/v1/sync`, and the latest of them in
//! `GET /api/v1/device/coverage`.

use kite_protocol::class_check::{ClassAnswer, ClassCheck, MAX_OUTCOMES};
use kite_protocol::lesson_record::ClassCoverage;
use kite_protocol::sealed::seal;
use kite_protocol::sync::{AckStatus, ItemKind, SyncItem};
use uuid::Uuid;

use crate::class_fixture::ClassFixture;
use crate::helpers::TestServer;

fn check(class: &str, lesson_id: &str, outcome: u8, answer: ClassAnswer, at_ms: i64) -> ClassCheck {
    ClassCheck {
        lesson_id: lesson_id.into(),
        outcome,
        answer,
        class_label: Some(class.into()),
        class_id: None,
        answered_at_ms: at_ms,
    }
}

fn sealed_item(s: &TestServer, json: &[u8]) -> SyncItem {
    SyncItem {
        id: Uuid::new_v4(),
        kind: ItemKind::ClassCheck,
        sealed: seal(&s.public_key, json).unwrap(),
        answer_code: None,
    }
}

fn check_item(s: &TestServer, check: &ClassCheck) -> SyncItem {
    sealed_item(s, &serde_json::to_vec(check).unwrap())
}

async fn coverage(s: &TestServer, class: &str) -> ClassCoverage {
    let response = s
        .client
        .get(format!("{}/api/v1/device/coverage", s.url))
        .query(&[("class", class)])
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn stored_count(s: &TestServer) -> i64 {
    let db = ClassFixture::open(s).await;
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM class_checks")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

const T: i64 = 1_764_000_000_000;

#[tokio::test]
async fn an_answer_is_stored_once_and_a_resend_is_a_duplicate() {
    let s = TestServer::spawn().await;
    ClassFixture::open(&s).await.class("Oak", "ks1").await;
    let item = check_item(&s, &check("Oak", "kind-online", 0, ClassAnswer::Wobbly, T));
    assert_eq!(
        s.sync_ok(vec![item.clone()]).await.acks[0].status,
        AckStatus::Stored
    );
    let again = s.sync_ok(vec![item.clone(), item.clone()]).await;
    let statuses: Vec<_> = again.acks.iter().map(|a| a.status).collect();
    assert_eq!(statuses, vec![AckStatus::Duplicate, AckStatus::Duplicate]);
    assert_eq!(stored_count(&s).await, 1);

    let body = coverage(&s, "oak").await;
    assert_eq!(body.checks.len(), 1);
    assert_eq!(body.checks[0].lesson_id, "kind-online");
    assert_eq!(body.checks[0].outcome, 0);
    assert_eq!(body.checks[0].answer, ClassAnswer::Wobbly);
    assert_eq!(body.checks[0].answered_at_ms, T);
}

#[tokio::test]
async fn coverage_gives_each_outcomes_latest_answer_for_that_class_only() {
    let s = TestServer::spawn().await;
    let db = ClassFixture::open(&s).await;
    db.class("Oak", "ks1").await;
    let ash = db.class("Ash", "ks2").await;
    let by_id = ClassCheck {
        class_label: None,
        class_id: Some(ash),
        ..check("", "is-it-true", 0, ClassAnswer::ThumbsUp, T)
    };
    // Sent out of order: the later answer counts, whenever it arrives.
    s.sync_ok(vec![
        check_item(
            &s,
            &check("Oak", "kind-online", 0, ClassAnswer::ThumbsUp, T + 60_000),
        ),
        check_item(&s, &check("Oak", "kind-online", 0, ClassAnswer::NotYet, T)),
        check_item(
            &s,
            &check(" oak ", "kind-online", 1, ClassAnswer::Wobbly, T),
        ),
        check_item(&s, &by_id),
    ])
    .await;
    assert_eq!(stored_count(&s).await, 4, "every answer is kept");

    let oak = coverage(&s, "Oak").await;
    let mut seen: Vec<(String, u8, ClassAnswer)> = oak
        .checks
        .iter()
        .map(|c| (c.lesson_id.clone(), c.outcome, c.answer))
        .collect();
    seen.sort_by_key(|c| c.1);
    assert_eq!(
        seen,
        vec![
            ("kind-online".into(), 0, ClassAnswer::ThumbsUp),
            ("kind-online".into(), 1, ClassAnswer::Wobbly),
        ]
    );
    let ash = coverage(&s, "Ash").await;
    assert_eq!(ash.checks.len(), 1, "kept under the class list's name");
    assert_eq!(ash.checks[0].lesson_id, "is-it-true");
    assert!(coverage(&s, "Elm").await.checks.is_empty());
}

#[tokio::test]
async fn bad_answers_are_refused_with_a_reason_and_the_good_one_is_kept() {
    let s = TestServer::spawn().await;
    ClassFixture::open(&s).await.class("Oak", "ks1").await;
    let good = check_item(
        &s,
        &check("Oak", "kind-online", 0, ClassAnswer::ThumbsUp, T),
    );
    let no_class = ClassCheck {
        class_label: None,
        ..check("", "kind-online", 0, ClassAnswer::ThumbsUp, T)
    };
    let items = vec![
        check_item(&s, &no_class),
        good.clone(),
        check_item(&s, &check("Oak", "kind-online", MAX_OUTCOMES, ClassAnswer::Wobbly, T)),
        sealed_item(
            &s,
            br#"{"lesson_id":"kind-online","outcome":0,"answer":"7/10","class_label":"Oak","answered_at_ms":1}"#,
        ),
        sealed_item(
            &s,
            br#"{"lesson_id":"kind-online","outcome":0,"answer":"wobbly","class_label":"Oak","answered_at_ms":1,"first_name":"Ava"}"#,
        ),
        check_item(&s, &check("Elm", "kind-online", 0, ClassAnswer::NotYet, T)),
    ];
    let acks = s.sync_ok(items).await.acks;
    let statuses: Vec<_> = acks.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        vec![
            AckStatus::Rejected,
            AckStatus::Stored,
            AckStatus::Rejected,
            AckStatus::Rejected,
            AckStatus::Rejected,
            AckStatus::Rejected,
        ]
    );
    let reasons: Vec<String> = acks.iter().filter_map(|a| a.reason.clone()).collect();
    assert!(
        reasons.iter().all(|r| r.starts_with("class check:")),
        "{reasons:?}"
    );
    assert!(reasons[0].contains("class_label"), "{reasons:?}");
    assert!(reasons[1].contains("outcome"), "{reasons:?}");
    assert!(reasons[2].contains("unknown variant"), "{reasons:?}");
    assert!(reasons[3].contains("unknown field"), "{reasons:?}");
    assert!(
        reasons[4].contains("not on this school's class list"),
        "{reasons:?}"
    );
    assert!(
        !reasons.iter().any(|r| r.contains("Ava")),
        "never echoes content"
    );
    assert_eq!(stored_count(&s).await, 1);
}

#[tokio::test]
async fn a_stored_answer_is_never_changed_or_removed() {
    let s = TestServer::spawn().await;
    let db = ClassFixture::open(&s).await;
    db.class("Oak", "ks1").await;
    s.sync_ok(vec![check_item(
        &s,
        &check("Oak", "kind-online", 0, ClassAnswer::NotYet, T),
    )])
    .await;
    let update = sqlx::query("UPDATE class_checks SET answer = 'thumbs_up'")
        .execute(&db.pool)
        .await;
    assert!(update.is_err(), "an answer is not rewritten");
    let delete = sqlx::query("DELETE FROM class_checks")
        .execute(&db.pool)
        .await;
    assert!(delete.is_err(), "an answer is not removed");
    assert_eq!(
        coverage(&s, "Oak").await.checks[0].answer,
        ClassAnswer::NotYet
    );
}
