//! A pupil's safeguarding record. The DSL finds a pupil by a few letters of their name, reads
//! their details and chronology (every view audited) and prints it (every print audited). The
//! details a record needs (full name, date of birth, year group, UPN, admission and leaving
//! dates) are typed by those who keep the class list (admins any class, teachers their own) and
//! by DSLs; nothing here reaches the kiosk, the register or a parent's letter.

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::Json;
use kite_protocol::pupil_record::{
    check_details, PupilDetails, PupilDetailsPage, PupilHit, PupilRecordPage, RecordPrinted,
};
use kite_protocol::staff::Role;
use serde::Deserialize;

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::classes::readable_class;
use crate::http::staff::extract::{Dsl, StaffUser};
use crate::http::{school_of, School};
use crate::ids::PupilId;
use crate::state::AppState;
use crate::storage::pupil_record::DetailsWrite;
use crate::storage::{ClassRecord, PupilRecord};

/// The most pupils one search answers with: a few letters narrow a school to a handful.
const MAX_HITS: i64 = 20;

/// The pupil named by the path's `{id}`, whose details the signed-in person may change: admins
/// and DSLs any pupil, teachers the pupils of classes they teach. Checked before the body is
/// read, so a refusal is always a 403.
pub struct DetailsEditor(pub StaffUser, pub PupilRecord, pub ClassRecord);

impl FromRequestParts<()> for DetailsEditor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        let user = StaffUser::from_request_parts(parts, &()).await?;
        if !matches!(user.staff.role, Role::Admin | Role::Teacher | Role::Dsl) {
            user.audit(state, "access_denied", None, "edit a pupil's details")
                .await?;
            return Err(ApiError::Forbidden(
                "a pupil's details are kept by admins, their teachers and the DSL",
            ));
        }
        let Path(id) = Path::<PupilId>::from_request_parts(parts, &())
            .await
            .map_err(|_| ApiError::NotFound)?;
        let pupil = state.storage.pupil(id).await?.ok_or(ApiError::NotFound)?;
        let class = readable_class(state, &user, pupil.class_id).await?;
        Ok(DetailsEditor(user, pupil, class))
    }
}

async fn details_page(
    state: &AppState,
    pupil: PupilRecord,
    class: ClassRecord,
) -> Result<PupilDetailsPage, ApiError> {
    let details = state
        .storage
        .pupil_details(pupil.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(PupilDetailsPage {
        id: pupil.id.into(),
        first_name: pupil.first_name,
        last_initial: pupil.last_initial,
        class_id: class.id.into(),
        class_name: class.name,
        details,
    })
}

/// `GET /api/v1/staff/pupils/{id}/details`: one pupil's details, for the edit form.
#[utoipa::path(
    get,
    path = "/staff/pupils/{id}/details",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_pupil_details",
    summary = "A pupil's record details (full name, date of birth, year group, UPN, dates)",
    params(("id" = i64, Path, description = "The pupil")),
    responses((status = 200, description = "The pupil's details", body = PupilDetailsPage)),
    security(("staff_session" = [])),
)]
pub async fn details(
    School(state): School,
    DetailsEditor(user, pupil, class): DetailsEditor,
) -> Result<Json<PupilDetailsPage>, ApiError> {
    user.audit(
        &state,
        "view_pupil_details",
        None,
        &format!("pupil {}", pupil.id),
    )
    .await?;
    Ok(Json(details_page(&state, pupil, class).await?))
}

/// `PUT /api/v1/staff/pupils/{id}/details`: the details as typed; an empty box clears its field.
#[utoipa::path(
    put,
    path = "/staff/pupils/{id}/details",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_pupil_set_details",
    summary = "Change a pupil's record details",
    params(("id" = i64, Path, description = "The pupil")),
    request_body = PupilDetails,
    responses((status = 200, description = "The pupil's details as they now are", body = PupilDetailsPage)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn set_details(
    School(state): School,
    DetailsEditor(user, pupil, class): DetailsEditor,
    ApiJson(req): ApiJson<PupilDetails>,
) -> Result<Json<PupilDetailsPage>, ApiError> {
    let details = check_details(&req).map_err(ApiError::BadRequest)?;
    state
        .storage
        .set_pupil_details(pupil.id, &details, DetailsWrite::Replace)
        .await?;
    user.audit(
        &state,
        "pupil_details_changed",
        None,
        &format!("pupil {} of {}", pupil.id, class.name),
    )
    .await?;
    Ok(Json(details_page(&state, pupil, class).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FindQuery {
    /// The first letters of the pupil's first or last name.
    q: Option<String>,
}

/// `GET /api/v1/staff/pupils?q=`: pupils whose name starts with the letters typed.
#[utoipa::path(
    get,
    path = "/staff/pupils",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_pupils_find",
    summary = "Find a pupil by the first letters of their name (DSL)",
    params(FindQuery),
    responses((status = 200, description = "Pupils whose name starts so, at most 20", body = Vec<PupilHit>)),
    security(("staff_session" = [])),
)]
pub async fn find(
    School(state): School,
    Dsl(_user): Dsl,
    Query(query): Query<FindQuery>,
) -> Result<Json<Vec<PupilHit>>, ApiError> {
    let q = query.q.as_deref().map(str::trim).unwrap_or("");
    if q.is_empty() {
        return Ok(Json(Vec::new()));
    }
    if q.chars().count() > 80 {
        return Err(ApiError::BadRequest(
            "type the first few letters of the pupil's name".into(),
        ));
    }
    Ok(Json(state.storage.find_pupil_records(q, MAX_HITS).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordQuery {
    /// `oldest` for oldest first; newest first otherwise.
    order: Option<String>,
}

async fn pupil_and_class(
    state: &AppState,
    id: PupilId,
) -> Result<(PupilRecord, ClassRecord), ApiError> {
    let pupil = state.storage.pupil(id).await?.ok_or(ApiError::NotFound)?;
    let class = state
        .storage
        .class(pupil.class_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((pupil, class))
}

/// `GET /api/v1/staff/pupils/{id}/record`: the child's details and chronology (DSL; audited).
#[utoipa::path(
    get,
    path = "/staff/pupils/{id}/record",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_pupil_record",
    summary = "A child's safeguarding record: details and chronology (DSL; every view audited)",
    params(("id" = i64, Path, description = "The pupil"), RecordQuery),
    responses((status = 200, description = "The child's record", body = PupilRecordPage)),
    security(("staff_session" = [])),
)]
pub async fn record(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<PupilId>,
    Query(query): Query<RecordQuery>,
) -> Result<Json<PupilRecordPage>, ApiError> {
    let (pupil, class) = pupil_and_class(&state, id).await?;
    user.audit(&state, "view_pupil_record", None, &format!("pupil {id}"))
        .await?;
    let mut chronology = state.storage.pupil_chronology(id, &class.name).await?;
    if query.order.as_deref() != Some("oldest") {
        chronology.reverse();
    }
    let details = state
        .storage
        .pupil_details(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(PupilRecordPage {
        id: id.into(),
        first_name: pupil.first_name,
        last_initial: pupil.last_initial,
        class_id: class.id.into(),
        class_name: class.name,
        left_at_ms: pupil.left_at_ms,
        details,
        school_name: state.storage.school_profile().await?.name,
        chronology,
        file_transfers: state.storage.file_transfers(id).await?,
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PrintQuery {
    /// `transfer` when the copy is the child protection file for the school they move to.
    purpose: Option<String>,
}

/// `POST /api/v1/staff/pupils/{id}/record/printed`: the DSL is printing the child's record (for
/// the school, or as the file for the school they move to); the print is audited and the answer
/// names who printed it and when, for the printed copy.
#[utoipa::path(
    post,
    path = "/staff/pupils/{id}/record/printed",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_pupil_record_printed",
    summary = "Record that a child's record is being printed, or printed as the file for their new school (DSL; audited)",
    params(("id" = i64, Path, description = "The pupil"), PrintQuery),
    responses((status = 200, description = "Who printed it and when", body = RecordPrinted)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn printed(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<PupilId>,
    Query(query): Query<PrintQuery>,
) -> Result<Json<RecordPrinted>, ApiError> {
    pupil_and_class(&state, id).await?;
    let action = match query.purpose.as_deref() {
        None => "print_pupil_record",
        Some("transfer") => "print_file_for_transfer",
        Some(_) => {
            return Err(ApiError::BadRequest(
                "purpose is `transfer` or left out".into(),
            ))
        }
    };
    user.audit(&state, action, None, &format!("pupil {id}"))
        .await?;
    Ok(Json(RecordPrinted {
        printed_by: user.staff.name.clone(),
        printed_at_ms: now_ms(),
    }))
}
