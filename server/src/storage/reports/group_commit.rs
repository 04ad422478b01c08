//! Group commit for reports. SQLite commits one transaction at a time, and a durable commit
//! (`synchronous=FULL`) waits for the disk: about a millisecond here. If every sync request
//! committed on its own, a school's tablets sending one report each could never go faster than
//! the disk's fsyncs a second. Instead, one writer task takes every request waiting at that moment
//! and writes them all in one transaction: one fsync for many tablets. Each request is still
//! answered only after the commit that holds its reports is on disk, so an ack still means stored.
//! PostgreSQL gains from it too (one commit, one WAL flush, for many requests), so both use it.

use std::collections::HashSet;

use sqlx::Row;
use tokio::sync::{mpsc, oneshot};

use crate::ids::DeviceId;
use crate::storage::{NewReport, Result, SchoolPool, StorageError, TabletWrites, Written};

/// The most requests written in one transaction (bounds how long one commit takes).
const MAX_REQUESTS_PER_COMMIT: usize = 256;

struct Job {
    device_id: DeviceId,
    received_at_ms: i64,
    reports: Vec<NewReport>,
    done: oneshot::Sender<Result<Vec<Written>>>,
}

#[derive(Clone)]
pub(in crate::storage) struct ReportWriter {
    jobs: mpsc::Sender<Job>,
}

impl ReportWriter {
    /// Starts the writer task; it ends when the storage is dropped.
    pub(in crate::storage) fn start(pool: SchoolPool, turns: TabletWrites) -> Self {
        let (jobs, queue) = mpsc::channel(4 * MAX_REQUESTS_PER_COMMIT);
        tokio::spawn(run(pool, turns, queue));
        Self { jobs }
    }

    /// Requests waiting for the writer (the metrics' queue depth).
    pub(in crate::storage) fn queued(&self) -> usize {
        self.jobs.max_capacity() - self.jobs.capacity()
    }

    /// Writes one request's reports and answers, per report in order, whether it was new.
    pub(in crate::storage) async fn write(
        &self,
        device_id: DeviceId,
        received_at_ms: i64,
        reports: &[NewReport],
    ) -> Result<Vec<Written>> {
        let (done, answer) = oneshot::channel();
        let job = Job {
            device_id,
            received_at_ms,
            reports: reports.to_vec(),
            done,
        };
        let stopped = || StorageError::Shared("the report writer has stopped".into());
        self.jobs.send(job).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn run(pool: SchoolPool, turns: TabletWrites, mut queue: mpsc::Receiver<Job>) {
    while let Some(first) = queue.recv().await {
        let mut group = vec![first];
        while group.len() < MAX_REQUESTS_PER_COMMIT {
            match queue.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let turn = turns.turn().await;
        let written = write_group_retrying(&pool, &group).await;
        drop(turn);
        match written {
            Ok(results) => {
                for (job, written) in group.into_iter().zip(results) {
                    // A request whose client went away still had its reports stored: the tablet
                    // sends them again and gets "duplicate", which releases them.
                    let _ = job.done.send(Ok(written));
                }
            }
            Err(e) => {
                let message = e.to_string();
                for job in group {
                    let _ = job.done.send(Err(StorageError::Shared(message.clone())));
                }
            }
        }
    }
}

/// PostgreSQL with several server processes: two groups inserting the same ids in different
/// orders (a tablet's retry reaching two servers at once) can deadlock, and PostgreSQL then
/// aborts one of them. Nothing was written by the aborted one, so it is simply written again.
async fn write_group_retrying(pool: &SchoolPool, group: &[Job]) -> Result<Vec<Vec<Written>>> {
    let mut attempt = 1;
    loop {
        match write_group(pool, group).await {
            Err(StorageError::Database(e)) if attempt < 3 && is_deadlock(&e) => attempt += 1,
            other => return other,
        }
    }
}

fn is_deadlock(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        .is_some_and(|code| code == "40P01" || code == "40001")
}

/// Reports inserted by one statement: 6 parameters each, well under SQLite's 32,766 and
/// PostgreSQL's 65,535 a statement.
const ROWS_PER_STATEMENT: usize = 500;

/// All the group's reports in one transaction, as few multi-row `INSERT`s (each a round trip to
/// PostgreSQL, a statement for SQLite to prepare and step) as the group allows. An id seen twice
/// (two tabs, two requests) is stored by the first and answered "duplicate" for the second, as
/// with separate commits.
async fn write_group(pool: &SchoolPool, group: &[Job]) -> Result<Vec<Vec<Written>>> {
    let rows: Vec<(&Job, &NewReport)> = group
        .iter()
        .flat_map(|job| job.reports.iter().map(move |report| (job, report)))
        .collect();
    let mut tx = pool.begin().await?;
    // The ids this transaction inserted (`RETURNING` names only rows written, not conflicts).
    let mut inserted = HashSet::new();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = insert_statement(chunk.len());
        let mut query = sqlx::query(&sql);
        for (job, report) in chunk {
            query = query
                .bind(report.id.to_string())
                .bind(job.device_id)
                .bind(job.received_at_ms)
                .bind(report.urgent)
                .bind(&report.what)
                .bind(&report.payload);
        }
        for row in query.fetch_all(&mut *tx).await? {
            inserted.insert(row.get::<String, _>(0));
        }
    }
    tx.commit().await?;
    // In request order, the first mention of an inserted id is the one that stored it.
    Ok(group
        .iter()
        .map(|job| {
            job.reports
                .iter()
                .map(|report| {
                    if inserted.remove(&report.id.to_string()) {
                        Written::Stored
                    } else {
                        Written::Duplicate
                    }
                })
                .collect()
        })
        .collect())
}

/// `INSERT … VALUES ($1, …, $6), ($7, …, $12), … ON CONFLICT (id) DO NOTHING RETURNING id`.
fn insert_statement(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let p: Vec<String> = (1..=6).map(|c| format!("${}", r * 6 + c)).collect();
            format!("({})", p.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO reports (id, device_id, received_at_ms, urgent, what, payload) VALUES {} \
         ON CONFLICT (id) DO NOTHING RETURNING id",
        values.join(", ")
    )
}
