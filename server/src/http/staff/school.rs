//! The school profile (name, trusted adults, idle timeout) and settings, for the admin and the
//! DSL; the two-step setting, shortening retention and the answer settings (how long an answer
//! to a child lasts, whether a second DSL checks it) are the DSL's alone (see `authority`).
//! Tablets read the profile via `GET /api/v1/device/config`.

use axum::Json;
use kite_protocol::answer::{MAX_ANSWER_DAYS, MIN_ANSWER_DAYS};
use kite_protocol::device::TrustedAdult;
use kite_protocol::staff::{LocalContact, SchoolProfileForm};

use crate::authority::{self, Change};
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::{Admin, AdminOrDsl};
use crate::http::School;
use crate::storage::{AnswerSettings, SchoolProfile};
use crate::validate::clean_text;

/// `GET /api/v1/staff/school`.
#[utoipa::path(
    get,
    path = "/staff/school",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_school_get",
    summary = "The school's profile and settings",
    responses((status = 200, description = "The profile", body = SchoolProfileForm)),
    security(("staff_session" = [])),
)]
pub async fn get_profile(
    School(state): School,
    AdminOrDsl(_user): AdminOrDsl,
) -> Result<Json<SchoolProfileForm>, ApiError> {
    let p = state.storage.school_profile().await?;
    let (local_contacts, retention_months) = state.storage.school_settings().await?;
    let answers = state.storage.answer_settings().await?;
    Ok(Json(SchoolProfileForm {
        name: p.name,
        idle_timeout_secs: p.idle_timeout_secs,
        trusted_adults: p.trusted_adults,
        local_contacts,
        retention_months,
        require_teacher_two_step: state.storage.require_teacher_two_step().await?,
        aup_before_lessons: state.storage.aup_before_lessons().await?,
        answer_days: answers.days,
        answer_needs_check: answers.needs_check,
    }))
}

/// `PUT /api/v1/staff/school`.
#[utoipa::path(
    put,
    path = "/staff/school",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_school_put",
    summary = "Change the school's profile and settings",
    request_body = SchoolProfileForm,
    responses((status = 200, description = "The profile as saved", body = SchoolProfileForm)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn put_profile(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    ApiJson(form): ApiJson<SchoolProfileForm>,
) -> Result<Json<SchoolProfileForm>, ApiError> {
    let name = clean_text("school name", &form.name, 100, true)?.expect("required");
    if !(15..=3600).contains(&form.idle_timeout_secs) {
        return Err(ApiError::BadRequest(
            "the idle timeout must be between 15 and 3600 seconds".into(),
        ));
    }
    if form.trusted_adults.len() > 12 {
        return Err(ApiError::BadRequest(
            "at most 12 trusted adults (pupils choose from them on a tablet)".into(),
        ));
    }
    let mut adults = Vec::new();
    for (i, a) in form.trusted_adults.iter().enumerate() {
        let adult_name =
            clean_text("a trusted adult's name", &a.name, 60, true)?.expect("required");
        let role = clean_text("a trusted adult's role", &a.role, 60, false)?.unwrap_or_default();
        let id = clean_text("a trusted adult's id", &a.id, 64, false)?
            .unwrap_or_else(|| format!("adult-{}", i + 1));
        let photo = a
            .photo
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                if p.starts_with('/') && !p.starts_with("//") && p.len() <= 200 {
                    Ok(p.to_string())
                } else {
                    Err(ApiError::BadRequest(
                        "a photo must be a path on this server, starting with /".into(),
                    ))
                }
            })
            .transpose()?;
        adults.push(TrustedAdult {
            id,
            name: adult_name,
            role,
            photo,
        });
    }
    if form.local_contacts.len() > 20 {
        return Err(ApiError::BadRequest("at most 20 local contacts".into()));
    }
    let mut contacts = Vec::new();
    for c in &form.local_contacts {
        contacts.push(LocalContact {
            who: clean_text("a local contact's name", &c.who, 80, true)?.expect("required"),
            contact: clean_text("a local contact's number or address", &c.contact, 200, true)?
                .expect("required"),
        });
    }
    if form.retention_months > 1200 {
        return Err(ApiError::BadRequest(
            "the retention period is in months, at most 1200 (100 years)".into(),
        ));
    }
    authority::check_retention(form.retention_months)?;
    if !(MIN_ANSWER_DAYS..=MAX_ANSWER_DAYS).contains(&form.answer_days) {
        return Err(ApiError::BadRequest(format!(
            "an answer to a child lasts between {MIN_ANSWER_DAYS} and {MAX_ANSWER_DAYS} days"
        )));
    }
    let answers = AnswerSettings {
        days: form.answer_days,
        needs_check: form.answer_needs_check,
    };
    let is_dsl = user.staff.role == kite_protocol::staff::Role::Dsl;
    let (_, old_retention) = state.storage.school_settings().await?;
    let old_two_step = state.storage.require_teacher_two_step().await?;
    let two_step_changed = form.require_teacher_two_step != old_two_step;
    if two_step_changed && !is_dsl {
        user.audit(&state, "access_denied", None, "change the two-step setting")
            .await?;
        return Err(ApiError::Forbidden(authority::ONLY_A_DSL_FOR_TWO_STEP));
    }
    let old_answers = state.storage.answer_settings().await?;
    if answers != old_answers && !is_dsl {
        user.audit(&state, "access_denied", None, "change the answer settings")
            .await?;
        return Err(ApiError::Forbidden(authority::ONLY_A_DSL_FOR_ANSWERS));
    }
    if authority::shortens_retention(old_retention, form.retention_months) && !is_dsl {
        user.audit(&state, "access_denied", None, "shorten retention")
            .await?;
        return Err(ApiError::Forbidden(
            authority::ONLY_A_DSL_SHORTENS_RETENTION,
        ));
    }
    let profile = SchoolProfile {
        name,
        idle_timeout_secs: form.idle_timeout_secs,
        trusted_adults: adults,
    };
    state.storage.set_school_profile(&profile).await?;
    state
        .storage
        .set_school_settings(&contacts, form.retention_months)
        .await?;
    state
        .storage
        .set_require_teacher_two_step(form.require_teacher_two_step)
        .await?;
    state
        .storage
        .set_aup_before_lessons(form.aup_before_lessons)
        .await?;
    state.storage.set_answer_settings(answers).await?;
    user.audit(&state, "school_profile_changed", None, "")
        .await?;
    if answers != old_answers {
        user.audit(
            &state,
            "answer_settings_changed",
            None,
            &format!(
                "{} -> {} days, second DSL's check: {} -> {}",
                old_answers.days, answers.days, old_answers.needs_check, answers.needs_check
            ),
        )
        .await?;
    }
    if two_step_changed {
        user.audit(
            &state,
            "two_step_setting_changed",
            None,
            &format!(
                "required: {old_two_step} -> {}",
                form.require_teacher_two_step
            ),
        )
        .await?;
        authority::tell_other_dsls(&state, Change::TwoStepSetting, Some(user.staff.id), None)
            .await?;
    }
    if form.retention_months != old_retention {
        user.audit(
            &state,
            "retention_changed",
            None,
            &format!("{old_retention} -> {} months", form.retention_months),
        )
        .await?;
        authority::tell_other_dsls(&state, Change::RetentionSetting, Some(user.staff.id), None)
            .await?;
    }
    Ok(Json(SchoolProfileForm {
        name: profile.name,
        idle_timeout_secs: profile.idle_timeout_secs,
        trusted_adults: profile.trusted_adults,
        local_contacts: contacts,
        retention_months: form.retention_months,
        require_teacher_two_step: form.require_teacher_two_step,
        aup_before_lessons: form.aup_before_lessons,
        answer_days: answers.days,
        answer_needs_check: answers.needs_check,
    }))
}

/// The largest photo an admin may upload.
pub const MAX_PHOTO_BYTES: usize = 512 * 1024;

/// What the bytes are, from their first bytes (the client's Content-Type is not trusted).
pub(crate) fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// `POST /api/v1/staff/school/photos`: a trusted adult's photo (PNG, JPEG or WebP, the raw bytes
/// as the body). Answers the path to put in the profile.
#[utoipa::path(
    post,
    path = "/staff/school/photos",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_school_photo_upload",
    summary = "Upload a trusted adult's photo (the raw bytes as the body)",
    request_body(description = "The image: PNG, JPEG or WebP", content(("image/png"), ("image/jpeg"), ("image/webp"))),
    responses((status = 200, description = "The path to put in the profile", body = Object, example = json!({"path": "/api/v1/photos/1"}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn upload_photo(
    School(state): School,
    Admin(user): Admin,
    body: axum::body::Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    if body.len() > MAX_PHOTO_BYTES {
        return Err(ApiError::TooLarge);
    }
    let content_type = image_type(&body).ok_or_else(|| {
        ApiError::BadRequest("the photo must be a PNG, JPEG or WebP image".into())
    })?;
    let id = state
        .storage
        .add_photo(content_type, &body, crate::clock::now_ms())
        .await?;
    user.audit(&state, "photo_uploaded", None, &format!("photo {id}"))
        .await?;
    Ok(Json(
        serde_json::json!({ "path": format!("/api/v1/photos/{id}") }),
    ))
}

/// `GET /api/v1/photos/{id}`: for enrolled tablets (their token: the app fetches the photo and
/// shows it from a blob URL, as an `<img>` can't carry the token) and signed-in staff (the
/// profile's preview, with the session cookie). Photos of real adults, numbered in order, so not
/// for anyone who asks. Immutable, so cached for a year, by the asker's browser only.
#[utoipa::path(
    get,
    path = "/photos/{id}",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "photo",
    summary = "A trusted adult's photo",
    description = "Who may call it: tablet (device token) or signed-in school staff.",
    params(("id" = i64, Path, description = "The photo")),
    responses(
        (status = 200, description = "The image (PNG, JPEG or WebP)", content(("image/png"), ("image/jpeg"), ("image/webp"))),
        (status = 401, description = "No device token or staff session", body = kite_protocol::device::ApiError),
    ),
    security(("device_token" = []), ("staff_session" = [])),
)]
pub async fn photo(
    School(state): School,
    axum::extract::Path(id): axum::extract::Path<i64>,
    request: axum::extract::Request,
) -> Result<axum::response::Response, ApiError> {
    use axum::extract::FromRequestParts;
    use axum::http::header;
    use axum::response::IntoResponse;
    let (mut parts, _) = request.into_parts();
    if parts.headers.contains_key(header::AUTHORIZATION) {
        crate::http::device_auth::AuthenticatedDevice::from_request_parts(&mut parts, &()).await?;
    } else {
        crate::http::staff::extract::StaffUser::from_request_parts(&mut parts, &())
            .await
            .map_err(|e| match e {
                ApiError::SignInNeeded => ApiError::Unauthorized,
                other => other,
            })?;
    }
    let (content_type, bytes) = state.storage.photo(id).await?.ok_or(ApiError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable".to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}
