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
                _ => unreachable!("releases_item covers stored, duplicate and discarded"),
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

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    use kite_protocol::sync::{Ack, ItemKind};

    use super::*;

    /// Runs a future that never waits (everything here is in memory).
    fn run<F: Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    #[derive(Default)]
    struct Queue(RefCell<Vec<SyncItem>>);

    impl Outbox for Queue {
        async fn waiting(&self, max: usize) -> Result<Vec<SyncItem>, StoreError> {
            Ok(self.0.borrow().iter().take(max).cloned().collect())
        }
        async fn remove(&self, ids: &[Uuid]) -> Result<(), StoreError> {
            self.0.borrow_mut().retain(|i| !ids.contains(&i.id));
            Ok(())
        }
        async fn hold(&self, _: Uuid, _: &str) -> Result<(), StoreError> {
            unreachable!("nothing is refused item by item here")
        }
    }

    /// A server that refuses the first `refusals_left` batches (this tablet's quota for the day
    /// is used up), then stores everything; it keeps what it stored.
    struct QuotaServer {
        refusals_left: RefCell<usize>,
        stored: RefCell<Vec<Uuid>>,
    }

    impl Transport for QuotaServer {
        async fn send(&self, batch: &SyncBatch) -> Result<SyncResponse, TransportError> {
            if *self.refusals_left.borrow() > 0 {
                *self.refusals_left.borrow_mut() -= 1;
                return Err(TransportError::Refused {
                    status: 429,
                    message: "this tablet has sent as much as the school server stores in a day"
                        .into(),
                });
            }
            let mut acks = Vec::new();
            for item in &batch.items {
                let status = if self.stored.borrow().contains(&item.id) {
                    AckStatus::Duplicate
                } else {
                    self.stored.borrow_mut().push(item.id);
                    AckStatus::Stored
                };
                acks.push(Ack {
                    id: item.id,
                    status,
                    reason: None,
                });
            }
            Ok(SyncResponse { acks })
        }
    }

    #[test]
    fn a_day_quota_refusal_keeps_every_item_queued_and_each_is_sent_once_later() {
        let items: Vec<SyncItem> = (0..30)
            .map(|_| SyncItem {
                id: Uuid::new_v4(),
                kind: ItemKind::Report,
                sealed: "c2VhbGVk".into(),
                answer_code: None,
            })
            .collect();
        let outbox = Queue(RefCell::new(items.clone()));
        let server = QuotaServer {
            refusals_left: RefCell::new(2),
            stored: RefCell::new(Vec::new()),
        };
        for _ in 0..2 {
            match run(drain(&outbox, &server)) {
                DrainOutcome::TryLater {
                    sent: 0,
                    error: TransportError::Refused { status: 429, .. },
                } => {}
                other => panic!("expected try later, got {other:?}"),
            }
            assert_eq!(outbox.0.borrow().len(), 30, "nothing dropped");
        }
        assert_eq!(
            run(drain(&outbox, &server)),
            DrainOutcome::Empty { sent: 30 }
        );
        let mut stored = server.stored.borrow().clone();
        stored.sort();
        let mut sent: Vec<Uuid> = items.iter().map(|i| i.id).collect();
        sent.sort();
        assert_eq!(stored, sent, "every item stored, none twice");
    }
}
