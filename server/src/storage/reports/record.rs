//! The record around a report: each DSL's first read, chronology entries with an owner, a due
//! date or the entry they complete or correct, referrals, whether the parents were told, and what
//! is overdue. Each change writes its row and its chronology entry in one transaction.

use kite_protocol::record::{Agency, OverdueAction, ParentsTold, RecordRead, Referral, StaffName};
use kite_protocol::staff::ActionType;
use sqlx::{AnyConnection, Row};

use super::NewReportEvent;
use crate::ids::{PupilId, StaffId};
use crate::storage::{flag, Result, Store};

/// What a chronology entry may carry beyond what, who and when.
#[derive(Debug, Clone, Default)]
pub struct EventLinks {
    /// An action's owner.
    pub owner_id: Option<StaffId>,
    /// An action's due date, `YYYY-MM-DD`.
    pub due_on: Option<String>,
    /// The entry this one completes or corrects.
    pub refers_to: Option<i64>,
}

/// An entry of a report's chronology, as a later entry referring to it needs to know it.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub kind: String,
    /// An action already has an entry saying it is done.
    pub done: bool,
}

/// A validated referral to write.
#[derive(Debug, Clone)]
pub struct NewReferralRow {
    pub agency: Agency,
    pub agency_detail: Option<String>,
    pub referred_on: String,
    pub reference: Option<String>,
    pub result: Option<String>,
}

/// A validated "parents told" (or why not) to write.
#[derive(Debug, Clone)]
pub struct NewParentsToldRow {
    pub pupil_id: Option<PupilId>,
    pub informed: bool,
    pub who: Option<String>,
    pub how: Option<String>,
    pub informed_on: Option<String>,
    pub why_not: Option<String>,
}

/// What became of recording a referral's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultRecorded {
    Recorded,
    NoSuchReferral,
    /// A result is filled in once; this one already has one.
    AlreadyRecorded,
}

impl Store {
    /// Records that `staff` has opened the report, the first time only. True if this was the
    /// first time.
    pub async fn mark_read(&self, id: &str, staff: StaffId, now_ms: i64) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO report_reads (report_id, staff_id, first_read_at_ms) VALUES ($1, $2, $3)
             ON CONFLICT (report_id, staff_id) DO NOTHING",
        )
        .bind(id)
        .bind(staff)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Who has opened the report, first reader first.
    pub async fn report_reads(&self, id: &str) -> Result<Vec<RecordRead>> {
        let rows = sqlx::query(
            "SELECT rr.staff_id, s.name, rr.first_read_at_ms FROM report_reads rr
             JOIN staff s ON s.id = rr.staff_id
             WHERE rr.report_id = $1 ORDER BY rr.first_read_at_ms, rr.staff_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| RecordRead {
                staff_id: r.get("staff_id"),
                name: r.get("name"),
                first_read_at_ms: r.get("first_read_at_ms"),
            })
            .collect())
    }

    /// Appends one chronology entry. `None` if there is no such report.
    pub async fn append_report_event(
        &self,
        id: &str,
        event: &NewReportEvent,
        links: &EventLinks,
    ) -> Result<Option<i64>> {
        let mut tx = self.pool.begin().await?;
        let Some(event_id) = insert_event(&mut tx, id, event, links).await? else {
            return Ok(None);
        };
        tx.commit().await?;
        Ok(Some(event_id))
    }

    /// Whether a record is on hold (kept whatever the retention period says).
    pub async fn report_on_hold(&self, id: &str) -> Result<bool> {
        let row = sqlx::query(&format!(
            "SELECT {} AS held FROM reports r WHERE r.id = $1",
            super::ON_HOLD
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some_and(|r| flag(&r, "held")))
    }

    /// One entry of a report's chronology.
    pub async fn report_event(&self, id: &str, event_id: i64) -> Result<Option<StoredEvent>> {
        let row = sqlx::query(
            "SELECT e.kind, EXISTS (SELECT 1 FROM report_events d
                                    WHERE d.refers_to = e.id AND d.kind = 'action_done') AS done
             FROM report_events e WHERE e.report_id = $1 AND e.id = $2",
        )
        .bind(id)
        .bind(event_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| StoredEvent {
            kind: r.get("kind"),
            done: flag(&r, "done"),
        }))
    }

    /// A referral and its chronology entry. `None` if there is no such report.
    pub async fn add_referral(
        &self,
        id: &str,
        referral: &NewReferralRow,
        event: &NewReportEvent,
    ) -> Result<Option<i64>> {
        let mut tx = self.pool.begin().await?;
        if insert_event(&mut tx, id, event, &EventLinks::default())
            .await?
            .is_none()
        {
            return Ok(None);
        }
        let row = sqlx::query(
            "INSERT INTO referrals (report_id, agency, agency_detail, referred_on, reference, result,
                                    recorded_by, recorded_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(id)
        .bind(referral.agency.as_str())
        .bind(referral.agency_detail.as_deref())
        .bind(&referral.referred_on)
        .bind(referral.reference.as_deref())
        .bind(referral.result.as_deref())
        .bind(event.staff_id)
        .bind(event.at_ms)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(row.get(0)))
    }

    /// Fills in a referral's result, once, with its chronology entry.
    pub async fn set_referral_result(
        &self,
        id: &str,
        referral_id: i64,
        result: &str,
        event: &NewReportEvent,
    ) -> Result<ResultRecorded> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE referrals SET result = $1 WHERE id = $2 AND report_id = $3 AND result IS NULL",
        )
        .bind(result)
        .bind(referral_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            let exists = sqlx::query("SELECT 1 FROM referrals WHERE id = $1 AND report_id = $2")
                .bind(referral_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .is_some();
            return Ok(if exists {
                ResultRecorded::AlreadyRecorded
            } else {
                ResultRecorded::NoSuchReferral
            });
        }
        insert_event(&mut tx, id, event, &EventLinks::default()).await?;
        tx.commit().await?;
        Ok(ResultRecorded::Recorded)
    }

    pub async fn referrals(&self, id: &str) -> Result<Vec<Referral>> {
        let rows = sqlx::query(
            "SELECT f.*, s.name AS recorded_by_name FROM referrals f
             JOIN staff s ON s.id = f.recorded_by
             WHERE f.report_id = $1 ORDER BY f.referred_on, f.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| Referral {
                id: r.get("id"),
                agency: Agency::parse(&r.get::<String, _>("agency")).unwrap_or(Agency::Other),
                agency_detail: r.get("agency_detail"),
                referred_on: r.get("referred_on"),
                reference: r.get("reference"),
                result: r.get("result"),
                recorded_by: r.get("recorded_by_name"),
                recorded_at_ms: r.get("recorded_at_ms"),
            })
            .collect())
    }

    /// Whether the parents were told (or why not), with its chronology entry. `None` if there is
    /// no such report.
    pub async fn add_parents_told(
        &self,
        id: &str,
        told: &NewParentsToldRow,
        event: &NewReportEvent,
    ) -> Result<Option<i64>> {
        let mut tx = self.pool.begin().await?;
        if insert_event(&mut tx, id, event, &EventLinks::default())
            .await?
            .is_none()
        {
            return Ok(None);
        }
        let row = sqlx::query(
            "INSERT INTO parents_informed (report_id, pupil_id, informed, who, how, informed_on,
                                           why_not, recorded_by, recorded_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(id)
        .bind(told.pupil_id)
        .bind(told.informed)
        .bind(told.who.as_deref())
        .bind(told.how.as_deref())
        .bind(told.informed_on.as_deref())
        .bind(told.why_not.as_deref())
        .bind(event.staff_id)
        .bind(event.at_ms)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(row.get(0)))
    }

    pub async fn parents_told(&self, id: &str) -> Result<Vec<ParentsTold>> {
        let rows = sqlx::query(
            "SELECT p.*, s.name AS recorded_by_name FROM parents_informed p
             JOIN staff s ON s.id = p.recorded_by
             WHERE p.report_id = $1 ORDER BY p.recorded_at_ms, p.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ParentsTold {
                id: r.get("id"),
                pupil_id: r.get("pupil_id"),
                informed: flag(r, "informed"),
                who: r.get("who"),
                how: r.get("how"),
                informed_on: r.get("informed_on"),
                why_not: r.get("why_not"),
                recorded_by: r.get("recorded_by_name"),
                recorded_at_ms: r.get("recorded_at_ms"),
            })
            .collect())
    }

    /// Open actions on open records due before `today` (`YYYY-MM-DD`), oldest due first.
    pub async fn overdue_actions(&self, today: &str) -> Result<Vec<OverdueAction>> {
        let rows = sqlx::query(
            "SELECT e.id, e.report_id, e.action_type, e.due_on, o.name AS owner_name, r.what,
                    r.received_at_ms
             FROM report_events e JOIN reports r ON r.id = e.report_id
             LEFT JOIN staff o ON o.id = e.owner_id
             WHERE e.kind = 'action' AND e.due_on IS NOT NULL AND e.due_on < $1
               AND r.status <> 'closed'
               AND NOT EXISTS (SELECT 1 FROM report_events d
                               WHERE d.refers_to = e.id AND d.kind = 'action_done')
             ORDER BY e.due_on, e.id",
        )
        .bind(today)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| OverdueAction {
                report_id: r.get("report_id"),
                event_id: r.get("id"),
                action_type: r
                    .get::<Option<String>, _>("action_type")
                    .as_deref()
                    .and_then(ActionType::parse),
                owner: r.get("owner_name"),
                due_on: r.get("due_on"),
                what: r.get("what"),
                received_at_ms: r.get("received_at_ms"),
            })
            .collect())
    }

    /// Who can own an action: every account that works in the school and can sign in.
    pub async fn action_owners(&self) -> Result<Vec<StaffName>> {
        let rows = sqlx::query(
            "SELECT id, name FROM staff
             WHERE disabled_at_ms IS NULL AND role NOT IN ('governor', 'trust')
             ORDER BY lower(name), id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| StaffName {
                id: r.get("id"),
                name: r.get("name"),
            })
            .collect())
    }

    /// The first names of the children a record is about (for a letter to their parents).
    pub async fn record_children(&self, id: &str) -> Result<Vec<(PupilId, String)>> {
        let rows = sqlx::query(
            "SELECT p.id, p.first_name FROM report_pupils rp JOIN pupils p ON p.id = rp.pupil_id
             WHERE rp.report_id = $1 ORDER BY lower(p.first_name), p.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (PupilId(r.get("id")), r.get("first_name")))
            .collect())
    }
}

/// Appends a chronology entry and marks the report changed, in `tx`. `None` if there is no such
/// report.
pub(super) async fn insert_event(
    tx: &mut AnyConnection,
    id: &str,
    e: &NewReportEvent,
    links: &EventLinks,
) -> Result<Option<i64>> {
    let touched = sqlx::query("UPDATE reports SET updated_at_ms = $1 WHERE id = $2")
        .bind(e.at_ms)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if touched.rows_affected() != 1 {
        return Ok(None);
    }
    let row = sqlx::query(
        "INSERT INTO report_events (report_id, at_ms, staff_id, staff_name, kind, action_type,
                                    detail, owner_id, due_on, refers_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(id)
    .bind(e.at_ms)
    .bind(e.staff_id)
    .bind(&e.staff_name)
    .bind(&e.kind)
    .bind(e.action_type.map(ActionType::as_str))
    .bind(&e.detail)
    .bind(links.owner_id)
    .bind(links.due_on.as_deref())
    .bind(links.refers_to)
    .fetch_one(&mut *tx)
    .await?;
    Ok(Some(row.get(0)))
}
