//! Several schools on one server: Oak and Elm, and the trust, picked by host name. Oak's
//! credentials (staff cookies and CSRF tokens of every role, its tablet's token, a parent's
//! session and code, an enrolment code) and the ids of Oak's records (pupils' reports, staff
//! concerns, referrals, chronology entries), classes, pupils, accounts and photos are tried on
//! every route of the staff table, the parents' table and the tablet routes at Elm's host:
//! nothing succeeds, nothing of Oak's shows in Elm's lists, and neither school's data changes.
//! The trust reads counts of both and nothing that names anyone.

use kite_protocol::lesson_record::{LessonRecord, TaughtBy};
use kite_protocol::oversight::Count;
use kite_protocol::parents::{ParentLetters, ParentSessionInfo};
use kite_protocol::report::{Report, WhatHappened};
use kite_protocol::sealed::{seal, PublicKey};
use kite_protocol::staff::{EnrolmentCode, ReportList, Role};
use kite_protocol::sync::{ItemKind, SyncBatch, SyncItem, SyncResponse};
use kite_protocol::trust::TrustOverview;
use kite_protocol::Band;
use kite_server::auth::device_token::enrol;
use kite_server::schools::{Directory, OpenSchool};
use kite_server::state::AppState;
use reqwest::{Method, StatusCode};
use uuid::Uuid;

use crate::helpers::{
    add_staff_in, config_for, cookie_of, device_public_key, report, sealed_item, session_in,
    Running, StaffClient, StaffLogin, TestDatabase,
};
use crate::record_seed::{self, Concern};

const OAK: &str = "oak.test";
const ELM: &str = "elm.test";
const TRUST: &str = "trust.test";
/// The server's public address: each school is reached at its own host on it.
const PUBLIC_URL: &str = "http://kite.acorn.example:8080";

/// One server with Oak, Elm and the trust; a client that resolves their hosts to it.
struct Trust {
    port: u16,
    client: reqwest::Client,
    schools: Vec<OpenSchool>,
    _data_dir: tempfile::TempDir,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl Trust {
    async fn spawn() -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let mut directory = Directory::default();
        directory
            .put_school("oak", "Oak Primary", &[OAK.into()])
            .unwrap();
        directory
            .put_school(
                "elm",
                "Elm Primary",
                &[format!("{}:8080", ELM.to_uppercase())],
            )
            .unwrap();
        directory
            .set_trust("Acorn Learning Trust", &[TRUST.into()])
            .unwrap();
        directory
            .save(&data_dir.path().join("schools.toml"))
            .unwrap();
        // Oak and Elm are SQLite files in the data dir, whatever the tests run on.
        let mut config = config_for(data_dir.path(), &TestDatabase::sqlite());
        config.public_url = Some(PUBLIC_URL.into());
        let running = Running::start(&config).await;
        let client = running.client_for([OAK, ELM, TRUST, "ash.test"]);
        let (port, schools, tx) = (running.port, running.schools, running.shutdown);
        Self {
            port,
            client,
            schools,
            _data_dir: data_dir,
            _shutdown: tx,
        }
    }

    fn url(&self, host: &str) -> String {
        format!("http://{host}:{}", self.port)
    }

    /// A pool of its own on a school's database, for seeding what no route of this test writes.
    async fn db(&self, slug: &str) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        let url =
            kite_server::schools::database::school_database_url(None, self._data_dir.path(), slug);
        sqlx::AnyPool::connect(&url).await.unwrap()
    }

    fn state(&self, slug: &str) -> AppState {
        self.schools
            .iter()
            .find(|s| s.slug == slug)
            .unwrap()
            .state
            .clone()
    }
}

/// What a school was seeded with, and every credential and id of it.
struct Seeded {
    url: String,
    state: AppState,
    staff: Vec<(Role, StaffLogin)>,
    token: String,
    key: PublicKey,
    class_id: kite_server::ids::ClassId,
    pupil_id: kite_server::ids::PupilId,
    report_ids: Vec<String>,
    /// A staff concern about the pupil, with a referral and a chronology entry.
    concern_id: String,
    referral_id: i64,
    event_id: i64,
    db: sqlx::AnyPool,
    parent_code: String,
    parent_cookie: String,
    parent_csrf: String,
    enrolment_code: String,
    photo_path: String,
    filter_change_id: i64,
    filtering_file_id: i64,
    training_file_id: i64,
    training_document_id: i64,
    /// News for every family with a picture, whose ids the other school must not open.
    news_id: i64,
    news_picture_id: i64,
    /// A staff survey, open today.
    survey_id: i64,
    /// Words, names and ids that must never reach the trust or the other school.
    secrets: Vec<String>,
}

fn of(staff: &[(Role, StaffLogin)], role: Role) -> &StaffLogin {
    &staff.iter().find(|(r, _)| *r == role).unwrap().1
}

impl Seeded {
    fn staff(&self, role: Role) -> &StaffLogin {
        of(&self.staff, role)
    }

    async fn session(&self, t: &Trust, role: Role) -> StaffClient {
        session_in(
            &self.state.storage,
            &self.url,
            &t.client,
            self.staff(role).id,
        )
        .await
    }
}

async fn sync(t: &Trust, url: &str, token: &str, items: Vec<SyncItem>) -> reqwest::Response {
    t.client
        .post(format!("{url}/api/v1/sync"))
        .bearer_auth(token)
        .json(&SyncBatch::new(items))
        .send()
        .await
        .unwrap()
}

/// A school with staff of every role, a class with a pupil, a tablet that sent `reports`
/// reports and a lesson, a parent signed in with a letter's code who raised a concern, `concerns`
/// staff concerns about the pupil (each read by the DSL an hour later and referred to the
/// police, the parents told of the first), a trusted adult's photo and an unused enrolment code.
async fn seed(
    t: &Trust,
    slug: &str,
    host: &str,
    who: &str,
    reports: usize,
    concerns: usize,
) -> Seeded {
    let url = t.url(host);
    let state = t.state(slug);
    let storage = &state.storage;
    let mut staff = Vec::new();
    // Every role a school's staff can have (the trust's role lives only in the trust).
    for role in Role::ALL.into_iter().filter(|r| *r != Role::Trust) {
        let email = format!("{}.{who}@{slug}.example", role.as_str());
        staff.push((role, add_staff_in(storage, &email, role).await));
    }
    let class_name = format!("{who}'s Hedgehogs");
    let class_id = storage
        .create_class(&class_name, Band::Ks1, 1)
        .await
        .unwrap()
        .unwrap();
    storage
        .add_class_teacher(class_id, of(&staff, Role::Teacher).id)
        .await
        .unwrap();
    let pupil_name = format!("{who}pupil");
    let pupil =
        kite_protocol::classes::check_pupil_name(&pupil_name, "Q").expect("a good pupil name");
    let pupil_id = storage.add_pupils(class_id, &[pupil], 1).await.unwrap()[0].unwrap();
    let device_name = format!("{who}'s tablet");
    let (_, token) = enrol(storage, &device_name).await.unwrap();
    let key = device_public_key(&t.client, &url, &token).await;

    let words = format!("{who} keeps messaging me about the park");
    let mut items = Vec::new();
    for _ in 0..reports {
        let r = Report {
            words: Some(words.clone()),
            ..report(WhatHappened::SomeoneWasUnkind)
        };
        items.push(sealed_item(&key, &r));
    }
    let lesson = LessonRecord {
        lesson_id: "ks1-kind-online".into(),
        band: Band::Ks1,
        class_label: Some(class_name.clone()),
        class_id: None,
        by: TaughtBy::Teacher,
        completed_at_ms: kite_server::clock::now_ms(),
    };
    items.push(SyncItem {
        id: Uuid::new_v4(),
        kind: ItemKind::LessonDone,
        sealed: seal(&key, &serde_json::to_vec(&lesson).unwrap()).unwrap(),
        answer_code: None,
    });
    let report_ids: Vec<String> = items[..reports].iter().map(|i| i.id.to_string()).collect();
    let r = sync(t, &url, &token, items).await;
    assert_eq!(r.status(), 200);
    let acks: SyncResponse = r.json().await.unwrap();
    assert_eq!(acks.acks.len(), reports + 1);

    let admin = session_in(storage, &url, &t.client, of(&staff, Role::Admin).id).await;
    let letters: ParentLetters = admin
        .send(
            Method::POST,
            &format!("/staff/classes/{class_id}/parent-letters"),
        )
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let parent_code = letters.letters[0].code.clone();
    let r = t
        .client
        .post(format!("{url}/api/v1/parents/session"))
        .json(&serde_json::json!({ "code": parent_code }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let parent_cookie = cookie_of(&r);
    let parent_csrf = r.json::<ParentSessionInfo>().await.unwrap().csrf_token;
    let parent_name = format!("{who} Parentname");
    let concern_words = format!("{who} worries about a group chat");
    let r = t
        .client
        .post(format!("{url}/api/v1/parents/concern"))
        .header("cookie", &parent_cookie)
        .header("x-csrf-token", &parent_csrf)
        .json(&serde_json::json!({ "text": concern_words, "parent_name": parent_name }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let r = admin
        .send(Method::POST, "/staff/school/photos")
        .header("content-type", "image/png")
        .body(photo_bytes(who))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let photo_path = r.json::<serde_json::Value>().await.unwrap()["path"]
        .as_str()
        .unwrap()
        .to_string();
    // A filter change and a test certificate, whose ids the other school must not open.
    let r = admin
        .send(Method::POST, "/staff/filtering/changes")
        .json(&serde_json::json!({ "action": "block", "site": format!("{who}.example"), "reason": "Asked by the class teacher" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let filter_change_id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = admin
        .send(Method::POST, "/staff/filtering/files")
        .body(format!("%PDF-1.4\n% {who}'s filtering certificate\n").into_bytes())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let filtering_file_id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    // A policy published as a PDF, whose file and document the other school must not open.
    let r = admin
        .send(Method::POST, "/staff/training/files")
        .body(format!("%PDF-1.4\n% {who}'s online safety policy\n").into_bytes())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let training_file_id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = admin
        .send(Method::POST, "/staff/training/documents")
        .json(&serde_json::json!({ "title": "Online safety policy", "file_id": training_file_id }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let training_document_id = r.json::<serde_json::Value>().await.unwrap()["documents"][0]["id"]
        .as_i64()
        .unwrap();
    let r = admin
        .send(Method::POST, "/staff/parents-news/pictures")
        .body(photo_bytes(who))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let news_picture_id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let news_title = format!("{who}'s summer fair");
    let r = admin
        .send(Method::POST, "/staff/parents-news")
        .json(
            &serde_json::json!({ "kind": "news", "title": news_title, "text": "Come along.",
            "picture_id": news_picture_id, "picture_alt": "The school field" }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let news_id = r.json::<serde_json::Value>().await.unwrap()["post"]["id"]
        .as_i64()
        .unwrap();
    // A staff survey, whose results and answers the other school must not reach.
    let today = crate::helpers::today();
    let mut survey =
        kite_protocol::survey::template(kite_protocol::survey::Audience::Staff, &today, &today);
    survey.title = format!("{who}'s staff survey");
    let r = admin
        .send(Method::POST, "/staff/surveys")
        .json(&survey)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let survey_id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let enrolment_code = admin
        .send(Method::POST, "/staff/enrolment-codes")
        .send()
        .await
        .unwrap()
        .json::<EnrolmentCode>()
        .await
        .unwrap()
        .code;

    let db = t.db(slug).await;
    let staff_words = format!("{who} saw a worrying chat on a laptop");
    let dsl = of(&staff, Role::Dsl).id;
    let mut concern_ids = Vec::new();
    // The trust is shown calendar months: everything falls in this one, even on its first day.
    let now = kite_server::clock::now_ms();
    let month_start =
        kite_server::calendar::start_ms(kite_server::calendar::date(now).replace_day(1).unwrap());
    for n in 0..concerns {
        let at_ms = (now - 3_600_000 * (n as i64 + 2)).max(month_start);
        let id = record_seed::concern(
            &db,
            &Concern {
                what_happened: &staff_words,
                pupils: &[(pupil_id, "affected")],
                ..Concern::new(at_ms, "monitoring_alert", of(&staff, Role::Teacher).id)
            },
        )
        .await;
        record_seed::read(&db, &id, dsl, at_ms + 3_600_000).await;
        let two_days_ago = (now - 2 * 86_400_000).max(month_start);
        let on = kite_server::calendar::iso_date(two_days_ago);
        record_seed::referral(&db, &id, "police", &on, dsl).await;
        concern_ids.push(id);
    }
    let concern_id = concern_ids.first().cloned().unwrap_or_default();
    if let Some(first) = concern_ids.first() {
        record_seed::parents_told(&db, first, Some("2026-09-02"), dsl).await;
    }
    let referral_id: i64 = sqlx::query_scalar("SELECT COALESCE(MIN(id), 0) FROM referrals")
        .fetch_one(&db)
        .await
        .unwrap();
    let dsl_session = session_in(storage, &url, &t.client, dsl).await;
    if let Some(report_id) = report_ids.first() {
        let r = dsl_session
            .send(Method::POST, &format!("/staff/reports/{report_id}/actions"))
            .json(&serde_json::json!({ "action_type": "spoke_with_pupil", "detail": "Spoke with the class" }))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
    }
    let event_id: i64 = sqlx::query_scalar("SELECT COALESCE(MIN(id), 0) FROM report_events")
        .fetch_one(&db)
        .await
        .unwrap();

    let mut secrets = vec![
        words,
        concern_words,
        staff_words,
        parent_name,
        class_name,
        pupil_name,
        device_name,
        parent_code.clone(),
        token.clone(),
        news_title,
    ];
    for (_, s) in &staff {
        secrets.push(s.email.clone());
    }
    secrets.extend(report_ids.iter().cloned());
    secrets.extend(concern_ids);
    secrets.push(format!("{who}'s staff survey"));
    Seeded {
        url,
        state,
        staff,
        token,
        key,
        class_id,
        pupil_id,
        report_ids,
        concern_id,
        referral_id,
        event_id,
        db,
        parent_code,
        parent_cookie,
        parent_csrf,
        enrolment_code,
        photo_path,
        filter_change_id,
        filtering_file_id,
        training_file_id,
        training_document_id,
        news_id,
        news_picture_id,
        survey_id,
        secrets,
    }
}

/// A trusted adult's photo, different for each school.
fn photo_bytes(who: &str) -> Vec<u8> {
    [b"\x89PNG\r\n\x1a\n".as_slice(), who.as_bytes()].concat()
}

/// Everything a school keeps that a request could change, as text to compare.
async fn snapshot(seeded: &Seeded) -> String {
    let s = &seeded.state.storage;
    // The record's tables no listing above shows whole, row by row.
    let mut record = String::new();
    for (table, columns) in [
        ("report_pupils", "report_id, pupil_id, involvement, reason"),
        ("report_reads", "report_id, staff_id, first_read_at_ms"),
        (
            "referrals",
            "id, report_id, agency, referred_on, reference, result",
        ),
        ("parents_informed", "id, report_id, informed, who, why_not"),
        (
            "report_events",
            "id, report_id, kind, detail, owner_id, due_on, refers_to",
        ),
        (
            "reports",
            "id, status, category, outcome, outcome_reason, not_referred_reason",
        ),
    ] {
        let sql = format!("SELECT {columns} FROM {table} ORDER BY 1, 2");
        for row in sqlx::query(&sql).fetch_all(&seeded.db).await.unwrap() {
            use sqlx::Row;
            let cells: Vec<String> = (0..row.len())
                .map(|i| {
                    row.try_get::<Option<String>, _>(i)
                        .map(|v| format!("{v:?}"))
                        .or_else(|_| row.try_get::<Option<i64>, _>(i).map(|v| format!("{v:?}")))
                        .or_else(|_| row.try_get::<Option<bool>, _>(i).map(|v| format!("{v:?}")))
                        .unwrap_or_else(|e| panic!("{table} column {i}: {e}"))
                })
                .collect();
            record.push_str(&format!("{table}: {}\n", cells.join(", ")));
        }
    }
    let mut classes = Vec::new();
    for c in s.list_classes().await.unwrap() {
        classes.push((c.clone(), s.class_pupils(c.id).await.unwrap()));
    }
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{record}",
        s.report_summaries().await.unwrap(),
        s.lesson_records().await.unwrap(),
        s.list_staff().await.unwrap(),
        s.list_devices().await.unwrap(),
        classes,
        s.list_audit(10_000, None).await.unwrap(),
        s.school_profile().await.unwrap(),
        s.surveys().await.unwrap(),
    )
}

/// Every `{…}` parameter filled with Oak's id of the kind the segment before it names
/// (`/reports/{id}` a report, `/pupils/{id}` a pupil…). A parameter of a kind not listed fails
/// the test: a new route needs Oak's id of that kind here, or its refusal at Elm proves nothing.
fn with_ids(path: &str, oak: &Seeded, staff_id: kite_server::ids::StaffId) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    segments
        .iter()
        .enumerate()
        .map(|(i, segment)| {
            if !(segment.starts_with('{') && segment.ends_with('}')) {
                return segment.to_string();
            }
            let owner = if i > 0 { segments[i - 1] } else { "" };
            match (owner, *segment) {
                (_, "{kind}") => "pupil".to_string(),
                ("reports" | "records" | "concerns", _) => {
                    if path.contains("/concerns/") {
                        oak.concern_id.clone()
                    } else {
                        oak.report_ids[0].clone()
                    }
                }
                ("pupils" | "children", _) => oak.pupil_id.to_string(),
                ("accounts" | "staff", _) => staff_id.to_string(),
                ("devices", _) => "1".to_string(),
                ("photos", _) => oak.photo_path.rsplit('/').next().unwrap().to_string(),
                ("classes", _) => oak.class_id.to_string(),
                ("referrals", _) => oak.referral_id.to_string(),
                // Oak's report is tried first, so the answer's number is never reached.
                ("answers", _) => "1".to_string(),
                ("changes", _) => oak.filter_change_id.to_string(),
                ("files", _) if path.starts_with("/staff/training/") => {
                    oak.training_file_id.to_string()
                }
                ("files", _) => oak.filtering_file_id.to_string(),
                ("documents", _) => oak.training_document_id.to_string(),
                ("parents-news", _) => oak.news_id.to_string(),
                ("pictures", _) => oak.news_picture_id.to_string(),
                ("surveys", _) => oak.survey_id.to_string(),
                ("procedures", _) => "nudes".to_string(),
                // The authority's directory: never answered at a school's host.
                ("schools", _) => "oak".to_string(),
                // No concern about an adult is seeded: Elm must refuse before it looks.
                ("adult-concerns", _) => "7d4c0d5e-2f5b-4c8e-9a31-3f3c1d2b0a11".to_string(),
                ("actions" | "events" | "entries" | "notes" | "corrections", _) => {
                    oak.event_id.to_string()
                }
                _ => panic!(
                    "{path}: which of Oak's ids goes in {segment} after /{owner}/? Add it to \
                     with_ids so Elm is tried with it"
                ),
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A body fit for each route, carrying Oak's credentials where a route takes them.
fn body_for(path: &str, oak: &Seeded, who: Option<&StaffLogin>) -> serde_json::Value {
    match path {
        "/staff/login" => {
            let who = who.unwrap_or(oak.staff(Role::Dsl));
            serde_json::json!({ "email": who.email, "password": who.password })
        }
        "/parents/session" => serde_json::json!({ "code": oak.parent_code }),
        "/device/enrol" => serde_json::json!({ "code": oak.enrolment_code, "name": "Oak tablet" }),
        "/sync" => serde_json::to_value(SyncBatch::new(vec![sealed_item(
            &oak.key,
            &report(WhatHappened::SomeoneWasUnkind),
        )]))
        .unwrap(),
        _ => serde_json::json!({}),
    }
}

/// Nothing a request at Elm's host did with Oak's credentials may succeed. The only success
/// allowed is "who is signed in?" answering nobody.
async fn assert_refused(r: reqwest::Response, what: &str) {
    let status = r.status();
    // Whether Elm shows the school-account button is Elm's own, public answer (Elm has set
    // none up), nothing of Oak's.
    if what.ends_with("GET /staff/oidc") && status == StatusCode::OK {
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body, serde_json::json!({ "enabled": false }), "{what}");
        return;
    }
    let asks_who = what.ends_with("GET /staff/session") || what.ends_with("GET /parents/session");
    if asks_who && status == StatusCode::OK {
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            body,
            serde_json::Value::Null,
            "{what} answered as signed in"
        );
        return;
    }
    assert!(
        status.is_client_error(),
        "{what}: {status}, expected a refusal"
    );
}

#[tokio::test]
async fn oaks_credentials_and_ids_open_nothing_at_elm_and_the_trust_sees_only_counts() {
    let t = Trust::spawn().await;
    let oak = seed(&t, "oak", OAK, "Oakley", 4, 4).await;
    let elm = seed(&t, "elm", ELM, "Elmira", 3, 1).await;
    let trust_state = t.state("trust");
    let trust_account = add_staff_in(&trust_state.storage, "ceo@acorn.example", Role::Trust).await;
    let before = (snapshot(&oak).await, snapshot(&elm).await);

    // Every staff route, with a session of each of Oak's roles, at Elm's host.
    let staff_routes = kite_server::http::staff::routes();
    for route in &staff_routes {
        let method = Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
        for (role, who) in &oak.staff {
            let c = oak.session(&t, *role).await;
            let path = with_ids(route.path, &oak, who.id);
            let r = t
                .client
                .request(method.clone(), format!("{}/api/v1{path}", elm.url))
                .header("cookie", &c.cookie)
                .header("x-csrf-token", &c.csrf)
                .json(&body_for(route.path, &oak, Some(who)))
                .send()
                .await
                .unwrap();
            assert_refused(
                r,
                &format!("Oak's {role:?} at Elm: {method} {}", route.path),
            )
            .await;
        }
    }

    // Every parents' route with Oak's parent's session and code.
    for route in kite_server::http::parents::routes() {
        let method = Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
        let r = t
            .client
            .request(
                method.clone(),
                format!(
                    "{}/api/v1{}",
                    elm.url,
                    with_ids(route.path, &oak, kite_server::ids::StaffId(1))
                ),
            )
            .header("cookie", &oak.parent_cookie)
            .header("x-csrf-token", &oak.parent_csrf)
            .json(&body_for(route.path, &oak, None))
            .send()
            .await
            .unwrap();
        assert_refused(r, &format!("Oak's parent at Elm: {method} {}", route.path)).await;
    }

    // Every tablet route (and a photo by Oak's id) with Oak's tablet token.
    for (m, path) in crate::helpers::documented_routes() {
        if path.starts_with("/staff/") || path.starts_with("/parents/") {
            continue; // walked above
        }
        if matches!(path.as_str(), "/health" | "/openapi.json" | "/photos/{id}") {
            continue; // the same public answer for every school; photos are below
        }
        let method = Method::from_bytes(m.as_bytes()).unwrap();
        let path = with_ids(&path, &oak, kite_server::ids::StaffId(1));
        let r = t
            .client
            .request(method.clone(), format!("{}/api/v1{path}", elm.url))
            .query(&[("class", format!("{}", oak.class_id))])
            .bearer_auth(&oak.token)
            .json(&body_for(&path, &oak, None))
            .send()
            .await
            .unwrap();
        assert_refused(r, &format!("Oak's tablet at Elm: {method} {path}")).await;
    }
    // Photos are for each school's own tablets and numbered per school: Oak's photo's path at
    // Elm's host, with Elm's token, is Elm's own photo, never Oak's; Oak's token opens nothing there.
    assert_eq!(oak.photo_path, elm.photo_path, "both schools' first photo");
    let photo = |url: &str, token: &str| {
        let client = t.client.clone();
        let url = format!("{url}{}", oak.photo_path);
        let token = token.to_string();
        async move { client.get(url).bearer_auth(token).send().await.unwrap() }
    };
    let bytes = |r: reqwest::Response| async move { r.bytes().await.unwrap() };
    assert_eq!(
        bytes(photo(&oak.url, &oak.token).await).await.as_ref(),
        photo_bytes("Oakley")
    );
    assert_eq!(
        bytes(photo(&elm.url, &elm.token).await).await.as_ref(),
        photo_bytes("Elmira")
    );
    assert_eq!(photo(&elm.url, &oak.token).await.status(), 401);
    let r = t
        .client
        .get(format!("{}/api/v1/photos/999", elm.url))
        .bearer_auth(&elm.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // The school's news is each school's own: Elm's parents read Elm's post and picture, and
    // Oak's picture's number at Elm is Elm's picture, never Oak's.
    let elm_news = t
        .client
        .get(format!("{}/api/v1/parents/news", elm.url))
        .header("cookie", &elm.parent_cookie)
        .send()
        .await
        .unwrap();
    let elm_news: Vec<serde_json::Value> = elm_news.json().await.unwrap();
    let titles: Vec<&str> = elm_news
        .iter()
        .filter_map(|p| p["title"].as_str())
        .collect();
    assert_eq!(titles, ["Elmira's summer fair"]);
    assert_eq!(
        oak.news_picture_id, elm.news_picture_id,
        "both schools' first"
    );
    let r = t
        .client
        .get(format!(
            "{}/api/v1/parents/news/pictures/{}",
            elm.url, oak.news_picture_id
        ))
        .header("cookie", &elm.parent_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.bytes().await.unwrap().as_ref(), photo_bytes("Elmira"));

    // Oak's staff signing in at Elm with their own (right) passwords.
    for (_, who) in &oak.staff {
        let r = t
            .client
            .post(format!("{}/api/v1/staff/login", elm.url))
            .json(&body_for("/staff/login", &oak, Some(who)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{} signed in at Elm", who.email);
    }

    // Neither school changed.
    assert_eq!(snapshot(&oak).await, before.0, "Oak's data changed");
    assert_eq!(snapshot(&elm).await, before.1, "Elm's data changed");

    // Elm's own staff see Elm's reports, tablets and classes, never Oak's.
    let elm_dsl = elm.session(&t, Role::Dsl).await;
    let list: ReportList = elm_dsl.json("/staff/reports").await;
    let mut ids: Vec<String> = list.reports.iter().map(|r| r.id.clone()).collect();
    ids.sort();
    let mut expected: Vec<String> = elm.report_ids.clone();
    let concern_ids: Vec<String> = elm
        .state
        .storage
        .report_summaries()
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.device_id == kite_server::ids::DeviceId(0))
        .map(|s| s.id)
        .collect();
    expected.extend(concern_ids);
    expected.sort();
    assert_eq!(ids, expected);
    for id in &oak.report_ids {
        let r = elm_dsl
            .get(&format!("/staff/reports/{id}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "Elm's DSL opened Oak's report {id}");
    }
    let elm_admin = elm.session(&t, Role::Admin).await;
    let lists = [
        (&elm_dsl, "/staff/reports"),
        (
            &elm_dsl,
            "/staff/reports/export.csv?from_ms=0&to_ms=99999999999999",
        ),
        (&elm_dsl, "/staff/audit"),
        (&elm_admin, "/staff/devices"),
        (&elm_admin, "/staff/classes"),
        (&elm_admin, "/staff/accounts"),
        (&elm_admin, "/staff/school"),
        // The concern form's picker finds Elm's pupils only.
        (&elm_admin, "/staff/concerns/pupils?q=oakleypupil"),
        // So do the DSL's home and the DSL's finder of children's records.
        (&elm_dsl, "/staff/dsl-home"),
        (&elm_dsl, "/staff/pupils?q=oakleypupil"),
    ];
    for (who, path) in lists {
        let text = who.get(path).send().await.unwrap().text().await.unwrap();
        for secret in &oak.secrets {
            assert!(
                !text.contains(secret),
                "Elm's {path} shows Oak's {secret:?}"
            );
        }
    }

    // The trust signs in at its own host only, and reads counts of both schools.
    // With the two-step code from the trust account's app (turned on in the trust's store).
    let trust_code = crate::helpers::fresh_totp_code(
        &trust_state.storage,
        trust_account.id,
        trust_account.totp_secret.as_deref().unwrap(),
    )
    .await;
    let sign_in = |url: String, who: &StaffLogin| {
        let body = serde_json::json!({
            "email": who.email, "password": who.password, "totp_code": trust_code,
        });
        let client = t.client.clone();
        async move {
            client
                .post(format!("{url}/api/v1/staff/login"))
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(sign_in(oak.url.clone(), &trust_account).await.status(), 401);
    assert_eq!(
        sign_in(t.url(TRUST), oak.staff(Role::Dsl)).await.status(),
        401
    );
    let r = sign_in(t.url(TRUST), &trust_account).await;
    assert_eq!(r.status(), 200);
    let cookie = cookie_of(&r);
    // Dates of the trust's own choosing, and terms (its schools keep different term dates), are
    // refused: it is offered calendar months.
    let ask = |query: String| {
        t.client
            .get(format!(
                "{}/api/v1/staff/trust/overview?{query}",
                t.url(TRUST)
            ))
            .header("cookie", &cookie)
            .send()
    };
    for refused in [
        format!("from_ms=0&to_ms={}", kite_server::clock::now_ms() + 60_000),
        "period=2026-27/autumn".into(),
    ] {
        assert_eq!(
            ask(refused.clone()).await.unwrap().status(),
            400,
            "{refused}"
        );
    }
    let today = kite_server::calendar::date(kite_server::clock::now_ms());
    let overview = format!(
        "{}/api/v1/staff/trust/overview?period={}-{:02}",
        t.url(TRUST),
        today.year(),
        u8::from(today.month())
    );
    let r = t
        .client
        .get(&overview)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let raw = r.text().await.unwrap();
    for secret in oak.secrets.iter().chain(&elm.secrets) {
        assert!(!raw.contains(secret.as_str()), "the trust sees {secret:?}");
    }
    let o: TrustOverview = serde_json::from_str(&raw).unwrap();
    assert_eq!(o.trust_name, "Acorn Learning Trust");
    let names: Vec<&str> = o.schools.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Oak Primary", "Elm Primary"]);
    assert_eq!(o.schools[0].reports, Count::Exact(4));
    assert_eq!(o.schools[1].reports, Count::Exact(3));
    assert_eq!(o.totals.reports, Count::Exact(7));
    // One concern each: "fewer than 3", and the total of 2 too.
    assert_eq!(o.schools[0].parent_concerns, Count::FewerThanThree);
    assert_eq!(o.totals.parent_concerns, Count::FewerThanThree);
    // Staff concerns, all from monitoring alerts and each referred to the police and read an
    // hour after it arrived: Oak 4, Elm 1. Elm's 1 is hidden, and so is Oak's 4, which would
    // give it away beside the trust's 5.
    let alerts = |f: &kite_protocol::trust::SchoolFigures| {
        f.staff_concerns_by_source
            .iter()
            .find(|x| x.key == "monitoring_alert")
            .unwrap()
            .count
    };
    let police = |f: &kite_protocol::trust::SchoolFigures| {
        f.referrals_by_agency
            .iter()
            .find(|x| x.key == "police")
            .unwrap()
            .count
    };
    for school in &o.schools {
        assert_eq!(
            school.staff_concerns,
            Count::FewerThanThree,
            "{}",
            school.name
        );
        assert_eq!(alerts(school), Count::FewerThanThree, "{}", school.name);
        assert_eq!(school.referrals, Count::FewerThanThree, "{}", school.name);
        assert_eq!(police(school), Count::FewerThanThree, "{}", school.name);
        assert_eq!(
            school.read_within_a_working_day,
            Count::FewerThanThree,
            "{}",
            school.name
        );
    }
    assert_eq!(o.totals.staff_concerns, Count::Exact(5));
    assert_eq!(alerts(&o.totals), Count::Exact(5));
    assert_eq!(o.totals.referrals, Count::Exact(5));
    assert_eq!(police(&o.totals), Count::Exact(5));
    assert_eq!(o.totals.read_within_a_working_day, Count::Exact(5));
    assert_eq!(o.schools[0].median_hours_to_first_read, Some(1.0));
    assert_eq!(o.schools[1].median_hours_to_first_read, None);
    assert_eq!(o.totals.median_hours_to_first_read, Some(1.0));
    let audit = trust_state.storage.list_audit(10, None).await.unwrap();
    assert!(audit
        .iter()
        .any(|e| e.action == "view_trust_overview" && e.staff_email == trust_account.email));

    // The trust's cookie opens nothing at a school, a school's nothing at the trust's host.
    let r = t
        .client
        .get(format!("{}/api/v1/staff/reports", oak.url))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let oak_dsl = oak.session(&t, Role::Dsl).await;
    let r = t
        .client
        .get(&overview)
        .header("cookie", &oak_dsl.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // A school's DSL at the school's own host is refused the trust route.
    let r = oak_dsl
        .get("/staff/trust/overview?period=2026-10")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

/// A picture code means something only on its own school's tablets: Elm's tablet asking with
/// Oak's code gets the same "no answer" as any wrong code, and Oak's tablet token is refused at
/// Elm.
#[tokio::test]
async fn a_childs_picture_code_finds_its_answer_only_at_its_own_school() {
    use kite_protocol::answer::{AnswerCode, AnswerReply, ANSWER_TEMPLATES};
    let t = Trust::spawn().await;
    let code = AnswerCode([5, 6, 7, 8]);
    let mut tablets = Vec::new();
    for (slug, host) in [("oak", OAK), ("elm", ELM)] {
        let storage = &t.state(slug).storage;
        let (_, token) = enrol(storage, "Class tablet").await.unwrap();
        let key = device_public_key(&t.client, &t.url(host), &token).await;
        let mut item = sealed_item(&key, &report(WhatHappened::SomeoneWasUnkind));
        item.answer_code = Some(code);
        assert_eq!(
            sync(&t, &t.url(host), &token, vec![item.clone()])
                .await
                .status(),
            200
        );
        tablets.push((slug, host, token, item.id.to_string()));
    }
    // Only Oak's DSL answers: the same four pictures at Elm are another child's, unanswered.
    let (_, _, _, oak_report) = &tablets[0];
    let oak = t.state("oak");
    let dsl = add_staff_in(&oak.storage, "dsl@oak.example", Role::Dsl).await;
    let c = session_in(&oak.storage, &t.url(OAK), &t.client, dsl.id).await;
    let r = c
        .send(Method::POST, &format!("/staff/reports/{oak_report}/answer"))
        .json(&serde_json::json!({ "message": ANSWER_TEMPLATES[0] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let ask = |host: &str, token: &str| {
        t.client
            .post(format!("{}/api/v1/device/answer", t.url(host)))
            .bearer_auth(token)
            .json(&serde_json::json!({ "code": code }))
            .send()
    };
    let seen = |r: reqwest::Response| async move {
        assert_eq!(r.status(), 200);
        r.json::<AnswerReply>().await.unwrap().answer
    };
    let (oak_token, elm_token) = (&tablets[0].2, &tablets[1].2);
    assert_eq!(
        seen(ask(OAK, oak_token).await.unwrap()).await.as_deref(),
        Some(ANSWER_TEMPLATES[0])
    );
    assert_eq!(seen(ask(ELM, elm_token).await.unwrap()).await, None);
    let r = ask(ELM, oak_token).await.unwrap();
    assert_eq!(r.status(), 401, "Oak's tablet is no tablet at Elm");
    // Each school keeps its own keyed hash: the same pictures hash differently at each.
    let oak_hash = oak.storage.answer_code_hash(oak_report).await.unwrap();
    let elm_hash = t
        .state("elm")
        .storage
        .answer_code_hash(&tablets[1].3)
        .await
        .unwrap();
    assert!(oak_hash.is_some() && elm_hash.is_some());
    assert_ne!(oak_hash, elm_hash);
}

#[tokio::test]
async fn an_unknown_host_is_a_plain_404_never_another_school() {
    let t = Trust::spawn().await;
    for url in [t.url("ash.test"), format!("http://127.0.0.1:{}", t.port)] {
        for path in ["/", "/api/v1/health", "/staff", "/api/v1/staff/session"] {
            let r = t.client.get(format!("{url}{path}")).send().await.unwrap();
            assert_eq!(r.status(), 404, "{url}{path}");
            let text = r.text().await.unwrap();
            assert!(
                text.contains("No school on this server has this address"),
                "{text}"
            );
        }
    }
    // The hosts in the file answer, whatever their case and port.
    for host in [OAK, "ELM.test", TRUST] {
        let r = t
            .client
            .get(format!("{}/api/v1/health", t.url(&host.to_lowercase())))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{host}");
    }
}

#[tokio::test]
async fn a_school_cant_make_a_trust_account() {
    let t = Trust::spawn().await;
    let oak = seed(&t, "oak", OAK, "Oakley", 0, 0).await;
    let admin = oak.session(&t, Role::Admin).await;
    let r = admin
        .send(Method::POST, "/staff/accounts")
        .json(&serde_json::json!({
            "email": "boss@oak.example",
            "name": "Boss",
            "role": "trust",
            "password": "a long enough password"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body = r.text().await.unwrap();
    assert!(body.contains("command line"), "{body}");
    assert!(oak
        .state
        .storage
        .staff_by_email("boss@oak.example")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_schools_letters_carry_its_own_host_on_the_public_address() {
    let t = Trust::spawn().await;
    let oak = seed(&t, "oak", OAK, "Oakley", 0, 0).await;
    let admin = oak.session(&t, Role::Admin).await;
    let r = admin
        .send(
            Method::POST,
            &format!("/staff/classes/{}/parent-letters", oak.class_id),
        )
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let letters: ParentLetters = r.json().await.unwrap();
    assert_eq!(letters.address, "http://oak.test:8080/parents");
    for l in &letters.letters {
        assert_eq!(
            l.link,
            format!("http://oak.test:8080/parents#code={}", l.code)
        );
    }
}
