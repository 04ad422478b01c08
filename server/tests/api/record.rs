//! The DSL's record: one inbox for pupils', parents' and staff concerns, a page at a time with
//! the total; each DSL's read; actions with an owner and a due date, done as a new entry;
//! corrections that never change the original words; referrals and closing with reasons; the
//! parents told or why not, and the letter to them; the DSL's home; all audited without content.

use kite_protocol::record::DslHome;
use kite_protocol::record::{ParentLetter, RecordSource};
use kite_protocol::report::WhatHappened;
use kite_protocol::staff::{AuditPage, ReportDetail, ReportList, Role, Status};
use reqwest::{Method, StatusCode};
use uuid::Uuid;

use crate::helpers::{report, StaffClient, TestServer};

/// A parent's concern straight into storage, as the parents' page writes one.
async fn parent_concern(s: &TestServer, text: &str, at_ms: i64) -> String {
    let id = Uuid::new_v4();
    let payload = serde_json::json!({
        "text": text, "parent_name": "Sam Parent", "contact": "07700 900000",
        "child": "Ava B., Oak", "anonymous": false, "made_at_ms": at_ms,
    });
    s.state
        .storage
        .store_parent_concern(id, false, &payload.to_string(), at_ms)
        .await
        .unwrap();
    id.to_string()
}

/// A staff concern's row, as the staff concern form writes one (the form is tested elsewhere).
async fn staff_concern_row(s: &TestServer, writer: kite_server::ids::StaffId) -> String {
    let id = Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO reports (id, source, received_at_ms, urgent, what, payload, written_by)
         VALUES ($1, 'staff', $2, $3, 'staff_concern', '{}', $4)",
    )
    .bind(&id)
    .bind(kite_server::clock::now_ms())
    .bind(false)
    .bind(writer)
    .execute(&s.db().await)
    .await
    .unwrap();
    id
}

/// A pupil's report from the test tablet; its id.
async fn pupil_report(s: &TestServer, what: WhatHappened) -> String {
    let item = s.item(&report(what));
    s.sync_ok(vec![item.clone()]).await;
    item.id.to_string()
}

async fn post(c: &StaffClient, path: &str, body: serde_json::Value) -> reqwest::Response {
    c.send(Method::POST, path).json(&body).send().await.unwrap()
}

async fn error_of(r: reqwest::Response) -> String {
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = r.json().await.unwrap();
    body["error"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn one_inbox_pages_everything_with_a_total_and_filters_by_source() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let ta = s.add_staff("ta@school.example", Role::Teacher).await;
    let c = s.session_for(dsl.id).await;
    let pupil = pupil_report(&s, WhatHappened::SomeoneWasUnkind).await;
    let parent = parent_concern(&s, "My son saw a scary video", 1_000).await;
    let staff = staff_concern_row(&s, ta.id).await;

    let all: ReportList = c.json("/staff/reports").await;
    assert_eq!(all.total, 3);
    let sources: Vec<_> = all
        .reports
        .iter()
        .map(|r| (r.id.clone(), r.source))
        .collect();
    assert!(sources.contains(&(pupil.clone(), RecordSource::Pupil)));
    assert!(sources.contains(&(parent.clone(), RecordSource::Parent)));
    assert!(sources.contains(&(staff.clone(), RecordSource::Staff)));
    for (source, id) in [("pupil", &pupil), ("parent", &parent), ("staff", &staff)] {
        let only: ReportList = c.json(&format!("/staff/reports?source={source}")).await;
        assert_eq!((only.total, only.reports.len()), (1, 1), "{source}");
        assert_eq!(&only.reports[0].id, id);
    }
    let bad = c.get("/staff/reports?source=tablet").send().await.unwrap();
    assert!(error_of(bad).await.contains("pupil, parent, staff"));

    // More than the old silent cap of 500: every one is reachable, page by page.
    let pool = s.db().await;
    let mut tx = pool.begin().await.unwrap();
    for i in 0..520 {
        sqlx::query(
            "INSERT INTO reports (id, source, received_at_ms, urgent, what, payload)
             VALUES ($1, 'parent', $2, $3, 'parent_concern', '{}')",
        )
        .bind(Uuid::new_v4().to_string())
        .bind(10_000 + i as i64)
        .bind(false)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let first: ReportList = c.json("/staff/reports").await;
    assert_eq!(
        (first.total, first.reports.len()),
        (523, 50),
        "50 a page by default"
    );
    assert_eq!((first.page, first.per_page), (1, 50));
    let last: ReportList = c.json("/staff/reports?per_page=200&page=3").await;
    assert_eq!((last.total, last.reports.len()), (523, 123));
    let mut seen = std::collections::HashSet::new();
    for page in 1..=3 {
        let p: ReportList = c
            .json(&format!("/staff/reports?per_page=200&page={page}"))
            .await;
        seen.extend(p.reports.into_iter().map(|r| r.id));
    }
    assert_eq!(seen.len(), 523, "no record on two pages, none left out");
    for q in ["page=0", "per_page=0", "per_page=201"] {
        let r = c.get(&format!("/staff/reports?{q}")).send().await.unwrap();
        assert_eq!(r.status(), 400, "{q}");
    }
}

#[tokio::test]
async fn each_dsl_s_first_read_is_recorded_once_and_the_inbox_shows_what_they_have_not_read() {
    let s = TestServer::spawn().await;
    let first = s.add_staff("first@school.example", Role::Dsl).await;
    let deputy = s.add_staff("deputy@school.example", Role::Dsl).await;
    let a = s.session_for(first.id).await;
    let b = s.session_for(deputy.id).await;
    let id = pupil_report(&s, WhatHappened::SawSomethingUpsetting).await;
    let other = parent_concern(&s, "A stranger messaged my daughter", 2_000).await;

    let unread: ReportList = a.json("/staff/reports?unread=true").await;
    assert_eq!(unread.total, 2);
    assert!(unread.reports.iter().all(|r| r.unread));

    let d: ReportDetail = a.json(&format!("/staff/reports/{id}")).await;
    assert_eq!(d.reads.len(), 1);
    assert_eq!(d.reads[0].name, first.email);
    let when = d.reads[0].first_read_at_ms;
    let again: ReportDetail = a.json(&format!("/staff/reports/{id}")).await;
    assert_eq!(again.reads.len(), 1, "read once");
    assert_eq!(
        again.reads[0].first_read_at_ms, when,
        "the first read is kept"
    );

    let mine: ReportList = a.json("/staff/reports").await;
    let row = |l: &ReportList, id: &str| l.reports.iter().find(|r| r.id == id).unwrap().unread;
    assert!(!row(&mine, &id) && row(&mine, &other));
    let theirs: ReportList = b.json("/staff/reports").await;
    assert!(row(&theirs, &id), "the deputy hasn't read it yet");
    let home: DslHome = b.json("/staff/dsl-home").await;
    assert_eq!(home.unread_total, 2);
    let home: DslHome = a.json("/staff/dsl-home").await;
    assert_eq!(home.unread_total, 1);
    assert_eq!(home.unread[0].id, other);

    let d: ReportDetail = b.json(&format!("/staff/reports/{id}")).await;
    let readers: Vec<_> = d.reads.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(readers, vec![first.email.as_str(), deputy.email.as_str()]);

    let audit: AuditPage = a.json("/staff/audit").await;
    let first_reads = audit
        .entries
        .iter()
        .filter(|e| e.action == "report_first_read")
        .count();
    assert_eq!(first_reads, 2, "one per DSL");
}

#[tokio::test]
async fn actions_have_an_owner_and_a_due_date_and_are_done_by_a_new_entry() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let governor = s.add_staff("governor@school.example", Role::Governor).await;
    let c = s.session_for(dsl.id).await;
    let id = pupil_report(&s, WhatHappened::SomeoneWasUnkind).await;
    let actions = format!("/staff/reports/{id}/actions");

    let r = post(&c, &actions, serde_json::json!({"action_type": "spoke_with_pupil",
        "detail": "Check in with the class teacher", "owner_id": teacher.id, "due_on": "2020-01-31"})).await;
    assert_eq!(r.status(), 200);
    let overdue_id = r.json::<serde_json::Value>().await.unwrap()["event_id"]
        .as_i64()
        .unwrap();
    let r = post(
        &c,
        &actions,
        serde_json::json!({"action_type": "other",
        "detail": "Update the filtering list", "due_on": "2999-01-01"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    for (body, says) in [
        (
            serde_json::json!({"action_type": "other", "detail": "x", "owner_id": governor.id}),
            "owner",
        ),
        (
            serde_json::json!({"action_type": "other", "detail": "x", "due_on": "2026-02-30"}),
            "date",
        ),
        (
            serde_json::json!({"action_type": "other", "detail": "x", "due_on": "next week"}),
            "date",
        ),
    ] {
        assert!(error_of(post(&c, &actions, body).await)
            .await
            .contains(says));
    }

    let d: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
    let mine = d
        .chronology
        .iter()
        .find(|e| e.detail == "Update the filtering list")
        .unwrap();
    assert_eq!(
        mine.owner.as_deref(),
        Some(dsl.email.as_str()),
        "the DSL by default"
    );
    let theirs = d.chronology.iter().find(|e| e.id == overdue_id).unwrap();
    assert_eq!(theirs.owner.as_deref(), Some(teacher.email.as_str()));
    assert_eq!(theirs.due_on.as_deref(), Some("2020-01-31"));
    assert!(d.action_owners.iter().any(|o| o.id == teacher.id.0));
    assert!(!d.action_owners.iter().any(|o| o.id == governor.id.0));

    let home: DslHome = c.json("/staff/dsl-home").await;
    assert_eq!(home.overdue.len(), 1, "only the one past its date");
    assert_eq!(home.overdue[0].event_id, overdue_id);
    assert_eq!(
        home.overdue[0].owner.as_deref(),
        Some(teacher.email.as_str())
    );
    assert_eq!(home.overdue[0].report_id, id);

    let done = format!("/staff/reports/{id}/actions/{overdue_id}/done");
    let r = post(
        &c,
        &done,
        serde_json::json!({"note": "Teacher says all is calm"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(error_of(post(&c, &done, serde_json::json!({})).await)
        .await
        .contains("already"));
    let status_entry = d.chronology.iter().find(|e| e.kind == "status").unwrap().id;
    let not_action = format!("/staff/reports/{id}/actions/{status_entry}/done");
    assert!(error_of(post(&c, &not_action, serde_json::json!({})).await)
        .await
        .contains("only an action"));
    let r = post(
        &c,
        &format!("/staff/reports/{id}/actions/999999/done"),
        serde_json::json!({}),
    )
    .await;
    assert_eq!(r.status(), 404);

    let d: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
    let action = d.chronology.iter().find(|e| e.id == overdue_id).unwrap();
    assert_eq!(
        action.detail, "Check in with the class teacher",
        "the action is unchanged"
    );
    let completion = d.chronology.last().unwrap();
    assert_eq!(completion.kind, "action_done");
    assert_eq!(completion.refers_to, Some(overdue_id));
    assert!(completion.detail.contains("all is calm"));
    let home: DslHome = c.json("/staff/dsl-home").await;
    assert!(home.overdue.is_empty());
}

#[tokio::test]
async fn a_correction_never_changes_the_original_words_and_sql_cannot_either() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let id = pupil_report(&s, WhatHappened::SomeoneWasUnkind).await;
    let pool = s.db().await;
    let payload = || async {
        sqlx::query_scalar::<_, String>("SELECT payload FROM reports WHERE id = $1")
            .bind(&id)
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let before = payload().await;
    let before_detail: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;

    let corrections = format!("/staff/reports/{id}/corrections");
    let r = post(
        &c,
        &corrections,
        serde_json::json!({"text": "The game was Roblox, not Minecraft."}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let entry = before_detail.chronology[0].id;
    let r = post(
        &c,
        &corrections,
        serde_json::json!({"refers_to": entry, "text": "Opened on Tuesday, not Monday."}),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(
        error_of(post(&c, &corrections, serde_json::json!({"text": "  "})).await)
            .await
            .contains("empty")
    );
    let r = post(
        &c,
        &corrections,
        serde_json::json!({"refers_to": 999999, "text": "x"}),
    )
    .await;
    assert!(error_of(r).await.contains("not in this record"));

    assert_eq!(payload().await, before, "the original words are unchanged");
    let d: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
    assert_eq!(d.report, before_detail.report);
    let notes: Vec<_> = d
        .chronology
        .iter()
        .filter(|e| e.kind == "correction")
        .collect();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].refers_to, None, "corrects the original text");
    assert_eq!(notes[1].refers_to, Some(entry));
    assert!(notes.iter().all(|n| n.by == dsl.email && n.at_ms > 0));

    // Not even a direct SQL change gets through.
    for sql in [
        "UPDATE reports SET payload = '{}' WHERE id = $1",
        "UPDATE reports SET what = 'other' WHERE id = $1",
    ] {
        let e = sqlx::query(sql).bind(&id).execute(&pool).await;
        assert!(
            e.unwrap_err().to_string().contains("never rewritten"),
            "{sql}"
        );
    }
    assert_eq!(payload().await, before);

    let audit: AuditPage = c.json("/staff/audit").await;
    let text = serde_json::to_string(&audit).unwrap();
    assert!(audit
        .entries
        .iter()
        .any(|e| e.action == "report_correction"));
    assert!(!text.contains("Roblox") && !text.contains("Tuesday"));
}

#[tokio::test]
async fn referrals_and_closing_with_the_decision_its_reason_and_why_not_referred() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let referred = pupil_report(&s, WhatHappened::WantsToMeetMe).await;
    let kept_in_school = pupil_report(&s, WhatHappened::SomeoneWasUnkind).await;
    let patch = |id: &str, body: serde_json::Value| {
        c.send(Method::PATCH, &format!("/staff/reports/{id}"))
            .json(&body)
            .send()
    };

    // An existing client closing with only an outcome hears what is missing.
    let msg = error_of(
        patch(
            &referred,
            serde_json::json!({"status": "closed", "outcome": "referred_on"}),
        )
        .await
        .unwrap(),
    )
    .await;
    assert!(
        msg.contains("outcome_reason") && msg.contains("not_referred_reason"),
        "{msg}"
    );

    let referrals = format!("/staff/reports/{referred}/referrals");
    let other = post(
        &c,
        &referrals,
        serde_json::json!({"agency": "other", "referred_on": "2026-11-02"}),
    )
    .await;
    assert!(error_of(other).await.contains("who it was referred to"));
    let bad_day = post(
        &c,
        &referrals,
        serde_json::json!({"agency": "police", "referred_on": "yesterday"}),
    )
    .await;
    assert!(error_of(bad_day).await.contains("date"));
    let r = post(&c, &referrals, serde_json::json!({"agency": "ceop", "referred_on": "2026-11-02", "reference": "CEOP-4471"})).await;
    assert_eq!(r.status(), 200);
    let referral = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = post(&c, &referrals, serde_json::json!({"agency": "other", "agency_detail": "The game's safety team", "referred_on": "2026-11-02"})).await;
    assert_eq!(r.status(), 200);

    let result = format!("/staff/reports/{referred}/referrals/{referral}/result");
    let r = post(
        &c,
        &result,
        serde_json::json!({"result": "Passed to police; advice given"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let again = post(&c, &result, serde_json::json!({"result": "Something else"})).await;
    assert!(error_of(again).await.contains("already recorded"));
    let r = post(
        &c,
        &format!("/staff/reports/{referred}/referrals/999999/result"),
        serde_json::json!({"result": "x"}),
    )
    .await;
    assert_eq!(r.status(), 404);

    // Referred: the decision and its reason are enough.
    let msg = error_of(
        patch(
            &referred,
            serde_json::json!({"status": "closed", "outcome": "referred_on"}),
        )
        .await
        .unwrap(),
    )
    .await;
    assert!(
        msg.contains("outcome_reason") && !msg.contains("not_referred_reason"),
        "{msg}"
    );
    let r = patch(
        &referred,
        serde_json::json!({"status": "closed", "outcome": "referred_on",
        "outcome_reason": "An adult asked to meet; CEOP have it."}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let d: ReportDetail = c.json(&format!("/staff/reports/{referred}")).await;
    assert_eq!(d.status, Status::Closed);
    assert_eq!(
        d.outcome_reason.as_deref(),
        Some("An adult asked to meet; CEOP have it.")
    );
    assert_eq!(d.not_referred_reason, None);
    assert_eq!(d.referrals.len(), 2);
    let ceop = &d.referrals[0];
    assert_eq!(ceop.reference.as_deref(), Some("CEOP-4471"));
    assert_eq!(
        ceop.result.as_deref(),
        Some("Passed to police; advice given")
    );
    assert_eq!(
        d.referrals[1].agency_detail.as_deref(),
        Some("The game's safety team")
    );
    assert!(d
        .chronology
        .iter()
        .any(|e| e.kind == "referral" && e.detail.contains("CEOP-4471")));

    // Not referred: why not is needed too.
    let r = patch(&kept_in_school, serde_json::json!({"status": "closed", "outcome": "resolved",
        "outcome_reason": "Apology made", "not_referred_reason": "Below the threshold: a falling-out in class"}))
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let d: ReportDetail = c.json(&format!("/staff/reports/{kept_in_school}")).await;
    assert_eq!(
        d.not_referred_reason.as_deref(),
        Some("Below the threshold: a falling-out in class")
    );
    assert!(d
        .chronology
        .last()
        .unwrap()
        .detail
        .contains("Below the threshold"));

    let audit: AuditPage = c.json("/staff/audit").await;
    let text = serde_json::to_string(&audit).unwrap();
    assert!(audit.entries.iter().any(|e| e.action == "report_referral"));
    assert!(audit
        .entries
        .iter()
        .any(|e| e.action == "report_referral_result"));
    for content in [
        "CEOP-4471",
        "advice given",
        "Apology",
        "threshold",
        "safety team",
    ] {
        assert!(!text.contains(content), "{content} in the audit log");
    }
}

#[tokio::test]
async fn the_parents_told_or_why_not_and_a_plain_letter_for_them() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let id = pupil_report(&s, WhatHappened::SomeoneWasUnkind).await;
    let oak = s
        .state
        .storage
        .create_class("Oak", kite_protocol::Band::Ks1, 1)
        .await
        .unwrap()
        .unwrap();
    let name = |n: &str| kite_protocol::classes::check_pupil_name(n, "B").unwrap();
    let pupils = s
        .state
        .storage
        .add_pupils(oak, &[name("Ava"), name("Ben"), name("Cal")], 1)
        .await
        .unwrap();
    let (ava, ben, cal) = (pupils[0].unwrap(), pupils[1].unwrap(), pupils[2].unwrap());
    for pupil in [ava, ben] {
        link(&s, &id, pupil, dsl.id).await;
    }

    let parents = format!("/staff/reports/{id}/parents");
    let no_how = post(&c, &parents, serde_json::json!({"pupil_id": ava.0, "informed": true, "who": "Ms Khan (DSL) spoke to Mum", "informed_on": "2026-11-03"})).await;
    assert!(error_of(no_how).await.contains("how"));
    let no_why = post(
        &c,
        &parents,
        serde_json::json!({"pupil_id": ben.0, "informed": false}),
    )
    .await;
    assert!(error_of(no_why).await.contains("why"));
    let not_linked = post(
        &c,
        &parents,
        serde_json::json!({"pupil_id": cal.0, "informed": false, "why_not": "x"}),
    )
    .await;
    assert!(error_of(not_linked).await.contains("not linked"));
    let r = post(
        &c,
        &parents,
        serde_json::json!({"pupil_id": ava.0, "informed": true,
        "who": "Ms Khan (DSL) spoke to Mum", "how": "Phone", "informed_on": "2026-11-03"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = post(
        &c,
        &parents,
        serde_json::json!({"pupil_id": ben.0, "informed": false,
        "why_not": "Telling them could put Ben at risk; social care advised waiting."}),
    )
    .await;
    assert_eq!(r.status(), 200);

    let d: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
    assert_eq!(d.parents_told.len(), 2);
    let told = &d.parents_told[0];
    assert!(told.informed && told.pupil_id == Some(ava.0));
    assert_eq!(told.how.as_deref(), Some("Phone"));
    assert_eq!(told.informed_on.as_deref(), Some("2026-11-03"));
    assert!(!d.parents_told[1].informed);
    assert!(d.parents_told[1]
        .why_not
        .as_deref()
        .unwrap()
        .contains("at risk"));
    assert_eq!(d.parents_told[1].recorded_by, dsl.email);

    // The letter: the school's name, this child only, nothing of the record.
    let letter: ParentLetter = c
        .json(&format!(
            "/staff/reports/{id}/parent-letter?pupil_id={}",
            ben.0
        ))
        .await;
    assert_eq!(
        letter.school_name,
        s.state.storage.school_profile().await.unwrap().name
    );
    assert_eq!(letter.from, dsl.email);
    assert_eq!(letter.pupil_id, Some(ben.0));
    assert!(letter.body.contains("Ben") && !letter.body.contains("Ava"));
    assert!(
        !letter.body.contains("messaging"),
        "nothing the pupil wrote"
    );
    let first: ParentLetter = c.json(&format!("/staff/reports/{id}/parent-letter")).await;
    assert_eq!(first.pupil_id, Some(ava.0));
    let other = c
        .get(&format!(
            "/staff/reports/{id}/parent-letter?pupil_id={}",
            cal.0
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 400);

    let audit: AuditPage = c.json("/staff/audit").await;
    let text = serde_json::to_string(&audit).unwrap();
    assert!(audit
        .entries
        .iter()
        .any(|e| e.action == "report_parents_told"));
    assert!(audit.entries.iter().any(|e| e.action == "parent_letter"));
    assert!(!text.contains("Phone") && !text.contains("at risk") && !text.contains("Mum"));
}

/// Links a pupil to a record as the DSL's "link to a child" does.
pub async fn link(
    s: &TestServer,
    report_id: &str,
    pupil: kite_server::ids::PupilId,
    by: kite_server::ids::StaffId,
) {
    sqlx::query(
        "INSERT INTO report_pupils (report_id, pupil_id, involvement, linked_at_ms, linked_by, reason)
         VALUES ($1, $2, 'affected', $3, $4, 'named in the report')",
    )
    .bind(report_id)
    .bind(pupil)
    .bind(kite_server::clock::now_ms())
    .bind(by)
    .execute(&s.db().await)
    .await
    .unwrap();
}
