//! A busy school's day of tablets, sent through `POST /api/v1/sync` with the limits the server
//! runs with: every item is stored once and no request is refused. The limits that stop a stolen
//! tablet flooding the inbox must never cost a good tablet its pupils' work.

use kite_protocol::agreement::KioskAup;
use kite_protocol::lesson_record::{LessonRecord, TaughtBy};
use kite_protocol::limits::{MAX_BATCH_ITEMS, MAX_DRAWING_BASE64, MAX_WORDS_CHARS};
use kite_protocol::pupil_signature::{Mark, PupilSignature};
use kite_protocol::report::WhatHappened;
use kite_protocol::sealed::seal;
use kite_protocol::staff::Role;
use kite_protocol::sync::{AckStatus, ItemKind, SyncBatch, SyncItem, SyncResponse};
use kite_protocol::Band;
use kite_server::config::Config;
use uuid::Uuid;

use crate::classes::{classes, import, kiosk_pupils};
use crate::helpers::{report, Options, TestServer};

/// A two-form-entry primary: 14 classes of 30, one shared tablet each. On the busiest day (the
/// first week of the school year, after the Wi-Fi was down all morning) each tablet comes back
/// with every pupil's signature on "our rules", two lessons finished by each pupil, a lesson
/// the class did together, and four reports, two with a drawing and the longest words a child
/// can type; and every tablet reconnects at the same moment.
const CLASSES: usize = 14;
const PUPILS: usize = 30;
const LESSONS_EACH: usize = 2;
const REPORTS: usize = 4;

fn sealed(s: &TestServer, kind: ItemKind, body: &impl serde::Serialize) -> SyncItem {
    SyncItem {
        id: Uuid::new_v4(),
        kind,
        sealed: seal(&s.public_key, &serde_json::to_vec(body).unwrap()).unwrap(),
        answer_code: None,
    }
}

/// One tablet's day for the class `label`, whose pupils are `pupil_ids`.
fn day_of(s: &TestServer, label: &str, pupil_ids: &[i64], aup_version: i64) -> Vec<SyncItem> {
    let morning = 1_788_000_000_000;
    let mut items = Vec::new();
    for (n, pupil_id) in pupil_ids.iter().enumerate() {
        let signature = PupilSignature {
            pupil_id: *pupil_id,
            version_id: aup_version,
            mark: Mark::Initials("AB".into()),
            signed_at_ms: morning + n as i64 * 60_000,
        };
        items.push(sealed(s, ItemKind::AupSigned, &signature));
        for lesson in 0..LESSONS_EACH {
            let record = LessonRecord {
                lesson_id: ["smart-rules", "strong-passwords"][lesson].into(),
                band: Band::Ks2,
                class_label: Some(label.into()),
                class_id: None,
                by: TaughtBy::Pupil,
                completed_at_ms: morning + n as i64 * 60_000 + lesson as i64,
            };
            items.push(sealed(s, ItemKind::LessonDone, &record));
        }
    }
    let together = LessonRecord {
        lesson_id: "group-chats".into(),
        band: Band::Ks2,
        class_label: Some(label.into()),
        class_id: None,
        by: TaughtBy::Teacher,
        completed_at_ms: morning,
    };
    items.push(sealed(s, ItemKind::LessonDone, &together));
    for n in 0..REPORTS {
        let mut r = report(WhatHappened::SomeoneWasUnkind);
        r.words = Some("w".repeat(MAX_WORDS_CHARS));
        if n % 2 == 0 {
            r.drawing_png = Some(drawing());
        }
        items.push(sealed(s, ItemKind::Report, &r));
    }
    items
}

/// A child's drawing as the tablet sends it: a PNG (its signature, then the picture's bytes),
/// a quarter of the largest a report may carry (a child's picture compresses well).
fn drawing() -> String {
    // base64 of the PNG signature and one zero byte; each "AAAA" after it is three more zeros.
    format!("iVBORw0KGgoA{}", "A".repeat(MAX_DRAWING_BASE64 / 4 / 4 * 4))
}

/// What the app's outbox does: batches of at most `MAX_BATCH_ITEMS`, one after another, each
/// answered before the next. Returns each batch's acks, or the refusal.
async fn send_day(
    s: &TestServer,
    token: &str,
    items: Vec<SyncItem>,
) -> Vec<Result<Vec<AckStatus>, String>> {
    let mut answers = Vec::new();
    for batch in items.chunks(MAX_BATCH_ITEMS) {
        let response = s
            .client
            .post(format!("{}/api/v1/sync", s.url))
            .bearer_auth(token)
            .json(&SyncBatch::new(batch.to_vec()))
            .send()
            .await
            .unwrap();
        let answer = match response.status().as_u16() {
            200 => Ok(response.json::<SyncResponse>().await.unwrap().acks),
            status => Err(format!(
                "{status} {}",
                response.text().await.unwrap_or_default()
            )),
        };
        answers.push(answer.map(|acks| acks.into_iter().map(|a| a.status).collect()));
    }
    answers
}

#[tokio::test]
async fn a_busy_school_day_of_tablets_is_all_stored_and_none_refused() {
    let served = Config::for_data_dir(".".into(), ".".into());
    let s = TestServer::spawn_with(Options {
        rate_per_sec: served.device_rate_per_sec,
        burst: served.device_burst,
        ..Options::default()
    })
    .await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let admin = s.session_for(admin.id).await;
    let mut list = String::new();
    for class in 0..CLASSES {
        for pupil in 0..PUPILS {
            list.push_str(&format!("Pupil{pupil},Q,Class {class},KS2\n"));
        }
    }
    import(&admin, &list).await;
    let aup: KioskAup = s
        .client
        .get(format!("{}/api/v1/device/aup", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let mut days = Vec::new();
    for class in classes(&admin).await {
        let pupils: Vec<i64> = kiosk_pupils(&s, class.id)
            .await
            .iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(pupils.len(), PUPILS);
        let (_, token) = kite_server::auth::device_token::enrol(
            &s.state.storage,
            &format!("{} tablet", class.name),
        )
        .await
        .unwrap();
        days.push((token, day_of(&s, &class.name, &pupils, aup.version_id)));
    }
    assert_eq!(days.len(), CLASSES);
    let per_tablet = days[0].1.len();

    // Every tablet reconnects at once.
    let answers = futures::future::join_all(days.into_iter().map(|(token, items)| {
        let s = &s;
        async move { send_day(s, &token, items).await }
    }))
    .await;

    for (tablet, batches) in answers.iter().enumerate() {
        let mut stored = 0;
        for batch in batches {
            let acks = batch
                .as_ref()
                .unwrap_or_else(|refused| panic!("tablet {tablet} had a batch refused: {refused}"));
            assert!(
                acks.iter().all(|a| *a == AckStatus::Stored),
                "tablet {tablet}: {acks:?}"
            );
            stored += acks.len();
        }
        assert_eq!(stored, per_tablet, "tablet {tablet}");
    }
    let reports = s.state.storage.report_summaries().await.unwrap();
    assert_eq!(reports.len(), CLASSES * REPORTS);
}
