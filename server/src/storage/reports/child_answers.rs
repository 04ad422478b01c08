//! Answers for anonymous children (`answer_codes`, `child_answers`, `child_answer_checks`): the
//! keyed hash of a report's picture code, the DSL's answers with a second DSL's check of each
//! when the school wants one, and the one lookup a tablet may make with a code. The hash is made
//! by `crate::answer_codes`; nothing here ever sees a code.

use kite_protocol::answer::{AnswerCheck, AnswerToCheck, ChildAnswerRow};
use sqlx::Row;

use super::record::{insert_event, EventLinks};
use crate::ids::StaffId;
use crate::storage::{flag, NewReportEvent, Result, Store};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// An answer as a second DSL's check needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerToBeChecked {
    pub written_by: StaffId,
    pub needs_check: bool,
    pub checked: bool,
}

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

    /// The DSL `by` answers the child who sent report `id`, at `at_ms`, under the school's answer
    /// settings as they are now: it lasts the school's days from then, and needs a second
    /// DSL's check if the school wants that. `None` if there is no such report.
    pub async fn answer_child(
        &self,
        id: &str,
        by: (StaffId, &str),
        at_ms: i64,
        message: &str,
    ) -> Result<Option<i64>> {
        let settings = self.answer_settings().await?;
        let event = NewReportEvent {
            at_ms,
            staff_id: by.0,
            staff_name: by.1.to_string(),
            kind: "child_answered".into(),
            action_type: None,
            detail: if settings.needs_check {
                format!("Answered the child, for a second DSL to check: {message}")
            } else {
                format!("Answered the child: {message}")
            },
        };
        let expires_at_ms = at_ms + i64::from(settings.days) * DAY_MS;
        self.add_child_answer(id, &event, message, expires_at_ms, settings.needs_check)
            .await
    }

    /// Adds the DSL's answer and its chronology entry together; `needs_check` when the school
    /// wants a second DSL's check before the child can see it. `None` if there is no such
    /// report.
    pub async fn add_child_answer(
        &self,
        id: &str,
        event: &NewReportEvent,
        message: &str,
        expires_at_ms: i64,
        needs_check: bool,
    ) -> Result<Option<i64>> {
        let mut tx = self.pool.begin().await?;
        let Some(event_id) = insert_event(&mut tx, id, event, &EventLinks::default()).await? else {
            return Ok(None);
        };
        sqlx::query(
            "INSERT INTO child_answers
                 (report_id, event_id, message, written_at_ms, expires_at_ms, needs_check)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(event_id)
        .bind(message)
        .bind(event.at_ms)
        .bind(expires_at_ms)
        .bind(needs_check)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(event_id))
    }

    /// The newest answer still in date, and approved by a second DSL if it needed that, for the
    /// code with this hash. Two children may have been given the same four pictures: the
    /// answers are written so that either may read them.
    pub async fn answer_for_code(&self, code_hash: &str, now_ms: i64) -> Result<Option<String>> {
        let row = sqlx::query(&format!(
            "SELECT a.message FROM answer_codes c
             JOIN child_answers a ON a.report_id = c.report_id
             WHERE c.code_hash = $1 AND {}
             ORDER BY a.written_at_ms DESC, a.id DESC LIMIT 1",
            visible_to_the_child(2)
        ))
        .bind(code_hash)
        .bind(now_ms)
        .bind(false)
        .bind(true)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.get("message")))
    }

    /// The answers written for report `id`, oldest first, with their checks; `viewer` is the
    /// DSL looking, to say which they wrote.
    pub async fn child_answers(&self, id: &str, viewer: StaffId) -> Result<Vec<ChildAnswerRow>> {
        let rows = sqlx::query(
            "SELECT a.id, a.message, e.staff_id, e.staff_name, a.written_at_ms, a.expires_at_ms,
                    a.needs_check, k.id AS check_id, k.approved, k.reason, s.name AS checker,
                    k.checked_at_ms
             FROM child_answers a
             JOIN report_events e ON e.id = a.event_id
             LEFT JOIN child_answer_checks k ON k.answer_id = a.id
             LEFT JOIN staff s ON s.id = k.checked_by
             WHERE a.report_id = $1
             ORDER BY a.written_at_ms, a.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ChildAnswerRow {
                id: r.get("id"),
                message: r.get("message"),
                written_by: r.get("staff_name"),
                written_by_you: r.get::<i64, _>("staff_id") == viewer.0,
                written_at_ms: r.get("written_at_ms"),
                expires_at_ms: r.get("expires_at_ms"),
                needs_check: flag(r, "needs_check"),
                check: r.get::<Option<i64>, _>("check_id").map(|_| AnswerCheck {
                    approved: flag(r, "approved"),
                    reason: r.get("reason"),
                    by: r.get("checker"),
                    at_ms: r.get("checked_at_ms"),
                }),
            })
            .collect())
    }

    /// Answer `answer` of report `id`, as its check needs it; `None` if there is no such answer
    /// on that report.
    pub async fn answer_to_be_checked(
        &self,
        id: &str,
        answer: i64,
    ) -> Result<Option<AnswerToBeChecked>> {
        let row = sqlx::query(
            "SELECT e.staff_id, a.needs_check,
                    EXISTS (SELECT 1 FROM child_answer_checks k WHERE k.answer_id = a.id) AS checked
             FROM child_answers a JOIN report_events e ON e.id = a.event_id
             WHERE a.id = $1 AND a.report_id = $2",
        )
        .bind(answer)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| AnswerToBeChecked {
            written_by: StaffId(r.get("staff_id")),
            needs_check: flag(&r, "needs_check"),
            checked: flag(&r, "checked"),
        }))
    }

    /// Adds a second DSL's check of answer `answer` and its chronology entry together. `None`
    /// if there is no such report. An answer is checked once: a second check is refused by the
    /// database.
    pub async fn add_answer_check(
        &self,
        id: &str,
        answer: i64,
        event: &NewReportEvent,
        approved: bool,
        reason: Option<&str>,
    ) -> Result<Option<i64>> {
        let mut tx = self.pool.begin().await?;
        let Some(event_id) = insert_event(&mut tx, id, event, &EventLinks::default()).await? else {
            return Ok(None);
        };
        sqlx::query(
            "INSERT INTO child_answer_checks
                 (answer_id, report_id, event_id, approved, reason, checked_by, checked_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(answer)
        .bind(id)
        .bind(event_id)
        .bind(approved)
        .bind(reason)
        .bind(event.staff_id)
        .bind(event.at_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(event_id))
    }

    /// Answers waiting for a second DSL's check that `viewer` didn't write (so may check),
    /// oldest first.
    pub async fn answers_to_check(&self, viewer: StaffId) -> Result<Vec<AnswerToCheck>> {
        let rows = sqlx::query(
            "SELECT a.report_id, e.staff_name, a.written_at_ms
             FROM child_answers a JOIN report_events e ON e.id = a.event_id
             WHERE a.needs_check = $1 AND e.staff_id <> $2
               AND NOT EXISTS (SELECT 1 FROM child_answer_checks k WHERE k.answer_id = a.id)
             ORDER BY a.written_at_ms, a.id",
        )
        .bind(true)
        .bind(viewer)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| AnswerToCheck {
                report_id: r.get("report_id"),
                written_by: r.get("staff_name"),
                written_at_ms: r.get("written_at_ms"),
            })
            .collect())
    }
}

/// The condition on `child_answers a` for an answer the child may see: in date (now is parameter
/// `$n`) and approved by a second DSL if it needed that (`$n+1` is false, `$n+2` true, bound as
/// values because the two databases spell booleans differently). What a child can read and what
/// a child can reply to must never drift apart, so both ask this.
pub(super) fn visible_to_the_child(n: u8) -> String {
    format!(
        "a.expires_at_ms > ${n} AND (a.needs_check = ${} OR EXISTS (
             SELECT 1 FROM child_answer_checks k WHERE k.answer_id = a.id AND k.approved = ${}))",
        n + 1,
        n + 2
    )
}
