//! A class's year group: made with one, set later for classes made before years were kept,
//! filled in by a class list, and shown to the class's tablets.

use kite_protocol::classes::{ClassSummary, KioskClass};
use kite_protocol::pupil_record::YearGroup;
use kite_protocol::staff::Role;
use kite_protocol::Band;
use reqwest::{Method, StatusCode};

use crate::classes::{classes, import};
use crate::helpers::{StaffClient, TestServer};

async fn make(c: &StaffClient, body: serde_json::Value) -> reqwest::Response {
    c.send(Method::POST, "/staff/classes")
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn set_years(c: &StaffClient, id: i64, years: &[&str]) -> reqwest::Response {
    c.send(Method::PUT, &format!("/staff/classes/{id}/years"))
        .json(&serde_json::json!({ "years": years }))
        .send()
        .await
        .unwrap()
}

async fn kiosk_classes(s: &TestServer) -> Vec<KioskClass> {
    s.client
        .get(format!("{}/api/v1/device/classes", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn named<'a>(list: &'a [ClassSummary], name: &str) -> &'a ClassSummary {
    list.iter().find(|c| c.name == name).unwrap()
}

#[tokio::test]
async fn a_class_is_made_with_its_year_and_its_band_follows_the_youngest() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let c = s.session_for(admin.id).await;

    let oak: ClassSummary = make(&c, serde_json::json!({"name": "Oak", "years": ["y4"]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((oak.band, oak.years), (Band::Ks2, vec![YearGroup::Y4]));
    // A mixed Year 2/3 class shares its younger year's key stage.
    let elm: ClassSummary = make(
        &c,
        serde_json::json!({"name": "Elm", "years": ["y3", "y2"]}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        (elm.band, elm.years),
        (Band::Ks1, vec![YearGroup::Y2, YearGroup::Y3])
    );

    for (body, says) in [
        (
            serde_json::json!({"name": "Fir", "years": ["y3", "y4", "y5"]}),
            "Year 3/4/5 is too many",
        ),
        (
            serde_json::json!({"name": "Fir", "years": ["y4"], "band": "ks1"}),
            "Year 4 is taught as KS2, not KS1",
        ),
        (serde_json::json!({"name": "Fir"}), "year group"),
        (serde_json::json!({"name": "Fir", "years": ["y9"]}), ""),
    ] {
        let r = make(&c, body.clone()).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
        let text = r.text().await.unwrap();
        assert!(text.contains(says), "{body}: {text}");
    }
    // A band alone still makes a class, whose year is then asked for.
    let ash: ClassSummary = make(&c, serde_json::json!({"name": "Ash", "band": "eyfs"}))
        .await
        .json()
        .await
        .unwrap();
    assert!(ash.years.is_empty());
    assert_eq!(classes(&c).await.len(), 3, "nothing half-made");
}

#[tokio::test]
async fn a_class_made_before_years_keeps_working_until_its_teacher_sets_one() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let st = &s.state.storage;
    let oak = st.create_class("Oak", Band::Ks1, 1).await.unwrap().unwrap();
    let ash = st.create_class("Ash", Band::Ks2, 1).await.unwrap().unwrap();
    st.add_class_teacher(oak, teacher.id).await.unwrap();

    let kiosk = kiosk_classes(&s).await;
    assert!(kiosk.iter().all(|k| k.years.is_empty()), "not known yet");
    assert_eq!(
        kiosk.iter().find(|k| k.name == "Oak").unwrap().band,
        Band::Ks1
    );

    let t = s.session_for(teacher.id).await;
    let r = set_years(&t, oak.0, &["y2"]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let set: ClassSummary = r.json().await.unwrap();
    assert_eq!((set.band, set.years), (Band::Ks1, vec![YearGroup::Y2]));
    // A year in another key stage moves the band with it.
    let r = set_years(&t, oak.0, &["y3", "y4"]).await;
    let set: ClassSummary = r.json().await.unwrap();
    assert_eq!(
        (set.band, set.years),
        (Band::Ks2, vec![YearGroup::Y3, YearGroup::Y4])
    );
    let r = set_years(&t, oak.0, &[]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("choose the class's year group"));

    // Not the teacher's class, and not the DSL's to edit.
    assert_eq!(set_years(&t, ash.0, &["y5"]).await.status(), 403);
    let d = s.session_for(dsl.id).await;
    assert_eq!(set_years(&d, oak.0, &["y5"]).await.status(), 403);
    let a = s.session_for(admin.id).await;
    assert_eq!(set_years(&a, ash.0, &["y6"]).await.status(), 200);

    let log = st.list_audit(20, None).await.unwrap();
    assert!(log.iter().any(|e| e.action == "class_years_set"
        && e.staff_email == teacher.email
        && e.detail.contains("Oak: Year 3/4")));

    let kiosk = kiosk_classes(&s).await;
    let oak = kiosk.iter().find(|k| k.name == "Oak").unwrap();
    assert_eq!(
        (oak.band, oak.years.as_slice()),
        (Band::Ks2, &[YearGroup::Y3, YearGroup::Y4][..])
    );
}

#[tokio::test]
async fn a_class_list_gives_new_classes_their_years_and_fills_in_unknown_ones() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let c = s.session_for(admin.id).await;
    s.state
        .storage
        .create_class("Ash", Band::Ks2, 1)
        .await
        .unwrap()
        .unwrap();

    let result = import(
        &c,
        "First name,Last initial,Class,Year\n\
         Ava,B,Oak,Year 4\n\
         Ben,C,Oak,4\n\
         Cat,D,Elm,Year 3/4\n\
         Dan,E,Fir,R\n\
         Zed,Q,Ash,Y6\n\
         Eve,F,Yew,Year 3\n\
         Fin,G,Yew,Year 5\n\
         Gus,H,Yew,Year 6\n",
    )
    .await;
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_eq!(result.imported.len(), 8);

    // An MIS export gives each pupil's year: a mixed class takes both.
    let mis = import(
        &c,
        "Forename,Surname,Year,Reg Group\nAmy,Xu,Y2,Pine\nBob,Yates,Y3,Pine\n",
    )
    .await;
    assert!(mis.errors.is_empty(), "{:?}", mis.errors);

    let all = classes(&c).await;
    let years = |name: &str| (named(&all, name).band, named(&all, name).years.clone());
    use YearGroup::*;
    assert_eq!(years("Oak"), (Band::Ks2, vec![Y4]));
    assert_eq!(years("Elm"), (Band::Ks2, vec![Y3, Y4]));
    assert_eq!(years("Fir"), (Band::Eyfs, vec![Reception]));
    assert_eq!(
        years("Ash"),
        (Band::Ks2, vec![Y6]),
        "an unknown year filled in"
    );
    assert_eq!(years("Pine"), (Band::Ks1, vec![Y2, Y3]));
    assert_eq!(named(&all, "Pine").pupils, 2);
    // Three years is more than a class names: made by its band, its year asked for.
    assert_eq!(years("Yew"), (Band::Ks2, vec![]));

    // A year someone set is never changed by a file: the row is refused instead.
    let again = import(&c, "Ava,B,Ash,Year 5\n").await;
    let problems: Vec<_> = again.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        problems,
        ["Ash is a Year 6 class, but this row says Year 5"]
    );
}
