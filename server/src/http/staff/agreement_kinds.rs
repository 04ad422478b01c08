//! The school's agreement kinds: everyone who works with pupils reads the list (the register
//! names them); an admin adds the school's own (a laptop agreement for KS2 pupils, an equipment
//! disclaimer for staff) and retires them. Versions are then written and published at
//! `/staff/agreements/{kind}` like the built-in kinds'.

use axum::Json;
use kite_protocol::agreement::{
    AgreementKindInfo, NewAgreementKind, RetireAgreementKind, MAX_KIND_NAME_CHARS,
};

use super::extract::{Admin, SchoolStaff};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::School;
use crate::storage::agreement_kinds::KindAdded;
use crate::validate::clean_text;

/// `GET /api/v1/staff/agreement-kinds`: every kind, retired ones too.
#[utoipa::path(
    get,
    path = "/staff/agreement-kinds",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_agreement_kinds",
    summary = "The agreements the school asks people to sign, and who signs each",
    responses((status = 200, description = "Built-in kinds first, then the school's own", body = Vec<AgreementKindInfo>)),
    security(("staff_session" = [])),
)]
pub async fn list(
    School(state): School,
    SchoolStaff(_user): SchoolStaff,
) -> Result<Json<Vec<AgreementKindInfo>>, ApiError> {
    Ok(Json(state.storage.agreement_kinds().await?))
}

/// `POST /api/v1/staff/agreement-kinds`: a kind of the school's own. No one is asked to sign it
/// until its first version is published.
#[utoipa::path(
    post,
    path = "/staff/agreement-kinds",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_add_agreement_kind",
    summary = "Add an agreement of the school's own",
    request_body = NewAgreementKind,
    responses(
        (status = 200, description = "The new kind", body = AgreementKindInfo),
        (status = 400, description = "A field is missing or doesn't fit who signs it"),
        (status = 409, description = "Another agreement has that name"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn add(
    School(state): School,
    Admin(user): Admin,
    ApiJson(mut req): ApiJson<NewAgreementKind>,
) -> Result<Json<AgreementKindInfo>, ApiError> {
    req.name = clean_text("the name", &req.name, MAX_KIND_NAME_CHARS, true)?.expect("required");
    req.validate()
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    match state
        .storage
        .add_agreement_kind(&req, user.staff.id, now_ms())
        .await?
    {
        KindAdded::Added(kind) => {
            user.audit(
                &state,
                "agreement_kind_added",
                None,
                &format!("{} ({})", kind.name, kind.kind),
            )
            .await?;
            Ok(Json(kind))
        }
        KindAdded::NameTaken => Err(ApiError::Conflict(format!(
            "There is already an agreement called \u{201c}{}\u{201d} (perhaps retired); please choose another name.",
            req.name
        ))),
    }
}

/// `POST /api/v1/staff/agreement-kinds/retire`: stop asking anyone to sign it; its versions and
/// signatures stay. The built-in kinds can't be retired.
#[utoipa::path(
    post,
    path = "/staff/agreement-kinds/retire",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_retire_agreement_kind",
    summary = "Stop asking people to sign one of the school's own agreements",
    request_body = RetireAgreementKind,
    responses(
        (status = 200, description = "Every kind, this one retired", body = Vec<AgreementKindInfo>),
        (status = 400, description = "Built in, not on the list, or retired already"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn retire(
    School(state): School,
    Admin(user): Admin,
    ApiJson(req): ApiJson<RetireAgreementKind>,
) -> Result<Json<Vec<AgreementKindInfo>>, ApiError> {
    if req.kind.is_built_in() {
        return Err(ApiError::BadRequest(format!(
            "The {} is one of Kite's own agreements and is always asked; publish a new version to change it.",
            req.kind.label()
        )));
    }
    if !state
        .storage
        .retire_agreement_kind(req.kind, user.staff.id, now_ms())
        .await?
    {
        return Err(ApiError::BadRequest(
            "that agreement isn't on the list, or is retired already; please reload the page"
                .into(),
        ));
    }
    user.audit(&state, "agreement_kind_retired", None, &req.kind.key())
        .await?;
    Ok(Json(state.storage.agreement_kinds().await?))
}
