//! Parents' changes (signing in, co-signing, consent, concerns) go to the audit log the DSL
//! reads, under the pupil's id: who did what for which child, never what a concern says. Each
//! line is dated to the day only, so no line's exact time can be matched with an anonymous
//! concern (which has no line, and is dated to the day too).

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::state::AppState;
use crate::storage::{Actor, NewAudit};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Midnight (UTC) at the start of the day `ms` falls in.
pub fn start_of_day(ms: i64) -> i64 {
    ms - ms.rem_euclid(DAY_MS)
}

pub async fn audit(
    state: &AppState,
    pupil_id: Option<crate::ids::PupilId>,
    action: &str,
    report_id: Option<&str>,
    detail: &str,
) -> Result<(), ApiError> {
    state
        .storage
        .append_audit(NewAudit {
            at_ms: start_of_day(now_ms()),
            actor: Actor::Parent { pupil_id },
            action,
            report_id,
            detail,
        })
        .await?;
    Ok(())
}
