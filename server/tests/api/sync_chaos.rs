//! The sync client against the real server over a network that drops, duplicates, delays and
//! reorders requests. Property: N reports queued = N stored, none twice, none lost — and no item
//! ever leaves the outbox before the server has it.

use std::cell::RefCell;
use std::collections::BTreeSet;

use kite_protocol::report::{Feeling, Place, Report, Reporter, TalkTo, WhatHappened};
use kite_protocol::sync::{SyncBatch, SyncItem, SyncResponse};
use kite_sync::{drain, DrainOutcome, Outbox, StoreError, Transport, TransportError};
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::helpers::{sealed_item, TestServer};

/// The tablet's outbox, in memory: a list of items, some held.
#[derive(Default)]
struct MemoryOutbox {
    items: RefCell<Vec<(SyncItem, Option<String>)>>,
}

impl Outbox for MemoryOutbox {
    async fn waiting(&self, max: usize) -> Result<Vec<SyncItem>, StoreError> {
        Ok(self
            .items
            .borrow()
            .iter()
            .filter(|(_, held)| held.is_none())
            .take(max)
            .map(|(i, _)| i.clone())
            .collect())
    }
    async fn remove(&self, ids: &[Uuid]) -> Result<(), StoreError> {
        self.items
            .borrow_mut()
            .retain(|(i, _)| !ids.contains(&i.id));
        Ok(())
    }
    async fn hold(&self, id: Uuid, reason: &str) -> Result<(), StoreError> {
        for (item, held) in self.items.borrow_mut().iter_mut() {
            if item.id == id {
                *held = Some(reason.to_string());
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy)]
struct Chaos {
    drop_request: f64,
    drop_response: f64,
    duplicate: f64,
    delay: f64,
    replay_delayed: f64,
}

/// Real HTTP to the real server, with the network's faults injected around each request.
struct ChaosTransport<'a> {
    server: &'a TestServer,
    chaos: Chaos,
    rng: RefCell<StdRng>,
    /// Requests "in flight" that will arrive later, out of order.
    delayed: RefCell<Vec<SyncBatch>>,
}

impl ChaosTransport<'_> {
    fn roll(&self, p: f64) -> bool {
        self.rng.borrow_mut().gen_bool(p)
    }

    async fn post(&self, batch: &SyncBatch) -> Result<SyncResponse, TransportError> {
        let response = self.server.post_sync(batch).await;
        if response.status() != 200 {
            return Err(TransportError::Refused {
                status: response.status().as_u16(),
                message: response.text().await.unwrap_or_default(),
            });
        }
        Ok(response.json().await.expect("sync answers JSON"))
    }

    /// Lets every delayed request arrive (the network settles).
    async fn deliver_all_delayed(&self) {
        let delayed: Vec<_> = self.delayed.borrow_mut().drain(..).collect();
        for batch in delayed {
            let _ = self.post(&batch).await;
        }
    }
}

impl Transport for ChaosTransport<'_> {
    async fn send(&self, batch: &SyncBatch) -> Result<SyncResponse, TransportError> {
        // An older request that was held up in the network arrives now, before this one.
        if !self.delayed.borrow().is_empty() && self.roll(self.chaos.replay_delayed) {
            let i = self
                .rng
                .borrow_mut()
                .gen_range(0..self.delayed.borrow().len());
            let old = self.delayed.borrow_mut().remove(i);
            let _ = self.post(&old).await;
        }
        if self.roll(self.chaos.delay) {
            // The request is stuck somewhere; the client times out, the server gets it later.
            self.delayed.borrow_mut().push(batch.clone());
            return Err(TransportError::Unreachable("timed out (delayed)".into()));
        }
        if self.roll(self.chaos.drop_request) {
            return Err(TransportError::Unreachable("connection reset".into()));
        }
        if self.roll(self.chaos.duplicate) {
            let _ = self.post(batch).await;
        }
        let answer = self.post(batch).await;
        if self.roll(self.chaos.drop_response) {
            return Err(TransportError::Unreachable("response lost".into()));
        }
        answer
    }
}

fn arb_report() -> impl Strategy<Value = Report> {
    (
        proptest::sample::select(WhatHappened::ALL.to_vec()),
        proptest::option::of(proptest::sample::select(Place::ALL.to_vec())),
        proptest::option::of(proptest::sample::select(Feeling::ALL.to_vec())),
        proptest::option::of("[a-zA-Z ąęł]{1,80}"),
    )
        .prop_map(|(what, place, feeling, words)| Report {
            what,
            place,
            feeling,
            words: words.filter(|w| !w.trim().is_empty()),
            drawing_png: None,
            web_address: None,
            talk_to: TalkTo::AnyGrownUp,
            reporter: Reporter::Anonymous,
            band: None,
            made_at_ms: 1_764_000_000_000,
        })
}

fn arb_chaos() -> impl Strategy<Value = Chaos> {
    (
        0.0..0.4f64,
        0.0..0.4f64,
        0.0..0.4f64,
        0.0..0.3f64,
        0.0..0.6f64,
    )
        .prop_map(
            |(drop_request, drop_response, duplicate, delay, replay_delayed)| Chaos {
                drop_request,
                drop_response,
                duplicate,
                delay,
                replay_delayed,
            },
        )
}

/// Drains until the outbox is empty, checking after every round that nothing left the outbox
/// that the server doesn't have.
async fn drain_until_empty(
    outbox: &MemoryOutbox,
    transport: &ChaosTransport<'_>,
    queued: &BTreeSet<String>,
) {
    for _round in 0..500 {
        let outcome = drain(outbox, transport).await;
        let still_queued: BTreeSet<String> = outbox
            .items
            .borrow()
            .iter()
            .map(|(i, _)| i.id.to_string())
            .collect();
        let on_server: BTreeSet<String> = transport.server.stored_ids().await.into_iter().collect();
        for id in queued.difference(&still_queued) {
            assert!(
                on_server.contains(id),
                "{id} left the outbox but the server doesn't have it"
            );
        }
        match outcome {
            DrainOutcome::Empty { .. } => return,
            DrainOutcome::TryLater { .. } => continue,
            other => panic!("unexpected outcome {other:?}"),
        }
    }
    panic!("the outbox never emptied");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_queued_report_is_stored_exactly_once(
        reports in proptest::collection::vec(arb_report(), 1..40),
        chaos_a in arb_chaos(),
        chaos_b in arb_chaos(),
        seed in any::<u64>(),
    ) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = TestServer::spawn().await;
            let outbox = MemoryOutbox::default();
            for r in &reports {
                outbox.items.borrow_mut().push((sealed_item(&server.public_key, r), None));
            }
            let queued: BTreeSet<String> =
                outbox.items.borrow().iter().map(|(i, _)| i.id.to_string()).collect();

            // Two tabs draining the same outbox at once, each over its own bad network.
            let tab_a = ChaosTransport { server: &server, chaos: chaos_a, rng: RefCell::new(StdRng::seed_from_u64(seed)), delayed: RefCell::default() };
            let tab_b = ChaosTransport { server: &server, chaos: chaos_b, rng: RefCell::new(StdRng::seed_from_u64(seed ^ 0x5eed)), delayed: RefCell::default() };
            tokio::join!(
                drain_until_empty(&outbox, &tab_a, &queued),
                drain_until_empty(&outbox, &tab_b, &queued),
            );
            // Late duplicates arrive after everything was acknowledged.
            tab_a.deliver_all_delayed().await;
            tab_b.deliver_all_delayed().await;

            let stored = server.stored_ids().await;
            assert_eq!(stored.len(), reports.len(), "N queued = N stored");
            let unique: BTreeSet<String> = stored.iter().cloned().collect();
            assert_eq!(unique, queued, "exactly the queued ids, none twice");
            assert!(outbox.items.borrow().is_empty());
        });
    }
}
