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
    /// Someone coming back from the school's sign-in provider (Microsoft or Google) whom Kite
    /// refused before knowing which account, if any, they are.
    SchoolAccountSignIn,
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
            Actor::System(SystemTask::SchoolAccountSignIn) => {
                (None, "(sign-in with a school account)".into())
            }
        }
    }
}

/// Which entries to list: each part that is set narrows the list.
#[derive(Debug, Default)]
pub struct AuditFilter<'a> {
    /// Entries older than this id (paging back).
    pub before_id: Option<i64>,
    /// The name in the "who" column.
    pub who: Option<&'a str>,
    pub report_id: Option<&'a str>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// Lower-case words to find in the person, detail, record id or action code...
    pub words: Option<&'a str>,
    /// ...or these actions (whose names in words contain them).
    pub actions_named: &'a [&'a str],
}

/// How long one sitting with a record lasts for the log: opening it again within this time of
/// the last logged opening, with no sign-in in between, is the same sitting.
pub const SITTING_MS: i64 = 30 * 60 * 1000;

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

    /// Whether `staff_id`'s opening of `report_id` at `now_ms` is part of a sitting already in
    /// the log: an opening logged within [`SITTING_MS`] before, and no sign-in since. Saving a
    /// change reloads the record; that isn't a new opening, and the change is logged itself.
    pub async fn opened_this_sitting(
        &self,
        staff_id: StaffId,
        report_id: &str,
        now_ms: i64,
    ) -> Result<bool> {
        let last: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(at_ms) FROM audit_log
             WHERE staff_id = $1 AND report_id = $2 AND action = 'view_report' AND at_ms > $3",
        )
        .bind(staff_id)
        .bind(report_id)
        .bind(now_ms - SITTING_MS)
        .fetch_one(&self.pool)
        .await?;
        let Some(last) = last else {
            return Ok(false);
        };
        let signed_in_since: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log
             WHERE staff_id = $1 AND action IN ('login', 'login_recovery_code_used')
               AND at_ms >= $2",
        )
        .bind(staff_id)
        .bind(last)
        .fetch_one(&self.pool)
        .await?;
        Ok(signed_in_since == 0)
    }

    /// Newest first, a page of `limit`, narrowed by `filter`.
    pub async fn find_audit(
        &self,
        limit: i64,
        filter: &AuditFilter<'_>,
    ) -> Result<Vec<AuditEntry>> {
        // Built from fixed pieces; every value is bound.
        let mut sql = String::from("SELECT * FROM audit_log WHERE id < $1");
        let mut n = 1;
        let mut param = |sql: &mut String, piece: &str| {
            n += 1;
            sql.push_str(&piece.replace('?', &format!("${n}")));
        };
        if filter.who.is_some() {
            param(&mut sql, " AND staff_email = ?");
        }
        if filter.report_id.is_some() {
            param(&mut sql, " AND report_id = ?");
        }
        if filter.from_ms.is_some() {
            param(&mut sql, " AND at_ms >= ?");
        }
        if filter.to_ms.is_some() {
            param(&mut sql, " AND at_ms < ?");
        }
        if filter.words.is_some() {
            sql.push_str(" AND (");
            for (i, column) in ["staff_email", "detail", "action", "COALESCE(report_id, '')"]
                .iter()
                .enumerate()
            {
                if i > 0 {
                    sql.push_str(" OR ");
                }
                param(&mut sql, &format!("LOWER({column}) LIKE ? ESCAPE '\\'"));
            }
            for _ in filter.actions_named {
                param(&mut sql, " OR action = ?");
            }
            sql.push(')');
        }
        param(&mut sql, " ORDER BY id DESC LIMIT ?");
        let mut query = sqlx::query(&sql).bind(filter.before_id.unwrap_or(i64::MAX));
        if let Some(who) = filter.who {
            query = query.bind(who);
        }
        if let Some(id) = filter.report_id {
            query = query.bind(id);
        }
        if let Some(from) = filter.from_ms {
            query = query.bind(from);
        }
        if let Some(to) = filter.to_ms {
            query = query.bind(to);
        }
        if let Some(words) = filter.words {
            let escaped = words
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let pattern = format!("%{escaped}%");
            for _ in 0..4 {
                query = query.bind(pattern.clone());
            }
            for action in filter.actions_named {
                query = query.bind(*action);
            }
        }
        let rows = query.bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(entry_of).collect())
    }

    /// Newest first; `before_id` pages back.
    pub async fn list_audit(&self, limit: i64, before_id: Option<i64>) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query("SELECT * FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2")
            .bind(before_id.unwrap_or(i64::MAX))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(entry_of).collect())
    }
}

fn entry_of(r: &sqlx::any::AnyRow) -> AuditEntry {
    AuditEntry {
        id: r.get("id"),
        at_ms: r.get("at_ms"),
        staff_email: r.get("staff_email"),
        action: r.get("action"),
        report_id: r.get("report_id"),
        detail: r.get("detail"),
    }
}
