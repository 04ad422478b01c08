//! Kiosk tablets and their one-time enrolment codes, for the admin.

use axum::extract::Path;
use axum::Json;
use kite_protocol::staff::{DeviceRow, EnrolmentCode};

use crate::auth::enrolment::{self, code_hash, CODE_LIFETIME_MS};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::staff::extract::Admin;
use crate::http::School;
use crate::ids::DeviceId;

/// `GET /api/v1/staff/devices`.
#[utoipa::path(
    get,
    path = "/staff/devices",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_devices_list",
    summary = "The school's enrolled tablets",
    responses((status = 200, description = "Every tablet", body = Vec<DeviceRow>)),
    security(("staff_session" = [])),
)]
pub async fn list(
    School(state): School,
    Admin(user): Admin,
) -> Result<Json<Vec<DeviceRow>>, ApiError> {
    user.audit(&state, "list_devices", None, "").await?;
    Ok(Json(
        state
            .storage
            .list_devices()
            .await?
            .into_iter()
            .map(|d| DeviceRow {
                id: d.id.into(),
                name: d.name,
                created_at_ms: d.created_at_ms,
                last_seen_ms: d.last_seen_ms,
                revoked: d.revoked_at_ms.is_some(),
            })
            .collect(),
    ))
}

/// `POST /api/v1/staff/devices/{id}/revoke`: the tablet can't send any more; what it holds
/// stays on it until it is enrolled again.
#[utoipa::path(
    post,
    path = "/staff/devices/{id}/revoke",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_devices_revoke",
    summary = "Revoke a tablet's token",
    params(("id" = i64, Path, description = "The tablet")),
    responses((status = 200, description = "Revoked", body = Object, example = json!({"revoked": true}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn revoke(
    School(state): School,
    Admin(user): Admin,
    Path(id): Path<DeviceId>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !state.storage.revoke_device(id, now_ms()).await? {
        return Err(ApiError::NotFound);
    }
    user.audit(&state, "device_revoked", None, &format!("device {id}"))
        .await?;
    Ok(Json(serde_json::json!({ "revoked": true })))
}

/// `POST /api/v1/staff/enrolment-codes`: a one-time code, shown once.
#[utoipa::path(
    post,
    path = "/staff/enrolment-codes",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_enrolment_code",
    summary = "A one-time enrolment code for a tablet, shown once",
    responses((status = 200, description = "The code and when it expires", body = EnrolmentCode)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn new_code(
    School(state): School,
    Admin(user): Admin,
) -> Result<Json<EnrolmentCode>, ApiError> {
    let code = enrolment::new_code();
    let now = now_ms();
    let expires_at_ms = now + CODE_LIFETIME_MS;
    state
        .storage
        .create_enrolment_code(&code_hash(&code), user.staff.id, now, expires_at_ms)
        .await?;
    user.audit(&state, "enrolment_code_created", None, "")
        .await?;
    Ok(Json(EnrolmentCode {
        code,
        expires_at_ms,
    }))
}
