//! Agreements of the school's own: an admin makes a kind (a laptop agreement for KS2 pupils),
//! publishes its versions like the built-in kinds', the pupils of that band sign it on the kiosk
//! through the outbox and the register shows it; pupils of other bands are never asked, and a
//! retired kind is asked of no one while its signatures stay.

use kite_protocol::agreement::{
    AgreementContent, AgreementKind, AgreementKindInfo, AgreementPreview, AgreementVersion,
    KioskAgreement, MyAgreement, PupilAup, Section, Sections, Signers, Statement,
};
use kite_protocol::pupil_signature::{Mark, PupilSignature};
use kite_protocol::register::ClassRegister;
use kite_protocol::sealed::seal;
use kite_protocol::staff::Role;
use kite_protocol::sync::{AckStatus, ItemKind, SyncItem};
use kite_protocol::Band;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::classes::{classes, import, kiosk_pupils};
use crate::helpers::{StaffClient, TestServer};

async fn post(c: &StaffClient, path: &str, body: Value) -> (StatusCode, Value) {
    let r = c.send(Method::POST, path).json(&body).send().await.unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

async fn kiosk_agreements(s: &TestServer, class_id: i64) -> Vec<KioskAgreement> {
    let r = s
        .client
        .get(format!(
            "{}/api/v1/device/classes/{class_id}/agreements",
            s.url
        ))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// A pupil's signature sent through the outbox as the kiosk sends it, with its idempotency key.
fn signature(s: &TestServer, id: Uuid, pupil_id: i64, version_id: i64) -> SyncItem {
    let sig = PupilSignature {
        pupil_id,
        version_id,
        mark: Mark::Initials("YA".into()),
        signed_at_ms: 5,
    };
    SyncItem {
        id,
        kind: ItemKind::AupSigned,
        sealed: seal(&s.public_key, &serde_json::to_vec(&sig).unwrap()).unwrap(),
        answer_code: None,
    }
}

fn laptop_statements() -> AgreementContent {
    AgreementContent::Pupil(PupilAup {
        eyfs: vec![],
        ks1: vec![],
        ks2: vec![Statement {
            text: "I carry the laptop with two hands.".into(),
            read_aloud:
                "I carry the school laptop with two hands, and I put it back in the trolley.".into(),
            picture: "school_device".into(),
        }],
    })
}

/// An admin and two classes: Maple (KS2: Yara and Zak) and Oak (KS1: Ava).
async fn school(s: &TestServer) -> (StaffClient, i64, i64) {
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let a = s.session_for(admin.id).await;
    import(&a, "Yara,E,Maple,KS2\nZak,F,Maple,KS2\nAva,B,Oak,KS1\n").await;
    let cs = classes(&a).await;
    let id = |name: &str| cs.iter().find(|c| c.name == name).unwrap().id;
    (a, id("Maple"), id("Oak"))
}

async fn make_laptop_kind(admin: &StaffClient) -> AgreementKindInfo {
    let (status, body) = post(
        admin,
        "/staff/agreement-kinds",
        json!({ "name": " Laptop agreement ", "signers": "pupils", "band": "ks2" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_value(body).unwrap()
}

#[tokio::test]
async fn a_ks2_laptop_agreement_is_written_published_and_signed_on_the_kiosk() {
    let s = TestServer::spawn().await;
    let (admin, maple, oak) = school(&s).await;

    let laptop = make_laptop_kind(&admin).await;
    assert_eq!(laptop.name, "Laptop agreement");
    assert_eq!(laptop.signers, Signers::Pupils);
    assert_eq!(laptop.band, Some(Band::Ks2));
    assert!(!laptop.built_in);
    let AgreementKind::Custom(_) = laptop.kind else {
        panic!("a school's own kind: {:?}", laptop.kind)
    };
    let key = laptop.kind.key();

    // Names are unique whatever their capitals, built-in names too.
    for name in ["LAPTOP AGREEMENT", "Home-school agreement"] {
        let (status, err) = post(
            &admin,
            "/staff/agreement-kinds",
            json!({ "name": name, "signers": "staff" }),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{err}");
        assert!(
            err.to_string().contains(&format!(
                "There is already an agreement called \u{201c}{name}\u{201d}"
            )),
            "{err}"
        );
    }

    // Made but not published: nobody is asked yet.
    assert!(kiosk_agreements(&s, maple).await.is_empty());

    // Its versions are statements for KS2 only.
    let (status, err) = post(
        &admin,
        &format!("/staff/agreements/{key}"),
        json!({ "content": s.state.storage.current_agreement(AgreementKind::Pupil).await.unwrap()
            .map(|v| serde_json::from_str::<Value>(&v.content).unwrap()).unwrap(),
                "summary": "First" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err.to_string().contains("KS2 pupils only"), "{err}");

    let body = json!({ "content": laptop_statements(), "summary": "Our laptops" });
    let (status, preview) = post(
        &admin,
        &format!("/staff/agreements/{key}/preview"),
        body.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let preview: AgreementPreview = serde_json::from_value(preview).unwrap();
    assert_eq!(preview.current_version, 0);
    assert_eq!(preview.sign_again.total(), 0);
    let (status, v) = post(&admin, &format!("/staff/agreements/{key}"), body).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let v: AgreementVersion = serde_json::from_value(v).unwrap();
    assert_eq!((v.kind, v.version), (laptop.kind, 1));
    // It is listed with the built-in kinds' versions.
    let all: Vec<AgreementVersion> = admin.json("/staff/agreements").await;
    assert!(all.iter().any(|x| x.id == v.id));

    // A KS2 class is asked to sign it, with its statements; a KS1 class is not.
    let asked = kiosk_agreements(&s, maple).await;
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].name, "Laptop agreement");
    assert_eq!(asked[0].version_id, v.id);
    assert_eq!(
        asked[0].statements[0].text,
        "I carry the laptop with two hands."
    );
    assert!(asked[0].signed_pupils.is_empty());
    assert!(kiosk_agreements(&s, oak).await.is_empty());

    // Yara signs it on the kiosk; the outbox sending it twice stores it once.
    let pupils = kiosk_pupils(&s, maple).await;
    let yara = pupils.iter().find(|p| p.first_name == "Yara").unwrap().id;
    let id = Uuid::new_v4();
    let acks = s.sync_ok(vec![signature(&s, id, yara, v.id)]).await.acks;
    assert_eq!(acks[0].status, AckStatus::Stored);
    let acks = s.sync_ok(vec![signature(&s, id, yara, v.id)]).await.acks;
    assert_eq!(acks[0].status, AckStatus::Duplicate);
    // A KS1 pupil's signature of it is refused (kept on the tablet, shown to a teacher).
    let ava = kiosk_pupils(&s, oak).await[0].id;
    let acks = s
        .sync_ok(vec![signature(&s, Uuid::new_v4(), ava, v.id)])
        .await
        .acks;
    assert_eq!(acks[0].status, AckStatus::Rejected);
    assert_eq!(
        kiosk_agreements(&s, maple).await[0].signed_pupils,
        vec![yara]
    );
    // Signing the laptop agreement is not signing the pupil AUP.
    assert!(kiosk_pupils(&s, maple)
        .await
        .iter()
        .all(|p| !p.signed_current));

    // The register shows it as its own column.
    let reg: ClassRegister = admin
        .json(&format!("/staff/classes/{maple}/register"))
        .await;
    assert_eq!(reg.agreements.len(), 1);
    assert_eq!(reg.agreements[0].name, "Laptop agreement");
    assert_eq!(reg.agreements[0].current_version, 1);
    let row = |name: &str| reg.pupils.iter().find(|p| p.first_name == name).unwrap();
    assert_eq!(
        row("Yara").agreements[0].signed.as_ref().unwrap().version,
        1
    );
    assert!(!row("Yara").agreements[0].must_sign);
    assert!(
        row("Yara").pupil_must_sign,
        "the pupil AUP is still to sign"
    );
    assert!(row("Zak").agreements[0].must_sign);
    let csv = admin
        .get(&format!("/staff/classes/{maple}/register.csv"))
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
            .contains("Laptop agreement version signed"),
        "{csv}"
    );
    let oak_reg: ClassRegister = admin.json(&format!("/staff/classes/{oak}/register")).await;
    assert!(oak_reg.agreements.is_empty());
    assert!(oak_reg.pupils[0].agreements.is_empty());

    // A new version asks Yara to sign again.
    let mut v2 = laptop_statements();
    if let AgreementContent::Pupil(p) = &mut v2 {
        p.ks2.push(Statement {
            text: "I tell an adult if it breaks.".into(),
            read_aloud: "If the laptop breaks, I tell an adult straight away. I won't be in trouble."
                .into(),
            picture: "tell_adult".into(),
        });
    }
    let body = json!({ "content": v2, "summary": "Breakages" });
    let (_, preview) = post(
        &admin,
        &format!("/staff/agreements/{key}/preview"),
        body.clone(),
    )
    .await;
    let preview: AgreementPreview = serde_json::from_value(preview).unwrap();
    assert_eq!((preview.current_version, preview.sign_again.pupils), (1, 1));
    let (status, _) = post(&admin, &format!("/staff/agreements/{key}"), body).await;
    assert_eq!(status, StatusCode::OK);
    let reg: ClassRegister = admin
        .json(&format!("/staff/classes/{maple}/register"))
        .await;
    assert!(reg.pupils.iter().all(|p| p.agreements[0].must_sign));

    // Retired: asked of no one, changed by no one; its history stays.
    let (status, kinds) = post(
        &admin,
        "/staff/agreement-kinds/retire",
        json!({ "kind": key }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{kinds}");
    let kinds: Vec<AgreementKindInfo> = serde_json::from_value(kinds).unwrap();
    assert!(kinds
        .iter()
        .find(|k| k.kind == laptop.kind)
        .unwrap()
        .retired_at_ms
        .is_some());
    assert!(kiosk_agreements(&s, maple).await.is_empty());
    let reg: ClassRegister = admin
        .json(&format!("/staff/classes/{maple}/register"))
        .await;
    assert!(reg.agreements.is_empty());
    let (status, err) = post(
        &admin,
        &format!("/staff/agreements/{key}"),
        json!({ "content": laptop_statements(), "summary": "Back" }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    let (status, _) = post(
        &admin,
        "/staff/agreement-kinds/retire",
        json!({ "kind": key }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let db = s.db().await;
    let kept: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pupil_signatures s JOIN agreement_versions v ON v.id = s.version_id \
         WHERE v.kind = $1",
    )
    .bind(&key)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(kept, 1);
    // The name stays taken: a retired kind is still in the record under it.
    let (status, _) = post(
        &admin,
        "/staff/agreement-kinds",
        json!({ "name": "Laptop agreement", "signers": "pupils", "band": "ks2" }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

/// The server looks a batch's pupils, versions, kinds and classes up together and writes its
/// signatures in one statement: each signature is still answered for itself.
#[tokio::test]
async fn a_batch_of_signatures_of_two_bands_and_kinds_is_answered_item_by_item() {
    let s = TestServer::spawn().await;
    let (admin, maple, oak) = school(&s).await;
    let key = make_laptop_kind(&admin).await.kind.key();
    let body = json!({ "content": laptop_statements(), "summary": "Our laptops" });
    let (status, laptop) = post(&admin, &format!("/staff/agreements/{key}"), body).await;
    assert_eq!(status, StatusCode::OK, "{laptop}");
    let laptop: AgreementVersion = serde_json::from_value(laptop).unwrap();
    let aup = s
        .state
        .storage
        .current_agreement(AgreementKind::Pupil)
        .await
        .unwrap()
        .unwrap()
        .id;
    let maple_pupils = kiosk_pupils(&s, maple).await;
    let pupil = |name: &str| {
        maple_pupils
            .iter()
            .find(|p| p.first_name == name)
            .unwrap()
            .id
    };
    let (yara, zak) = (pupil("Yara"), pupil("Zak"));
    let ava = kiosk_pupils(&s, oak).await[0].id;

    let twice = Uuid::new_v4();
    let batch = vec![
        signature(&s, twice, yara, laptop.id),
        // A KS1 pupil, and a KS2 agreement.
        signature(&s, Uuid::new_v4(), ava, laptop.id),
        signature(&s, Uuid::new_v4(), zak, aup),
        signature(&s, twice, yara, laptop.id),
        signature(&s, Uuid::new_v4(), 999_999, aup),
        signature(&s, Uuid::new_v4(), zak, 999_999),
        signature(&s, Uuid::new_v4(), ava, aup),
    ];
    let acks = s.sync_ok(batch.clone()).await.acks;
    let statuses: Vec<_> = acks.iter().map(|a| a.status).collect();
    use AckStatus::{Duplicate, Rejected, Stored};
    assert_eq!(
        statuses,
        [Stored, Rejected, Stored, Duplicate, Rejected, Rejected, Stored]
    );
    let reason = |i: usize| acks[i].reason.clone().unwrap_or_default();
    assert!(reason(1).contains("that pupil"), "{}", reason(1));
    assert!(reason(4).contains("not on any class list"), "{}", reason(4));
    assert!(reason(5).contains("version 999999"), "{}", reason(5));
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pupil_signatures")
        .fetch_one(&s.db().await)
        .await
        .unwrap();
    assert_eq!(stored, 3);

    // Sent again whole (an answer lost): the stored ones are duplicates, nothing more is stored.
    let again: Vec<_> = s
        .sync_ok(batch)
        .await
        .acks
        .iter()
        .map(|a| a.status)
        .collect();
    assert_eq!(
        again,
        [Duplicate, Rejected, Duplicate, Duplicate, Rejected, Rejected, Duplicate]
    );
}

#[tokio::test]
async fn built_in_kinds_are_listed_and_never_retired() {
    let s = TestServer::spawn().await;
    let (admin, _, _) = school(&s).await;
    let kinds: Vec<AgreementKindInfo> = admin.json("/staff/agreement-kinds").await;
    assert_eq!(
        kinds.iter().map(|k| k.kind).collect::<Vec<_>>(),
        AgreementKind::ALL.to_vec()
    );
    let pupil = &kinds[0];
    assert_eq!(
        (pupil.signers, pupil.band, pupil.parents_cosign),
        (Signers::Pupils, None, true)
    );
    assert!(kinds.iter().all(|k| k.built_in && k.name == k.kind.label()));
    for key in ["pupil", "visitor"] {
        let (status, err) = post(
            &admin,
            "/staff/agreement-kinds/retire",
            json!({ "kind": key }),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
        assert!(err.to_string().contains("always asked"), "{err}");
    }
    // A kind that isn't on the list.
    let (status, _) = post(
        &admin,
        "/staff/agreements/custom-99",
        json!({ "content": laptop_statements(), "summary": "x" }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn who_signs_decides_what_a_kind_needs() {
    let s = TestServer::spawn().await;
    let (admin, _, _) = school(&s).await;
    let refused = [
        (json!({ "name": "Trip rules", "signers": "pupils" }), "band"),
        (
            json!({ "name": "Kit", "signers": "staff", "band": "ks1" }),
            "band",
        ),
        (
            json!({ "name": "Kit", "signers": "staff", "parents_cosign": true }),
            "parents",
        ),
        (
            json!({ "name": "Kit", "signers": "visitors" }),
            "visitor agreement",
        ),
        (
            json!({ "name": "Kit", "signers": "parents", "parents_cosign": true }),
            "parents",
        ),
        (json!({ "name": "  ", "signers": "staff" }), "name"),
        (
            json!({ "name": "x".repeat(81), "signers": "staff" }),
            "name",
        ),
    ];
    for (body, says) in refused {
        let (status, err) = post(&admin, "/staff/agreement-kinds", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {err}");
        assert!(err.to_string().contains(says), "{body}: {err}");
    }
    // An adult kind is written in sections, as the staff AUP.
    let (status, kind) = post(
        &admin,
        "/staff/agreement-kinds",
        json!({ "name": "Equipment disclaimer", "signers": "staff" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{kind}");
    let kind: AgreementKindInfo = serde_json::from_value(kind).unwrap();
    let key = kind.kind.key();
    let (status, err) = post(
        &admin,
        &format!("/staff/agreements/{key}"),
        json!({ "content": laptop_statements(), "summary": "x" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err.to_string().contains("needs headed sections"), "{err}");
    let doc = AgreementContent::Sections(Sections {
        intro: "School equipment you take home.".into(),
        sections: vec![Section {
            heading: "Looking after it".into(),
            points: vec!["I keep the laptop locked when I am not using it.".into()],
        }],
    });
    let (status, v) = post(
        &admin,
        &format!("/staff/agreements/{key}"),
        json!({ "content": doc, "summary": "First" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let disclaimer: AgreementVersion = serde_json::from_value(v).unwrap();

    // A member of staff signs their AUP, then the disclaimer, where they sign today; a governor
    // is asked only their own AUP.
    let ta = s.add_staff("ta@school.example", Role::Staff).await;
    let ta = s.session_for(ta.id).await;
    let mine: MyAgreement = ta.json("/staff/agreement").await;
    assert_eq!(mine.current.kind, AgreementKind::Staff);
    let sign = |version_id: i64| json!({ "version_id": version_id, "signed_name": "Sam Teal" });
    let (status, after) = post(&ta, "/staff/agreement/sign", sign(mine.current.id)).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    let next: MyAgreement = serde_json::from_value(after).unwrap();
    assert_eq!(
        (next.name.as_str(), next.current.id, next.signed_at_ms),
        ("Equipment disclaimer", disclaimer.id, None)
    );
    let (status, after) = post(&ta, "/staff/agreement/sign", sign(disclaimer.id)).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    let done: MyAgreement = serde_json::from_value(after).unwrap();
    assert_eq!(done.current.kind, AgreementKind::Staff);
    assert!(done.signed_at_ms.is_some());
    // A volunteer (the admin says which AUP the account signs) is asked only theirs.
    let helper = s.add_staff("helper@school.example", Role::Staff).await;
    let r = admin
        .send(Method::PATCH, &format!("/staff/accounts/{}", helper.id))
        .json(&json!({ "agreement": "volunteer" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let helper = s.session_for(helper.id).await;
    let mine: MyAgreement = helper.json("/staff/agreement").await;
    let (_, after) = post(&helper, "/staff/agreement/sign", sign(mine.current.id)).await;
    let done: MyAgreement = serde_json::from_value(after).unwrap();
    assert_eq!(
        (done.current.kind, done.signed_at_ms.is_some()),
        (AgreementKind::Volunteer, true)
    );
}

#[tokio::test]
async fn only_admins_make_agreement_kinds_and_who_works_with_pupils_reads_them() {
    let s = TestServer::spawn().await;
    let (admin, _, _) = school(&s).await;
    let laptop = make_laptop_kind(&admin).await;
    let body = json!({ "name": "Trip rules", "signers": "volunteers" });
    for (role, reads) in [
        (Role::Teacher, true),
        (Role::Dsl, true),
        (Role::Governor, false),
        (Role::Staff, false),
    ] {
        let who = s
            .add_staff(&format!("{role:?}@school.example").to_lowercase(), role)
            .await;
        let c = s.session_for(who.id).await;
        let r = c.get("/staff/agreement-kinds").send().await.unwrap();
        assert_eq!(r.status() == StatusCode::OK, reads, "{role:?} reads");
        let (status, _) = post(&c, "/staff/agreement-kinds", body.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} adds");
        let (status, _) = post(
            &c,
            "/staff/agreement-kinds/retire",
            json!({ "kind": laptop.kind }),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} retires");
    }
    let kinds: Vec<AgreementKindInfo> = admin.json("/staff/agreement-kinds").await;
    assert_eq!(kinds.len(), AgreementKind::ALL.len() + 1);
}
