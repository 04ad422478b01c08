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
    close(&c, &closed.id.to_string()).await;

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

/// Closes a report the way a DSL does, with the reasons closing needs.
pub async fn close(c: &crate::helpers::StaffClient, id: &str) {
    let r = c
        .send(Method::PATCH, &format!("/staff/reports/{id}"))
        .json(
            &serde_json::json!({"status": "closed", "outcome": "resolved",
            "outcome_reason": "Sorted in class", "not_referred_reason": "Below the threshold"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_purge_takes_the_whole_record_but_never_a_child_protection_record() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let mut plain = s.item(&report(WhatHappened::SomeoneWasUnkind));
    let mut about_a_child = s.item(&report(WhatHappened::WantsToMeetMe));
    // Both children asked for an answer.
    plain.answer_code = Some(kite_protocol::answer::AnswerCode([1, 2, 3, 4]));
    about_a_child.answer_code = Some(kite_protocol::answer::AnswerCode([4, 3, 2, 1]));
    s.sync_ok(vec![plain.clone(), about_a_child.clone()]).await;
    let class = s
        .state
        .storage
        .create_class("Oak", kite_protocol::Band::Ks1, 1)
        .await
        .unwrap()
        .unwrap();
    let name = kite_protocol::classes::check_pupil_name("Ava", "B").unwrap();
    let ava = s.state.storage.add_pupils(class, &[name], 1).await.unwrap()[0].unwrap();
    crate::record::link(&s, &about_a_child.id.to_string(), ava, dsl.id).await;
    for item in [&plain, &about_a_child] {
        let id = item.id.to_string();
        // Read, referred, parents told: rows in every table a record has.
        let _: kite_protocol::staff::ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
        for (path, body) in [
            (
                "referrals",
                serde_json::json!({"agency": "early_help", "referred_on": "2026-01-05"}),
            ),
            (
                "parents",
                serde_json::json!({"informed": true, "who": "DSL", "how": "Phone", "informed_on": "2026-01-05"}),
            ),
            (
                "answer",
                serde_json::json!({"message": kite_protocol::answer::ANSWER_TEMPLATES[0]}),
            ),
        ] {
            let r = c
                .send(Method::POST, &format!("/staff/reports/{id}/{path}"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{path}");
        }
        close(&c, &id).await;
    }
    s.state.storage.set_school_settings(&[], 12).await.unwrap();
    let later = kite_server::clock::now_ms() + 13 * 2_629_746_000;
    assert_eq!(purge_once(&s.state, later).await.unwrap(), 1);
    assert_eq!(
        s.stored_ids().await,
        vec![about_a_child.id.to_string()],
        "the record linked to a child is kept"
    );

    let pool = s.db().await;
    for table in [
        "report_events",
        "report_reads",
        "referrals",
        "parents_informed",
        "report_pupils",
        "answer_codes",
        "child_answers",
    ] {
        let rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT DISTINCT report_id FROM {table}"))
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(rows, vec![about_a_child.id.to_string()], "{table}");
    }
    // Still kept years later.
    let much_later = later + 10 * 12 * 2_629_746_000;
    assert_eq!(purge_once(&s.state, much_later).await.unwrap(), 0);
}
