//! An answer for an anonymous child: the picture code sent beside a report is kept only as a
//! keyed hash; the DSL's answer is a new entry in the record, audited; any of the school's
//! tablets shows it for the right code, and a wrong, unanswered or expired code gets the same
//! empty reply; wrong codes are limited per tablet.

use kite_protocol::answer::{AnswerCode, AnswerReply, ANSWER_TEMPLATES};
use kite_protocol::report::WhatHappened;
use kite_protocol::staff::{AuditPage, ReportDetail, Role};
use kite_server::auth::device_token::enrol;
use reqwest::{Method, StatusCode};

use crate::helpers::{report, StaffClient, TestServer};

pub(crate) const CODE: AnswerCode = AnswerCode([3, 17, 0, 23]);
pub(crate) const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// An anonymous report from the test tablet whose child asked for an answer with `code`.
pub(crate) async fn report_asking(s: &TestServer, code: Option<AnswerCode>) -> String {
    let mut item = s.item(&report(WhatHappened::SomeoneWasUnkind));
    item.answer_code = code;
    s.sync_ok(vec![item.clone()]).await;
    item.id.to_string()
}

pub(crate) async fn ask(s: &TestServer, token: &str, code: AnswerCode) -> reqwest::Response {
    s.client
        .post(format!("{}/api/v1/device/answer", s.url))
        .bearer_auth(token)
        .json(&serde_json::json!({ "code": code }))
        .send()
        .await
        .unwrap()
}

async fn answer_seen(s: &TestServer, token: &str, code: AnswerCode) -> Option<String> {
    let r = ask(s, token, code).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["cache-control"],
        "no-store",
        "never kept by a cache"
    );
    r.json::<AnswerReply>().await.unwrap().answer
}

pub(crate) async fn answer(c: &StaffClient, id: &str, message: &str) -> reqwest::Response {
    c.send(Method::POST, &format!("/staff/reports/{id}/answer"))
        .json(&serde_json::json!({ "message": message }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_dsls_answer_reaches_the_right_code_on_any_of_the_schools_tablets() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let id = report_asking(&s, Some(CODE)).await;

    // Only a keyed hash is kept: not the pictures' numbers in any form a query could find.
    let hash = s
        .state
        .storage
        .answer_code_hash(&id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hash.len(), 64);
    assert_eq!(
        hash,
        kite_server::answer_codes::code_hash(&s.state.secret_key, &CODE)
    );
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT report_id, code_hash FROM answer_codes")
            .fetch_all(&s.db().await)
            .await
            .unwrap();
    assert_eq!(rows, vec![(id.clone(), hash.clone())]);
    for plain in ["3,17,0,23", "[3,17,0,23]", "0311170023", "03110017"] {
        assert!(!hash.contains(plain));
    }

    // Nothing until the DSL answers.
    assert_eq!(answer_seen(&s, &s.token, CODE).await, None);

    let r = answer(&c, &id, ANSWER_TEMPLATES[0]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        answer_seen(&s, &s.token, CODE).await.as_deref(),
        Some(ANSWER_TEMPLATES[0])
    );
    // Another of the school's tablets, used by the child later.
    let (_, other) = enrol(&s.state.storage, "Library tablet").await.unwrap();
    assert_eq!(
        answer_seen(&s, &other, CODE).await.as_deref(),
        Some(ANSWER_TEMPLATES[0])
    );
    // The same pictures in another order are another code.
    assert_eq!(
        answer_seen(&s, &s.token, AnswerCode([17, 3, 0, 23])).await,
        None
    );

    // A second answer is added, never an edit: the child sees the newer, the record keeps both.
    let r = answer(&c, &id, ANSWER_TEMPLATES[2]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        answer_seen(&s, &s.token, CODE).await.as_deref(),
        Some(ANSWER_TEMPLATES[2])
    );
    let detail: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
    assert!(detail.wants_answer, "the record says the child asked");
    let answered: Vec<_> = detail
        .chronology
        .iter()
        .filter(|e| e.kind == "child_answered")
        .map(|e| e.detail.clone())
        .collect();
    assert_eq!(
        answered,
        vec![
            format!("Answered the child: {}", ANSWER_TEMPLATES[0]),
            format!("Answered the child: {}", ANSWER_TEMPLATES[2]),
        ]
    );
    let audit: AuditPage = c.json("/staff/audit").await;
    let entries: Vec<_> = audit
        .entries
        .iter()
        .filter(|e| e.action == "report_child_answered")
        .collect();
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| e.report_id.as_deref() == Some(&id)));
    assert!(
        !serde_json::to_string(&audit).unwrap().contains("Thank you"),
        "the audit names the entry, never the words"
    );

    // It is visible for 14 days.
    let expires: i64 = sqlx::query_scalar("SELECT MAX(expires_at_ms) FROM child_answers")
        .fetch_one(&s.db().await)
        .await
        .unwrap();
    let in_days = (expires - kite_server::clock::now_ms()) as f64 / DAY_MS as f64;
    assert!((13.9..=14.0).contains(&in_days), "{in_days}");

    // Answers and codes are only added to.
    let db = s.db().await;
    for sql in [
        "UPDATE child_answers SET message = 'changed'",
        "DELETE FROM child_answers",
        "UPDATE answer_codes SET code_hash = 'x'",
        "DELETE FROM answer_codes",
    ] {
        assert!(sqlx::query(sql).execute(&db).await.is_err(), "{sql}");
    }
}

#[tokio::test]
async fn only_a_child_who_asked_is_answered_and_the_answer_is_checked() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let no_code = report_asking(&s, None).await;
    let detail: ReportDetail = c.json(&format!("/staff/reports/{no_code}")).await;
    assert!(!detail.wants_answer);
    let r = answer(&c, &no_code, ANSWER_TEMPLATES[0]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("did not ask for an answer"),
        "{body}"
    );

    let id = report_asking(&s, Some(CODE)).await;
    for bad in ["", "   ", &"a".repeat(401)] {
        let r = answer(&c, &id, bad).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad:?}");
    }
    let r = answer(&c, &uuid::Uuid::new_v4().to_string(), ANSWER_TEMPLATES[0]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A picture code on anything but a report is refused, and nothing of it kept.
    let mut item = s.item(&report(WhatHappened::SomeoneWasUnkind));
    item.kind = kite_protocol::sync::ItemKind::LessonDone;
    item.answer_code = Some(CODE);
    let acks = s.sync_ok(vec![item]).await;
    assert_eq!(
        acks.acks[0].status,
        kite_protocol::sync::AckStatus::Rejected
    );
    // A picture that doesn't exist is refused with the report kept on the tablet.
    let mut item = s.item(&report(WhatHappened::SomeoneWasUnkind));
    item.answer_code = Some(AnswerCode([0, 1, 2, 24]));
    let acks = s.sync_ok(vec![item]).await;
    assert_eq!(
        acks.acks[0].status,
        kite_protocol::sync::AckStatus::Rejected
    );
    let codes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM answer_codes")
        .fetch_one(&s.db().await)
        .await
        .unwrap();
    assert_eq!(codes, 1);
}

#[tokio::test]
async fn a_report_sent_twice_keeps_its_first_code() {
    let s = TestServer::spawn().await;
    let mut item = s.item(&report(WhatHappened::SomeoneWasUnkind));
    item.answer_code = Some(CODE);
    s.sync_ok(vec![item.clone()]).await;
    item.answer_code = Some(AnswerCode([1, 1, 1, 1]));
    let acks = s.sync_ok(vec![item.clone()]).await;
    assert_eq!(
        acks.acks[0].status,
        kite_protocol::sync::AckStatus::Duplicate
    );
    assert_eq!(
        s.state
            .storage
            .answer_code_hash(&item.id.to_string())
            .await
            .unwrap(),
        Some(kite_server::answer_codes::code_hash(
            &s.state.secret_key,
            &CODE
        ))
    );
}

#[tokio::test]
async fn an_expired_answer_is_gone_and_looks_like_no_answer() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let id = report_asking(&s, Some(CODE)).await;
    let now = kite_server::clock::now_ms();
    let entry = kite_server::storage::NewReportEvent {
        at_ms: now - 15 * DAY_MS,
        staff_id: dsl.id,
        staff_name: "DSL".into(),
        kind: "child_answered".into(),
        action_type: None,
        detail: "Answered the child".into(),
    };
    s.state
        .storage
        .add_child_answer(&id, &entry, ANSWER_TEMPLATES[1], now - DAY_MS)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(answer_seen(&s, &s.token, CODE).await, None);
}

#[tokio::test]
async fn wrong_codes_are_limited_per_tablet_and_a_limited_tablet_learns_nothing() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let id = report_asking(&s, Some(CODE)).await;
    assert_eq!(answer(&c, &id, ANSWER_TEMPLATES[0]).await.status(), 200);

    // A right code costs no try.
    for _ in 0..6 {
        assert!(answer_seen(&s, &s.token, CODE).await.is_some());
    }
    for n in 0..5u8 {
        assert_eq!(
            answer_seen(&s, &s.token, AnswerCode([n, n, n, n])).await,
            None
        );
    }
    for code in [AnswerCode([9, 9, 9, 9]), CODE] {
        let r = ask(&s, &s.token, code).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        let body = r.text().await.unwrap();
        assert!(!body.contains("Thank you"), "{body}");
    }
    // Another tablet in the school is not held up by this one.
    let (_, other) = enrol(&s.state.storage, "Library tablet").await.unwrap();
    assert!(answer_seen(&s, &other, CODE).await.is_some());

    // Only the school's tablets may ask.
    let r = ask(&s, "kite_dev_not-a-token", CODE).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = s
        .client
        .post(format!("{}/api/v1/device/answer", s.url))
        .json(&serde_json::json!({ "code": CODE }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}
