//! What a kiosk needs for pupils to sign the pupil AUP, with device-token auth (like
//! `/device/coverage`): the school's classes, a class's pupils (first name, last initial and
//! symbol only, plus whether each has signed the current version), and the current pupil AUP.
//! The tablet caches these so a pupil can sign while the Wi-Fi is down.

use axum::extract::Path;
use axum::Json;
use kite_protocol::agreement::{AgreementContent, AgreementKind, KioskAgreement, KioskAup};
use kite_protocol::classes::{KioskClass, KioskPupil};

use crate::error::ApiError;
use crate::http::device_auth::AuthenticatedDevice;
use crate::http::School;
use crate::ids::ClassId;

/// `GET /api/v1/device/classes`.
#[utoipa::path(
    get,
    path = "/device/classes",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "device_classes",
    summary = "The school's classes, for pupils to find theirs",
    description = "Who may call it: tablet (device token).",
    responses((status = 200, description = "The school's classes", body = Vec<KioskClass>)),
    security(("device_token" = [])),
)]
pub async fn classes(
    School(state): School,
    AuthenticatedDevice(_device): AuthenticatedDevice,
) -> Result<Json<Vec<KioskClass>>, ApiError> {
    Ok(Json(
        state
            .storage
            .list_classes()
            .await?
            .into_iter()
            .map(|c| KioskClass {
                id: c.id.into(),
                name: c.name,
                band: c.band,
                years: c.years,
            })
            .collect(),
    ))
}

/// `GET /api/v1/device/classes/{id}/pupils`.
#[utoipa::path(
    get,
    path = "/device/classes/{id}/pupils",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "device_class_pupils",
    summary = "A class's pupils (first name, last initial, symbol) and who has signed the pupil AUP",
    description = "Who may call it: tablet (device token).",
    params(("id" = i64, Path, description = "The class")),
    responses((status = 200, description = "The class's pupils", body = Vec<KioskPupil>)),
    security(("device_token" = [])),
)]
pub async fn pupils(
    School(state): School,
    AuthenticatedDevice(_device): AuthenticatedDevice,
    Path(id): Path<ClassId>,
) -> Result<Json<Vec<KioskPupil>>, ApiError> {
    state.storage.class(id).await?.ok_or(ApiError::NotFound)?;
    let current = state
        .storage
        .current_agreement(AgreementKind::Pupil)
        .await?
        .map(|v| v.id);
    let signed = state.storage.signed_version_ids(id).await?;
    let pupils = state.storage.class_pupils(id).await?;
    Ok(Json(
        pupils
            .into_iter()
            .map(|p| KioskPupil {
                signed_current: signed.iter().any(|(pid, versions)| {
                    *pid == p.id && current.is_some_and(|c| versions.contains(&c))
                }),
                id: p.id.into(),
                first_name: p.first_name,
                last_initial: p.last_initial,
                symbol: p.symbol,
            })
            .collect(),
    ))
}

/// `GET /api/v1/device/aup`.
#[utoipa::path(
    get,
    path = "/device/aup",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "device_aup",
    summary = "The current pupil AUP, and whether pupils sign it before lessons",
    description = "Who may call it: tablet (device token).",
    responses((status = 200, description = "The current pupil AUP", body = KioskAup)),
    security(("device_token" = [])),
)]
pub async fn aup(
    School(state): School,
    AuthenticatedDevice(_device): AuthenticatedDevice,
) -> Result<Json<KioskAup>, ApiError> {
    let v = state
        .storage
        .current_agreement(AgreementKind::Pupil)
        .await?
        .ok_or(ApiError::NotFound)?;
    let wire = crate::agreements::to_wire(v)?;
    let AgreementContent::Pupil(statements) = wire.content else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "the current pupil AUP is not statements"
        )));
    };
    Ok(Json(KioskAup {
        version_id: wire.id,
        version: wire.version,
        statements,
        required_before_lessons: state.storage.aup_before_lessons().await?,
    }))
}

/// `GET /api/v1/device/classes/{id}/agreements`.
#[utoipa::path(
    get,
    path = "/device/classes/{id}/agreements",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "device_class_agreements",
    summary = "The school's own agreements the class's pupils sign after the pupil AUP",
    description = "Who may call it: tablet (device token). Only published agreements, not \
                   retired, for the class's band, each with its statements for that band and \
                   who in the class has signed its current version.",
    params(("id" = i64, Path, description = "The class")),
    responses((status = 200, description = "The agreements, oldest kind first", body = Vec<KioskAgreement>)),
    security(("device_token" = [])),
)]
pub async fn agreements(
    School(state): School,
    AuthenticatedDevice(_device): AuthenticatedDevice,
    Path(id): Path<ClassId>,
) -> Result<Json<Vec<KioskAgreement>>, ApiError> {
    let class = state.storage.class(id).await?.ok_or(ApiError::NotFound)?;
    let signed = state.storage.signed_version_ids(id).await?;
    let mut out = Vec::new();
    for kind in state.storage.pupil_kinds_for_band(class.band).await? {
        // Made but not yet published: nobody is asked yet.
        let Some(v) = state.storage.current_agreement(kind.kind).await? else {
            continue;
        };
        let wire = crate::agreements::to_wire(v)?;
        let AgreementContent::Pupil(statements) = wire.content else {
            return Err(ApiError::internal(anyhow::anyhow!(
                "the pupils' agreement {} is not statements",
                kind.kind
            )));
        };
        out.push(KioskAgreement {
            kind: kind.kind,
            name: kind.name,
            version_id: wire.id,
            version: wire.version,
            statements: statements.for_band(class.band).to_vec(),
            signed_pupils: signed
                .iter()
                .filter(|(_, versions)| versions.contains(&wire.id))
                .map(|(pupil, _)| (*pupil).into())
                .collect(),
        });
    }
    Ok(Json(out))
}
