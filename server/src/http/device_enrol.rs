use axum::Json;
use kite_protocol::staff::{EnrolRequest, EnrolResponse};

use super::api_json::ApiJson;
use super::client::Client;
use crate::auth::device_token::{new_token, token_hash};
use crate::auth::enrolment::code_hash;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::School;
use crate::storage::{Actor, NewAudit, Redeemed, SystemTask};
use crate::validate::clean_text;

/// `POST /api/v1/device/enrol`: a tablet's /setup page exchanges a one-time enrolment code for
/// its own device token.
#[utoipa::path(
    post,
    path = "/device/enrol",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "device_enrol",
    summary = "Exchange an enrolment code for a device token",
    description = "Who may call it: anyone with a one-time enrolment code.",
    request_body = EnrolRequest,
    responses((status = 200, description = "The new device token", body = EnrolResponse)),
)]
pub async fn enrol(
    School(state): School,
    Client(client): Client,
    ApiJson(req): ApiJson<EnrolRequest>,
) -> Result<Json<EnrolResponse>, ApiError> {
    // The client's own bucket first: a client at its limit takes nothing from everyone's.
    state
        .limits
        .enrolment_per_client
        .check(&state.storage, &client)
        .await?;
    state
        .limits
        .enrolment
        .check(&state.storage, "server")
        .await?;
    let name = clean_text("the tablet's name", &req.name, 60, true)?.expect("required");
    let token = new_token();
    let now = now_ms();
    let outcome = state
        .storage
        .redeem_enrolment_code(&code_hash(&req.code), &name, &token_hash(&token), now)
        .await?;
    match outcome {
        Redeemed::Enrolled(device_id) => {
            state
                .storage
                .append_audit(NewAudit {
                    at_ms: now,
                    actor: Actor::System(SystemTask::TabletSetUp),
                    action: "device_enrolled",
                    report_id: None,
                    detail: &format!("device {device_id}: {name}"),
                })
                .await?;
            Ok(Json(EnrolResponse { token }))
        }
        Redeemed::Unknown => Err(ApiError::BadRequest(
            "that enrolment code isn't one the school server knows; check it, or ask the admin for a new one".into(),
        )),
        Redeemed::Used => Err(ApiError::BadRequest(
            "that enrolment code has already been used; ask the admin for a new one".into(),
        )),
        Redeemed::Expired => Err(ApiError::BadRequest(
            "that enrolment code has expired (codes last 30 minutes); ask the admin for a new one".into(),
        )),
    }
}
