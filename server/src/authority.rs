//! Who may change who can read reports. Reports are for DSLs only, so only a DSL (or the command
//! line on the server) adds or changes a DSL account, changes the two-step setting or shortens
//! how long closed records are kept; an admin's password alone must not open a way to them.
//! Every such change is audited and every other DSL is emailed, without content, so a change
//! nobody expected is seen.

use kite_protocol::staff::{Role, MIN_RETENTION_MONTHS};

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::ids::StaffId;
use crate::state::AppState;

/// The refusal an admin gets for a DSL account.
pub const ONLY_A_DSL_FOR_DSL_ACCOUNTS: &str = "Only a DSL can add or change a DSL account";
/// The refusal a DSL gets for anyone else's account (the admin manages those).
pub const DSL_MANAGES_DSL_ACCOUNTS_ONLY: &str =
    "A DSL adds and changes DSL accounts; an admin manages the others";
pub const ONLY_A_DSL_FOR_TWO_STEP: &str = "Only a DSL can change the two-step sign-in setting";
pub const ONLY_A_DSL_FOR_ANSWERS: &str =
    "Only a DSL can change how answers to children are kept and checked";
pub const ONLY_A_DSL_SHORTENS_RETENTION: &str =
    "Only a DSL can shorten how long closed safeguarding records are kept";

/// What changed, as the email says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    DslAccountAdded,
    DslAccountChanged,
    TwoStepSetting,
    RetentionSetting,
}

impl Change {
    fn sentence(self, school: &str) -> String {
        match self {
            Change::DslAccountAdded => format!("A DSL account was added at {school}."),
            Change::DslAccountChanged => format!("A DSL account was changed at {school}."),
            Change::TwoStepSetting => {
                format!("The two-step sign-in setting was changed at {school}.")
            }
            Change::RetentionSetting => {
                format!("How long closed safeguarding records are kept was changed at {school}.")
            }
        }
    }
}

/// May `actor` (a DSL or an admin) touch an account whose role is, or is to be, `role`?
pub fn may_manage_account(actor: Role, role: Role) -> Result<(), ApiError> {
    match (actor == Role::Dsl, role == Role::Dsl) {
        (true, true) | (false, false) => Ok(()),
        (false, true) => Err(ApiError::Forbidden(ONLY_A_DSL_FOR_DSL_ACCOUNTS)),
        (true, false) => Err(ApiError::Forbidden(DSL_MANAGES_DSL_ACCOUNTS_ONLY)),
    }
}

/// Whether going from `old` to `new` months keeps closed records for less time (0 is "until the
/// school decides", the longest).
pub fn shortens_retention(old: u32, new: u32) -> bool {
    new != 0 && (old == 0 || new < old)
}

/// A retention period the school may set: 0, or at least the floor.
pub fn check_retention(months: u32) -> Result<(), ApiError> {
    if months != 0 && months < MIN_RETENTION_MONTHS {
        return Err(ApiError::BadRequest(format!(
            "closed safeguarding records are kept at least {MIN_RETENTION_MONTHS} months \
             (0 keeps them until the school decides)"
        )));
    }
    Ok(())
}

/// Queues the content-free email to every active DSL but the one who made the change and the
/// account the change is about (`None` from the command line).
pub async fn tell_other_dsls(
    state: &AppState,
    change: Change,
    actor: Option<StaffId>,
    about: Option<StaffId>,
) -> Result<(), ApiError> {
    let school = state.storage.school_profile().await?.name;
    let to: Vec<String> = state
        .storage
        .list_staff()
        .await?
        .into_iter()
        .filter(|s| s.role == Role::Dsl && !s.disabled)
        .filter(|s| Some(s.id) != actor && Some(s.id) != about)
        .map(|s| s.email)
        .collect();
    if to.is_empty() {
        return Ok(());
    }
    let body = format!(
        "{}\n\nSign in to Kite to see the audit log: it says who made the change and when. \
         If you did not expect it, tell your head teacher.\n\n\
         This email says nothing more, on purpose.\n",
        change.sentence(&school)
    );
    state
        .storage
        .queue_dsl_notices(
            &to,
            "Kite: a change to who can read reports",
            &body,
            now_ms(),
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortening_counts_keep_until_decided_as_longest() {
        assert!(shortens_retention(0, 24));
        assert!(shortens_retention(36, 24));
        assert!(!shortens_retention(24, 36));
        assert!(!shortens_retention(24, 0));
        assert!(!shortens_retention(24, 24));
    }

    #[test]
    fn only_dsls_touch_dsl_accounts_and_only_dsl_accounts() {
        assert!(may_manage_account(Role::Dsl, Role::Dsl).is_ok());
        assert!(may_manage_account(Role::Admin, Role::Teacher).is_ok());
        assert!(may_manage_account(Role::Admin, Role::Dsl).is_err());
        assert!(may_manage_account(Role::Dsl, Role::Teacher).is_err());
    }
}
