//! What reports ask to be taught: `GET /api/v1/device/teach-next` per key stage, hidden below
//! three, leaving out records closed as not a concern; and the governors' report's strands
//! asked for and its count of records closed as not a concern.

use kite_protocol::oversight::{Count, GovernorsReport};
use kite_protocol::report::{Place, WhatHappened};
use kite_protocol::staff::{Category, Outcome, Role, Status};
use kite_protocol::teach_next::{TeachNext, Topic};
use kite_protocol::Band;
use kite_server::ids::PupilId;
use kite_server::storage::{NewReport, ReportChange};
use uuid::Uuid;

use crate::class_fixture::ClassFixture;
use crate::helpers::{report, TestServer};
use crate::record_seed::{self, Concern};

const DAY: i64 = 24 * 3_600_000;
/// 1 September 2026, 00:00 UTC: the autumn term.
const TERM: i64 = 1_788_220_800_000;

/// A pupil's report from the tablet, received at `at`; returns its id.
async fn pupil_report(
    s: &TestServer,
    at: i64,
    what: WhatHappened,
    place: Place,
    band: Band,
) -> String {
    let mut r = report(what);
    r.place = Some(place);
    r.band = Some(band);
    let id = Uuid::new_v4();
    s.state
        .storage
        .store_reports(
            s.device_id,
            at,
            &[NewReport {
                id,
                urgent: false,
                what: "someone_was_unkind".into(),
                payload: serde_json::to_string(&r).unwrap(),
            }],
        )
        .await
        .unwrap();
    id.to_string()
}

/// The DSL closes a record with a category and an outcome.
async fn close(s: &TestServer, id: &str, category: Category, outcome: Outcome, at: i64) {
    let change = ReportChange {
        status: Some(Status::Closed),
        category: Some(category),
        outcome: Some(outcome),
        ..Default::default()
    };
    assert!(s
        .state
        .storage
        .change_report(id, &change, &[], at)
        .await
        .unwrap());
}

async fn teach_next(s: &TestServer) -> TeachNext {
    let r = s
        .client
        .get(format!("{}/api/v1/device/teach-next", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn a_topic_is_suggested_once_three_records_of_a_key_stage_are_about_it() {
    let s = TestServer::spawn().await;
    let now = kite_server::clock::now_ms();
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let fixture = ClassFixture::open(&s).await;
    let class = fixture.class("5B", "ks2").await;
    let pupil = fixture.pupil(class, "Ava", "K").await;

    // Two group-chat reports in KS2, and one in KS1: too few to say anything.
    for _ in 0..2 {
        pupil_report(
            &s,
            now - DAY,
            WhatHappened::SomeoneWasUnkind,
            Place::Messages,
            Band::Ks2,
        )
        .await;
    }
    pupil_report(
        &s,
        now - DAY,
        WhatHappened::SomeoneWasUnkind,
        Place::Messages,
        Band::Ks1,
    )
    .await;
    // One from before the last half-term's school days doesn't count (thirty school days reach
    // back at most about three months, over the summer holiday).
    pupil_report(
        &s,
        now - 120 * DAY,
        WhatHappened::SomeoneWasUnkind,
        Place::Messages,
        Band::Ks2,
    )
    .await;
    let asked = teach_next(&s).await;
    // Thirty school days: six weeks at least, more with a holiday in them.
    assert!((42..=110).contains(&asked.days), "{}", asked.days);
    assert!(
        asked.key_stages.iter().all(|k| k.topics.is_empty()),
        "{asked:?}"
    );

    // A teacher's concern about a KS2 child, categorised as cyberbullying: its key stage is the
    // child's class's, and it is the third record about unkindness.
    record_seed::concern(
        &s.db().await,
        &Concern {
            category: "cyberbullying",
            pupils: &[(PupilId(pupil), "affected")],
            ..Concern::new(now - DAY, "child_told_me", dsl.id)
        },
    )
    .await;
    let asked = teach_next(&s).await;
    assert_eq!(asked.topics(Band::Ks2), [Topic::Unkindness]);

    // A third group-chat report: group chats are asked for too, the most first.
    let third = pupil_report(
        &s,
        now,
        WhatHappened::SawSomethingUpsetting,
        Place::Messages,
        Band::Ks2,
    )
    .await;
    let asked = teach_next(&s).await;
    assert_eq!(
        asked.topics(Band::Ks2),
        [Topic::GroupChats, Topic::Unkindness]
    );
    assert!(asked.topics(Band::Ks1).is_empty());

    // Closed as not genuine, it asks for nothing: group chats fall below three again.
    close(
        &s,
        &third,
        Category::Other,
        Outcome::MistakenOrNotGenuine,
        now,
    )
    .await;
    let asked = teach_next(&s).await;
    assert_eq!(asked.topics(Band::Ks2), [Topic::Unkindness]);

    // The route says nothing without the tablet's token.
    let r = s
        .client
        .get(format!("{}/api/v1/device/teach-next", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn the_governors_see_strands_asked_for_and_not_a_concern_counted_apart() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let governors = s.login(&dsl).await;
    // Three KS2 reports about unkindness in group chats, closed as resolved; three that were
    // not about being online, and one made up.
    for i in 0..3 {
        let id = pupil_report(
            &s,
            TERM + i * DAY,
            WhatHappened::SomeoneWasUnkind,
            Place::Messages,
            Band::Ks2,
        )
        .await;
        close(
            &s,
            &id,
            Category::Cyberbullying,
            Outcome::Resolved,
            TERM + 10 * DAY,
        )
        .await;
    }
    for i in 0..3 {
        let id = pupil_report(
            &s,
            TERM + i * DAY,
            WhatHappened::SomethingElse,
            Place::Game,
            Band::Ks1,
        )
        .await;
        close(
            &s,
            &id,
            Category::Other,
            Outcome::NotOnlineSafety,
            TERM + 10 * DAY,
        )
        .await;
    }
    let id = pupil_report(
        &s,
        TERM,
        WhatHappened::SomethingElse,
        Place::Game,
        Band::Ks1,
    )
    .await;
    close(
        &s,
        &id,
        Category::Other,
        Outcome::MistakenOrNotGenuine,
        TERM + 10 * DAY,
    )
    .await;

    let governors_report = || async {
        governors
            .json::<GovernorsReport>("/staff/governors-report?period=2026-09")
            .await
    };
    let closed = |report: &GovernorsReport, key: &str| {
        report
            .closed_as_not_a_concern
            .iter()
            .find(|l| l.key == key)
            .unwrap_or_else(|| panic!("no line {key}"))
            .now
    };
    // One made-up report alone is hidden, and so is the three beside it that would give it away.
    let report = governors_report().await;
    assert_eq!(closed(&report, "not_online_safety"), Count::FewerThanThree);
    assert_eq!(closed(&report, "not_genuine"), Count::FewerThanThree);
    for _ in 0..2 {
        let id = pupil_report(
            &s,
            TERM,
            WhatHappened::SomethingElse,
            Place::Game,
            Band::Ks1,
        )
        .await;
        close(
            &s,
            &id,
            Category::Other,
            Outcome::MistakenOrNotGenuine,
            TERM + 10 * DAY,
        )
        .await;
    }
    let report = governors_report().await;
    assert_eq!(closed(&report, "not_online_safety"), Count::Exact(3));
    assert_eq!(closed(&report, "not_genuine"), Count::Exact(3));

    // Only the resolved reports ask for anything: relationships and bullying in KS2. The KS1
    // game reports closed as not a concern ask for no games lesson.
    let asked: Vec<(Band, &str, Count)> = report
        .strands_asked_for
        .iter()
        .filter(|l| l.records != Count::Exact(0))
        .map(|l| (l.band, l.strand.as_str(), l.records))
        .collect();
    assert_eq!(
        asked,
        vec![
            (Band::Ks2, "online_bullying", Count::Exact(3)),
            (Band::Ks2, "online_relationships", Count::Exact(3)),
        ]
    );
}
