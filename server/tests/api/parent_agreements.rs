//! The school's own agreements in parents' corner: a social-media agreement parents sign, once
//! for the whole family, and a KS2 laptop agreement a parent co-signs for their child. Both show
//! in the class register and the child's chronology, and a new version asks again.

use kite_protocol::agreement::{
    AgreementContent, AgreementKindInfo, AgreementPreview, PupilAup, Section, Sections, Statement,
};
use kite_protocol::parents::{ChildPage, OwnAgreement, OwnSignature};
use kite_protocol::pupil_record::ChronologyEntry;
use kite_protocol::register::ClassRegister;
use kite_server::ids::PupilId;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::StaffClient;
use crate::parents::{sign_in, Parent, School};

async fn post(c: &StaffClient, path: &str, body: Value) -> Value {
    let r = c.send(Method::POST, path).json(&body).send().await.unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

async fn make_kind(
    admin: &StaffClient,
    body: Value,
    content: &AgreementContent,
) -> AgreementKindInfo {
    let kind: AgreementKindInfo =
        serde_json::from_value(post(admin, "/staff/agreement-kinds", body).await).unwrap();
    publish(admin, &kind, content).await;
    kind
}

async fn publish(admin: &StaffClient, kind: &AgreementKindInfo, content: &AgreementContent) {
    post(
        admin,
        &format!("/staff/agreements/{}", kind.kind),
        json!({ "content": content, "summary": "For families" }),
    )
    .await;
}

fn social_media(v: u32) -> AgreementContent {
    AgreementContent::Sections(Sections {
        intro: format!("How we share school life online (version {v})."),
        sections: vec![Section {
            heading: "Photos".into(),
            points: vec![
                "I don't post photos of other people's children from school events.".into(),
            ],
        }],
    })
}

fn laptop() -> AgreementContent {
    AgreementContent::Pupil(PupilAup {
        eyfs: vec![],
        ks1: vec![],
        ks2: vec![Statement {
            text: "I carry the laptop with two hands.".into(),
            read_aloud: "I carry the laptop with two hands.".into(),
            picture: "school_device".into(),
        }],
    })
}

async fn page(parent: &Parent, child: i64) -> ChildPage {
    let r = parent
        .send(Method::GET, &format!("/parents/child?child={child}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn names(p: &ChildPage) -> Vec<&str> {
    p.own_agreements.iter().map(|a| a.name.as_str()).collect()
}

fn own<'a>(p: &'a ChildPage, name: &str) -> &'a OwnAgreement {
    p.own_agreements.iter().find(|a| a.name == name).unwrap()
}

async fn sign(parent: &Parent, child: i64, body: Value) -> reqwest::Response {
    parent
        .send(
            Method::POST,
            &format!("/parents/agreements/sign?child={child}"),
        )
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn register(staff: &StaffClient, class: i64) -> ClassRegister {
    staff
        .json(&format!("/staff/classes/{class}/register"))
        .await
}

#[tokio::test]
async fn a_family_signs_the_schools_own_agreements_once_and_co_signs_their_childs() {
    let school = School::new().await;
    let s = &school.s;
    let admin = school.staff(&school.admin).await;
    let social = make_kind(
        &admin,
        json!({ "name": "Social media agreement", "signers": "parents" }),
        &social_media(1),
    )
    .await;
    let laptop_kind = make_kind(
        &admin,
        json!({ "name": "Laptop agreement", "signers": "pupils", "band": "ks2", "parents_cosign": true }),
        &laptop(),
    )
    .await;
    assert!(laptop_kind.parents_cosign);
    // Made but never published: not asked.
    post(
        &admin,
        "/staff/agreement-kinds",
        json!({ "name": "Trip agreement", "signers": "parents" }),
    )
    .await;

    // Amira (KS1) and Cara (KS2) are one family.
    let hedgehogs = school.codes(school.hedgehogs).await;
    let owls = school.codes(school.owls).await;
    let family = sign_in(s, &hedgehogs["Amira"]).await;
    let r = family
        .send(Method::POST, "/parents/children")
        .json(&json!({ "code": owls["Cara"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // Amira's page asks for the family's agreement only; Cara's for her laptop agreement too,
    // with her key stage's statements.
    let amira = page(&family, school.amira).await;
    assert_eq!(names(&amira), ["Social media agreement"]);
    let sm = own(&amira, "Social media agreement");
    assert!(!sm.child_signs && sm.signed.is_none() && sm.version == 1);
    assert_eq!(
        sm.sections[0].items[0],
        "I don't post photos of other people's children from school events."
    );
    let cara = page(&family, school.cara).await;
    assert_eq!(names(&cara), ["Social media agreement", "Laptop agreement"]);
    let lap = own(&cara, "Laptop agreement");
    assert!(lap.child_signs);
    assert_eq!(lap.statements[0].text, "I carry the laptop with two hands.");

    // Bad signing is refused with a reason and stores nothing.
    let refused = [
        (
            school.cara,
            json!({ "kind": laptop_kind.kind, "version": 1, "parent_name": "Hana B" }),
            400,
            "talk",
        ),
        (
            school.cara,
            json!({ "kind": laptop_kind.kind, "version": 2, "parent_name": "Hana B", "talked_together": true }),
            409,
            "new version",
        ),
        (
            school.amira,
            json!({ "kind": laptop_kind.kind, "version": 1, "parent_name": "Hana B", "talked_together": true }),
            400,
            "doesn't ask",
        ),
        (
            school.amira,
            json!({ "kind": social.kind, "version": 1, "parent_name": "  " }),
            400,
            "name",
        ),
        (
            school.amira,
            json!({ "kind": "home_school", "version": 1, "parent_name": "Hana B" }),
            400,
            "doesn't ask",
        ),
    ];
    for (child, body, status, says) in refused {
        let r = sign(&family, child, body.clone()).await;
        assert_eq!(r.status().as_u16(), status, "{body}");
        let text = r.text().await.unwrap();
        assert!(text.contains(says), "{body}: {text}");
    }
    assert!(page(&family, school.cara)
        .await
        .own_agreements
        .iter()
        .all(|a| a.signed.is_none()));

    // Signed once on Amira's page: signed for Cara too.
    let r = sign(
        &family,
        school.amira,
        json!({ "kind": social.kind, "version": 1, "parent_name": "Hana B" }),
    )
    .await;
    assert_eq!(r.status(), 200);
    let signed: OwnSignature = r.json().await.unwrap();
    assert!(signed.current && signed.version == 1 && signed.parent_name == "Hana B");
    let cara = page(&family, school.cara).await;
    let on_caras = own(&cara, "Social media agreement").signed.clone().unwrap();
    assert_eq!(
        (on_caras.parent_name.as_str(), on_caras.current),
        ("Hana B", true)
    );
    assert!(own(&cara, "Laptop agreement").signed.is_none());
    let r = sign(&family, school.cara, json!({ "kind": laptop_kind.kind, "version": 1, "parent_name": "Hana B", "talked_together": true })).await;
    assert_eq!(r.status(), 200);

    // Another family sees none of it.
    let ben = sign_in(s, &hedgehogs["Ben"]).await.child().await;
    assert!(own(&ben, "Social media agreement").signed.is_none());

    // The registers: Owls has both columns, Cara signed by her parent and still to sign the
    // laptop agreement herself; in Hedgehogs, Ben's parent still has to sign.
    let owls_reg = register(&admin, school.owls).await;
    let cols: Vec<_> = owls_reg
        .agreements
        .iter()
        .map(|a| (a.name.as_str(), a.pupils_sign, a.parents_sign))
        .collect();
    assert_eq!(
        cols,
        [
            ("Social media agreement", false, true),
            ("Laptop agreement", true, true)
        ]
    );
    let cara_row = owls_reg
        .pupils
        .iter()
        .find(|p| p.first_name == "Cara")
        .unwrap();
    assert!(cara_row
        .agreements
        .iter()
        .all(|a| !a.parent_must_sign && a.parent_signed.is_some()));
    assert!(cara_row.agreements[1].must_sign && !cara_row.agreements[0].must_sign);
    let hh = register(&admin, school.hedgehogs).await;
    assert_eq!(hh.agreements.len(), 1);
    let row = |name: &str| {
        hh.pupils
            .iter()
            .find(|p| p.first_name == name)
            .unwrap()
            .agreements[0]
            .clone()
    };
    assert!(!row("Amira").parent_must_sign && row("Ben").parent_must_sign);
    let csv = admin
        .get(&format!("/staff/classes/{}/register.csv", school.owls))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("Social media agreement: parent signed version"),
        "{csv}"
    );

    // The child's chronology says who signed what.
    let chronology = s
        .state
        .storage
        .pupil_chronology(PupilId(school.cara), "Owls")
        .await
        .unwrap();
    let own_lines: Vec<_> = chronology
        .iter()
        .filter_map(|e| match e {
            ChronologyEntry::OwnAgreementSigned {
                name, parent_name, ..
            } => Some((name.as_str(), parent_name.as_deref())),
            _ => None,
        })
        .collect();
    assert_eq!(
        own_lines,
        [
            ("Social media agreement", Some("Hana B")),
            ("Laptop agreement", Some("Hana B"))
        ]
    );

    // A new version asks both children's parent again, and says how many beforehand.
    let preview: AgreementPreview = serde_json::from_value(
        post(
            &admin,
            &format!("/staff/agreements/{}/preview", social.kind),
            json!({ "content": social_media(2), "summary": "Clearer" }),
        )
        .await,
    )
    .unwrap();
    assert_eq!(preview.sign_again.parents, 2);
    publish(&admin, &social, &social_media(2)).await;
    let cara = page(&family, school.cara).await;
    let sm = own(&cara, "Social media agreement");
    assert_eq!(sm.version, 2);
    assert!(!sm.signed.as_ref().unwrap().current);
    assert!(register(&admin, school.owls)
        .await
        .pupils
        .iter()
        .all(|p| p.agreements[0].parent_must_sign));

    // A retired kind is asked no more; its signatures stay in the register's history.
    post(
        &admin,
        "/staff/agreement-kinds/retire",
        json!({ "kind": laptop_kind.kind }),
    )
    .await;
    assert_eq!(
        names(&page(&family, school.cara).await),
        ["Social media agreement"]
    );
}

#[tokio::test]
async fn signatures_are_a_history_never_changed() {
    let school = School::new().await;
    let admin = school.staff(&school.admin).await;
    let social = make_kind(
        &admin,
        json!({ "name": "Social media agreement", "signers": "parents" }),
        &social_media(1),
    )
    .await;
    let parent = sign_in(&school.s, &school.codes(school.hedgehogs).await["Ben"]).await;
    let r = sign(
        &parent,
        school.ben,
        json!({ "kind": social.kind, "version": 1, "parent_name": "Sam C" }),
    )
    .await;
    assert_eq!(r.status(), 200);
    for sql in [
        "UPDATE parent_agreement_signatures SET parent_name = 'Someone else'",
        "DELETE FROM parent_agreement_signatures",
    ] {
        let err = sqlx::query(sql).execute(&school.db.pool).await.unwrap_err();
        assert!(err.to_string().contains("history"), "{sql}: {err}");
    }
}
