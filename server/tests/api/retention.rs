//! Retention: closed reports past the school's period are deleted with their chronology; open
//! ones never are; the audit log keeps that it happened.

use kite_protocol::report::WhatHappened;
use kite_protocol::staff::Role;
use kite_server::retention::purge_once;
use reqwest::Method;

use crate::helpers::{report, TestServer};

#[tokio::test]
async fn closed_reports_past_the_period_are_deleted_and_open_ones_kept() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.login(&dsl).await;
    let closed = s.item(&report(WhatHappened::SomeoneWasUnkind));
    let open = s.item(&report(WhatHappened::SawSomethingUpsetting));
    s.sync_ok(vec![closed.clone(), open.clone()]).await;
    let r = c
        .send(
            Method::POST,
            &format!("/staff/reports/{}/actions", closed.id),
        )
        .json(
            &serde_json::json!({"action_type": "spoke_with_pupil", "detail": "Talked it through."}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .send(Method::PATCH, &format!("/staff/reports/{}", closed.id))
        .json(&serde_json::json!({"status": "closed", "outcome": "resolved"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let now = kite_server::clock::now_ms();
    // No period set: nothing is deleted, however old.
    assert_eq!(
        purge_once(&s.state, now + 10 * 365 * 86_400_000)
            .await
            .unwrap(),
        0
    );
    s.state.storage.set_school_settings(&[], 12).await.unwrap();
    assert_eq!(
        purge_once(&s.state, now).await.unwrap(),
        0,
        "not old enough yet"
    );
    assert_eq!(
        purge_once(&s.state, now + 13 * 2_629_746_000)
            .await
            .unwrap(),
        1
    );
    assert_eq!(s.stored_ids().await, vec![open.id.to_string()]);
    let audit = s.state.storage.list_audit(5, None).await.unwrap();
    assert_eq!(audit[0].action, "report_purged");
    assert_eq!(
        audit[0].report_id.as_deref(),
        Some(closed.id.to_string().as_str())
    );

    // The chronology is still append-only for reports that were not purged.
    let pool = s.db().await;
    let e = sqlx::query("DELETE FROM report_events")
        .execute(&pool)
        .await;
    assert!(e.is_ok(), "no events left for open reports here: {e:?}");
}

#[tokio::test]
async fn the_chronology_of_a_live_report_cannot_be_deleted() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.login(&dsl).await;
    let item = s.item(&report(WhatHappened::SomeoneWasUnkind));
    s.sync_ok(vec![item.clone()]).await;
    c.send(Method::POST, &format!("/staff/reports/{}/actions", item.id))
        .json(&serde_json::json!({"action_type": "other", "detail": "Noted."}))
        .send()
        .await
        .unwrap();
    let pool = s.db().await;
    let e = sqlx::query("DELETE FROM report_events")
        .execute(&pool)
        .await;
    assert!(e.unwrap_err().to_string().contains("append-only"));
    let u = sqlx::query("UPDATE report_events SET detail = 'x'")
        .execute(&pool)
        .await;
    assert!(u.unwrap_err().to_string().contains("append-only"));
}
