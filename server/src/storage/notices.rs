//! Emails queued for DSLs when who can read reports changes (`dsl_notices`), sent by the alerts
//! job. Each is claimed before it is sent, so two server processes never send one twice.

use sqlx::Row;

use super::{Result, Store};

/// A queued email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DslNotice {
    pub id: i64,
    pub to_email: String,
    pub subject: String,
    pub body: String,
}

impl Store {
    /// Queues one email to each address.
    pub async fn queue_dsl_notices(
        &self,
        to: &[String],
        subject: &str,
        body: &str,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for email in to {
            sqlx::query(
                "INSERT INTO dsl_notices (to_email, subject, body, created_at_ms)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(email)
            .bind(subject)
            .bind(body)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Marks every unsent notice as sent now and returns them, to be sent (or released).
    pub async fn claim_dsl_notices(&self, now_ms: i64) -> Result<Vec<DslNotice>> {
        let rows = sqlx::query(
            "UPDATE dsl_notices SET sent_at_ms = $1 WHERE sent_at_ms IS NULL
             RETURNING id, to_email, subject, body",
        )
        .bind(now_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| DslNotice {
                id: r.get("id"),
                to_email: r.get("to_email"),
                subject: r.get("subject"),
                body: r.get("body"),
            })
            .collect())
    }

    /// Gives a claimed notice back (sending failed), to be tried again.
    pub async fn release_dsl_notice(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE dsl_notices SET sent_at_ms = NULL WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
