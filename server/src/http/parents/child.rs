//! The child's page: the pupil AUP for the child's band and the home-school agreement to read,
//! the parent's co-signature, and photo consent per use.

use axum::Json;
use kite_protocol::consent::UseConsent;
use kite_protocol::parents::{
    ChildPage, CoSignRequest, CoSignature, ConsentChange, MAX_PARENT_NAME_CHARS,
};

use super::agreement_text::{child_aup, home_school};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::parents::audit::audit;
use crate::http::parents::extract::ParentUser;
use crate::http::School;
use crate::storage::consents::NewConsent;
use crate::validate::clean_text;
use kite_protocol::agreement::AgreementKind;

/// `GET /api/v1/parents/child`.
#[utoipa::path(
    get,
    path = "/parents/child",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_child",
    params(crate::http::parents::extract::ChildChoice),
    responses((status = 200, description = "The child's page", body = ChildPage)),
    security(("parent_session" = [])),
)]
pub async fn page(School(state): School, parent: ParentUser) -> Result<Json<ChildPage>, ApiError> {
    let storage = &state.storage;
    let child = &parent.child;
    let pupil_v = storage.current_agreement(AgreementKind::Pupil).await?;
    let home_v = storage.current_agreement(AgreementKind::HomeSchool).await?;
    let cosigned = storage
        .latest_cosignature(child.pupil_id)
        .await?
        .map(|s| CoSignature {
            current: Some(s.pupil_version_id) == pupil_v.as_ref().map(|v| v.id)
                && Some(s.home_school_version_id) == home_v.as_ref().map(|v| v.id),
            parent_name: s.parent_name,
            at_ms: s.signed_at_ms,
            pupil_version: s.pupil_version,
            home_school_version: s.home_school_version,
        });
    Ok(Json(ChildPage {
        first_name: child.first_name.clone(),
        class_name: child.class.name.clone(),
        band: child.class.band,
        school_name: storage.school_profile().await?.name,
        pupil_aup: pupil_v
            .as_ref()
            .map(|v| child_aup(v, child.class.band))
            .transpose()?,
        home_school: home_v.as_ref().map(home_school).transpose()?,
        cosigned,
        consents: storage.consents(child.pupil_id).await?,
        own_agreements: super::own_agreements::for_child(&state, child).await?,
    }))
}

/// `POST /api/v1/parents/cosign`: only the current versions, so nobody signs a text they
/// haven't been shown.
#[utoipa::path(
    post,
    path = "/parents/cosign",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_cosign",
    params(crate::http::parents::extract::ChildChoice),
    request_body = CoSignRequest,
    responses((status = 200, description = "The co-signature", body = CoSignature)),
    security(("parent_session" = [], "csrf_token" = [])),
)]
pub async fn cosign(
    School(state): School,
    parent: ParentUser,
    ApiJson(req): ApiJson<CoSignRequest>,
) -> Result<Json<CoSignature>, ApiError> {
    let name =
        clean_text("your name", &req.parent_name, MAX_PARENT_NAME_CHARS, true)?.expect("required");
    if !req.talked_together {
        return Err(ApiError::BadRequest(
            "please talk the agreement through with your child first, then tick the box to say you have".into(),
        ));
    }
    let storage = &state.storage;
    let (Some(pupil_v), Some(home_v)) = (
        storage.current_agreement(AgreementKind::Pupil).await?,
        storage.current_agreement(AgreementKind::HomeSchool).await?,
    ) else {
        return Err(ApiError::Conflict(
            "the school hasn't published its agreements yet, so there is nothing to sign; please try again later".into(),
        ));
    };
    if pupil_v.version != req.pupil_version || home_v.version != req.home_school_version {
        return Err(ApiError::Conflict(
            "the school has just published a new version of the agreement; please read it again before you sign".into(),
        ));
    }
    let now = now_ms();
    let pupil_id = parent.child.pupil_id;
    storage
        .add_cosignature(pupil_id, pupil_v.id, home_v.id, &name, now, None)
        .await?;
    audit(
        &state,
        Some(pupil_id),
        "parent_cosigned",
        None,
        &format!(
            "pupil AUP v{}, home-school v{}",
            pupil_v.version, home_v.version
        ),
    )
    .await?;
    Ok(Json(CoSignature {
        parent_name: name,
        at_ms: now,
        pupil_version: pupil_v.version,
        home_school_version: home_v.version,
        current: true,
    }))
}

/// `PUT /api/v1/parents/consent`: a new row in the history; the newest holds, at once.
#[utoipa::path(
    put,
    path = "/parents/consent",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_consent",
    params(crate::http::parents::extract::ChildChoice),
    request_body = ConsentChange,
    responses((status = 200, description = "The consent as it now stands, per use", body = Vec<UseConsent>)),
    security(("parent_session" = [], "csrf_token" = [])),
)]
pub async fn consent(
    School(state): School,
    parent: ParentUser,
    ApiJson(req): ApiJson<ConsentChange>,
) -> Result<Json<Vec<UseConsent>>, ApiError> {
    let pupil_id = parent.child.pupil_id;
    // Only a use the school asks about now: a retired one is no longer the parent's to answer.
    let asked = state.storage.consents(pupil_id).await?;
    if !asked.iter().any(|c| c.key == req.use_key) {
        return Err(ApiError::BadRequest(
            "the school doesn't ask about that any more; please reload the page".into(),
        ));
    }
    // The register shows who answered: the name on the newest co-signature, if any.
    let given_by = state
        .storage
        .latest_cosignature(pupil_id)
        .await?
        .map(|s| s.parent_name)
        .unwrap_or_else(|| "A parent or carer (parents' page)".into());
    state
        .storage
        .add_consent(&NewConsent {
            pupil_id,
            use_key: &req.use_key,
            granted: req.given,
            given_by: &given_by,
            at_ms: now_ms(),
            paper: None,
        })
        .await?;
    let verb = if req.given { "given" } else { "withdrawn" };
    audit(
        &state,
        Some(pupil_id),
        "photo_consent",
        None,
        &format!("{} {verb}", req.use_key),
    )
    .await?;
    Ok(Json(state.storage.consents(pupil_id).await?))
}
