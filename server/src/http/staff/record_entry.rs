//! What every write to a record is made of: the record's id checked, and a chronology entry
//! by the signed-in member of staff, now. Shared by the record's pages and its procedures, so
//! neither has to name the other.

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::staff::extract::StaffUser;
use crate::storage::NewReportEvent;

/// A record id is a UUID; anything else is a record that isn't there.
pub(super) fn valid_id(id: &str) -> Result<(), ApiError> {
    uuid::Uuid::parse_str(id)
        .map(|_| ())
        .map_err(|_| ApiError::NotFound)
}

/// A chronology entry by `user`, now.
pub(super) fn event(
    user: &StaffUser,
    kind: &str,
    action_type: Option<kite_protocol::staff::ActionType>,
    detail: String,
) -> NewReportEvent {
    NewReportEvent {
        at_ms: now_ms(),
        staff_id: user.staff.id,
        staff_name: user.staff.name.clone(),
        kind: kind.into(),
        action_type,
        detail,
    }
}
