//! Two-step sign-in for one's own account: set up (a secret for the authenticator app), turn on
//! with a code from the app, turn off with the password. Recommended for DSLs.

use axum::extract::State;
use axum::Json;
use kite_protocol::staff::{TotpCode, TotpDisable, TotpSetup};

use crate::auth::totp;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::AnyAccount;
use crate::state::AppState;

/// `POST /api/v1/staff/totp/setup`: a new secret; two-step stays off until it is proved.
#[utoipa::path(
    post,
    path = "/staff/totp/setup",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_totp_setup",
    summary = "Start setting up two-step sign-in: a new secret",
    responses((status = 200, description = "The new secret, to add to an authenticator app", body = TotpSetup)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn setup(
    State(state): State<AppState>,
    AnyAccount(user): AnyAccount,
) -> Result<Json<TotpSetup>, ApiError> {
    if user.staff.totp_enabled {
        return Err(ApiError::Conflict(
            "two-step sign-in is already on; turn it off first to set up a new app".into(),
        ));
    }
    let secret = totp::new_secret();
    state
        .storage
        .set_totp_secret(user.staff.id, Some(&secret))
        .await?;
    user.audit(&state, "two_step_setup_started", None, "")
        .await?;
    Ok(Json(TotpSetup {
        otpauth_uri: totp::otpauth_uri(&secret, &user.staff.email),
        secret,
    }))
}

/// `POST /api/v1/staff/totp/enable`: a code from the app proves it was set up right.
#[utoipa::path(
    post,
    path = "/staff/totp/enable",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_totp_enable",
    summary = "Turn two-step sign-in on with a code from the app",
    request_body = TotpCode,
    responses((status = 200, description = "Two-step sign-in is on", body = Object, example = json!({"enabled": true}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn enable(
    State(state): State<AppState>,
    AnyAccount(user): AnyAccount,
    ApiJson(req): ApiJson<TotpCode>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Some(secret) = user.staff.totp_secret.as_deref() else {
        return Err(ApiError::BadRequest(
            "start setting up two-step sign-in first".into(),
        ));
    };
    let now = now_ms();
    let Some(step) = totp::verify(secret, &req.code, now, user.staff.totp_last_step) else {
        return Err(ApiError::BadRequest(
            "that code isn't right; check the app shows Kite and the phone's clock is right, then try the newest code".into(),
        ));
    };
    state.storage.use_totp_step(user.staff.id, step).await?;
    state.storage.enable_totp(user.staff.id, now).await?;
    user.audit(&state, "two_step_enabled", None, "").await?;
    Ok(Json(serde_json::json!({ "enabled": true })))
}

/// `POST /api/v1/staff/totp/disable`: needs the password.
#[utoipa::path(
    post,
    path = "/staff/totp/disable",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_totp_disable",
    summary = "Turn two-step sign-in off (needs the password)",
    request_body = TotpDisable,
    responses((status = 200, description = "Two-step sign-in is off", body = Object, example = json!({"enabled": false}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn disable(
    State(state): State<AppState>,
    AnyAccount(user): AnyAccount,
    ApiJson(req): ApiJson<TotpDisable>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !state
        .hasher
        .verify(&req.password, &user.staff.password_hash)
        .await
        .map_err(ApiError::internal)?
    {
        return Err(ApiError::BadRequest("the password is not right".into()));
    }
    state.storage.set_totp_secret(user.staff.id, None).await?;
    user.audit(&state, "two_step_disabled", None, "").await?;
    Ok(Json(serde_json::json!({ "enabled": false })))
}
