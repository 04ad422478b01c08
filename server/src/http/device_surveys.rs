//! The pupils' surveys a kiosk offers: those for the band the tablet is set up for, open today.
//! The tablet caches them so pupils can answer while the Wi-Fi is down; the answers go back
//! through its outbox (`ItemKind::SurveyAnswer`).

use axum::extract::Query;
use axum::Json;
use kite_protocol::survey::{Audience, Survey};
use kite_protocol::Band;
use serde::Deserialize;

use crate::error::ApiError;
use crate::http::device_auth::AuthenticatedDevice;
use crate::http::School;
use crate::surveys::today;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForBand {
    /// The band the tablet is set up for: `eyfs`, `ks1` or `ks2`.
    band: Band,
}

/// `GET /api/v1/device/surveys?band=`.
#[utoipa::path(
    get,
    path = "/device/surveys",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "device_surveys",
    summary = "The pupils' surveys open today for one band",
    description = "Who may call it: tablet (device token).",
    params(ForBand),
    responses((status = 200, description = "The surveys", body = Vec<Survey>)),
    security(("device_token" = [])),
)]
pub async fn surveys(
    School(state): School,
    AuthenticatedDevice(_device): AuthenticatedDevice,
    Query(ForBand { band }): Query<ForBand>,
) -> Result<Json<Vec<Survey>>, ApiError> {
    Ok(Json(
        state
            .storage
            .open_surveys(Audience::of_band(band), &today())
            .await?,
    ))
}
