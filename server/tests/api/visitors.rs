//! Visitors sign the visitor agreement with no account: on a phone with the key from the office
//! poster (refused once the poster is renewed, or with a made-up key), or on the office tablet
//! with its device token; a day's signatures from one poster or tablet are limited; the office
//! (admins and DSLs, nobody else) reads the day's list, audited; a new version is signed from
//! then on and the list says who signed which; retention deletes old signatures, and a
//! signature is never changed.

use kite_protocol::agreement::{AgreementContent, AgreementKind, AgreementVersion};
use kite_protocol::staff::Role;
use kite_protocol::visitor::{
    SignedOn, VisitorAgreement, VisitorDay, VisitorPoster, VisitorSignature, VisitorSigned,
};
use kite_server::rate_limit::VISITOR_SIGNINGS_A_DAY;
use kite_server::retention::purge_once;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{StaffClient, TestServer};

async fn office(s: &TestServer) -> StaffClient {
    let admin = s.add_staff("office@school.example", Role::Admin).await;
    s.session_for(admin.id).await
}

async fn new_poster(office: &StaffClient) -> VisitorPoster {
    let r = office
        .send(Method::POST, "/staff/visitors/poster")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// The key from the poster's link, as the visitor's page reads it after `#key=`.
fn key_of(poster: &VisitorPoster) -> String {
    poster.link.split_once("#key=").unwrap().1.to_string()
}

async fn post(s: &TestServer, path: &str, body: Value) -> reqwest::Response {
    s.client
        .post(format!("{}/api/v1{path}", s.url))
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn signature(version_id: i64, name: &str) -> VisitorSignature {
    VisitorSignature {
        version_id,
        name: name.into(),
        organisation: "Acme Plumbing".into(),
        visiting: "Mrs Jones, the site manager".into(),
        signed_name: name.into(),
    }
}

async fn read_by_key(s: &TestServer, key: &str) -> reqwest::Response {
    post(s, "/visitor/agreement", json!({ "key": key })).await
}

async fn sign_by_key(s: &TestServer, key: &str, sig: &VisitorSignature) -> reqwest::Response {
    post(s, "/visitor/sign", json!({ "key": key, "signature": sig })).await
}

async fn today(office: &StaffClient) -> VisitorDay {
    office.json("/staff/visitors").await
}

#[tokio::test]
async fn a_visitor_signs_on_a_phone_with_the_posters_key_and_the_office_sees_them() {
    let s = TestServer::spawn().await;
    let office = office(&s).await;
    // No poster yet: nothing to print, and no key works.
    let none: Option<VisitorPoster> = office.json("/staff/visitors/poster").await;
    assert_eq!(none, None);
    let poster = new_poster(&office).await;
    assert!(poster.link.contains("/aup/visitor#key="), "{}", poster.link);
    assert!(poster.qr_svg.starts_with("<?xml") || poster.qr_svg.contains("<svg"));
    assert_eq!(poster.made_by.as_deref(), Some("office@school.example"));
    let key = key_of(&poster);

    let r = read_by_key(&s, &key).await;
    assert_eq!(r.status(), 200);
    let agreement: VisitorAgreement = r.json().await.unwrap();
    assert_eq!(agreement.version, 1);
    assert!(!agreement.content.sections.is_empty());

    let r = sign_by_key(&s, &key, &signature(agreement.version_id, "Sam Patel")).await;
    assert_eq!(r.status(), 200);
    let signed: VisitorSigned = r.json().await.unwrap();
    assert_eq!(signed.date, agreement.date);

    let list = today(&office).await;
    assert_eq!(list.date, agreement.date);
    assert_eq!(list.current_version, 1);
    assert_eq!(list.visitors.len(), 1);
    let sam = &list.visitors[0];
    assert_eq!(
        (
            sam.name.as_str(),
            sam.organisation.as_str(),
            sam.version,
            sam.signed_on
        ),
        ("Sam Patel", "Acme Plumbing", 1, SignedOn::Phone)
    );
    // Another day's list is empty; a date that isn't one is refused in words.
    let other: VisitorDay = office.json("/staff/visitors?date=2020-01-02").await;
    assert!(other.visitors.is_empty());
    let bad = office
        .get("/staff/visitors?date=tomorrow")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("isn't a date"));
}

#[tokio::test]
async fn an_old_or_made_up_key_is_refused_and_nothing_is_signed() {
    let s = TestServer::spawn().await;
    let office = office(&s).await;
    let old = key_of(&new_poster(&office).await);
    let v = {
        let a: VisitorAgreement = read_by_key(&s, &old).await.json().await.unwrap();
        a.version_id
    };
    let fresh = key_of(&new_poster(&office).await);
    assert_ne!(old, fresh);

    for key in [old.as_str(), "made-up", ""] {
        let r = read_by_key(&s, key).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{key}");
        let r = sign_by_key(&s, key, &signature(v, "Old Poster")).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{key}");
        assert!(r.text().await.unwrap().contains("new poster"));
    }
    assert!(today(&office).await.visitors.is_empty());
    assert_eq!(
        sign_by_key(&s, &fresh, &signature(v, "New Poster"))
            .await
            .status(),
        200
    );
    assert_eq!(today(&office).await.visitors.len(), 1);
}

#[tokio::test]
async fn a_visitor_signs_on_the_office_tablet_with_its_token() {
    let s = TestServer::spawn().await;
    let office = office(&s).await;
    let agreement: VisitorAgreement = s
        .client
        .get(format!("{}/api/v1/device/visitor-agreement", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sign = |token: &str| {
        s.client
            .post(format!("{}/api/v1/device/visitor-sign", s.url))
            .bearer_auth(token)
            .json(&signature(agreement.version_id, "Ola Nowak"))
            .send()
    };
    assert_eq!(sign("kite_dev_wrong").await.unwrap().status(), 401);
    assert_eq!(sign(&s.token).await.unwrap().status(), 200);
    let list = today(&office).await;
    assert_eq!(list.visitors.len(), 1);
    assert_eq!(list.visitors[0].signed_on, SignedOn::Tablet);
}

#[tokio::test]
async fn what_a_visitor_types_is_checked_and_a_bad_signature_loses_nothing_else() {
    let s = TestServer::spawn().await;
    let office = office(&s).await;
    let key = key_of(&new_poster(&office).await);
    let a: VisitorAgreement = read_by_key(&s, &key).await.json().await.unwrap();
    let mut one_word = signature(a.version_id, "Sam Patel");
    one_word.signed_name = "Sam".into();
    let r = sign_by_key(&s, &key, &one_word).await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("full name"));
    let mut stale = signature(a.version_id, "Sam Patel");
    stale.version_id = a.version_id + 1000;
    assert_eq!(sign_by_key(&s, &key, &stale).await.status(), 409);
    assert!(today(&office).await.visitors.is_empty());
}

#[tokio::test]
async fn one_poster_signs_in_only_so_many_visitors_a_day() {
    let s = TestServer::spawn().await;
    let office = office(&s).await;
    let key = key_of(&new_poster(&office).await);
    let a: VisitorAgreement = read_by_key(&s, &key).await.json().await.unwrap();
    for i in 0..VISITOR_SIGNINGS_A_DAY {
        let r = sign_by_key(&s, &key, &signature(a.version_id, &format!("Visitor {i}"))).await;
        assert_eq!(r.status(), 200, "{i}");
    }
    let r = sign_by_key(&s, &key, &signature(a.version_id, "One More")).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("ask at the office"));
    // The tablet has its own allowance.
    let r = s
        .client
        .post(format!("{}/api/v1/device/visitor-sign", s.url))
        .bearer_auth(&s.token)
        .json(&signature(a.version_id, "At The Desk"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn the_office_and_the_head_read_the_list_and_each_read_is_audited() {
    let s = TestServer::spawn().await;
    let office = office(&s).await;
    new_poster(&office).await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let governor = s.add_staff("governor@school.example", Role::Governor).await;
    let head = s.add_staff("head@school.example", Role::Teacher).await;
    office.flag_head(head.id).await;
    // (who, the day's list, the poster): the head reads who is in school but makes no posters.
    for (who, list, poster) in [
        (dsl.id, 200, 200),
        (head.id, 200, 403),
        (teacher.id, 403, 403),
        (governor.id, 403, 403),
    ] {
        let c = s.session_for(who).await;
        for (path, want) in [
            ("/staff/visitors", list),
            ("/staff/visitors/poster", poster),
        ] {
            assert_eq!(c.get(path).send().await.unwrap().status(), want, "{path}");
        }
    }
    let anon = s
        .client
        .get(format!("{}/api/v1/staff/visitors", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), 401);
    today(&office).await;
    let log = s.state.storage.list_audit(50, None).await.unwrap();
    let reads: Vec<_> = log
        .iter()
        .filter(|e| e.action == "visitors_viewed")
        .map(|e| e.staff_email.as_str())
        .collect();
    assert_eq!(
        reads,
        [
            "office@school.example",
            "head@school.example",
            "dsl@school.example"
        ],
        "{reads:?}"
    );
}

#[tokio::test]
async fn a_new_version_is_signed_from_then_on_and_the_list_says_who_signed_which() {
    let s = TestServer::spawn().await;
    let office = office(&s).await;
    let key = key_of(&new_poster(&office).await);
    let v1: VisitorAgreement = read_by_key(&s, &key).await.json().await.unwrap();
    assert_eq!(
        sign_by_key(&s, &key, &signature(v1.version_id, "Early Bird"))
            .await
            .status(),
        200
    );
    let mut content = v1.content.clone();
    content.sections[0]
        .points
        .push("I wear my visitor's badge where it can be seen.".into());
    let r = office
        .send(Method::POST, "/staff/agreements/visitor")
        .json(&json!({ "content": AgreementContent::Sections(content), "summary": "Badges" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let published: AgreementVersion = r.json().await.unwrap();
    assert_eq!(
        (published.kind, published.version),
        (AgreementKind::Visitor, 2)
    );
    // A visitor who read version 1 is asked to read the new one.
    assert_eq!(
        sign_by_key(&s, &key, &signature(v1.version_id, "Slow Reader"))
            .await
            .status(),
        409
    );
    let v2: VisitorAgreement = read_by_key(&s, &key).await.json().await.unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(
        sign_by_key(&s, &key, &signature(v2.version_id, "Slow Reader"))
            .await
            .status(),
        200
    );
    let list = today(&office).await;
    assert_eq!(list.current_version, 2);
    let versions: Vec<_> = list
        .visitors
        .iter()
        .map(|v| (v.name.as_str(), v.version))
        .collect();
    assert_eq!(versions, [("Early Bird", 1), ("Slow Reader", 2)]);
}

#[tokio::test]
async fn visitors_are_kept_for_the_retention_period_then_deleted() {
    let s = TestServer::spawn().await;
    let office = office(&s).await;
    let key = key_of(&new_poster(&office).await);
    let a: VisitorAgreement = read_by_key(&s, &key).await.json().await.unwrap();
    sign_by_key(&s, &key, &signature(a.version_id, "Sam Patel")).await;
    let now = kite_server::clock::now_ms();
    let month = 2_629_746_000;
    // No period set: kept, however old.
    purge_once(&s.state, now + 120 * month).await.unwrap();
    assert_eq!(today(&office).await.visitors.len(), 1, "no period set");
    s.state.storage.set_school_settings(&[], 12).await.unwrap();
    purge_once(&s.state, now + 11 * month).await.unwrap();
    assert_eq!(today(&office).await.visitors.len(), 1, "within the period");
    purge_once(&s.state, now + 13 * month).await.unwrap();
    assert!(today(&office).await.visitors.is_empty(), "deleted after it");
    let log = s.state.storage.list_audit(50, None).await.unwrap();
    assert!(log.iter().any(|e| e.action == "visitor_signatures_purged"));
}

#[tokio::test]
async fn a_visitors_signature_is_never_changed() {
    let s = TestServer::spawn().await;
    let office = office(&s).await;
    let key = key_of(&new_poster(&office).await);
    let a: VisitorAgreement = read_by_key(&s, &key).await.json().await.unwrap();
    sign_by_key(&s, &key, &signature(a.version_id, "Sam Patel")).await;
    let db = s.db().await;
    for sql in [
        "UPDATE visitor_signatures SET name = 'Someone Else'",
        "UPDATE visitor_keys SET visitor_key = 'guessable'",
    ] {
        assert!(sqlx::query(sql).execute(&db).await.is_err(), "{sql}");
    }
    assert_eq!(today(&office).await.visitors[0].name, "Sam Patel");
}
