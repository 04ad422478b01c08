//! The training register: each kind falls due by its renewal rule, the DSL's and the admin's
//! home list what is overdue and due in the next month, a new record clears what it renews, a
//! correction is a new row that replaces the shown date, adults without a sign-in are on it,
//! staff confirm "I have read" (and are asked again for a new version), the CSV and the
//! governors' percentages.

use kite_protocol::staff::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{StaffClient, TestServer};

const DAY: i64 = 24 * 3_600_000;

/// The day `days` ago, as the register takes it.
fn days_ago(days: i64) -> String {
    kite_server::calendar::iso_date(kite_server::clock::now_ms() - days * DAY)
}

async fn post(c: &StaffClient, path: &str, body: Value) -> (StatusCode, Value) {
    let r = c.send(Method::POST, path).json(&body).send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn record(c: &StaffClient, who: Value, kind: &str, on: &str) -> Value {
    let (status, register) = post(
        c,
        "/staff/training/records",
        json!({ "who": who, "kind": kind, "completed_on": on, "provider": "Local authority" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{register}");
    register
}

/// The register's line for one person and kind.
fn line<'a>(register: &'a Value, name: &str, kind: &str) -> &'a Value {
    let person = register["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not on the register"));
    person["training"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == kind)
        .unwrap()
}

fn listed(due: &Value, list: &str, name: &str, kind: &str) -> bool {
    due[list]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["name"] == name && i["kind"] == kind)
}

#[tokio::test]
async fn each_kind_falls_due_by_its_rule() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let c = s.session_for(dsl.id).await;
    let t = json!({ "staff_id": teacher.id.0 });
    let d = json!({ "staff_id": dsl.id.0 });
    record(&c, t.clone(), "annual-update", "2024-03-10").await;
    record(&c, t.clone(), "induction", "2020-01-06").await;
    record(&c, t.clone(), "prevent", "2024-01-31").await;
    record(&c, t.clone(), "safeguarding", "2023-11-20").await;
    record(&c, t.clone(), "kcsie-part-1", "2024-09-02").await;
    record(&c, d.clone(), "kcsie-part-1", "2025-03-02").await;
    let register = record(&c, d, "dsl-training", "2024-02-29").await;

    let due = |name: &str, kind: &str| line(&register, name, kind)["due_on"].clone();
    let teacher = "teacher@school.example";
    let dsl = "dsl@school.example";
    assert_eq!(due(teacher, "annual-update"), "2025-03-10", "a year on");
    assert_eq!(due(teacher, "induction"), Value::Null, "induction is once");
    assert_eq!(due(teacher, "prevent"), "2026-01-31", "two years on");
    assert_eq!(due(teacher, "safeguarding"), "2026-11-20", "three years on");
    // KCSIE Part 1 is read again by the end of the next school year's September.
    assert_eq!(due(teacher, "kcsie-part-1"), "2025-09-30");
    assert_eq!(due(dsl, "kcsie-part-1"), "2025-09-30");
    assert_eq!(
        due(dsl, "dsl-training"),
        "2026-02-28",
        "two years, in February"
    );
    // DSL training is needed by DSLs only.
    assert_eq!(
        line(&register, teacher, "dsl-training")["state"],
        "not-needed"
    );
    assert_eq!(line(&register, dsl, "dsl-training")["state"], "overdue");
    assert_eq!(
        line(&register, dsl, "online-safety")["state"],
        "not-recorded"
    );
    let kinds = register["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 7);
    assert!(kinds
        .iter()
        .any(|k| k["kind"] == "annual-update" && k["renewal"] == "every year"));
}

#[tokio::test]
async fn the_homes_list_what_is_overdue_and_due_next_month_and_a_new_record_clears_it() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let c = s.session_for(dsl.id).await;
    let t = json!({ "staff_id": teacher.id.0 });
    let name = "teacher@school.example";
    record(&c, t.clone(), "annual-update", &days_ago(400)).await;
    record(&c, t.clone(), "prevent", &days_ago(712)).await;
    record(&c, t.clone(), "online-safety", &days_ago(30)).await;

    let due: Value = s
        .session_for(admin.id)
        .await
        .json("/staff/training/due")
        .await;
    assert!(listed(&due, "overdue", name, "annual-update"), "{due}");
    assert!(listed(&due, "due_soon", name, "prevent"), "{due}");
    assert!(!listed(&due, "overdue", name, "online-safety"));
    assert!(!listed(&due, "due_soon", name, "online-safety"));
    // Never recorded counts as overdue, with no date.
    let never = due["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name && i["kind"] == "induction")
        .unwrap();
    assert_eq!(never["state"], "not-recorded");
    assert_eq!(never["due_on"], Value::Null);

    // This year's update, done today.
    let register = record(&c, t, "annual-update", &days_ago(0)).await;
    assert_eq!(
        line(&register, name, "annual-update")["state"],
        "up-to-date"
    );
    let due: Value = c.json("/staff/training/due").await;
    assert!(!listed(&due, "overdue", name, "annual-update"), "{due}");
    assert!(listed(&due, "due_soon", name, "prevent"));
}

#[tokio::test]
async fn a_correction_is_a_new_row_that_replaces_the_shown_date() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let me = json!({ "staff_id": dsl.id.0 });
    record(&c, me.clone(), "prevent", &days_ago(5)).await;
    // Typed as five days ago; it was really three years ago.
    let db = s.db().await;
    let first: i64 = sqlx::query_scalar("SELECT id FROM training_records")
        .fetch_one(&db)
        .await
        .unwrap();
    let register: Value = c.json("/staff/training").await;
    assert_eq!(
        line(&register, "dsl@school.example", "prevent")["record_id"],
        first
    );
    let (status, register) = post(
        &c,
        "/staff/training/records",
        json!({ "who": me, "kind": "prevent", "completed_on": days_ago(3 * 365), "replaces": first }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{register}");
    let shown = line(&register, "dsl@school.example", "prevent");
    assert_eq!(shown["completed_on"], days_ago(3 * 365));
    assert_eq!(shown["state"], "overdue");
    // The first row is still there, word for word; the database refuses to change it.
    let kept: Vec<String> =
        sqlx::query_scalar("SELECT completed_on FROM training_records ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(kept, vec![days_ago(5), days_ago(3 * 365)]);
    assert!(
        sqlx::query("UPDATE training_records SET completed_on = '2000-01-01'")
            .execute(&db)
            .await
            .is_err()
    );
    assert!(sqlx::query("DELETE FROM training_records")
        .execute(&db)
        .await
        .is_err());
    // The replaced row can't be corrected a second time.
    let (status, _) = post(
        &c,
        "/staff/training/records",
        json!({ "who": me, "kind": "prevent", "completed_on": days_ago(1), "replaces": first }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn adults_without_a_sign_in_are_on_the_register_and_bad_input_is_refused() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let c = s.session_for(admin.id).await;
    let (status, register) = post(
        &c,
        "/staff/training/people",
        json!({ "name": "Pat Lunch", "role": "Lunchtime supervisor" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{register}");
    let pat = register["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Pat Lunch")
        .unwrap()
        .clone();
    assert_eq!(pat["role"], "Lunchtime supervisor");
    assert_eq!(pat["who"]["staff_id"], Value::Null);
    let register = record(&c, pat["who"].clone(), "induction", &days_ago(2)).await;
    assert_eq!(
        line(&register, "Pat Lunch", "induction")["state"],
        "up-to-date"
    );

    for (body, why) in [
        (
            json!({ "who": {}, "kind": "prevent", "completed_on": days_ago(1) }),
            "nobody",
        ),
        (
            json!({ "who": { "staff_id": 1, "person_id": 1 }, "kind": "prevent", "completed_on": days_ago(1) }),
            "both",
        ),
        (
            json!({ "who": { "person_id": 99 }, "kind": "prevent", "completed_on": days_ago(1) }),
            "not on it",
        ),
        (
            json!({ "who": pat["who"], "kind": "prevent", "completed_on": "2026-02-30" }),
            "no such day",
        ),
        (
            json!({ "who": pat["who"], "kind": "prevent", "completed_on": days_ago(-3) }),
            "future",
        ),
        (
            json!({ "who": pat["who"], "kind": "knitting", "completed_on": days_ago(1) }),
            "kind",
        ),
    ] {
        let (status, answer) = post(&c, "/staff/training/records", body).await;
        assert!(status.is_client_error(), "{why}: {status}");
        assert!(answer["error"].is_string(), "{why}: {answer}");
    }
    let (status, _) = post(
        &c,
        "/staff/training/people",
        json!({ "name": " ", "role": "x" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn staff_confirm_reading_and_a_new_version_asks_again() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let c = s.session_for(dsl.id).await;
    let (status, register) = post(
        &c,
        "/staff/training/documents",
        json!({ "title": "KCSIE 2026 Part 1", "link": "https://www.gov.uk/kcsie", "counts_as": "kcsie-part-1" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{register}");
    let doc = register["documents"][0].clone();
    assert_eq!(doc["version"], 1);

    let t = s.session_for(teacher.id).await;
    let mine: Value = t.json("/staff/training/reading").await;
    assert_eq!(mine[0]["document"]["title"], "KCSIE 2026 Part 1");
    assert_eq!(mine[0]["confirmed_at_ms"], Value::Null);
    let (status, mine) = post(
        &t,
        "/staff/training/reading",
        json!({ "document_id": doc["id"] }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert!(mine[0]["confirmed_at_ms"].is_i64());

    // The register shows who has read it, and reading Part 1 counts as that training.
    let register: Value = c.json("/staff/training").await;
    let reads = |register: &Value, name: &str| {
        register["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["read"][0]["confirmed_at_ms"]
            .clone()
    };
    assert!(reads(&register, "teacher@school.example").is_i64());
    assert_eq!(reads(&register, "dsl@school.example"), Value::Null);
    let part1 = line(&register, "teacher@school.example", "kcsie-part-1");
    assert_eq!(part1["completed_on"], days_ago(0));

    // A new version: everyone is asked again, and the old one can't be confirmed any more.
    let (status, register) = post(
        &c,
        "/staff/training/documents",
        json!({ "title": "KCSIE 2026 Part 1", "link": "https://www.gov.uk/kcsie-2", "replaces": doc["id"] }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{register}");
    assert_eq!(register["documents"].as_array().unwrap().len(), 1);
    assert_eq!(register["documents"][0]["version"], 2);
    assert_eq!(reads(&register, "teacher@school.example"), Value::Null);
    let mine: Value = t.json("/staff/training/reading").await;
    assert_eq!(mine[0]["document"]["version"], 2);
    assert_eq!(mine[0]["confirmed_at_ms"], Value::Null);
    let (status, _) = post(
        &t,
        "/staff/training/reading",
        json!({ "document_id": doc["id"] }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = post(&t, "/staff/training/reading", json!({ "document_id": 999 })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Replacing the old version again is refused; a link must be a web address.
    let (status, _) = post(
        &c,
        "/staff/training/documents",
        json!({ "title": "Again", "link": "https://a.example/", "replaces": doc["id"] }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = post(
        &c,
        "/staff/training/documents",
        json!({ "title": "Policy", "link": "javascript:alert(1)" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_register_exports_as_csv() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.session_for(dsl.id).await;
    let (_, register) = post(
        &c,
        "/staff/training/people",
        json!({ "name": "=Sam Volunteer", "role": "Volunteer reader" }),
    )
    .await;
    let sam = register["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["role"] == "Volunteer reader")
        .unwrap()["who"]
        .clone();
    record(&c, sam, "annual-update", "2024-03-10").await;
    let r = c.get("/staff/training/export.csv").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = r.text().await.unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "name,role,kite_account,training,state,completed_on,due_on,provider"
    );
    assert!(
        text.contains(
            "'=Sam Volunteer,Volunteer reader,no,Annual safeguarding update,overdue,2024-03-10,2025-03-10,Local authority"
        ),
        "{text}"
    );
    assert!(text.contains("dsl@school.example,DSL / deputy DSL,yes,DSL training,not recorded,,,"));
    // A teacher can't export it.
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let t = s.session_for(teacher.id).await;
    assert_eq!(
        t.get("/staff/training/export.csv")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn governors_see_training_completion_as_percentages() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let governor = s.add_staff("chair@school.example", Role::Governor).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let c = s.session_for(dsl.id).await;
    // Three adults: two up to date on the annual update, one overdue.
    record(
        &c,
        json!({ "staff_id": dsl.id.0 }),
        "annual-update",
        &days_ago(10),
    )
    .await;
    record(
        &c,
        json!({ "staff_id": teacher.id.0 }),
        "annual-update",
        &days_ago(20),
    )
    .await;
    record(
        &c,
        json!({ "staff_id": governor.id.0 }),
        "annual-update",
        &days_ago(500),
    )
    .await;
    record(
        &c,
        json!({ "staff_id": dsl.id.0 }),
        "dsl-training",
        &days_ago(10),
    )
    .await;
    let g = s.session_for(governor.id).await;
    let month = &days_ago(0)[..7];
    let report: Value = g
        .json(&format!("/staff/governors-report?period={month}"))
        .await;
    let kind = |k: &str| {
        report["training"]
            .as_array()
            .unwrap_or_else(|| panic!("no training figures: {report}"))
            .iter()
            .find(|l| l["kind"] == k)
            .unwrap()
            .clone()
    };
    assert_eq!(kind("annual-update")["people"], 3);
    assert_eq!(kind("annual-update")["up_to_date"], 2);
    assert_eq!(kind("annual-update")["percent"], 66);
    // DSL training counts the DSLs only.
    assert_eq!(kind("dsl-training")["people"], 1);
    assert_eq!(kind("dsl-training")["percent"], 100);
    assert_eq!(kind("prevent")["percent"], 0);
}

/// Uploads a file's bytes; the status and the JSON answer.
async fn upload(c: &StaffClient, bytes: &[u8]) -> (StatusCode, Value) {
    let r = c
        .send(Method::POST, "/staff/training/files")
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Who did `action` to `detail`, from the audit log.
async fn audited(s: &TestServer, action: &str, detail: &str) -> Vec<Option<i64>> {
    sqlx::query_scalar("SELECT staff_id FROM audit_log WHERE action = $1 AND detail = $2")
        .bind(action)
        .bind(detail)
        .fetch_all(&s.db().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_document_can_be_a_pdf_staff_open_and_every_version_is_kept() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let c = s.session_for(dsl.id).await;
    let first = b"%PDF-1.7\n% Online safety policy, September\n".to_vec();
    let (status, file) = upload(&c, &first).await;
    assert_eq!(status, StatusCode::OK, "{file}");
    let (status, register) = post(
        &c,
        "/staff/training/documents",
        json!({ "title": "Online safety policy", "file_id": file["id"] }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{register}");
    let doc = register["documents"][0].clone();
    assert_eq!(doc["file_id"], file["id"]);
    assert_eq!(doc["link"], "");

    // The teacher sees it on their own page, opens the PDF and confirms reading it.
    let t = s.session_for(teacher.id).await;
    let mine: Vec<kite_protocol::training::MyReading> = t.json("/staff/training/reading").await;
    let href = mine[0].document.href();
    assert_eq!(
        href,
        format!("/api/v1/staff/training/documents/{}/file", doc["id"])
    );
    let opened = t
        .get(href.trim_start_matches("/api/v1"))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), StatusCode::OK);
    assert_eq!(opened.headers()["content-type"], "application/pdf");
    assert_eq!(opened.bytes().await.unwrap().to_vec(), first);
    let teacher_id = Some(teacher.id.0);
    assert_eq!(
        audited(&s, "document_opened", &format!("document {}", doc["id"])).await,
        vec![teacher_id]
    );
    // The register's own file route is for those who keep it.
    let status = t
        .get(&format!("/staff/training/files/{}", file["id"]))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post(
        &t,
        "/staff/training/reading",
        json!({ "document_id": doc["id"] }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // A new version with a new PDF: the old version's file is still there as it was.
    let second = b"%PDF-1.7\n% Online safety policy, January\n".to_vec();
    let (_, file2) = upload(&c, &second).await;
    let (status, register) = post(
        &c,
        "/staff/training/documents",
        json!({ "title": "Online safety policy", "file_id": file2["id"], "replaces": doc["id"] }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{register}");
    let doc2 = register["documents"][0].clone();
    assert_eq!(doc2["version"], 2);
    for (id, bytes) in [(&doc["id"], &first), (&doc2["id"], &second)] {
        let r = t
            .get(&format!("/staff/training/documents/{id}/file"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(&r.bytes().await.unwrap().to_vec(), bytes);
    }
    let db = s.db().await;
    let changed = sqlx::query("UPDATE training_files SET bytes = $1")
        .bind(b"%PDF-1.7\n".to_vec())
        .execute(&db)
        .await;
    assert!(changed.is_err(), "a kept file is never rewritten");

    // Bad input is refused with a reason, and nothing is published.
    let (status, e) = upload(&c, b"<html>not a pdf</html>").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(e["error"].as_str().unwrap().contains("PDF"), "{e}");
    let (status, _) = upload(&c, &vec![b'%'; 9 * 1024 * 1024]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (_, png) = upload(&c, b"\x89PNG\r\n\x1a\n a certificate photo").await;
    for (body, says) in [
        (json!({ "title": "A photo", "file_id": png["id"] }), "PDF"),
        (json!({ "title": "Nothing", "file_id": 999 }), "upload"),
        (
            json!({ "title": "Both", "file_id": file["id"], "link": "https://a.example/p" }),
            "not both",
        ),
        (json!({ "title": "Neither" }), "web address"),
    ] {
        let (status, e) = post(&c, "/staff/training/documents", body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
        assert!(e["error"].as_str().unwrap().contains(says), "{e}");
    }
    let register: Value = c.json("/staff/training").await;
    assert_eq!(register["documents"].as_array().unwrap().len(), 1);
    // A link's document has no file to open.
    let status = t
        .get("/staff/training/documents/999/file")
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_training_record_can_carry_its_certificate() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let c = s.session_for(admin.id).await;
    let certificate = b"%PDF-1.4\n% Prevent awareness: certificate of completion\n".to_vec();
    let (status, file) = upload(&c, &certificate).await;
    assert_eq!(status, StatusCode::OK, "{file}");
    let (status, register) = post(
        &c,
        "/staff/training/records",
        json!({ "who": { "staff_id": teacher.id.0 }, "kind": "prevent",
                "completed_on": days_ago(3), "certificate_file": file["id"] }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{register}");
    let prevent = line(&register, "teacher@school.example", "prevent");
    assert_eq!(prevent["certificate_file"], file["id"]);
    // Training without one shows none.
    assert_eq!(
        line(&register, "teacher@school.example", "induction")["certificate_file"],
        Value::Null
    );

    let served = c
        .get(&format!("/staff/training/files/{}", file["id"]))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()["cache-control"], "private, no-store");
    assert_eq!(served.bytes().await.unwrap().to_vec(), certificate);
    assert_eq!(
        audited(&s, "training_file_read", &format!("file {}", file["id"])).await,
        vec![Some(admin.id.0)]
    );

    let (status, e) = post(
        &c,
        "/staff/training/records",
        json!({ "who": { "staff_id": teacher.id.0 }, "kind": "induction",
                "completed_on": days_ago(3), "certificate_file": 999 }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(e["error"].as_str().unwrap().contains("upload"), "{e}");
    let register: Value = c.json("/staff/training").await;
    assert_eq!(
        line(&register, "teacher@school.example", "induction")["state"],
        "not-recorded"
    );
}
