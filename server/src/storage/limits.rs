//! Rate-limit buckets (`rate_limits`), shared by every server process using the database.

use std::time::Duration;

use sqlx::Row;

use super::{Result, Store};

/// Tokens in the bucket once refilled for the time since it was last used, capped at the burst
/// (`$2`). `$3` is now, `$4` the refill rate per millisecond. A clock behind the one that last
/// touched the bucket (another server) refills nothing rather than taking tokens away.
const AVAILABLE: &str = "(CASE WHEN rate_limits.tokens + \
       (CASE WHEN $3 > rate_limits.refreshed_ms THEN $3 - rate_limits.refreshed_ms ELSE 0 END) * $4 > $2 \
     THEN $2 \
     ELSE rate_limits.tokens + \
       (CASE WHEN $3 > rate_limits.refreshed_ms THEN $3 - rate_limits.refreshed_ms ELSE 0 END) * $4 END)";

/// Tokens to take from one bucket (refilled at `rate_per_sec`, holding at most `burst`, full
/// when first used).
pub struct RateTake {
    pub bucket: String,
    pub cost: f64,
    pub rate_per_sec: f64,
    pub burst: f64,
}

impl Store {
    /// Takes each of `takes` in turn, `cost` tokens or none from each, stopping at the first
    /// bucket that hasn't enough: `None` when every take was granted, else which one was refused
    /// and how long until it has enough. What was taken before a refusal stays taken (as if taken
    /// one at a time). One transaction for all of them: a tablet's sync takes from three buckets.
    /// Each take is one atomic statement, so processes sharing the database share one allowance.
    /// Not durable (see [`super::dialect::Pools`]): losing a bucket in a power cut harms nothing.
    pub async fn take_rate_tokens(
        &self,
        takes: &[RateTake],
        now_ms: i64,
    ) -> Result<Option<(usize, Duration)>> {
        // One statement: the read, the refill and the take happen under the row's lock, so two
        // processes can't both spend the last token. (Every SET expression sees the old row.)
        let sql = format!(
            "INSERT INTO rate_limits (key, tokens, refreshed_ms, granted) VALUES ($1, $2 - $5, $3, 1)
             ON CONFLICT (key) DO UPDATE SET
                 tokens = CASE WHEN {AVAILABLE} >= $5 THEN {AVAILABLE} - $5 ELSE {AVAILABLE} END,
                 granted = CASE WHEN {AVAILABLE} >= $5 THEN 1 ELSE 0 END,
                 refreshed_ms = CASE WHEN $3 > rate_limits.refreshed_ms
                                     THEN $3 ELSE rate_limits.refreshed_ms END
             RETURNING tokens, granted"
        );
        let mut tx = self.relaxed.begin_relaxed().await?;
        let mut refused = None;
        for (i, take) in takes.iter().enumerate() {
            let row = sqlx::query(&sql)
                .bind(&take.bucket)
                .bind(take.burst)
                .bind(now_ms)
                .bind(take.rate_per_sec / 1000.0)
                .bind(take.cost)
                .fetch_one(&mut *tx)
                .await?;
            if row.get::<i64, _>("granted") == 0 {
                let tokens: f64 = row.get("tokens");
                let wait = ((take.cost - tokens) / take.rate_per_sec).max(0.0);
                refused = Some((i, Duration::from_secs_f64(wait)));
                break;
            }
        }
        tx.commit().await?;
        Ok(refused)
    }

    /// The tokens in the bucket `key` now, taking none (a bucket never used is full).
    pub async fn rate_tokens(
        &self,
        key: &str,
        rate_per_sec: f64,
        burst: f64,
        now_ms: i64,
    ) -> Result<f64> {
        let sql = format!("SELECT {AVAILABLE} AS tokens FROM rate_limits WHERE key = $1");
        let tokens = sqlx::query(&sql)
            .bind(key)
            .bind(burst)
            .bind(now_ms)
            .bind(rate_per_sec / 1000.0)
            .fetch_optional(&self.relaxed)
            .await?
            .map(|row| row.get::<f64, _>("tokens"));
        Ok(tokens.unwrap_or(burst))
    }
}
