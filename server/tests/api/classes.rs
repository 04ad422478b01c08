//! Classes and class lists: creating classes, importing a CSV with bad rows, typing pupils in,
//! marking a pupil as left, and who may do which.

use kite_protocol::classes::{ClassSummary, ImportResult, KioskPupil};
use kite_protocol::staff::Role;
use kite_protocol::Band;
use reqwest::Method;

use crate::helpers::{StaffClient, TestServer};

pub async fn import(c: &StaffClient, csv: &str) -> ImportResult {
    import_to(c, "/staff/classes/import", csv).await
}

/// `path`: the import, or its preview (`?preview=true`).
pub async fn import_to(c: &StaffClient, path: &str, csv: &str) -> ImportResult {
    let r = c
        .send(Method::POST, path)
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

pub async fn classes(c: &StaffClient) -> Vec<ClassSummary> {
    c.json("/staff/classes").await
}

pub async fn kiosk_pupils(s: &TestServer, class_id: i64) -> Vec<KioskPupil> {
    let r = s
        .client
        .get(format!("{}/api/v1/device/classes/{class_id}/pupils", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

const LIST: &str = "First name,Last-name initial,Class,Band\n\
    Ava,B,Oak,KS1\n\
    \"Jo, Jr\",K,Oak,KS1\n\
    ,C,Oak,KS1\n\
    Max,Smith,Oak,KS1\n\
    Sam,T,Oak,KS3\n\
    Lily,P,Oak,KS2\n\
    Ava,b,Oak,KS1\n\
    Noor,A,Ash,EYFS\n\
    Tom\u{7},R,Ash,EYFS\n";

#[tokio::test]
async fn an_import_keeps_good_rows_names_bad_ones_by_line_and_adds_nothing_twice() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let c = s.session_for(admin.id).await;

    let first = import(&c, LIST).await;
    assert_eq!(
        first.imported,
        ["Ava B. (Oak)", "Jo, Jr K. (Oak)", "Noor A. (Ash)"]
    );
    assert_eq!(first.classes_created, ["Oak", "Ash"]);
    let problems: Vec<(usize, &str)> = first
        .errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    assert_eq!(problems.len(), 6, "{problems:?}");
    assert_eq!(problems[0].0, 4);
    assert!(problems[0].1.contains("first name is missing"));
    assert_eq!(problems[1].0, 5);
    assert!(problems[1].1.contains("one letter"));
    assert_eq!(problems[2].0, 6);
    assert!(problems[2].1.contains("KS3"));
    assert_eq!(problems[3].0, 7);
    assert!(problems[3]
        .1
        .contains("Oak is a KS1 class, but this row says KS2"));
    assert_eq!(problems[4].0, 8);
    assert!(problems[4].1.contains("twice in this file"));
    assert_eq!(problems[5].0, 10);
    assert!(problems[5].1.contains("control characters"));

    // The same file again: nobody is added twice, the same rows are reported.
    let again = import(&c, LIST).await;
    assert!(again.imported.is_empty());
    assert_eq!(again.already_there, 3);
    assert!(again.classes_created.is_empty());
    assert_eq!(again.errors.len(), 6);

    let all = classes(&c).await;
    let oak = all.iter().find(|k| k.name == "Oak").unwrap();
    assert_eq!((oak.band, oak.pupils), (Band::Ks1, 2));

    // Classmates have different symbols, and the kiosk shows first name and initial only.
    let pupils = kiosk_pupils(&s, oak.id).await;
    assert_eq!(pupils.len(), 2);
    assert_ne!(pupils[0].symbol, pupils[1].symbol);
    assert!(pupils.iter().all(|p| !p.signed_current));
}

#[tokio::test]
async fn pupils_typed_in_are_checked_like_imported_rows_and_can_leave() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let c = s.session_for(admin.id).await;
    let made: ClassSummary = c
        .send(Method::POST, "/staff/classes")
        .json(&serde_json::json!({"name": "Willow", "band": "eyfs"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let dup = c
        .send(Method::POST, "/staff/classes")
        .json(&serde_json::json!({"name": "willow", "band": "eyfs"}))
        .send()
        .await
        .unwrap();
    assert_eq!(dup.status(), 409);

    let add = |first: &'static str, initial: &'static str| {
        c.send(Method::POST, &format!("/staff/classes/{}/pupils", made.id))
            .json(&serde_json::json!({"first_name": first, "last_initial": initial}))
            .send()
    };
    assert_eq!(add("Ruby", "d").await.unwrap().status(), 200);
    let bad = add("Ruby", "Dee").await.unwrap();
    assert_eq!(bad.status(), 400);
    let msg: serde_json::Value = bad.json().await.unwrap();
    assert!(msg["error"].as_str().unwrap().contains("one letter"));
    assert_eq!(add("ruby", "D").await.unwrap().status(), 409);

    let pupils = kiosk_pupils(&s, made.id).await;
    assert_eq!(pupils[0].first_name, "Ruby");
    assert_eq!(pupils[0].last_initial, "D");
    let left = c
        .send(
            Method::POST,
            &format!("/staff/pupils/{}/left", pupils[0].id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(left.status(), 200);
    assert!(kiosk_pupils(&s, made.id).await.is_empty());
    // Once left, the same name can join again (a new pupil record).
    assert_eq!(add("Ruby", "D").await.unwrap().status(), 200);
}

#[tokio::test]
async fn a_teacher_imports_into_their_own_classes_and_new_classes_become_theirs() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let a = s.session_for(admin.id).await;
    import(&a, "Ava,B,Oak,KS1\n").await;

    let t = s.session_for(teacher.id).await;
    let result = import(&t, "Ben,C,Oak,KS1\nCara,D,Birch,KS2\n").await;
    assert_eq!(result.imported, ["Cara D. (Birch)"]);
    assert_eq!(result.errors.len(), 1);
    assert_eq!(result.errors[0].line, 1);
    assert!(result.errors[0].message.contains("you don't teach Oak"));
    let mine = classes(&t).await;
    assert_eq!(mine.len(), 1, "a teacher lists only their classes");
    assert_eq!(mine[0].name, "Birch");
    assert_eq!(mine[0].teachers[0].id, i64::from(teacher.id));

    let d = s.session_for(dsl.id).await;
    let refused = d
        .send(Method::POST, "/staff/classes/import")
        .body("Dan,E,Oak,KS1\n")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert_eq!(classes(&d).await.len(), 2, "a DSL sees every class");
}

#[tokio::test]
async fn the_demo_school_has_classes_for_the_kiosk_and_the_demo_teacher_teaches_oak() {
    let (_dir, state, _db) = crate::helpers::demo_school().await;
    let classes = state.storage.list_classes().await.unwrap();
    let names: Vec<_> = classes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Oak", "Willow"]);
    assert!(classes.iter().all(|c| c.pupils == 6));
    let teacher = state
        .storage
        .staff_by_email("teacher@demo.school")
        .await
        .unwrap()
        .unwrap();
    assert!(classes[0].taught_by(teacher.id));
    assert!(!classes[1].taught_by(teacher.id));
}
