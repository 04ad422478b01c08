//! Answers for anonymous children (`answer_codes`, `child_answers`): the keyed hash of a report's
//! picture code, the DSL's answers, and the one lookup a tablet may make with a code. The hash
//! is made by `crate::answer_codes`; nothing here ever sees a code.

use sqlx::Row;

use super::record::{insert_event, EventLinks};
use crate::storage::{flag, NewReportEvent, Result, Store};

impl Store {
    /// Keeps the code hashes of reports just stored. A report sent again keeps the hash it was
    /// first given, so a retried batch changes nothing.
    pub async fn store_answer_codes(&self, codes: &[(String, String)], now_ms: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for (report_id, hash) in codes {
            sqlx::query(
                "INSERT INTO answer_codes (report_id, code_hash, created_at_ms) VALUES ($1, $2, $3)
                 ON CONFLICT (report_id) DO NOTHING",
            )
            .bind(report_id)
            .bind(hash)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether the child who sent report `id` asked for an answer.
    pub async fn report_wants_answer(&self, id: &str) -> Result<bool> {
        let row =
            sqlx::query("SELECT EXISTS (SELECT 1 FROM answer_codes WHERE report_id = $1) AS wants")
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
        Ok(flag(&row, "wants"))
    }

    /// The stored code hash of report `id`, for tests that check no code is kept in the clear.
    pub async fn answer_code_hash(&self, id: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT code_hash FROM answer_codes WHERE report_id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.get("code_hash")))
    }

    /// Adds the DSL's answer and its chronology entry together. `None` if there is no such
    /// report.
    pub async fn add_child_answer(
        &self,
        id: &str,
        event: &NewReportEvent,
        message: &str,
        expires_at_ms: i64,
    ) -> Result<Option<i64>> {
        let mut tx = self.pool.begin().await?;
        let Some(event_id) = insert_event(&mut tx, id, event, &EventLinks::default()).await? else {
            return Ok(None);
        };
        sqlx::query(
            "INSERT INTO child_answers (report_id, event_id, message, written_at_ms, expires_at_ms)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(event_id)
        .bind(message)
        .bind(event.at_ms)
        .bind(expires_at_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(event_id))
    }

    /// The newest answer still in date for the code with this hash. Two children may have been
    /// given the same four pictures: the answers are written so that either may read them.
    pub async fn answer_for_code(&self, code_hash: &str, now_ms: i64) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT a.message FROM answer_codes c
             JOIN child_answers a ON a.report_id = c.report_id
             WHERE c.code_hash = $1 AND a.expires_at_ms > $2
             ORDER BY a.written_at_ms DESC, a.id DESC LIMIT 1",
        )
        .bind(code_hash)
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.get("message")))
    }
}
