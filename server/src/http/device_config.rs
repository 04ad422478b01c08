use axum::extract::State;
use axum::Json;
use kite_protocol::device::DeviceConfig;
use kite_protocol::sealed::public_key_to_base64;

use crate::error::ApiError;
use crate::http::device_auth::AuthenticatedDevice;
use crate::state::AppState;

/// What an enrolled tablet needs to work offline: the key it seals items to and the profile it
/// shows pupils. Asking for it with a token is also how `/setup` checks a pasted token.
#[utoipa::path(
    get,
    path = "/device/config",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "device_config",
    summary = "The school's key and profile, for an enrolled tablet",
    description = "Who may call it: tablet (device token).",
    responses((status = 200, description = "The school's public key and profile", body = DeviceConfig)),
    security(("device_token" = [])),
)]
pub async fn device_config(
    State(state): State<AppState>,
    AuthenticatedDevice(device): AuthenticatedDevice,
) -> Result<Json<DeviceConfig>, ApiError> {
    let profile = state.storage.school_profile().await?;
    Ok(Json(DeviceConfig {
        device_name: device.name,
        school_name: profile.name,
        public_key: public_key_to_base64(&state.secret_key.public_key()),
        trusted_adults: profile.trusted_adults,
        idle_timeout_secs: profile.idle_timeout_secs,
    }))
}
