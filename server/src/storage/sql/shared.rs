//! State every server process shares through the database: rate-limit buckets and the server's
//! secret key (issue 8: several processes behind a load balancer).

use std::time::Duration;

use sqlx::Row;

use super::SqlStorage;
use crate::storage::{Result, StorageError};

/// Tokens in the bucket once refilled for the time since it was last used, capped at the burst
/// (`$2`). `$3` is now, `$4` the refill rate per millisecond. A clock behind the one that last
/// touched the bucket (another server) refills nothing rather than taking tokens away.
const AVAILABLE: &str = "(CASE WHEN rate_limits.tokens + \
       (CASE WHEN $3 > rate_limits.refreshed_ms THEN $3 - rate_limits.refreshed_ms ELSE 0 END) * $4 > $2 \
     THEN $2 \
     ELSE rate_limits.tokens + \
       (CASE WHEN $3 > rate_limits.refreshed_ms THEN $3 - rate_limits.refreshed_ms ELSE 0 END) * $4 END)";

impl SqlStorage {
    pub(super) async fn take_token(
        &self,
        key: &str,
        rate_per_sec: f64,
        burst: f64,
        now_ms: i64,
    ) -> Result<Option<Duration>> {
        // One statement: the read, the refill and the take happen under the row's lock, so two
        // processes can't both spend the last token. (Every SET expression sees the old row.)
        // On the relaxed pool: a bucket lost in a power cut only allows a few requests more.
        let sql = format!(
            "INSERT INTO rate_limits (key, tokens, refreshed_ms, granted) VALUES ($1, $2 - 1.0, $3, 1)
             ON CONFLICT (key) DO UPDATE SET
                 tokens = CASE WHEN {AVAILABLE} >= 1.0 THEN {AVAILABLE} - 1.0 ELSE {AVAILABLE} END,
                 granted = CASE WHEN {AVAILABLE} >= 1.0 THEN 1 ELSE 0 END,
                 refreshed_ms = CASE WHEN $3 > rate_limits.refreshed_ms
                                     THEN $3 ELSE rate_limits.refreshed_ms END
             RETURNING tokens, granted"
        );
        let row = sqlx::query(&sql)
            .bind(key)
            .bind(burst)
            .bind(now_ms)
            .bind(rate_per_sec / 1000.0)
            .fetch_one(&self.relaxed)
            .await?;
        if row.get::<i64, _>("granted") != 0 {
            return Ok(None);
        }
        let tokens: f64 = row.get("tokens");
        Ok(Some(Duration::from_secs_f64(
            ((1.0 - tokens) / rate_per_sec).max(0.0),
        )))
    }

    pub(super) async fn secret_key(
        &self,
        candidate: &[u8],
        origin: &str,
        now_ms: i64,
    ) -> Result<Vec<u8>> {
        sqlx::query(
            "INSERT INTO server_key (id, secret_key, origin, created_at_ms) VALUES (1, $1, $2, $3)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(candidate)
        .bind(origin)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        let key: Vec<u8> = sqlx::query("SELECT secret_key FROM server_key WHERE id = 1")
            .fetch_one(&self.pool)
            .await?
            .get(0);
        if key.len() != 32 {
            return Err(StorageError::Corrupt(
                "the server key is not 32 bytes".into(),
            ));
        }
        Ok(key)
    }
}
