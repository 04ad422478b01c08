//! Publishing agreements without wiping signatures by accident: a draft that reads the same as the
//! version in force is refused, the preview says what changed and counts who would sign again,
//! and a typo fix saved as a correction keeps every signature and the text as first published.

use kite_protocol::agreement::{
    AgreementContent, AgreementKind, AgreementPreview, AgreementVersion, KioskAup,
};
use kite_protocol::pupil_signature::{Mark, PupilSignature};
use kite_protocol::register::ClassRegister;
use kite_protocol::sealed::seal;
use kite_protocol::staff::Role;
use kite_protocol::sync::{AckStatus, ItemKind, SyncItem};
use kite_server::ids::StaffId;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::classes::{classes, import, kiosk_pupils};
use crate::helpers::{StaffClient, TestServer};

async fn kiosk_aup(s: &TestServer) -> KioskAup {
    let r = s
        .client
        .get(format!("{}/api/v1/device/aup", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    r.json().await.unwrap()
}

/// An admin, a class "Oak" of three pupils; Ava and Ben have signed the pupil AUP in force.
async fn oak_signed(s: &TestServer) -> (StaffClient, i64, StaffId) {
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let a = s.session_for(admin.id).await;
    import(&a, "Ava,B,Oak,KS1\nBen,C,Oak,KS1\nCara,D,Oak,KS1\n").await;
    let oak = classes(&a).await[0].id;
    let aup = kiosk_aup(s).await;
    for p in kiosk_pupils(s, oak).await {
        if p.first_name == "Cara" {
            continue;
        }
        let sig = PupilSignature {
            pupil_id: p.id,
            version_id: aup.version_id,
            mark: Mark::Initials("X".into()),
            signed_at_ms: 5,
        };
        let item = SyncItem {
            id: Uuid::new_v4(),
            kind: ItemKind::AupSigned,
            sealed: seal(&s.public_key, &serde_json::to_vec(&sig).unwrap()).unwrap(),
            answer_code: None,
        };
        assert_eq!(
            s.sync_ok(vec![item]).await.acks[0].status,
            AckStatus::Stored
        );
    }
    (a, oak, admin.id)
}

async fn must_sign(admin: &StaffClient, oak: i64) -> Vec<(String, bool)> {
    let reg: ClassRegister = admin.json(&format!("/staff/classes/{oak}/register")).await;
    reg.pupils
        .into_iter()
        .map(|p| (p.first_name, p.pupil_must_sign))
        .collect()
}

fn signed_ava_ben() -> Vec<(String, bool)> {
    vec![
        ("Ava".into(), false),
        ("Ben".into(), false),
        ("Cara".into(), true),
    ]
}

async fn post(admin: &StaffClient, path: &str, body: Value) -> (StatusCode, Value) {
    let r = admin
        .send(Method::POST, path)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

fn pupil_content(aup: &KioskAup) -> kite_protocol::agreement::PupilAup {
    aup.statements.clone()
}

#[tokio::test]
async fn publishing_the_same_text_again_is_refused_and_every_signature_stays() {
    let s = TestServer::spawn().await;
    let (admin, oak, _) = oak_signed(&s).await;
    let mut same = pupil_content(&kiosk_aup(&s).await);
    // The same words with different spacing still read the same.
    same.ks1[0].text = format!("  {}\n", same.ks1[0].text.replace(' ', "  "));
    let body = json!({ "content": AgreementContent::Pupil(same), "summary": "Annual review" });

    let (status, err) = post(&admin, "/staff/agreements/pupil", body.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert!(
        err.to_string()
            .contains("Nothing has changed from version 1"),
        "{err}"
    );
    let (status, _) = post(&admin, "/staff/agreements/pupil/preview", body).await;
    assert_eq!(status, StatusCode::CONFLICT);

    assert_eq!(kiosk_aup(&s).await.version, 1);
    assert_eq!(must_sign(&admin, oak).await, signed_ava_ben());
}

#[tokio::test]
async fn the_preview_says_what_changed_and_counts_who_would_sign_again() {
    let s = TestServer::spawn().await;
    let (admin, oak, admin_id) = oak_signed(&s).await;
    let aup = kiosk_aup(&s).await;
    let db = s.db().await;
    let home = s
        .state
        .storage
        .current_agreement(AgreementKind::HomeSchool)
        .await
        .unwrap()
        .unwrap();
    // Ava's parent co-signed this version; Ben's co-signed, then a newer row names an older
    // pupil version (so only his newest counts); a pupil who left doesn't count.
    let pupils = kiosk_pupils(&s, oak).await;
    let id_of = |name: &str| pupils.iter().find(|p| p.first_name == name).unwrap().id;
    for pupil_id in [id_of("Ava"), id_of("Cara")] {
        sqlx::query(
            "INSERT INTO parent_signatures (pupil_id, pupil_version_id, home_school_version_id, parent_name, signed_at_ms) \
             VALUES ($1, $2, $3, 'A parent', 9)",
        )
        .bind(pupil_id)
        .bind(aup.version_id)
        .bind(home.id)
        .execute(&db)
        .await
        .unwrap();
    }
    sqlx::query("UPDATE pupils SET left_at_ms = 10 WHERE id = $1")
        .bind(id_of("Cara"))
        .execute(&db)
        .await
        .unwrap();

    // Two staff have signed the staff AUP; a governor signed theirs.
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let governor = s.add_staff("governor@school.example", Role::Governor).await;
    s.state
        .storage
        .set_staff_agreement_kind(governor.id, AgreementKind::Governor)
        .await
        .unwrap();
    for who in [
        s.session_for(admin_id).await,
        s.session_for(teacher.id).await,
        s.session_for(governor.id).await,
    ] {
        let mine: kite_protocol::agreement::MyAgreement = who.json("/staff/agreement").await;
        let (status, _) = post(
            &who,
            "/staff/agreement/sign",
            json!({ "version_id": mine.current.id, "signed_name": "Sam Jones" }),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }

    let mut draft = pupil_content(&aup);
    draft.ks1[0].text = "I always ask a grown-up before I go online.".into();
    draft.ks2.pop();
    let (status, preview) = post(
        &admin,
        "/staff/agreements/pupil/preview",
        json!({ "content": AgreementContent::Pupil(draft.clone()), "summary": "" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let preview: AgreementPreview = serde_json::from_value(preview).unwrap();
    assert_eq!(preview.current_version, 1);
    assert_eq!(preview.changes.len(), 2, "{:?}", preview.changes);
    assert!(preview.changes[0].starts_with("KS1 statement 1 changed: “I ask a grown-up"));
    assert!(preview.changes[1].starts_with("KS2 statement removed: “I know where to get help.”"));
    assert_eq!(
        (
            preview.sign_again.pupils,
            preview.sign_again.parents,
            preview.sign_again.staff
        ),
        (2, 1, 0),
        "Ava and Ben signed; Ava's parent co-signed; Cara has left"
    );
    assert!(preview.not_a_correction.is_some());

    let home_draft = match serde_json::from_str::<AgreementContent>(&home.content).unwrap() {
        AgreementContent::Sections(mut d) => {
            d.intro.push_str(" Thank you.");
            AgreementContent::Sections(d)
        }
        _ => unreachable!(),
    };
    let (_, preview) = post(
        &admin,
        "/staff/agreements/home_school/preview",
        json!({ "content": home_draft, "summary": "" }),
    )
    .await;
    let preview: AgreementPreview = serde_json::from_value(preview).unwrap();
    assert_eq!(
        (preview.sign_again.parents, preview.sign_again.pupils),
        (1, 0)
    );
    assert_eq!(preview.not_a_correction, None, "a few letters added");

    let staff_v = s
        .state
        .storage
        .current_agreement(AgreementKind::Staff)
        .await
        .unwrap()
        .unwrap();
    let staff_draft = match serde_json::from_str::<AgreementContent>(&staff_v.content).unwrap() {
        AgreementContent::Sections(mut d) => {
            d.sections.remove(0);
            AgreementContent::Sections(d)
        }
        _ => unreachable!(),
    };
    let (_, preview) = post(
        &admin,
        "/staff/agreements/staff/preview",
        json!({ "content": staff_draft, "summary": "" }),
    )
    .await;
    let preview: AgreementPreview = serde_json::from_value(preview).unwrap();
    assert_eq!(
        preview.sign_again.staff, 2,
        "the governor signs another AUP"
    );
    assert_eq!(
        preview.changes,
        ["Section “Keeping pupils safe” removed, with its 4 points"]
    );

    // Publishing for real still asks everyone to sign again.
    let (status, _) = post(
        &admin,
        "/staff/agreements/pupil",
        json!({ "content": AgreementContent::Pupil(draft), "summary": "Annual review" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(must_sign(&admin, oak).await.iter().all(|(_, must)| *must));
}

#[tokio::test]
async fn a_correction_keeps_every_signature_and_the_text_first_published() {
    let s = TestServer::spawn().await;
    let (admin, oak, _) = oak_signed(&s).await;
    let aup = kiosk_aup(&s).await;
    let first = aup.statements.ks2[1].text.clone();

    let mut rewrite = pupil_content(&aup);
    rewrite.ks2[1].text = "I can share my password with my best friend.".into();
    let (status, err) = post(
        &admin,
        "/staff/agreements/pupil/correction",
        json!({ "content": AgreementContent::Pupil(rewrite), "reason": "typo" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err.to_string().contains("can't be a correction"), "{err}");

    let mut typo = pupil_content(&aup);
    typo.ks2[1].text = first.replace("secret", "secret, always");
    let body = json!({ "content": AgreementContent::Pupil(typo), "reason": "" });
    let (status, _) = post(&admin, "/staff/agreements/pupil/correction", body.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a reason is needed");
    let mut body = body;
    body["reason"] = json!("A word was missing.");
    let (status, v) = post(&admin, "/staff/agreements/pupil/correction", body).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let v: AgreementVersion = serde_json::from_value(v).unwrap();
    assert_eq!(v.version, 1);
    assert_eq!(v.corrections.len(), 1);
    assert_eq!(v.corrections[0].reason, "A word was missing.");
    assert_eq!(
        v.corrections[0].corrected_by.as_deref(),
        Some("admin@school.example")
    );
    assert_eq!(
        v.corrections[0].changes,
        [format!(
            "KS2 statement 2 changed: “{first}” → “{}”",
            first.replace("secret", "secret, always")
        )]
    );
    match v.original {
        Some(AgreementContent::Pupil(p)) => assert_eq!(p.ks2[1].text, first),
        other => panic!("the text as first published: {other:?}"),
    }

    // Nobody signs again; tablets show the corrected words under the same version.
    assert_eq!(must_sign(&admin, oak).await, signed_ava_ben());
    let now = kiosk_aup(&s).await;
    assert_eq!((now.version, now.version_id), (1, aup.version_id));
    assert!(now.statements.ks2[1].text.contains("secret, always"));
    // The version's own row is never rewritten.
    let stored: String = sqlx::query_scalar("SELECT content FROM agreement_versions WHERE id = $1")
        .bind(aup.version_id)
        .fetch_one(&s.db().await)
        .await
        .unwrap();
    assert!(stored.contains(&first));
    let listed: Vec<AgreementVersion> = admin.json("/staff/agreements").await;
    let listed = listed.iter().find(|l| l.id == aup.version_id).unwrap();
    assert_eq!(listed.corrections.len(), 1);
    assert!(listed.original.is_some());

    let log = s.state.storage.list_audit(20, None).await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "agreement_corrected" && e.detail.contains("A word was missing.")));
}
