//! Signing in and out, who am I, and changing one's own password.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kite_protocol::staff::{LoginRequest, Me, PasswordChange};

use crate::auth::password::weak_password_reason;
use crate::auth::staff::{self, start_session, LOCKOUT_MS, MAX_FAILED_LOGINS};
use crate::auth::totp;
use crate::auth::two_step_keys::looks_like_recovery_code;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::{two_step_required, AnyAccount, SettingUpTwoStep};
use crate::state::AppState;
use crate::storage::{Actor, NewAudit};

fn minutes_until(t_ms: i64, now: i64) -> u64 {
    (((t_ms - now).max(0) + 59_999) / 60_000).max(1) as u64
}

/// `POST /api/v1/staff/login`. The same answer for an unknown email and a wrong password; after
/// `MAX_FAILED_LOGINS` wrong passwords the account is locked for a while (kept in the database,
/// so every server process sees it).
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
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let email = req.email.trim().to_lowercase();
    let hasher = &state.hasher;
    let account = state.storage.staff_by_email(&email).await?;
    let Some(account) = account.filter(|a| !a.disabled) else {
        hasher
            .verify_dummy(&req.password)
            .await
            .map_err(ApiError::internal)?;
        return Err(ApiError::LoginFailed);
    };
    let now = now_ms();
    if let Some(until) = account.locked_until_ms.filter(|t| *t > now) {
        return Err(ApiError::LockedOut {
            minutes: minutes_until(until, now),
        });
    }
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
    if !ok {
        let locked = state
            .storage
            .record_login_failure(account.id, now, MAX_FAILED_LOGINS, LOCKOUT_MS)
            .await?;
        state.storage.append_audit(audit("login_failed")).await?;
        return Err(match locked {
            Some(until) => ApiError::LockedOut {
                minutes: minutes_until(until, now),
            },
            None => ApiError::LoginFailed,
        });
    }
    if account.totp_enabled {
        let code = req.totp_code.as_deref().unwrap_or_default();
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
            let locked = state
                .storage
                .record_login_failure(account.id, now, MAX_FAILED_LOGINS, LOCKOUT_MS)
                .await?;
            state
                .storage
                .append_audit(audit("login_two_step_failed"))
                .await?;
            return Err(match locked {
                Some(until) => ApiError::LockedOut {
                    minutes: minutes_until(until, now),
                },
                None => ApiError::TwoStepNeeded,
            });
        }
    }
    state.storage.record_login_success(account.id).await?;
    let (session_id, csrf_token) = start_session(&state.storage, account.id)
        .await
        .map_err(ApiError::internal)?;
    state.storage.append_audit(audit("login")).await?;
    Ok((
        state.cookies.set(&staff::COOKIE, &session_id),
        Json(Me {
            id: account.id.into(),
            email: account.email.clone(),
            name: account.name.clone(),
            role: account.role,
            csrf_token,
            totp_enabled: account.totp_enabled,
            totp_required: two_step_required(&state, &account).await?,
        }),
    )
        .into_response())
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
    State(state): State<AppState>,
    SettingUpTwoStep(user): SettingUpTwoStep,
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
    State(state): State<AppState>,
    req: axum::extract::Request,
) -> Result<Json<Option<Me>>, ApiError> {
    use axum::extract::FromRequestParts;
    let (mut parts, _) = req.into_parts();
    match SettingUpTwoStep::from_request_parts(&mut parts, &state).await {
        Ok(user) => Ok(Json(Some(me(State(state), user).await?.0))),
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
    State(state): State<AppState>,
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
    State(state): State<AppState>,
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
