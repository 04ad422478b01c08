//! Filtering and monitoring's logs (`filtering_roles`, `filter_changes`, `filter_change_steps`,
//! `filter_checks`, `filtering_files`, `filter_reviews`). Each only grows (triggers refuse an
//! update or a delete): the newest name for a role is the one shown, a decision or a check is a
//! new row.

use kite_protocol::filtering::{
    CheckResult, FilterAction, FilterChange, FilterCheck, FilterReview, FilterStep, FilteringRole,
    FilteringRoleKind, NewFilterChange,
};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{Result, StorageError, Store};
use crate::ids::StaffId;

/// A step recorded after the asking, as it is kept.
pub enum ChangeStep<'a> {
    Decision { authorised: bool, note: &'a str },
    Done { done_on: &'a str, note: &'a str },
}

fn corrupt(what: &str, value: &str) -> StorageError {
    StorageError::Corrupt(format!("{what}: {value:?}"))
}

impl Store {
    /// The person named now for each role (the newest row of each).
    pub async fn filtering_roles(&self) -> Result<Vec<FilteringRole>> {
        let rows = sqlx::query(
            "SELECT r.role, r.name, r.staff_id, s.name AS set_by, r.set_at_ms
             FROM filtering_roles r JOIN staff s ON s.id = r.set_by
             WHERE r.id = (SELECT MAX(id) FROM filtering_roles n WHERE n.role = r.role)
             ORDER BY r.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.get("role");
                Ok(FilteringRole {
                    role: FilteringRoleKind::parse(&role)
                        .ok_or_else(|| corrupt("filtering role", &role))?,
                    name: r.get("name"),
                    staff_id: r.get("staff_id"),
                    set_by: Some(r.get("set_by")),
                    set_at_ms: Some(r.get("set_at_ms")),
                })
            })
            .collect()
    }

    pub async fn name_filtering_role(
        &self,
        role: FilteringRoleKind,
        name: &str,
        staff_id: Option<StaffId>,
        by: StaffId,
        now_ms: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO filtering_roles (role, name, staff_id, set_by, set_at_ms)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(role.as_str())
        .bind(name)
        .bind(staff_id)
        .bind(by)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn ask_filter_change(
        &self,
        change: &NewFilterChange,
        by: StaffId,
        now_ms: i64,
    ) -> Result<i64> {
        let id = sqlx::query(
            "INSERT INTO filter_changes (action, site, reason, asked_by, asked_at_ms)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(change.action.as_str())
        .bind(&change.site)
        .bind(&change.reason)
        .bind(by)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await?
        .get(0);
        Ok(id)
    }

    /// Every change with its steps, newest first; only those one person asked for with `asker`.
    pub async fn filter_changes(&self, asker: Option<StaffId>) -> Result<Vec<FilterChange>> {
        let rows = sqlx::query(
            "SELECT c.id, c.action, c.site, c.reason, s.name AS asked_by, c.asked_at_ms
             FROM filter_changes c JOIN staff s ON s.id = c.asked_by
             WHERE $1 IS NULL OR c.asked_by = $1 ORDER BY c.id DESC",
        )
        .bind(asker)
        .fetch_all(&self.pool)
        .await?;
        let steps = sqlx::query(
            "SELECT t.change_id, t.step, t.authorised, t.done_on, t.note, s.name AS by_name, t.at_ms
             FROM filter_change_steps t JOIN staff s ON s.id = t.by_staff",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = rows
            .iter()
            .map(change_from_row)
            .collect::<Result<Vec<_>>>()?;
        for t in &steps {
            let id: i64 = t.get("change_id");
            let Some(change) = out.iter_mut().find(|c| c.id == id) else {
                continue;
            };
            let step = FilterStep {
                by: t.get("by_name"),
                at_ms: t.get("at_ms"),
                note: t.get("note"),
            };
            match t.get::<String, _>("step").as_str() {
                "decision" => {
                    change.authorised = Some(t.get::<Option<i64>, _>("authorised") == Some(1));
                    change.decision = Some(step);
                }
                _ => {
                    change.done_on = t.get("done_on");
                    change.done = Some(step);
                }
            }
        }
        Ok(out)
    }

    pub async fn filter_change(&self, id: i64) -> Result<Option<FilterChange>> {
        Ok(self
            .filter_changes(None)
            .await?
            .into_iter()
            .find(|c| c.id == id))
    }

    /// Records a step once: false when that step was already recorded (a decision is never
    /// changed; the filter is marked changed once).
    pub async fn add_filter_change_step(
        &self,
        change_id: i64,
        step: ChangeStep<'_>,
        by: StaffId,
        now_ms: i64,
    ) -> Result<bool> {
        let (name, authorised, done_on, note) = match step {
            ChangeStep::Decision { authorised, note } => {
                ("decision", Some(i64::from(authorised)), None, note)
            }
            ChangeStep::Done { done_on, note } => ("done", None, Some(done_on), note),
        };
        let done = sqlx::query(
            "INSERT INTO filter_change_steps (change_id, step, authorised, done_on, note, by_staff, at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(change_id)
        .bind(name)
        .bind(authorised)
        .bind(done_on)
        .bind(note)
        .bind(by)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn add_filter_check(&self, c: &FilterCheck, by: StaffId, now_ms: i64) -> Result<i64> {
        let id = sqlx::query(
            "INSERT INTO filter_checks (checked_on, checked_by, devices, places, user_groups,
                 tested, result, found, action_taken, certificate_file, recorded_by, recorded_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(&c.checked_on)
        .bind(&c.checked_by)
        .bind(&c.devices)
        .bind(&c.places)
        .bind(&c.user_groups)
        .bind(&c.tested)
        .bind(c.result.as_str())
        .bind(&c.found)
        .bind(&c.action_taken)
        .bind(c.certificate_file)
        .bind(by)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await?
        .get(0);
        Ok(id)
    }

    /// Newest check first.
    pub async fn filter_checks(&self) -> Result<Vec<FilterCheck>> {
        let rows = sqlx::query(
            "SELECT c.*, s.name AS recorded_by_name FROM filter_checks c
             JOIN staff s ON s.id = c.recorded_by ORDER BY c.checked_on DESC, c.id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let result: String = r.get("result");
                Ok(FilterCheck {
                    id: r.get("id"),
                    checked_on: r.get("checked_on"),
                    checked_by: r.get("checked_by"),
                    devices: r.get("devices"),
                    places: r.get("places"),
                    user_groups: r.get("user_groups"),
                    tested: r.get("tested"),
                    result: CheckResult::parse(&result)
                        .ok_or_else(|| corrupt("check result", &result))?,
                    found: r.get("found"),
                    action_taken: r.get("action_taken"),
                    certificate_file: r.get("certificate_file"),
                    recorded_by: r.get("recorded_by_name"),
                    recorded_at_ms: r.get("recorded_at_ms"),
                })
            })
            .collect()
    }

    pub async fn add_filter_review(
        &self,
        review: &FilterReview,
        by: StaffId,
        now_ms: i64,
    ) -> Result<i64> {
        let answers = serde_json::to_string(&review.answers)
            .map_err(|e| StorageError::Corrupt(format!("review answers: {e}")))?;
        let id = sqlx::query(
            "INSERT INTO filter_reviews (reviewed_on, participants, answers, recorded_by, recorded_at_ms)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&review.reviewed_on)
        .bind(&review.participants)
        .bind(answers)
        .bind(by)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await?
        .get(0);
        Ok(id)
    }

    /// Newest review (by its day) first.
    pub async fn filter_reviews(&self) -> Result<Vec<FilterReview>> {
        let rows = sqlx::query(
            "SELECT r.*, s.name AS recorded_by_name FROM filter_reviews r
             JOIN staff s ON s.id = r.recorded_by ORDER BY r.reviewed_on DESC, r.id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let answers: String = r.get("answers");
                Ok(FilterReview {
                    id: r.get("id"),
                    reviewed_on: r.get("reviewed_on"),
                    participants: r.get("participants"),
                    answers: serde_json::from_str(&answers)
                        .map_err(|_| corrupt("review answers", &answers))?,
                    recorded_by: r.get("recorded_by_name"),
                    recorded_at_ms: r.get("recorded_at_ms"),
                })
            })
            .collect()
    }

    /// The day of the latest review, if any.
    pub async fn last_filter_review_on(&self) -> Result<Option<String>> {
        let row = sqlx::query("SELECT MAX(reviewed_on) FROM filter_reviews")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.get(0))
    }
}

fn change_from_row(r: &AnyRow) -> Result<FilterChange> {
    let action: String = r.get("action");
    Ok(FilterChange {
        id: r.get("id"),
        action: FilterAction::parse(&action).ok_or_else(|| corrupt("filter action", &action))?,
        site: r.get("site"),
        reason: r.get("reason"),
        asked_by: r.get("asked_by"),
        asked_at_ms: r.get("asked_at_ms"),
        authorised: None,
        decision: None,
        done_on: None,
        done: None,
    })
}
