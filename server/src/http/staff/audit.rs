//! The audit trail, for the DSL. Reading it is itself audited.

use axum::extract::{Query, State};
use axum::Json;
use kite_protocol::staff::AuditPage;
use serde::Deserialize;

use crate::error::ApiError;
use crate::http::staff::extract::Dsl;
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Entries older than this id (the last one of the previous page).
    pub before: Option<i64>,
}

/// `GET /api/v1/staff/audit`: newest first, 200 at a time.
#[utoipa::path(
    get,
    path = "/staff/audit",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_audit",
    summary = "The audit log, newest first, 200 at a time",
    params(AuditQuery),
    responses((status = 200, description = "One page of the log", body = AuditPage)),
    security(("staff_session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    Dsl(user): Dsl,
    Query(q): Query<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    user.audit(&state, "view_audit", None, "").await?;
    let entries = state.storage.list_audit(200, q.before).await?;
    Ok(Json(AuditPage { entries }))
}
