use axum::extract::State;
use axum::Json;
use kite_protocol::device::Health;

use crate::error::ApiError;
use crate::state::AppState;

/// Up, and the database answers.
#[utoipa::path(
    get,
    path = "/health",
    tag = crate::http::openapi::TAG_SERVER,
    operation_id = "health",
    summary = "Up, and the database answers",
    description = "Who may call it: anyone.",
    responses((status = 200, description = "Up; the database answers", body = Health)),
)]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.storage.health().await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        database: "ok".into(),
    }))
}
