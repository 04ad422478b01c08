//! The school profile (name, trusted adults, idle timeout), for the admin. Tablets read it via
//! `GET /api/v1/device/config`.

use axum::extract::State;
use axum::Json;
use kite_protocol::device::TrustedAdult;
use kite_protocol::staff::{LocalContact, SchoolProfileForm};

use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::Admin;
use crate::state::AppState;
use crate::storage::SchoolProfile;
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
    State(state): State<AppState>,
    Admin(_user): Admin,
) -> Result<Json<SchoolProfileForm>, ApiError> {
    let p = state.storage.school_profile().await?;
    let (local_contacts, retention_months) = state.storage.school_settings().await?;
    Ok(Json(SchoolProfileForm {
        name: p.name,
        idle_timeout_secs: p.idle_timeout_secs,
        trusted_adults: p.trusted_adults,
        local_contacts,
        retention_months,
        require_teacher_two_step: state.storage.require_teacher_two_step().await?,
        aup_before_lessons: state.storage.aup_before_lessons().await?,
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
    State(state): State<AppState>,
    Admin(user): Admin,
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
    user.audit(&state, "school_profile_changed", None, "")
        .await?;
    Ok(Json(SchoolProfileForm {
        name: profile.name,
        idle_timeout_secs: profile.idle_timeout_secs,
        trusted_adults: profile.trusted_adults,
        local_contacts: contacts,
        retention_months: form.retention_months,
        require_teacher_two_step: form.require_teacher_two_step,
        aup_before_lessons: form.aup_before_lessons,
    }))
}

/// The largest photo an admin may upload.
pub const MAX_PHOTO_BYTES: usize = 512 * 1024;

/// What the bytes are, from their first bytes (the client's Content-Type is not trusted).
fn image_type(bytes: &[u8]) -> Option<&'static str> {
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
    State(state): State<AppState>,
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

/// `GET /api/v1/photos/{id}`: for tablets (an `<img>` can't carry a device token; these are the
/// photos the school shows pupils). Immutable, so cached for a year.
#[utoipa::path(
    get,
    path = "/photos/{id}",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "photo",
    summary = "A trusted adult's photo",
    description = "Who may call it: anyone (the photos the school shows pupils).",
    params(("id" = i64, Path, description = "The photo")),
    responses((status = 200, description = "The image (PNG, JPEG or WebP)", content(("image/png"), ("image/jpeg"), ("image/webp")))),
)]
pub async fn photo(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let (content_type, bytes) = state.storage.photo(id).await?.ok_or(ApiError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}
