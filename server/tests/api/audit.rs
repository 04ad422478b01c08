//! The audit log as the DSL reads it: each opening of a record logged once per sitting, and the
//! log found by person, record, dates and words, newest first, a page at a time.

use kite_protocol::report::WhatHappened;
use kite_protocol::staff::{AuditEntry, AuditPage, Role};
use kite_server::clock::now_ms;
use kite_server::ids::StaffId;
use kite_server::storage::{Actor, NewAudit};
use reqwest::Method;

use crate::helpers::{report, StaffClient, TestServer};

const MINUTE_MS: i64 = 60_000;

async fn openings(s: &TestServer, report_id: &str) -> usize {
    let log = s.state.storage.list_audit(10_000, None).await.unwrap();
    log.iter()
        .filter(|e| e.action == "view_report" && e.report_id.as_deref() == Some(report_id))
        .count()
}

/// Writes an entry as the server would, at a time of the test's choosing.
async fn log(
    s: &TestServer,
    who: StaffId,
    at_ms: i64,
    action: &str,
    report_id: Option<&str>,
    detail: &str,
) {
    let record = s.state.storage.staff_by_id(who).await.unwrap().unwrap();
    let actor = Actor::Staff(&record);
    let entry = NewAudit {
        at_ms,
        actor,
        action,
        report_id,
        detail,
    };
    s.state.storage.append_audit(entry).await.unwrap();
}

/// Opens a record as the DSL's page does.
async fn open(c: &StaffClient, id: &str) {
    let r = c.get(&format!("/staff/reports/{id}")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn opening_a_record_is_logged_once_per_sitting_and_again_after_a_gap() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let item = s.item(&report(WhatHappened::SomeoneWasUnkind));
    s.sync_ok(vec![item.clone()]).await;
    let id = item.id.to_string();

    // Opened, then saved twice: each save reloads the record, which isn't another opening.
    open(&c, &id).await;
    for status in ["in_progress", "seen"] {
        let r = c
            .send(Method::PATCH, &format!("/staff/reports/{id}"))
            .json(&serde_json::json!({ "status": status }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        open(&c, &id).await;
    }
    assert_eq!(openings(&s, &id).await, 1, "one sitting, one opening");

    // Another record last opened 31 minutes ago: opening it now is a new sitting.
    let later = s.item(&report(WhatHappened::SawSomethingUpsetting));
    s.sync_ok(vec![later.clone()]).await;
    let later_id = later.id.to_string();
    let long_ago = now_ms() - 31 * MINUTE_MS;
    log(&s, dsl.id, long_ago, "view_report", Some(&later_id), "").await;
    open(&c, &later_id).await;
    assert_eq!(
        openings(&s, &later_id).await,
        2,
        "a read after a long gap is logged again"
    );
    // A sign-in starts a new sitting, however soon.
    log(&s, dsl.id, now_ms(), "login", None, "").await;
    open(&c, &id).await;
    assert_eq!(openings(&s, &id).await, 2, "signed in again: a new sitting");
}

async fn page(c: &StaffClient, query: &str) -> Vec<AuditEntry> {
    let page: AuditPage = c.json(&format!("/staff/audit?{query}")).await;
    page.entries
}

#[tokio::test]
async fn the_log_is_found_by_person_record_dates_and_words_a_page_at_a_time() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let c = s.session_for(dsl.id).await;
    // A day of entries an hour apart, alternating between the two, a few about one record.
    let start = now_ms() - 48 * 60 * MINUTE_MS;
    for i in 0..12_i64 {
        let (who, action, detail) = if i % 2 == 0 {
            (dsl.id, "report_status", "status seen -> in_progress")
        } else {
            (teacher.id, "agreement_signed", "")
        };
        let at = start + i * 60 * MINUTE_MS;
        log(&s, who, at, action, (i % 4 == 0).then_some("rec-1"), detail).await;
    }

    // By person: only the teacher's entries.
    let teachers = page(&c, "who=teacher@school.example").await;
    assert_eq!(teachers.len(), 6);
    assert!(teachers
        .iter()
        .all(|e| e.staff_email == "teacher@school.example"));
    // By record.
    let about = page(&c, "report=rec-1").await;
    assert_eq!(about.len(), 3);
    assert!(about
        .iter()
        .all(|e| e.report_id.as_deref() == Some("rec-1")));
    // By dates: the third to the sixth hour.
    let range = page(
        &c,
        &format!(
            "from_ms={}&to_ms={}",
            start + 2 * 60 * MINUTE_MS,
            start + 6 * 60 * MINUTE_MS
        ),
    )
    .await;
    assert_eq!(range.len(), 4);
    // By words: a code, the name it is shown by, and words in a detail, in any case.
    assert_eq!(page(&c, "q=agreement_signed").await.len(), 6);
    assert_eq!(page(&c, "q=Signed%20the%20STAFF").await.len(), 6);
    assert_eq!(page(&c, "q=IN_PROGRESS").await.len(), 6);
    // `%` and `_` are letters to search for, not patterns.
    assert_eq!(page(&c, "q=%25").await.len(), 0);
    // Filters together.
    assert_eq!(
        page(&c, "who=dsl@school.example&report=rec-1").await.len(),
        3
    );

    // Pages of 5, newest first, each going on from the last one's oldest entry.
    let first = page(&c, "who=teacher@school.example&limit=5").await;
    assert_eq!(first.len(), 5);
    assert!(
        first.windows(2).all(|w| w[0].at_ms > w[1].at_ms),
        "newest first"
    );
    let next = page(
        &c,
        &format!("who=teacher@school.example&limit=5&before={}", first[4].id),
    )
    .await;
    assert_eq!(next.len(), 1);
    assert!(next[0].at_ms < first[4].at_ms);

    // What can't be asked is a 400 that says why.
    for bad in ["limit=0", "limit=201", "from_ms=10&to_ms=5", "limit=x"] {
        let r = c.get(&format!("/staff/audit?{bad}")).send().await.unwrap();
        assert_eq!(r.status(), 400, "{bad}");
    }
}
