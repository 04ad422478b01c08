//! A parent's concern, to the DSL's inbox. It is a row of `reports` (source `parent`), so the
//! DSL triages it, records actions and closes it exactly as a pupil's report, and it is audited
//! the same way. Teachers and admins can't read it: the inbox is the DSL's only. The parent
//! doesn't mark it urgent (the DSL triages, and the page says a child in danger now is 999);
//! a few a day per session and per child's letters, so one letter's code can't bury the inbox.
//!
//! Not anonymous by default: the parent's name and contact and the child's name and class go
//! with it unless the parent chooses to stay anonymous, when none of them is kept, and nothing
//! the DSL reads ties it to the parent's sign-in: it is dated to the day only, no line in the
//! audit log places it among the parent's own lines, and it doesn't mark the session as used.

use axum::Json;
use kite_protocol::parents::{
    ConcernRequest, ParentConcern, MAX_CONCERN_CHARS, MAX_CONTACT_CHARS, MAX_PARENT_NAME_CHARS,
};

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::parents::audit::{audit, start_of_day};
use crate::http::parents::extract::QuietParent;
use crate::http::School;
use crate::validate::clean_text;

/// `POST /api/v1/parents/concern`.
#[utoipa::path(
    post,
    path = "/parents/concern",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_concern",
    params(crate::http::parents::extract::ChildChoice),
    request_body = ConcernRequest,
    responses(
        (status = 200, description = "Received", body = Object, example = json!({"received": true})),
        (status = 429, description = "Enough concerns from this session or this child's letters today: what to do instead, and when more can be sent", body = kite_protocol::device::ApiError),
    ),
    security(("parent_session" = [], "csrf_token" = [])),
)]
pub async fn raise(
    School(state): School,
    QuietParent(parent): QuietParent,
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
    // Counted once the concern is worth storing (a typo in the form costs nothing).
    let session_key: String = parent
        .session_sha256
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    state
        .limits
        .parent_concerns_per_session
        .take(&state.storage, &session_key, 1.0, ENOUGH_TODAY)
        .await?;
    state
        .limits
        .parent_concerns_per_child
        .take(
            &state.storage,
            &parent.child.pupil_id.to_string(),
            1.0,
            ENOUGH_TODAY,
        )
        .await?;
    let now = if req.anonymous {
        start_of_day(now_ms())
    } else {
        now_ms()
    };
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
        .store_parent_concern(id, false, &payload, now)
        .await?;
    // An anonymous concern has no line of its own: even without the child's id, its place
    // among the parents' lines (just after this parent's sign-in) would say whose it is. Its
    // row in the inbox is the record that it came, and the DSL's reading it is logged.
    if !req.anonymous {
        let id = id.to_string();
        audit(
            &state,
            Some(parent.child.pupil_id),
            "parent_concern",
            Some(&id),
            "",
        )
        .await?;
    }
    Ok(Json(serde_json::json!({ "received": true })))
}

const ENOUGH_TODAY: &str = "you have sent the school several messages today, so they have them all: you can send more tomorrow. If something has changed or it can't wait, please phone the school office, and if a child is in danger now, call 999. What you wrote is still here";
