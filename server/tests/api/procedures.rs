//! Step-by-step procedures on a record, the nudes and semi-nudes one first: suggested by the
//! record's category, started and walked by a DSL only, each step with who and when, a "yes" to
//! any immediate-referral question forcing the referral, viewing an image only with the head's
//! agreement and a second adult, and the record refused closing (409, naming what is missing)
//! until every step holds. Audited without the answers. Then each further procedure (searching
//! a device, upskirting, online hate, radicalisation, misuse by a pupil) the same way, and a
//! referral step mapped to the referrals' agencies and never added twice.

use kite_protocol::procedure::{procedure, RecordProcedures, NUDES};
use kite_protocol::record::Agency;
use kite_protocol::report::WhatHappened;
use kite_protocol::staff::{AuditPage, ReportDetail, Role};
use reqwest::{Method, StatusCode};

use crate::helpers::{report, StaffClient, TestServer};

/// A pupil's report the DSL has categorised as youth-produced sexual imagery; its id.
async fn ypsi_report(s: &TestServer, c: &StaffClient) -> String {
    categorised_report(s, c, "ypsi").await
}

/// A pupil's report the DSL has put in this category; its id.
async fn categorised_report(s: &TestServer, c: &StaffClient, category: &str) -> String {
    let item = s.item(&report(WhatHappened::AskedForPhotoOrDetails));
    s.sync_ok(vec![item.clone()]).await;
    let id = item.id.to_string();
    let r = send(
        c,
        Method::PATCH,
        &format!("/staff/reports/{id}"),
        serde_json::json!({ "category": category }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    id
}

async fn send(
    c: &StaffClient,
    method: Method,
    path: &str,
    body: serde_json::Value,
) -> reqwest::Response {
    c.send(method, path).json(&body).send().await.unwrap()
}

async fn step(
    c: &StaffClient,
    id: &str,
    step: &str,
    answers: serde_json::Value,
) -> reqwest::Response {
    step_of(c, id, "nudes", step, answers).await
}

async fn step_of(
    c: &StaffClient,
    id: &str,
    procedure: &str,
    step: &str,
    answers: serde_json::Value,
) -> reqwest::Response {
    send(
        c,
        Method::POST,
        &format!("/staff/reports/{id}/procedures/{procedure}/steps"),
        serde_json::json!({ "step": step, "answers": answers }),
    )
    .await
}

async fn error_of(r: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(r.status(), status);
    let body: serde_json::Value = r.json().await.unwrap();
    body["error"].as_str().unwrap().to_string()
}

async fn close(c: &StaffClient, id: &str) -> reqwest::Response {
    send(
        c,
        Method::PATCH,
        &format!("/staff/reports/{id}"),
        serde_json::json!({"status": "closed", "outcome": "resolved",
            "outcome_reason": "Images deleted, both children supported",
            "not_referred_reason": "Every immediate-referral answer was no"}),
    )
    .await
}

fn questions(under_13: &str) -> serde_json::Value {
    serde_json::json!({"adult": "no", "coercion": "no", "capacity": "no", "unusual": "no",
        "under_13": under_13, "risk": "no"})
}

/// Every step but the referral, recorded as a DSL would for two older children sharing an image.
async fn every_step_but_the_referral(c: &StaffClient, id: &str, under_13: &str) {
    for (name, answers) in [
        (
            "first_steps",
            serde_json::json!({"told": "yes", "device_where": "DSL's locked drawer"}),
        ),
        (
            "review_meeting",
            serde_json::json!({"who": "DSL, head, class teacher", "on": "2026-12-01"}),
        ),
        ("immediate_referral", questions(under_13)),
        (
            "parents",
            serde_json::json!({"told": "yes", "on": "2026-12-01"}),
        ),
        ("image_viewed", serde_json::json!({"viewed": "no"})),
        ("deletion", serde_json::json!({"confirmed": "yes"})),
        ("covered", serde_json::json!({"considered": "yes"})),
        ("report_remove", serde_json::json!({"offered": "yes"})),
    ] {
        let r = step(c, id, name, answers).await;
        assert_eq!(
            r.status(),
            StatusCode::OK,
            "{name}: {}",
            r.text().await.unwrap()
        );
    }
}

#[tokio::test]
async fn a_record_with_the_procedure_started_is_refused_closing_until_every_step_is_recorded() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let id = ypsi_report(&s, &c).await;
    let path = format!("/staff/reports/{id}/procedures");

    let before: RecordProcedures = c.json(&path).await;
    assert_eq!(
        before.suggested,
        vec!["nudes", "searching"],
        "the category suggests it (and searching the device)"
    );
    assert!(before.started.is_empty());
    let r = step(&c, &id, "first_steps", serde_json::json!({"told": "yes"})).await;
    assert!(error_of(r, StatusCode::BAD_REQUEST).await.contains("start"));

    let r = send(
        &c,
        Method::POST,
        &path,
        serde_json::json!({"procedure": "nudes"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let again = send(
        &c,
        Method::POST,
        &path,
        serde_json::json!({"procedure": "nudes"}),
    )
    .await;
    assert!(error_of(again, StatusCode::CONFLICT)
        .await
        .contains("already started"));
    let r = send(
        &c,
        Method::POST,
        &path,
        serde_json::json!({"procedure": "lunch"}),
    )
    .await;
    assert!(error_of(r, StatusCode::BAD_REQUEST)
        .await
        .contains("no procedure"));

    let refused = error_of(close(&c, &id).await, StatusCode::CONFLICT).await;
    for s in NUDES.steps {
        assert!(refused.contains(s.title), "{refused} names {}", s.title);
    }

    every_step_but_the_referral(&c, &id, "no").await;
    let refused = error_of(close(&c, &id).await, StatusCode::CONFLICT).await;
    assert!(
        refused.contains("Referral, or handling it in school"),
        "{refused}"
    );
    assert!(!refused.contains("Initial review meeting"), "{refused}");

    let r = step(
        &c,
        &id,
        "referral",
        serde_json::json!({"route": "in_school",
        "why_in_school": "Two Year 6 friends, no pressure, images deleted"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let now: RecordProcedures = c.json(&path).await;
    assert!(
        now.started[0].missing.is_empty(),
        "{:?}",
        now.started[0].missing
    );
    assert_eq!(
        now.suggested,
        vec!["searching"],
        "started, so no longer suggested"
    );
    assert_eq!(close(&c, &id).await.status(), StatusCode::OK);
    let r = send(
        &c,
        Method::POST,
        &path,
        serde_json::json!({"procedure": "nudes"}),
    )
    .await;
    assert!(error_of(r, StatusCode::CONFLICT).await.contains("closed"));

    // Retention takes the whole record, its procedure with it.
    let now = kite_server::clock::now_ms();
    let purged = s
        .state
        .storage
        .purge_closed_reports(now + 1, now)
        .await
        .unwrap();
    assert_eq!(purged, vec![id.clone()]);
    for table in ["procedure_steps", "report_procedures"] {
        let left: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&s.db().await)
            .await
            .unwrap();
        assert_eq!(left, 0, "{table}");
    }
}

#[tokio::test]
async fn a_yes_to_any_immediate_referral_question_forces_the_referral() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let id = ypsi_report(&s, &c).await;
    let path = format!("/staff/reports/{id}/procedures");
    send(
        &c,
        Method::POST,
        &path,
        serde_json::json!({"procedure": "nudes"}),
    )
    .await;

    let in_school = serde_json::json!({"route": "in_school", "why_in_school": "Seemed minor"});
    let r = step(&c, &id, "referral", in_school.clone()).await;
    assert!(
        error_of(r, StatusCode::BAD_REQUEST).await.contains("first"),
        "questions first"
    );
    let mut half = questions("no");
    half.as_object_mut().unwrap().remove("risk");
    let r = step(&c, &id, "immediate_referral", half).await;
    assert!(
        error_of(r, StatusCode::BAD_REQUEST)
            .await
            .contains("immediate risk"),
        "each one answered"
    );
    let r = step(&c, &id, "immediate_referral", questions("maybe")).await;
    assert!(error_of(r, StatusCode::BAD_REQUEST)
        .await
        .contains("yes or no"));

    every_step_but_the_referral(&c, &id, "yes").await;
    let r = step(&c, &id, "referral", in_school.clone()).await;
    let why = error_of(r, StatusCode::BAD_REQUEST).await;
    assert!(
        why.contains("under 13") && why.contains("referral"),
        "{why}"
    );
    let r = step(
        &c,
        &id,
        "referral",
        serde_json::json!({"route": "referred"}),
    )
    .await;
    assert!(error_of(r, StatusCode::BAD_REQUEST)
        .await
        .contains("Referred to"));
    let r = step(
        &c,
        &id,
        "referral",
        serde_json::json!({"route": "referred",
        "to": "Children's social care (front door)", "on": "02/12/2026", "reference": "CS-77"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let done: RecordProcedures = c.json(&path).await;
    let referral = done.started[0]
        .steps
        .iter()
        .rfind(|s| s.step == "referral")
        .unwrap();
    assert_eq!(referral.answers["on"], "2026-12-02", "dates kept as ISO");
    assert_eq!(referral.recorded_by, dsl.email);
    let d: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
    assert_eq!(d.referrals.len(), 1, "in the record's referrals too");
    assert_eq!(d.referrals[0].reference.as_deref(), Some("CS-77"));
    assert_eq!(
        d.referrals[0].agency,
        Agency::Other,
        "not one of the agencies"
    );
    assert_eq!(
        d.referrals[0].agency_detail.as_deref(),
        Some("Children's social care (front door)")
    );

    // Handled in school after every "no", then a "yes" learnt later: the referral no longer
    // holds, and the record can't close until it is made.
    let id = ypsi_report(&s, &c).await;
    send(
        &c,
        Method::POST,
        &format!("/staff/reports/{id}/procedures"),
        serde_json::json!({"procedure": "nudes"}),
    )
    .await;
    every_step_but_the_referral(&c, &id, "no").await;
    assert_eq!(
        step(&c, &id, "referral", in_school).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        step(&c, &id, "immediate_referral", questions("yes"))
            .await
            .status(),
        StatusCode::OK
    );
    let refused = error_of(close(&c, &id).await, StatusCode::CONFLICT).await;
    assert!(
        refused.contains("Referral") && refused.contains("under 13"),
        "{refused}"
    );
    let kept: RecordProcedures = c.json(&format!("/staff/reports/{id}/procedures")).await;
    let asked = kept.started[0]
        .steps
        .iter()
        .filter(|s| s.step == "immediate_referral")
        .count();
    assert_eq!(asked, 2, "the earlier answers stay in the record");
    let rewrite = sqlx::query("UPDATE procedure_steps SET answers = '{}'")
        .execute(&s.db().await)
        .await;
    assert!(rewrite.is_err(), "a recorded step is never rewritten");
}

#[tokio::test]
async fn viewing_an_image_is_recorded_only_with_the_heads_agreement_and_a_second_adult() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let id = ypsi_report(&s, &c).await;
    send(
        &c,
        Method::POST,
        &format!("/staff/reports/{id}/procedures"),
        serde_json::json!({"procedure": "nudes"}),
    )
    .await;

    let viewed = serde_json::json!({"viewed": "yes", "viewed_by": "Ms Green (DSL)",
        "why": "To know whether an adult was in it"});
    let r = step(&c, &id, "image_viewed", viewed.clone()).await;
    assert!(error_of(r, StatusCode::BAD_REQUEST)
        .await
        .contains("head teacher"));
    let mut with_head = viewed.clone();
    with_head["head_agreed"] = "yes".into();
    let r = step(&c, &id, "image_viewed", with_head.clone()).await;
    assert!(error_of(r, StatusCode::BAD_REQUEST)
        .await
        .contains("second adult"));
    with_head["second_person"] = "Mr Patel (head)".into();
    assert_eq!(
        step(&c, &id, "image_viewed", with_head).await.status(),
        StatusCode::OK
    );
    let r = step(
        &c,
        &id,
        "image_viewed",
        serde_json::json!({"viewed": "no", "pizza": "yes"}),
    )
    .await;
    assert!(error_of(r, StatusCode::BAD_REQUEST).await.contains("pizza"));
}

#[tokio::test]
async fn only_a_dsl_walks_a_procedure_and_each_step_is_in_the_chronology_and_audited_without_answers(
) {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let id = ypsi_report(&s, &c).await;
    let path = format!("/staff/reports/{id}/procedures");
    for role in [Role::Teacher, Role::Admin, Role::Governor, Role::Staff] {
        let who = s
            .add_staff(&format!("{}@school.example", role.as_str()), role)
            .await;
        let other = s.session_for(who.id).await;
        let r = send(
            &other,
            Method::POST,
            &path,
            serde_json::json!({"procedure": "nudes"}),
        )
        .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{role:?} starts");
        assert_eq!(
            other.get(&path).send().await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "{role:?} reads"
        );
        let r = step(
            &other,
            &id,
            "first_steps",
            serde_json::json!({"told": "yes"}),
        )
        .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{role:?} records");
    }
    send(
        &c,
        Method::POST,
        &path,
        serde_json::json!({"procedure": "nudes"}),
    )
    .await;
    let r = step(
        &c,
        &id,
        "review_meeting",
        serde_json::json!({"who": "Ms Green and Mr Patel", "on": "2026-12-01"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let _: RecordProcedures = c.json(&path).await;

    let d: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
    let entries: Vec<_> = d
        .chronology
        .iter()
        .filter(|e| e.kind == "procedure")
        .collect();
    assert_eq!(entries.len(), 2);
    assert!(entries[0]
        .detail
        .contains("Started the Nudes and semi-nudes procedure"));
    assert!(
        entries[1].detail.contains("Initial review meeting")
            && entries[1].detail.contains("Mr Patel")
    );
    assert_eq!(entries[1].by, dsl.email);

    let audit: AuditPage = c.json("/staff/audit").await;
    let ours: Vec<_> = audit
        .entries
        .iter()
        .filter(|e| e.report_id.as_deref() == Some(id.as_str()))
        .map(|e| (e.action.as_str(), e.detail.as_str()))
        .collect();
    for action in ["procedure_started", "procedure_step", "view_procedures"] {
        assert!(
            ours.iter().any(|(a, _)| *a == action),
            "{action} in {ours:?}"
        );
    }
    assert!(
        ours.iter().all(|(_, d)| !d.contains("Patel")),
        "no answers in the audit log"
    );
}

/// A procedure's key, its record's category, and each step's key with its answers.
type Walk = (
    &'static str,
    &'static str,
    Vec<(&'static str, serde_json::Value)>,
);

/// Each further procedure: its record's category, then every step's answers in order, as a
/// DSL would record them.
fn walked() -> Vec<Walk> {
    use serde_json::json;
    vec![
        (
            "searching",
            "misuse",
            vec![
                (
                    "grounds",
                    json!({"grounds": "Seen filming other children at lunch",
                    "looked_for": "A mobile phone", "authorised": "yes"}),
                ),
                (
                    "search",
                    json!({"on": "2026-12-01", "by": "Mr Patel (head)",
                    "witness": "Ms Lewis (class teacher)"}),
                ),
                (
                    "found",
                    json!({"found": "A phone in his coat pocket", "indecent": "no"}),
                ),
                ("done_with", json!({"done": "returned_parents"})),
                ("parents", json!({"told": "yes", "on": "2026-12-01"})),
            ],
        ),
        (
            "upskirting",
            "upskirting",
            vec![
                ("first_steps", json!({"told": "yes"})),
                (
                    "what_happened",
                    json!({"on": "2026-12-01", "where": "The cloakroom",
                    "targeted": "A Year 6 girl", "by": "A Year 6 boy",
                    "said": "She saw the phone held low behind her"}),
                ),
                ("support", json!({"supported": "yes"})),
                (
                    "police",
                    json!({"reported": "yes", "to": "police", "on": "2026-12-01",
                    "reference": "PC-1188"}),
                ),
                ("parents", json!({"told": "yes", "on": "2026-12-01"})),
            ],
        ),
        (
            "online_hate",
            "online_hate",
            vec![
                (
                    "what_was_said",
                    json!({"on": "2026-12-01", "where": "A game's chat",
                    "what": "Names about a classmate's religion"}),
                ),
                (
                    "targeted",
                    json!({"who": "A Year 5 boy", "because": "religion"}),
                ),
                (
                    "crime",
                    json!({"threat": "yes", "harassment": "no", "stirring": "no",
                    "adult": "no"}),
                ),
                (
                    "referral",
                    json!({"route": "police", "to": "Police", "on": "2026-12-02"}),
                ),
                ("support", json!({"supported": "yes"})),
                ("parents", json!({"told": "yes", "on": "2026-12-02"})),
            ],
        ),
        (
            "radicalisation",
            "radicalisation_extremism",
            vec![
                ("danger", json!({"danger": "no"})),
                (
                    "concern",
                    json!({"on": "2026-12-01",
                    "what": "Searched for and shared an extremist group's video"}),
                ),
                (
                    "prevent_lead",
                    json!({"who": "Mrs Khan", "on": "2026-12-01",
                    "advice": "Refer, and talk with the family"}),
                ),
                (
                    "referral",
                    json!({"route": "referred", "to": "prevent", "on": "2026-12-02"}),
                ),
                ("parents", json!({"told": "yes", "on": "2026-12-02"})),
            ],
        ),
        (
            "misuse",
            "misuse",
            vec![
                (
                    "what_happened",
                    json!({"on": "2026-12-01",
                    "rule": "I only use the websites my teacher says",
                    "what": "Played a game instead of the lesson's work", "concern": "no"}),
                ),
                (
                    "consequence",
                    json!({"consequence": "Paper instead of a tablet for two lessons",
                    "reason": "To show he is ready to use the tablets safely",
                    "can_tell": "yes", "explained": "yes"}),
                ),
                ("parents", json!({"told": "yes", "on": "2026-12-01"})),
            ],
        ),
    ]
}

#[tokio::test]
async fn each_further_procedure_is_suggested_and_refused_closing_until_its_steps_are_recorded() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    for (key, category, steps) in walked() {
        let table = procedure(key).unwrap();
        assert_eq!(steps.len(), table.steps.len(), "{key}: every step walked");
        let id = categorised_report(&s, &c, category).await;
        let path = format!("/staff/reports/{id}/procedures");
        let before: RecordProcedures = c.json(&path).await;
        assert!(
            before.suggested.iter().any(|p| p == key),
            "{key}: {before:?}"
        );
        let r = send(
            &c,
            Method::POST,
            &path,
            serde_json::json!({ "procedure": key }),
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK, "{key}");

        let refused = error_of(close(&c, &id).await, StatusCode::CONFLICT).await;
        for s in table.steps {
            assert!(
                refused.contains(s.title),
                "{key}: {refused} names {}",
                s.title
            );
        }
        let (last, before_last) = steps.split_last().unwrap();
        for (name, answers) in before_last {
            let r = step_of(&c, &id, key, name, answers.clone()).await;
            assert_eq!(
                r.status(),
                StatusCode::OK,
                "{key} {name}: {}",
                r.text().await.unwrap()
            );
        }
        let refused = error_of(close(&c, &id).await, StatusCode::CONFLICT).await;
        let last_title = table.step(last.0).unwrap().title;
        assert!(refused.contains(last_title), "{key}: {refused}");
        assert!(!refused.contains(table.steps[0].title), "{key}: {refused}");
        let r = step_of(&c, &id, key, last.0, last.1.clone()).await;
        assert_eq!(r.status(), StatusCode::OK, "{key} {}", last.0);
        assert_eq!(
            close(&c, &id).await.status(),
            StatusCode::OK,
            "{key} closes"
        );
    }
}

#[tokio::test]
async fn a_referral_step_names_its_agency_and_recording_it_again_adds_no_second_referral() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let id = categorised_report(&s, &c, "radicalisation_extremism").await;
    send(
        &c,
        Method::POST,
        &format!("/staff/reports/{id}/procedures"),
        serde_json::json!({"procedure": "radicalisation"}),
    )
    .await;
    let referral = |reference: &str| {
        serde_json::json!({"route": "referred", "to": "prevent", "on": "2026-12-02",
            "reference": reference})
    };
    let r = step_of(&c, &id, "radicalisation", "referral", referral("PV-1")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let d: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
    assert_eq!(d.referrals.len(), 1);
    assert_eq!(
        d.referrals[0].agency,
        Agency::Prevent,
        "one of the agencies"
    );
    assert_eq!(d.referrals[0].agency_detail, None);

    // Recorded again to correct the reference: the correction is in the record, the referral
    // is not added twice.
    let r = step_of(&c, &id, "radicalisation", "referral", referral("PV-12")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let d: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
    assert_eq!(d.referrals.len(), 1, "{:?}", d.referrals);
    let steps: Vec<_> = d
        .chronology
        .iter()
        .filter(|e| e.kind == "procedure" && e.detail.contains("Prevent referral:"))
        .collect();
    assert_eq!(steps.len(), 2);
    assert!(steps[1].detail.contains("PV-12") && steps[1].detail.contains("correction"));
    assert!(
        steps[0].detail.contains("Referred to: Prevent referral"),
        "{}",
        steps[0].detail
    );
}
