//! A child's file moving school and the 25th-birthday review. A leaver with a safeguarding record
//! appears on the DSL's home with the day their file is due (five school days after leaving),
//! then as awaiting receipt once it is sent, and goes once the receipt is recorded; a leaver with
//! no record never appears. A file received for a new pupil is noted on their record; printing
//! the file is audited and the DSL's alone. A closed record is offered for review once every
//! child it is about is 25; the DSL keeps it with a reason and a review date, or deletes it, and
//! the audit log keeps who deleted which record about which child, never what it said.

use kite_protocol::pupil_record::{ChronologyEntry, Involvement, PupilRecordPage, RecordPrinted};
use kite_protocol::record::DslHome;
use kite_protocol::staff::Role;
use kite_server::ids::PupilId;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::classes::import;
use crate::helpers::{StaffClient, StaffLogin, TestServer};

/// Liv and Ben left on Thursday 6 November 2025; Zain is staying. Liv was born in 2000, so she
/// is 25 now; Ben and Zain are young.
const CLASS_LIST: &str = "Forename,Surname,DOB,Year,Reg Group,Leaving Date\n\
    Liv,Brown,01/01/2000,Year 3,Oak,06/11/2025\n\
    Ben,Zebedee,30/11/2016,Year 3,Oak,06/11/2025\n\
    Zain,Khan,28/02/2020,R,Acorns,\n";

struct School {
    s: TestServer,
    dsl: StaffClient,
    dsl_login: StaffLogin,
    teacher: StaffClient,
    admin: StaffClient,
    liv: i64,
    ben: i64,
    zain: i64,
}

impl School {
    async fn new() -> Self {
        let s = TestServer::spawn().await;
        let admin_login = s.add_staff("admin@school.example", Role::Admin).await;
        let dsl_login = s.add_staff("dsl@school.example", Role::Dsl).await;
        let teacher_login = s.add_staff("teacher@school.example", Role::Teacher).await;
        let admin = s.session_for(admin_login.id).await;
        let dsl = s.session_for(dsl_login.id).await;
        let teacher = s.session_for(teacher_login.id).await;
        let result = import(&admin, CLASS_LIST).await;
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        let hits = |name: &'static str| {
            let dsl = &dsl;
            async move {
                let found: Vec<kite_protocol::pupil_record::PupilHit> =
                    dsl.json(&format!("/staff/pupils?q={name}")).await;
                found[0].id
            }
        };
        let (liv, ben, zain) = (hits("Liv").await, hits("Ben").await, hits("Zain").await);
        Self {
            s,
            dsl,
            dsl_login,
            teacher,
            admin,
            liv,
            ben,
            zain,
        }
    }

    /// A staff concern about these children, straight into storage (its form is another part
    /// of the product), open or already closed.
    async fn concern(&self, id: &str, closed: bool, children: &[i64]) {
        let pool = self.s.db().await;
        sqlx::query(
            "INSERT INTO reports (id, source, received_at_ms, urgent, what, payload, written_by, status) \
             VALUES ($1, 'staff', $2, $3, 'saw_something_upsetting', $4, $5, $6)",
        )
        .bind(id)
        .bind(kite_server::clock::now_ms())
        .bind(false)
        .bind(crate::helpers::concern_payload(
            id,
            kite_server::clock::now_ms(),
            "Shown a frightening video on a phone at lunch",
        ))
        .bind(self.dsl_login.id)
        .bind(if closed { "closed" } else { "new" })
        .execute(&pool)
        .await
        .unwrap();
        for pupil in children {
            self.s
                .state
                .storage
                .link_report_pupil(
                    id,
                    PupilId(*pupil),
                    Involvement::Affected,
                    self.dsl_login.id,
                    None,
                    kite_server::clock::now_ms(),
                )
                .await
                .unwrap();
        }
    }

    async fn home(&self) -> DslHome {
        self.dsl.json("/staff/dsl-home").await
    }

    async fn transfer(
        &self,
        who: &StaffClient,
        pupil: i64,
        body: serde_json::Value,
    ) -> reqwest::Response {
        who.send(Method::POST, &format!("/staff/pupils/{pupil}/transfers"))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn decide(
        &self,
        who: &StaffClient,
        report: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        who.send(Method::POST, &format!("/staff/reports/{report}/retention"))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn audit(&self) -> Vec<(String, Option<String>, String)> {
        self.s
            .state
            .storage
            .list_audit(200, None)
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.action, e.report_id, e.detail))
            .collect()
    }
}

async fn message(r: reqwest::Response) -> String {
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    r.text().await.unwrap()
}

const A: &str = "0b5f3a0e-0000-4000-8000-000000000001";
const B: &str = "0b5f3a0e-0000-4000-8000-000000000002";
const C: &str = "0b5f3a0e-0000-4000-8000-000000000003";
const D: &str = "0b5f3a0e-0000-4000-8000-000000000004";
const E: &str = "0b5f3a0e-0000-4000-8000-000000000005";

#[tokio::test]
async fn a_leaver_with_a_record_is_a_file_to_send_until_its_receipt_is_recorded() {
    let school = School::new().await;
    // Ben leaves too, but nothing is recorded about him: he has no file to send.
    school.concern(A, false, &[school.liv]).await;
    school.concern(B, false, &[school.zain]).await;

    let home = school.home().await;
    assert_eq!(home.files_to_send.len(), 1, "{:?}", home.files_to_send);
    let liv = &home.files_to_send[0];
    assert_eq!(liv.pupil_id, school.liv);
    assert_eq!(liv.name, "Liv Brown");
    assert_eq!(liv.leaving_on, "2025-11-06");
    // Thursday 6 November: Friday and the next Monday to Thursday are the five school days.
    assert_eq!(liv.send_by, "2025-11-13");
    assert!(liv.overdue);
    assert_eq!(liv.sent_on, None);

    // The school they went to, typed with the leaving date, shows with the reminder.
    let r = school
        .admin
        .send(
            Method::PUT,
            &format!("/staff/pupils/{}/details", school.liv),
        )
        .json(
            &json!({"last_name": "Brown", "date_of_birth": "2000-01-01", "leaving_on": "2025-11-06",
                      "leaving_to": "  Hill Top Primary "}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        school.home().await.files_to_send[0].leaving_to.as_deref(),
        Some("Hill Top Primary")
    );

    // Only the DSL records it; what they typed is checked with a plain message.
    let sent = json!({"kind": "sent", "on_day": "12/11/2025", "method": "secure_email",
                      "school": "Hill Top Primary"});
    for who in [&school.teacher, &school.admin] {
        assert_eq!(
            school
                .transfer(who, school.liv, sent.clone())
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
    }
    let no_method = school
        .transfer(
            &school.dsl,
            school.liv,
            json!({"kind": "sent", "on_day": "12/11/2025", "school": "Hill Top"}),
        )
        .await;
    assert!(message(no_method).await.contains("how the file was sent"));
    let bad_day = school
        .transfer(
            &school.dsl,
            school.liv,
            json!({"kind": "sent", "on_day": "next week", "method": "post", "school": "Hill Top"}),
        )
        .await;
    assert!(message(bad_day).await.contains("dd/mm/yyyy"));
    assert_eq!(
        school
            .transfer(&school.dsl, 999_999, sent.clone())
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Sent: the reminder clears and it awaits the receipt.
    let r = school.transfer(&school.dsl, school.liv, sent.clone()).await;
    assert_eq!(r.status(), 200);
    let home = school.home().await;
    assert_eq!(home.files_to_send.len(), 1);
    assert_eq!(home.files_to_send[0].sent_on.as_deref(), Some("2025-11-12"));
    assert!(!home.files_to_send[0].overdue, "sent in time");

    // The receipt came back: nothing left to do.
    let r = school
        .transfer(
            &school.dsl,
            school.liv,
            json!({"kind": "receipt", "on_day": "2025-11-14",
                                                  "note": "Signed for by their DSL"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert!(school.home().await.files_to_send.is_empty());

    // The record shows the file's journey, with who recorded each step.
    let page: PupilRecordPage = school
        .dsl
        .json(&format!("/staff/pupils/{}/record", school.liv))
        .await;
    let steps: Vec<_> = page
        .file_transfers
        .iter()
        .map(|t| (t.kind.as_str(), t.on_day.as_str(), t.school.as_deref()))
        .collect();
    assert_eq!(
        steps,
        [
            ("sent", "2025-11-12", Some("Hill Top Primary")),
            ("receipt", "2025-11-14", None)
        ]
    );

    // An incoming file for a new pupil is noted on their record.
    let r = school
        .transfer(
            &school.dsl,
            school.zain,
            json!({"kind": "received", "on_day": "2025-09-10",
                                                   "school": "Elm Tree Primary"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let page: PupilRecordPage = school
        .dsl
        .json(&format!("/staff/pupils/{}/record", school.zain))
        .await;
    assert_eq!(page.file_transfers.len(), 1);
    assert_eq!(
        page.file_transfers[0].school.as_deref(),
        Some("Elm Tree Primary")
    );

    // The log is append-only, in the database itself.
    let pool = school.s.db().await;
    assert!(
        sqlx::query("UPDATE pupil_file_transfers SET on_day = '2025-11-01'")
            .execute(&pool)
            .await
            .is_err()
    );
    assert!(sqlx::query("DELETE FROM pupil_file_transfers")
        .execute(&pool)
        .await
        .is_err());

    let audit = school.audit().await;
    let recorded: Vec<_> = audit
        .iter()
        .filter(|(a, _, _)| a == "pupil_file_transfer")
        .map(|(_, _, d)| d.as_str())
        .collect();
    let (liv, zain) = (school.liv, school.zain);
    assert_eq!(
        recorded,
        [
            format!("pupil {zain}: received"),
            format!("pupil {liv}: receipt"),
            format!("pupil {liv}: sent")
        ]
    );
    assert!(
        !audit.iter().any(|(_, _, d)| d.contains("Hill Top")),
        "the audit log names no school or note"
    );
}

#[tokio::test]
async fn printing_the_file_for_the_new_school_is_the_dsls_and_audited() {
    let school = School::new().await;
    school.concern(A, false, &[school.liv]).await;
    let path = format!(
        "/staff/pupils/{}/record/printed?purpose=transfer",
        school.liv
    );
    for who in [&school.teacher, &school.admin] {
        let r = who.send(Method::POST, &path).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let r = school
        .dsl
        .send(
            Method::POST,
            &format!("/staff/pupils/{}/record/printed?purpose=gossip", school.liv),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = school.dsl.send(Method::POST, &path).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let printed: RecordPrinted = r.json().await.unwrap();
    assert_eq!(printed.printed_by, "dsl@school.example");
    let audit = school.audit().await;
    assert_eq!(audit[0].0, "print_file_for_transfer");
    assert_eq!(audit[0].2, format!("pupil {}", school.liv));
    assert!(
        audit.iter().any(|(a, _, _)| a == "access_denied"),
        "refusals are audited too"
    );
}

#[tokio::test]
async fn a_closed_record_is_reviewed_after_the_25th_birthday_then_kept_with_a_reason_or_deleted() {
    let school = School::new().await;
    school.concern(A, true, &[school.liv]).await; // closed, Liv is 25: due
    school.concern(B, true, &[school.liv, school.ben]).await; // Ben is young: kept
    school.concern(C, false, &[school.liv]).await; // open: kept
    school.concern(D, true, &[school.liv]).await; // closed, Liv is 25: due
                                                  // Zain's date of birth removed: his record's review date can't be known, so it is kept.
    school.concern(E, true, &[school.zain]).await;
    let r = school
        .admin
        .send(
            Method::PUT,
            &format!("/staff/pupils/{}/details", school.zain),
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let due: Vec<String> = school
        .home()
        .await
        .records_to_review
        .into_iter()
        .map(|r| {
            assert_eq!(r.children, ["Liv Brown"]);
            assert_eq!(r.review_from, "2025-01-01");
            r.report_id
        })
        .collect();
    assert_eq!(due, [A, D]);

    // Only the DSL decides, and only on a record that is due.
    let keep = json!({"decision": "keep", "reason": "A police investigation is still open",
                      "review_on": "2099-01-01"});
    for who in [&school.teacher, &school.admin] {
        assert_eq!(
            school.decide(who, A, keep.clone()).await.status(),
            StatusCode::FORBIDDEN
        );
    }
    for not_due in [B, C, E] {
        let m = message(
            school
                .decide(&school.dsl, not_due, json!({"decision": "delete"}))
                .await,
        )
        .await;
        assert!(m.contains("25th birthday"), "{m}");
    }
    let no_reason = school
        .decide(
            &school.dsl,
            A,
            json!({"decision": "keep", "reason": " ", "review_on": "2099-01-01"}),
        )
        .await;
    assert!(message(no_reason).await.contains("reason"));
    let past = school
        .decide(
            &school.dsl,
            A,
            json!({"decision": "keep", "reason": "Still needed", "review_on": "01/01/2020"}),
        )
        .await;
    assert!(message(past).await.contains("after today"));

    // Kept: off the review list until the day given, with the reason in its chronology.
    assert_eq!(school.decide(&school.dsl, A, keep).await.status(), 200);
    let due: Vec<String> = school
        .home()
        .await
        .records_to_review
        .into_iter()
        .map(|r| r.report_id)
        .collect();
    assert_eq!(due, [D]);
    let on_the_day = kite_server::retention::records_to_review(
        &school.s.state.storage,
        kite_server::calendar::ymd(2099, 1, 1).unwrap(),
    )
    .await
    .unwrap();
    let back = on_the_day
        .iter()
        .find(|r| r.report_id == A)
        .expect("back on its review date");
    assert_eq!(back.kept_until.as_deref(), Some("2099-01-01"));
    let page: PupilRecordPage = school
        .dsl
        .json(&format!("/staff/pupils/{}/record", school.liv))
        .await;
    let kept = page
        .chronology
        .iter()
        .find_map(|e| match e {
            ChronologyEntry::Record { record, .. } if record.report_id == A => Some(record),
            _ => None,
        })
        .expect("A is in Liv's chronology");
    let hold = kept
        .events
        .last()
        .expect("the decision is in its chronology");
    assert_eq!(hold.kind, "hold");
    assert_eq!(hold.due_on.as_deref(), Some("2099-01-01"));
    assert!(hold.detail.contains("A police investigation is still open"));

    // Deleted: the content goes; the log keeps who, when, which record and which child.
    assert_eq!(
        school
            .decide(&school.dsl, D, json!({"decision": "delete"}))
            .await
            .status(),
        200
    );
    let r = school
        .dsl
        .get(&format!("/staff/reports/{D}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let page: PupilRecordPage = school
        .dsl
        .json(&format!("/staff/pupils/{}/record", school.liv))
        .await;
    assert!(!serde_json::to_string(&page).unwrap().contains(D));
    assert!(school.home().await.records_to_review.is_empty());
    let audit = school.audit().await;
    let deleted = audit
        .iter()
        .find(|(a, _, _)| a == "record_deleted")
        .expect("the deletion is logged");
    assert_eq!(deleted.1.as_deref(), Some(D));
    assert_eq!(
        deleted.2,
        format!("after the 25th-birthday review; about pupil {}", school.liv)
    );
    assert!(!audit.iter().any(|(_, _, d)| d.contains("frightening")));
    let entry = school.s.state.storage.list_audit(200, None).await.unwrap();
    let by = entry.iter().find(|e| e.action == "record_deleted").unwrap();
    assert_eq!(by.staff_email, "dsl@school.example");
    let pool = school.s.db().await;
    let purged: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM retention_purges WHERE report_id = $1")
            .bind(D)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(purged, 1);
    // Deleted once: a second decision finds nothing.
    assert_eq!(
        school
            .decide(&school.dsl, D, json!({"decision": "delete"}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}
