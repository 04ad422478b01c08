//! Claims on background jobs' runs (`job_runs`): before a server runs a school's job for a slot
//! (an hour, for an hourly job) it claims it here, so that of several servers on one database
//! exactly one runs it.

use super::{Result, Store, Written};

/// How long a claim is kept: long past any slot that could still be claimed.
const KEPT_MS: i64 = 7 * 24 * 3_600_000;

impl Store {
    /// True when this call claimed `job`'s run for `slot`; false when another (or an earlier
    /// call) already had. Claims older than a week are removed on the way.
    pub async fn claim_job_run(&self, job: &str, slot: i64, now_ms: i64) -> Result<bool> {
        let rows = sqlx::query(
            "INSERT INTO job_runs (job, slot, claimed_at_ms) VALUES ($1, $2, $3)
             ON CONFLICT (job, slot) DO NOTHING",
        )
        .bind(job)
        .bind(slot)
        .bind(now_ms)
        .execute(&self.pool)
        .await?
        .rows_affected();
        let claimed = Written::from_rows_inserted(rows) == Written::Stored;
        if claimed {
            sqlx::query("DELETE FROM job_runs WHERE job = $1 AND claimed_at_ms < $2")
                .bind(job)
                .bind(now_ms - KEPT_MS)
                .execute(&self.pool)
                .await?;
        }
        Ok(claimed)
    }
}
