//! A parent's concern, to the DSL's inbox. It is a row of `reports` (source `parent`), so the
//! DSL triages it, records actions and closes it exactly as a pupil's report, it is audited the
//! same way, and an urgent one alerts the DSLs like an urgent pupil report. Teachers and admins
//! can't read it: the inbox is the DSL's only.
//!
//! Not anonymous by default: the parent's name and contact and the child's name and class go
//! with it unless the parent chooses to stay anonymous, when none of them is kept.

use axum::extract::State;
use axum::Json;
use kite_protocol::parents::{
    ConcernRequest, ParentConcern, MAX_CONCERN_CHARS, MAX_CONTACT_CHARS, MAX_PARENT_NAME_CHARS,
};

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::parents::audit::audit;
use crate::http::parents::extract::ParentUser;
use crate::state::AppState;
use crate::validate::clean_text;

/// `POST /api/v1/parents/concern`.
#[utoipa::path(
    post,
    path = "/parents/concern",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_concern",
    request_body = ConcernRequest,
    responses((status = 200, description = "Received", body = Object, example = json!({"received": true}))),
    security(("parent_session" = [], "csrf_token" = [])),
)]
pub async fn raise(
    State(state): State<AppState>,
    parent: ParentUser,
    ApiJson(req): ApiJson<ConcernRequest>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let text = clean_text("your concern", &req.text, MAX_CONCERN_CHARS, true)?.expect("required");
    let (parent_name, contact, child) = if req.anonymous {
        (None, None, None)
    } else {
        let name = clean_text("your name", &req.parent_name, MAX_PARENT_NAME_CHARS, true)?;
        let contact = clean_text("how to reach you", &req.contact, MAX_CONTACT_CHARS, false)?;
        let c = &parent.child;
        let child = format!("{} {}., {}", c.first_name, c.last_initial, c.class.name);
        (name, contact, Some(child))
    };
    let now = now_ms();
    let concern = ParentConcern {
        text,
        parent_name,
        contact,
        child,
        anonymous: req.anonymous,
        made_at_ms: now,
    };
    let id = uuid::Uuid::new_v4();
    let payload = serde_json::to_string(&concern).map_err(ApiError::internal)?;
    state
        .storage
        .store_parent_concern(id, req.urgent, &payload, now)
        .await?;
    // An anonymous concern is not tied to the child in the log either.
    let pupil_id = (!req.anonymous).then_some(parent.child.pupil_id);
    let id = id.to_string();
    audit(&state, pupil_id, "parent_concern", Some(&id), "").await?;
    Ok(Json(serde_json::json!({ "received": true })))
}
