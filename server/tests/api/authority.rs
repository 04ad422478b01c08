//! Who may change who can read reports: only a DSL adds or changes a DSL account, changes the
//! two-step setting or shortens retention (an admin's password alone opens no way to reports);
//! retention never deletes a closed record within a year, nor one a DSL put on hold; and every
//! other DSL is emailed, without content, when any of it changes.

use kite_protocol::report::WhatHappened;
use kite_protocol::staff::{Role, SchoolProfileForm, StaffAccount};
use kite_server::alerts::{send_dsl_notices, Mailer};
use kite_server::config::Config;
use kite_server::retention::purge_once;
use reqwest::{Method, StatusCode};

use crate::alerts::smtp_sink;
use crate::helpers::{report, StaffClient, TestServer};

const MONTH_MS: i64 = 2_629_746_000;

async fn refused(r: reqwest::Response, says: &str) {
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap_or("").contains(says),
        "{body}"
    );
}

fn new_account(email: &str, role: &str) -> serde_json::Value {
    serde_json::json!({"email": email, "name": "New Person", "role": role,
        "password": "a long first password for them"})
}

#[tokio::test]
async fn an_admin_can_neither_add_nor_change_a_dsl_account_and_a_dsl_can() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let (dsl_c, admin_c) = (s.login(&dsl).await, s.login(&admin).await);

    // The back door: an admin makes a DSL account with a password of their choosing.
    let r = admin_c
        .send(Method::POST, "/staff/accounts")
        .json(&new_account("backdoor@school.example", "dsl"))
        .send()
        .await
        .unwrap();
    refused(r, "Only a DSL can add or change a DSL account").await;
    assert!(s
        .state
        .storage
        .staff_by_email("backdoor@school.example")
        .await
        .unwrap()
        .is_none());
    // Nor can they disable, enable, unlock or re-assign an existing DSL's account.
    for change in [
        serde_json::json!({"disabled": true}),
        serde_json::json!({"unlock": true}),
        serde_json::json!({"agreement": "volunteer"}),
    ] {
        let r = admin_c
            .send(Method::PATCH, &format!("/staff/accounts/{}", dsl.id))
            .json(&change)
            .send()
            .await
            .unwrap();
        refused(r, "Only a DSL can add or change a DSL account").await;
    }
    // The admin still manages everyone else.
    let r = admin_c
        .send(Method::POST, "/staff/accounts")
        .json(&new_account("teacher@school.example", "teacher"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let teacher: StaffAccount = r.json().await.unwrap();
    let r = admin_c
        .send(Method::PATCH, &format!("/staff/accounts/{}", teacher.id))
        .json(&serde_json::json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // A DSL adds a deputy and manages DSL accounts, and only those.
    let r = dsl_c
        .send(Method::POST, "/staff/accounts")
        .json(&new_account("deputy@school.example", "dsl"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let deputy: StaffAccount = r.json().await.unwrap();
    assert_eq!(deputy.role, Role::Dsl);
    let r = dsl_c
        .send(Method::PATCH, &format!("/staff/accounts/{}", deputy.id))
        .json(&serde_json::json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = dsl_c
        .send(Method::POST, "/staff/accounts")
        .json(&new_account("other@school.example", "teacher"))
        .send()
        .await
        .unwrap();
    refused(r, "an admin manages the others").await;

    let audit = s.state.storage.list_audit(50, None).await.unwrap();
    assert!(audit
        .iter()
        .any(|e| e.action == "account_created" && e.detail.contains("deputy@school.example")));
    assert!(audit
        .iter()
        .any(|e| e.action == "access_denied" && e.staff_email == admin.email));
}

async fn school(c: &StaffClient) -> SchoolProfileForm {
    c.json("/staff/school").await
}

async fn put_school(c: &StaffClient, form: &SchoolProfileForm) -> reqwest::Response {
    c.send(Method::PUT, "/staff/school")
        .json(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn only_a_dsl_changes_two_step_or_shortens_retention_and_never_below_a_year() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let (dsl_c, admin_c) = (s.login(&dsl).await, s.login(&admin).await);
    s.state.storage.set_school_settings(&[], 36).await.unwrap();

    // Either way: off weakens sign-in; on, with no DSL yet using two-step, locks them out.
    let mut form = school(&admin_c).await;
    form.require_teacher_two_step = true;
    refused(
        put_school(&admin_c, &form).await,
        "Only a DSL can change the two-step sign-in setting",
    )
    .await;
    form.require_teacher_two_step = false;
    for shorter in [24, 12] {
        form.retention_months = shorter;
        refused(
            put_school(&admin_c, &form).await,
            "Only a DSL can shorten how long closed safeguarding records are kept",
        )
        .await;
    }
    assert_eq!(school(&admin_c).await.retention_months, 36, "unchanged");
    assert!(!s.state.storage.require_teacher_two_step().await.unwrap());

    // Lengthening, and the rest of the profile, stay the admin's.
    form.retention_months = 48;
    form.name = "Oak Hill Primary".into();
    assert_eq!(put_school(&admin_c, &form).await.status(), 200);
    form.retention_months = 0;
    assert_eq!(
        put_school(&admin_c, &form).await.status(),
        200,
        "0 keeps records until the school decides: the longest"
    );

    // A DSL may shorten, down to the floor and no further.
    form.retention_months = 5;
    let r = put_school(&dsl_c, &form).await;
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("at least 12 months"),
        "{body}"
    );
    form.retention_months = 12;
    assert_eq!(put_school(&dsl_c, &form).await.status(), 200);
    assert_eq!(school(&dsl_c).await.retention_months, 12);

    // A period stored before the floor existed is read, and applied, as the floor.
    s.state.storage.set_school_settings(&[], 1).await.unwrap();
    assert_eq!(school(&admin_c).await.retention_months, 12);

    let audit = s.state.storage.list_audit(50, None).await.unwrap();
    assert!(audit
        .iter()
        .any(|e| e.action == "retention_changed" && e.detail == "0 -> 12 months"));
}

/// A report from the tablet, closed by the DSL; its id.
async fn closed_report(s: &TestServer, c: &StaffClient) -> String {
    let item = s.item(&report(WhatHappened::SomeoneWasUnkind));
    s.sync_ok(vec![item.clone()]).await;
    let r = c
        .send(Method::PATCH, &format!("/staff/reports/{}", item.id))
        .json(
            &serde_json::json!({"status": "closed", "outcome": "resolved",
            "outcome_reason": "Talked it through", "not_referred_reason": "A falling-out"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    item.id.to_string()
}

#[tokio::test]
async fn a_closed_record_on_hold_survives_retention_until_the_hold_is_lifted() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.login(&dsl).await;
    let held = closed_report(&s, &c).await;
    let other = closed_report(&s, &c).await;
    s.state.storage.set_school_settings(&[], 12).await.unwrap();

    let hold = |id: &str, on: bool, reason: &str| {
        c.send(Method::POST, &format!("/staff/reports/{id}/hold"))
            .json(&serde_json::json!({"hold": on, "reason": reason}))
    };
    assert_eq!(
        hold(&held, true, "  ").send().await.unwrap().status(),
        400,
        "a hold says why"
    );
    let r = hold(&held, true, "Police inquiry, ref 42")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        hold(&held, true, "again").send().await.unwrap().status(),
        400
    );
    let detail: kite_protocol::staff::ReportDetail =
        c.json(&format!("/staff/reports/{held}")).await;
    assert!(detail.on_hold);
    assert!(detail
        .chronology
        .iter()
        .any(|e| e.kind == "hold" && e.detail.contains("Police inquiry, ref 42")));

    let later = kite_server::clock::now_ms() + 13 * MONTH_MS;
    assert_eq!(purge_once(&s.state, later).await.unwrap(), 1);
    assert_eq!(
        s.stored_ids().await,
        vec![held.clone()],
        "the other one went"
    );
    let _ = other;

    let r = hold(&held, false, "Inquiry closed").send().await.unwrap();
    assert_eq!(r.status(), 200);
    let detail: kite_protocol::staff::ReportDetail =
        c.json(&format!("/staff/reports/{held}")).await;
    assert!(!detail.on_hold);
    let kinds: Vec<&str> = detail.chronology.iter().map(|e| e.kind.as_str()).collect();
    assert!(kinds.ends_with(&["hold", "hold_lifted"]), "{kinds:?}");
    // Lifting the hold is a change: the period runs again from then.
    let lifted = kite_server::clock::now_ms();
    assert_eq!(
        purge_once(&s.state, lifted + 11 * MONTH_MS).await.unwrap(),
        0
    );
    assert_eq!(
        purge_once(&s.state, lifted + 13 * MONTH_MS).await.unwrap(),
        1
    );
    let audit = s.state.storage.list_audit(50, None).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "report_held"));
    assert!(audit.iter().any(|e| e.action == "report_hold_lifted"));
}

#[tokio::test]
async fn every_other_dsl_is_emailed_without_content_when_who_can_read_reports_changes() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    s.add_staff("deputy@school.example", Role::Dsl).await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let (port, mails) = smtp_sink().await;
    let mut config = Config::for_data_dir(s.data_dir.path().into(), s.data_dir.path().join("x"));
    config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    let mailer = Mailer::from_config(&config).unwrap().unwrap();
    let (dsl_c, admin_c) = (s.login(&dsl).await, s.login(&admin).await);

    // Nothing about reports' readers changed: nothing sent.
    let r = admin_c
        .send(Method::POST, "/staff/accounts")
        .json(&new_account("teacher@school.example", "teacher"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(send_dsl_notices(&s.state, &mailer).await.unwrap(), 0);

    let r = dsl_c
        .send(Method::POST, "/staff/accounts")
        .json(&new_account("newdsl@school.example", "dsl"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(send_dsl_notices(&s.state, &mailer).await.unwrap(), 1);
    assert_eq!(
        send_dsl_notices(&s.state, &mailer).await.unwrap(),
        0,
        "sent once"
    );
    {
        let mails = mails.lock().unwrap();
        assert_eq!(mails.len(), 1);
        let (to, body) = &mails[0];
        assert_eq!(
            to,
            &vec!["<deputy@school.example>".to_string()],
            "not the DSL who made it, nor the new account"
        );
        assert!(body.contains("A DSL account was added at"), "{body}");
        assert!(body.contains("audit log"), "{body}");
        assert!(!body.contains("newdsl"), "names no account: {body}");
    }

    // The admin lengthens retention (as a DSL set it): the DSLs hear of it too.
    s.state.storage.set_school_settings(&[], 24).await.unwrap();
    let mut form: SchoolProfileForm = admin_c.json("/staff/school").await;
    form.retention_months = 60;
    assert_eq!(put_school(&admin_c, &form).await.status(), 200);
    assert_eq!(send_dsl_notices(&s.state, &mailer).await.unwrap(), 3);
    let mails = mails.lock().unwrap();
    let mut told: Vec<&str> = mails[1..].iter().map(|(to, _)| to[0].as_str()).collect();
    told.sort();
    assert_eq!(
        told,
        [
            "<deputy@school.example>",
            "<dsl@school.example>",
            "<newdsl@school.example>"
        ]
    );
    assert!(mails[1]
        .1
        .contains("How long closed safeguarding records are kept was changed"));
}

#[tokio::test]
async fn a_period_saved_below_the_floor_deletes_nothing_within_a_year() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.login(&dsl).await;
    let id = closed_report(&s, &c).await;
    // As an older version may have saved it, straight into the database.
    s.state.storage.set_school_settings(&[], 1).await.unwrap();
    let now = kite_server::clock::now_ms();
    assert_eq!(purge_once(&s.state, now + 2 * MONTH_MS).await.unwrap(), 0);
    assert_eq!(purge_once(&s.state, now + 11 * MONTH_MS).await.unwrap(), 0);
    assert_eq!(s.stored_ids().await, vec![id]);
    assert_eq!(purge_once(&s.state, now + 13 * MONTH_MS).await.unwrap(), 1);
}
