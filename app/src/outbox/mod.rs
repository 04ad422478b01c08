//! The tablet's outbox and the loop that drains it.
//!
//! An item is safe the moment `queue` returns: it is sealed to the school's key and durably in
//! IndexedDB. The loop sends on start, on the browser's `online` event, on a steady tick, and
//! right after something is queued; failures back off exponentially with jitter. What leaves the
//! outbox and when is decided by `kite_sync::drain`, which only forgets acknowledged items.

mod idb;
mod transport;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use kite_protocol::answer::AnswerCode;
use kite_protocol::lesson_record::LessonRecord;
use kite_protocol::report::Report;
use kite_protocol::sealed::seal;
use kite_protocol::sync::{ItemKind, SyncItem};
use kite_sync::{drain, Backoff, DrainOutcome, StoreError};
use leptos::prelude::*;
use uuid::Uuid;

use crate::device::Tablet;
use idb::IdbOutbox;
use transport::FetchTransport;

/// How often the loop checks whether a retry is due.
const TICK: Duration = Duration::from_secs(2);
/// With nothing failing, look again this often (items queued in another tab, say).
const STEADY_MS: f64 = 30_000.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncState {
    /// Nothing waiting, or all sent.
    Idle,
    Sending,
    /// Could not reach the school server; will try again.
    Waiting,
    /// The server does not know this tablet (new, or removed): a teacher must set it up again.
    NeedsEnrolment,
    /// This browser's storage failed; nothing queued is lost, it will try again.
    StorageProblem,
}

/// What staff pages show about the outbox. Never anything about what is in it.
#[derive(Clone, Copy)]
pub struct SyncStatus {
    pub waiting: RwSignal<usize>,
    pub held: RwSignal<usize>,
    pub state: RwSignal<SyncState>,
    pub last_problem: RwSignal<Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueError {
    /// The tablet has no school key yet, so nothing can be sealed.
    NotEnrolled,
    Invalid(String),
    Storage(String),
}

struct Engine {
    db: IdbOutbox,
    draining: Cell<bool>,
    backoff: RefCell<Backoff>,
    next_attempt_ms: Cell<f64>,
}

thread_local! {
    static ENGINE: RefCell<Option<Rc<Engine>>> = const { RefCell::new(None) };
}

async fn engine() -> Result<Rc<Engine>, StoreError> {
    if let Some(e) = ENGINE.with(|e| e.borrow().clone()) {
        return Ok(e);
    }
    let db = IdbOutbox::open().await?;
    let engine = Rc::new(Engine {
        db,
        draining: Cell::new(false),
        backoff: RefCell::new(Backoff::default()),
        next_attempt_ms: Cell::new(0.0),
    });
    // Two callers may race to open; whichever stored first wins and the other handle is dropped.
    Ok(ENGINE.with(|slot| slot.borrow_mut().get_or_insert(engine).clone()))
}

/// A random (v4) id made on this device: an item's idempotency key (the staff concern form's too).
pub(crate) fn new_id() -> Uuid {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).expect("the browser provides crypto.getRandomValues");
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// Starts the loop once for the whole app and provides `SyncStatus` as context.
pub fn start(tablet: Tablet) -> SyncStatus {
    let status = SyncStatus {
        waiting: RwSignal::new(0),
        held: RwSignal::new(0),
        state: RwSignal::new(SyncState::Idle),
        last_problem: RwSignal::new(None),
    };
    provide_context(status);
    provide_context(tablet);

    leptos::task::spawn_local(async move { sync_now(tablet, status, true).await });
    let _ = set_interval_with_handle(
        move || leptos::task::spawn_local(async move { sync_now(tablet, status, false).await }),
        TICK,
    );
    // The handle lives as long as the page: the listener is never removed.
    std::mem::forget(window_event_listener(leptos::ev::online, move |_| {
        leptos::task::spawn_local(async move { sync_now(tablet, status, true).await })
    }));
    status
}

pub fn use_sync_status() -> SyncStatus {
    expect_context::<SyncStatus>()
}

/// Seals a report to the school's key and stores it durably. When this returns `Ok`, the report
/// is safe: it will reach the school even if the tablet is switched off now.
///
/// `answer_code` is the picture code of a child who asked for an answer: it waits in the outbox
/// beside the sealed report and leaves with it, so once the report is sent the tablet holds
/// nothing of it.
pub async fn queue_report(
    tablet: Tablet,
    report: &Report,
    answer_code: Option<AnswerCode>,
) -> Result<Uuid, QueueError> {
    report
        .validate()
        .map_err(|e| QueueError::Invalid(e.to_string()))?;
    queue_item(tablet, ItemKind::Report, report, answer_code).await
}

/// A lesson finished by a pupil or taught by a teacher, queued exactly like a report (sealed,
/// durable, sent by the same loop, deduplicated by the server on its id).
pub async fn queue_lesson_done(tablet: Tablet, record: &LessonRecord) -> Result<Uuid, QueueError> {
    record
        .validate()
        .map_err(|e| QueueError::Invalid(e.to_string()))?;
    queue(tablet, ItemKind::LessonDone, record).await
}

/// A pupil's signature of the pupil AUP, queued like a report: nothing is recorded until the
/// pupil has agreed to every statement and made their mark.
pub async fn queue_aup_signed(
    tablet: Tablet,
    signature: &kite_protocol::pupil_signature::PupilSignature,
) -> Result<Uuid, QueueError> {
    signature
        .validate()
        .map_err(|e| QueueError::Invalid(e.to_string()))?;
    queue(tablet, ItemKind::AupSigned, signature).await
}

/// A class's answer to one "I can" statement at the end of a lesson on the whiteboard, queued
/// like a lesson taught, so an answer given offline reaches the school later, once.
pub async fn queue_class_check(
    tablet: Tablet,
    check: &kite_protocol::class_check::ClassCheck,
) -> Result<Uuid, QueueError> {
    check
        .validate()
        .map_err(|e| QueueError::Invalid(e.to_string()))?;
    queue(tablet, ItemKind::ClassCheck, check).await
}

/// Seals any already-validated item to the school's key and stores it durably under a new
/// idempotency key. Callers validate with the item's protocol type first.
pub async fn queue<T: serde::Serialize>(
    tablet: Tablet,
    kind: ItemKind,
    item: &T,
) -> Result<Uuid, QueueError> {
    queue_item(tablet, kind, item, None).await
}

async fn queue_item<T: serde::Serialize>(
    tablet: Tablet,
    kind: ItemKind,
    item: &T,
    answer_code: Option<AnswerCode>,
) -> Result<Uuid, QueueError> {
    let key = tablet.school_key().ok_or(QueueError::NotEnrolled)?;
    let json = serde_json::to_vec(item).map_err(|e| QueueError::Invalid(e.to_string()))?;
    let sealed = seal(&key, &json).map_err(|e| QueueError::Invalid(e.to_string()))?;
    let id = new_id();
    let engine = engine().await.map_err(|e| QueueError::Storage(e.0))?;
    engine
        .db
        .put(SyncItem {
            id,
            kind,
            sealed,
            answer_code,
        })
        .await
        .map_err(|e| QueueError::Storage(e.0))?;
    Ok(id)
}

/// Tries to send now and says whether `id` has left the outbox (the server acknowledged it).
pub async fn send_now_and_check(tablet: Tablet, status: SyncStatus, id: Uuid) -> bool {
    sync_now(tablet, status, true).await;
    match engine().await {
        Ok(e) => !e.db.contains(id).await.unwrap_or(true),
        Err(_) => false,
    }
}

/// One drain, unless one is already running or (when not forced) a retry isn't due yet.
pub async fn sync_now(tablet: Tablet, status: SyncStatus, force: bool) {
    let Ok(engine) = engine().await else {
        status.state.set(SyncState::StorageProblem);
        return;
    };
    let now = js_sys::Date::now();
    if engine.draining.get() || (!force && now < engine.next_attempt_ms.get()) {
        return;
    }
    let Some(token) = tablet.token.get_untracked() else {
        refresh_counts(&engine, status).await;
        return;
    };
    engine.draining.set(true);
    if status.waiting.get_untracked() > 0 {
        status.state.set(SyncState::Sending);
    }
    let outcome = drain(&engine.db, &FetchTransport { token }).await;
    engine.draining.set(false);

    let retry_in = |engine: &Engine| {
        let delay = engine
            .backoff
            .borrow_mut()
            .after_failure(js_sys::Math::random());
        js_sys::Date::now() + delay.as_millis() as f64
    };
    match outcome {
        DrainOutcome::Empty { sent } => {
            engine.backoff.borrow_mut().reset();
            engine.next_attempt_ms.set(js_sys::Date::now() + STEADY_MS);
            status.state.set(SyncState::Idle);
            status.last_problem.set(None);
            // Only an accepted item proves the server knows this tablet; an empty outbox says
            // nothing (and must not hide a 401 seen by the profile refresh).
            if sent > 0 {
                tablet.needs_enrolment.set(false);
            }
        }
        DrainOutcome::TryLater { error, .. } => {
            engine.next_attempt_ms.set(retry_in(&engine));
            status.state.set(SyncState::Waiting);
            status.last_problem.set(Some(error.to_string()));
        }
        DrainOutcome::NeedsEnrolment { .. } => {
            engine.next_attempt_ms.set(retry_in(&engine));
            status.state.set(SyncState::NeedsEnrolment);
            tablet.needs_enrolment.set(true);
        }
        DrainOutcome::StorageFailed { error, .. } => {
            engine.next_attempt_ms.set(retry_in(&engine));
            status.state.set(SyncState::StorageProblem);
            status.last_problem.set(Some(error.to_string()));
        }
    }
    refresh_counts(&engine, status).await;
}

async fn refresh_counts(engine: &Engine, status: SyncStatus) {
    if let Ok((waiting, held)) = engine.db.counts().await {
        status.waiting.set(waiting);
        status.held.set(held);
    }
}

/// Reasons the server gave for items it held back, for the set-up page.
pub async fn held_reasons() -> Vec<String> {
    match engine().await {
        Ok(e) => e.db.held_reasons().await.unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// Asks the browser not to evict this site's storage under pressure (the outbox lives there).
pub fn request_persistent_storage() {
    if let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) {
        let _ = storage.persist();
    }
}
