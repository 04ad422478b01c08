//! Making a staff account, the same way from the admin's page and from the command line: the
//! same checks, the role's agreement to sign, and an entry in the audit log.

use kite_protocol::staff::Role;

use crate::auth::password::weak_password_reason;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::state::AppState;
use crate::storage::{Actor, NewAudit};
use crate::validate::{clean_text, valid_email};

/// The longest name an account shows (in the chronology and the audit log).
pub const MAX_NAME_CHARS: usize = 80;

/// An account as asked for, not yet checked.
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password: String,
}

/// An account that passed [`NewAccount::check`], ready for [`create`].
pub struct CheckedAccount {
    email: String,
    name: String,
    role: Role,
    password: String,
}

impl CheckedAccount {
    /// Trimmed and lowercase, as the account keeps it.
    pub fn email(&self) -> &str {
        &self.email
    }
}

impl NewAccount {
    /// An email address, a name (trimmed, bounded, no control characters) and a password long
    /// enough to be safe; each refusal says what to change.
    pub fn check(self) -> Result<CheckedAccount, ApiError> {
        let email = valid_email(&self.email)?;
        let name = clean_text("name", &self.name, MAX_NAME_CHARS, true)?.expect("required");
        if let Some(reason) = weak_password_reason(&self.password) {
            return Err(ApiError::BadRequest(reason));
        }
        Ok(CheckedAccount {
            email,
            name,
            role: self.role,
            password: self.password,
        })
    }
}

/// Creates the account with its role's agreement to sign, and records `by` as having made it.
/// Returns its id; an email that already has an account is a conflict.
pub async fn create(
    state: &AppState,
    account: CheckedAccount,
    by: Actor<'_>,
) -> Result<crate::ids::StaffId, ApiError> {
    let CheckedAccount {
        email,
        name,
        role,
        password,
    } = account;
    let hash = state
        .hasher
        .hash(&password)
        .await
        .map_err(ApiError::internal)?;
    let id = state
        .storage
        .create_staff(&email, &name, role, &hash, now_ms())
        .await?
        .ok_or_else(|| ApiError::Conflict(format!("there is already an account for {email}")))?;
    crate::agreements::assign_for_role(&state.storage, id, role).await?;
    state
        .storage
        .append_audit(NewAudit {
            at_ms: now_ms(),
            actor: by,
            action: "account_created",
            report_id: None,
            detail: &format!("{email} as {}", role.as_str()),
        })
        .await?;
    Ok(id)
}
