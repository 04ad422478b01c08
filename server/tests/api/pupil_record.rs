//! A pupil's safeguarding record: details from an MIS export or typed, which the kiosk, the
//! register and parents' letters never show; the DSL's chronology of a child (records linked to
//! them with what the school did, and the context beside them), each child of a shared record
//! seeing only their own part; linking a record to a child with a reason; every view and print
//! audited; and nobody but the DSL reading a record.

use kite_protocol::pupil_record::{
    ChronologyEntry, LinkedPupil, PupilDetailsPage, PupilHit, PupilRecordPage, RecordAccount,
    RecordPrinted,
};
use kite_protocol::report::WhatHappened;
use kite_protocol::staff::{ReportDetail, Role};
use kite_server::ids::{ClassId, PupilId, StaffId};
use kite_server::storage::consents::NewConsent;
use kite_server::storage::NewLessonRecord;
use reqwest::{Method, StatusCode};
use sqlx::AnyPool;

use crate::classes::import;
use crate::helpers::{concern_payload, report, StaffClient, StaffLogin, TestServer};

/// A SIMS-style export: legal and preferred names, UK dates, year groups instead of bands.
const SIMS: &str =
    "UPN,Legal Surname,Legal Forename,Preferred Forename,DOB,Year,Reg Group,Admission Date\n\
    A123456789012,Brown,Olivia,Liv,04/09/2016,Year 3,Oak,01/09/2020\n\
    B123456789012,Zebedee,Benjamin,Ben,2016-11-30,3,Oak,\n\
    C123456789012,Khan,Zain,,28/02/2020,R,Acorns,\n";

struct School {
    s: TestServer,
    admin: StaffClient,
    dsl: StaffClient,
    dsl_login: StaffLogin,
    oak: i64,
    liv: i64,
    ben: i64,
}

impl School {
    async fn new() -> Self {
        let s = TestServer::spawn().await;
        let admin_login = s.add_staff("admin@school.example", Role::Admin).await;
        let dsl_login = s.add_staff("dsl@school.example", Role::Dsl).await;
        let admin = s.session_for(admin_login.id).await;
        let dsl = s.session_for(dsl_login.id).await;
        let result = import(&admin, SIMS).await;
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        assert_eq!(
            result.imported,
            ["Liv B. (Oak)", "Ben Z. (Oak)", "Zain K. (Acorns)"]
        );
        let oak = s
            .state
            .storage
            .class_by_name("Oak")
            .await
            .unwrap()
            .unwrap()
            .id;
        let pupils = s.state.storage.class_pupils(oak).await.unwrap();
        let id = |name: &str| pupils.iter().find(|p| p.first_name == name).unwrap().id.0;
        Self {
            liv: id("Liv"),
            ben: id("Ben"),
            oak: oak.0,
            s,
            admin,
            dsl,
            dsl_login,
        }
    }

    async fn pool(&self) -> AnyPool {
        self.s.db().await
    }

    async fn record(&self, pupil: i64, order: &str) -> (PupilRecordPage, String) {
        let r = self
            .dsl
            .get(&format!("/staff/pupils/{pupil}/record?order={order}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let text = r.text().await.unwrap();
        (serde_json::from_str(&text).unwrap(), text)
    }

    /// A staff concern written by the DSL about these children, straight into storage (its
    /// form is another part of the product).
    async fn staff_concern(&self, id: &str, at_ms: i64, children: &[(i64, &str)]) {
        let pool = self.pool().await;
        sqlx::query(
            "INSERT INTO reports (id, source, received_at_ms, urgent, what, payload, written_by, happened_at_ms) \
             VALUES ($1, 'staff', $2, $3, 'saw_something_upsetting', $4, $5, $6)",
        )
        .bind(id)
        .bind(at_ms + 60_000)
        .bind(true)
        .bind(concern_payload(id, at_ms, "Liv and Ben were shown a video at lunch"))
        .bind(self.dsl_login.id)
        .bind(at_ms)
        .execute(&pool)
        .await
        .unwrap();
        for (pupil, involvement) in children {
            self.s
                .state
                .storage
                .link_report_pupil(
                    id,
                    PupilId(*pupil),
                    kite_protocol::pupil_record::Involvement::parse(involvement).unwrap(),
                    self.dsl_login.id,
                    None,
                    at_ms + 60_000,
                )
                .await
                .unwrap();
        }
    }

    async fn audit_actions(&self) -> Vec<(String, Option<String>, String)> {
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

async fn text_of(r: reqwest::RequestBuilder) -> String {
    let r = r.send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

#[tokio::test]
async fn an_mis_export_fills_the_record_and_the_kiosk_register_and_letters_show_only_first_name_and_initial(
) {
    let school = School::new().await;
    let s = &school.s;

    // The DSL finds Liv by a few letters of either name.
    for q in ["liv", "BRO", "Liv Br"] {
        let hits: Vec<PupilHit> = school.dsl.json(&format!("/staff/pupils?q={q}")).await;
        assert_eq!(hits.len(), 1, "{q}");
        assert_eq!(hits[0].name, "Liv Brown");
        assert_eq!(hits[0].class_name, "Oak");
        assert_eq!(
            hits[0].year_group,
            Some(kite_protocol::pupil_record::YearGroup::Y3)
        );
    }
    let none: Vec<PupilHit> = school.dsl.json("/staff/pupils?q=%25").await;
    assert!(none.is_empty(), "a % is a letter typed, not a wildcard");

    let page: PupilDetailsPage = school
        .admin
        .json(&format!("/staff/pupils/{}/details", school.liv))
        .await;
    assert_eq!(page.details.last_name.as_deref(), Some("Brown"));
    assert_eq!(page.details.date_of_birth.as_deref(), Some("2016-09-04"));
    assert_eq!(page.details.upn.as_deref(), Some("A123456789012"));
    assert_eq!(page.details.admitted_on.as_deref(), Some("2020-09-01"));

    // Importing the file again adds nobody twice; a file without a column keeps what was there.
    let again = import(&school.admin, SIMS).await;
    assert_eq!(again.already_there, 3);
    // (A leaving date still to come: one that has come marks the pupil as left.)
    let next_year: i32 = crate::helpers::today()[..4].parse::<i32>().unwrap() + 1;
    let fewer = import(
        &school.admin,
        &format!(
            "Forename,Surname,Year,Reg Group,Leaving Date\nLiv,Brown,Y3,Oak,22/07/{next_year}\n"
        ),
    )
    .await;
    assert_eq!(fewer.already_there, 1, "{:?}", fewer.errors);
    let page: PupilDetailsPage = school
        .admin
        .json(&format!("/staff/pupils/{}/details", school.liv))
        .await;
    assert_eq!(page.details.date_of_birth.as_deref(), Some("2016-09-04"));
    assert_eq!(page.details.leaving_on, Some(format!("{next_year}-07-22")));

    // Nothing of it reaches the kiosk, the register or a parent's letter.
    let secret = ["Brown", "Zebedee", "2016", "A123456789012", "Olivia", "y3"];
    let kiosk_classes = text_of(
        s.client
            .get(format!("{}/api/v1/device/classes", s.url))
            .bearer_auth(&s.token),
    )
    .await;
    let kiosk_pupils = text_of(
        s.client
            .get(format!(
                "{}/api/v1/device/classes/{}/pupils",
                s.url, school.oak
            ))
            .bearer_auth(&s.token),
    )
    .await;
    assert!(kiosk_pupils.contains("\"Liv\"") && kiosk_pupils.contains("\"B\""));
    let register = text_of(
        school
            .dsl
            .get(&format!("/staff/classes/{}/register", school.oak)),
    )
    .await;
    let register_csv = text_of(
        school
            .dsl
            .get(&format!("/staff/classes/{}/register.csv", school.oak)),
    )
    .await;
    assert!(register.contains("Liv") && register_csv.contains("Liv"));
    let letters = text_of(
        school
            .admin
            .send(
                Method::POST,
                &format!("/staff/classes/{}/parent-letters", school.oak),
            )
            .json(&serde_json::json!({})),
    )
    .await;
    assert!(letters.contains("Liv"));
    for (what, text) in [
        ("kiosk classes", &kiosk_classes),
        ("kiosk pupils", &kiosk_pupils),
        ("register", &register),
        ("register CSV", &register_csv),
        ("parents' letters", &letters),
    ] {
        for word in secret {
            // The class's own year group (taken from its pupils' rows) is what the tablet shows
            // lessons by; it says nothing about any one child.
            if what == "kiosk classes" && word == "y3" {
                continue;
            }
            assert!(!text.contains(word), "{what} shows {word}: {text}");
        }
    }
}

#[tokio::test]
async fn the_details_are_typed_by_the_class_s_editors_and_the_dsl_and_checked() {
    let school = School::new().await;
    let s = &school.s;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let other = s.add_staff("other@school.example", Role::Teacher).await;
    let governor = s.add_staff("governor@school.example", Role::Governor).await;
    s.state
        .storage
        .add_class_teacher(ClassId(school.oak), teacher.id)
        .await
        .unwrap();
    let path = format!("/staff/pupils/{}/details", school.liv);
    let put = |c: StaffClient, body: serde_json::Value| {
        let path = path.clone();
        async move { c.send(Method::PUT, &path).json(&body).send().await.unwrap() }
    };
    let good = serde_json::json!({
        "last_name": "Brown-Smith", "date_of_birth": "4/9/2016", "year_group": "y3",
        "upn": "a123456789012", "admitted_on": "", "leaving_on": null
    });
    let r = put(s.session_for(teacher.id).await, good.clone()).await;
    assert_eq!(r.status(), 200);
    let page: PupilDetailsPage = r.json().await.unwrap();
    assert_eq!(page.details.last_name.as_deref(), Some("Brown-Smith"));
    assert_eq!(page.details.date_of_birth.as_deref(), Some("2016-09-04"));
    assert_eq!(page.details.upn.as_deref(), Some("A123456789012"));
    assert_eq!(page.details.admitted_on, None, "an empty box clears it");
    assert_eq!(
        put(school.dsl_session().await, good.clone()).await.status(),
        200
    );
    for who in [&other, &governor] {
        let r = put(s.session_for(who.id).await, good.clone()).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let r = put(
        school.dsl_session().await,
        serde_json::json!({ "date_of_birth": "31/02/2016" }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body.to_string().contains("date of birth"),
        "a plain message: {body}"
    );
    let log = school.audit_actions().await;
    assert_eq!(
        log.iter()
            .filter(|(a, _, _)| a == "pupil_details_changed")
            .count(),
        2
    );
    assert!(log
        .iter()
        .all(|(_, _, detail)| !detail.contains("Brown-Smith") && !detail.contains("2016")));
}

impl School {
    async fn dsl_session(&self) -> StaffClient {
        self.s.session_for(self.dsl_login.id).await
    }
}

/// A chronology entry to add straight into storage (its form is another part of the product).
struct Event<'a> {
    at_ms: i64,
    kind: &'a str,
    detail: &'a str,
    /// An action's owner and due date.
    owner_due: Option<(StaffId, &'a str)>,
    /// The entry it completes or corrects.
    refers_to: Option<i64>,
}

/// Adds the entry by `by` to the record; answers its id.
async fn event(pool: &AnyPool, report_id: &str, by: StaffId, e: Event<'_>) -> i64 {
    sqlx::query(
        "INSERT INTO report_events (report_id, at_ms, staff_id, staff_name, kind, action_type, detail, owner_id, due_on, refers_to) \
         VALUES ($1, $2, $3, 'Dee Esel', $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(report_id)
    .bind(e.at_ms)
    .bind(by)
    .bind(e.kind)
    .bind((e.kind == "action").then_some("spoke_to_pupil"))
    .bind(e.detail)
    .bind(e.owner_due.map(|(o, _)| o))
    .bind(e.owner_due.map(|(_, d)| d.to_string()))
    .bind(e.refers_to)
    .fetch_one(pool)
    .await
    .map(|r| sqlx::Row::get::<i64, _>(&r, 0))
    .unwrap()
}

const CONCERN: &str = "5b0a3f0e-8a51-4a4e-9d55-0c2f4f0e7c01";

const DAY: i64 = 86_400_000;
const T0: i64 = 1_790_000_000_000;

#[tokio::test]
async fn the_chronology_shows_each_record_with_what_the_school_did_and_the_context_in_order() {
    let school = School::new().await;
    let s = &school.s;
    let store = &s.state.storage;
    let pool = school.pool().await;
    let dsl = school.dsl_login.id;
    let liv = PupilId(school.liv);

    // Context: Liv signs the AUP, her parent co-signs, photo consent changes, Oak is taught.
    let version = store
        .current_agreement(kite_protocol::agreement::AgreementKind::Pupil)
        .await
        .unwrap()
        .expect("Kite ships a pupil AUP");
    store
        .store_pupil_signatures(
            s.device_id,
            T0,
            &[kite_server::storage::NewPupilSignature {
                id: uuid::Uuid::new_v4(),
                pupil_id: liv,
                version_id: version.id,
                mark_kind: "initials",
                mark: "LB".into(),
                signed_at_ms: T0,
            }],
        )
        .await
        .unwrap();
    let home = store
        .current_agreement(kite_protocol::agreement::AgreementKind::HomeSchool)
        .await
        .unwrap()
        .expect("Kite ships a home-school agreement");
    store
        .add_cosignature(liv, version.id, home.id, "Sam Brown", T0 + DAY, None)
        .await
        .unwrap();
    store
        .add_consent(&NewConsent {
            pupil_id: liv,
            use_key: "website",
            granted: false,
            given_by: "Sam Brown",
            at_ms: T0 + 2 * DAY,
            paper: None,
        })
        .await
        .unwrap();
    store
        .store_lesson_records(
            s.device_id,
            T0 + 3 * DAY,
            &[NewLessonRecord {
                id: uuid::Uuid::new_v4(),
                lesson_id: "ks2-being-kind-online".into(),
                band: "ks2".into(),
                class_label: Some("oak".into()),
                by: "teacher".into(),
                completed_at_ms: T0 + 3 * DAY,
            }],
        )
        .await
        .unwrap();

    // A staff concern about Liv, then what the DSL did about it.
    school
        .staff_concern(CONCERN, T0 + 4 * DAY, &[(school.liv, "affected")])
        .await;
    let action = event(
        &pool,
        CONCERN,
        dsl,
        Event {
            at_ms: T0 + 5 * DAY,
            kind: "action",
            detail: "Spoke to Liv with her teacher",
            owner_due: Some((dsl, "2026-10-01")),
            refers_to: None,
        },
    )
    .await;
    let correction = Event {
        at_ms: T0 + 6 * DAY,
        kind: "correction",
        detail: "It was Tuesday, not Monday",
        owner_due: None,
        refers_to: None,
    };
    event(&pool, CONCERN, dsl, correction).await;
    let done = Event {
        at_ms: T0 + 7 * DAY,
        kind: "completed",
        detail: "Done",
        owner_due: None,
        refers_to: Some(action),
    };
    event(&pool, CONCERN, dsl, done).await;
    sqlx::query(
        "INSERT INTO referrals (report_id, agency, referred_on, reference, result, recorded_by, recorded_at_ms) \
         VALUES ($1, 'early_help', '2026-10-02', 'EH-42', 'Family support offered', $2, $3)",
    )
    .bind(CONCERN)
    .bind(dsl)
    .bind(T0 + 7 * DAY)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO parents_informed (report_id, pupil_id, informed, who, how, informed_on, recorded_by, recorded_at_ms) \
         VALUES ($1, $2, $3, 'Sam Brown', 'phone', '2026-10-02', $4, $5)",
    )
    .bind(CONCERN)
    .bind(liv)
    .bind(true)
    .bind(dsl)
    .bind(T0 + 7 * DAY)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE reports SET status = 'closed', outcome = 'resolved_in_school', \
         outcome_reason = 'Handled with the family', not_referred_reason = NULL WHERE id = $1",
    )
    .bind(CONCERN)
    .execute(&pool)
    .await
    .unwrap();

    let (oldest, _) = school.record(school.liv, "oldest").await;
    assert_eq!(oldest.first_name, "Liv");
    assert_eq!(oldest.details.last_name.as_deref(), Some("Brown"));
    let kinds: Vec<&str> = oldest
        .chronology
        .iter()
        .map(|e| match e {
            ChronologyEntry::AupSigned { .. } => "aup",
            ChronologyEntry::ParentCoSigned { .. } => "cosigned",
            ChronologyEntry::OwnAgreementSigned { .. } => "own agreement",
            ChronologyEntry::PhotoConsent { .. } => "consent",
            ChronologyEntry::Lesson { .. } => "lesson",
            ChronologyEntry::Record { .. } => "record",
        })
        .collect();
    assert_eq!(kinds, ["aup", "cosigned", "consent", "lesson", "record"]);
    let (newest, _) = school.record(school.liv, "newest").await;
    let reversed: Vec<_> = oldest.chronology.iter().rev().cloned().collect();
    assert_eq!(newest.chronology, reversed);

    let ChronologyEntry::Record { at_ms, record } = &newest.chronology[0] else {
        panic!("the concern is newest");
    };
    assert_eq!(
        *at_ms,
        T0 + 4 * DAY,
        "when it happened, not when it was written"
    );
    assert_eq!(record.source, "staff");
    assert_eq!(record.what, "saw_something_upsetting");
    assert_eq!(record.involvement.as_str(), "affected");
    assert_eq!(
        record.written_by.as_deref(),
        Some(
            s.state
                .storage
                .staff_by_id(dsl)
                .await
                .unwrap()
                .unwrap()
                .name
                .as_str()
        )
    );
    assert_eq!(record.status.as_str(), "closed");
    assert_eq!(
        record.outcome_reason.as_deref(),
        Some("Handled with the family")
    );
    let events: Vec<_> = record
        .events
        .iter()
        .map(|e| (e.kind.as_str(), e.due_on.as_deref(), e.refers_to))
        .collect();
    assert_eq!(
        events,
        [
            ("action", Some("2026-10-01"), None),
            ("correction", None, None),
            ("completed", None, Some(action)),
        ]
    );
    assert!(record.events[0].owner.is_some());
    assert_eq!(record.referrals.len(), 1);
    assert_eq!(record.referrals[0].agency, "early_help");
    assert_eq!(record.referrals[0].reference.as_deref(), Some("EH-42"));
    assert_eq!(record.parents_informed.len(), 1);
    assert_eq!(record.parents_informed[0].how.as_deref(), Some("phone"));

    // The file a new school receives carries what was written, in the writer's words.
    assert_eq!(
        record.account,
        Some(RecordAccount::Staff {
            place: Some("The hall at lunch".into()),
            what_happened: "Liv and Ben were shown a video at lunch".into(),
            child_words: Some("It had a scary man in it".into()),
            action_taken: Some("Took the phone to the office".into()),
        })
    );
}

#[tokio::test]
async fn a_record_about_two_children_shows_each_only_their_own_part() {
    let school = School::new().await;
    let pool = school.pool().await;
    let dsl = school.dsl_login.id;
    school
        .staff_concern(
            CONCERN,
            T0,
            &[(school.liv, "affected"), (school.ben, "involved")],
        )
        .await;
    for (pupil, who) in [(school.liv, "Sam Brown"), (school.ben, "Mr Zebedee")] {
        sqlx::query(
            "INSERT INTO parents_informed (report_id, pupil_id, informed, who, how, informed_on, recorded_by, recorded_at_ms) \
             VALUES ($1, $2, $3, $4, 'in person', '2026-10-02', $5, $6)",
        )
        .bind(CONCERN)
        .bind(pupil)
        .bind(true)
        .bind(who)
        .bind(dsl)
        .bind(T0)
        .execute(&pool)
        .await
        .unwrap();
    }

    // What the DSL types on the record itself (an action, a reason, parents told with no child
    // chosen) may name either child: it stays on the record's page.
    event(
        &pool,
        CONCERN,
        dsl,
        Event {
            at_ms: T0 + DAY,
            kind: "action",
            detail: "Spoke with Liv and then with Ben at break",
            owner_due: Some((dsl, "2026-10-09")),
            refers_to: None,
        },
    )
    .await;
    sqlx::query(
        "INSERT INTO parents_informed (report_id, informed, why_not, recorded_by, recorded_at_ms) \
         VALUES ($1, $2, 'Ben''s older brother is the one messaging Liv', $3, $4)",
    )
    .bind(CONCERN)
    .bind(false)
    .bind(dsl)
    .bind(T0 + DAY)
    .execute(&pool)
    .await
    .unwrap();

    let (liv, liv_text) = school.record(school.liv, "newest").await;
    let (ben, ben_text) = school.record(school.ben, "newest").await;
    let record = |page: &PupilRecordPage| match &page.chronology[..] {
        [ChronologyEntry::Record { record, .. }] => record.clone(),
        other => panic!("one record: {other:?}"),
    };
    assert_eq!(record(&liv).involvement.as_str(), "affected");
    assert_eq!(record(&ben).involvement.as_str(), "involved");
    // What was done, by whom and when, stays in each chronology; its words don't.
    for page in [&liv, &ben] {
        let r = record(page);
        assert!(r.shared);
        assert_eq!(r.account, None, "its words name the other child");
        let action = r
            .events
            .iter()
            .find(|e| e.kind == "action")
            .expect("the action");
        assert_eq!(action.due_on.as_deref(), Some("2026-10-09"));
        assert_eq!(action.detail, "");
        assert_eq!(
            r.parents_informed.len(),
            2,
            "its own and the whole record's"
        );
    }
    assert_eq!(
        record(&liv).parents_informed[0].who.as_deref(),
        Some("Sam Brown")
    );
    assert_eq!(
        record(&ben).parents_informed[0].who.as_deref(),
        Some("Mr Zebedee")
    );
    for word in ["Ben", "Zebedee", "Benjamin", "involved"] {
        assert!(!liv_text.contains(word), "Liv's chronology shows {word}");
    }
    for word in ["Liv", "Brown", "Olivia", "affected"] {
        assert!(!ben_text.contains(word), "Ben's chronology shows {word}");
    }

    // The record itself names both children, for its own page.
    let linked = school.s.state.storage.linked_pupils(CONCERN).await.unwrap();
    let names: Vec<_> = linked.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Liv Brown", "Ben Zebedee"]);
}

#[tokio::test]
async fn linking_a_pupil_s_report_to_a_child_needs_a_reason_is_audited_and_twice_is_refused() {
    let school = School::new().await;
    let s = &school.s;
    let stored = s
        .sync_ok(vec![s.item(&report(WhatHappened::StrangerTalkedToMe))])
        .await;
    let id = stored.acks[0].id.to_string();
    let (before, _) = school.record(school.liv, "newest").await;
    assert!(
        !before
            .chronology
            .iter()
            .any(|e| matches!(e, ChronologyEntry::Record { .. })),
        "an anonymous report is in no child's chronology until the DSL links it"
    );

    let path = format!("/staff/reports/{id}/pupils");
    let link = |body: serde_json::Value| {
        let path = path.clone();
        let c = &school.dsl;
        async move {
            c.send(Method::POST, &path)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let no_reason = link(
        serde_json::json!({"pupil_id": school.liv, "involvement": "affected", "reason": "  "}),
    )
    .await;
    assert_eq!(no_reason.status(), StatusCode::BAD_REQUEST);
    let body = no_reason.text().await.unwrap();
    assert!(body.contains("reason"), "{body}");
    let missing =
        link(serde_json::json!({"pupil_id": school.liv, "involvement": "affected"})).await;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    let unknown = link(
        serde_json::json!({"pupil_id": 999_999, "involvement": "affected", "reason": "Told me"}),
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);

    let reason = "Liv told her teacher it was her who made this report";
    let ok = link(
        serde_json::json!({"pupil_id": school.liv, "involvement": "affected", "reason": reason}),
    )
    .await;
    assert_eq!(ok.status(), 200);
    let linked: Vec<LinkedPupil> = ok.json().await.unwrap();
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].name, "Liv Brown");
    assert_eq!(linked[0].reason.as_deref(), Some(reason));

    let twice = link(
        serde_json::json!({"pupil_id": school.liv, "involvement": "witness", "reason": "Again"}),
    )
    .await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    let body = twice.text().await.unwrap();
    assert!(body.contains("already linked"), "{body}");

    let (after, _) = school.record(school.liv, "newest").await;
    let record = after
        .chronology
        .iter()
        .find_map(|e| match e {
            ChronologyEntry::Record { record, .. } => Some(record),
            _ => None,
        })
        .expect("the linked report is in Liv's chronology");
    assert_eq!(record.report_id, id);
    assert_eq!(record.source, "pupil");
    assert_eq!(record.link_reason.as_deref(), Some(reason));
    let detail: ReportDetail = school.dsl.json(&format!("/staff/reports/{id}")).await;
    assert_eq!(detail.linked_pupils.len(), 1);

    let log = school.audit_actions().await;
    let links: Vec<_> = log
        .iter()
        .filter(|(a, _, _)| a == "link_report_pupil")
        .collect();
    assert_eq!(links.len(), 1, "only the link that was made: {log:?}");
    assert_eq!(links[0].1.as_deref(), Some(id.as_str()));
    assert!(
        !links[0].2.contains("told her teacher"),
        "no content in the audit"
    );
}

#[tokio::test]
async fn every_view_and_print_of_a_record_is_audited() {
    let school = School::new().await;
    school.record(school.liv, "newest").await;
    school.record(school.liv, "oldest").await;
    let r = school
        .dsl
        .send(
            Method::POST,
            &format!("/staff/pupils/{}/record/printed", school.liv),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let printed: RecordPrinted = r.json().await.unwrap();
    let me = school
        .s
        .state
        .storage
        .staff_by_id(school.dsl_login.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(printed.printed_by, me.name);
    let log = school.audit_actions().await;
    let count = |action: &str| log.iter().filter(|(a, _, _)| a == action).count();
    assert_eq!(count("view_pupil_record"), 2);
    assert_eq!(count("print_pupil_record"), 1);
    assert!(log
        .iter()
        .filter(|(a, _, _)| a.ends_with("pupil_record"))
        .all(|(_, _, d)| *d == format!("pupil {}", school.liv)));
    let unknown = school
        .dsl
        .get("/staff/pupils/999999/record")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_the_dsl_reads_a_child_s_record() {
    let school = School::new().await;
    let s = &school.s;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    s.state
        .storage
        .add_class_teacher(ClassId(school.oak), teacher.id)
        .await
        .unwrap();
    let governor = s.add_staff("governor@school.example", Role::Governor).await;
    let record = format!("/staff/pupils/{}/record", school.liv);
    let printed = format!("/staff/pupils/{}/record/printed", school.liv);
    for c in [
        s.session_for(teacher.id).await,
        school.admin_session().await,
        s.session_for(governor.id).await,
    ] {
        for (method, path) in [
            (Method::GET, record.as_str()),
            (Method::POST, printed.as_str()),
            (Method::GET, "/staff/pupils?q=liv"),
        ] {
            let r = c.send(method.clone(), path).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{method} {path}");
            assert!(!r.text().await.unwrap().contains("Brown"));
        }
    }

    // A parent signed in with Liv's letter, and a tablet: neither is a staff session.
    let letters: kite_protocol::parents::ParentLetters = {
        let r = school
            .admin
            .send(
                Method::POST,
                &format!("/staff/classes/{}/parent-letters", school.oak),
            )
            .json(&serde_json::json!({ "pupil_ids": [school.liv] }))
            .send()
            .await
            .unwrap();
        r.json().await.unwrap()
    };
    let r = s
        .client
        .post(format!("{}/api/v1/parents/session", s.url))
        .json(&serde_json::json!({ "code": letters.letters[0].code }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let parent_cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let as_parent = s
        .client
        .get(format!("{}/api/v1{record}", s.url))
        .header("cookie", parent_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(as_parent.status(), StatusCode::UNAUTHORIZED);
    let as_tablet = s
        .client
        .get(format!("{}/api/v1{record}", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(as_tablet.status(), StatusCode::UNAUTHORIZED);
    let log = school.audit_actions().await;
    assert!(!log.iter().any(|(a, _, _)| a == "view_pupil_record"));
}

impl School {
    async fn admin_session(&self) -> StaffClient {
        StaffClient {
            url: self.admin.url.clone(),
            cookie: self.admin.cookie.clone(),
            csrf: self.admin.csrf.clone(),
            client: self.admin.client.clone(),
        }
    }
}
