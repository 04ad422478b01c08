//! "Monday morning" on a server of many schools, for `scripts/benchmarks/schools.sh`, on loopback
//! only: every tablet of every school comes back online within SPREAD seconds and drains the day's
//! outbox through the tablet's own sync code (`kite_sync::drain`, batches as the app sends them).
//!
//!   monday URL SPREAD TABLETS_FILE COUNTS_FILE
//!
//! TABLETS_FILE has a line a tablet: `slug host token`. What a class tablet queued in a day, our
//! choice from what a class does with one: about five pupils finish a lesson on it, three pupils
//! (new ones, or a class catching up) sign the pupil AUP, and one or two children tell a worry —
//! 9 or 10 items, so one batch (the app sends up to 25 at a time). One report in each school is
//! urgent. Items are sealed before the clock starts (that is the tablet's work, not the server's).
//!
//! A tablet that fails (a timeout, a refusal) waits as the app does and tries again, until its
//! outbox is empty or [`deadline`] has passed: a server that falls behind shows as a long drain,
//! not as items left behind. An item acknowledged as a duplicate the first time the tablet hears
//! of it was stored by a request whose answer never came (the client's timeout): it counts as
//! acknowledged, once.
//!
//! Prints figures as `FIGURE name value` lines (and for people), writes `slug reports lessons
//! signatures` a school to COUNTS_FILE (the items acknowledged, each once, for the database
//! check), and afterwards sends one tablet's batch again, which must come back all duplicates.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use kite_protocol::agreement::KioskAup;
use kite_protocol::classes::{KioskClass, KioskPupil};
use kite_protocol::lesson_record::{LessonRecord, TaughtBy};
use kite_protocol::pupil_signature::{Mark, PupilSignature};
use kite_protocol::report::WhatHappened;
use kite_protocol::sealed::PublicKey;
use kite_protocol::sync::{AckStatus, ItemKind, SyncBatch, SyncItem, SyncResponse};
use kite_sync::{drain, Backoff, DrainOutcome, Outbox, StoreError, Transport, TransportError};
use uuid::Uuid;

// Each load generator uses part of what they share.
#[allow(dead_code)]
mod bench;

/// Lessons a class finishes on its tablet (ids from the curriculum).
const LESSONS: [&str; 5] = [
    "my-trusted-adults",
    "private-information",
    "kind-online",
    "pop-ups-and-buying",
    "is-it-true",
];
/// Worries children tell, as the kiosk's picture buttons name them.
const WORRIES: [(WhatHappened, &str); 4] = [
    (
        WhatHappened::SomeoneWasUnkind,
        "They said mean things in the game chat",
    ),
    (
        WhatHappened::SawSomethingUpsetting,
        "A video came on that was scary",
    ),
    (
        WhatHappened::SchoolDeviceShowedSomething,
        "A pop up came on the tablet",
    ),
    (WhatHappened::SomethingElse, "Someone keeps messaging me"),
];
/// A tablet that can't reach the server keeps its items and tries again later, as the app does;
/// the bench gives up when this long has passed since the first tablet came online (and says so):
/// `KITE_MONDAY_DEADLINE_SECS`, 20 minutes unless set.
fn deadline() -> Duration {
    let secs = std::env::var("KITE_MONDAY_DEADLINE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20 * 60);
    Duration::from_secs(secs)
}
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

struct Tablet {
    slug: String,
    host: String,
    token: String,
}

/// What a school's tablets have cached from it (a kiosk fetches these while online).
struct School {
    key: PublicKey,
    class_id: i64,
    pupils: Vec<i64>,
    aup_version: i64,
}

#[derive(Default)]
struct Counts {
    reports: usize,
    lessons: usize,
    signatures: usize,
}

/// What every sync of the morning answered.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    server_errors: usize,
    /// 4xx for the whole batch other than the server being busy: the tablet keeps everything
    /// and tries later.
    refused: usize,
    /// 429s: told to try again shortly (the server's `--syncs-at-once`, or a rate limit).
    busy: usize,
    unreachable: usize,
    /// Items acknowledged (stored, or a duplicate the first time heard of), a school's by kind,
    /// each item once.
    stored: BTreeMap<String, Counts>,
    acknowledged: HashSet<Uuid>,
    rejected: Vec<String>,
    /// Items whose first acknowledgement was "duplicate": stored by a request whose answer was
    /// lost.
    duplicates_on_first_send: usize,
    /// Syncs tried again after a failure.
    retries: usize,
    /// Tablets that still had items at the deadline.
    unfinished: usize,
    /// When the last tablet's outbox became empty, from the first tablet's coming online.
    drained: Duration,
    /// Each tablet's time from coming online until its outbox was empty, retries and all.
    tablet_drains: Vec<Duration>,
}

/// The tablet's outbox, in memory: the day's items, each with its kind remembered for the tally.
struct MemoryOutbox {
    items: RefCell<Vec<SyncItem>>,
}

impl Outbox for MemoryOutbox {
    async fn waiting(&self, max: usize) -> Result<Vec<SyncItem>, StoreError> {
        Ok(self.items.borrow().iter().take(max).cloned().collect())
    }
    async fn remove(&self, ids: &[Uuid]) -> Result<(), StoreError> {
        self.items.borrow_mut().retain(|i| !ids.contains(&i.id));
        Ok(())
    }
    async fn hold(&self, id: Uuid, _reason: &str) -> Result<(), StoreError> {
        // A tablet keeps a refused item for a teacher to see; the transport has counted it (a
        // failure of the bench), and the rest of the queue goes on.
        self.items.borrow_mut().retain(|i| i.id != id);
        Ok(())
    }
}

/// Real HTTP to the school's host, timing each request and sorting its answer.
struct HttpTransport {
    client: reqwest::Client,
    url: String,
    host: String,
    token: String,
    slug: String,
    tally: Rc<RefCell<Tally>>,
}

impl HttpTransport {
    async fn post(&self, batch: &SyncBatch) -> Result<SyncResponse, TransportError> {
        let started = Instant::now();
        let answer = bench::on_host(
            self.client.post(format!("{}/api/v1/sync", self.url)),
            Some(&self.host),
        )
        .bearer_auth(&self.token)
        .json(batch)
        .send()
        .await;
        let response = match answer {
            Ok(r) => r,
            Err(e) => {
                self.tally.borrow_mut().unreachable += 1;
                return Err(TransportError::Unreachable(e.to_string()));
            }
        };
        let status = response.status();
        if !status.is_success() {
            {
                let mut tally = self.tally.borrow_mut();
                if status.is_server_error() {
                    tally.server_errors += 1;
                } else if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
                    tally.busy += 1;
                } else {
                    tally.refused += 1;
                }
            }
            let message = response.text().await.unwrap_or_default();
            // Thousands of "try again shortly" are the expected shape of the morning: counted.
            if status != reqwest::StatusCode::TOO_MANY_REQUESTS {
                eprintln!("{}: sync answered {status}: {message}", self.slug);
            }
            return Err(TransportError::Refused {
                status: status.as_u16(),
                message,
            });
        }
        let answer: SyncResponse = response
            .json()
            .await
            .map_err(|e| TransportError::Unreachable(format!("unreadable answer: {e}")))?;
        // The latency a tablet sees: until the whole answer is in.
        self.tally.borrow_mut().latencies.push(started.elapsed());
        Ok(answer)
    }
}

impl Transport for HttpTransport {
    async fn send(&self, batch: &SyncBatch) -> Result<SyncResponse, TransportError> {
        let answer = self.post(batch).await?;
        let mut tally = self.tally.borrow_mut();
        let tally = &mut *tally;
        for ack in &answer.acks {
            let Some(item) = batch.items.iter().find(|i| i.id == ack.id) else {
                continue;
            };
            match ack.status {
                AckStatus::Stored | AckStatus::Duplicate => {
                    if !tally.acknowledged.insert(ack.id) {
                        continue;
                    }
                    if ack.status == AckStatus::Duplicate {
                        tally.duplicates_on_first_send += 1;
                    }
                    let counts = tally.stored.entry(self.slug.clone()).or_default();
                    match item.kind {
                        ItemKind::Report => counts.reports += 1,
                        ItemKind::LessonDone => counts.lessons += 1,
                        ItemKind::AupSigned => counts.signatures += 1,
                        _ => {}
                    }
                }
                AckStatus::Rejected | AckStatus::Discarded => tally.rejected.push(format!(
                    "{}: {:?} {}",
                    self.slug,
                    ack.status,
                    ack.reason.as_deref().unwrap_or("")
                )),
            }
        }
        Ok(answer)
    }
}

fn read_tablets(path: &str) -> anyhow::Result<Vec<Tablet>> {
    std::fs::read_to_string(path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let parts: Vec<&str> = line.split_whitespace().collect();
            let [slug, host, token] = parts[..] else {
                anyhow::bail!("{path}: {line:?} is not `slug host token`");
            };
            Ok(Tablet {
                slug: slug.into(),
                host: host.into(),
                token: token.into(),
            })
        })
        .collect()
}

/// What a kiosk caches from its school, fetched with one of the school's tablets: the key, the
/// first class and its pupils, and the current pupil AUP.
async fn school(client: &reqwest::Client, url: &str, tablet: &Tablet) -> anyhow::Result<School> {
    let host = Some(tablet.host.as_str());
    let get = |path: String| {
        bench::on_host(client.get(format!("{url}/api/v1/{path}")), host).bearer_auth(&tablet.token)
    };
    let key = bench::school_key(client, url, host, &tablet.token).await?;
    let classes: Vec<KioskClass> = get("device/classes".into())
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let class = classes
        .first()
        .ok_or_else(|| anyhow::anyhow!("{} has no class", tablet.slug))?;
    let pupils: Vec<KioskPupil> = get(format!("device/classes/{}/pupils", class.id))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    anyhow::ensure!(!pupils.is_empty(), "{}'s class has no pupils", tablet.slug);
    let aup: KioskAup = get("device/aup".into())
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(School {
        key,
        class_id: class.id,
        pupils: pupils.into_iter().map(|p| p.id).collect(),
        aup_version: aup.version_id,
    })
}

/// The `n`th tablet of a school's day: its outbox, sealed.
fn day_queue(school: &School, n: usize) -> anyhow::Result<Vec<SyncItem>> {
    let at = 1_764_000_000_000 + n as i64 * 60_000;
    let mut items = Vec::new();
    for (i, lesson) in LESSONS.iter().enumerate() {
        let record = LessonRecord {
            lesson_id: lesson.to_string(),
            band: kite_protocol::Band::Ks1,
            class_label: None,
            class_id: Some(school.class_id),
            by: TaughtBy::Pupil,
            completed_at_ms: at + i as i64 * 600_000,
        };
        items.push(bench::sealed_item(
            &school.key,
            ItemKind::LessonDone,
            &record,
        )?);
    }
    for i in 0..3 {
        let signature = PupilSignature {
            pupil_id: school.pupils[(n * 3 + i) % school.pupils.len()],
            version_id: school.aup_version,
            mark: Mark::Initials("AB".into()),
            signed_at_ms: at + i as i64 * 60_000,
        };
        items.push(bench::sealed_item(
            &school.key,
            ItemKind::AupSigned,
            &signature,
        )?);
    }
    for i in 0..1 + n % 2 {
        let (what, words) = if n == 0 && i == 0 {
            (
                WhatHappened::WantsToMeetMe,
                "Someone in a game wants to meet me",
            )
        } else {
            WORRIES[(n + i) % WORRIES.len()]
        };
        items.push(bench::sealed_item(
            &school.key,
            ItemKind::Report,
            &bench::report(what, words),
        )?);
    }
    Ok(items)
}

/// One tablet's morning: come online `at` (from `began`), drain, and on a failure wait as the
/// app does and drain again, until the outbox is empty or the [`deadline`].
async fn morning(began: Instant, at: Duration, outbox: MemoryOutbox, transport: HttpTransport) {
    tokio::time::sleep_until((began + at).into()).await;
    let mut backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(16));
    let deadline = deadline();
    while began.elapsed() < deadline {
        match drain(&outbox, &transport).await {
            DrainOutcome::Empty { .. } => break,
            DrainOutcome::NeedsEnrolment { .. } => break,
            DrainOutcome::TryLater { .. } | DrainOutcome::StorageFailed { .. } => {
                transport.tally.borrow_mut().retries += 1;
                tokio::time::sleep(backoff.after_failure(rand::random())).await;
            }
        }
    }
    let mut tally = transport.tally.borrow_mut();
    if outbox.items.borrow().is_empty() {
        tally.drained = tally.drained.max(began.elapsed());
        tally.tablet_drains.push(began.elapsed().saturating_sub(at));
    } else {
        tally.unfinished += 1;
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, spread, tablets_file, counts_file] = &args[..] else {
        anyhow::bail!("usage: monday URL SPREAD_SECONDS TABLETS_FILE COUNTS_FILE");
    };
    let url = bench::loopback(url)?;
    let spread = Duration::from_secs_f64(spread.parse()?);
    let tablets = read_tablets(tablets_file)?;
    anyhow::ensure!(!tablets.is_empty(), "{tablets_file} names no tablet");
    let client = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()?;

    // Before the clock: what each school's tablets cached last week, and the day's outboxes.
    let prepared = Instant::now();
    let mut by_school: BTreeMap<&str, Vec<&Tablet>> = BTreeMap::new();
    for t in &tablets {
        by_school.entry(&t.slug).or_default().push(t);
    }
    let schools: BTreeMap<&str, School> = futures::stream::iter(by_school.iter())
        .map(|(slug, ts)| {
            let (client, url) = (&client, &url);
            async move { Ok::<_, anyhow::Error>((*slug, school(client, url, ts[0]).await?)) }
        })
        .buffer_unordered(8)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<_>>()?;
    // Schools interleaved, so each school's tablets come back across the whole spread.
    let most = by_school.values().map(Vec::len).max().unwrap_or(0);
    let mut order = Vec::new();
    for n in 0..most {
        for ts in by_school.values() {
            if let Some(t) = ts.get(n) {
                order.push((n, *t));
            }
        }
    }
    let mut queues = Vec::with_capacity(order.len());
    for (n, t) in &order {
        queues.push(day_queue(&schools[t.slug.as_str()], *n)?);
    }
    let items: usize = queues.iter().map(Vec::len).sum();
    let resend = queues[0].clone();
    eprintln!(
        "prepared {} tablets' outboxes ({items} items) in {:.1} s",
        order.len(),
        prepared.elapsed().as_secs_f64()
    );

    let tally = Rc::new(RefCell::new(Tally::default()));
    let began = Instant::now();
    let local = tokio::task::LocalSet::new();
    let step = spread / order.len() as u32;
    for (i, ((_, t), queue)) in order.iter().zip(queues).enumerate() {
        let transport = HttpTransport {
            client: client.clone(),
            url: url.clone(),
            host: t.host.clone(),
            token: t.token.clone(),
            slug: t.slug.clone(),
            tally: tally.clone(),
        };
        let outbox = MemoryOutbox {
            items: RefCell::new(queue),
        };
        local.spawn_local(morning(began, step * i as u32, outbox, transport));
    }
    local.await;
    let took = began.elapsed();

    // The same batch again, as a tablet whose answer was lost sends it: nothing more is stored.
    let first = order[0].1;
    let again = HttpTransport {
        client: client.clone(),
        url: url.clone(),
        host: first.host.clone(),
        token: first.token.clone(),
        slug: first.slug.clone(),
        tally: Rc::new(RefCell::new(Tally::default())),
    };
    let resent = resend.len();
    let answer = again.post(&SyncBatch::new(resend)).await;
    let all_duplicates = answer.as_ref().is_ok_and(|a| {
        a.acks.len() == resent && a.acks.iter().all(|a| a.status == AckStatus::Duplicate)
    });

    let mut tally = tally.borrow_mut();
    tally.latencies.sort();
    let lat = &tally.latencies;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let stored: usize = tally
        .stored
        .values()
        .map(|c| c.reports + c.lessons + c.signatures)
        .sum();
    let mut counts = String::new();
    for slug in by_school.keys() {
        let c = tally.stored.get(*slug);
        let (r, l, s) = c.map_or((0, 0, 0), |c| (c.reports, c.lessons, c.signatures));
        counts.push_str(&format!("{slug} {r} {l} {s}\n"));
    }
    std::fs::write(counts_file, counts)?;
    for line in tally.rejected.iter().take(5) {
        eprintln!("refused: {line}");
    }

    println!(
        "  {} tablets of {} schools came online over {:.0} s and sent {items} items in {:.1} s",
        order.len(),
        by_school.len(),
        spread.as_secs_f64(),
        took.as_secs_f64()
    );
    println!(
        "  every outbox empty {:.1} s after the first tablet came online ({} syncs tried again after a failure)",
        tally.drained.as_secs_f64(),
        tally.retries
    );
    println!(
        "  {} syncs: p50 {:.0} ms, p95 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        lat.len(),
        ms(bench::percentile(lat, 50.0)),
        ms(bench::percentile(lat, 95.0)),
        ms(bench::percentile(lat, 99.0)),
        ms(lat.last().copied().unwrap_or_default())
    );
    let mut waits = tally.tablet_drains.clone();
    waits.sort();
    println!(
        "  each tablet, from coming online until its outbox was empty: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms ({} times told to try again shortly, 429)",
        ms(bench::percentile(&waits, 50.0)),
        ms(bench::percentile(&waits, 99.0)),
        ms(waits.last().copied().unwrap_or_default()),
        tally.busy
    );
    println!(
        "  acknowledged: {stored} of {items} (as duplicates the first time, their answer lost: {}); 5xx: {}, refused batches: {}, unreachable: {}, items refused: {}, tablets left with items: {}",
        tally.duplicates_on_first_send,
        tally.server_errors,
        tally.refused,
        tally.unreachable,
        tally.rejected.len(),
        tally.unfinished
    );
    println!(
        "  one batch of {resent} sent again: {}",
        if all_duplicates {
            "every item acknowledged as a duplicate"
        } else {
            "NOT all duplicates"
        }
    );
    let figures = [
        ("tablets", order.len() as f64),
        ("items", items as f64),
        ("stored", stored as f64),
        ("syncs", lat.len() as f64),
        ("p50_ms", ms(bench::percentile(lat, 50.0))),
        ("p95_ms", ms(bench::percentile(lat, 95.0))),
        ("p99_ms", ms(bench::percentile(lat, 99.0))),
        ("max_ms", ms(lat.last().copied().unwrap_or_default())),
        ("server_errors", tally.server_errors as f64),
        ("refused", tally.refused as f64),
        ("busy", tally.busy as f64),
        ("tablet_p50_ms", ms(bench::percentile(&waits, 50.0))),
        ("tablet_p99_ms", ms(bench::percentile(&waits, 99.0))),
        ("items_refused", tally.rejected.len() as f64),
        (
            "duplicates_first_time",
            tally.duplicates_on_first_send as f64,
        ),
        ("unreachable", tally.unreachable as f64),
        ("unfinished", tally.unfinished as f64),
        ("retries", tally.retries as f64),
        ("drained_s", tally.drained.as_secs_f64()),
        (
            "resend_all_duplicates",
            if all_duplicates { 1.0 } else { 0.0 },
        ),
    ];
    for (name, value) in figures {
        println!("FIGURE {name} {value:.0}");
    }
    Ok(())
}
