//! The audit log (`audit_log`): who did what, appended and never changed.

use kite_protocol::staff::AuditEntry;
use sqlx::Row;

use super::{Result, Store};

/// One audit entry to append.
#[derive(Debug, Clone)]
pub struct NewAudit<'a> {
    pub at_ms: i64,
    pub staff_id: Option<i64>,
    pub staff_email: &'a str,
    pub action: &'a str,
    pub report_id: Option<&'a str>,
    pub detail: &'a str,
}

impl Store {
    /// Appends; there is deliberately no way to change or remove an entry.
    pub async fn append_audit(&self, entry: NewAudit<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at_ms, staff_id, staff_email, action, report_id, detail)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(entry.at_ms)
        .bind(entry.staff_id)
        .bind(entry.staff_email)
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
