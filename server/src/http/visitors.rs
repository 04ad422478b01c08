//! A visitor reads and signs the visitor agreement with no account: on their own phone with the
//! key from the office poster's QR code (`/visitor/…`), or on the office tablet with its device
//! token (`/device/visitor…`). Either way the server dates the signature, keeps no address, and
//! limits how many signatures one poster or tablet makes in a day.

use axum::Json;
use kite_protocol::agreement::{AgreementContent, AgreementKind};
use kite_protocol::visitor::{
    KeyedVisitorSignature, SignedOn, VisitorAgreement, VisitorKey, VisitorSignature, VisitorSigned,
};
use subtle::ConstantTimeEq;

use crate::calendar::date;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::device_auth::AuthenticatedDevice;
use crate::http::School;
use crate::ids::DeviceId;
use crate::state::AppState;
use crate::storage::visitors::NewVisitorSignature;
use crate::storage::AgreementVersionRecord;
use crate::validate::clean_text;

const OLD_POSTER: &str = "This link no longer works: the school has printed a new poster. \
     Scan the QR code on the poster in reception, or ask at the office.";

/// Refuses a key that isn't the poster's current one, and answers which key it is (for the
/// day's limit).
async fn check_key(state: &AppState, key: &str) -> Result<String, ApiError> {
    let current = state.storage.visitor_key().await?;
    match current {
        Some(k) if bool::from(k.key.as_bytes().ct_eq(key.trim().as_bytes())) => Ok(k.key),
        _ => Err(ApiError::Forbidden(OLD_POSTER)),
    }
}

async fn current(state: &AppState) -> Result<AgreementVersionRecord, ApiError> {
    state
        .storage
        .current_agreement(AgreementKind::Visitor)
        .await?
        .ok_or(ApiError::NotFound)
}

async fn agreement(state: &AppState) -> Result<VisitorAgreement, ApiError> {
    let wire = crate::agreements::to_wire(current(state).await?)?;
    let AgreementContent::Sections(content) = wire.content else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "the visitor agreement is not sections"
        )));
    };
    Ok(VisitorAgreement {
        version_id: wire.id,
        version: wire.version,
        content,
        school_name: state.storage.school_profile().await?.name,
        date: date(now_ms()).to_string(),
    })
}

/// Checks and tidies what the visitor typed, takes one from the day's allowance of `limit_key`,
/// and writes the signature.
async fn sign(
    state: &AppState,
    s: VisitorSignature,
    limit_key: &str,
    signed_on: SignedOn,
    device_id: Option<DeviceId>,
) -> Result<VisitorSigned, ApiError> {
    s.validate()
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let v = current(state).await?;
    if s.version_id != v.id {
        return Err(ApiError::Conflict(
            "The school has just changed its visitor agreement. Reload the page to read the new one."
                .into(),
        ));
    }
    let tidy = |field, text: &str| -> Result<String, ApiError> {
        Ok(
            clean_text(field, text, kite_protocol::visitor::MAX_VISITOR_TEXT, true)?
                .expect("required"),
        )
    };
    let clean = VisitorSignature {
        version_id: v.id,
        name: tidy("your name", &s.name)?,
        organisation: tidy("your organisation", &s.organisation)?,
        visiting: tidy("who you are visiting", &s.visiting)?,
        signed_name: tidy("your signature", &s.signed_name)?,
    };
    state
        .limits
        .visitor_signings
        .take(
            &state.storage,
            limit_key,
            1.0,
            "Too many visitors have signed in from here today. Please ask at the office.",
        )
        .await?;
    let now = now_ms();
    let today = date(now).to_string();
    state
        .storage
        .add_visitor_signature(NewVisitorSignature {
            signature: &clean,
            visit_date: &today,
            signed_at_ms: now,
            signed_on,
            device_id,
        })
        .await?;
    Ok(VisitorSigned {
        date: today,
        version: v.version,
    })
}

/// `POST /api/v1/visitor/agreement`.
#[utoipa::path(
    post,
    path = "/visitor/agreement",
    tag = crate::http::openapi::TAG_VISITORS,
    operation_id = "visitor_agreement",
    summary = "The visitor agreement in force, for a visitor with the poster's key",
    description = "Who may call it: anyone with the key in the office poster's link.",
    request_body = VisitorKey,
    responses(
        (status = 200, description = "The agreement", body = VisitorAgreement),
        (status = 403, description = "Not the poster's current key"),
    ),
)]
pub async fn agreement_by_key(
    School(state): School,
    ApiJson(req): ApiJson<VisitorKey>,
) -> Result<Json<VisitorAgreement>, ApiError> {
    check_key(&state, &req.key).await?;
    Ok(Json(agreement(&state).await?))
}

/// `POST /api/v1/visitor/sign`.
#[utoipa::path(
    post,
    path = "/visitor/sign",
    tag = crate::http::openapi::TAG_VISITORS,
    operation_id = "visitor_sign",
    summary = "A visitor signs the visitor agreement from their phone",
    description = "Who may call it: anyone with the key in the office poster's link.",
    request_body = KeyedVisitorSignature,
    responses(
        (status = 200, description = "Signed in for today", body = VisitorSigned),
        (status = 400, description = "A box is empty or the signature isn't a full name"),
        (status = 403, description = "Not the poster's current key"),
        (status = 409, description = "A newer version was published while they read"),
        (status = 429, description = "The poster's signatures for today are used up"),
    ),
)]
pub async fn sign_by_key(
    School(state): School,
    ApiJson(req): ApiJson<KeyedVisitorSignature>,
) -> Result<Json<VisitorSigned>, ApiError> {
    let key = check_key(&state, &req.key).await?;
    Ok(Json(
        sign(
            &state,
            req.signature,
            &format!("key:{key}"),
            SignedOn::Phone,
            None,
        )
        .await?,
    ))
}

/// `GET /api/v1/device/visitor-agreement`.
#[utoipa::path(
    get,
    path = "/device/visitor-agreement",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "device_visitor_agreement",
    summary = "The visitor agreement in force, for a visitor on the office tablet",
    description = "Who may call it: tablet (device token).",
    responses((status = 200, description = "The agreement", body = VisitorAgreement)),
    security(("device_token" = [])),
)]
pub async fn agreement_on_tablet(
    School(state): School,
    AuthenticatedDevice(_device): AuthenticatedDevice,
) -> Result<Json<VisitorAgreement>, ApiError> {
    Ok(Json(agreement(&state).await?))
}

/// `POST /api/v1/device/visitor-sign`.
#[utoipa::path(
    post,
    path = "/device/visitor-sign",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "device_visitor_sign",
    summary = "A visitor signs the visitor agreement on the office tablet",
    description = "Who may call it: tablet (device token).",
    request_body = VisitorSignature,
    responses(
        (status = 200, description = "Signed in for today", body = VisitorSigned),
        (status = 400, description = "A box is empty or the signature isn't a full name"),
        (status = 409, description = "A newer version was published while they read"),
        (status = 429, description = "The tablet's signatures for today are used up"),
    ),
    security(("device_token" = [])),
)]
pub async fn sign_on_tablet(
    School(state): School,
    AuthenticatedDevice(device): AuthenticatedDevice,
    ApiJson(req): ApiJson<VisitorSignature>,
) -> Result<Json<VisitorSigned>, ApiError> {
    Ok(Json(
        sign(
            &state,
            req,
            &format!("device:{}", i64::from(device.id)),
            SignedOn::Tablet,
            Some(device.id),
        )
        .await?,
    ))
}
