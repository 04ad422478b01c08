//! The office's side of visitors (admins and DSLs): the poster whose QR code opens the visitor's
//! page on their own phone (renewing it makes every older poster stop working), and one day's
//! visitors with the version each signed. Reading the list is audited: it names people who
//! were in school.

use axum::extract::Query;
use axum::http::HeaderMap;
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kite_protocol::agreement::AgreementKind;
use kite_protocol::visitor::{VisitorDay, VisitorPoster};
use rand::RngCore;
use serde::Deserialize;

use super::letters::site_address;
use crate::calendar::{date, parse_iso};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::staff::extract::{AdminOrDsl, DutiesLead};
use crate::http::School;
use crate::state::AppState;

/// A new poster key: 128 random bits, far past guessing.
fn new_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The poster for the key in force; `None` before the office has made one.
async fn poster(state: &AppState, headers: &HeaderMap) -> Result<Option<VisitorPoster>, ApiError> {
    let Some(key) = state.storage.visitor_key().await? else {
        return Ok(None);
    };
    // After `#`, so the key never travels in an address to the server or into its logs.
    let link = format!(
        "{}/aup/visitor#key={}",
        site_address(state, headers),
        key.key
    );
    Ok(Some(VisitorPoster {
        qr_svg: crate::qr::svg(&link),
        link,
        school_name: state.storage.school_profile().await?.name,
        made_at_ms: key.made_at_ms,
        made_by: key.made_by,
    }))
}

/// `GET /api/v1/staff/visitors/poster`.
#[utoipa::path(
    get,
    path = "/staff/visitors/poster",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_visitor_poster",
    summary = "The office's poster: the QR code visitors scan to sign on their phone",
    responses((status = 200, description = "The poster; null before one has been made", body = Option<VisitorPoster>)),
    security(("staff_session" = [])),
)]
pub async fn get_poster(
    School(state): School,
    AdminOrDsl(_user): AdminOrDsl,
    headers: HeaderMap,
) -> Result<Json<Option<VisitorPoster>>, ApiError> {
    Ok(Json(poster(&state, &headers).await?))
}

/// `POST /api/v1/staff/visitors/poster`: a new key. Every poster printed before stops working.
#[utoipa::path(
    post,
    path = "/staff/visitors/poster",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_visitor_poster_new",
    summary = "Make a new poster; older posters stop working",
    responses((status = 200, description = "The new poster", body = VisitorPoster)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn new_poster(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    headers: HeaderMap,
) -> Result<Json<VisitorPoster>, ApiError> {
    state
        .storage
        .add_visitor_key(&new_key(), user.staff.id, now_ms())
        .await?;
    user.audit(
        &state,
        "visitor_poster_made",
        None,
        "older posters stop working",
    )
    .await?;
    let made = poster(&state, &headers).await?;
    Ok(Json(made.ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!("the visitor key just made is not there"))
    })?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    /// `YYYY-MM-DD`; today when left out.
    pub date: Option<String>,
}

/// `GET /api/v1/staff/visitors`.
#[utoipa::path(
    get,
    path = "/staff/visitors",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_visitors",
    summary = "One day's visitors and the version of the visitor agreement each signed",
    params(DayQuery),
    responses(
        (status = 200, description = "The day's visitors", body = VisitorDay),
        (status = 400, description = "Not a date"),
    ),
    security(("staff_session" = [])),
)]
pub async fn day(
    School(state): School,
    DutiesLead(user): DutiesLead,
    Query(q): Query<DayQuery>,
) -> Result<Json<VisitorDay>, ApiError> {
    let day = match q.date.as_deref() {
        None | Some("") => date(now_ms()),
        Some(d) => parse_iso(d).ok_or_else(|| {
            ApiError::BadRequest(format!("“{d}” isn't a date; use the form 2026-09-01"))
        })?,
    }
    .to_string();
    let current_version = state
        .storage
        .current_agreement(AgreementKind::Visitor)
        .await?
        .map_or(0, |v| v.version);
    let visitors = state.storage.visitors_on(&day).await?;
    user.audit(&state, "visitors_viewed", None, &day).await?;
    Ok(Json(VisitorDay {
        date: day,
        current_version,
        visitors,
    }))
}
