//! Staff sessions and parents' sessions are kept the same way (the cookie's SHA-256, a CSRF token,
//! created and last-seen times, whose session it is), in two tables so neither can ever be taken
//! for the other. These are the statements both share.

use sqlx::AnyPool;

use crate::storage::Result;

/// A session table and the column naming whose session it is.
#[derive(Clone, Copy)]
pub(super) struct SessionTable {
    pub table: &'static str,
    pub owner: &'static str,
}

pub(super) const STAFF: SessionTable = SessionTable {
    table: "staff_sessions",
    owner: "staff_id",
};
pub(super) const PARENT: SessionTable = SessionTable {
    table: "parent_sessions",
    owner: "pupil_id",
};

impl SessionTable {
    pub async fn create(
        self,
        pool: &AnyPool,
        id_sha256: &[u8],
        owner_id: i64,
        csrf_token: &str,
        now_ms: i64,
    ) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO {} (id_sha256, {}, csrf_token, created_at_ms, last_seen_ms)
             VALUES ($1, $2, $3, $4, $5)",
            self.table, self.owner
        ))
        .bind(id_sha256)
        .bind(owner_id)
        .bind(csrf_token)
        .bind(now_ms)
        .bind(now_ms)
        .execute(pool)
        .await?;
        Ok(())
    }

    pub async fn touch(self, pool: &AnyPool, id_sha256: &[u8], now_ms: i64) -> Result<()> {
        sqlx::query(&format!(
            "UPDATE {} SET last_seen_ms = $1 WHERE id_sha256 = $2",
            self.table
        ))
        .bind(now_ms)
        .bind(id_sha256)
        .execute(pool)
        .await?;
        Ok(())
    }

    pub async fn delete(self, pool: &AnyPool, id_sha256: &[u8]) -> Result<()> {
        sqlx::query(&format!("DELETE FROM {} WHERE id_sha256 = $1", self.table))
            .bind(id_sha256)
            .execute(pool)
            .await?;
        Ok(())
    }

    /// Removes sessions idle since `idle_before_ms` or started before `started_before_ms`.
    pub async fn delete_expired(
        self,
        pool: &AnyPool,
        idle_before_ms: i64,
        started_before_ms: i64,
    ) -> Result<u64> {
        let done = sqlx::query(&format!(
            "DELETE FROM {} WHERE last_seen_ms < $1 OR created_at_ms < $2",
            self.table
        ))
        .bind(idle_before_ms)
        .bind(started_before_ms)
        .execute(pool)
        .await?;
        Ok(done.rows_affected())
    }
}
