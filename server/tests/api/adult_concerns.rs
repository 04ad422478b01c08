//! Concerns about adults in school: any adult logs one; only the head reads it, or the chair of
//! governors when it is about the head; the DSL, admins, other governors and teachers are
//! refused, and it reaches neither the DSL's inbox nor the governors' figures except as a count.
//! The LADO is due within one working day; a concern that may have harmed a child closes only
//! once the LADO was consulted or the head said why it didn't meet the threshold.

use kite_protocol::adult_concern::{
    AdultConcernLevel, AdultConcernList, AdultConcernReader, AdultConcernReceipt,
    AdultConcernRecord, HeadSummary, StoredAdultConcern,
};
use kite_protocol::oversight::{Count, GovernorsReport};
use kite_protocol::staff::{ReportList, Role};
use kite_server::http::staff::{routes, Access};
use kite_server::ids::StaffId;
use kite_server::storage::adult_concerns::NewAdultConcernRow;
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{StaffClient, TestServer};

/// A school with a head (a teacher's account), a chair of governors, a DSL, an admin, a
/// governor, a teacher and a teaching assistant, flagged through the accounts page.
struct School {
    s: TestServer,
    head: StaffClient,
    chair: StaffClient,
    dsl: StaffClient,
    admin: StaffClient,
    governor: StaffClient,
    teacher: StaffClient,
    assistant: StaffClient,
    head_id: StaffId,
}

async fn flag(by: &StaffClient, id: StaffId, flag: &str) -> reqwest::Response {
    by.send(Method::PATCH, &format!("/staff/accounts/{}", id.0))
        .json(&json!({ flag: true }))
        .send()
        .await
        .unwrap()
}

async fn school() -> School {
    let s = TestServer::spawn().await;
    let head = s.add_staff("head@school.example", Role::Teacher).await;
    let chair = s.add_staff("chair@school.example", Role::Governor).await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let governor = s.add_staff("governor@school.example", Role::Governor).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let assistant = s.add_staff("ta@school.example", Role::Staff).await;
    let admin_c = s.login(&admin).await;
    assert_eq!(
        flag(&admin_c, head.id, "head").await.status(),
        StatusCode::OK
    );
    // The chair's flag goes on a governor's account only.
    assert_eq!(
        flag(&admin_c, teacher.id, "chair").await.status(),
        StatusCode::BAD_REQUEST
    );
    let r = flag(&admin_c, chair.id, "chair").await;
    assert_eq!(r.status(), StatusCode::OK);
    let account: kite_protocol::staff::StaffAccount = r.json().await.unwrap();
    assert!(account.is_chair && !account.is_head);
    School {
        head: s.login(&head).await,
        chair: s.login(&chair).await,
        dsl: s.login(&dsl).await,
        admin: admin_c,
        governor: s.login(&governor).await,
        teacher: s.login(&teacher).await,
        assistant: s.login(&assistant).await,
        head_id: head.id,
        s,
    }
}

fn concern(level: &str, about_head: bool, name: &str) -> serde_json::Value {
    json!({
        "id": Uuid::new_v4(),
        "level": level,
        "about_head": about_head,
        "about_name": name,
        "about_role": if about_head { "Head teacher" } else { "Teaching assistant" },
        "what_happened": "Messaged a Year 5 pupil on a personal phone after school.",
    })
}

async fn log(by: &StaffClient, body: &serde_json::Value) -> AdultConcernReceipt {
    let r = by
        .send(Method::POST, "/staff/adult-concerns")
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn step(by: &StaffClient, id: &Uuid, body: serde_json::Value) -> reqwest::Response {
    by.send(Method::POST, &format!("/staff/adult-concerns/{id}/steps"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn status(c: &StaffClient, path: &str) -> StatusCode {
    c.get(path).send().await.unwrap().status()
}

#[tokio::test]
async fn a_concern_about_an_adult_goes_to_the_head_and_nobody_else_reads_it() {
    let sc = school().await;
    let body = concern("harm", false, "Sam Jones");
    let id: Uuid = serde_json::from_value(body["id"].clone()).unwrap();
    let receipt = log(&sc.teacher, &body).await;
    assert_eq!(receipt.goes_to, AdultConcernReader::Head);
    assert!(receipt.reader_named);
    // Sent again after a lost connection: one record, the same receipt.
    let again = log(&sc.teacher, &body).await;
    assert_eq!(again.received_at_ms, receipt.received_at_ms);
    // Someone else can't reuse its id.
    let r = sc
        .assistant
        .send(Method::POST, "/staff/adult-concerns")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // The head reads it, and the read is audited.
    let list: AdultConcernList = sc.head.json("/staff/adult-concerns").await;
    assert_eq!(list.reader, AdultConcernReader::Head);
    assert_eq!(list.concerns.len(), 1);
    assert_eq!(list.concerns[0].about_name, "Sam Jones");
    let record: AdultConcernRecord = sc.head.json(&format!("/staff/adult-concerns/{id}")).await;
    assert_eq!(record.stored.written_by, "teacher@school.example, Teacher");
    let audit = sc.s.state.storage.list_audit(50, None).await.unwrap();
    assert!(audit
        .iter()
        .any(|e| e.action == "adult_concern_read" && e.staff_email == "head@school.example"));
    // The audit log names the reference, never who it is about.
    assert!(audit.iter().all(|e| !e.detail.contains("Sam Jones")));

    // The DSL, the admin, a governor, the chair, a teacher and an assistant are refused, each
    // refusal audited; the writer gets no copy back either.
    for who in [&sc.dsl, &sc.admin, &sc.governor, &sc.teacher, &sc.assistant] {
        assert_eq!(
            status(who, "/staff/adult-concerns").await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status(who, &format!("/staff/adult-concerns/{id}")).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status(who, "/staff/adult-concerns/summary").await,
            StatusCode::FORBIDDEN
        );
        let r = step(
            who,
            &id,
            json!({"kind": "decision", "decision": "Nothing", "reason": "Not theirs"}),
        )
        .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    // The chair reads only the concerns about the head.
    assert_eq!(
        status(&sc.chair, &format!("/staff/adult-concerns/{id}")).await,
        StatusCode::FORBIDDEN
    );
    let chairs: AdultConcernList = sc.chair.json("/staff/adult-concerns").await;
    assert!(chairs.concerns.is_empty());
    let refused = sc.s.state.storage.list_audit(200, None).await.unwrap();
    assert!(
        refused
            .iter()
            .filter(|e| e.action == "access_denied" && e.detail.contains("/staff/adult-concerns"))
            .count()
            >= 15
    );

    // It never reaches the DSL's inbox.
    let inbox: ReportList = sc.dsl.json("/staff/reports").await;
    assert_eq!(inbox.total, 0);
    assert!(inbox.reports.is_empty());
}

#[tokio::test]
async fn a_concern_about_the_head_goes_to_the_chair_only() {
    let sc = school().await;
    let body = concern("harm", true, "Pat Head");
    let id: Uuid = serde_json::from_value(body["id"].clone()).unwrap();
    let receipt = log(&sc.dsl, &body).await;
    assert_eq!(receipt.goes_to, AdultConcernReader::ChairOfGovernors);
    assert!(receipt.reader_named);

    // The head can't read a concern about the head, nor record anything on it.
    let heads: AdultConcernList = sc.head.json("/staff/adult-concerns").await;
    assert!(heads.concerns.is_empty());
    assert_eq!(
        status(&sc.head, &format!("/staff/adult-concerns/{id}")).await,
        StatusCode::FORBIDDEN
    );
    let r = step(
        &sc.head,
        &id,
        json!({"kind": "closed", "outcome": "Nothing in it", "below_threshold": "Mine"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Nor can another governor.
    assert_eq!(
        status(&sc.governor, &format!("/staff/adult-concerns/{id}")).await,
        StatusCode::FORBIDDEN
    );

    let chairs: AdultConcernList = sc.chair.json("/staff/adult-concerns").await;
    assert_eq!(chairs.reader, AdultConcernReader::ChairOfGovernors);
    assert_eq!(chairs.concerns.len(), 1);
    let record: AdultConcernRecord = sc.chair.json(&format!("/staff/adult-concerns/{id}")).await;
    assert!(record.line.about_head);
    let summary: HeadSummary = sc.chair.json("/staff/adult-concerns/summary").await;
    assert_eq!((summary.open, summary.filtering_review), (1, None));

    // With the chair's flag taken away, the next concern about the head tells the writer to go
    // to the chair in person.
    let r = sc
        .admin
        .send(Method::PATCH, "/staff/accounts/0")
        .json(&json!({ "chair": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let chair_id: i64 = sc
        .admin
        .json::<Vec<kite_protocol::staff::StaffAccount>>("/staff/accounts")
        .await
        .into_iter()
        .find(|a| a.is_chair)
        .unwrap()
        .id;
    let r = sc
        .admin
        .send(Method::PATCH, &format!("/staff/accounts/{chair_id}"))
        .json(&json!({ "chair": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let unread = log(&sc.teacher, &concern("low_level", true, "Pat Head")).await;
    assert!(!unread.reader_named);
    assert_eq!(
        status(&sc.chair, "/staff/adult-concerns").await,
        StatusCode::FORBIDDEN
    );
}

/// Stores a concern that arrived at `received_at_ms`, as the form would have.
async fn arrived(
    s: &TestServer,
    by: StaffId,
    level: AdultConcernLevel,
    received_at_ms: i64,
) -> Uuid {
    let id = Uuid::new_v4();
    let mut body = concern(level.as_str(), false, "Sam Jones");
    body["id"] = json!(id);
    let stored = StoredAdultConcern {
        concern: serde_json::from_value(body).unwrap(),
        written_by: "Test teacher, Teacher".into(),
    };
    s.state
        .storage
        .store_adult_concern(&NewAdultConcernRow {
            id,
            level,
            about_head: false,
            about_name: &stored.concern.about_name,
            payload: &serde_json::to_string(&stored).unwrap(),
            written_by: by,
            received_at_ms,
            happened_at_ms: received_at_ms,
        })
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn the_lado_is_due_within_a_working_day_and_closing_needs_it_or_a_reason() {
    let sc = school().await;
    let now = kite_server::clock::now_ms();
    let week = 7 * 24 * 3_600_000;
    let late = arrived(&sc.s, sc.head_id, AdultConcernLevel::Harm, now - week).await;
    let fresh = arrived(&sc.s, sc.head_id, AdultConcernLevel::Harm, now - 60_000).await;
    let low = arrived(&sc.s, sc.head_id, AdultConcernLevel::LowLevel, now - week).await;

    let list: AdultConcernList = sc.head.json("/staff/adult-concerns").await;
    let line = |id: Uuid| list.concerns.iter().find(|l| l.id == id).unwrap().clone();
    assert!(line(late).lado_overdue);
    assert!(!line(fresh).lado_overdue);
    assert!(line(fresh).lado_due_ms.unwrap() > now);
    assert_eq!(line(low).lado_due_ms, None);
    assert!(!line(low).lado_overdue);
    let summary: HeadSummary = sc.head.json("/staff/adult-concerns/summary").await;
    assert_eq!((summary.open, summary.lado_overdue), (3, 1));
    // The head is the senior leader for filtering: no review yet, so it is due.
    assert!(!summary.filtering_review.unwrap().up_to_date);
    // Three concerns about one adult show as a pattern.
    assert_eq!(list.patterns.len(), 1);
    assert_eq!((list.patterns[0].harm, list.patterns[0].low_level), (2, 1));

    // Closing without the LADO or a reason is refused; with a reason it closes.
    let r = step(
        &sc.head,
        &fresh,
        json!({"kind": "closed", "outcome": "Spoken to"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = step(
        &sc.head,
        &fresh,
        json!({"kind": "closed", "outcome": "Spoken to", "below_threshold": "  "}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = step(
        &sc.head,
        &fresh,
        json!({"kind": "closed", "outcome": "Spoken to about professional boundaries",
               "below_threshold": "A phone number given for a lost coat; no harm and no risk"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let closed: AdultConcernRecord = r.json().await.unwrap();
    assert!(closed.line.closed);

    // A decision needs its reason; the LADO needs a real day, not ahead.
    let r = step(
        &sc.head,
        &late,
        json!({"kind": "decision", "decision": "Suspend pending advice", "reason": ""}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let tomorrow = kite_server::calendar::iso_date(now + 86_400_000);
    let r = step(
        &sc.head,
        &late,
        json!({"kind": "lado", "consulted_on": tomorrow, "lado": "A. Patel", "advice": "Refer"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let today = kite_server::calendar::iso_date(now);
    let r = step(
        &sc.head,
        &late,
        json!({"kind": "lado", "consulted_on": today, "lado": "A. Patel, LADO",
               "advice": "A strategy meeting on Monday; keep them away from the class meanwhile"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = step(
        &sc.head,
        &late,
        json!({"kind": "decision", "decision": "Moved to another class", "reason": "The LADO's advice"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let record: AdultConcernRecord = r.json().await.unwrap();
    assert!(record.line.lado_consulted && !record.line.lado_overdue);
    assert_eq!(record.steps.len(), 2);
    assert_eq!(record.steps[0].by, "head@school.example");
    // Once the LADO is consulted, the outcome alone closes it; then nothing more is added.
    let r = step(
        &sc.head,
        &late,
        json!({"kind": "closed", "outcome": "Allegation unfounded"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = step(
        &sc.head,
        &late,
        json!({"kind": "closed", "outcome": "Again"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // A low-level concern closes with its outcome.
    let r = step(
        &sc.head,
        &low,
        json!({"kind": "closed", "outcome": "Reminded of the code of conduct"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let summary: HeadSummary = sc.head.json("/staff/adult-concerns/summary").await;
    assert_eq!((summary.open, summary.lado_overdue), (0, 0));

    // What was written is never rewritten, whatever asks.
    let db = sc.s.db().await;
    for sql in [
        "UPDATE adult_concerns SET payload = '{}'",
        "DELETE FROM adult_concerns",
        "UPDATE adult_concern_steps SET answers = '{}'",
        "DELETE FROM adult_concern_steps",
    ] {
        assert!(sqlx::query(sql).execute(&db).await.is_err(), "{sql}");
    }
}

#[tokio::test]
async fn the_governors_see_concerns_about_adults_as_a_count_only() {
    let sc = school().await;
    for name in ["Sam Jones", "Alex Smith", "Jo Bloggs"] {
        log(&sc.teacher, &concern("low_level", false, name)).await;
    }
    let month = kite_server::calendar::iso_date(kite_server::clock::now_ms())[..7].to_string();
    let report: GovernorsReport = sc
        .governor
        .json(&format!("/staff/governors-report?period={month}"))
        .await;
    assert_eq!(report.adult_concerns.now, Count::Exact(3));
    // Nothing else of them: not a staff concern, not a report.
    assert_eq!(report.staff_concerns.now, Count::Exact(0));
    assert_eq!(report.reports.now, Count::Exact(0));
    let text = serde_json::to_string(&report).unwrap();
    assert!(!text.contains("Sam Jones") && !text.contains("low_level"));
}

/// The role walk has no head or chair: here each walks the routes only they reach.
#[tokio::test]
async fn the_head_and_the_chair_reach_the_adult_concern_routes() {
    let sc = school().await;
    let walked: Vec<_> = routes()
        .into_iter()
        .filter(|r| r.access == Access::HeadOrChair)
        .collect();
    assert_eq!(walked.len(), 4);
    for who in [&sc.head, &sc.chair] {
        for route in &walked {
            let method = Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
            let status = who
                .send(
                    method,
                    &route.path.replace("{id}", &Uuid::new_v4().to_string()),
                )
                .json(&json!({}))
                .send()
                .await
                .unwrap()
                .status();
            assert!(
                status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                "{} {}: {status}",
                route.method,
                route.path
            );
        }
    }
}
