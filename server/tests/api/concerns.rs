//! A concern any adult in school logs: a teaching assistant names children from any class, gets a
//! receipt (never the record), the DSL reads it in the inbox, sending it twice stores it once,
//! mistakes are named plainly, an urgent one alerts the DSLs without a word of it, and nobody but
//! a DSL reads it.

use kite_protocol::classes::check_pupil_name;
use kite_protocol::concern::{ConcernReceipt, PupilChoice};
use kite_protocol::staff::{ReportDetail, ReportList, Role};
use kite_protocol::Band;
use kite_server::alerts::{alert_once, Mailer};
use kite_server::config::Config;
use kite_server::ids::PupilId;
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::Row;

use crate::alerts::smtp_sink;
use crate::helpers::{StaffClient, TestServer};

/// Ava B. in Oak, Ben C. in Ash, and Avery D. in Ash who has left.
async fn school(s: &TestServer) -> (PupilId, PupilId, PupilId) {
    let st = &s.state.storage;
    let oak = st.create_class("Oak", Band::Ks1, 1).await.unwrap().unwrap();
    let ash = st.create_class("Ash", Band::Ks2, 1).await.unwrap().unwrap();
    let ava = st
        .add_pupils(oak, &[check_pupil_name("Ava", "B").unwrap()], 1)
        .await
        .unwrap()[0]
        .unwrap();
    let ben = st
        .add_pupils(ash, &[check_pupil_name("Ben", "C").unwrap()], 1)
        .await
        .unwrap()[0]
        .unwrap();
    let avery = st
        .add_pupils(ash, &[check_pupil_name("Avery", "D").unwrap()], 1)
        .await
        .unwrap()[0]
        .unwrap();
    st.mark_pupil_left(avery, 2).await.unwrap();
    (ava, ben, avery)
}

const WORDS: &str = "He said he'd share my photo if I didn't send another";
const WHAT: &str = "Found Ava upset by the library computers at lunch";

fn concern(id: uuid::Uuid, pupils: &[(PupilId, &str)], urgent: bool) -> Value {
    json!({
        "id": id,
        "pupils": pupils.iter().map(|(p, role)| json!({"pupil_id": p, "involvement": role})).collect::<Vec<_>>(),
        "happened_at_ms": null,
        "place": "Library",
        "what_happened": WHAT,
        "child_words": WORDS,
        "category": "contact",
        "came_to_light": {"kind": "child_told_me"},
        "action_taken": "Stayed with her and told Mrs Khan",
        "told_dsl": urgent,
        "urgent": urgent,
    })
}

async fn send(c: &StaffClient, body: &Value) -> reqwest::Response {
    c.send(Method::POST, "/staff/concerns")
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn error_of(r: reqwest::Response) -> String {
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    v["error"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_teaching_assistant_logs_a_concern_and_gets_a_receipt_not_the_record() {
    let s = TestServer::spawn().await;
    let (ava, ben, _) = school(&s).await;
    let ta = s.add_staff("ta@school.example", Role::Staff).await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.login(&ta).await;
    let id = uuid::Uuid::new_v4();

    let r = send(
        &c,
        &concern(id, &[(ava, "affected"), (ben, "witness")], false),
    )
    .await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(!body.contains("library") && !body.contains("photo") && !body.contains("Ava"));
    let receipt: ConcernReceipt = serde_json::from_str(&body).unwrap();
    assert_eq!(receipt.reference, ConcernReceipt::reference_for(&id));

    // The children are linked by the writer, with their part in it.
    let rows = sqlx::query(
        "SELECT pupil_id, involvement, linked_by, reason FROM report_pupils WHERE report_id = $1 ORDER BY pupil_id",
    )
    .bind(id.to_string())
    .fetch_all(&s.db().await)
    .await
    .unwrap();
    let linked: Vec<(i64, String, i64, Option<String>)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    assert_eq!(
        linked,
        vec![
            (ava.0, "affected".into(), ta.id.0, None),
            (ben.0, "witness".into(), ta.id.0, None),
        ]
    );

    // The DSL's inbox lists it as a staff concern; the record has both boxes and who wrote it.
    let d = s.login(&dsl).await;
    let list: ReportList = d.json("/staff/reports").await;
    let row = list
        .reports
        .iter()
        .find(|r| r.id == id.to_string())
        .unwrap();
    assert_eq!(row.what, "staff_concern");
    assert!(row.device_name.contains("staff"), "{}", row.device_name);
    let detail: ReportDetail = d.json(&format!("/staff/reports/{id}")).await;
    let sc = detail.staff_concern.expect("a staff concern");
    assert_eq!(sc.concern.child_words.as_deref(), Some(WORDS));
    assert_eq!(sc.concern.what_happened, WHAT);
    assert!(sc.written_by.starts_with("ta"), "{}", sc.written_by);
    let names: Vec<&str> = sc.pupils.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["Ava B. (Oak)", "Ben C. (Ash)"]);
    assert!(sc.happened_at_ms <= detail.received_at_ms);

    // The audit log names the record, not its words.
    let log = s.state.storage.list_audit(50, None).await.unwrap();
    let entry = log
        .iter()
        .find(|e| e.action == "concern_logged")
        .expect("audited");
    assert_eq!(entry.report_id.as_deref(), Some(id.to_string().as_str()));
    assert!(!entry.detail.contains("Library") && !entry.detail.contains("photo"));

    // The writer can't read it back, nor anything else of the inbox.
    for path in [
        "/staff/reports",
        &format!("/staff/reports/{id}"),
        "/staff/classes",
    ] {
        assert_eq!(c.get(path).send().await.unwrap().status(), 403, "{path}");
    }
}

#[tokio::test]
async fn the_same_concern_sent_twice_is_stored_once() {
    let s = TestServer::spawn().await;
    let (ava, _, _) = school(&s).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let c = s.login(&teacher).await;
    let id = uuid::Uuid::new_v4();
    let body = concern(id, &[(ava, "affected")], false);
    let first: ConcernReceipt = send(&c, &body).await.json().await.unwrap();
    let again: ConcernReceipt = send(&c, &body).await.json().await.unwrap();
    assert_eq!(first, again);
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM reports WHERE source = 'staff'")
        .fetch_one(&s.db().await)
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    // Another account can't take over the id.
    let other = s.add_staff("t2@school.example", Role::Teacher).await;
    let c2 = s.login(&other).await;
    assert!(error_of(send(&c2, &body).await).await.contains("reload"));
}

#[tokio::test]
async fn mistakes_are_named_plainly_and_nothing_is_stored() {
    let s = TestServer::spawn().await;
    let (ava, _, avery) = school(&s).await;
    let ta = s.add_staff("ta@school.example", Role::Staff).await;
    let c = s.login(&ta).await;
    let new = || uuid::Uuid::new_v4();

    let mut urgent_untold = concern(new(), &[(ava, "affected")], true);
    urgent_untold["told_dsl"] = json!(false);
    let e = error_of(send(&c, &urgent_untold).await).await;
    assert!(e.contains("told a DSL in person"), "{e}");

    let e = error_of(send(&c, &concern(new(), &[], false)).await).await;
    assert!(e.contains("at least one child"), "{e}");

    let e = error_of(send(&c, &concern(new(), &[(avery, "witness")], false)).await).await;
    assert!(e.contains("no longer on a class list"), "{e}");
    let e =
        error_of(send(&c, &concern(new(), &[(PupilId(999_999), "witness")], false)).await).await;
    assert!(e.contains("no longer on a class list"), "{e}");

    let mut empty = concern(new(), &[(ava, "affected")], false);
    empty["what_happened"] = json!("   ");
    let e = error_of(send(&c, &empty).await).await;
    assert!(e.to_lowercase().contains("what happened"), "{e}");

    let mut breach = concern(new(), &[(ava, "affected")], false);
    breach["came_to_light"] = json!({"kind": "filtering_breach", "web_address": ""});
    let e = error_of(send(&c, &breach).await).await;
    assert!(e.contains("web address"), "{e}");

    let mut future = concern(new(), &[(ava, "affected")], false);
    future["happened_at_ms"] = json!(kite_server::clock::now_ms() + 86_400_000);
    let e = error_of(send(&c, &future).await).await;
    assert!(e.contains("future"), "{e}");

    let n: i64 = sqlx::query("SELECT COUNT(*) FROM reports")
        .fetch_one(&s.db().await)
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
}

#[tokio::test]
async fn an_urgent_concern_alerts_every_dsl_once_with_nothing_of_it() {
    let s = TestServer::spawn().await;
    let (ava, ben, _) = school(&s).await;
    s.add_staff("dsl@school.example", Role::Dsl).await;
    let ta = s.add_staff("ta@school.example", Role::Staff).await;
    let (port, mails) = smtp_sink().await;
    let mut config = Config::for_data_dir(s.data_dir.path().into(), s.data_dir.path().join("x"));
    config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    let mailer = Mailer::from_config(&config).unwrap().unwrap();
    let c = s.login(&ta).await;

    let body = concern(
        uuid::Uuid::new_v4(),
        &[(ava, "affected"), (ben, "involved")],
        true,
    );
    assert_eq!(send(&c, &body).await.status(), 200);
    // Sent again (a retry): still one alert.
    assert_eq!(send(&c, &body).await.status(), 200);
    assert_eq!(alert_once(&s.state, &mailer).await.unwrap(), 1);
    assert_eq!(alert_once(&s.state, &mailer).await.unwrap(), 0);

    let mails = mails.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0].1;
    assert!(mail.contains("urgent report has arrived"), "{mail}");
    for secret in [
        "Ava",
        "Ben",
        "Library",
        "photo",
        "Contact",
        "ta@school",
        "Oak",
    ] {
        assert!(
            !mail.contains(secret),
            "the alert mentions {secret:?}: {mail}"
        );
    }
}

#[tokio::test]
async fn the_picker_finds_current_pupils_of_any_class_by_a_few_letters() {
    let s = TestServer::spawn().await;
    let (ava, ben, _) = school(&s).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let ta = s.add_staff("ta@school.example", Role::Staff).await;
    let governor = s.add_staff("gov@school.example", Role::Governor).await;

    // A teacher of no class finds pupils of every class; the left pupil is not offered.
    let c = s.login(&teacher).await;
    let found: Vec<PupilChoice> = c.json("/staff/concerns/pupils?q=av").await;
    assert_eq!(
        found,
        vec![PupilChoice {
            id: ava.0,
            first_name: "Ava".into(),
            last_initial: "B".into(),
            class_name: "Oak".into(),
        }]
    );
    let raw: Value = s
        .login(&ta)
        .await
        .json("/staff/concerns/pupils?q=BEN%20c")
        .await;
    assert_eq!(raw[0]["id"], json!(ben.0));
    assert_eq!(
        raw[0].as_object().unwrap().len(),
        4,
        "id, first name, initial, class: nothing else"
    );
    // One letter is too few to search; a wildcard is not a wildcard.
    let none: Vec<PupilChoice> = c.json("/staff/concerns/pupils?q=a").await;
    assert!(none.is_empty());
    let none: Vec<PupilChoice> = c.json("/staff/concerns/pupils?q=%25%25").await;
    assert!(none.is_empty());

    let g = s.login(&governor).await;
    assert_eq!(
        g.get("/staff/concerns/pupils?q=av")
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let r = send(
        &g,
        &concern(uuid::Uuid::new_v4(), &[(ava, "affected")], false),
    )
    .await;
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn an_admin_makes_a_staff_account_which_signs_its_aup_and_nothing_more() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("head@school.example", Role::Admin).await;
    let a = s.login(&admin).await;
    let r = a
        .send(Method::POST, "/staff/accounts")
        .json(&json!({
            "email": "lunch@school.example",
            "name": "Mrs Ade",
            "role": "staff",
            "password": "a long enough password",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let made: Value = r.json().await.unwrap();
    assert_eq!(made["role"], "staff");
    assert_eq!(made["agreement"], "staff");

    let staff = s
        .login(&crate::helpers::StaffLogin {
            id: kite_server::ids::StaffId(made["id"].as_i64().unwrap()),
            email: "lunch@school.example".into(),
            password: "a long enough password".into(),
            totp_secret: None,
        })
        .await;
    let mine: Value = staff.json("/staff/agreement").await;
    assert_eq!(mine["current"]["kind"], "staff");
    for path in ["/staff/classes", "/staff/governors-report", "/staff/audit"] {
        assert_eq!(
            staff.get(path).send().await.unwrap().status(),
            403,
            "{path}"
        );
    }
}
