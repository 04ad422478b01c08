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

impl Store {
    /// Takes one token from the bucket `key` (refilled at `rate_per_sec`, holding at most
    /// `burst`, full when first used) in one atomic statement, so processes sharing the database
    /// share one allowance. `None` when a token was taken, else how long until one is free.
    /// Not durable (see [`super::dialect::Pools`]): losing a bucket in a power cut harms nothing.
    pub async fn take_rate_token(
        &self,
        key: &str,
        rate_per_sec: f64,
        burst: f64,
        now_ms: i64,
    ) -> Result<Option<Duration>> {
        self.take_rate_tokens(key, 1.0, rate_per_sec, burst, now_ms)
            .await
    }

    /// [`Self::take_rate_token`] for `cost` tokens at once (a quota of bytes or items): all of
    /// them or none.
    pub async fn take_rate_tokens(
        &self,
        key: &str,
        cost: f64,
        rate_per_sec: f64,
        burst: f64,
        now_ms: i64,
    ) -> Result<Option<Duration>> {
        // One statement: the read, the refill and the take happen under the row's lock, so two
        // processes can't both spend the last token. (Every SET expression sees the old row.)
        // In a relaxed transaction: a bucket lost in a power cut only allows a few requests more.
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
        let row = sqlx::query(&sql)
            .bind(key)
            .bind(burst)
            .bind(now_ms)
            .bind(rate_per_sec / 1000.0)
            .bind(cost)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        if row.get::<i64, _>("granted") != 0 {
            return Ok(None);
        }
        let tokens: f64 = row.get("tokens");
        Ok(Some(Duration::from_secs_f64(
            ((cost - tokens) / rate_per_sec).max(0.0),
        )))
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
