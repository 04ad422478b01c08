//! Urgent-report alerts: which urgent reports have had their alert sent (`reports.alerted_at_ms`),
//! claimed atomically so two server processes never alert for the same report.

use sqlx::Row;

use super::{Result, Store};

impl Store {
    /// Marks every urgent report not yet alerted as alerted now, and returns their ids. Atomic, so
    /// two server processes never alert for the same report.
    pub async fn claim_urgent_alerts(&self, now_ms: i64) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "UPDATE reports SET alerted_at_ms = $1 WHERE urgent AND alerted_at_ms IS NULL RETURNING id",
        )
        .bind(now_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Gives claimed alerts back (sending failed), to be tried again.
    pub async fn release_urgent_alerts(&self, ids: &[String]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for id in ids {
            sqlx::query("UPDATE reports SET alerted_at_ms = NULL WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
