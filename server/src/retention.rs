//! The school's retention period: closed reports older than it (counted from when they were
//! last changed, i.e. closed) are deleted with their chronology, hourly. Open reports are never
//! deleted, nor are records a DSL put on hold, nor records linked to a child. The period is at
//! least a year (`MIN_RETENTION_MONTHS`; a shorter stored one is read as that). The audit log
//! keeps that they existed and were purged — never their content.

use std::time::Duration;

use crate::clock::now_ms;
use crate::state::AppState;
use crate::storage::{Actor, NewAudit, SystemTask};

/// Average month, for "keep for N months".
const MONTH_MS: i64 = 2_629_746_000;

/// One pass; returns how many reports were deleted.
pub async fn purge_once(state: &AppState, now: i64) -> anyhow::Result<usize> {
    let (_, months) = state.storage.school_settings().await?;
    if months == 0 {
        return Ok(0);
    }
    let ids = state
        .storage
        .purge_closed_reports(now - months as i64 * MONTH_MS, now)
        .await?;
    for id in &ids {
        state
            .storage
            .append_audit(NewAudit {
                at_ms: now,
                actor: Actor::System(SystemTask::Retention),
                action: "report_purged",
                report_id: Some(id),
                detail: &format!("closed more than {months} months ago"),
            })
            .await?;
    }
    Ok(ids.len())
}

/// Ended staff and parents' sessions are also swept away here (they are refused anyway; this
/// keeps the tables small).
pub async fn sweep_sessions(state: &AppState, now: i64) -> anyhow::Result<u64> {
    use crate::auth::{parent_session, staff};
    let staff = state
        .storage
        .delete_expired_sessions(now - staff::IDLE_MS, now - staff::ABSOLUTE_MS)
        .await?;
    let parents = state
        .storage
        .delete_expired_parent_sessions(
            now - parent_session::IDLE_MS,
            now - parent_session::ABSOLUTE_MS,
        )
        .await?;
    Ok(staff + parents)
}

pub async fn run(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        if let Err(e) = sweep_sessions(&state, now_ms()).await {
            tracing::warn!(error = %e, "sweeping ended sessions");
        }
        match purge_once(&state, now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                purged = n,
                "retention: deleted closed reports past the school's period"
            ),
            Err(e) => tracing::warn!(error = %e, "retention"),
        }
    }
}
