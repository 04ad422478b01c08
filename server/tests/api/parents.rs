//! Parents at home: letters and codes, a parent's session reaching its own child only, co-signing
//! the current versions, photo consent, parents' corner and concerns to the DSL.

use kite_protocol::consent::{ConsentState, UseConsent};
use kite_protocol::lesson_record::{LessonRecord, TaughtBy};
use kite_protocol::parents::{ChildPage, Corner, ParentLetters, ParentSessionInfo};
use kite_protocol::sealed::seal;
use kite_protocol::staff::{ReportDetail, ReportList, Role};
use kite_protocol::sync::{AckStatus, ItemKind, SyncItem};
use kite_protocol::Band;
use kite_server::http::parents::{routes, ParentAccess};
use kite_server::storage::NewLessonRecord;
use reqwest::{Method, StatusCode};

use crate::class_fixture::ClassFixture;
use crate::helpers::{Options, StaffClient, StaffLogin, TestServer};

/// A parent signed in with a letter's code: the cookie and the CSRF token.
pub(crate) struct Parent {
    url: String,
    cookie: String,
    csrf: String,
    client: reqwest::Client,
}

impl Parent {
    pub(crate) fn send(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}/api/v1{path}", self.url))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
    }

    pub(crate) async fn child(&self) -> ChildPage {
        let r = self
            .send(Method::GET, "/parents/child")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.json().await.unwrap()
    }

    /// Where the child's consent for one use stands, as the parents' page shows it.
    pub(crate) async fn consent_now(&self, key: &str) -> ConsentState {
        state_of(&self.child().await.consents, key)
    }

    pub(crate) async fn consent(&self, use_: &str, given: bool) -> reqwest::Response {
        self.send(Method::PUT, "/parents/consent")
            .json(&serde_json::json!({ "use": use_, "given": given }))
            .send()
            .await
            .unwrap()
    }
}

pub(crate) fn state_of(consents: &[UseConsent], key: &str) -> ConsentState {
    consents
        .iter()
        .find(|c| c.key == key)
        .unwrap_or_else(|| panic!("{key} not asked"))
        .state
        .clone()
}

async fn post_code(s: &TestServer, code: &str) -> reqwest::Response {
    s.client
        .post(format!("{}/api/v1/parents/session", s.url))
        .json(&serde_json::json!({ "code": code }))
        .send()
        .await
        .unwrap()
}

pub(crate) async fn sign_in(s: &TestServer, code: &str) -> Parent {
    let r = post_code(s, code).await;
    assert_eq!(r.status(), 200, "sign in with {code}");
    let set_cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"));
    assert!(set_cookie.contains("Path=/api/v1/parents"));
    let info: ParentSessionInfo = r.json().await.unwrap();
    Parent {
        url: s.url.clone(),
        cookie: set_cookie.split(';').next().unwrap().to_string(),
        csrf: info.csrf_token,
        client: s.client.clone(),
    }
}

async fn letters(staff: &StaffClient, class_id: i64, body: serde_json::Value) -> reqwest::Response {
    staff
        .send(
            Method::POST,
            &format!("/staff/classes/{class_id}/parent-letters"),
        )
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// A school with two classes: Hedgehogs (KS1: Amira, Ben) and Owls (KS2: Cara), a teacher of
/// each, an admin and a DSL.
pub(crate) struct School {
    pub(crate) s: TestServer,
    pub(crate) db: ClassFixture,
    pub(crate) hedgehogs: i64,
    pub(crate) owls: i64,
    pub(crate) amira: i64,
    pub(crate) ben: i64,
    pub(crate) cara: i64,
    pub(crate) admin: StaffLogin,
    pub(crate) dsl: StaffLogin,
    pub(crate) hedgehogs_teacher: StaffLogin,
    pub(crate) owls_teacher: StaffLogin,
}

impl School {
    pub(crate) async fn new() -> Self {
        let s = TestServer::spawn().await;
        let db = ClassFixture::open(&s).await;
        let hedgehogs = db.class("Hedgehogs", "ks1").await;
        let owls = db.class("Owls", "ks2").await;
        let amira = db.pupil(hedgehogs, "Amira", "B").await;
        let ben = db.pupil(hedgehogs, "Ben", "C").await;
        let cara = db.pupil(owls, "Cara", "D").await;
        let admin = s.add_staff("admin@school.example", Role::Admin).await;
        let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
        let hedgehogs_teacher = s.add_staff("hh@school.example", Role::Teacher).await;
        let owls_teacher = s.add_staff("owls@school.example", Role::Teacher).await;
        db.teaches(hedgehogs_teacher.id, hedgehogs).await;
        db.teaches(owls_teacher.id, owls).await;
        Self {
            s,
            db,
            hedgehogs,
            owls,
            amira,
            ben,
            cara,
            admin,
            dsl,
            hedgehogs_teacher,
            owls_teacher,
        }
    }

    pub(crate) async fn staff(&self, who: &StaffLogin) -> StaffClient {
        self.s.session_for(who.id).await
    }

    /// Prints letters for a class as its teacher would; returns the codes by first name.
    pub(crate) async fn codes(&self, class_id: i64) -> std::collections::HashMap<String, String> {
        let admin = self.staff(&self.admin).await;
        let r = letters(&admin, class_id, serde_json::json!({})).await;
        assert_eq!(r.status(), 200);
        let l: ParentLetters = r.json().await.unwrap();
        l.letters
            .into_iter()
            .map(|l| (l.first_name, l.code))
            .collect()
    }

    pub(crate) async fn consent_rows(&self, pupil_id: i64) -> Vec<(String, bool)> {
        sqlx::query_as(
            "SELECT photo_use, CAST(CASE WHEN granted THEN 1 ELSE 0 END AS BIGINT)
             FROM photo_consents WHERE pupil_id = $1 ORDER BY id",
        )
        .bind(pupil_id)
        .fetch_all(&self.db.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|(photo_use, granted): (String, i64)| (photo_use, granted != 0))
        .collect()
    }
}

#[tokio::test]
async fn letters_give_each_child_a_readable_code_and_follow_class_access() {
    let school = School::new().await;
    let s = &school.s;

    // The Hedgehogs' teacher prints their class's letters; the Owls' teacher may not.
    let own = school.staff(&school.hedgehogs_teacher).await;
    let r = letters(&own, school.hedgehogs, serde_json::json!({})).await;
    assert_eq!(r.status(), 200);
    let l: ParentLetters = r.json().await.unwrap();
    assert_eq!(l.class_name, "Hedgehogs");
    let names: Vec<_> = l.letters.iter().map(|l| l.first_name.as_str()).collect();
    assert_eq!(names, ["Amira", "Ben"]);
    for letter in &l.letters {
        let parts: Vec<_> = letter.code.split('-').collect();
        assert_eq!(parts.len(), 3, "{}", letter.code);
        assert!(parts.iter().all(|p| p.len() == 4));
        assert!(!letter.code.contains(['0', 'O', '1', 'I', 'L']));
    }
    assert_ne!(l.letters[0].code, l.letters[1].code);

    let other = school.staff(&school.owls_teacher).await;
    let r = letters(&other, school.hedgehogs, serde_json::json!({})).await;
    assert_eq!(r.status(), 403);
    for who in [&school.admin, &school.dsl] {
        let c = school.staff(who).await;
        let r = letters(&c, school.owls, serde_json::json!({})).await;
        assert_eq!(r.status(), 200, "{}", who.email);
    }
    // A pupil from another class can't be slipped into the list.
    let r = letters(
        &own,
        school.hedgehogs,
        serde_json::json!({ "pupil_ids": [school.cara] }),
    )
    .await;
    assert_eq!(r.status(), 400);
    // Only the code's hash is kept.
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("SELECT code_sha256 FROM parent_codes")
        .fetch_all(&school.db.pool)
        .await
        .unwrap();
    let code = l.letters[0].code.replace('-', "");
    let all = s.stored_bytes().await;
    assert!(!all.windows(code.len()).any(|w| w == code.as_bytes()));
    assert!(stored.iter().all(|h| h.len() == 32));
    let log = s.state.storage.list_audit(50, None).await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "parent_letters" && e.staff_email == "hh@school.example"));
}

#[tokio::test]
async fn a_parent_code_reaches_its_own_child_only() {
    let school = School::new().await;
    let s = &school.s;
    school.db.publish_both().await;
    let codes = school.codes(school.hedgehogs).await;

    // Accepted without dashes, in any case.
    let amira_code = codes["Amira"].replace('-', "").to_lowercase();
    let amira = sign_in(s, &amira_code).await;
    let page = amira.child().await;
    assert_eq!(page.first_name, "Amira");
    assert_eq!(page.class_name, "Hedgehogs");
    let ben = sign_in(s, &codes["Ben"]).await;
    assert_eq!(ben.child().await.first_name, "Ben");

    // Nothing in a parent's request can name another child: a stray pupil id is ignored and
    // Amira's parent changes Amira's consent only.
    let r = amira
        .send(Method::PUT, "/parents/consent")
        .json(&serde_json::json!({ "use": "website", "given": true, "pupil_id": school.ben }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(school.consent_rows(school.amira).await.len(), 1);
    assert!(school.consent_rows(school.ben).await.is_empty());
    assert!(school.consent_rows(school.cara).await.is_empty());
    assert_eq!(ben.consent_now("website").await, ConsentState::NotAsked);

    // A parent's session opens no staff route, and a staff session no parent route.
    for path in [
        "/staff/reports",
        "/staff/me",
        "/staff/classes/1/parent-letters",
    ] {
        let r = amira.send(Method::GET, path).send().await.unwrap();
        assert!(
            r.status() == 401 || r.status() == 405,
            "{path}: {}",
            r.status()
        );
    }
    let admin = school.staff(&school.admin).await;
    let r = admin.get("/parents/child").send().await.unwrap();
    assert_eq!(r.status(), 401);

    // Without the CSRF token, nothing changes.
    let r = s
        .client
        .put(format!("{}/api/v1/parents/consent", s.url))
        .header("cookie", &amira.cookie)
        .json(&serde_json::json!({ "use": "press", "given": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // Signing out ends the session.
    let r = amira
        .send(Method::POST, "/parents/logout")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = amira
        .send(Method::GET, "/parents/child")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn new_letters_replace_old_codes_and_their_sessions() {
    let school = School::new().await;
    let s = &school.s;
    let first = school.codes(school.hedgehogs).await;
    let parent = sign_in(s, &first["Amira"]).await;

    let second = school.codes(school.hedgehogs).await;
    let r = post_code(s, &first["Amira"]).await;
    assert_eq!(r.status(), 401);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("replaced by a newer letter"),
        "{body}"
    );
    let r = parent
        .send(Method::GET, "/parents/child")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "the old code's session ended too");
    assert_eq!(
        sign_in(s, &second["Amira"]).await.child().await.first_name,
        "Amira"
    );

    // A code nobody printed gets a clear message, not the child's page.
    let r = post_code(s, "ABCD-EFGH-JKMN").await;
    assert_eq!(r.status(), 401);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["error"]
        .as_str()
        .unwrap()
        .contains("doesn't match a letter"));
}

#[tokio::test]
async fn guessing_codes_is_rate_limited() {
    let school = School::new().await;
    let s = &school.s;
    let mut limited = None;
    for i in 0..60 {
        let r = post_code(s, &format!("ABCD-EFGH-{:04}", 2000 + i)).await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(r);
            break;
        }
        assert_eq!(r.status(), 401);
    }
    let r = limited.expect("guessing is stopped");
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
}

#[tokio::test]
async fn co_signing_needs_the_current_versions() {
    let school = School::new().await;
    let s = &school.s;
    let codes = school.codes(school.hedgehogs).await;
    let parent = sign_in(s, &codes["Amira"]).await;
    let cosign = |pupil_version: u32, home: u32, talked: bool| {
        parent
            .send(Method::POST, "/parents/cosign")
            .json(&serde_json::json!({
                "parent_name": "Sara B", "pupil_version": pupil_version,
                "home_school_version": home, "talked_together": talked,
            }))
            .send()
    };

    // Nothing published yet: the page says so rather than failing.
    school.db.clear_agreements().await;
    let page = parent.child().await;
    assert!(page.pupil_aup.is_none() && page.home_school.is_none());
    assert_eq!(cosign(1, 1, true).await.unwrap().status(), 409);

    let (pupil_v, home_v) = school.db.publish_both().await;
    let page = parent.child().await;
    let aup = page.pupil_aup.expect("published");
    assert_eq!(aup.version, pupil_v);
    assert_eq!(aup.statements.len(), 2, "the KS1 statements");
    assert_eq!(
        aup.statements[1].text,
        "I tell a grown-up if something worries me"
    );
    let home = page.home_school.unwrap();
    assert_eq!(home.intro, "Together we keep children safe online.");
    assert_eq!(
        home.sections[1].items,
        ["Talk about what our child does online"]
    );

    assert_eq!(cosign(pupil_v, home_v, false).await.unwrap().status(), 400);
    assert_eq!(cosign(pupil_v, home_v, true).await.unwrap().status(), 200);
    let signed = parent.child().await.cosigned.expect("co-signed");
    assert!(signed.current);
    assert_eq!(signed.parent_name, "Sara B");
    let (name, signed_v): (String, i64) = sqlx::query_as(
        "SELECT s.parent_name, v.version FROM parent_signatures s
         JOIN agreement_versions v ON v.id = s.pupil_version_id WHERE s.pupil_id = $1",
    )
    .bind(school.amira)
    .fetch_one(&school.db.pool)
    .await
    .unwrap();
    assert_eq!((name.as_str(), signed_v as u32), ("Sara B", pupil_v));

    // The annual review: a new pupil AUP. The old signature no longer counts as current, and
    // signing what was read before is refused with a clear message.
    let new_v = school
        .db
        .publish("pupil", crate::class_fixture::pupil_aup())
        .await;
    assert!(!parent.child().await.cosigned.unwrap().current);
    let r = cosign(pupil_v, home_v, true).await.unwrap();
    assert_eq!(r.status(), 409);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("read it again"));
    assert_eq!(cosign(new_v, home_v, true).await.unwrap().status(), 200);
    assert!(parent.child().await.cosigned.unwrap().current);
}

#[tokio::test]
async fn consent_given_then_withdrawn_is_withdrawn_at_once() {
    let school = School::new().await;
    let s = &school.s;
    let codes = school.codes(school.owls).await;
    let parent = sign_in(s, &codes["Cara"]).await;
    assert_eq!(parent.consent_now("website").await, ConsentState::NotAsked);

    assert_eq!(parent.consent("website", true).await.status(), 200);
    assert!(parent.consent_now("website").await.allows());
    let r = parent.consent("website", false).await;
    assert_eq!(r.status(), 200);
    let now: Vec<UseConsent> = r.json().await.unwrap();
    assert!(matches!(
        state_of(&now, "website"),
        ConsentState::Withdrawn { .. }
    ));
    assert!(matches!(
        parent.consent_now("website").await,
        ConsentState::Withdrawn { .. }
    ));
    assert_eq!(state_of(&now, "social_media"), ConsentState::NotAsked);
    // Stored as the register reads it: a history whose newest row holds.
    assert_eq!(
        school.consent_rows(school.cara).await,
        [
            ("website".to_string(), true),
            ("website".to_string(), false)
        ]
    );
    let r = parent.consent("holiday_snaps", true).await;
    assert!(r.status().is_client_error());
}

#[tokio::test]
async fn a_concern_reaches_the_dsl_with_the_parents_name_and_no_one_else() {
    let school = School::new().await;
    let s = &school.s;
    let codes = school.codes(school.hedgehogs).await;
    let parent = sign_in(s, &codes["Ben"]).await;
    // A parent can't mark a concern urgent (the DSL decides): an old page's "urgent" is ignored.
    let r = parent
        .send(Method::POST, "/parents/concern")
        .json(&serde_json::json!({
            "text": "Ben has been getting messages from someone he doesn't know",
            "parent_name": "Tom C", "contact": "07700 900123", "urgent": true,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A name is needed unless the parent chooses to stay anonymous.
    let r = parent
        .send(Method::POST, "/parents/concern")
        .json(&serde_json::json!({ "text": "Something else", "parent_name": " " }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = parent
        .send(Method::POST, "/parents/concern")
        .json(&serde_json::json!({ "text": "A worry about the class chat", "anonymous": true, "parent_name": "Tom C" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let dsl = school.staff(&school.dsl).await;
    let list: ReportList = dsl.json("/staff/reports").await;
    assert_eq!(list.reports.len(), 2);
    assert!(
        list.reports.iter().all(|r| !r.urgent),
        "only the DSL marks a parent's concern urgent"
    );
    let named = list
        .reports
        .iter()
        .find(|r| r.received_at_ms % DAY_MS != 0)
        .expect("the named concern keeps its time");
    assert_eq!(named.what, "parent_concern");
    assert!(named.device_name.contains("parent"));
    let d: ReportDetail = dsl.json(&format!("/staff/reports/{}", named.id)).await;
    assert!(d.report.is_none());
    let concern = d.parent_concern.expect("a parent's concern");
    assert_eq!(concern.parent_name.as_deref(), Some("Tom C"));
    assert_eq!(concern.child.as_deref(), Some("Ben C., Hedgehogs"));
    assert!(d.talk_to.contains("07700 900123"));
    let anon_id = &list.reports.iter().find(|r| r.id != named.id).unwrap().id;
    let anon: ReportDetail = dsl.json(&format!("/staff/reports/{anon_id}")).await;
    let anon = anon.parent_concern.unwrap();
    assert!(anon.anonymous && anon.parent_name.is_none() && anon.child.is_none());

    // Triage works on it like any report; nothing alerted the DSLs as urgent.
    let r = dsl
        .send(Method::PATCH, &format!("/staff/reports/{}", named.id))
        .json(&serde_json::json!({ "status": "in_progress" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let claimed = s.state.storage.claim_urgent_alerts(1).await.unwrap();
    assert!(claimed.is_empty(), "{claimed:?}");

    for who in [&school.admin, &school.hedgehogs_teacher] {
        let c = school.staff(who).await;
        let r = c
            .get(&format!("/staff/reports/{}", named.id))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{}", who.email);
    }
    let log = s.state.storage.list_audit(100, None).await.unwrap();
    assert!(log.iter().any(|e| e.action == "parent_concern"
        && e.report_id.as_deref() == Some(named.id.as_str())
        && e.staff_email.contains(&format!("pupil {}", school.ben))));
    assert!(
        !log.iter()
            .any(|e| e.detail.contains("messages from someone")),
        "the log never holds what a concern says"
    );
}

const DAY_MS: i64 = 86_400_000;

async fn post_concern(parent: &Parent, text: &str) -> reqwest::Response {
    parent
        .send(Method::POST, "/parents/concern")
        .json(&serde_json::json!({ "text": text, "parent_name": "Tom C" }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn one_letters_code_cannot_bury_the_inbox() {
    let school = School::new().await;
    let s = &school.s;
    let codes = school.codes(school.hedgehogs).await;
    let mum = sign_in(s, &codes["Ben"]).await;
    for i in 0..3 {
        let r = post_concern(&mum, &format!("worry {i}")).await;
        assert_eq!(r.status(), 200, "concern {i}");
    }
    // A fourth from the same session today: a clear, kind refusal, with when to try again.
    let r = post_concern(&mum, "worry 3").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    let message = r.json::<serde_json::Value>().await.unwrap()["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("school office") && message.contains("999"),
        "{message}"
    );
    // Another session with the same letter's code shares the code's allowance for the day.
    let dad = sign_in(s, &codes["Ben"]).await;
    for i in 0..2 {
        assert_eq!(post_concern(&dad, &format!("dad {i}")).await.status(), 200);
    }
    assert_eq!(
        post_concern(&dad, "dad 2").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another child's parents are not held up.
    let amira = sign_in(s, &codes["Amira"]).await;
    assert_eq!(post_concern(&amira, "hello").await.status(), 200);

    let dsl = school.staff(&school.dsl).await;
    let list: ReportList = dsl.json("/staff/reports?source=parent").await;
    assert_eq!(list.total, 6, "what was refused was never stored");
}

/// Everything a DSL can read through the API, as text.
async fn everything_the_dsl_reads(school: &School, dsl: &StaffClient) -> Vec<(String, String)> {
    let mut paths = vec![
        "/staff/reports?status=all".to_string(),
        "/staff/audit".to_string(),
        "/staff/dsl-home".to_string(),
        "/staff/reports/export.csv".to_string(),
        "/staff/pupils".to_string(),
    ];
    for pupil in [school.amira, school.ben, school.cara] {
        paths.push(format!("/staff/pupils/{pupil}/record"));
        paths.push(format!("/staff/pupils/{pupil}/details"));
    }
    let list: ReportList = dsl.json("/staff/reports?status=all").await;
    for r in &list.reports {
        paths.push(format!("/staff/reports/{}", r.id));
        paths.push(format!("/staff/reports/{}/parent-letter", r.id));
    }
    let mut read = Vec::new();
    for path in paths {
        let r = dsl.get(&path).send().await.unwrap();
        if r.status() == 200 {
            read.push((path, r.text().await.unwrap()));
        }
    }
    read
}

#[tokio::test]
async fn nothing_the_dsl_reads_ties_an_anonymous_concern_to_the_child() {
    let school = School::new().await;
    let s = &school.s;
    let codes = school.codes(school.hedgehogs).await;
    let parent = sign_in(s, &codes["Ben"]).await;
    // Ben's parent also gives consent (a record with its own time) and then writes anonymously.
    assert_eq!(parent.consent("website", true).await.status(), 200);
    // A minute on the form, as a parent would take.
    sqlx::query("UPDATE parent_sessions SET last_seen_ms = last_seen_ms - 60000")
        .execute(&school.db.pool)
        .await
        .unwrap();
    let seen_before: i64 = sqlx::query_scalar("SELECT last_seen_ms FROM parent_sessions")
        .fetch_one(&school.db.pool)
        .await
        .unwrap();
    let r = parent
        .send(Method::POST, "/parents/concern")
        .json(&serde_json::json!({ "text": "Someone in the class chat is sharing pictures", "anonymous": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let dsl_started = kite_server::clock::now_ms();
    let dsl = school.staff(&school.dsl).await;
    let list: ReportList = dsl.json("/staff/reports?source=parent").await;
    let concern = &list.reports[0];
    // The concern is dated to the day only: no time to match with a sign-in or a consent.
    assert_eq!(concern.received_at_ms % DAY_MS, 0, "dated to the day");
    let detail: serde_json::Value = dsl.json(&format!("/staff/reports/{}", concern.id)).await;
    let read = everything_the_dsl_reads(&school, &dsl).await;
    // Every exact time the DSL can see beside Ben or his class (his record, the log's lines
    // about him), and every time on the concern's own page.
    let times = |text: &str| -> Vec<i64> {
        let mut out = Vec::new();
        let mut n = String::new();
        for c in text.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_digit() {
                n.push(c);
            } else {
                if n.len() == 13 {
                    out.push(n.parse().unwrap());
                }
                n.clear();
            }
        }
        out
    };
    // The concern's page: its own times are its day; any exact time on it is the DSL's own
    // reading of it, after the parent had gone.
    let concern_times: Vec<i64> = times(&detail.to_string());
    assert!(!concern_times.is_empty());
    for t in &concern_times {
        assert!(
            t % DAY_MS == 0 || *t >= dsl_started,
            "the concern's page shows a time from the parent's visit: {t}"
        );
    }
    let log: kite_protocol::staff::AuditPage = dsl.json("/staff/audit").await;
    for e in &log.entries {
        if e.staff_email.contains("parent") {
            assert_eq!(
                e.at_ms % DAY_MS,
                0,
                "a parent's line is dated to the day: {e:?}"
            );
            if e.report_id.as_deref() == Some(concern.id.as_str()) {
                panic!("a line ties the anonymous concern to a parent: {e:?}");
            }
        }
    }
    for (path, text) in &read {
        if path.contains(&format!("/pupils/{}", school.ben)) {
            assert!(!text.contains(&concern.id), "{path} names the concern");
        }
    }
    for (path, text) in read.iter().filter(|(p, _)| p.contains(&concern.id)) {
        assert!(
            !text.contains("Ben") && !text.contains("Hedgehogs"),
            "{path}: {text}"
        );
    }
    // The audit lines that name the concern are the DSL's own reads, never a parent's.
    let log: kite_protocol::staff::AuditPage = dsl.json("/staff/audit").await;
    assert!(log
        .entries
        .iter()
        .filter(|e| e.report_id.as_deref() == Some(concern.id.as_str()))
        .all(|e| e.staff_email.contains("dsl@")));
    // And posting it didn't mark the parent's session as used at that moment.
    let seen: i64 = sqlx::query_scalar("SELECT last_seen_ms FROM parent_sessions")
        .fetch_one(&school.db.pool)
        .await
        .unwrap();
    assert_eq!(
        seen, seen_before,
        "the session's last use is not the concern's time"
    );
}

#[tokio::test]
async fn parents_codes_are_kept_keyed_and_end_with_the_school_year_or_when_the_child_leaves() {
    use sha2::{Digest, Sha256};
    let school = School::new().await;
    let s = &school.s;
    let codes = school.codes(school.hedgehogs).await;
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("SELECT code_sha256 FROM parent_codes")
        .fetch_all(&school.db.pool)
        .await
        .unwrap();
    for code in codes.values() {
        let normal = kite_protocol::parents::normalise_parent_code(code).unwrap();
        let bare = Sha256::digest(normal.as_bytes()).to_vec();
        assert!(
            !stored.contains(&bare),
            "a copied table must not be enough to try codes against"
        );
    }
    // Letters printed last school year (before 1 September): the code ended on 31 August.
    sqlx::query("UPDATE parent_codes SET created_at_ms = $1 WHERE pupil_id = $2")
        .bind(kite_server::clock::now_ms() - 400 * DAY_MS)
        .bind(school.amira)
        .execute(&school.db.pool)
        .await
        .unwrap();
    let r = post_code(s, &codes["Amira"]).await;
    assert_eq!(r.status(), 401);
    let message = r.json::<serde_json::Value>().await.unwrap()["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("school year"), "{message}");
    // A child whose leaving day has passed: the code no longer opens anything.
    sqlx::query("UPDATE pupils SET leaving_on = '2020-07-22' WHERE id = $1")
        .bind(school.ben)
        .execute(&school.db.pool)
        .await
        .unwrap();
    assert_eq!(post_code(s, &codes["Ben"]).await.status(), 401);

    // A code stored by an earlier version (bare SHA-256) still works once, and is re-keyed.
    let cara_codes = school.codes(school.owls).await;
    let normal = kite_protocol::parents::normalise_parent_code(&cara_codes["Cara"]).unwrap();
    let bare = Sha256::digest(normal.as_bytes()).to_vec();
    sqlx::query(
        "UPDATE parent_codes SET code_sha256 = $1 WHERE pupil_id = $2 AND revoked_at_ms IS NULL",
    )
    .bind(&bare)
    .bind(school.cara)
    .execute(&school.db.pool)
    .await
    .unwrap();
    sign_in(s, &cara_codes["Cara"]).await;
    let kept: Vec<u8> = sqlx::query_scalar(
        "SELECT code_sha256 FROM parent_codes WHERE pupil_id = $1 AND revoked_at_ms IS NULL",
    )
    .bind(school.cara)
    .fetch_one(&school.db.pool)
    .await
    .unwrap();
    assert_ne!(kept, bare, "re-keyed on use");
    sign_in(s, &cara_codes["Cara"]).await;
}

#[tokio::test]
async fn the_corner_lists_this_half_terms_lessons_for_the_childs_class() {
    let school = School::new().await;
    let s = &school.s;
    let now = kite_server::clock::now_ms();
    let record = |lesson: &str, class: &str, at: i64| NewLessonRecord {
        id: uuid::Uuid::new_v4(),
        lesson_id: lesson.into(),
        band: "ks1".into(),
        class_label: Some(class.into()),
        by: "teacher".into(),
        completed_at_ms: at,
    };
    s.state
        .storage
        .store_lesson_records(
            s.device_id,
            now,
            &[
                record("ks1-kind-online", "hedgehogs", now - 1000),
                record("ks1-kind-online", "Hedgehogs", now - 2000),
                record("ks1-tell-an-adult", "Owls", now),
                record("ks1-passwords", "Hedgehogs", now - 400 * 24 * 3600 * 1000),
            ],
        )
        .await
        .unwrap();
    let codes = school.codes(school.hedgehogs).await;
    let parent = sign_in(s, &codes["Amira"]).await;
    let r = parent
        .send(Method::GET, "/parents/corner")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let corner: Corner = r.json().await.unwrap();
    let ids: Vec<_> = corner
        .lessons
        .iter()
        .map(|l| l.lesson_id.as_str())
        .collect();
    assert_eq!(ids, ["ks1-kind-online"]);
    assert!(corner.since_ms <= now && corner.half_term.contains("term"));
}

/// A tablet set to Hedgehogs from the class list sends the class's id; its label may be whatever
/// an older set-up typed. The lesson still reaches the Hedgehogs parents' corner.
#[tokio::test]
async fn a_lesson_taught_on_a_tablet_set_to_the_class_reaches_its_parents_corner() {
    let school = School::new().await;
    let s = &school.s;
    let record = LessonRecord {
        lesson_id: "ks1-kind-online".into(),
        band: Band::Ks1,
        class_label: Some("Hedgehogs \u{2013} Year 2".into()),
        class_id: Some(school.hedgehogs),
        by: TaughtBy::Teacher,
        completed_at_ms: kite_server::clock::now_ms(),
    };
    let item = SyncItem {
        id: uuid::Uuid::new_v4(),
        kind: ItemKind::LessonDone,
        sealed: seal(&s.public_key, &serde_json::to_vec(&record).unwrap()).unwrap(),
        answer_code: None,
    };
    assert_eq!(
        s.sync_ok(vec![item]).await.acks[0].status,
        AckStatus::Stored
    );

    let parent = sign_in(s, &school.codes(school.hedgehogs).await["Amira"]).await;
    let corner: Corner = parent
        .send(Method::GET, "/parents/corner")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<_> = corner
        .lessons
        .iter()
        .map(|l| l.lesson_id.as_str())
        .collect();
    assert_eq!(ids, ["ks1-kind-online"]);
}

#[tokio::test]
async fn every_parent_route_is_walked_with_no_session_a_staff_session_and_a_parents() {
    let school = School::new().await;
    let s = &school.s;
    let codes = school.codes(school.hedgehogs).await;
    let staff = school.staff(&school.admin).await;
    let table = routes();
    assert!(table.len() >= 8);
    let mut parent = sign_in(s, &codes["Amira"]).await;
    for route in &table {
        let method = Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
        let url = format!("{}/api/v1{}", s.url, route.path);
        let anon = s
            .client
            .request(method.clone(), &url)
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap()
            .status();
        let with_staff = staff
            .send(method.clone(), route.path)
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap()
            .status();
        let as_parent = parent
            .send(method.clone(), route.path)
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap()
            .status();
        // A fresh session once signed out, so signing out doesn't spoil the next route (not one
        // for every route: that many sign-ins from one client meet its limit).
        if route.path == "/parents/logout" {
            parent = sign_in(s, &codes["Amira"]).await;
        }
        match route.access {
            ParentAccess::Public => {
                assert_ne!(anon, 403, "{method} {}", route.path);
            }
            ParentAccess::Parent => {
                assert_eq!(anon, 401, "{method} {} without a session", route.path);
                assert_eq!(
                    with_staff, 401,
                    "{method} {} with a staff session",
                    route.path
                );
                assert!(
                    as_parent != 401 && as_parent != 403,
                    "{method} {} as a parent: {as_parent}",
                    route.path
                );
            }
        }
    }
}

#[tokio::test]
async fn a_parents_session_ends_when_idle_and_after_an_evening() {
    let school = School::new().await;
    let s = &school.s;
    let codes = school.codes(school.hedgehogs).await;
    for (column, ago_ms) in [
        ("last_seen_ms", 31 * 60 * 1000),
        ("created_at_ms", 4 * 60 * 60 * 1000 + 1000),
    ] {
        let parent = sign_in(s, &codes["Amira"]).await;
        assert_eq!(parent.child().await.first_name, "Amira");
        sqlx::query(&format!(
            "UPDATE parent_sessions SET {column} = {column} - $1"
        ))
        .bind(ago_ms)
        .execute(&school.db.pool)
        .await
        .unwrap();
        let r = parent
            .send(Method::GET, "/parents/child")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{column}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert!(body["error"]
            .as_str()
            .unwrap()
            .contains("code from your letter"));
        // The page asks on load without an error: not signed in is `null`.
        let r = parent
            .send(Method::GET, "/parents/session")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(
            r.json::<serde_json::Value>().await.unwrap(),
            serde_json::Value::Null
        );
    }
}

/// Migration 10 rebuilds `reports` (a parent's concern has no tablet). A school upgrading keeps
/// every report and its chronology, foreign keys still hold, and concerns can be stored.
#[tokio::test]
async fn upgrading_keeps_every_report_and_its_chronology() {
    use kite_server::storage::Store;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("kite.db").display());
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.path().join("kite.db"))
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    // The schema as it was before this change.
    let mut before = sqlx::migrate!("./migrations/sqlite");
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version < 10)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    before.run(&pool).await.unwrap();
    for sql in [
        "INSERT INTO devices (id, name, token_sha256, created_at_ms) VALUES (1, 'Class 3 tablet', x'01', 0)",
        "INSERT INTO staff (id, email, name, role, password_hash, created_at_ms) VALUES (1, 'dsl@s', 'Mrs Khan', 'dsl', 'x', 0)",
        "INSERT INTO reports (id, device_id, received_at_ms, urgent, what, status, payload, category)
         VALUES ('7d4c0d5e-2f5b-4c8e-9a31-3f3c1d2b0a11', 1, 5, 1, 'unkind', 'in_progress', '{}', 'bullying')",
        "INSERT INTO report_events (report_id, at_ms, staff_id, staff_name, kind, detail)
         VALUES ('7d4c0d5e-2f5b-4c8e-9a31-3f3c1d2b0a11', 6, 1, 'Mrs Khan', 'status', 'New -> In progress')",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;

    let storage = Store::open(&url).await.expect("migration 10 applies");
    let id = "7d4c0d5e-2f5b-4c8e-9a31-3f3c1d2b0a11";
    let kept = storage
        .report(id)
        .await
        .unwrap()
        .expect("the report is kept");
    assert_eq!(kept.row.device_name, "Class 3 tablet");
    assert!(kept.row.urgent);
    assert_eq!(storage.report_events(id).await.unwrap().len(), 1);
    storage
        .store_parent_concern(uuid::Uuid::new_v4(), false, "{}", 7)
        .await
        .unwrap();
    let all = storage
        .list_reports(&kite_server::storage::ReportFilter::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 2);

    // The chronology still needs its report.
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let orphan = sqlx::query(
        "INSERT INTO report_events (report_id, at_ms, staff_id, staff_name, kind, detail)
         VALUES ('no-such-report', 8, 1, 'Mrs Khan', 'status', 'x')",
    )
    .execute(&pool)
    .await;
    assert!(orphan.is_err(), "foreign keys hold after the rebuild");
    let fk: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(fk.is_empty(), "{fk:?}");
}

#[tokio::test]
async fn letters_carry_the_public_address_not_the_one_the_teacher_used() {
    let s = TestServer::spawn_with(Options {
        configure: |c| c.public_url = Some("http://kite.school.example/".into()),
        ..Options::default()
    })
    .await;
    let db = ClassFixture::open(&s).await;
    let class = db.class("Hedgehogs", "ks1").await;
    db.pupil(class, "Amira", "B").await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let admin = s.session_for(admin.id).await;
    // Printed from a laptop that reached the server at 127.0.0.1.
    let r = admin
        .send(
            Method::POST,
            &format!("/staff/classes/{class}/parent-letters"),
        )
        .header("origin", s.url.as_str())
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let l: ParentLetters = r.json().await.unwrap();
    assert_eq!(l.address, "http://kite.school.example/parents");
    let letter = &l.letters[0];
    assert_eq!(
        letter.link,
        format!("http://kite.school.example/parents#code={}", letter.code)
    );
    assert!(!letter.link.contains("127.0.0.1"));
    // The QR code beside it is drawn by the server, of the same link.
    assert!(letter.qr_svg.contains("<svg"), "{}", letter.qr_svg);
    assert_eq!(letter.qr_svg, kite_server::qr::svg(&letter.link));
}

mod families;
