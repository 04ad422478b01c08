//! An answer for an anonymous child: the picture code sent beside a report is kept only as a
//! keyed hash; the DSL's answer is a new entry in the record, audited; any of the school's
//! tablets shows it for the right code, and a wrong, unanswered or expired code gets the same
//! empty reply; wrong codes are limited per tablet.

use kite_protocol::answer::{AnswerCode, AnswerReply, ANSWER_TEMPLATES};
use kite_protocol::record::DslHome;
use kite_protocol::report::WhatHappened;
use kite_protocol::staff::{AuditPage, ReportDetail, Role, SchoolProfileForm};
use kite_server::auth::device_token::enrol;
use kite_server::ids::StaffId;
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
    answer_expired_yesterday(&s, dsl.id, &id).await;
    assert_eq!(answer_seen(&s, &s.token, CODE).await, None);
}

/// Writes an answer to report `id` as `dsl` 15 days ago that expired a day ago, through the
/// storage call the answer route uses (a test can't wait for time to pass).
pub(crate) async fn answer_expired_yesterday(s: &TestServer, dsl: StaffId, id: &str) {
    let now = kite_server::clock::now_ms();
    let entry = kite_server::storage::NewReportEvent {
        at_ms: now - 15 * DAY_MS,
        staff_id: dsl,
        staff_name: "DSL".into(),
        kind: "child_answered".into(),
        action_type: None,
        detail: "Answered the child".into(),
    };
    s.state
        .storage
        .add_child_answer(id, &entry, ANSWER_TEMPLATES[1], now - DAY_MS, false)
        .await
        .unwrap()
        .unwrap();
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

async fn set_answer_settings(c: &StaffClient, days: u32, needs_check: bool) -> reqwest::Response {
    let mut form: SchoolProfileForm = c.json("/staff/school").await;
    form.answer_days = days;
    form.answer_needs_check = needs_check;
    c.send(Method::PUT, "/staff/school")
        .json(&form)
        .send()
        .await
        .unwrap()
}

async fn newest_expiry_in_days(s: &TestServer) -> f64 {
    let expires: i64 = sqlx::query_scalar("SELECT MAX(expires_at_ms) FROM child_answers")
        .fetch_one(&s.db().await)
        .await
        .unwrap();
    (expires - kite_server::clock::now_ms()) as f64 / DAY_MS as f64
}

#[tokio::test]
async fn the_school_sets_how_long_an_answer_lasts_and_only_a_dsl_changes_it() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let admin = s.add_staff("head@school.example", Role::Admin).await;
    let a = s.session_for(admin.id).await;
    let form: SchoolProfileForm = c.json("/staff/school").await;
    assert_eq!((form.answer_days, form.answer_needs_check), (14, false));

    for bad in [0, 61] {
        let r = set_answer_settings(&c, bad, false).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("between 1 and 60 days"),
            "{body}"
        );
    }
    // The head (an admin) may save the rest of the page, but not these.
    for (days, check) in [(30, false), (14, true)] {
        let r = set_answer_settings(&a, days, check).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{days} {check}");
    }
    assert_eq!(set_answer_settings(&a, 14, false).await.status(), 200);

    let r = set_answer_settings(&c, 30, false).await;
    assert_eq!(r.status(), 200);
    let saved: SchoolProfileForm = r.json().await.unwrap();
    assert_eq!(saved.answer_days, 30);
    let form: SchoolProfileForm = a.json("/staff/school").await;
    assert_eq!((form.answer_days, form.answer_needs_check), (30, false));
    let audit: AuditPage = c.json("/staff/audit").await;
    let changed: Vec<_> = audit
        .entries
        .iter()
        .filter(|e| e.action == "answer_settings_changed")
        .map(|e| e.detail.clone())
        .collect();
    assert_eq!(
        changed,
        vec!["14 -> 30 days, second DSL's check: false -> false".to_string()]
    );
    assert_eq!(
        audit
            .entries
            .iter()
            .filter(|e| e.action == "access_denied" && e.staff_email == admin.email)
            .count(),
        2
    );

    // Used when an answer is written: the stored expiry is the setting's days from now.
    let id = report_asking(&s, Some(CODE)).await;
    assert_eq!(answer(&c, &id, ANSWER_TEMPLATES[0]).await.status(), 200);
    let in_days = newest_expiry_in_days(&s).await;
    assert!((29.9..=30.0).contains(&in_days), "{in_days}");
    // A later change leaves the written answer's expiry as it was.
    assert_eq!(set_answer_settings(&c, 1, false).await.status(), 200);
    let in_days = newest_expiry_in_days(&s).await;
    assert!((29.9..=30.0).contains(&in_days), "{in_days}");
    assert_eq!(answer(&c, &id, ANSWER_TEMPLATES[1]).await.status(), 200);
    let written: Vec<i64> =
        sqlx::query_scalar("SELECT expires_at_ms - written_at_ms FROM child_answers ORDER BY id")
            .fetch_all(&s.db().await)
            .await
            .unwrap();
    assert_eq!(written, vec![30 * DAY_MS, DAY_MS]);
}

async fn check(
    c: &StaffClient,
    id: &str,
    answer: i64,
    body: serde_json::Value,
) -> reqwest::Response {
    c.send(
        Method::POST,
        &format!("/staff/reports/{id}/answers/{answer}/check"),
    )
    .json(&body)
    .send()
    .await
    .unwrap()
}

async fn error_of(r: reqwest::Response) -> String {
    let body: serde_json::Value = r.json().await.unwrap();
    body["error"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn when_the_school_wants_it_a_second_dsl_checks_an_answer_before_the_child_sees_it() {
    let s = TestServer::spawn().await;
    let first = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c1 = s.session_for(first.id).await;
    let deputy = s.add_staff("deputy@school.example", Role::Dsl).await;
    let c2 = s.session_for(deputy.id).await;
    assert_eq!(set_answer_settings(&c1, 14, true).await.status(), 200);
    let id = report_asking(&s, Some(CODE)).await;

    assert_eq!(answer(&c1, &id, ANSWER_TEMPLATES[0]).await.status(), 200);
    assert_eq!(
        answer_seen(&s, &s.token, CODE).await,
        None,
        "not checked yet"
    );
    let detail: ReportDetail = c1.json(&format!("/staff/reports/{id}")).await;
    let [written] = detail.answers.as_slice() else {
        panic!("{:?}", detail.answers)
    };
    assert!(written.needs_check && written.written_by_you && written.check.is_none());
    let answer_id = written.id;

    // Waiting on the other DSL's home, not the writer's.
    let home: DslHome = c2.json("/staff/dsl-home").await;
    assert_eq!(home.answers_to_check.len(), 1);
    assert_eq!(home.answers_to_check[0].report_id, id);
    let home: DslHome = c1.json("/staff/dsl-home").await;
    assert!(home.answers_to_check.is_empty());

    // The writer can't approve their own answer; a teacher or an admin can't check at all.
    let r = check(&c1, &id, answer_id, serde_json::json!({ "approved": true })).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(error_of(r).await.contains("another DSL"));
    for role in [Role::Teacher, Role::Admin] {
        let who = s.add_staff(&format!("{role:?}@school.example"), role).await;
        let c = s.session_for(who.id).await;
        let r = check(&c, &id, answer_id, serde_json::json!({ "approved": true })).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
    assert_eq!(answer_seen(&s, &s.token, CODE).await, None);

    // Sent back needs a reason, and stays unseen.
    let r = check(
        &c2,
        &id,
        answer_id,
        serde_json::json!({ "approved": false }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(error_of(r).await.contains("reason"));
    let r = check(
        &c2,
        &id,
        answer_id,
        serde_json::json!({ "approved": false, "reason": "It says too much about what happened" }),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(answer_seen(&s, &s.token, CODE).await, None, "sent back");
    // Checked once: no second check, and no approving what was sent back.
    let r = check(&c2, &id, answer_id, serde_json::json!({ "approved": true })).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let home: DslHome = c2.json("/staff/dsl-home").await;
    assert!(home.answers_to_check.is_empty());
    // Turning the setting off later never shows an answer that was sent back.
    assert_eq!(set_answer_settings(&c1, 14, false).await.status(), 200);
    assert_eq!(answer_seen(&s, &s.token, CODE).await, None);
    assert_eq!(set_answer_settings(&c1, 14, true).await.status(), 200);

    // The writer writes another; the deputy approves it; the child sees it.
    assert_eq!(answer(&c1, &id, ANSWER_TEMPLATES[3]).await.status(), 200);
    assert_eq!(answer_seen(&s, &s.token, CODE).await, None);
    let detail: ReportDetail = c2.json(&format!("/staff/reports/{id}")).await;
    assert_eq!(detail.answers.len(), 2);
    let sent_back = detail.answers[0].check.as_ref().unwrap();
    assert!(!sent_back.approved);
    assert_eq!(
        sent_back.reason.as_deref(),
        Some("It says too much about what happened")
    );
    assert!(!detail.answers[1].written_by_you);
    let r = check(
        &c2,
        &id,
        detail.answers[1].id,
        serde_json::json!({ "approved": true }),
    )
    .await;
    assert_eq!(r.status(), 200);
    // Another tablet: this one has used its five tries a minute on the unseen answers.
    let (_, other) = enrol(&s.state.storage, "Library tablet").await.unwrap();
    assert_eq!(
        answer_seen(&s, &other, CODE).await.as_deref(),
        Some(ANSWER_TEMPLATES[3])
    );

    // On the chronology with who and why, and audited.
    let detail: ReportDetail = c1.json(&format!("/staff/reports/{id}")).await;
    let checks: Vec<_> = detail
        .chronology
        .iter()
        .filter(|e| e.kind == "child_answer_checked")
        .map(|e| (e.by.clone(), e.detail.clone()))
        .collect();
    assert_eq!(checks.len(), 2);
    assert!(
        checks[0].1.contains("sent back, because It says too much"),
        "{checks:?}"
    );
    assert!(checks[1].1.contains("approved"), "{checks:?}");
    assert!(checks
        .iter()
        .all(|(by, _)| by == &checks[0].0 && by != &detail.answers[0].written_by));
    let audit: AuditPage = c1.json("/staff/audit").await;
    assert_eq!(
        audit
            .entries
            .iter()
            .filter(|e| e.action == "report_child_answer_checked"
                && e.report_id.as_deref() == Some(&id))
            .count(),
        2
    );

    // A check that doesn't belong to the report, or to a record at all, is not found.
    let other = report_asking(&s, Some(AnswerCode([1, 2, 3, 4]))).await;
    let r = check(
        &c2,
        &other,
        answer_id,
        serde_json::json!({ "approved": true }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Checks are only added to.
    let db = s.db().await;
    for sql in [
        "UPDATE child_answer_checks SET approved = approved",
        "DELETE FROM child_answer_checks",
    ] {
        assert!(sqlx::query(sql).execute(&db).await.is_err(), "{sql}");
    }
}

#[tokio::test]
async fn an_answer_written_without_the_check_needs_none() {
    let s = TestServer::spawn().await;
    let first = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c1 = s.session_for(first.id).await;
    let deputy = s.add_staff("deputy@school.example", Role::Dsl).await;
    let c2 = s.session_for(deputy.id).await;
    let id = report_asking(&s, Some(CODE)).await;
    assert_eq!(answer(&c1, &id, ANSWER_TEMPLATES[0]).await.status(), 200);
    let detail: ReportDetail = c1.json(&format!("/staff/reports/{id}")).await;
    assert!(!detail.answers[0].needs_check);
    // Turning the check on later doesn't hide what the child could already see.
    assert_eq!(set_answer_settings(&c1, 14, true).await.status(), 200);
    assert!(answer_seen(&s, &s.token, CODE).await.is_some());
    let r = check(
        &c2,
        &id,
        detail.answers[0].id,
        serde_json::json!({ "approved": true }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}
