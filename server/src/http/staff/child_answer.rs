//! "Answer the child": the DSL's answer to an anonymous child who asked for one, seen on a
//! tablet with the child's picture code. An answer is a new entry in the record, never an edit;
//! a later answer is added beside the earlier one and is the one the child sees. It can be
//! seen for the days the school set when it was written, and then the code finds nothing.
//!
//! If the school wants it, a second DSL checks each answer before the child can see it: another
//! DSL than the writer approves it, or sends it back saying why, and the writer writes another.
//! The check is a new entry too, in the record's chronology with who and why.

use axum::extract::Path;
use axum::Json;
use kite_protocol::answer::{
    NewAnswerCheck, NewChildAnswer, MAX_ANSWER_CHARS, MAX_CHECK_REASON_CHARS,
};

use super::record_entry::{event, valid_id};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::Dsl;
use crate::http::School;
use crate::validate::clean_text;

/// `POST /api/v1/staff/reports/{id}/answer`
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/answer",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_answer_child",
    summary = "Answer the anonymous child who sent a report and asked for an answer",
    description = "Who may call it: DSL. The child sees the answer on any of the school's tablets \
                   with their picture code, for the days the school set (14 unless changed), once \
                   a second DSL has approved it if the school wants that. Write it so that any \
                   child could read it: no details of the report, no names, and end with who to go to.",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    request_body = NewChildAnswer,
    responses(
        (status = 200, description = "Recorded", body = Object, example = json!({"recorded": true, "id": 12})),
        (status = 400, description = "The child did not ask for an answer, or the message is empty or too long", body = kite_protocol::device::ApiError),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn answer(
    School(state): School,
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
    let id_written = state
        .storage
        .answer_child(&id, (user.staff.id, &user.staff.name), now_ms(), &message)
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

/// `POST /api/v1/staff/reports/{id}/answers/{answer}/check`
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/answers/{answer}/check",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_answer_check",
    summary = "A second DSL approves an answer to a child, or sends it back saying why",
    description = "Who may call it: a DSL other than the one who wrote the answer, when the school \
                   wants answers checked. Approved, the child can see it; sent back, it is never \
                   shown and the writer writes another. Each answer is checked once.",
    params(
        ("id" = String, Path, description = "The report id (a UUID)"),
        ("answer" = i64, Path, description = "The answer, from the record's `answers`"),
    ),
    request_body = NewAnswerCheck,
    responses(
        (status = 200, description = "Recorded", body = Object, example = json!({"recorded": true, "id": 14})),
        (status = 400, description = "Sent back without a reason, or the reason too long", body = kite_protocol::device::ApiError),
        (status = 403, description = "The answer is the caller's own", body = kite_protocol::device::ApiError),
        (status = 409, description = "The answer needs no check, or was checked already", body = kite_protocol::device::ApiError),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn check(
    School(state): School,
    Dsl(user): Dsl,
    Path((id, answer)): Path<(String, i64)>,
    ApiJson(c): ApiJson<NewAnswerCheck>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    // A reason is what a sent-back answer carries to its writer; an approval needs none.
    let reason = if c.approved {
        None
    } else {
        clean_text(
            "the reason for sending it back",
            c.reason.as_deref().unwrap_or(""),
            MAX_CHECK_REASON_CHARS,
            true,
        )?
    };
    let written = state
        .storage
        .answer_to_be_checked(&id, answer)
        .await?
        .ok_or(ApiError::NotFound)?;
    if written.written_by == user.staff.id {
        user.audit(
            &state,
            "access_denied",
            Some(&id),
            &format!("check their own answer {answer}"),
        )
        .await?;
        return Err(ApiError::Forbidden(
            "another DSL must check an answer you wrote",
        ));
    }
    if !written.needs_check {
        return Err(ApiError::Conflict(
            "this answer was written without needing a check".into(),
        ));
    }
    if written.checked {
        return Err(ApiError::Conflict(
            "this answer has been checked already".into(),
        ));
    }
    let detail = match &reason {
        None => "Checked the answer to the child: approved, the child can see it".to_string(),
        Some(why) => format!("Checked the answer to the child: sent back, because {why}"),
    };
    let entry = event(&user, "child_answer_checked", None, detail);
    let id_written = state
        .storage
        .add_answer_check(&id, answer, &entry, c.approved, reason.as_deref())
        .await?
        .ok_or(ApiError::NotFound)?;
    user.audit(
        &state,
        "report_child_answer_checked",
        Some(&id),
        &format!(
            "answer {answer} {}, entry {id_written}",
            if c.approved { "approved" } else { "sent back" }
        ),
    )
    .await?;
    Ok(Json(
        serde_json::json!({ "recorded": true, "id": id_written }),
    ))
}
