//! The server's secret key (`server_key`), shared by every server process using the database.

use sqlx::Row;

use super::{Result, StorageError, Store};

impl Store {
    /// The server's secret key: the one already stored, else `candidate` (stored now, marked as
    /// `origin`: "imported" or "generated"). Two processes starting at once both get whichever
    /// was stored first.
    pub async fn server_secret_key(
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
