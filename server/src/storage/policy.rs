//! The online-safety policy's approvals (`policy_approvals`), only ever added to.

use kite_protocol::policy::{NewPolicyApproval, PolicyApproval};
use sqlx::Row;

use super::{Result, Store};
use crate::ids::StaffId;

impl Store {
    pub async fn add_policy_approval(
        &self,
        new: &NewPolicyApproval,
        by: StaffId,
        now_ms: i64,
    ) -> Result<i64> {
        let id = sqlx::query(
            "INSERT INTO policy_approvals (approved_on, approved_by, next_review_on, link,
                 document_id, notes, recorded_by, recorded_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(&new.approved_on)
        .bind(&new.approved_by)
        .bind(&new.next_review_on)
        .bind(&new.link)
        .bind(new.document_id)
        .bind(&new.notes)
        .bind(by)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await?
        .get(0);
        Ok(id)
    }

    /// Newest approval (by its day, then as recorded) first. The document (when it is one) is
    /// left for the caller to look up among the published documents.
    pub async fn policy_approvals(&self) -> Result<Vec<PolicyApproval>> {
        let rows = sqlx::query(
            "SELECT p.*, s.name AS recorded_by_name FROM policy_approvals p
             JOIN staff s ON s.id = p.recorded_by ORDER BY p.approved_on DESC, p.id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| PolicyApproval {
                id: r.get("id"),
                approved_on: r.get("approved_on"),
                approved_by: r.get("approved_by"),
                next_review_on: r.get("next_review_on"),
                link: r.get("link"),
                document_id: r.get("document_id"),
                document: None,
                notes: r.get("notes"),
                recorded_by: r.get("recorded_by_name"),
                recorded_at_ms: r.get("recorded_at_ms"),
            })
            .collect())
    }
}
