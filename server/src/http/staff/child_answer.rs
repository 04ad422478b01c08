//! "Answer the child": the DSL's answer to an anonymous child who asked for one, seen on a
//! tablet with the child's picture code. An answer is a new entry in the record, never an edit;
//! a later answer is added beside the earlier one and is the one the child sees. It can be
//! seen for [`ANSWER_DAYS`] days, and then the code finds nothing.

use axum::extract::{Path, State};
use axum::Json;
use kite_protocol::answer::{NewChildAnswer, ANSWER_DAYS, MAX_ANSWER_CHARS};

use super::record_entry::{event, valid_id};
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::Dsl;
use crate::state::AppState;
use crate::validate::clean_text;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// `POST /api/v1/staff/reports/{id}/answer`
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/answer",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_answer_child",
    summary = "Answer the anonymous child who sent a report and asked for an answer",
    description = "Who may call it: DSL. The child sees the answer on any of the school's tablets \
                   with their picture code, for 14 days. Write it so that any child could read it: \
                   no details of the report, no names, and end with who to go to.",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    request_body = NewChildAnswer,
    responses(
        (status = 200, description = "Recorded", body = Object, example = json!({"recorded": true, "id": 12})),
        (status = 400, description = "The child did not ask for an answer, or the message is empty or too long", body = kite_protocol::device::ApiError),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn answer(
    State(state): State<AppState>,
    Dsl(user): Dsl,
    Path(id): Path<String>,
    ApiJson(a): ApiJson<NewChildAnswer>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    let message = clean_text("the answer", &a.message, MAX_ANSWER_CHARS, true)?.expect("required");
    if state.storage.report(&id).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    if !state.storage.report_wants_answer(&id).await? {
        return Err(ApiError::BadRequest(
            "the child who sent this did not ask for an answer".into(),
        ));
    }
    let entry = event(
        &user,
        "child_answered",
        None,
        format!("Answered the child: {message}"),
    );
    let expires_at_ms = entry.at_ms + ANSWER_DAYS * DAY_MS;
    let id_written = state
        .storage
        .add_child_answer(&id, &entry, &message, expires_at_ms)
        .await?
        .ok_or(ApiError::NotFound)?;
    user.audit(
        &state,
        "report_child_answered",
        Some(&id),
        &format!("entry {id_written}"),
    )
    .await?;
    Ok(Json(
        serde_json::json!({ "recorded": true, "id": id_written }),
    ))
}
