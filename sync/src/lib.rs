//! Draining the outbox.
//!
//! The outbox is the only truth on a tablet: an item is safe the moment it is in it. This crate
//! decides what leaves it and when, and nothing else: storage (IndexedDB on a tablet) and
//! transport (fetch on a tablet) are traits, so the same code runs in the app and in native tests
//! against a real server behind a deliberately unreliable network.
//!
//! The one rule: an item is deleted only after the server acknowledged it as `stored` or
//! `duplicate`. Everything else — a timeout, a 500, a dropped response, a closed tab — leaves it
//! queued, and the server's dedup on the item id makes sending it again harmless.

mod backoff;
mod drain;

pub use backoff::Backoff;
pub use drain::{drain, DrainOutcome, Outbox, StoreError, Transport, TransportError};
