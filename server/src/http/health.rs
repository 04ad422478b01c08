use axum::extract::State;
use axum::Json;
use kite_protocol::device::Health;

use crate::error::ApiError;
use crate::state::AppState;

/// Up, and the database answers.
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.storage.health().await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        database: "ok".into(),
    }))
}
