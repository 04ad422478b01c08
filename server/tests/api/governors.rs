//! The governors' report and the incident-log export, on a seeded term: figures match the seeded
//! data, small numbers are suppressed (with the complementary count when one alone would give it
//! away), and the export leaves out identifying fields unless the DSL asks for them.

use kite_protocol::oversight::{Count, GovernorsReport};
use kite_protocol::report::{Reporter, WhatHappened};
use kite_protocol::staff::{ActionType, Category, Role, Status};
use kite_protocol::Band;
use kite_server::storage::{NewReport, NewReportEvent, ReportChange};
use reqwest::StatusCode;
use uuid::Uuid;

use crate::helpers::{report, TestServer};
use crate::record_seed::{self, Concern};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// 1 September 2026, 00:00 UTC: the autumn term.
const TERM: i64 = 1_788_220_800_000;
const TERM_END: i64 = TERM + 120 * DAY;

pub(crate) struct Seed {
    pub(crate) at: i64,
    pub(crate) category: Option<Category>,
    pub(crate) band: Option<Band>,
    pub(crate) urgent: bool,
    /// Hours after arriving that the DSL first opened it, if they have.
    pub(crate) opened_after_h: Option<i64>,
    pub(crate) closed: bool,
    pub(crate) action: Option<ActionType>,
}

pub(crate) async fn seed(s: &TestServer, dsl_id: kite_server::ids::StaffId, seeds: &[Seed]) {
    for (i, sd) in seeds.iter().enumerate() {
        let mut r = report(WhatHappened::SomeoneWasUnkind);
        r.band = sd.band;
        r.words = Some(format!("pupil words number {i}"));
        r.reporter = Reporter::Named {
            first_name: "Ava".into(),
            class: "Oak".into(),
        };
        let id = Uuid::new_v4();
        s.state
            .storage
            .store_reports(
                s.device_id,
                sd.at,
                &[NewReport {
                    id,
                    urgent: sd.urgent,
                    what: "someone_was_unkind".into(),
                    payload: serde_json::to_string(&r).unwrap(),
                }],
            )
            .await
            .unwrap();
        let Some(after) = sd.opened_after_h else {
            continue;
        };
        let at = sd.at + after * HOUR;
        let event = |kind: &str, action_type| NewReportEvent {
            at_ms: at,
            staff_id: dsl_id,
            staff_name: "Mrs Khan".into(),
            kind: kind.into(),
            action_type,
            detail: "seeded".into(),
        };
        let mut events = vec![event("status", None)];
        if let Some(a) = sd.action {
            events.push(event("action", Some(a)));
        }
        let change = ReportChange {
            status: Some(if sd.closed {
                Status::Closed
            } else {
                Status::Seen
            }),
            category: sd.category,
            outcome: sd.closed.then_some(kite_protocol::staff::Outcome::Resolved),
            ..Default::default()
        };
        assert!(s
            .state
            .storage
            .change_report(&id.to_string(), &change, &events, at)
            .await
            .unwrap());
    }
}

pub(crate) fn one(at: i64, category: Option<Category>, band: Option<Band>) -> Seed {
    Seed {
        at,
        category,
        band,
        urgent: false,
        opened_after_h: None,
        closed: false,
        action: None,
    }
}

fn line<'a>(
    lines: &'a [kite_protocol::oversight::Line],
    key: &str,
) -> &'a kite_protocol::oversight::Line {
    lines
        .iter()
        .find(|l| l.key == key)
        .unwrap_or_else(|| panic!("no line {key}"))
}

/// The autumn term of 2026-27 (September to December), beside the summer term before it.
fn period() -> String {
    "period=2026-27/autumn".into()
}

/// The DSL's incident log takes any dates: the autumn term's.
fn export_period() -> String {
    format!("from_ms={TERM}&to_ms={TERM_END}")
}

#[tokio::test]
async fn the_governors_report_counts_the_term_and_hides_small_numbers() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let admin = s.add_staff("head@school.example", Role::Admin).await;
    use Category::*;
    let d = |n: i64| TERM + n * DAY;
    // (category, band, urgent, hours until first opened, closed, action)
    let term: Vec<Seed> = [
        (
            Some(Cyberbullying),
            Band::Ks2,
            true,
            Some(1),
            true,
            Some(ActionType::SpokeWithPupil),
        ),
        (
            Some(Cyberbullying),
            Band::Ks2,
            false,
            Some(2),
            true,
            Some(ActionType::ParentsInformed),
        ),
        (
            Some(Cyberbullying),
            Band::Ks2,
            false,
            Some(30),
            true,
            Some(ActionType::SpokeWithPupil),
        ),
        (Some(Cyberbullying), Band::Ks2, false, Some(5), false, None),
        (Some(Contact), Band::Ks2, true, Some(50), false, None),
        (Some(Contact), Band::Ks1, false, Some(3), false, None),
        (None, Band::Ks1, false, None, false, None),
    ]
    .into_iter()
    .enumerate()
    .map(
        |(n, (category, band, urgent, opened_after_h, closed, action))| Seed {
            at: d(n as i64 + 1),
            category,
            band: Some(band),
            urgent,
            opened_after_h,
            closed,
            action,
        },
    )
    .collect();
    // The term before: three reports. One after the term: not counted.
    let mut all = term;
    all.extend((0..3).map(|n| Seed {
        opened_after_h: Some(1),
        ..one(TERM - (n + 1) * DAY, Some(Cyberbullying), None)
    }));
    all.push(one(TERM_END + 3 * DAY, None, Some(Band::Ks2)));
    seed(&s, dsl.id, &all).await;

    let head = s.login(&admin).await;
    let r: GovernorsReport = head
        .json(&format!("/staff/governors-report?{}", period()))
        .await;
    assert_eq!(r.reports.now, Count::Exact(7));
    assert_eq!(r.reports.before, Count::Exact(3));
    assert_eq!(line(&r.by_category, "cyberbullying").now, Count::Exact(4));
    assert_eq!(
        line(&r.by_category, "cyberbullying").before,
        Count::Exact(3)
    );
    assert_eq!(line(&r.by_category, "contact").now, Count::FewerThanThree);
    assert_eq!(
        line(&r.by_category, "not_yet_categorised").now,
        Count::FewerThanThree
    );
    // None is "none", never "fewer than 3": only counts of 1 or 2 are hidden.
    for key in ["ypsi", "grooming_exploitation", "radicalisation_extremism"] {
        assert_eq!(line(&r.by_category, key).now, Count::Exact(0), "{key}");
        assert_eq!(line(&r.by_category, key).now.text(), "none");
    }
    assert_eq!(line(&r.by_category, "contact").before, Count::Exact(0));
    // KS1 has 2 and KS2 has 5 of 7: showing 5 would give the 2 away, so both are hidden.
    assert_eq!(line(&r.by_band, "ks1").now, Count::FewerThanThree);
    assert_eq!(line(&r.by_band, "ks2").now, Count::FewerThanThree);
    assert_eq!(line(&r.by_band, "unknown").before, Count::Exact(3));
    assert_eq!(line(&r.by_urgency, "urgent").now, Count::FewerThanThree);
    assert_eq!(line(&r.by_urgency, "not_urgent").now, Count::FewerThanThree);
    // New 1, seen 3, closed 3: the lone 1 hides the smallest shown count with it, and every
    // count of that size (hiding only one of two 3s would say which was hidden).
    assert_eq!(line(&r.by_status, "new").now, Count::FewerThanThree);
    assert_eq!(line(&r.by_status, "seen").now, Count::FewerThanThree);
    assert_eq!(line(&r.by_status, "closed").now, Count::FewerThanThree);
    // First opened after 1, 2, 3, 5, 30 and 50 hours.
    assert_eq!(r.median_hours_to_first_response, Some(4.0));
    assert_eq!(r.responded_within_a_day, Count::Exact(4));
    assert_eq!(
        line(&r.actions_by_type, "spoke_with_pupil").now,
        Count::FewerThanThree
    );
    let json = serde_json::to_string(&r).unwrap();
    assert!(
        !json.contains("pupil words") && !json.contains("Ava"),
        "nothing identifying"
    );

    // Reading it is audited.
    let audit: kite_protocol::staff::AuditPage = s.login(&dsl).await.json("/staff/audit").await;
    assert!(audit
        .entries
        .iter()
        .any(|e| e.action == "view_governors_report" && e.staff_email == admin.email));

    // Dates of one's own choosing are refused with a reason.
    let bad = head
        .get(&format!(
            "/staff/governors-report?from_ms={TERM}&to_ms={TERM_END}"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(bad.text().await.unwrap().contains("named period"));
}

#[tokio::test]
async fn a_governor_made_by_the_admin_signs_the_governor_aup_and_reads_the_same_report() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let admin = s.add_staff("head@school.example", Role::Admin).await;
    use Category::*;
    let seeds: Vec<Seed> = (0..4)
        .map(|n| one(TERM + n * DAY, Some(Cyberbullying), Some(Band::Ks2)))
        .chain([one(TERM + DAY, Some(Contact), Some(Band::Ks1))])
        .collect();
    seed(&s, dsl.id, &seeds).await;

    let head = s.login(&admin).await;
    let made = head
        .send(reqwest::Method::POST, "/staff/accounts")
        .json(&kite_protocol::staff::NewStaff {
            email: "chair@school.example".into(),
            name: "Mr Osei".into(),
            role: Role::Governor,
            password: "a long governor password".into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 200);
    let governor = crate::helpers::StaffLogin {
        id: kite_server::ids::StaffId(
            made.json::<kite_protocol::staff::StaffAccount>()
                .await
                .unwrap()
                .id,
        ),
        email: "chair@school.example".into(),
        password: "a long governor password".into(),
        totp_secret: None,
    };
    let chair = s.login(&governor).await;
    let mine: kite_protocol::agreement::MyAgreement = chair.json("/staff/agreement").await;
    assert_eq!(
        mine.current.kind,
        kite_protocol::agreement::AgreementKind::Governor
    );

    let path = format!("/staff/governors-report?{}", period());
    let theirs: GovernorsReport = chair.json(&path).await;
    let heads: GovernorsReport = head.json(&path).await;
    assert_eq!(
        serde_json::to_value(&theirs).unwrap(),
        serde_json::to_value(&heads).unwrap()
    );
    assert_eq!(theirs.reports.now, Count::Exact(5));
    assert_eq!(line(&theirs.by_category, "contact").now, Count::Exact(0));
    // Nothing else: not the inbox, the export, classes or the audit log.
    for path in [
        "/staff/reports",
        "/staff/reports/export.csv",
        "/staff/classes",
        "/staff/audit",
    ] {
        assert_eq!(
            chair.get(path).send().await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_incident_log_export_leaves_out_identifying_fields_unless_the_dsl_asks() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let mut seeds: Vec<Seed> = (0..3)
        .map(|n| one(TERM + n * DAY, Some(Category::Contact), Some(Band::Ks2)))
        .collect();
    seeds[0].opened_after_h = Some(1);
    seeds[0].closed = true;
    seeds[0].action = Some(ActionType::Ceop);
    seed(&s, dsl.id, &seeds).await;
    // A parent's concern in the same term: exported with its own source, counted apart.
    let concern = kite_protocol::parents::ParentConcern {
        text: "My son is getting messages from an adult".into(),
        parent_name: Some("Sam Jones".into()),
        contact: Some("07700 900123".into()),
        child: Some("Leo J., Oak".into()),
        anonymous: false,
        made_at_ms: TERM + 5 * DAY,
    };
    s.state
        .storage
        .store_parent_concern(
            Uuid::new_v4(),
            false,
            &serde_json::to_string(&concern).unwrap(),
            TERM + 5 * DAY,
        )
        .await
        .unwrap();
    let c = s.login(&dsl).await;
    let r: GovernorsReport = c
        .json(&format!("/staff/governors-report?{}", period()))
        .await;
    assert_eq!(r.reports.now, Count::Exact(3), "pupils' reports only");
    assert_eq!(r.parent_concerns.now, Count::FewerThanThree);

    let csv = c
        .get(&format!("/staff/reports/export.csv?{}", export_period()))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        5,
        "a header, three reports and a concern:\n{text}"
    );
    assert!(lines[4].contains(",parent,") && lines[4].contains(",parent_concern,"));
    assert!(lines[0].starts_with("report_id,source,received_utc,urgent,status,category"));
    assert!(
        lines[1].contains(",pupil,2026-09-01 00:00")
            && lines[1].contains(",closed,contact,resolved,")
    );
    assert!(lines[1].contains(",any_grown_up,ceop,"), "{}", lines[1]);
    for private in [
        "pupil words",
        "Ava",
        "Oak",
        "messages from an adult",
        "Sam Jones",
        "07700",
    ] {
        assert!(
            !text.contains(private),
            "{private} is not in the plain export"
        );
    }

    let full = c
        .get(&format!(
            "/staff/reports/export.csv?{}&identifying=true",
            export_period()
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(full
        .lines()
        .next()
        .unwrap()
        .contains(",words,name_given,class_or_child,contact,web_address,"));
    assert!(full.contains("pupil words number 0,Ava,Oak,,"));
    assert!(full.contains(
        "My son is getting messages from an adult,Sam Jones,\"Leo J., Oak\",07700 900123,"
    ));

    let audit: kite_protocol::staff::AuditPage = c.json("/staff/audit").await;
    let exports: Vec<_> = audit
        .entries
        .iter()
        .filter(|e| e.action == "export_incident_log")
        .collect();
    assert_eq!(exports.len(), 2);
    assert!(
        exports[0].detail.contains("with identifying fields"),
        "newest first: {}",
        exports[0].detail
    );
    assert!(exports[1].detail.contains("no identifying fields"));
}

/// A day of the autumn term at a time of day: `day` 0 is Tuesday 1 September 2026.
fn at(day: i64, hour: i64) -> i64 {
    TERM + day * DAY + hour * HOUR
}

#[tokio::test]
async fn staff_concerns_referrals_and_first_reads_are_counted_with_small_numbers_hidden() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let governor = s.add_staff("chair@school.example", Role::Governor).await;
    let db = s.db().await;
    let concern = |at_ms, came_to_light, outcome| Concern {
        outcome,
        what_happened: "Secret words about a named child",
        ..Concern::new(at_ms, came_to_light, teacher.id)
    };
    // Five monitoring alerts, a filtering breach and one a member of staff saw, this term.
    let mut ids = Vec::new();
    for (day, hour) in [(0, 10), (1, 10), (3, 15), (6, 10), (7, 10)] {
        let outcome = if ids.len() < 4 {
            Some("referred_on")
        } else {
            Some("resolved")
        };
        ids.push(
            record_seed::concern(&db, &concern(at(day, hour), "monitoring_alert", outcome)).await,
        );
    }
    ids.push(record_seed::concern(&db, &concern(at(8, 9), "filtering_breach", None)).await);
    ids.push(record_seed::concern(&db, &concern(at(9, 9), "seen_by_me", None)).await);
    // The term before: one parent told a member of staff.
    record_seed::concern(&db, &concern(TERM - 10 * DAY, "parent", None)).await;

    // First read after 1 hour (Tuesday), 2 hours (Wednesday), Friday 15:00 to Monday 14:00 (23
    // working hours) and Monday to Wednesday (48 hours); the other three not read yet.
    record_seed::read(&db, &ids[0], dsl.id, at(0, 11)).await;
    record_seed::read(&db, &ids[1], dsl.id, at(1, 12)).await;
    record_seed::read(&db, &ids[2], dsl.id, at(6, 14)).await;
    record_seed::read(&db, &ids[3], dsl.id, at(8, 10)).await;
    // A second DSL reading it later doesn't change when it was first read.
    let deputy = s.add_staff("deputy@school.example", Role::Dsl).await;
    record_seed::read(&db, &ids[0], deputy.id, at(9, 9)).await;

    // Referrals: four to the police, one to CEOP and one to early help this term (the first on
    // its first day), one to the police the term before.
    for (i, (agency, on)) in [
        ("police", "2026-09-01"),
        ("police", "2026-09-02"),
        ("police", "2026-09-05"),
        ("police", "2026-09-08"),
        ("ceop", "2026-09-08"),
        ("early_help", "2026-09-10"),
        ("police", "2026-08-31"),
    ]
    .into_iter()
    .enumerate()
    {
        record_seed::referral(&db, &ids[i.min(3)], agency, on, dsl.id).await;
    }

    let chair = s.login(&governor).await;
    let r: GovernorsReport = chair
        .json(&format!("/staff/governors-report?{}", period()))
        .await;
    assert_eq!(r.staff_concerns.now, Count::Exact(7));
    assert_eq!(r.staff_concerns.before, Count::FewerThanThree);
    // 5 monitoring alerts, a breach and one seen: two hidden counts beside a shown none would
    // be two 1s (7 − 5), so the 5 is hidden with them.
    let source = |key| line(&r.staff_concerns_by_source, key).now;
    assert_eq!(source("monitoring_alert"), Count::FewerThanThree);
    assert_eq!(source("child_told_me"), Count::Exact(0));
    assert_eq!(source("filtering_breach"), Count::FewerThanThree);
    assert_eq!(source("seen_by_me"), Count::FewerThanThree);
    assert_eq!(
        line(&r.staff_concerns_by_category, "contact").now,
        Count::Exact(7)
    );
    // Outcomes: referred on 4, resolved 1, not closed 2.
    assert_eq!(
        line(&r.staff_concerns_by_outcome, "referred_on").now,
        Count::Exact(4)
    );
    assert_eq!(
        line(&r.staff_concerns_by_outcome, "resolved").now,
        Count::FewerThanThree
    );
    assert_eq!(
        line(&r.staff_concerns_by_outcome, "no_outcome_yet").now,
        Count::FewerThanThree
    );
    // Referrals: 6 this term, the police's 4, CEOP's and early help's 1 each: all three hidden
    // (two hidden 1s would be worked out from 6 − 4).
    assert_eq!(r.referrals.now, Count::Exact(6));
    assert_eq!(r.referrals.before, Count::FewerThanThree);
    assert_eq!(
        line(&r.referrals_by_agency, "police").now,
        Count::FewerThanThree
    );
    assert_eq!(
        line(&r.referrals_by_agency, "ceop").now,
        Count::FewerThanThree
    );
    // Waits of 1, 2, 48 and 71 hours: the median is 25; three within a working day.
    assert_eq!(r.median_hours_to_first_read, Some(25.0));
    assert_eq!(r.read_within_a_working_day, Count::Exact(3));
    // Pupils' reports keep their own figures: there were none, and it says so.
    assert_eq!(r.reports.now, Count::Exact(0));
    assert_eq!(r.median_hours_to_first_response, None);
    let json = serde_json::to_string(&r).unwrap();
    assert!(
        !json.contains("Secret words"),
        "nothing of a concern's words"
    );

    // A month with no staff concern: no median, and none (not "fewer than 3") for each count.
    let october: GovernorsReport = chair.json("/staff/governors-report?period=2026-10").await;
    assert_eq!(october.median_hours_to_first_read, None);
    assert_eq!(october.read_within_a_working_day, Count::Exact(0));
    assert_eq!(october.staff_concerns.now, Count::Exact(0));
    // The first days of term are not a period a governor can ask for.
    let first_days = format!("/staff/governors-report?from_ms={TERM}&to_ms={}", at(2, 0));
    assert_eq!(
        chair.get(&first_days).send().await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
}

/// Every `pupil-…` key in an export, in order.
fn pseudonyms(csv: &str) -> Vec<&str> {
    csv.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("pupil-") && w.len() == 16)
        .collect()
}

#[tokio::test]
async fn the_export_carries_staff_concerns_with_their_children_only_named_when_asked() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let storage = &s.state.storage;
    let class = storage
        .create_class("Hedgehogs", Band::Ks1, 1)
        .await
        .unwrap()
        .unwrap();
    let names = [
        kite_protocol::classes::check_pupil_name("Ava", "S").unwrap(),
        kite_protocol::classes::check_pupil_name("Ben", "C").unwrap(),
    ];
    let pupils = storage.add_pupils(class, &names, 1).await.unwrap();
    let (ava, ben) = (pupils[0].unwrap(), pupils[1].unwrap());
    let db = s.db().await;
    sqlx::query("UPDATE pupils SET last_name = 'Smith', upn = 'A123456789012' WHERE id = $1")
        .bind(ava.0)
        .execute(&db)
        .await
        .unwrap();
    // A pupil's report the DSL later linked to Ava, and a staff concern about Ava and Ben.
    seed(
        &s,
        dsl.id,
        &[one(at(0, 9), Some(Category::Contact), Some(Band::Ks1))],
    )
    .await;
    let pupil_report = storage.report_summaries().await.unwrap()[0].id.clone();
    sqlx::query(
        "INSERT INTO report_pupils (report_id, pupil_id, involvement, linked_at_ms, linked_by,
                                    reason)
         VALUES ($1, $2, 'affected', $3, $4, 'She told me it was her')",
    )
    .bind(&pupil_report)
    .bind(ava.0)
    .bind(at(1, 9))
    .bind(dsl.id.0)
    .execute(&db)
    .await
    .unwrap();
    let id = record_seed::concern(
        &db,
        &Concern {
            outcome: Some("referred_on"),
            pupils: &[(ava, "affected"), (ben, "witness")],
            ..Concern::new(at(1, 10), "filtering_breach", teacher.id)
        },
    )
    .await;
    record_seed::referral(&db, &id, "police", "2026-09-02", dsl.id).await;
    record_seed::parents_told(&db, &id, Some("2026-09-02"), dsl.id).await;
    record_seed::parents_told(&db, &id, None, dsl.id).await;

    let c = s.login(&dsl).await;
    let export = |identifying: bool| {
        let c = &c;
        async move {
            c.get(&format!(
                "/staff/reports/export.csv?{}{}",
                export_period(),
                if identifying { "&identifying=true" } else { "" }
            ))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
        }
    };
    let plain = export(false).await;
    let lines: Vec<&str> = plain.lines().collect();
    assert_eq!(lines.len(), 3, "{plain}");
    assert!(lines[0].ends_with(
        ",happened_utc,came_to_light,monitoring_tool,told_dsl_in_person,written_by_role,children,referrals,parents_informed"
    ), "{}", lines[0]);
    let concern_line = lines[2];
    assert!(
        concern_line.starts_with(&format!(
            "{id},staff,2026-09-02 10:00,no,closed,contact,referred_on,"
        )),
        "{concern_line}"
    );
    assert!(concern_line.contains(",staff_concern,"), "{concern_line}");
    assert!(
        concern_line.contains(",2026-09-02 09:00,filtering_breach,,yes,teacher,"),
        "{concern_line}"
    );
    assert!(
        concern_line.ends_with(",police 2026-09-02,yes 2026-09-02;no"),
        "{concern_line}"
    );
    // Ava has the same key in both records and in every export; Ben has his own.
    let keys = pseudonyms(&plain);
    assert_eq!(keys.len(), 3, "{plain}");
    assert_eq!(keys[0], keys[1], "Ava's report and concern");
    assert_ne!(keys[1], keys[2]);
    assert!(concern_line.contains(&format!("{}:affected;{}:witness", keys[1], keys[2])));
    assert_eq!(pseudonyms(&export(false).await), keys);
    for private in [
        "Ava",
        "Smith",
        "A123456789012",
        "Ben C",
        "REF-7731",
        "Accepted for assessment",
        "Mrs Smith",
        "would put the child at risk",
        "games.example",
        "keep it secret",
        "stranger",
        "ICT suite",
        "Closed the laptop",
        "Ms Patel",
        "both families",
        "threshold",
        "She told me",
    ] {
        assert!(!plain.contains(private), "{private} is in the plain export");
    }

    let full = export(true).await;
    let header = full.lines().next().unwrap();
    assert!(header.ends_with(
        ",web_address,children_named,child_words,place,action_taken,came_to_light_detail,referral_details,parents_informed_details,outcome_reason,not_referred_reason"
    ), "{header}");
    for named in [
        "Ava Smith (UPN A123456789012) affected; Ben C. witness",
        "Saw a stranger's message asking for a photo,Ms Patel (teaching assistant),,,https://games.example/chat,",
        // A child's words that would run as a formula are defused.
        ",'=he said keep it secret,The ICT suite,Closed the laptop,,",
        "police 2026-09-02, reference REF-7731, result: Accepted for assessment",
        "told Mrs Smith (mother) by phone on 2026-09-02; not told: Telling them would put the child at risk",
        "Spoke with both families,Below the threshold for social care",
    ] {
        assert!(full.contains(named), "{named} is not in:\n{full}");
    }
    // The pupil's report linked to Ava names her too.
    let report_line = full.lines().nth(1).unwrap();
    assert!(
        report_line.contains("Ava Smith (UPN A123456789012) affected"),
        "{report_line}"
    );
}
