//! Lesson records through `POST /api/v1/sync`, and `GET /api/v1/device/coverage`.

use kite_protocol::lesson_record::{ClassCoverage, LessonRecord, TaughtBy};
use kite_protocol::report::WhatHappened;
use kite_protocol::sealed::seal;
use kite_protocol::sync::{AckStatus, ItemKind, SyncItem};
use kite_protocol::Band;
use uuid::Uuid;

use crate::class_fixture::ClassFixture;
use crate::helpers::{report, TestServer};

fn record(lesson_id: &str, class: Option<&str>, by: TaughtBy) -> LessonRecord {
    LessonRecord {
        lesson_id: lesson_id.into(),
        band: Band::Ks1,
        class_label: class.map(str::to_owned),
        class_id: None,
        by,
        completed_at_ms: 1_764_000_000_000,
    }
}

fn lesson_item(s: &TestServer, record: &LessonRecord) -> SyncItem {
    SyncItem {
        id: Uuid::new_v4(),
        kind: ItemKind::LessonDone,
        sealed: seal(&s.public_key, &serde_json::to_vec(record).unwrap()).unwrap(),
        answer_code: None,
    }
}

async fn coverage(s: &TestServer, class: &str, token: Option<&str>) -> reqwest::Response {
    let mut req = s
        .client
        .get(format!("{}/api/v1/device/coverage", s.url))
        .query(&[("class", class)]);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_lesson_record_is_stored_once_and_a_resend_is_a_duplicate() {
    let s = TestServer::spawn().await;
    ClassFixture::open(&s).await.class("Oak", "ks1").await;
    let item = lesson_item(&s, &record("kind-online", Some("Oak"), TaughtBy::Pupil));
    let first = s.sync_ok(vec![item.clone()]).await;
    assert_eq!(first.acks[0].status, AckStatus::Stored);
    let again = s.sync_ok(vec![item.clone(), item.clone()]).await;
    let statuses: Vec<_> = again.acks.iter().map(|a| a.status).collect();
    assert_eq!(statuses, vec![AckStatus::Duplicate, AckStatus::Duplicate]);

    let rows = s.state.storage.lesson_records().await.unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.id, item.id.to_string());
    assert_eq!(row.lesson_id, "kind-online");
    assert_eq!(row.band, "ks1");
    assert_eq!(row.class_label.as_deref(), Some("Oak"));
    assert_eq!(row.by, "pupil");
    assert_eq!(row.device_id, s.device_id);
    assert_eq!(row.completed_at_ms, 1_764_000_000_000);
}

#[tokio::test]
async fn a_batch_mixing_a_report_and_a_lesson_record_stores_both() {
    let s = TestServer::spawn().await;
    let report_item = s.item(&report(WhatHappened::SomeoneWasUnkind));
    let lesson = lesson_item(&s, &record("kind-online", Some("Oak"), TaughtBy::Teacher));
    let acks = s
        .sync_ok(vec![lesson.clone(), report_item.clone()])
        .await
        .acks;
    assert_eq!(acks[0].id, lesson.id);
    assert_eq!(acks[1].id, report_item.id);
    assert!(
        acks.iter().all(|a| a.status == AckStatus::Stored),
        "{acks:?}"
    );
    assert_eq!(s.stored_ids().await, vec![report_item.id.to_string()]);
    let rows = s.state.storage.lesson_records().await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, lesson.id.to_string());
}

#[tokio::test]
async fn invalid_lesson_records_are_rejected_with_a_reason() {
    let s = TestServer::spawn().await;
    let good = lesson_item(&s, &record("kind-online", None, TaughtBy::Pupil));
    let no_class = lesson_item(&s, &record("kind-online", None, TaughtBy::Teacher));
    let bad_id = lesson_item(&s, &record("Kind Online!", Some("Oak"), TaughtBy::Pupil));
    let with_a_name = SyncItem {
        id: Uuid::new_v4(),
        kind: ItemKind::LessonDone,
        sealed: seal(
            &s.public_key,
            br#"{"lesson_id":"kind-online","band":"ks1","by":"pupil","completed_at_ms":1,"first_name":"Ava"}"#,
        )
        .unwrap(),
            answer_code: None,
    };
    // A report sent with the lesson kind is not a lesson record.
    let wrong_kind = SyncItem {
        kind: ItemKind::LessonDone,
        ..s.item(&report(WhatHappened::SomethingElse))
    };
    let acks = s
        .sync_ok(vec![
            no_class,
            good.clone(),
            bad_id,
            with_a_name,
            wrong_kind,
        ])
        .await
        .acks;
    let statuses: Vec<_> = acks.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        vec![
            AckStatus::Rejected,
            AckStatus::Stored,
            AckStatus::Rejected,
            AckStatus::Rejected,
            AckStatus::Rejected
        ]
    );
    let reasons: Vec<String> = acks.iter().filter_map(|a| a.reason.clone()).collect();
    assert!(reasons[0].contains("class_label"), "{reasons:?}");
    assert!(reasons[1].contains("lesson_id"), "{reasons:?}");
    assert!(reasons[2].contains("unknown field"), "{reasons:?}");
    assert!(reasons[3].starts_with("lesson record:"), "{reasons:?}");
    assert!(
        !reasons.iter().any(|r| r.contains("Ava")),
        "never echoes content"
    );
    let rows = s.state.storage.lesson_records().await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, good.id.to_string());
}

#[tokio::test]
async fn coverage_needs_a_device_token() {
    let s = TestServer::spawn().await;
    assert_eq!(coverage(&s, "Oak", None).await.status(), 401);
    assert_eq!(
        coverage(&s, "Oak", Some("kite_dev_not-a-real-token"))
            .await
            .status(),
        401
    );
    let missing = s
        .client
        .get(format!("{}/api/v1/device/coverage", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 400);
    let body: serde_json::Value = missing.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("class"));
}

#[tokio::test]
async fn coverage_returns_what_was_recorded_for_the_class() {
    let s = TestServer::spawn().await;
    let db = ClassFixture::open(&s).await;
    db.class("Oak – Year 2", "ks1").await;
    db.class("Ash", "ks2").await;
    let mut later = record("kind-online", Some("Oak – Year 2"), TaughtBy::Pupil);
    later.completed_at_ms += 60_000;
    s.sync_ok(vec![
        lesson_item(
            &s,
            &record("kind-online", Some("Oak – Year 2"), TaughtBy::Teacher),
        ),
        lesson_item(&s, &later),
        lesson_item(
            &s,
            &record(
                "private-information",
                Some(" oak – year 2 "),
                TaughtBy::Pupil,
            ),
        ),
        lesson_item(&s, &record("is-it-true", Some("Ash"), TaughtBy::Teacher)),
        lesson_item(&s, &record("screen-time-balance", None, TaughtBy::Pupil)),
    ])
    .await;

    let response = coverage(&s, "Oak – Year 2", Some(&s.token)).await;
    assert_eq!(response.status(), 200);
    let body: ClassCoverage = response.json().await.unwrap();
    assert_eq!(body.class_label, "Oak – Year 2");
    let ids: Vec<&str> = body.lessons.iter().map(|l| l.lesson_id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["kind-online", "private-information"],
        "latest first"
    );
    let kind = &body.lessons[0];
    assert_eq!(kind.band, Band::Ks1);
    assert_eq!(kind.times, 2);
    assert!(kind.taught_by_teacher);
    assert_eq!(kind.latest_ms, 1_764_000_060_000);
    assert!(!body.lessons[1].taught_by_teacher);

    let nobody: ClassCoverage = coverage(&s, "Willow", Some(&s.token))
        .await
        .json()
        .await
        .unwrap();
    assert!(nobody.lessons.is_empty());
}

/// The register and the parents' corner find a class by its name in the class list, so a tablet
/// set to a class records it by that name, whatever label it carries.
#[tokio::test]
async fn a_tablet_set_to_a_class_records_its_lessons_for_that_class() {
    let s = TestServer::spawn().await;
    let db = ClassFixture::open(&s).await;
    let oak = db.class("Oak", "ks1").await;
    let mut taught = record(
        "kind-online",
        Some("Oak \u{2013} Year 2"),
        TaughtBy::Teacher,
    );
    taught.class_id = Some(oak);
    s.sync_ok(vec![lesson_item(&s, &taught)]).await;

    let body: ClassCoverage = coverage(&s, "Oak", Some(&s.token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body.lessons.len(), 1, "{body:?}");
    assert!(body.lessons[0].taught_by_teacher);
}

/// A class id the school doesn't have (a class since deleted, or a tablet from another server) is
/// left off; an old tablet's typed label is kept only when it is a class's exact name. Nothing is
/// stored under a name that matches no class.
#[tokio::test]
async fn unknown_classes_are_not_recorded_and_old_labels_match_by_exact_name() {
    let s = TestServer::spawn().await;
    let db = ClassFixture::open(&s).await;
    let oak = db.class("Oak", "ks1").await;
    let mut gone = record("kind-online", Some("Oak"), TaughtBy::Pupil);
    gone.class_id = Some(oak + 1000);
    let acks = s
        .sync_ok(vec![
            lesson_item(&s, &gone),
            lesson_item(&s, &record("is-it-true", Some(" oak "), TaughtBy::Pupil)),
            lesson_item(
                &s,
                &record(
                    "private-information",
                    Some("Oak \u{2013} Year 2"),
                    TaughtBy::Pupil,
                ),
            ),
        ])
        .await
        .acks;
    assert!(
        acks.iter().all(|a| a.status == AckStatus::Stored),
        "{acks:?}"
    );
    let mut rows: Vec<_> = s
        .state
        .storage
        .lesson_records()
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.lesson_id, r.class_label))
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        [
            ("is-it-true".to_string(), Some("Oak".to_string())),
            ("kind-online".to_string(), None),
            ("private-information".to_string(), None),
        ]
    );
}
