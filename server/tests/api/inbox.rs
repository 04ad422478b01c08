//! The DSL's incident inbox: filters, urgent first, the new count, a report's page, triage,
//! actions, closing with an outcome, and the audit trail of every view and change.

use base64::Engine;
use kite_protocol::report::WhatHappened;
use kite_protocol::staff::{AuditPage, Category, NewCount, ReportDetail, ReportList, Role, Status};
use reqwest::Method;

use crate::helpers::{report, TestServer};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot-really-an-image";

#[tokio::test]
async fn the_dsl_triages_a_report_from_inbox_to_closed() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.login(&dsl).await;

    let empty: ReportList = c.json("/staff/reports").await;
    assert!(empty.reports.is_empty());

    let mut drawn = report(WhatHappened::SomeoneWasUnkind);
    drawn.drawing_png = Some(base64::engine::general_purpose::STANDARD.encode(PNG));
    let plain = s.item(&drawn);
    let urgent = s.item(&report(WhatHappened::WantsToMeetMe));
    s.sync_ok(vec![plain.clone()]).await;
    s.sync_ok(vec![urgent.clone()]).await;

    let count: NewCount = c.json("/staff/reports/count").await;
    assert_eq!((count.new, count.urgent_new), (2, 1));
    let list: ReportList = c.json("/staff/reports").await;
    let ids: Vec<_> = list.reports.iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        ids,
        vec![urgent.id.to_string(), plain.id.to_string()],
        "urgent first"
    );
    assert_eq!(list.reports[1].device_name, "Test tablet");
    let urgent_only: ReportList = c.json("/staff/reports?urgency=urgent").await;
    assert_eq!(urgent_only.reports.len(), 1);
    let future: ReportList = c
        .json(&format!(
            "/staff/reports?from_ms={}",
            kite_server::clock::now_ms() + 60_000
        ))
        .await;
    assert!(future.reports.is_empty());
    let bad = c.get("/staff/reports?status=lost").send().await.unwrap();
    assert_eq!(bad.status(), 400);

    // Opening it shows everything the pupil gave and marks it seen.
    let id = plain.id.to_string();
    let d: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
    let report = d.report.expect("a pupil's report");
    assert!(d.parent_concern.is_none());
    assert_eq!(report.words.as_deref(), Some("They keep messaging me"));
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(report.drawing_png.unwrap())
            .unwrap(),
        PNG
    );
    assert_eq!(d.device_name, "Test tablet");
    assert_eq!(d.status, Status::Seen);
    let count: NewCount = c.json("/staff/reports/count").await;
    assert_eq!(count.new, 1);

    let patch = |body: serde_json::Value| {
        c.send(Method::PATCH, &format!("/staff/reports/{id}"))
            .json(&body)
            .send()
    };
    let r = patch(serde_json::json!({"status": "in_progress", "category": "cyberbullying"}))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let unknown = patch(serde_json::json!({"category": "gossip"}))
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
    let no_outcome = patch(serde_json::json!({"status": "closed"}))
        .await
        .unwrap();
    assert_eq!(no_outcome.status(), 400);
    let msg: serde_json::Value = no_outcome.json().await.unwrap();
    assert!(msg["error"].as_str().unwrap().contains("outcome"));

    let action = c
        .send(Method::POST, &format!("/staff/reports/{id}/actions"))
        .json(&serde_json::json!({"action_type": "parents_informed", "detail": "Phoned mum; she will check the game's chat settings."}))
        .send()
        .await
        .unwrap();
    assert_eq!(action.status(), 200);
    let empty_action = c
        .send(Method::POST, &format!("/staff/reports/{id}/actions"))
        .json(&serde_json::json!({"action_type": "other", "detail": "  "}))
        .send()
        .await
        .unwrap();
    assert_eq!(empty_action.status(), 400);

    let closed = patch(serde_json::json!({"status": "closed", "outcome": "mistaken_or_not_genuine", "outcome_reason": "Pupil said it was a game.", "not_referred_reason": "Nothing to refer."}))
        .await
        .unwrap();
    assert_eq!(closed.status(), 200);

    let d: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
    assert_eq!(d.status, Status::Closed);
    assert_eq!(d.category, Some(Category::Cyberbullying));
    let kinds: Vec<_> = d.chronology.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec!["status", "status", "category", "action", "closed"]
    );
    assert!(d
        .chronology
        .iter()
        .all(|e| e.by == dsl.email && e.at_ms > 0));
    assert!(d.chronology[4]
        .detail
        .contains("Not genuine (no one is to blame)"));

    // Closed reports leave the default inbox but can be asked for.
    let open: ReportList = c.json("/staff/reports").await;
    assert_eq!(open.reports.len(), 1);
    let closed: ReportList = c.json("/staff/reports?status=closed").await;
    assert_eq!(closed.reports[0].id, id);
    let cyber: ReportList = c
        .json("/staff/reports?status=all&category=cyberbullying")
        .await;
    assert_eq!(cyber.reports.len(), 1);

    // Every view and change is in the audit log, naming the report and never its content.
    let audit: AuditPage = c.json("/staff/audit").await;
    let about_it: Vec<_> = audit
        .entries
        .iter()
        .filter(|e| e.report_id.as_deref() == Some(id.as_str()))
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        about_it,
        // Newest first; the second opening is in the same sitting, so it is logged once.
        vec![
            "triage_report",
            "report_action",
            "triage_report",
            "report_status",
            "report_first_read",
            "view_report"
        ]
    );
    let all = serde_json::to_string(&audit).unwrap();
    assert!(!all.contains("messaging") && !all.contains("Phoned mum"));
    assert!(audit.entries.iter().any(|e| e.action == "list_reports"));
    assert_eq!(audit.entries[0].action, "view_audit");
}

#[tokio::test]
async fn an_unknown_or_malformed_report_id_is_a_404() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    for id in ["not-a-uuid", "7d4c0d5e-2f5b-4c8e-9a31-3f3c1d2b0a11"] {
        let r = c.get(&format!("/staff/reports/{id}")).send().await.unwrap();
        assert_eq!(r.status(), 404);
    }
}

#[tokio::test]
async fn the_audit_log_cannot_be_changed_or_deleted_even_in_sql() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    s.login(&dsl).await;
    let pool = s.db().await;
    let update = sqlx::query("UPDATE audit_log SET action = 'nothing'")
        .execute(&pool)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM audit_log").execute(&pool).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(n >= 1);
}
