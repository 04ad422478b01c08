use std::collections::HashMap;

use kite_protocol::limits::MAX_BATCH_ITEMS;
use kite_protocol::sync::{AckStatus, SyncBatch, SyncItem, SyncResponse};
use thiserror::Error;
use uuid::Uuid;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("outbox storage: {0}")]
pub struct StoreError(pub String);

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// No answer: offline, timed out, connection dropped. The item may or may not have arrived.
    #[error("the school server could not be reached: {0}")]
    Unreachable(String),
    /// The device token is unknown or revoked: keep everything and ask for re-enrolment.
    #[error("this tablet is not enrolled with the school server (or was removed)")]
    Unauthorized,
    /// The server answered with an error for the whole batch (5xx, 429, or a 4xx for the envelope).
    #[error("the school server answered {status}: {message}")]
    Refused { status: u16, message: String },
}

/// Where queued items live. Implementations must make `queue`d items survive a closed tab.
#[allow(async_fn_in_trait)] // single-threaded on the tablet; no Send bound wanted
pub trait Outbox {
    /// Up to `max` items that are waiting to be sent, oldest first. Held items are not included.
    async fn waiting(&self, max: usize) -> Result<Vec<SyncItem>, StoreError>;
    /// Forgets items the server has acknowledged.
    async fn remove(&self, ids: &[Uuid]) -> Result<(), StoreError>;
    /// Keeps an item the server refused, out of the send queue, with the server's reason, so a
    /// teacher can see it; it is never silently deleted.
    async fn hold(&self, id: Uuid, reason: &str) -> Result<(), StoreError>;
}

#[allow(async_fn_in_trait)]
pub trait Transport {
    async fn send(&self, batch: &SyncBatch) -> Result<SyncResponse, TransportError>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrainOutcome {
    /// The queue is empty (held items aside). `sent` counts items acknowledged in this drain.
    Empty { sent: usize },
    /// Stopped early; items remain and the caller should try again after a backoff.
    TryLater { sent: usize, error: TransportError },
    /// The server does not know this tablet; nothing will go until it is enrolled again.
    NeedsEnrolment { sent: usize },
    /// The outbox itself failed (storage full, blocked): nothing was lost, try again later.
    StorageFailed { sent: usize, error: StoreError },
}

/// Sends everything waiting, a batch at a time, until the outbox is empty or something stops it.
pub async fn drain(outbox: &impl Outbox, transport: &impl Transport) -> DrainOutcome {
    let mut sent = 0;
    loop {
        let batch_items = match outbox.waiting(MAX_BATCH_ITEMS).await {
            Ok(items) => items,
            Err(error) => return DrainOutcome::StorageFailed { sent, error },
        };
        if batch_items.is_empty() {
            return DrainOutcome::Empty { sent };
        }
        let sent_ids: HashMap<Uuid, ()> = batch_items.iter().map(|i| (i.id, ())).collect();
        let response = match transport.send(&SyncBatch::new(batch_items)).await {
            Ok(response) => response,
            Err(TransportError::Unauthorized) => return DrainOutcome::NeedsEnrolment { sent },
            Err(error) => return DrainOutcome::TryLater { sent, error },
        };

        // Only acks for ids we actually sent count: a confused or replayed response must never
        // release an item that is still waiting.
        let mut released = Vec::new();
        let mut progressed = false;
        for ack in response
            .acks
            .iter()
            .filter(|a| sent_ids.contains_key(&a.id))
        {
            match ack.status {
                s if s.releases_item() => released.push(ack.id),
                AckStatus::Rejected => {
                    let reason = ack.reason.as_deref().unwrap_or("no reason given");
                    if let Err(error) = outbox.hold(ack.id, reason).await {
                        return DrainOutcome::StorageFailed { sent, error };
                    }
                    progressed = true;
                }
                _ => unreachable!("releases_item covers stored and duplicate"),
            }
        }
        if !released.is_empty() {
            if let Err(error) = outbox.remove(&released).await {
                return DrainOutcome::StorageFailed { sent, error };
            }
            sent += released.len();
            progressed = true;
        }
        if !progressed {
            // An answer that acknowledged nothing we sent: don't loop on it.
            return DrainOutcome::TryLater {
                sent,
                error: TransportError::Refused {
                    status: 200,
                    message: "the answer acknowledged none of the items sent".into(),
                },
            };
        }
    }
}
