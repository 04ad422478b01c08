//! Linking a record to a child (DSL only): a pupil's report or a parent's concern reaches a
//! child's chronology only when the DSL links it, with the child's part in it and a reason; an
//! anonymous pupil's report stays anonymous until then. Every link is audited.

use axum::extract::Path;
use axum::Json;
use kite_protocol::pupil_record::{LinkPupil, LinkedPupil, MAX_LINK_REASON_CHARS};

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::Dsl;
use crate::http::School;
use crate::ids::PupilId;
use crate::storage::pupil_record::record_name;
use crate::validate::clean_text;

/// `POST /api/v1/staff/reports/{id}/pupils`: link the record to a child, with a reason.
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/pupils",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_link_pupil",
    summary = "Link a record to a child, with their part in it and a reason (DSL; audited)",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    request_body = LinkPupil,
    responses((status = 200, description = "The children the record is now linked to", body = Vec<LinkedPupil>)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn link(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<LinkPupil>,
) -> Result<Json<Vec<LinkedPupil>>, ApiError> {
    uuid::Uuid::parse_str(&id).map_err(|_| ApiError::NotFound)?;
    state.storage.report(&id).await?.ok_or(ApiError::NotFound)?;
    let pupil_id = PupilId(req.pupil_id);
    let pupil = state.storage.pupil(pupil_id).await?.ok_or_else(|| {
        ApiError::BadRequest("that pupil is not on the school's roll; find them again".into())
    })?;
    let reason = clean_text(
        "the reason for linking",
        &req.reason,
        MAX_LINK_REASON_CHARS,
        true,
    )?
    .unwrap_or_default();
    let linked = state
        .storage
        .link_report_pupil(
            &id,
            pupil_id,
            req.involvement,
            user.staff.id,
            Some(&reason),
            now_ms(),
        )
        .await?;
    if !linked {
        let details = state.storage.pupil_details(pupil_id).await?;
        let name = record_name(
            &pupil.first_name,
            &pupil.last_initial,
            details.as_ref().and_then(|d| d.last_name.as_deref()),
        );
        return Err(ApiError::Conflict(format!(
            "{name} is already linked to this record"
        )));
    }
    user.audit(
        &state,
        "link_report_pupil",
        Some(&id),
        &format!("pupil {pupil_id} as {}", req.involvement.as_str()),
    )
    .await?;
    Ok(Json(state.storage.linked_pupils(&id).await?))
}
