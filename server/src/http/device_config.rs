use axum::Json;
use kite_protocol::device::{DeviceConfig, HalfTermDays};
use kite_protocol::sealed::public_key_to_base64;

use crate::calendar::{self, iso_date, start_ms};
use crate::error::ApiError;
use crate::http::device_auth::AuthenticatedDevice;
use crate::http::School;

/// What an enrolled tablet needs to work offline: the key it seals items to, the profile it
/// shows pupils, and the school's half-terms (this school year's and next year's, by its own
/// term dates or the usual England pattern), so Learn and the presenter know which half-term's
/// lesson is due without asking. Asking for it with a token is also how `/setup` checks a
/// pasted token.
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
    School(state): School,
    AuthenticatedDevice(device): AuthenticatedDevice,
) -> Result<Json<DeviceConfig>, ApiError> {
    let profile = state.storage.school_profile().await?;
    let year = crate::school_days::school_year_of(calendar::date(crate::clock::now_ms()));
    let mut half_terms = Vec::new();
    for y in [year, year + 1] {
        let (dates, _) = state.storage.term_dates(y).await?;
        half_terms.extend(dates.half_terms.iter().map(|(first, last)| HalfTermDays {
            first: iso_date(start_ms(*first)),
            last: iso_date(start_ms(*last)),
        }));
    }
    Ok(Json(DeviceConfig {
        device_name: device.name,
        school_name: profile.name,
        public_key: public_key_to_base64(&state.secret_key.public_key()),
        trusted_adults: profile.trusted_adults,
        idle_timeout_secs: profile.idle_timeout_secs,
        half_terms,
    }))
}
