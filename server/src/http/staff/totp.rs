//! Two-step sign-in for one's own account: set up (a secret for the authenticator app, with the
//! password), turn on with a code from the app (which gives one-time recovery codes), new
//! recovery codes (with the password), and turn off with the password where it is not required.
//! DSLs, admins and trust accounts must use it; the school decides for teachers and other staff.

use axum::Json;
use kite_protocol::staff::{PasswordConfirm, RecoveryCodes, TotpCode, TotpDisable, TotpSetup};

use crate::auth::totp;
use crate::auth::two_step_keys::new_recovery_codes;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::{two_step_required, AnyAccount, SettingUpTwoStep, StaffUser};
use crate::http::School;
use crate::state::AppState;

/// The password, checked; a wrong one is audited (a session is not a licence to guess it).
async fn check_password(
    state: &AppState,
    user: &StaffUser,
    password: &str,
) -> Result<(), ApiError> {
    if state
        .hasher
        .verify(password, &user.staff.password_hash)
        .await
        .map_err(ApiError::internal)?
    {
        return Ok(());
    }
    user.audit(state, "password_check_failed", None, "").await?;
    Err(ApiError::BadRequest("the password is not right".into()))
}

/// `POST /api/v1/staff/totp/setup`: a new secret; two-step stays off until it is proved.
#[utoipa::path(
    post,
    path = "/staff/totp/setup",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_totp_setup",
    summary = "Start setting up two-step sign-in (needs the password): a new secret and its QR code",
    request_body = PasswordConfirm,
    responses((status = 200, description = "The new secret, to add to an authenticator app", body = TotpSetup)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn setup(
    School(state): School,
    SettingUpTwoStep(user): SettingUpTwoStep,
    ApiJson(req): ApiJson<PasswordConfirm>,
) -> Result<Json<TotpSetup>, ApiError> {
    if user.staff.totp_enabled {
        return Err(ApiError::Conflict(
            "two-step sign-in is already on; turn it off first to set up a new app".into(),
        ));
    }
    check_password(&state, &user, &req.password).await?;
    let secret = totp::new_secret();
    let sealed = state.two_step_keys().seal_secret(user.staff.id, &secret);
    state
        .storage
        .set_totp_secret(user.staff.id, Some(&sealed))
        .await?;
    user.audit(&state, "two_step_setup_started", None, "")
        .await?;
    let otpauth_uri = totp::otpauth_uri(&secret, &user.staff.email);
    Ok(Json(TotpSetup {
        qr_svg: crate::qr::svg(&otpauth_uri),
        otpauth_uri,
        secret,
    }))
}

/// `POST /api/v1/staff/totp/enable`: a code from the app proves it was set up right. The answer
/// holds the recovery codes, shown this once.
#[utoipa::path(
    post,
    path = "/staff/totp/enable",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_totp_enable",
    summary = "Turn two-step sign-in on with a code from the app; gives one-time recovery codes",
    request_body = TotpCode,
    responses((status = 200, description = "Two-step sign-in is on; the recovery codes, shown once", body = RecoveryCodes)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn enable(
    School(state): School,
    SettingUpTwoStep(user): SettingUpTwoStep,
    ApiJson(req): ApiJson<TotpCode>,
) -> Result<Json<RecoveryCodes>, ApiError> {
    if user.staff.totp_enabled {
        return Err(ApiError::Conflict("two-step sign-in is already on".into()));
    }
    let keys = state.two_step_keys();
    let Some(secret) = user
        .staff
        .totp_secret_sealed
        .as_deref()
        .and_then(|sealed| keys.open_secret(user.staff.id, sealed))
    else {
        return Err(ApiError::BadRequest(
            "start setting up two-step sign-in first".into(),
        ));
    };
    let now = now_ms();
    let Some(step) = totp::verify(&secret, &req.code, now, user.staff.totp_last_step) else {
        return Err(ApiError::BadRequest(
            "that code isn't right; check the app shows Kite and the phone's clock is right, then try the newest code".into(),
        ));
    };
    state.storage.use_totp_step(user.staff.id, step).await?;
    let codes = issue_recovery_codes(&state, &user, now).await?;
    state.storage.enable_totp(user.staff.id, now).await?;
    user.audit(&state, "two_step_enabled", None, "").await?;
    Ok(Json(RecoveryCodes { codes }))
}

/// A new set of recovery codes for the account, replacing any earlier set: kept only as keyed
/// hashes, so the codes returned here are the only time anyone sees them.
async fn issue_recovery_codes(
    state: &AppState,
    user: &StaffUser,
    now: i64,
) -> Result<Vec<String>, ApiError> {
    let keys = state.two_step_keys();
    let codes = new_recovery_codes();
    let hashes: Vec<Vec<u8>> = codes
        .iter()
        .map(|c| keys.recovery_hash(user.staff.id, c))
        .collect();
    state
        .storage
        .replace_recovery_codes(user.staff.id, &hashes, now)
        .await?;
    Ok(codes)
}

/// `POST /api/v1/staff/totp/recovery-codes`: a new set of recovery codes (needs the password);
/// the old set stops working.
#[utoipa::path(
    post,
    path = "/staff/totp/recovery-codes",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_totp_recovery_codes",
    summary = "Make a new set of recovery codes (needs the password); the old set stops working",
    request_body = PasswordConfirm,
    responses((status = 200, description = "The new recovery codes, shown once", body = RecoveryCodes)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn new_codes(
    School(state): School,
    AnyAccount(user): AnyAccount,
    ApiJson(req): ApiJson<PasswordConfirm>,
) -> Result<Json<RecoveryCodes>, ApiError> {
    if !user.staff.totp_enabled {
        return Err(ApiError::BadRequest(
            "recovery codes come with two-step sign-in: set it up first".into(),
        ));
    }
    check_password(&state, &user, &req.password).await?;
    let codes = issue_recovery_codes(&state, &user, now_ms()).await?;
    user.audit(&state, "recovery_codes_replaced", None, "")
        .await?;
    Ok(Json(RecoveryCodes { codes }))
}

/// `POST /api/v1/staff/totp/disable`: needs the password, and is refused for an account that
/// must use two-step sign-in.
#[utoipa::path(
    post,
    path = "/staff/totp/disable",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_totp_disable",
    summary = "Turn two-step sign-in off (needs the password; not for accounts that must use it)",
    request_body = TotpDisable,
    responses((status = 200, description = "Two-step sign-in is off", body = Object, example = json!({"enabled": false}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn disable(
    School(state): School,
    AnyAccount(user): AnyAccount,
    ApiJson(req): ApiJson<TotpDisable>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if two_step_required(&state, &user.staff).await? {
        return Err(ApiError::Forbidden(
            "this account must use two-step sign-in; to move it to a new phone, make new recovery codes or ask for a reset on the server",
        ));
    }
    check_password(&state, &user, &req.password).await?;
    state.storage.set_totp_secret(user.staff.id, None).await?;
    user.audit(&state, "two_step_disabled", None, "").await?;
    Ok(Json(serde_json::json!({ "enabled": false })))
}
