//! Concerns about adults in school (`adult_concerns`) and what the head or the chair of
//! governors recorded on them (`adult_concern_steps`). Separate tables from `reports`, so no
//! query of the DSL's inbox, a child's chronology or the governors' figures can reach them; the
//! figures take only [`Store::adult_concern_count`].

use kite_protocol::adult_concern::AdultConcernLevel;
use sqlx::any::AnyRow;
use sqlx::Row;
use uuid::Uuid;

use super::{flag, Result, StorageError, Store, Written};
use crate::ids::StaffId;

/// A validated concern ready to be written.
#[derive(Debug, Clone)]
pub struct NewAdultConcernRow<'a> {
    pub id: Uuid,
    pub level: AdultConcernLevel,
    pub about_head: bool,
    pub about_name: &'a str,
    /// A `StoredAdultConcern`'s JSON.
    pub payload: &'a str,
    pub written_by: StaffId,
    pub received_at_ms: i64,
    pub happened_at_ms: i64,
}

/// A concern as stored, with what its steps say about where it stands.
#[derive(Debug, Clone)]
pub struct AdultConcernRow {
    pub id: Uuid,
    pub level: AdultConcernLevel,
    pub about_head: bool,
    pub payload: String,
    pub written_by: StaffId,
    pub received_at_ms: i64,
    pub happened_at_ms: i64,
    pub lado_consulted: bool,
    pub closed: bool,
}

/// One recorded step: its JSON, who recorded it and when.
#[derive(Debug, Clone)]
pub struct AdultStepRow {
    pub answers: String,
    pub by_name: String,
    pub at_ms: i64,
}

/// The grouping key for one adult: their name as typed, trimmed and lower-cased, so "Sam Jones"
/// and "sam jones " are the same person in the head's list.
pub fn about_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

const SELECT: &str = "SELECT c.id, c.level, c.about_head, c.payload, c.written_by,
            c.received_at_ms, c.happened_at_ms,
            EXISTS (SELECT 1 FROM adult_concern_steps s
                    WHERE s.concern_id = c.id AND s.step = 'lado') AS lado_consulted,
            EXISTS (SELECT 1 FROM adult_concern_steps s
                    WHERE s.concern_id = c.id AND s.step = 'closed') AS closed
     FROM adult_concerns c";

impl Store {
    /// Writes the concern. The same id again writes nothing and says so.
    pub async fn store_adult_concern(&self, c: &NewAdultConcernRow<'_>) -> Result<Written> {
        let inserted = sqlx::query(
            "INSERT INTO adult_concerns (id, level, about_head, about_key, payload, written_by,
                                         received_at_ms, happened_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
        )
        .bind(c.id.to_string())
        .bind(c.level.as_str())
        .bind(c.about_head)
        .bind(about_key(c.about_name))
        .bind(c.payload)
        .bind(c.written_by)
        .bind(c.received_at_ms)
        .bind(c.happened_at_ms)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(Written::from_rows_inserted(inserted))
    }

    pub async fn adult_concern(&self, id: &Uuid) -> Result<Option<AdultConcernRow>> {
        let row = sqlx::query(&format!("{SELECT} WHERE c.id = $1"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(concern_from_row).transpose()
    }

    /// The concerns about the head (`about_head`) or about anyone else, newest first.
    pub async fn adult_concerns(&self, about_head: bool) -> Result<Vec<AdultConcernRow>> {
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE c.about_head = $1 ORDER BY c.received_at_ms DESC, c.id"
        ))
        .bind(about_head)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(concern_from_row).collect()
    }

    /// What was recorded on a concern, oldest first.
    pub async fn adult_concern_steps(&self, id: &Uuid) -> Result<Vec<AdultStepRow>> {
        let rows = sqlx::query(
            "SELECT t.answers, s.name, t.at_ms FROM adult_concern_steps t
             JOIN staff s ON s.id = t.by_staff
             WHERE t.concern_id = $1 ORDER BY t.id",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| AdultStepRow {
                answers: r.get("answers"),
                by_name: r.get("name"),
                at_ms: r.get("at_ms"),
            })
            .collect())
    }

    /// Appends a step; `false` when it would close a concern already closed.
    pub async fn add_adult_concern_step(
        &self,
        id: &Uuid,
        step: &str,
        answers: &str,
        by: StaffId,
        now_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO adult_concern_steps (concern_id, step, answers, by_staff, at_ms)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(id.to_string())
        .bind(step)
        .bind(answers)
        .bind(by)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// How many concerns about adults arrived in `[from_ms, to_ms)`: all the governors' figures
    /// show of them.
    pub async fn adult_concern_count(&self, from_ms: i64, to_ms: i64) -> Result<u32> {
        let row = sqlx::query(
            "SELECT COUNT(*) FROM adult_concerns WHERE received_at_ms >= $1 AND received_at_ms < $2",
        )
        .bind(from_ms)
        .bind(to_ms)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get::<i64, _>(0) as u32)
    }
}

fn concern_from_row(r: &AnyRow) -> Result<AdultConcernRow> {
    let id: String = r.get("id");
    let level: String = r.get("level");
    Ok(AdultConcernRow {
        id: Uuid::parse_str(&id)
            .map_err(|_| StorageError::Corrupt(format!("adult concern id {id:?}")))?,
        level: AdultConcernLevel::parse(&level)
            .ok_or_else(|| StorageError::Corrupt(format!("adult concern level {level:?}")))?,
        about_head: flag(r, "about_head"),
        payload: r.get("payload"),
        written_by: r.get("written_by"),
        received_at_ms: r.get("received_at_ms"),
        happened_at_ms: r.get("happened_at_ms"),
        lado_consulted: flag(r, "lado_consulted"),
        closed: flag(r, "closed"),
    })
}
