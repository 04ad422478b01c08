//! Agreement versions (admin: list, publish the annual review) and the signed-in person's own
//! AUP (every staff account: read it, sign it with their typed full name).

use axum::extract::{Path, State};
use axum::Json;
use kite_protocol::agreement::{
    AgreementKind, AgreementVersion, MyAgreement, PublishAgreement, SignAgreement,
    MAX_SUMMARY_CHARS,
};

use crate::agreements::to_wire;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::{Admin, StaffUser};
use crate::state::AppState;
use crate::validate::clean_text;

/// `GET /api/v1/staff/agreements`: every version of every kind, newest first within a kind.
#[utoipa::path(
    get,
    path = "/staff/agreements",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_agreements_list",
    summary = "Every version of every agreement, newest first within a kind",
    responses((status = 200, description = "The versions", body = Vec<AgreementVersion>)),
    security(("staff_session" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    Admin(_user): Admin,
) -> Result<Json<Vec<AgreementVersion>>, ApiError> {
    let mut out = Vec::new();
    for kind in AgreementKind::ALL {
        for v in state.storage.agreement_versions(kind).await? {
            out.push(to_wire(v)?);
        }
    }
    Ok(Json(out))
}

/// `POST /api/v1/staff/agreements/{kind}`: publishes the next version. Everyone it applies to
/// then shows as needing to sign again.
#[utoipa::path(
    post,
    path = "/staff/agreements/{kind}",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_agreements_publish",
    summary = "Publish an agreement's next version",
    params(("kind" = AgreementKind, Path, description = "Which agreement")),
    request_body = PublishAgreement,
    responses((status = 200, description = "The published version", body = AgreementVersion)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn publish(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(kind): Path<String>,
    ApiJson(req): ApiJson<PublishAgreement>,
) -> Result<Json<AgreementVersion>, ApiError> {
    let kind = AgreementKind::parse(&kind).ok_or(ApiError::NotFound)?;
    req.content
        .validate_for(kind)
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let summary =
        clean_text("what changed", &req.summary, MAX_SUMMARY_CHARS, true)?.expect("required");
    let json = serde_json::to_string(&req.content).map_err(ApiError::internal)?;
    let v = state
        .storage
        .publish_agreement(kind, &json, &summary, Some(user.staff.id), now_ms())
        .await?;
    user.audit(
        &state,
        "agreement_published",
        None,
        &format!("{} version {}", kind.as_str(), v.version),
    )
    .await?;
    Ok(Json(to_wire(v)?))
}

async fn mine(state: &AppState, user: &StaffUser) -> Result<MyAgreement, ApiError> {
    let kind = state.storage.staff_agreement_kind(user.staff.id).await?;
    let current = state
        .storage
        .current_agreement(kind)
        .await?
        .ok_or(ApiError::NotFound)?;
    let signed_at_ms = state
        .storage
        .staff_signed_at(user.staff.id, current.id)
        .await?;
    Ok(MyAgreement {
        current: to_wire(current)?,
        signed_at_ms,
    })
}

/// `GET /api/v1/staff/agreement`: the AUP this person signs, and whether they have signed the
/// current version. The staff pages show it before anything else until they have.
#[utoipa::path(
    get,
    path = "/staff/agreement",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_my_agreement",
    summary = "The AUP this person signs, and whether they have signed its current version",
    responses((status = 200, description = "The agreement", body = MyAgreement)),
    security(("staff_session" = [])),
)]
pub async fn my_agreement(
    State(state): State<AppState>,
    user: StaffUser,
) -> Result<Json<MyAgreement>, ApiError> {
    Ok(Json(mine(&state, &user).await?))
}

/// `POST /api/v1/staff/agreement/sign`: signs the current version with the typed full name.
#[utoipa::path(
    post,
    path = "/staff/agreement/sign",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_agreement_sign",
    summary = "Sign the current version with the typed full name",
    request_body = SignAgreement,
    responses((status = 200, description = "The agreement, signed", body = MyAgreement)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn sign(
    State(state): State<AppState>,
    user: StaffUser,
    ApiJson(req): ApiJson<SignAgreement>,
) -> Result<Json<MyAgreement>, ApiError> {
    let current = mine(&state, &user).await?.current;
    if req.version_id != current.id {
        return Err(ApiError::Conflict(
            "a newer version was published while you were reading; reload to read it".into(),
        ));
    }
    let name = clean_text("your full name", &req.signed_name, 80, true)?.expect("required");
    if name.split_whitespace().count() < 2 {
        return Err(ApiError::BadRequest(
            "type your full name (first name and surname) to sign".into(),
        ));
    }
    let new = state
        .storage
        .sign_staff_agreement(user.staff.id, current.id, &name, now_ms())
        .await?;
    if new {
        user.audit(
            &state,
            "agreement_signed",
            None,
            &format!("{} version {}", current.kind.as_str(), current.version),
        )
        .await?;
    }
    Ok(Json(mine(&state, &user).await?))
}
