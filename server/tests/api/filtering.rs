//! Filtering and monitoring: only an account flagged as the head's authorises a change to the
//! filter, a change is marked done only after that, nothing in the logs is rewritten, the next
//! yearly review falls due twelve months after the last, and the governors' report says whether
//! it is up to date.

use kite_protocol::filtering::{FilterChange, FilteringLog, ReviewStatus, REVIEW_QUESTIONS};
use kite_protocol::oversight::GovernorsReport;
use kite_protocol::record::DslHome;
use kite_protocol::staff::Role;
use kite_server::http::staff::{routes, Access};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{months_ago, today, StaffClient, TestServer};

async fn ask(teacher: &StaffClient) -> FilterChange {
    let r = teacher
        .send(Method::POST, "/staff/filtering/changes")
        .json(&json!({
            "action": "allow",
            "site": "www.bbc.co.uk/bitesize",
            "reason": "Year 4 need the Bitesize videos for science",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn decide(who: &StaffClient, id: i64, authorised: bool, reason: &str) -> reqwest::Response {
    who.send(
        Method::POST,
        &format!("/staff/filtering/changes/{id}/decision"),
    )
    .json(&json!({ "authorised": authorised, "reason": reason }))
    .send()
    .await
    .unwrap()
}

async fn mark_done(who: &StaffClient, id: i64, day: &str) -> reqwest::Response {
    who.send(Method::POST, &format!("/staff/filtering/changes/{id}/done"))
        .json(&json!({ "done_on": day, "note": "allowed on the filter's console" }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn only_the_head_authorises_a_filter_change_and_only_once() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let head = s.add_staff("head@school.example", Role::Teacher).await;
    let (dsl, admin, teacher_c) = (
        s.login(&dsl).await,
        s.login(&admin).await,
        s.login(&teacher).await,
    );
    let change = ask(&teacher_c).await;
    assert_eq!(change.authorised, None);

    // Nobody without the head's flag decides, whatever their role.
    let head_c = s.login(&head).await;
    for who in [&teacher_c, &dsl, &admin, &head_c] {
        assert_eq!(
            decide(who, change.id, true, "").await.status(),
            StatusCode::FORBIDDEN
        );
    }
    admin.flag_head(head.id).await;
    let me: kite_protocol::staff::Me = head_c.json("/staff/me").await;
    assert!(me.is_head);

    // A refusal needs a reason; an authorisation is kept with who and when, once.
    assert_eq!(
        decide(&head_c, change.id, false, " ").await.status(),
        StatusCode::BAD_REQUEST
    );
    let r = decide(&head_c, change.id, true, "fine for lessons").await;
    assert_eq!(r.status(), StatusCode::OK);
    let decided: FilterChange = r.json().await.unwrap();
    assert_eq!(decided.authorised, Some(true));
    assert_eq!(decided.decision.unwrap().note, "fine for lessons");
    assert_eq!(
        decide(&head_c, change.id, false, "changed my mind")
            .await
            .status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        decide(&head_c, 999_999, true, "").await.status(),
        StatusCode::NOT_FOUND
    );

    // The teacher follows their own request; the head (a teacher's account) reads the log.
    let mine: Vec<FilterChange> = teacher_c.json("/staff/filtering/my-changes").await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].authorised, Some(true));
    assert_eq!(
        teacher_c
            .get("/staff/filtering")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let log: FilteringLog = head_c.json("/staff/filtering").await;
    assert_eq!(log.changes.len(), 1);
}

#[tokio::test]
async fn a_change_is_marked_done_only_after_the_head_authorised_it() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let (dsl, admin, teacher) = (
        s.login(&dsl).await,
        s.login(&admin).await,
        s.login(&teacher).await,
    );
    // The head here holds the DSL's account: the flag, not the role, lets them decide.
    let me: kite_protocol::staff::Me = dsl.json("/staff/me").await;
    dsl.flag_head(kite_server::ids::StaffId(me.id)).await;

    let waiting = ask(&teacher).await;
    assert_eq!(
        mark_done(&admin, waiting.id, &today()).await.status(),
        StatusCode::CONFLICT
    );
    let refused = ask(&teacher).await;
    assert_eq!(
        decide(&dsl, refused.id, false, "the site has adverts")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        mark_done(&admin, refused.id, &today()).await.status(),
        StatusCode::CONFLICT
    );

    assert_eq!(
        decide(&dsl, waiting.id, true, "").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        mark_done(&admin, waiting.id, "2999-01-01").await.status(),
        StatusCode::BAD_REQUEST
    );
    let r = mark_done(&admin, waiting.id, &today()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let done: FilterChange = r.json().await.unwrap();
    assert_eq!(done.done_on.as_deref(), Some(today().as_str()));
    assert!(done.done.is_some());
    assert_eq!(
        mark_done(&admin, waiting.id, &today()).await.status(),
        StatusCode::CONFLICT
    );

    // Nothing written is rewritten, even in SQL.
    let db = s.db().await;
    for sql in [
        "UPDATE filter_change_steps SET note = 'x'",
        "DELETE FROM filter_change_steps",
        "UPDATE filter_changes SET reason = 'x'",
        "DELETE FROM filter_changes",
    ] {
        assert!(sqlx::query(sql).execute(&db).await.is_err(), "{sql}");
    }
}

fn review(day: &str) -> serde_json::Value {
    json!({
        "reviewed_on": day,
        "participants": "Head, DSL, chair of governors, IT provider",
        "answers": REVIEW_QUESTIONS
            .iter()
            .map(|(key, _)| json!({ "question": key, "answer": "yes", "note": "" }))
            .collect::<Vec<_>>(),
    })
}

#[tokio::test]
async fn the_next_review_is_due_twelve_months_after_the_last_and_the_dsl_is_told() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let dsl = s.login(&dsl).await;
    let home: DslHome = dsl.json("/staff/dsl-home").await;
    assert!(!home.filtering_review.up_to_date);
    assert_eq!(home.filtering_review.last_reviewed_on, None);

    let post = |body: serde_json::Value| {
        dsl.send(Method::POST, "/staff/filtering/reviews")
            .json(&body)
            .send()
    };
    // Every question answered, once; a real day, not ahead.
    let mut short = review(&today());
    short["answers"].as_array_mut().unwrap().pop();
    assert_eq!(post(short).await.unwrap().status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        post(review("2999-01-01")).await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );

    // Thirteen months ago: overdue.
    let r = post(review(&months_ago(13))).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let status: ReviewStatus = r.json().await.unwrap();
    assert!(!status.up_to_date);
    assert_eq!(status.next_due_on, Some(months_ago(1)));

    // Eleven months and a bit ago: up to date, due within the month.
    let r = post(review(&months_ago(11))).await.unwrap();
    let status: ReviewStatus = r.json().await.unwrap();
    assert!(status.up_to_date);
    assert_eq!(status.last_reviewed_on, Some(months_ago(11)));
    assert_eq!(status.next_due_on, Some(months_ago(-1)));
    let home: DslHome = dsl.json("/staff/dsl-home").await;
    assert_eq!(home.filtering_review, status);
    let log: FilteringLog = dsl.json("/staff/filtering").await;
    assert_eq!(log.reviews.len(), 2);
    assert_eq!(log.reviews[0].answers.len(), REVIEW_QUESTIONS.len());
}

#[tokio::test]
async fn the_governors_report_says_whether_the_review_is_up_to_date() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let governor = s.add_staff("governor@school.example", Role::Governor).await;
    let (dsl, governor) = (s.login(&dsl).await, s.login(&governor).await);
    let path = "/staff/governors-report?period=2026-10";
    let before: GovernorsReport = governor.json(path).await;
    assert!(!before.filtering_review.up_to_date);

    let day = months_ago(2);
    let r = dsl
        .send(Method::POST, "/staff/filtering/reviews")
        .json(&review(&day))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let after: GovernorsReport = governor.json(path).await;
    assert!(after.filtering_review.up_to_date);
    assert_eq!(after.filtering_review.last_reviewed_on, Some(day));
    // The governor reads the answer, never the log.
    assert_eq!(
        governor
            .get("/staff/filtering")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_check_keeps_its_certificate_for_those_who_keep_the_logs() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let (admin, teacher) = (s.login(&admin).await, s.login(&teacher).await);
    let pdf = b"%PDF-1.4\n% a filtering test's certificate\n".to_vec();
    let up = |body: Vec<u8>| {
        admin
            .send(Method::POST, "/staff/filtering/files")
            .body(body)
            .send()
    };
    assert_eq!(
        up(b"not a pdf".to_vec()).await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
    let sent = up(pdf.clone()).await.unwrap();
    assert_eq!(sent.status(), StatusCode::OK, "the upload");
    let file: serde_json::Value = sent.json().await.unwrap();
    let file = file["id"]
        .as_i64()
        .expect("the upload answers the file's id");
    let check = json!({
        "checked_on": today(),
        "checked_by": "Sam from the IT company, with the DSL",
        "devices": "Class iPads, staff laptops",
        "places": "Classrooms, hall",
        "user_groups": "Pupils, staff, guest wi-fi",
        "tested": "testfiltering.com's test",
        "result": "problems",
        "found": "The guest wi-fi let one gambling site through",
        "action_taken": "The IT company added it to the block list the same day",
        "certificate_file": file,
    });
    let r = admin
        .send(Method::POST, "/staff/filtering/checks")
        .json(&check)
        .send()
        .await
        .unwrap();
    let (status, answer) = (r.status(), r.text().await.unwrap());
    assert_eq!(status, StatusCode::OK, "the check: {answer}");
    let log: FilteringLog = admin.json("/staff/filtering").await;
    assert_eq!(log.checks.len(), 1);
    assert_eq!(log.checks[0].certificate_file, Some(file));
    let served = admin
        .get(&format!("/staff/filtering/files/{file}"))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.bytes().await.unwrap().to_vec(), pdf);
    assert_eq!(
        teacher
            .get(&format!("/staff/filtering/files/{file}"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
}

/// The role walk has no account flagged as the head's: here one (a teacher's account) walks
/// every route that needs the flag, and is let through each.
#[tokio::test]
async fn a_head_flagged_teacher_reaches_the_head_s_and_the_logs_routes() {
    let s = TestServer::spawn().await;
    let head = s.add_staff("head@school.example", Role::Teacher).await;
    s.state
        .storage
        .set_staff_head(head.id, true, kite_server::clock::now_ms())
        .await
        .unwrap();
    let walked = routes()
        .into_iter()
        .filter(|r| matches!(r.access, Access::Head | Access::DutiesLead));
    let mut n = 0;
    for route in walked {
        let c = s.session_for(head.id).await;
        let method = Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
        let status = c
            .send(method, &route.path.replace("{id}", "999999"))
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
        n += 1;
    }
    assert!(n >= 8);
}
