//! Staff accounts: the admin manages them, except DSL accounts, which only a DSL adds or
//! changes (see `authority`).

use axum::extract::Path;
use axum::Json;
use kite_protocol::agreement::AgreementKind;
use kite_protocol::staff::{NewStaff, Role, StaffAccount};
use serde::Deserialize;

use crate::accounts::{self, NewAccount};
use crate::authority::{self, Change};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::AdminOrDsl;
use crate::http::School;
use crate::ids::StaffId;
use crate::state::AppState;
use crate::storage::{Actor, StaffRecord};

/// An account as the admin sees it, with which AUP it signs and whether it has signed the
/// current version.
async fn account(state: &AppState, r: StaffRecord, now: i64) -> Result<StaffAccount, ApiError> {
    let kind = state.storage.staff_agreement_kind(r.id).await?;
    let signed_at = match state.storage.current_agreement(kind).await? {
        Some(v) => state.storage.staff_signed_at(r.id, v.id).await?,
        None => None,
    };
    Ok(StaffAccount {
        agreement: Some(kind),
        agreement_signed_at_ms: signed_at,
        id: r.id.into(),
        email: r.email,
        name: r.name,
        role: r.role,
        disabled: r.disabled,
        locked: r.locked_until_ms.is_some_and(|t| t > now),
        totp_enabled: r.totp_enabled,
        is_head: r.is_head,
        is_chair: r.is_chair,
    })
}

/// `GET /api/v1/staff/accounts`.
#[utoipa::path(
    get,
    path = "/staff/accounts",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_accounts_list",
    summary = "The school's staff accounts",
    responses((status = 200, description = "Every account", body = Vec<StaffAccount>)),
    security(("staff_session" = [])),
)]
pub async fn list(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
) -> Result<Json<Vec<StaffAccount>>, ApiError> {
    user.audit(&state, "list_accounts", None, "").await?;
    let now = now_ms();
    let mut out = Vec::new();
    for r in state.storage.list_staff().await? {
        out.push(account(&state, r, now).await?);
    }
    Ok(Json(out))
}

/// `POST /api/v1/staff/accounts`: the admin sets a first password and tells the person.
#[utoipa::path(
    post,
    path = "/staff/accounts",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_accounts_create",
    summary = "Make a staff account with a first password",
    request_body = NewStaff,
    responses((status = 200, description = "The new account", body = StaffAccount)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn create(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    ApiJson(req): ApiJson<NewStaff>,
) -> Result<Json<StaffAccount>, ApiError> {
    if req.role == Role::Trust {
        return Err(ApiError::BadRequest(
            "trust accounts are made on the trust's server with the command line, not by a school"
                .into(),
        ));
    }
    if let Err(refused) = authority::may_manage_account(user.staff.role, req.role) {
        user.audit(&state, "access_denied", None, "add a DSL account")
            .await?;
        return Err(refused);
    }
    let role = req.role;
    let new = NewAccount {
        email: req.email,
        name: req.name,
        role: req.role,
        password: req.password,
    }
    .check()?;
    let id = accounts::create(&state, new, Actor::Staff(&user.staff)).await?;
    if role == Role::Dsl {
        authority::tell_other_dsls(
            &state,
            Change::DslAccountAdded,
            Some(user.staff.id),
            Some(id),
        )
        .await?;
    }
    let record = state
        .storage
        .staff_by_id(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(account(&state, record, now_ms()).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AccountUpdate {
    /// Disable (signs them out everywhere) or enable again.
    pub disabled: Option<bool>,
    /// Lift a lockout after too many wrong passwords.
    #[serde(default)]
    pub unlock: bool,
    /// Which AUP the account signs: staff, volunteer or governor.
    pub agreement: Option<AgreementKind>,
    /// Flag the account as the head teacher's (a school with co-heads flags each), or take the
    /// flag away. Only the head authorises changes to the filter.
    pub head: Option<bool>,
    /// Flag a governor's account as the chair of governors', or take the flag away. Concerns
    /// about the head go to the chair.
    pub chair: Option<bool>,
}

/// `PATCH /api/v1/staff/accounts/{id}`.
#[utoipa::path(
    patch,
    path = "/staff/accounts/{id}",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_accounts_update",
    summary = "Disable, enable or unlock an account, change which AUP it signs, or flag it as the head's or the chair of governors'",
    params(("id" = i64, Path, description = "The staff account")),
    request_body = AccountUpdate,
    responses((status = 200, description = "The account as it now is", body = StaffAccount)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn update(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    Path(id): Path<StaffId>,
    ApiJson(req): ApiJson<AccountUpdate>,
) -> Result<Json<StaffAccount>, ApiError> {
    let target = state
        .storage
        .staff_by_id(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if let Err(refused) = authority::may_manage_account(user.staff.role, target.role) {
        user.audit(
            &state,
            "access_denied",
            None,
            &format!("change {}", target.email),
        )
        .await?;
        return Err(refused);
    }
    let now = now_ms();
    if let Some(disabled) = req.disabled {
        if disabled && id == user.staff.id {
            return Err(ApiError::Conflict(
                "you can't disable your own account; ask another admin".into(),
            ));
        }
        state.storage.set_staff_disabled(id, disabled, now).await?;
        user.audit(
            &state,
            if disabled {
                "account_disabled"
            } else {
                "account_enabled"
            },
            None,
            &target.email,
        )
        .await?;
    }
    if let Some(kind) = req.agreement {
        if !matches!(
            kind,
            AgreementKind::Staff | AgreementKind::Volunteer | AgreementKind::Governor
        ) {
            return Err(ApiError::BadRequest(
                "a staff account signs the staff, volunteer or governor AUP".into(),
            ));
        }
        state.storage.set_staff_agreement_kind(id, kind).await?;
        user.audit(
            &state,
            "account_agreement_set",
            None,
            &format!("{} signs the {} AUP", target.email, kind),
        )
        .await?;
    }
    if let Some(head) = req.head {
        if head && !target.role.works_with_pupils() {
            return Err(ApiError::BadRequest(
                "the head's flag goes on an account that works in school (a DSL, admin or teacher)"
                    .into(),
            ));
        }
        state.storage.set_staff_head(id, head, now).await?;
        user.audit(
            &state,
            if head {
                "head_flag_set"
            } else {
                "head_flag_removed"
            },
            None,
            &target.email,
        )
        .await?;
    }
    if let Some(chair) = req.chair {
        if chair && target.role != Role::Governor {
            return Err(ApiError::BadRequest(
                "the chair's flag goes on a governor's account".into(),
            ));
        }
        state.storage.set_staff_chair(id, chair, now).await?;
        user.audit(
            &state,
            if chair {
                "chair_flag_set"
            } else {
                "chair_flag_removed"
            },
            None,
            &target.email,
        )
        .await?;
    }
    if req.unlock {
        state.storage.record_login_success(id).await?;
        user.audit(&state, "account_unlocked", None, &target.email)
            .await?;
    }
    let changed = req.disabled.is_some()
        || req.agreement.is_some()
        || req.head.is_some()
        || req.chair.is_some()
        || req.unlock;
    if changed && target.role == Role::Dsl {
        authority::tell_other_dsls(
            &state,
            Change::DslAccountChanged,
            Some(user.staff.id),
            Some(id),
        )
        .await?;
    }
    let record = state
        .storage
        .staff_by_id(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(account(&state, record, now).await?))
}
