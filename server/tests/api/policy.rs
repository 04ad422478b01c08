//! The online-safety policy's reviews: an approval says who approved it, when, where it is read
//! and when it is next reviewed (within a year); the DSL's home says so a month before and once
//! it is late; the governors' report says whether it is in date; nothing recorded is rewritten.

use kite_protocol::oversight::GovernorsReport;
use kite_protocol::policy::OnlineSafetyPolicy;
use kite_protocol::record::DslHome;
use kite_protocol::staff::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{months_ago, today, StaffClient, TestServer};

fn approval(approved_on: &str, next: &str) -> Value {
    json!({
        "approved_on": approved_on,
        "approved_by": "The full governing board",
        "next_review_on": next,
        "link": "https://school.example/policies/online-safety.pdf",
    })
}

async fn approve(who: &StaffClient, body: Value) -> (StatusCode, Value) {
    let r = who
        .send(Method::POST, "/staff/policy/approvals")
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_approval_sets_the_next_review_and_the_dsl_is_told_a_month_before() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let (dsl, admin) = (s.login(&dsl).await, s.login(&admin).await);
    let home: DslHome = dsl.json("/staff/dsl-home").await;
    assert!(home.policy_review.needs_attention());
    assert_eq!(home.policy_review.next_due_on, None);

    // Bad input is refused with a reason: a day ahead, a review more than a year on or before
    // the approval, nowhere to read it, or both a link and a document.
    for (body, words) in [
        (approval("2999-01-01", "2999-06-01"), "after today"),
        (approval(&months_ago(1), &months_ago(-12)), "within a year"),
        (approval(&months_ago(1), &months_ago(2)), "after the day"),
        (
            json!({ "approved_on": today(), "approved_by": "Board", "next_review_on": months_ago(-6) }),
            "where the policy is read",
        ),
        (
            json!({ "approved_on": today(), "approved_by": "Board", "next_review_on": months_ago(-6),
                    "link": "https://school.example/p", "document_id": 1 }),
            "not both",
        ),
        (
            json!({ "approved_on": today(), "approved_by": "", "next_review_on": months_ago(-6),
                    "link": "https://school.example/p" }),
            "who approved it",
        ),
    ] {
        let (status, answer) = approve(&admin, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert!(answer.to_string().contains(words), "{words}: {answer}");
    }

    // Approved eleven months ago, next review in a month's time: in date, and due soon.
    let (status, answer) = approve(&admin, approval(&months_ago(11), &months_ago(-1))).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let policy: OnlineSafetyPolicy = serde_json::from_value(answer).unwrap();
    assert!(policy.review.up_to_date && policy.review.due_soon);
    assert_eq!(policy.approvals.len(), 1);
    assert_eq!(policy.approvals[0].recorded_by, "admin@school.example");
    let home: DslHome = dsl.json("/staff/dsl-home").await;
    assert_eq!(home.policy_review, policy.review);
    assert!(home.policy_review.needs_attention());

    // Reviewed again today with six months to the next: in date, nothing to say; both kept.
    let (status, answer) = approve(&dsl, approval(&today(), &months_ago(-6))).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let home: DslHome = dsl.json("/staff/dsl-home").await;
    assert!(!home.policy_review.needs_attention());
    let policy: OnlineSafetyPolicy = dsl.json("/staff/policy").await;
    assert_eq!(policy.approvals.len(), 2);
    assert_eq!(policy.approvals[0].approved_on, today());

    // Nothing written is rewritten, even in SQL.
    let db = s.db().await;
    for sql in [
        "UPDATE policy_approvals SET approved_by = 'x'",
        "DELETE FROM policy_approvals",
    ] {
        assert!(sqlx::query(sql).execute(&db).await.is_err(), "{sql}");
    }
}

#[tokio::test]
async fn the_policy_can_be_a_document_published_for_staff_and_governors_see_if_it_is_in_date() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let governor = s.add_staff("governor@school.example", Role::Governor).await;
    let (dsl, teacher, governor) = (
        s.login(&dsl).await,
        s.login(&teacher).await,
        s.login(&governor).await,
    );
    let path = "/staff/governors-report?period=2026-10";
    let before: GovernorsReport = governor.json(path).await;
    assert!(!before.policy_review.up_to_date);

    let r = dsl
        .send(Method::POST, "/staff/training/documents")
        .json(&json!({ "title": "Online safety policy", "link": "https://school.example/oss" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let register: Value = r.json().await.unwrap();
    let doc = register["documents"][0]["id"].as_i64().unwrap();

    let (status, answer) = approve(&dsl, json!({ "approved_on": months_ago(2), "approved_by": "Curriculum committee", "next_review_on": months_ago(-10), "document_id": 999 })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = approve(&dsl, json!({ "approved_on": months_ago(2), "approved_by": "Curriculum committee", "next_review_on": months_ago(-10), "document_id": doc })).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let policy: OnlineSafetyPolicy = serde_json::from_value(answer).unwrap();
    let document = policy.approvals[0].document.clone().unwrap();
    assert_eq!(document.title, "Online safety policy");
    assert_eq!(policy.approvals[0].href(), "https://school.example/oss");

    let after: GovernorsReport = governor.json(path).await;
    assert!(after.policy_review.up_to_date);
    assert_eq!(after.policy_review.last_reviewed_on, Some(months_ago(2)));
    assert_eq!(after.policy_review.next_due_on, Some(months_ago(-10)));
    // Governors read the answer in their report; teachers and governors never the page.
    for who in [&teacher, &governor] {
        let r = who.get("/staff/policy").send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
}
