//! Reports in the DSL's inbox (`reports`) and their chronology (`report_events`): a pupil's
//! report from a tablet (written through [`group_commit`]) or a parent's concern from the
//! parents' page, then triage, retention's purge and the command line's summary.

pub mod child_answers;
pub mod child_replies;
pub(super) mod group_commit;
pub mod procedures;
pub mod record;

use kite_protocol::record::RecordSource;
use kite_protocol::staff::{ActionType, Category, Outcome, ReportEvent, ReportRow, Status};
use sqlx::any::AnyRow;
use sqlx::Row;
use uuid::Uuid;

use super::{flag, Result, StorageError, Store, Written};
use crate::ids::{DeviceId, StaffId};

/// A validated report ready to be written.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub id: Uuid,
    pub urgent: bool,
    pub what: String,
    /// The report's JSON as validated by the protocol crate.
    pub payload: String,
}

/// What the command line may print about reports: never their content.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportSummary {
    pub id: String,
    /// 0 for a parent's concern (it comes from no tablet).
    pub device_id: DeviceId,
    pub received_at_ms: i64,
    pub urgent: bool,
    pub status: String,
}

/// Inbox filters; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub status: Option<Status>,
    /// Show closed reports too when no status is asked for.
    pub include_closed: bool,
    pub urgent: Option<bool>,
    pub category: Option<Category>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub source: Option<RecordSource>,
    /// Whose reads say whether a row is unread (`ReportRow::unread`); `None`: every row is.
    pub reader: Option<StaffId>,
    /// Only what `reader` hasn't opened.
    pub unread_only: bool,
    /// Rows to skip and the most to return (a page); `None` returns every match.
    pub offset: i64,
    pub limit: Option<i64>,
}

/// A stored report with its triage state, for the DSL's report page.
#[derive(Debug, Clone)]
pub struct StoredReport {
    pub row: ReportRow,
    pub outcome: Option<Outcome>,
    /// Whose words `payload` holds: a pupil's `Report` or a parent's `ParentConcern`.
    pub source: ReportSource,
    pub payload: String,
    /// Why it was closed as it was, and why not referred (when it wasn't).
    pub outcome_reason: Option<String>,
    pub not_referred_reason: Option<String>,
}

/// Where a report came from (`reports.source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportSource {
    /// A pupil, on a kiosk tablet.
    Pupil,
    /// A parent or carer, on the parents' page.
    Parent,
    /// An adult in school, on the concern form (`payload` is a `StaffConcern`).
    Staff,
}

/// One chronology entry to append.
#[derive(Debug, Clone)]
pub struct NewReportEvent {
    pub at_ms: i64,
    pub staff_id: StaffId,
    pub staff_name: String,
    pub kind: String,
    pub action_type: Option<ActionType>,
    pub detail: String,
}

/// Changes to a report's triage state; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ReportChange {
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub outcome: Option<Outcome>,
    /// Why the decision, when closing.
    pub outcome_reason: Option<String>,
    /// Why nobody was referred to, when closing without a referral.
    pub not_referred_reason: Option<String>,
}

/// Shown where a pupil report shows its tablet's name.
pub const PARENT_SOURCE_NAME: &str = "A parent or carer (parents' page)";
/// Shown there for a concern an adult in school logged.
pub const STAFF_SOURCE_NAME: &str = "A member of staff (concern form)";

impl Store {
    /// Writes a batch of reports in one durable transaction and says, per report in order,
    /// whether it was new or already there. Returns only after the commit is on disk.
    pub async fn store_reports(
        &self,
        device_id: DeviceId,
        received_at_ms: i64,
        reports: &[NewReport],
    ) -> Result<Vec<Written>> {
        self.reports.write(device_id, received_at_ms, reports).await
    }

    /// A parent's concern into the DSL's inbox: a `reports` row with source `parent` and no
    /// tablet. `payload` is a `ParentConcern`'s JSON.
    pub async fn store_parent_concern(
        &self,
        id: Uuid,
        urgent: bool,
        payload: &str,
        received_at_ms: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO reports (id, source, device_id, received_at_ms, urgent, what, payload)
             VALUES ($1, 'parent', NULL, $2, $3, 'parent_concern', $4)",
        )
        .bind(id.to_string())
        .bind(received_at_ms)
        .bind(urgent)
        .bind(payload)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn report_summaries(&self) -> Result<Vec<ReportSummary>> {
        let rows = sqlx::query(
            "SELECT id, COALESCE(device_id, 0) AS device_id, received_at_ms, urgent, status FROM reports
             ORDER BY urgent DESC, received_at_ms DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ReportSummary {
                id: r.get("id"),
                device_id: r.get("device_id"),
                received_at_ms: r.get("received_at_ms"),
                urgent: flag(r, "urgent"),
                status: r.get("status"),
            })
            .collect())
    }

    /// Urgent first, then newest; one page of them when the filter has a limit.
    pub async fn list_reports(&self, filter: &ReportFilter) -> Result<Vec<ReportRow>> {
        let sql = format!(
            "SELECT r.id, r.received_at_ms, r.urgent, r.what, r.status, r.category, r.source,
                    d.name AS device_name, (rr.staff_id IS NULL) AS unread
             {REPORTS_MATCHING}
             ORDER BY r.urgent DESC, r.received_at_ms DESC, r.id
             LIMIT $10 OFFSET $11"
        );
        // No page asked for: every match (a limit both databases take).
        let limit = filter.limit.unwrap_or(i64::MAX);
        let rows = bind_filter(sqlx::query(&sql), filter)
            .bind(limit)
            .bind(filter.offset.max(0))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(report_row_from_row).collect()
    }

    /// How many reports match the filter, whatever its page.
    pub async fn count_reports(&self, filter: &ReportFilter) -> Result<i64> {
        let sql = format!("SELECT COUNT(*) AS n {REPORTS_MATCHING}");
        let row = bind_filter(sqlx::query(&sql), filter)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.get("n"))
    }

    /// (new, of which urgent)
    pub async fn count_new_reports(&self) -> Result<(i64, i64)> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n,
                    CAST(COALESCE(SUM(CASE WHEN urgent THEN 1 ELSE 0 END), 0) AS BIGINT) AS u
             FROM reports WHERE status = 'new'",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((row.get("n"), row.get("u")))
    }

    pub async fn report(&self, id: &str) -> Result<Option<StoredReport>> {
        let row = sqlx::query(
            "SELECT r.*, d.name AS device_name FROM reports r LEFT JOIN devices d ON d.id = r.device_id
             WHERE r.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            let outcome: Option<String> = r.get("outcome");
            Ok(StoredReport {
                row: report_row_from_row(&r)?,
                outcome: outcome.as_deref().and_then(Outcome::parse),
                source: match r.get::<String, _>("source").as_str() {
                    "parent" => ReportSource::Parent,
                    "staff" => ReportSource::Staff,
                    _ => ReportSource::Pupil,
                },
                payload: r.get("payload"),
                outcome_reason: r.get("outcome_reason"),
                not_referred_reason: r.get("not_referred_reason"),
            })
        })
        .transpose()
    }

    pub async fn report_events(&self, id: &str) -> Result<Vec<ReportEvent>> {
        let rows = sqlx::query(
            "SELECT e.*, o.name AS owner_name FROM report_events e
             LEFT JOIN staff o ON o.id = e.owner_id
             WHERE e.report_id = $1 ORDER BY e.at_ms, e.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let action_type: Option<String> = r.get("action_type");
                ReportEvent {
                    id: r.get("id"),
                    at_ms: r.get("at_ms"),
                    by: r.get("staff_name"),
                    kind: r.get("kind"),
                    action_type: action_type.as_deref().and_then(ActionType::parse),
                    detail: r.get("detail"),
                    owner_id: r.get("owner_id"),
                    owner: r.get("owner_name"),
                    due_on: r.get("due_on"),
                    refers_to: r.get("refers_to"),
                }
            })
            .collect())
    }
}

impl Store {
    /// Applies the change and appends the events in one transaction. False if no such report.
    pub async fn change_report(
        &self,
        id: &str,
        change: &ReportChange,
        events: &[NewReportEvent],
        now_ms: i64,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE reports SET status = COALESCE($1, status), category = COALESCE($2, category),
                 outcome = COALESCE($3, outcome), updated_at_ms = $4,
                 outcome_reason = COALESCE($6, outcome_reason),
                 not_referred_reason = COALESCE($7, not_referred_reason)
             WHERE id = $5",
        )
        .bind(change.status.map(Status::as_str))
        .bind(change.category.map(Category::as_str))
        .bind(change.outcome.map(Outcome::as_str))
        .bind(now_ms)
        .bind(id)
        .bind(change.outcome_reason.as_deref())
        .bind(change.not_referred_reason.as_deref())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        for e in events {
            sqlx::query(
                "INSERT INTO report_events (report_id, at_ms, staff_id, staff_name, kind, action_type, detail)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(e.at_ms)
            .bind(e.staff_id)
            .bind(&e.staff_name)
            .bind(&e.kind)
            .bind(e.action_type.map(ActionType::as_str))
            .bind(&e.detail)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes closed reports last changed before `closed_before_ms`, with their chronology,
    /// reads, referrals, parents told and procedures, and records each purge. A record linked
    /// to a child is part of that child's child-protection file, which moves with them and is
    /// kept however old: it is never purged by the months rule. Nor is a record a DSL put on
    /// hold. Returns the ids purged.
    pub async fn purge_closed_reports(
        &self,
        closed_before_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin().await?;
        let ids: Vec<String> = sqlx::query(&format!(
            "SELECT id FROM reports r WHERE status = 'closed'
               AND COALESCE(updated_at_ms, received_at_ms) < $1
               AND NOT EXISTS (SELECT 1 FROM report_pupils p WHERE p.report_id = r.id)
               AND NOT {ON_HOLD}"
        ))
        .bind(closed_before_ms)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
        for id in &ids {
            delete_report_in(&mut tx, id, now_ms).await?;
        }
        tx.commit().await?;
        if !ids.is_empty() {
            self.checkpoint_sqlite().await?;
        }
        Ok(ids)
    }

    /// Deletes one record as a DSL decided at its review, with everything written about it,
    /// and records the purge. Returns the children it was about (for the audit log), or `None`
    /// if there is no such record.
    pub async fn delete_reviewed_report(
        &self,
        id: &str,
        now_ms: i64,
    ) -> Result<Option<Vec<crate::ids::PupilId>>> {
        let mut tx = self.pool.begin().await?;
        let exists = sqlx::query("SELECT 1 FROM reports WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if !exists {
            return Ok(None);
        }
        let children: Vec<crate::ids::PupilId> = sqlx::query(
            "SELECT pupil_id FROM report_pupils WHERE report_id = $1 ORDER BY pupil_id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
        delete_report_in(&mut tx, id, now_ms).await?;
        tx.commit().await?;
        self.checkpoint_sqlite().await?;
        Ok(Some(children))
    }

    /// On SQLite, copies the WAL into the main file and empties it: `secure_delete` zeroes what
    /// was deleted in the new page images, but the WAL would still hold the old ones until it is
    /// reused. PostgreSQL's files are the database administrator's (VACUUM reclaims them).
    async fn checkpoint_sqlite(&self) -> Result<()> {
        if self.sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }
}

/// Deletes a record and everything written about it, after listing it in `retention_purges`
/// (the append-only chronology's triggers allow deleting only a purged record's rows). The one
/// place that knows which tables hang off a record, so retention's two ways of deleting (the
/// months rule and a DSL's review) can't drift apart.
async fn delete_report_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    now_ms: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO retention_purges (report_id, purged_at_ms) VALUES ($1, $2)")
        .bind(id)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
    for table in [
        "child_answer_checks",
        "child_replies",
        "child_answers",
        "answer_codes",
        "procedure_steps",
        "report_procedures",
        "report_events",
        "report_reads",
        "referrals",
        "parents_informed",
        "report_pupils",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE report_id = $1"))
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("DELETE FROM reports WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether report `r` is on hold: a DSL put it on hold and no later entry lifted the hold.
pub(in crate::storage) const ON_HOLD: &str = "EXISTS (SELECT 1 FROM report_events h
     WHERE h.report_id = r.id AND h.kind = 'hold'
       AND NOT EXISTS (SELECT 1 FROM report_events l
                       WHERE l.report_id = r.id AND l.kind = 'hold_lifted' AND l.id > h.id))";

/// Where a report came from, as the inbox shows it: the tablet's name, or the parents' page for
/// a parent's concern (which comes from no tablet).
fn device_name(row: &AnyRow) -> String {
    match row.get::<Option<String>, _>("device_name") {
        Some(name) => name,
        None if row.get::<String, _>("source") == "parent" => PARENT_SOURCE_NAME.to_string(),
        None if row.get::<String, _>("source") == "staff" => STAFF_SOURCE_NAME.to_string(),
        None => "a tablet no longer listed".to_string(),
    }
}

/// Which reports an inbox filter matches (`$1`..`$9`, bound by [`bind_filter`]); `rr` is the
/// reader's read of each.
const REPORTS_MATCHING: &str = "FROM reports r LEFT JOIN devices d ON d.id = r.device_id
     LEFT JOIN report_reads rr ON rr.report_id = r.id AND rr.staff_id = $7
     WHERE ($1 IS NULL OR r.status = $1)
       AND ($1 IS NOT NULL OR $2 OR r.status <> 'closed')
       AND ($3 IS NULL OR r.urgent = $3)
       AND ($4 IS NULL OR r.category = $4)
       AND ($5 IS NULL OR r.received_at_ms >= $5)
       AND ($6 IS NULL OR r.received_at_ms < $6)
       AND ($8 IS NULL OR r.source = $8)
       AND (NOT $9 OR rr.staff_id IS NULL)";

fn bind_filter<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    filter: &ReportFilter,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    q.bind(filter.status.map(Status::as_str))
        .bind(filter.include_closed)
        .bind(filter.urgent)
        .bind(filter.category.map(Category::as_str))
        .bind(filter.from_ms)
        .bind(filter.to_ms)
        .bind(filter.reader)
        .bind(filter.source.map(RecordSource::as_str))
        .bind(filter.unread_only)
}

fn report_row_from_row(row: &AnyRow) -> Result<ReportRow> {
    let status: String = row.get("status");
    let category: Option<String> = row.get("category");
    let source: String = row.get("source");
    Ok(ReportRow {
        id: row.get("id"),
        received_at_ms: row.get("received_at_ms"),
        urgent: flag(row, "urgent"),
        what: row.get("what"),
        status: Status::parse(&status)
            .ok_or_else(|| StorageError::Corrupt(format!("status {status:?}")))?,
        category: category.as_deref().and_then(Category::parse),
        device_name: device_name(row),
        source: RecordSource::parse(&source)
            .ok_or_else(|| StorageError::Corrupt(format!("source {source:?}")))?,
        // Only the inbox's query asks whose read it is.
        unread: row.try_get::<bool, _>("unread").is_ok_and(|u| u)
            || row.try_get::<i64, _>("unread").is_ok_and(|u| u != 0),
    })
}
