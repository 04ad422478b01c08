//! A load generator for `scripts/bench`, on loopback only: a bounded number of requests from a
//! fixed number of concurrent workers against a running kite-server.
//!
//!   load health URL SECONDS CONCURRENCY
//!   load sync URL SECONDS CONCURRENCY BATCH TOKEN...   (reports per request = BATCH)
//!
//! Prints requests/s (and reports/s for sync). Only loopback URLs are accepted.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kite_protocol::report::WhatHappened;
use kite_protocol::sync::{AckStatus, ItemKind, SyncBatch, SyncItem, SyncResponse};

// Each load generator uses part of what they share.
#[allow(dead_code)]
mod bench;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, url) = (args[0].as_str(), bench::loopback(&args[1])?);
    let seconds: u64 = args[2].parse()?;
    let workers: usize = args[3].parse()?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(workers)
        .build()?;
    let requests = Arc::new(AtomicU64::new(0));
    let reports = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();

    match mode {
        "health" => {
            for _ in 0..workers {
                let (client, url, requests) = (client.clone(), url.clone(), requests.clone());
                tasks.push(tokio::spawn(async move {
                    while Instant::now() < deadline {
                        let r = client.get(format!("{url}/api/v1/health")).send().await;
                        if r.map(|r| r.status().is_success()).unwrap_or(false) {
                            requests.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }));
            }
        }
        "sync" => {
            let batch_size: usize = args[4].parse()?;
            let tokens: Vec<String> = args[5..].to_vec();
            anyhow::ensure!(!tokens.is_empty(), "give at least one device token");
            let key = bench::school_key(&client, &url, None, &tokens[0]).await?;
            // Sealing is the tablet's work, not the server's: do it before the clock starts.
            let sealed = bench::sealed_item(
                &key,
                ItemKind::Report,
                &bench::report(
                    WhatHappened::SomeoneWasUnkind,
                    "They said mean things in the game chat",
                ),
            )?
            .sealed;
            for w in 0..workers {
                let token = tokens[w % tokens.len()].clone();
                let (client, url, requests, reports, sealed) = (
                    client.clone(),
                    url.clone(),
                    requests.clone(),
                    reports.clone(),
                    sealed.clone(),
                );
                tasks.push(tokio::spawn(async move {
                    while Instant::now() < deadline {
                        let items = (0..batch_size)
                            .map(|_| SyncItem {
                                id: uuid::Uuid::new_v4(),
                                kind: ItemKind::Report,
                                sealed: sealed.clone(),
                                answer_code: None,
                            })
                            .collect();
                        let r = client
                            .post(format!("{url}/api/v1/sync"))
                            .bearer_auth(&token)
                            .json(&SyncBatch::new(items))
                            .send()
                            .await;
                        if let Ok(r) = r {
                            if let Ok(answer) = r.json::<SyncResponse>().await {
                                let stored = answer
                                    .acks
                                    .iter()
                                    .filter(|a| a.status == AckStatus::Stored)
                                    .count();
                                requests.fetch_add(1, Ordering::Relaxed);
                                reports.fetch_add(stored as u64, Ordering::Relaxed);
                            }
                        }
                    }
                }));
            }
        }
        other => anyhow::bail!("unknown mode {other}"),
    }
    let started = Instant::now();
    for t in tasks {
        t.await?;
    }
    let secs = started.elapsed().as_secs_f64();
    let n = requests.load(Ordering::Relaxed) as f64;
    match mode {
        "health" => println!("  /api/v1/health: {:.0} requests/s ({workers} connections, {secs:.1} s)", n / secs),
        _ => println!(
            "  /api/v1/sync, {} report(s) a request: {:.0} requests/s, {:.0} durable reports/s ({workers} connections, {secs:.1} s)",
            args[4],
            n / secs,
            reports.load(Ordering::Relaxed) as f64 / secs
        ),
    }
    Ok(())
}
