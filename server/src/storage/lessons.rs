//! Lesson records (`lesson_records`): which lesson a tablet finished, for which class, and by whom
//! (pupil or teacher). They hold no pupil data.

use sqlx::Row;
use uuid::Uuid;

use super::insert_new::insert_new;
use super::{Result, Store, Written};
use crate::ids::DeviceId;

/// A validated lesson record ready to be written.
#[derive(Debug, Clone)]
pub struct NewLessonRecord {
    /// The tablet's idempotency key.
    pub id: Uuid,
    pub lesson_id: String,
    /// `eyfs`, `ks1` or `ks2`.
    pub band: String,
    /// Trimmed; `None` when the tablet had no class set.
    pub class_label: Option<String>,
    /// `pupil` or `teacher`.
    pub by: String,
    pub completed_at_ms: i64,
}

/// One stored lesson record, as the command line and tests see it. Holds no pupil data.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LessonRecordRow {
    pub id: String,
    pub device_id: DeviceId,
    pub lesson_id: String,
    pub band: String,
    pub class_label: Option<String>,
    pub by: String,
    pub completed_at_ms: i64,
    pub received_at_ms: i64,
}

/// Per lesson, what was recorded for one class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonCoverageRow {
    pub lesson_id: String,
    pub band: String,
    pub times: u32,
    pub taught_by_teacher: bool,
    pub latest_ms: i64,
}

impl Store {
    /// Writes lesson records in one durable transaction; per record in order, new or already
    /// there. Returns only after the commit is on disk.
    pub async fn store_lesson_records(
        &self,
        device_id: DeviceId,
        received_at_ms: i64,
        records: &[NewLessonRecord],
    ) -> Result<Vec<Written>> {
        let _turn = self.tablet_writes.turn().await;
        let mut tx = self.pool.begin().await?;
        let columns = [
            "id",
            "device_id",
            "lesson_id",
            "band",
            "class_label",
            "\"by\"",
            "completed_at_ms",
            "received_at_ms",
        ];
        let written = insert_new(
            &mut tx,
            "lesson_records",
            &columns,
            records,
            |r| r.id.to_string(),
            |query, r| {
                query
                    .bind(r.id.to_string())
                    .bind(device_id)
                    .bind(&r.lesson_id)
                    .bind(&r.band)
                    .bind(&r.class_label)
                    .bind(&r.by)
                    .bind(r.completed_at_ms)
                    .bind(received_at_ms)
            },
        )
        .await?;
        tx.commit().await?;
        Ok(written)
    }

    /// Every lesson record, newest first.
    pub async fn lesson_records(&self) -> Result<Vec<LessonRecordRow>> {
        let rows = sqlx::query(
            "SELECT id, device_id, lesson_id, band, class_label, \"by\", completed_at_ms, received_at_ms
             FROM lesson_records ORDER BY received_at_ms DESC, completed_at_ms DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| LessonRecordRow {
                id: r.get("id"),
                device_id: r.get("device_id"),
                lesson_id: r.get("lesson_id"),
                band: r.get("band"),
                class_label: r.get("class_label"),
                by: r.get("by"),
                completed_at_ms: r.get("completed_at_ms"),
                received_at_ms: r.get("received_at_ms"),
            })
            .collect())
    }

    /// What was recorded for one class (matched without regard to case), most recent first.
    pub async fn class_coverage(&self, class_label: &str) -> Result<Vec<LessonCoverageRow>> {
        let rows = sqlx::query(
            "SELECT lesson_id, band, COUNT(*) AS times,
                    MAX(CASE WHEN \"by\" = 'teacher' THEN 1 ELSE 0 END) AS by_teacher,
                    MAX(completed_at_ms) AS latest_ms
             FROM lesson_records WHERE lower(class_label) = lower($1)
             GROUP BY lesson_id, band ORDER BY latest_ms DESC, lesson_id",
        )
        .bind(class_label.trim())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| LessonCoverageRow {
                lesson_id: r.get("lesson_id"),
                band: r.get("band"),
                times: r.get::<i64, _>("times").clamp(0, u32::MAX as i64) as u32,
                taught_by_teacher: r.get::<i64, _>("by_teacher") != 0,
                latest_ms: r.get("latest_ms"),
            })
            .collect())
    }
}
