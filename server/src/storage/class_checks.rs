//! A class's "I can" answers (`class_checks`): one answer for the whole class to one of a lesson's
//! outcomes, from the whiteboard. They hold no pupil data and are only ever added to; the latest
//! answer to an outcome is the one the knowledge map uses.

use sqlx::Row;
use uuid::Uuid;

use super::{Result, Store, Written};
use crate::ids::DeviceId;

/// A validated answer ready to be written.
#[derive(Debug, Clone)]
pub struct NewClassCheck {
    /// The tablet's idempotency key.
    pub id: Uuid,
    /// The class's name on the school's class list.
    pub class_label: String,
    pub lesson_id: String,
    pub outcome: u8,
    /// `thumbs_up`, `wobbly` or `not_yet`.
    pub answer: String,
    pub answered_at_ms: i64,
}

/// The latest answer to one outcome, for one class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestCheckRow {
    pub lesson_id: String,
    pub outcome: u8,
    pub answer: String,
    pub answered_at_ms: i64,
}

impl Store {
    /// Writes answers in one durable transaction; per answer in order, new or already there.
    pub async fn store_class_checks(
        &self,
        device_id: DeviceId,
        received_at_ms: i64,
        checks: &[NewClassCheck],
    ) -> Result<Vec<Written>> {
        let _turn = self.tablet_writes.turn().await;
        let mut tx = self.pool.begin().await?;
        let mut written = Vec::with_capacity(checks.len());
        for c in checks {
            let done = sqlx::query(
                "INSERT INTO class_checks
                   (id, device_id, class_label, lesson_id, outcome, answer, answered_at_ms, received_at_ms)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
            )
            .bind(c.id.to_string())
            .bind(device_id)
            .bind(&c.class_label)
            .bind(&c.lesson_id)
            .bind(i64::from(c.outcome))
            .bind(&c.answer)
            .bind(c.answered_at_ms)
            .bind(received_at_ms)
            .execute(&mut *tx)
            .await?;
            written.push(Written::from_rows_inserted(done.rows_affected()));
        }
        tx.commit().await?;
        Ok(written)
    }

    /// For one class (matched without regard to case), the latest answer to each outcome it was
    /// asked about: the class's answer when it was last asked, not an average of every time.
    pub async fn latest_class_checks(&self, class_label: &str) -> Result<Vec<LatestCheckRow>> {
        let rows = sqlx::query(
            "SELECT lesson_id, outcome, answer, answered_at_ms FROM class_checks
             WHERE lower(class_label) = lower($1)
             ORDER BY answered_at_ms DESC, received_at_ms DESC, id",
        )
        .bind(class_label.trim())
        .fetch_all(&self.pool)
        .await?;
        let mut seen = std::collections::HashSet::new();
        Ok(rows
            .iter()
            .map(|r| LatestCheckRow {
                lesson_id: r.get("lesson_id"),
                outcome: r.get::<i64, _>("outcome").clamp(0, u8::MAX.into()) as u8,
                answer: r.get("answer"),
                answered_at_ms: r.get("answered_at_ms"),
            })
            .filter(|c| seen.insert((c.lesson_id.clone(), c.outcome)))
            .collect())
    }
}
