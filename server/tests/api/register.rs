//! The Acceptable Use register: pupil signatures arriving through sync, version bumps, who may
//! read a class's register, the CSV export, and staff signing their own AUP.

use kite_protocol::agreement::{AgreementContent, AgreementVersion, KioskAup, MyAgreement};
use kite_protocol::pupil_signature::{Mark, PupilSignature};
use kite_protocol::register::ClassRegister;
use kite_protocol::sealed::seal;
use kite_protocol::staff::{Role, StaffAccount};
use kite_protocol::sync::{AckStatus, ItemKind, SyncItem};
use reqwest::Method;
use uuid::Uuid;

use crate::classes::{classes, import, kiosk_pupils};
use crate::helpers::TestServer;

fn signature_item(s: &TestServer, sig: &PupilSignature) -> SyncItem {
    SyncItem {
        id: Uuid::new_v4(),
        kind: ItemKind::AupSigned,
        sealed: seal(&s.public_key, &serde_json::to_vec(sig).unwrap()).unwrap(),
        answer_code: None,
    }
}

async fn kiosk_aup(s: &TestServer) -> KioskAup {
    s.client
        .get(format!("{}/api/v1/device/aup", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// An admin, a class "Oak" with two pupils, and the class id.
async fn school(s: &TestServer) -> (crate::helpers::StaffClient, i64) {
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let a = s.session_for(admin.id).await;
    import(&a, "Ava,B,Oak,KS1\nBen,C,Oak,KS1\n").await;
    let oak = classes(&a).await[0].id;
    (a, oak)
}

#[tokio::test]
async fn a_signature_sent_twice_is_stored_once_and_shows_in_the_register() {
    let s = TestServer::spawn().await;
    let (admin, oak) = school(&s).await;
    let aup = kiosk_aup(&s).await;
    assert_eq!(aup.version, 1);
    assert!(!aup.statements.ks1.is_empty());
    assert!(!aup.required_before_lessons);
    let ava = kiosk_pupils(&s, oak).await[0].clone();
    assert_eq!(ava.first_name, "Ava");

    let item = signature_item(
        &s,
        &PupilSignature {
            pupil_id: ava.id,
            version_id: aup.version_id,
            mark: Mark::Initials("AB".into()),
            signed_at_ms: 1_764_000_000_000,
        },
    );
    let first = s.sync_ok(vec![item.clone()]).await;
    assert_eq!(first.acks[0].status, AckStatus::Stored);
    let again = s.sync_ok(vec![item.clone(), item]).await;
    assert!(again.acks.iter().all(|a| a.status == AckStatus::Duplicate));

    let reg: ClassRegister = admin.json(&format!("/staff/classes/{oak}/register")).await;
    assert_eq!(reg.current_version, 1);
    let row = reg.pupils.iter().find(|p| p.first_name == "Ava").unwrap();
    assert_eq!(row.pupil_signed.as_ref().unwrap().version, 1);
    assert_eq!(row.pupil_signed.as_ref().unwrap().at_ms, 1_764_000_000_000);
    assert!(!row.pupil_must_sign);
    assert!(row.parent_must_sign);
    let ben = reg.pupils.iter().find(|p| p.first_name == "Ben").unwrap();
    assert!(ben.pupil_must_sign && ben.pupil_signed.is_none());
    assert!(kiosk_pupils(&s, oak).await[0].signed_current);

    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pupil_signatures")
        .fetch_one(&s.db().await)
        .await
        .unwrap();
    assert_eq!(count, 1);

    // The CSV says the same, in words.
    let csv = admin
        .get(&format!("/staff/classes/{oak}/register.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    assert!(text.contains("Ava,B,Oak,1,2025-11-24,no,"), "{text}");
    assert!(text.contains("Ben,C,Oak,,,yes,"), "{text}");
    assert!(text.contains("not given (no answer yet)"));
}

#[tokio::test]
async fn signatures_for_unknown_pupils_or_versions_are_rejected_with_a_reason() {
    let s = TestServer::spawn().await;
    let (_admin, oak) = school(&s).await;
    let aup = kiosk_aup(&s).await;
    let ava = kiosk_pupils(&s, oak).await[0].id;
    let staff_version = s
        .state
        .storage
        .current_agreement(kite_protocol::agreement::AgreementKind::Staff)
        .await
        .unwrap()
        .unwrap()
        .id;
    let sig = |pupil_id, version_id| PupilSignature {
        pupil_id,
        version_id,
        mark: Mark::Initials("X".into()),
        signed_at_ms: 1,
    };
    let r = s
        .sync_ok(vec![
            signature_item(&s, &sig(99_999, aup.version_id)),
            signature_item(&s, &sig(ava, staff_version)),
            signature_item(&s, &sig(ava, aup.version_id)),
        ])
        .await;
    assert_eq!(r.acks[0].status, AckStatus::Rejected);
    assert!(r.acks[0].reason.as_ref().unwrap().contains("pupil 99999"));
    assert_eq!(r.acks[1].status, AckStatus::Rejected);
    assert!(r.acks[1]
        .reason
        .as_ref()
        .unwrap()
        .contains("not a pupil AUP"));
    assert_eq!(r.acks[2].status, AckStatus::Stored);
}

#[tokio::test]
async fn publishing_a_new_pupil_aup_makes_everyone_sign_again() {
    let s = TestServer::spawn().await;
    let (admin, oak) = school(&s).await;
    let v1 = kiosk_aup(&s).await;
    for p in kiosk_pupils(&s, oak).await {
        let item = signature_item(
            &s,
            &PupilSignature {
                pupil_id: p.id,
                version_id: v1.version_id,
                mark: Mark::Initials("AB".into()),
                signed_at_ms: 5,
            },
        );
        assert_eq!(
            s.sync_ok(vec![item]).await.acks[0].status,
            AckStatus::Stored
        );
    }
    let reg: ClassRegister = admin.json(&format!("/staff/classes/{oak}/register")).await;
    assert!(reg.pupils.iter().all(|p| !p.pupil_must_sign));

    // A wrong shape for the kind is refused with a reason; nothing is published.
    let staff_shape = s
        .state
        .storage
        .current_agreement(kite_protocol::agreement::AgreementKind::Staff)
        .await
        .unwrap()
        .unwrap()
        .content;
    let wrong = admin
        .send(Method::POST, "/staff/agreements/pupil")
        .json(&serde_json::json!({
            "content": serde_json::from_str::<serde_json::Value>(&staff_shape).unwrap(),
            "summary": "oops"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);

    let mut content = v1.statements.clone();
    content.ks1[0].text = "I ask a grown-up first.".into();
    let published = admin
        .send(Method::POST, "/staff/agreements/pupil")
        .json(&serde_json::json!({
            "content": AgreementContent::Pupil(content),
            "summary": "Annual review: clearer first statement."
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), 200);
    let v2: AgreementVersion = published.json().await.unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(v2.published_by.as_deref(), Some("admin@school.example"));

    let reg: ClassRegister = admin.json(&format!("/staff/classes/{oak}/register")).await;
    assert_eq!(reg.current_version, 2);
    assert!(reg.pupils.iter().all(|p| p.pupil_must_sign));
    assert!(reg
        .pupils
        .iter()
        .all(|p| p.pupil_signed.as_ref().unwrap().version == 1));
    assert!(kiosk_pupils(&s, oak)
        .await
        .iter()
        .all(|p| !p.signed_current));
    assert_eq!(kiosk_aup(&s).await.version, 2);

    let versions: Vec<AgreementVersion> = admin.json("/staff/agreements").await;
    let pupil_versions: Vec<u32> = versions
        .iter()
        .filter(|v| v.kind == kite_protocol::agreement::AgreementKind::Pupil)
        .map(|v| v.version)
        .collect();
    assert_eq!(pupil_versions, [2, 1]);
}

#[tokio::test]
async fn teachers_read_their_own_class_register_only_and_every_read_is_audited() {
    let s = TestServer::spawn().await;
    let (admin, oak) = school(&s).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let other = s.add_staff("other@school.example", Role::Teacher).await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let set = admin
        .send(Method::PUT, &format!("/staff/classes/{oak}/teachers"))
        .json(&serde_json::json!({ "staff_ids": [teacher.id] }))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    let path = format!("/staff/classes/{oak}/register");

    let status = |c: crate::helpers::StaffClient| {
        let path = path.clone();
        async move { c.get(&path).send().await.unwrap().status() }
    };
    assert_eq!(status(s.session_for(teacher.id).await).await, 200);
    assert_eq!(status(s.session_for(other.id).await).await, 403);
    assert_eq!(status(s.session_for(dsl.id).await).await, 200);
    assert_eq!(status(admin).await, 200);
    let anon = s
        .client
        .get(format!("{}/api/v1{path}", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), 401);

    let log = s.state.storage.list_audit(50, None).await.unwrap();
    let reads: Vec<_> = log
        .iter()
        .filter(|e| e.action == "register_viewed")
        .map(|e| e.staff_email.as_str())
        .collect();
    assert_eq!(reads.len(), 3, "{reads:?}");
    assert!(log
        .iter()
        .any(|e| e.action == "access_denied" && e.staff_email == "other@school.example"));
}

#[tokio::test]
async fn a_staff_member_signs_their_own_aup_and_the_admin_sees_it() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let helper = s.add_staff("helper@school.example", Role::Teacher).await;
    let a = s.session_for(admin.id).await;
    let set = a
        .send(Method::PATCH, &format!("/staff/accounts/{}", helper.id))
        .json(&serde_json::json!({ "agreement": "volunteer" }))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    let refused = a
        .send(Method::PATCH, &format!("/staff/accounts/{}", helper.id))
        .json(&serde_json::json!({ "agreement": "pupil" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);

    let h = s.session_for(helper.id).await;
    let mine: MyAgreement = h.json("/staff/agreement").await;
    assert_eq!(
        mine.current.kind,
        kite_protocol::agreement::AgreementKind::Volunteer
    );
    assert!(mine.signed_at_ms.is_none());

    let one_word = h
        .send(Method::POST, "/staff/agreement/sign")
        .json(&serde_json::json!({ "version_id": mine.current.id, "signed_name": "Sam" }))
        .send()
        .await
        .unwrap();
    assert_eq!(one_word.status(), 400);
    let signed = h
        .send(Method::POST, "/staff/agreement/sign")
        .json(&serde_json::json!({ "version_id": mine.current.id, "signed_name": "Sam Helper" }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 200);
    let after: MyAgreement = signed.json().await.unwrap();
    assert!(after.signed_at_ms.is_some());

    let accounts: Vec<StaffAccount> = a.json("/staff/accounts").await;
    let row = accounts
        .iter()
        .find(|x| x.id == i64::from(helper.id))
        .unwrap();
    assert_eq!(
        row.agreement,
        Some(kite_protocol::agreement::AgreementKind::Volunteer)
    );
    assert!(row.agreement_signed_at_ms.is_some());
    let me = accounts
        .iter()
        .find(|x| x.id == i64::from(admin.id))
        .unwrap();
    assert!(me.agreement_signed_at_ms.is_none());
}

#[tokio::test]
async fn the_school_can_ask_pupils_to_sign_before_lessons() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let a = s.session_for(admin.id).await;
    let mut form: serde_json::Value = a.json("/staff/school").await;
    assert_eq!(form["aup_before_lessons"], false);
    form["aup_before_lessons"] = true.into();
    let r = a
        .send(Method::PUT, "/staff/school")
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(kiosk_aup(&s).await.required_before_lessons);
}
