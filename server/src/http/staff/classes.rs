//! Classes and their pupils, for admins and teachers: create a class, assign its teachers, import
//! a class list (CSV) or type pupils in, mark a pupil as left.
//!
//! Who may change what: an admin, any class; a teacher, the classes they teach. A teacher who
//! creates a class (by hand or by importing a list that names a new class) becomes its teacher,
//! so a teacher can set up their own class without waiting for the admin. DSLs read registers
//! but don't edit class lists.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::Json;
use kite_protocol::class_years::{check_class_years, class_years_band, class_years_label};
use kite_protocol::classes::{
    check_class_name, check_pupil_name, ClassSummary, ClassTeacher, ClassTeachers, ClassYears,
    NewClass, NewPupil,
};
use kite_protocol::staff::Role;

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::{Admin, SchoolStaff, StaffUser};
use crate::http::{school_of, School};
use crate::ids::{ClassId, PupilId, StaffId};
use crate::state::AppState;
use crate::storage::ClassRecord;

/// The largest class list accepted (a whole school is far smaller).
pub const MAX_IMPORT_BYTES: usize = 512 * 1024;

pub(crate) fn summary(c: ClassRecord) -> ClassSummary {
    ClassSummary {
        id: c.id.into(),
        name: c.name,
        band: c.band,
        years: c.years,
        teachers: c
            .teachers
            .into_iter()
            .map(|(id, name)| ClassTeacher {
                id: id.into(),
                name,
            })
            .collect(),
        pupils: c.pupils,
    }
}

async fn refuse(state: &AppState, user: &StaffUser, what: &str, why: &'static str) -> ApiError {
    if let Err(e) = user.audit(state, "access_denied", None, what).await {
        return e;
    }
    ApiError::Forbidden(why)
}

/// A class the signed-in person may read: admins and DSLs any, teachers their own. An unknown
/// class is a 404 for everyone, so the answer never depends on whose class it is.
pub(crate) async fn readable_class(
    state: &AppState,
    user: &StaffUser,
    id: ClassId,
) -> Result<ClassRecord, ApiError> {
    // Governors and other staff are refused whether or not the class exists.
    if !user.staff.role.works_with_pupils() {
        return Err(refuse(
            state,
            user,
            &format!("class {id}"),
            "only DSLs, teachers and admins see classes and pupils",
        )
        .await);
    }
    let class = state.storage.class(id).await?.ok_or(ApiError::NotFound)?;
    if user.staff.role == Role::Teacher && !class.taught_by(user.staff.id) {
        return Err(refuse(
            state,
            user,
            &format!("class {}", class.name),
            "teachers see the classes they teach; ask an admin to add you to this class",
        )
        .await);
    }
    Ok(class)
}

/// Refuses DSLs and governors before anything else: class lists are kept by admins and teachers.
async fn editor(state: &AppState, user: &StaffUser) -> Result<(), ApiError> {
    if !matches!(user.staff.role, Role::Admin | Role::Teacher) {
        return Err(refuse(
            state,
            user,
            "edit class lists",
            "class lists are kept by admins and teachers",
        )
        .await);
    }
    Ok(())
}

/// An admin or teacher (DSLs refused), checked before the request body is read so a refusal is
/// always a 403, whatever was sent.
pub struct Editor(pub StaffUser);

impl FromRequestParts<()> for Editor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        let user = StaffUser::from_request_parts(parts, &()).await?;
        editor(state, &user).await?;
        Ok(Editor(user))
    }
}

/// The class named by the path's `{id}`, which the signed-in person may change; checked before
/// the body is read.
pub struct EditableClass(pub StaffUser, pub ClassRecord);

impl FromRequestParts<()> for EditableClass {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        let Editor(user) = Editor::from_request_parts(parts, &()).await?;
        let Path(id) = Path::<ClassId>::from_request_parts(parts, &())
            .await
            .map_err(|_| ApiError::NotFound)?;
        let class = readable_class(state, &user, id).await?;
        Ok(EditableClass(user, class))
    }
}

/// `GET /api/v1/staff/classes`: admins and DSLs see every class; teachers the ones they teach.
#[utoipa::path(
    get,
    path = "/staff/classes",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_classes_list",
    summary = "Classes: every class for admins and DSLs, their own for teachers",
    responses((status = 200, description = "The classes", body = Vec<ClassSummary>)),
    security(("staff_session" = [])),
)]
pub async fn list(
    School(state): School,
    SchoolStaff(user): SchoolStaff,
) -> Result<Json<Vec<ClassSummary>>, ApiError> {
    let classes = state.storage.list_classes().await?;
    Ok(Json(
        classes
            .into_iter()
            .filter(|c| user.staff.role != Role::Teacher || c.taught_by(user.staff.id))
            .map(summary)
            .collect(),
    ))
}

/// `POST /api/v1/staff/classes`.
#[utoipa::path(
    post,
    path = "/staff/classes",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_classes_create",
    summary = "Make a class",
    request_body = NewClass,
    responses((status = 200, description = "The new class", body = ClassSummary)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn create(
    School(state): School,
    Editor(user): Editor,
    ApiJson(req): ApiJson<NewClass>,
) -> Result<Json<ClassSummary>, ApiError> {
    let name = check_class_name(&req.name).map_err(ApiError::BadRequest)?;
    let years = check_class_years(&req.years).map_err(ApiError::BadRequest)?;
    let band = match (req.band, class_years_band(&years)) {
        (Some(given), Some(of_years)) if given != of_years => {
            return Err(ApiError::BadRequest(format!(
                "{} is taught as {}, not {}; choose the year group again or leave the band out",
                class_years_label(&years),
                of_years.label(),
                given.label()
            )))
        }
        (_, Some(band)) | (Some(band), None) => band,
        (None, None) => {
            return Err(ApiError::BadRequest(
                "choose the class's year group (or, if it isn't known, its band)".into(),
            ))
        }
    };
    let id = state
        .storage
        .create_class_of_years(&name, band, &years, now_ms())
        .await?
        .ok_or_else(|| ApiError::Conflict(format!("there is already a class called {name}")))?;
    if user.staff.role == Role::Teacher {
        state.storage.add_class_teacher(id, user.staff.id).await?;
    }
    user.audit(&state, "class_created", None, &name).await?;
    let class = state.storage.class(id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(summary(class)))
}

/// `PUT /api/v1/staff/classes/{id}/teachers`: who teaches the class (admin only).
#[utoipa::path(
    put,
    path = "/staff/classes/{id}/teachers",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_class_set_teachers",
    summary = "Who teaches a class",
    params(("id" = i64, Path, description = "The class")),
    request_body = ClassTeachers,
    responses((status = 200, description = "The class as it now is", body = ClassSummary)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn set_teachers(
    School(state): School,
    Admin(user): Admin,
    Path(id): Path<ClassId>,
    ApiJson(req): ApiJson<ClassTeachers>,
) -> Result<Json<ClassSummary>, ApiError> {
    let class = state.storage.class(id).await?.ok_or(ApiError::NotFound)?;
    for staff_id in &req.staff_ids {
        let who = state.storage.staff_by_id(StaffId(*staff_id)).await?;
        if !who.is_some_and(|s| s.role == Role::Teacher) {
            return Err(ApiError::BadRequest(format!(
                "account {staff_id} is not a teacher's account"
            )));
        }
    }
    let staff_ids: Vec<StaffId> = req.staff_ids.iter().copied().map(StaffId).collect();
    state.storage.set_class_teachers(id, &staff_ids).await?;
    user.audit(&state, "class_teachers_set", None, &class.name)
        .await?;
    let class = state.storage.class(id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(summary(class)))
}

/// `PUT /api/v1/staff/classes/{id}/years`: the year group(s) the class is taught as (one, or
/// two for a mixed class); its band follows the youngest. Admins any class, teachers their own.
#[utoipa::path(
    put,
    path = "/staff/classes/{id}/years",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_class_set_years",
    summary = "A class's year group (one, or two for a mixed class such as Year 3/4)",
    params(("id" = i64, Path, description = "The class")),
    request_body = ClassYears,
    responses((status = 200, description = "The class as it now is", body = ClassSummary)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn set_years(
    School(state): School,
    EditableClass(user, class): EditableClass,
    ApiJson(req): ApiJson<ClassYears>,
) -> Result<Json<ClassSummary>, ApiError> {
    let years = check_class_years(&req.years).map_err(ApiError::BadRequest)?;
    if years.is_empty() {
        return Err(ApiError::BadRequest(
            "choose the class's year group: one year, or two for a mixed class".into(),
        ));
    }
    state.storage.set_class_years(class.id, &years).await?;
    user.audit(
        &state,
        "class_years_set",
        None,
        &format!("{}: {}", class.name, class_years_label(&years)),
    )
    .await?;
    let class = state
        .storage
        .class(class.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(summary(class)))
}

/// `POST /api/v1/staff/classes/{id}/pupils`: one pupil typed in, checked as an imported row is.
#[utoipa::path(
    post,
    path = "/staff/classes/{id}/pupils",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_class_add_pupil",
    summary = "Add one pupil to a class",
    params(("id" = i64, Path, description = "The class")),
    request_body = NewPupil,
    responses((status = 200, description = "The class as it now is", body = ClassSummary)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn add_pupil(
    School(state): School,
    EditableClass(user, class): EditableClass,
    ApiJson(req): ApiJson<NewPupil>,
) -> Result<Json<ClassSummary>, ApiError> {
    let name =
        check_pupil_name(&req.first_name, &req.last_initial).map_err(ApiError::BadRequest)?;
    let added = state
        .storage
        .add_pupils(class.id, std::slice::from_ref(&name), now_ms())
        .await?;
    if added.first().copied().flatten().is_none() {
        return Err(ApiError::Conflict(format!(
            "{} {}. is already in {}",
            name.first_name, name.last_initial, class.name
        )));
    }
    user.audit(&state, "pupil_added", None, &class.name).await?;
    let class = state
        .storage
        .class(class.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(summary(class)))
}

/// `POST /api/v1/staff/pupils/{id}/left`: off the kiosk list, kept in the register's history.
#[utoipa::path(
    post,
    path = "/staff/pupils/{id}/left",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_pupil_left",
    summary = "Mark a pupil as having left (kept in the register's history)",
    params(("id" = i64, Path, description = "The pupil")),
    responses((status = 200, description = "Marked as left; changed is false if they already had", body = Object, example = json!({"left": true, "changed": true}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn mark_left(
    School(state): School,
    Editor(user): Editor,
    Path(id): Path<PupilId>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let pupil = state.storage.pupil(id).await?.ok_or(ApiError::NotFound)?;
    let class = readable_class(&state, &user, pupil.class_id).await?;
    let changed = state.storage.mark_pupil_left(id, now_ms()).await?;
    user.audit(
        &state,
        "pupil_left",
        None,
        &format!("pupil {id} of {}", class.name),
    )
    .await?;
    Ok(Json(
        serde_json::json!({ "left": true, "changed": changed }),
    ))
}
