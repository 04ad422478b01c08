//! The audit log (`audit_log`): who did what, appended and never changed.

use std::borrow::Cow;

use kite_protocol::staff::AuditEntry;
use sqlx::Row;

use super::{Result, StaffRecord, Store};
use crate::ids::{PupilId, StaffId};

/// Who did what an audit entry records. Every entry names one, so the log can always say who
/// acted, and says it the same way wherever the entry was written.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// A signed-in staff member (or one whose sign-in failed).
    Staff(&'a StaffRecord),
    /// A parent or carer on the parents' page: signed in with their child's code, or not yet.
    Parent { pupil_id: Option<PupilId> },
    /// Someone at the school server's command line.
    CommandLine,
    /// The server itself.
    System(SystemTask),
}

/// What the server was doing when it wrote an entry on its own account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemTask {
    /// Deleting closed reports past the school's retention period.
    Retention,
    /// A tablet enrolling itself with an admin's one-use code.
    TabletSetUp,
}

impl Actor<'_> {
    /// The account's id (staff only) and the name shown in the log's "who" column.
    fn who(&self) -> (Option<StaffId>, Cow<'_, str>) {
        match self {
            Actor::Staff(staff) => (Some(staff.id), Cow::Borrowed(&staff.email)),
            Actor::Parent { pupil_id: Some(id) } => {
                (None, format!("(parent of pupil {id})").into())
            }
            Actor::Parent { pupil_id: None } => (None, "(a parent, anonymous)".into()),
            Actor::CommandLine => (None, "(command line)".into()),
            Actor::System(SystemTask::Retention) => (None, "(retention)".into()),
            Actor::System(SystemTask::TabletSetUp) => (None, "(tablet set-up)".into()),
        }
    }
}

/// One audit entry to append.
#[derive(Debug, Clone)]
pub struct NewAudit<'a> {
    pub at_ms: i64,
    pub actor: Actor<'a>,
    pub action: &'a str,
    pub report_id: Option<&'a str>,
    pub detail: &'a str,
}

impl Store {
    /// The one way an entry is written. Appends; there is deliberately no way to change or
    /// remove an entry.
    pub async fn append_audit(&self, entry: NewAudit<'_>) -> Result<()> {
        let (staff_id, who) = entry.actor.who();
        sqlx::query(
            "INSERT INTO audit_log (at_ms, staff_id, staff_email, action, report_id, detail)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(entry.at_ms)
        .bind(staff_id)
        .bind(who.as_ref())
        .bind(entry.action)
        .bind(entry.report_id)
        .bind(entry.detail)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Newest first; `before_id` pages back.
    pub async fn list_audit(&self, limit: i64, before_id: Option<i64>) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query("SELECT * FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2")
            .bind(before_id.unwrap_or(i64::MAX))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| AuditEntry {
                id: r.get("id"),
                at_ms: r.get("at_ms"),
                staff_email: r.get("staff_email"),
                action: r.get("action"),
                report_id: r.get("report_id"),
                detail: r.get("detail"),
            })
            .collect())
    }
}
