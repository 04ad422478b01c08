//! `POST /api/v1/device/answer`: a child on one of the school's tablets taps their four pictures
//! to see whether the DSL has answered. Asked over the tablet's token, so a code means something
//! only on the school's own tablets, and answered the same way whether the code is wrong, from
//! another school, not answered yet or expired: a guesser learns nothing. Nothing about the
//! asking is stored but the tablet's count of tries.

use axum::Json;
use kite_protocol::answer::{AnswerAsk, AnswerReply};

use super::api_json::ApiJson;
use crate::answer_codes::{code_hash, reply_ticket};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::device_auth::AuthenticatedDevice;
use crate::http::School;

#[utoipa::path(
    post,
    path = "/device/answer",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "device_answer",
    summary = "A child's picture code: the answer written for them, or none",
    description = "Who may call it: tablet (device token). Each try that finds no answer counts \
                   against the tablet's limit (5 a minute).",
    request_body = AnswerAsk,
    responses(
        (status = 200, description = "The answer, or `null` for no answer (wrong, expired and unanswered codes alike); with an answer, the ticket a reply to it carries", body = AnswerReply),
        (status = 429, description = "Too many tries from this tablet: wait for Retry-After", body = kite_protocol::device::ApiError),
    ),
    security(("device_token" = [])),
)]
pub async fn ask(
    School(state): School,
    AuthenticatedDevice(device): AuthenticatedDevice,
    ApiJson(ask): ApiJson<AnswerAsk>,
) -> Result<Json<AnswerReply>, ApiError> {
    let tablet = device.id.to_string();
    let tries = &state.limits.answer_tries;
    // A tablet out of tries is refused before the code is looked at, so a right code can't be
    // told from a wrong one by trying more.
    if !tries.has_token(&state.storage, &tablet).await? {
        tries.check(&state.storage, &tablet).await?;
    }
    ask.code
        .validate()
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let hash = code_hash(&state.secret_key, &ask.code);
    let answer = state.storage.answer_for_code(&hash, now_ms()).await?;
    if answer.is_none() {
        tries.check(&state.storage, &tablet).await?;
    }
    // The child may answer back: their reply carries this, never the code.
    let reply_ticket = answer
        .is_some()
        .then(|| reply_ticket(&state.secret_key, &hash));
    Ok(Json(AnswerReply {
        answer,
        reply_ticket,
    }))
}
