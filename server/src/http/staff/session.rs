//! Signing in and out, who am I, and changing one's own password.

use axum::response::{IntoResponse, Response};
use axum::Json;
use kite_protocol::staff::{LoginRequest, Me, PasswordChange, UnlockRequest};

use crate::auth::password::weak_password_reason;
use crate::auth::staff::{self, start_session, LOCKOUT_MS};
use crate::auth::totp;
use crate::auth::two_step_keys::looks_like_recovery_code;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::client::Client;
use crate::http::staff::extract::{
    two_step_required, AnyAccount, LockedOrNot, SettingUpTwoStep, Unlocking,
};
use crate::http::School;
use crate::state::AppState;
use crate::storage::{Actor, NewAudit, StaffRecord};

/// `POST /api/v1/staff/login`. The same answer for an unknown email, a wrong password and a
/// locked account, so nobody learns from outside which emails have accounts or which are
/// locked (an admin sees locks on the accounts page). Failures count against the client, which
/// is refused past a few an hour before any account is touched, and against the account,
/// which is locked for a while when many clients fail on it (so no one client can lock a known
/// DSL out). Both are kept in the database, so every server process sees them.
#[utoipa::path(
    post,
    path = "/staff/login",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_login",
    summary = "Sign in with email, password and (when on) a two-step code",
    request_body = LoginRequest,
    responses((status = 200, description = "Signed in: the session cookie is set, and the CSRF token is in the answer", body = Me, headers(("set-cookie" = String, description = "The staff session cookie")))),
)]
pub async fn login(
    School(state): School,
    Client(client): Client,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let email = req.email.trim().to_lowercase();
    let hasher = &state.hasher;
    let limits = &state.limits;
    let refused_client = !limits
        .sign_in_failures_per_client
        .has_token(&state.storage, &client)
        .await?;
    let account = match refused_client {
        true => None,
        false => state.storage.staff_by_email(&email).await?,
    };
    let Some(account) = account.filter(|a| !a.disabled) else {
        hasher
            .verify_dummy(&req.password)
            .await
            .map_err(ApiError::internal)?;
        if !refused_client {
            let _ = limits
                .sign_in_failures_per_client
                .check(&state.storage, &client)
                .await;
        }
        return Err(ApiError::LoginFailed);
    };
    let now = now_ms();
    let locked = account.locked_until_ms.is_some_and(|t| t > now);
    let ok = hasher
        .verify(&req.password, &account.password_hash)
        .await
        .map_err(ApiError::internal)?;
    let audit = |action: &'static str| NewAudit {
        at_ms: now,
        actor: Actor::Staff(&account),
        action,
        report_id: None,
        detail: "",
    };
    if !ok || locked {
        if !ok {
            count_failure(&state, &client, &account, locked, now).await?;
        }
        let action = if locked {
            "login_while_locked"
        } else {
            "login_failed"
        };
        state.storage.append_audit(audit(action)).await?;
        return Err(ApiError::LoginFailed);
    }
    second_step(
        &state,
        &client,
        &account,
        req.totp_code.as_deref(),
        locked,
        now,
    )
    .await?;
    let (session_id, me) = signed_in(&state, &account, now, "").await?;
    Ok((state.cookies.set(&staff::COOKIE, &session_id), Json(me)).into_response())
}

/// An account with two-step sign-in gives its code (or a recovery code) after its password, or
/// after the school's provider has said who it is: `Err(TwoStepNeeded)` until it does.
pub(super) async fn second_step(
    state: &AppState,
    client: &str,
    account: &StaffRecord,
    code: Option<&str>,
    locked: bool,
    now: i64,
) -> Result<(), ApiError> {
    if !account.totp_enabled {
        return Ok(());
    }
    let audit = |action: &'static str| NewAudit {
        at_ms: now,
        actor: Actor::Staff(account),
        action,
        report_id: None,
        detail: "",
    };
    let code = code.unwrap_or_default();
    let keys = state.two_step_keys();
    let fresh = if looks_like_recovery_code(code) {
        // A lost phone: one of the account's recovery codes, good once.
        let hash = keys.recovery_hash(account.id, code);
        match state
            .storage
            .use_recovery_code(account.id, &hash, now)
            .await?
        {
            Some(left) => {
                state
                    .storage
                    .append_audit(NewAudit {
                        detail: &format!("{left} recovery codes left"),
                        ..audit("login_recovery_code_used")
                    })
                    .await?;
                true
            }
            None => false,
        }
    } else {
        let secret = account
            .totp_secret_sealed
            .as_deref()
            .and_then(|sealed| keys.open_secret(account.id, sealed))
            .unwrap_or_default();
        match totp::verify(&secret, code, now, account.totp_last_step) {
            Some(step) => state.storage.use_totp_step(account.id, step).await?,
            None => false,
        }
    };
    if !fresh {
        // A wrong code counts like a wrong password, so codes can't be guessed without
        // limit; no code at all is the sign-in form's first step (the password alone, then
        // the code it asks for) and counts for nothing.
        if !code.trim().is_empty() {
            count_failure(state, client, account, locked, now).await?;
        }
        state
            .storage
            .append_audit(audit("login_two_step_failed"))
            .await?;
        return Err(ApiError::TwoStepNeeded);
    }
    Ok(())
}

/// Everything Kite checks has passed: the account's session starts (its cookie's value is
/// returned for the caller to set), and the sign-in is audited with `detail` (how).
pub(super) async fn signed_in(
    state: &AppState,
    account: &StaffRecord,
    now: i64,
    detail: &str,
) -> Result<(String, Me), ApiError> {
    state.storage.record_login_success(account.id).await?;
    let (session_id, csrf_token) = start_session(&state.storage, account.id)
        .await
        .map_err(ApiError::internal)?;
    state
        .storage
        .append_audit(NewAudit {
            at_ms: now,
            actor: Actor::Staff(account),
            action: "login",
            report_id: None,
            detail,
        })
        .await?;
    let me = Me {
        id: account.id.into(),
        email: account.email.clone(),
        name: account.name.clone(),
        role: account.role,
        csrf_token,
        totp_enabled: account.totp_enabled,
        totp_required: two_step_required(state, account).await?,
        is_head: account.is_head,
        is_chair: account.is_chair,
    };
    Ok((session_id, me))
}

/// `POST /api/v1/staff/unlock`: the password again, for a session whose screen locked after a
/// while without use (every other route answers 423 meanwhile). Once the session has ended,
/// only a full sign-in (with the two-step code) will do. Wrong passwords count against the
/// client like failed sign-ins; past its limit the session is ended.
#[utoipa::path(
    post,
    path = "/staff/unlock",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_unlock",
    summary = "Go on with a locked session by giving its password",
    request_body = UnlockRequest,
    responses((status = 200, description = "Unlocked: the account and its CSRF token", body = Me)),
    security(("staff_session" = [])),
)]
pub async fn unlock(
    School(state): School,
    Client(client): Client,
    Unlocking(user): Unlocking,
    ApiJson(req): ApiJson<UnlockRequest>,
) -> Result<Json<Me>, ApiError> {
    let limits = &state.limits;
    if !limits
        .sign_in_failures_per_client
        .has_token(&state.storage, &client)
        .await?
    {
        state.storage.delete_session(&user.session_sha256).await?;
        return Err(ApiError::SignInNeeded);
    }
    let ok = state
        .hasher
        .verify(&req.password, &user.staff.password_hash)
        .await
        .map_err(ApiError::internal)?;
    if !ok {
        let _ = limits
            .sign_in_failures_per_client
            .check(&state.storage, &client)
            .await;
        user.audit(&state, "unlock_failed", None, "").await?;
        return Err(ApiError::BadRequest(
            "that password is not right; try again, or sign out and sign in".into(),
        ));
    }
    state
        .storage
        .touch_session(&user.session_sha256, now_ms())
        .await?;
    user.audit(&state, "unlocked", None, "").await?;
    me(School(state), SettingUpTwoStep(user)).await
}

/// A failed sign-in counts against the client and the account; when the account's allowance
/// is used up it is locked for a while, kept on the account so an admin sees it locked (and can
/// tell its owner).
async fn count_failure(
    state: &AppState,
    client: &str,
    account: &StaffRecord,
    locked: bool,
    now: i64,
) -> Result<(), ApiError> {
    let limits = &state.limits;
    let _ = limits
        .sign_in_failures_per_client
        .check(&state.storage, client)
        .await;
    let account_key = i64::from(account.id).to_string();
    let exhausted = limits
        .sign_in_failures_per_account
        .check(&state.storage, &account_key)
        .await
        .is_err();
    if exhausted && !locked {
        state
            .storage
            .record_login_failure(account.id, now, 1, LOCKOUT_MS)
            .await?;
    }
    Ok(())
}

/// `POST /api/v1/staff/logout`.
#[utoipa::path(
    post,
    path = "/staff/logout",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_logout",
    summary = "Sign out",
    responses((status = 200, description = "Signed out; the session cookie is cleared", body = Object, example = json!({"signed_out": true}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn logout(
    School(state): School,
    // A locked screen, or one still setting up two-step, can still be signed out of.
    LockedOrNot(user): LockedOrNot,
) -> Result<Response, ApiError> {
    state.storage.delete_session(&user.session_sha256).await?;
    user.audit(&state, "logout", None, "").await?;
    Ok((
        state.cookies.clear(&staff::COOKIE),
        Json(serde_json::json!({ "signed_out": true })),
    )
        .into_response())
}

/// `GET /api/v1/staff/session`: like `/me`, but `null` (not 401) when nobody is signed in, so the
/// staff page can ask without the browser logging an error.
#[utoipa::path(
    get,
    path = "/staff/session",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_session",
    summary = "Who is signed in, or null",
    responses((status = 200, description = "The signed-in account and its CSRF token, or null", body = Option<Me>)),
    security((), ("staff_session" = [])),
)]
pub async fn session(
    School(state): School,
    req: axum::extract::Request,
) -> Result<Json<Option<Me>>, ApiError> {
    use axum::extract::FromRequestParts;
    let (mut parts, _) = req.into_parts();
    match SettingUpTwoStep::from_request_parts(&mut parts, &()).await {
        Ok(user) => Ok(Json(Some(me(School(state), user).await?.0))),
        Err(ApiError::SignInNeeded) => Ok(Json(None)),
        Err(e) => Err(e),
    }
}

/// `GET /api/v1/staff/me`: who is signed in, and the CSRF token for this session.
#[utoipa::path(
    get,
    path = "/staff/me",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_me",
    summary = "Who is signed in, and the CSRF token for this session",
    responses((status = 200, description = "The signed-in account", body = Me)),
    security(("staff_session" = [])),
)]
pub async fn me(
    School(state): School,
    SettingUpTwoStep(user): SettingUpTwoStep,
) -> Result<Json<Me>, ApiError> {
    Ok(Json(Me {
        totp_required: two_step_required(&state, &user.staff).await?,
        id: user.staff.id.into(),
        email: user.staff.email,
        name: user.staff.name,
        role: user.staff.role,
        csrf_token: user.csrf_token,
        totp_enabled: user.staff.totp_enabled,
        is_head: user.staff.is_head,
        is_chair: user.staff.is_chair,
    }))
}

/// `POST /api/v1/staff/password`: needs the current password; ends the account's other sessions.
#[utoipa::path(
    post,
    path = "/staff/password",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_change_password",
    summary = "Change one's password (ends the account's other sessions)",
    request_body = PasswordChange,
    responses((status = 200, description = "Changed", body = Object, example = json!({"changed": true}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn change_password(
    School(state): School,
    AnyAccount(user): AnyAccount,
    ApiJson(req): ApiJson<PasswordChange>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let hasher = &state.hasher;
    if !hasher
        .verify(&req.current_password, &user.staff.password_hash)
        .await
        .map_err(ApiError::internal)?
    {
        return Err(ApiError::BadRequest(
            "the current password is not right".into(),
        ));
    }
    if let Some(reason) = weak_password_reason(&req.new_password) {
        return Err(ApiError::BadRequest(reason));
    }
    let hash = hasher
        .hash(&req.new_password)
        .await
        .map_err(ApiError::internal)?;
    state.storage.set_password(user.staff.id, &hash).await?;
    state
        .storage
        .delete_sessions_of(user.staff.id, Some(&user.session_sha256))
        .await?;
    user.audit(&state, "password_changed", None, "").await?;
    Ok(Json(serde_json::json!({ "changed": true })))
}
