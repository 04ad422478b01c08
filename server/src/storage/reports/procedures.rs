//! Guided procedures on a record (`report_procedures`) and each recording of their steps
//! (`procedure_steps`, append-only). Starting one and recording a step each write a chronology
//! entry in the same transaction, so the chronology says when and by whom.

use kite_protocol::procedure::{Answers, RecordedStep, StartedProcedure};
use sqlx::Row;

use super::record::{insert_event, EventLinks};
use super::NewReportEvent;
use crate::storage::{Result, Store};

/// What became of starting a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    Started,
    NoSuchReport,
    AlreadyStarted,
}

impl Store {
    /// Starts `kind` on the record, with its chronology entry.
    pub async fn start_procedure(
        &self,
        id: &str,
        kind: &str,
        event: &NewReportEvent,
    ) -> Result<Started> {
        let mut tx = self.pool.begin().await?;
        if insert_event(&mut tx, id, event, &EventLinks::default())
            .await?
            .is_none()
        {
            return Ok(Started::NoSuchReport);
        }
        let done = sqlx::query(
            "INSERT INTO report_procedures (report_id, kind, started_by, started_at_ms)
             VALUES ($1, $2, $3, $4) ON CONFLICT (report_id, kind) DO NOTHING",
        )
        .bind(id)
        .bind(kind)
        .bind(event.staff_id)
        .bind(event.at_ms)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(Started::AlreadyStarted);
        }
        tx.commit().await?;
        Ok(Started::Started)
    }

    /// Records one step of a started procedure, with its chronology entry. `None` if the
    /// procedure is not started on this record.
    pub async fn record_procedure_step(
        &self,
        id: &str,
        kind: &str,
        step: &str,
        answers: &Answers,
        event: &NewReportEvent,
    ) -> Result<Option<i64>> {
        let answers = serde_json::to_string(answers).expect("a map of strings serialises");
        let mut tx = self.pool.begin().await?;
        let started =
            sqlx::query("SELECT 1 FROM report_procedures WHERE report_id = $1 AND kind = $2")
                .bind(id)
                .bind(kind)
                .fetch_optional(&mut *tx)
                .await?
                .is_some();
        if !started {
            return Ok(None);
        }
        if insert_event(&mut tx, id, event, &EventLinks::default())
            .await?
            .is_none()
        {
            return Ok(None);
        }
        let row = sqlx::query(
            "INSERT INTO procedure_steps (report_id, kind, step, answers, recorded_by,
                                          recorded_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(id)
        .bind(kind)
        .bind(step)
        .bind(&answers)
        .bind(event.staff_id)
        .bind(event.at_ms)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(row.get(0)))
    }

    /// The procedures started on a record, each with every recording of its steps oldest first.
    /// `missing` is left empty: the procedure's table says what is.
    pub async fn report_procedures(&self, id: &str) -> Result<Vec<StartedProcedure>> {
        let started = sqlx::query(
            "SELECT p.kind, s.name, p.started_at_ms FROM report_procedures p
             JOIN staff s ON s.id = p.started_by
             WHERE p.report_id = $1 ORDER BY p.started_at_ms, p.kind",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let steps = sqlx::query(
            "SELECT ps.id, ps.kind, ps.step, ps.answers, s.name, ps.recorded_at_ms
             FROM procedure_steps ps JOIN staff s ON s.id = ps.recorded_by
             WHERE ps.report_id = $1 ORDER BY ps.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(started
            .iter()
            .map(|p| {
                let kind: String = p.get("kind");
                StartedProcedure {
                    steps: steps
                        .iter()
                        .filter(|s| s.get::<String, _>("kind") == kind)
                        .map(|s| RecordedStep {
                            id: s.get("id"),
                            step: s.get("step"),
                            answers: serde_json::from_str(&s.get::<String, _>("answers"))
                                .unwrap_or_default(),
                            recorded_by: s.get("name"),
                            recorded_at_ms: s.get("recorded_at_ms"),
                        })
                        .collect(),
                    procedure: kind,
                    started_by: p.get("name"),
                    started_at_ms: p.get("started_at_ms"),
                    missing: Vec::new(),
                }
            })
            .collect())
    }
}
