//! Consent uses as the school's own list, and answers handed in on paper: the six uses every
//! school starts with, an admin adding and retiring one, a teacher recording a paper consent
//! form and a paper co-signature that the register shows as paper, a parent changing it online
//! afterwards with both kept in the history, and the refusals (a date in the future, a child
//! not in the class, a teacher of another class, a governor).

use kite_protocol::consent::{ConsentState, ConsentUse, UseConsent};
use kite_protocol::register::ClassRegister;
use kite_protocol::staff::Role;
use reqwest::{Method, StatusCode};

use crate::helpers::StaffClient;
use crate::parents::{sign_in, School};

const DEFAULT_KEYS: [&str; 6] = [
    "displays",
    "work_website",
    "website",
    "social_media",
    "press",
    "internet",
];

async fn post(
    staff: &StaffClient,
    path: &str,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let r = staff
        .send(Method::POST, path)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

fn row_consent<'a>(reg: &'a ClassRegister, first_name: &str, key: &str) -> &'a UseConsent {
    reg.pupils
        .iter()
        .find(|p| p.first_name == first_name)
        .unwrap()
        .consents
        .iter()
        .find(|c| c.key == key)
        .unwrap()
}

async fn audited(school: &School, action: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = $1 ORDER BY id")
        .bind(action)
        .fetch_all(&school.db.pool)
        .await
        .unwrap()
}

fn today() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    kite_server::calendar::iso_date(now)
}

#[tokio::test]
async fn every_school_starts_with_six_uses_and_an_admin_adds_and_retires_its_own() {
    let school = School::new().await;
    let admin = school.staff(&school.admin).await;
    let teacher = school.staff(&school.hedgehogs_teacher).await;

    let uses: Vec<ConsentUse> = teacher.json("/staff/consent-uses").await;
    let keys: Vec<&str> = uses.iter().map(|u| u.key.as_str()).collect();
    assert_eq!(keys, DEFAULT_KEYS);
    assert!(uses
        .iter()
        .all(|u| !u.retired && !u.name.is_empty() && !u.explanation.is_empty()));

    // Only an admin changes the list.
    let new_use = serde_json::json!({ "name": "Class blog", "explanation": "Photos and work on the class's own blog." });
    let (status, _) = post(&teacher, "/staff/consent-uses", new_use.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = post(&admin, "/staff/consent-uses", new_use.clone()).await;
    assert_eq!(status, 200, "{body}");
    let uses: Vec<ConsentUse> = serde_json::from_value(body).unwrap();
    assert_eq!(uses.last().unwrap().key, "class_blog");
    // The same name again is refused with a reason, and so is a name with no words.
    let (status, body) = post(&admin, "/staff/consent-uses", new_use).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["error"].as_str().unwrap().contains("already"),
        "{body}"
    );
    let (status, _) = post(
        &admin,
        "/staff/consent-uses",
        serde_json::json!({ "name": "!!", "explanation": "x" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Parents are asked about the new use; Amira's parent says yes.
    let codes = school.codes(school.hedgehogs).await;
    let parent = sign_in(&school.s, &codes["Amira"]).await;
    assert_eq!(
        parent.consent_now("class_blog").await,
        ConsentState::NotAsked
    );
    assert_eq!(parent.consent("class_blog", true).await.status(), 200);

    // Retired: no longer asked of parents or shown in the register, but the answer stays.
    let (status, _) = post(
        &teacher,
        "/staff/consent-uses/retire",
        serde_json::json!({ "key": "class_blog" }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = post(
        &admin,
        "/staff/consent-uses/retire",
        serde_json::json!({ "key": "class_blog" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let uses: Vec<ConsentUse> = serde_json::from_value(body).unwrap();
    assert!(uses.iter().find(|u| u.key == "class_blog").unwrap().retired);
    assert!(parent
        .child()
        .await
        .consents
        .iter()
        .all(|c| c.key != "class_blog"));
    assert!(parent
        .consent("class_blog", false)
        .await
        .status()
        .is_client_error());
    let reg: ClassRegister = admin
        .json(&format!("/staff/classes/{}/register", school.hedgehogs))
        .await;
    assert!(reg.pupils[0].consents.iter().all(|c| c.key != "class_blog"));
    assert_eq!(
        school.consent_rows(school.amira).await,
        [("class_blog".to_string(), true)]
    );
    let (status, _) = post(
        &admin,
        "/staff/consent-uses/retire",
        serde_json::json!({ "key": "class_blog" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(audited(&school, "consent_use_added").await, ["Class blog"]);
    assert_eq!(
        audited(&school, "consent_use_retired").await,
        ["class_blog"]
    );
}

#[tokio::test]
async fn a_paper_consent_shows_in_the_register_until_the_parent_withdraws_it_online() {
    let school = School::new().await;
    let teacher = school.staff(&school.hedgehogs_teacher).await;
    let path = format!("/staff/classes/{}/paper/consent", school.hedgehogs);
    let form = |pupil_id: i64, date: &str| {
        serde_json::json!({
            "pupil_id": pupil_id, "uses": ["website", "press"], "given": true, "form_date": date,
        })
    };

    // Bad input: a clear message, and nothing written.
    let (status, body) = post(&teacher, &path, form(school.ben, "2999-01-01")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("future"), "{body}");
    let (status, body) = post(&teacher, &path, form(school.ben, "4 Sept")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("date"), "{body}");
    // Cara is an Owl, not on this class's list.
    let (status, body) = post(&teacher, &path, form(school.cara, "2026-09-04")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("list"), "{body}");
    let (status, body) = post(
        &teacher,
        &path,
        serde_json::json!({ "pupil_id": school.ben, "uses": ["holiday_snaps"], "given": true, "form_date": "2026-09-04" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(school.consent_rows(school.ben).await.is_empty());

    // Those who may not read this register may not record for it either.
    let owls_teacher = school.staff(&school.owls_teacher).await;
    let (status, _) = post(&owls_teacher, &path, form(school.ben, "2026-09-04")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let governor = school
        .s
        .add_staff("governor@school.example", Role::Governor)
        .await;
    let governor = school.staff(&governor).await;
    let (status, _) = post(&governor, &path, form(school.ben, "2026-09-04")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(school.consent_rows(school.ben).await.is_empty());

    // Today's form, recorded by the teacher: the register shows it as given, on paper.
    let (status, body) = post(&teacher, &path, form(school.ben, &today())).await;
    assert_eq!(status, 200, "{body}");
    let reg: ClassRegister = serde_json::from_value(body).unwrap();
    let website = row_consent(&reg, "Ben", "website");
    assert!(website.state.allows());
    let paper = website.on_paper.as_ref().expect("marked as paper");
    assert_eq!(paper.recorded_by, school.hedgehogs_teacher.email);
    assert_eq!(kite_server::calendar::iso_date(paper.form_date_ms), today());
    assert!(row_consent(&reg, "Ben", "press").state.allows());
    assert_eq!(
        row_consent(&reg, "Ben", "internet").state,
        ConsentState::NotAsked
    );
    let audit = audited(&school, "paper_consent").await;
    assert_eq!(audit.len(), 1);
    assert!(audit[0].contains("website, press given"), "{audit:?}");

    // The CSV says paper too.
    let csv = teacher
        .get(&format!("/staff/classes/{}/register.csv", school.hedgehogs))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Consent: Photos on the website"), "{csv}");
    assert!(csv.contains("(paper form of"), "{csv}");

    // The parent sees it, and withdraws it online: the newest answer holds, both are kept.
    let codes = school.codes(school.hedgehogs).await;
    let parent = sign_in(&school.s, &codes["Ben"]).await;
    assert!(parent.consent_now("website").await.allows());
    assert_eq!(parent.consent("website", false).await.status(), 200);
    let reg: ClassRegister = teacher
        .json(&format!("/staff/classes/{}/register", school.hedgehogs))
        .await;
    let website = row_consent(&reg, "Ben", "website");
    assert!(matches!(website.state, ConsentState::Withdrawn { .. }));
    assert_eq!(website.on_paper, None);
    assert!(row_consent(&reg, "Ben", "press").state.allows());
    assert_eq!(
        school.consent_rows(school.ben).await,
        [
            ("website".to_string(), true),
            ("press".to_string(), true),
            ("website".to_string(), false),
        ]
    );
    // What was written is never changed.
    let update = sqlx::query("UPDATE photo_consents SET granted = $1")
        .bind(true)
        .execute(&school.db.pool)
        .await;
    assert!(update.is_err());
}

#[tokio::test]
async fn a_paper_co_signature_counts_as_one_given_online() {
    let school = School::new().await;
    let dsl = school.staff(&school.dsl).await;
    let path = format!("/staff/classes/{}/paper/cosignature", school.hedgehogs);
    let form = |pupil_version: u32| {
        serde_json::json!({
            "pupil_id": school.amira, "parent_name": "Sara B", "pupil_version": pupil_version,
            "home_school_version": 1, "form_date": today(),
        })
    };
    let (status, body) = post(&dsl, &path, form(7)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"].as_str().unwrap().contains("version 7"),
        "{body}"
    );

    let (status, body) = post(&dsl, &path, form(1)).await;
    assert_eq!(status, 200, "{body}");
    let reg: ClassRegister = serde_json::from_value(body).unwrap();
    let amira = reg.pupils.iter().find(|p| p.first_name == "Amira").unwrap();
    assert!(!amira.parent_must_sign);
    assert_eq!(amira.parent_signed.as_ref().unwrap().version, 1);
    assert_eq!(
        amira.parent_on_paper.as_ref().unwrap().recorded_by,
        school.dsl.email
    );
    assert_eq!(audited(&school, "paper_cosigned").await.len(), 1);

    // The parents' page shows it as signed.
    let codes = school.codes(school.hedgehogs).await;
    let parent = sign_in(&school.s, &codes["Amira"]).await;
    let page = parent.child().await;
    let signed = page.cosigned.expect("co-signed on paper");
    assert!(signed.current);
    assert_eq!(signed.parent_name, "Sara B");
}
