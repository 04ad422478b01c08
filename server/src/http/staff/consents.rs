//! The school's consent uses (an admin adds and retires them) and answers handed in on paper:
//! a consent form or a co-signed agreement a parent returned to the office, recorded by anyone
//! who may read that class's register. A paper answer counts exactly as an online one; the
//! history keeps who typed it in and the date on the form, and the newest answer holds.

use axum::extract::Path;
use axum::Json;
use kite_protocol::agreement::AgreementKind;
use kite_protocol::consent::{
    key_for, ConsentUse, NewConsentUse, PaperCoSignature, PaperConsent, RetireConsentUse,
    MAX_USE_EXPLANATION_CHARS, MAX_USE_NAME_CHARS,
};
use kite_protocol::parents::MAX_PARENT_NAME_CHARS;
use kite_protocol::register::ClassRegister;

use super::classes::readable_class;
use super::extract::{Admin, SchoolStaff, StaffUser};
use crate::calendar::{parse_iso, start_ms};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::School;
use crate::ids::{ClassId, PupilId};
use crate::state::AppState;
use crate::storage::classes::PupilRecord;
use crate::storage::consents::NewConsent;
use crate::validate::clean_text;

/// `GET /api/v1/staff/consent-uses`: every use, retired ones too.
#[utoipa::path(
    get,
    path = "/staff/consent-uses",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_consent_uses",
    summary = "The uses the school asks parents' consent for",
    responses((status = 200, description = "Every use, in the school's order", body = Vec<ConsentUse>)),
    security(("staff_session" = [])),
)]
pub async fn list(
    School(state): School,
    SchoolStaff(_user): SchoolStaff,
) -> Result<Json<Vec<ConsentUse>>, ApiError> {
    Ok(Json(state.storage.consent_uses().await?))
}

/// `POST /api/v1/staff/consent-uses`: a new use, asked of every family from now on.
#[utoipa::path(
    post,
    path = "/staff/consent-uses",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_add_consent_use",
    summary = "Add a use to ask parents' consent for",
    request_body = NewConsentUse,
    responses((status = 200, description = "Every use, the new one last", body = Vec<ConsentUse>)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn add(
    School(state): School,
    Admin(user): Admin,
    ApiJson(req): ApiJson<NewConsentUse>,
) -> Result<Json<Vec<ConsentUse>>, ApiError> {
    let name = clean_text("the name", &req.name, MAX_USE_NAME_CHARS, true)?.expect("required");
    let explanation = clean_text(
        "the explanation",
        &req.explanation,
        MAX_USE_EXPLANATION_CHARS,
        true,
    )?
    .expect("required");
    let key = key_for(&name).ok_or_else(|| {
        ApiError::BadRequest("please give the use a name with some letters or numbers".into())
    })?;
    let added = state
        .storage
        .add_consent_use(&key, &name, &explanation, user.staff.id, now_ms())
        .await?;
    if !added {
        return Err(ApiError::Conflict(format!(
            "there is already a use called \u{201c}{name}\u{201d} (perhaps retired); please choose another name"
        )));
    }
    user.audit(&state, "consent_use_added", None, &name).await?;
    Ok(Json(state.storage.consent_uses().await?))
}

/// `POST /api/v1/staff/consent-uses/retire`: stop asking; answers given stay in the record.
#[utoipa::path(
    post,
    path = "/staff/consent-uses/retire",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_retire_consent_use",
    summary = "Stop asking parents' consent for a use",
    request_body = RetireConsentUse,
    responses((status = 200, description = "Every use, this one retired", body = Vec<ConsentUse>)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn retire(
    School(state): School,
    Admin(user): Admin,
    ApiJson(req): ApiJson<RetireConsentUse>,
) -> Result<Json<Vec<ConsentUse>>, ApiError> {
    if !state
        .storage
        .retire_consent_use(&req.key, user.staff.id, now_ms())
        .await?
    {
        return Err(ApiError::BadRequest(
            "that use isn't on the list, or is retired already; please reload the page".into(),
        ));
    }
    user.audit(&state, "consent_use_retired", None, &req.key)
        .await?;
    Ok(Json(state.storage.consent_uses().await?))
}

/// The pupil the form is for, who must be on this class's list now, and the date on the form,
/// which can't be after today.
async fn form_for(
    state: &AppState,
    user: &StaffUser,
    class_id: ClassId,
    pupil_id: i64,
    form_date: &str,
) -> Result<(PupilRecord, i64), ApiError> {
    let class = readable_class(state, user, class_id).await?;
    let pupil = state
        .storage
        .class_pupils(class.id)
        .await?
        .into_iter()
        .find(|p| p.id == PupilId(pupil_id))
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "that child isn't on {}'s list; please choose them again",
                class.name
            ))
        })?;
    let day = parse_iso(form_date).ok_or_else(|| {
        ApiError::BadRequest("please give the date on the form, like 2026-09-04".into())
    })?;
    let day_ms = start_ms(day);
    // Days are UTC here and the office types its own (UK) date: an hour's leeway lets a form
    // dated today be recorded just after midnight in summer time.
    if day_ms > now_ms() + 3_600_000 {
        return Err(ApiError::BadRequest(
            "the date on the form is in the future; please check it".into(),
        ));
    }
    Ok((pupil, day_ms))
}

/// `POST /api/v1/staff/classes/{id}/paper/consent`.
#[utoipa::path(
    post,
    path = "/staff/classes/{id}/paper/consent",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_paper_consent",
    summary = "Record a consent form a parent handed in on paper",
    params(("id" = i64, Path, description = "The pupil's class")),
    request_body = PaperConsent,
    responses((status = 200, description = "The class's register with it", body = ClassRegister)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn paper_consent(
    School(state): School,
    user: StaffUser,
    Path(id): Path<ClassId>,
    ApiJson(req): ApiJson<PaperConsent>,
) -> Result<Json<ClassRegister>, ApiError> {
    let (pupil, form_date_ms) = form_for(&state, &user, id, req.pupil_id, &req.form_date).await?;
    if req.uses.is_empty() {
        return Err(ApiError::BadRequest(
            "please tick what the form answers".into(),
        ));
    }
    let asked = state.storage.consents(pupil.id).await?;
    if let Some(unknown) = req
        .uses
        .iter()
        .find(|u| !asked.iter().any(|c| &c.key == *u))
    {
        return Err(ApiError::BadRequest(format!(
            "the school doesn't ask about \u{201c}{unknown}\u{201d}; please reload the page"
        )));
    }
    let given_by = format!(
        "a parent or carer, on paper (recorded by {})",
        user.staff.name
    );
    let now = now_ms();
    for use_key in &req.uses {
        state
            .storage
            .add_consent(&NewConsent {
                pupil_id: pupil.id,
                use_key,
                granted: req.given,
                given_by: &given_by,
                at_ms: now,
                paper: Some((user.staff.id, form_date_ms)),
            })
            .await?;
    }
    let verb = if req.given { "given" } else { "not given" };
    user.audit(
        &state,
        "paper_consent",
        None,
        &format!(
            "pupil {}: {} {verb}, form dated {}",
            i64::from(pupil.id),
            req.uses.join(", "),
            req.form_date.trim()
        ),
    )
    .await?;
    Ok(Json(super::register::build(&state, &user, id).await?))
}

/// `POST /api/v1/staff/classes/{id}/paper/cosignature`.
#[utoipa::path(
    post,
    path = "/staff/classes/{id}/paper/cosignature",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_paper_cosignature",
    summary = "Record a parent's co-signature handed in on paper",
    params(("id" = i64, Path, description = "The pupil's class")),
    request_body = PaperCoSignature,
    responses((status = 200, description = "The class's register with it", body = ClassRegister)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn paper_cosignature(
    School(state): School,
    user: StaffUser,
    Path(id): Path<ClassId>,
    ApiJson(req): ApiJson<PaperCoSignature>,
) -> Result<Json<ClassRegister>, ApiError> {
    let (pupil, form_date_ms) = form_for(&state, &user, id, req.pupil_id, &req.form_date).await?;
    let name = clean_text(
        "the parent's name",
        &req.parent_name,
        MAX_PARENT_NAME_CHARS,
        true,
    )?
    .expect("required");
    let version = |kind: AgreementKind, number: u32| {
        let state = &state;
        async move {
            state
                .storage
                .agreement_versions(kind)
                .await?
                .into_iter()
                .find(|v| v.version == number)
                .ok_or_else(|| {
                    ApiError::BadRequest(format!(
                        "there is no version {number} of the {}; please check the form",
                        kind.label().to_lowercase()
                    ))
                })
        }
    };
    let pupil_v = version(AgreementKind::Pupil, req.pupil_version).await?;
    let home_v = version(AgreementKind::HomeSchool, req.home_school_version).await?;
    state
        .storage
        .add_cosignature(
            pupil.id,
            pupil_v.id,
            home_v.id,
            &name,
            now_ms(),
            Some((user.staff.id, form_date_ms)),
        )
        .await?;
    user.audit(
        &state,
        "paper_cosigned",
        None,
        &format!(
            "pupil {}: pupil AUP v{}, home-school v{}, form dated {}",
            i64::from(pupil.id),
            pupil_v.version,
            home_v.version,
            req.form_date.trim()
        ),
    )
    .await?;
    Ok(Json(super::register::build(&state, &user, id).await?))
}
