//! Parents' changes (signing in, co-signing, consent, concerns) go to the audit log the DSL
//! reads, under the pupil's id (`None` for an anonymous concern): who did what for which child,
//! never what a concern says.

use crate::error::ApiError;
use crate::state::AppState;
use crate::storage::Actor;

pub async fn audit(
    state: &AppState,
    pupil_id: Option<crate::ids::PupilId>,
    action: &str,
    report_id: Option<&str>,
    detail: &str,
) -> Result<(), ApiError> {
    state
        .audit(Actor::Parent { pupil_id }, action, report_id, detail)
        .await?;
    Ok(())
}
