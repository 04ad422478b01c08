//! Agreement versions (admin: list, publish the annual review) and the signed-in person's own
//! AUP (every staff account: read it, sign it with their typed full name).

use axum::extract::Path;
use axum::Json;
use kite_protocol::agreement::{
    AgreementContent, AgreementKind, AgreementKindInfo, AgreementPreview, AgreementVersion,
    CorrectAgreement, MyAgreement, PublishAgreement, SignAgain, SignAgreement, Signers,
    MAX_SUMMARY_CHARS,
};

use crate::agreement_changes::{describe, normalise, not_a_correction};
use crate::agreements::{to_wire, to_wire_with_corrections};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::{Admin, StaffUser};
use crate::http::School;
use crate::state::AppState;
use crate::storage::AgreementVersionRecord;
use crate::validate::clean_text;

/// `GET /api/v1/staff/agreements`: every version of every kind, newest first within a kind.
#[utoipa::path(
    get,
    path = "/staff/agreements",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_agreements_list",
    summary = "Every version of every agreement, newest first within a kind",
    responses((status = 200, description = "The versions", body = Vec<AgreementVersion>)),
    security(("staff_session" = [])),
)]
pub async fn list(
    School(state): School,
    Admin(_user): Admin,
) -> Result<Json<Vec<AgreementVersion>>, ApiError> {
    let mut out = Vec::new();
    for kind in state.storage.agreement_kinds().await? {
        for v in state.storage.agreement_versions(kind.kind).await? {
            out.push(to_wire_with_corrections(&state.storage, v).await?);
        }
    }
    Ok(Json(out))
}

/// A draft checked against its kind.
struct Draft {
    kind: AgreementKindInfo,
    /// Tidied as it will be stored.
    content: AgreementContent,
    /// The version in force; `None` for a school's own kind not yet published.
    current: Option<AgreementVersionRecord>,
}

/// The draft, checked for the shape of its kind's versions and tidied as it will be stored, and
/// the version in force. A retired kind takes no new versions: it is no longer asked.
async fn check_draft(
    state: &AppState,
    kind: &str,
    content: &AgreementContent,
) -> Result<Draft, ApiError> {
    let kind = AgreementKind::parse(kind).ok_or(ApiError::NotFound)?;
    let kind = state
        .storage
        .agreement_kind(kind)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !kind.is_asked() {
        return Err(ApiError::Conflict(format!(
            "The {} is retired, so it can't be changed; it is kept as it was.",
            kind.name
        )));
    }
    let content = normalise(content);
    content
        .validate_for(kind.shape())
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let current = state.storage.current_agreement(kind.kind).await?;
    Ok(Draft {
        kind,
        content,
        current,
    })
}

/// Refuses a draft that reads the same as the version in force: publishing it would ask
/// everyone to sign again for nothing. A first version changes everything.
fn refuse_unchanged(
    draft: &AgreementContent,
    current: Option<&AgreementVersionRecord>,
) -> Result<Vec<String>, ApiError> {
    let Some(current) = current else {
        return Ok(vec!["The first version.".into()]);
    };
    let changes = describe(&to_wire(current.clone())?.content, draft);
    if changes.is_empty() {
        return Err(ApiError::Conflict(format!(
            "Nothing has changed from version {}, so nothing was published and every signature stays.",
            current.version
        )));
    }
    Ok(changes)
}

/// `POST /api/v1/staff/agreements/{kind}/preview`: what publishing this draft would change, in
/// words, how many people would be asked to sign again, and whether it could be a correction.
#[utoipa::path(
    post,
    path = "/staff/agreements/{kind}/preview",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_agreements_preview",
    summary = "What publishing a draft would change, and who would sign again",
    params(("kind" = AgreementKind, Path, description = "Which agreement")),
    request_body = PublishAgreement,
    responses(
        (status = 200, description = "The changes and counts", body = AgreementPreview),
        (status = 409, description = "The draft reads the same as the current version"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn preview(
    School(state): School,
    Admin(_user): Admin,
    Path(kind): Path<String>,
    ApiJson(req): ApiJson<PublishAgreement>,
) -> Result<Json<AgreementPreview>, ApiError> {
    let draft = check_draft(&state, &kind, &req.content).await?;
    let changes = refuse_unchanged(&draft.content, draft.current.as_ref())?;
    let Some(current) = draft.current else {
        return Ok(Json(AgreementPreview {
            current_version: 0,
            changes,
            sign_again: SignAgain::default(),
            not_a_correction: Some("there is no version to correct yet".into()),
        }));
    };
    let in_force = to_wire(current.clone())?.content;
    Ok(Json(AgreementPreview {
        current_version: current.version,
        changes,
        sign_again: state.storage.signed_by(&current).await?,
        not_a_correction: not_a_correction(&in_force, &draft.content),
    }))
}

/// `POST /api/v1/staff/agreements/{kind}`: publishes the next version. Everyone it applies to
/// then shows as needing to sign again, so a draft that changes nothing is refused.
#[utoipa::path(
    post,
    path = "/staff/agreements/{kind}",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_agreements_publish",
    summary = "Publish an agreement's next version",
    params(("kind" = AgreementKind, Path, description = "Which agreement")),
    request_body = PublishAgreement,
    responses(
        (status = 200, description = "The published version", body = AgreementVersion),
        (status = 409, description = "The draft reads the same as the current version"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn publish(
    School(state): School,
    Admin(user): Admin,
    Path(kind): Path<String>,
    ApiJson(req): ApiJson<PublishAgreement>,
) -> Result<Json<AgreementVersion>, ApiError> {
    let draft = check_draft(&state, &kind, &req.content).await?;
    refuse_unchanged(&draft.content, draft.current.as_ref())?;
    let summary = clean_text(
        "the “What changed” box",
        &req.summary,
        MAX_SUMMARY_CHARS,
        true,
    )?
    .expect("required");
    let json = serde_json::to_string(&draft.content).map_err(ApiError::internal)?;
    let v = state
        .storage
        .publish_agreement(
            draft.kind.kind,
            &json,
            &summary,
            Some(user.staff.id),
            now_ms(),
        )
        .await?;
    user.audit(
        &state,
        "agreement_published",
        None,
        &format!("{} version {}", draft.kind.kind, v.version),
    )
    .await?;
    Ok(Json(to_wire(v)?))
}

/// `POST /api/v1/staff/agreements/{kind}/correction`: a typo fix to the version in force,
/// with a reason. Everyone's signatures stay; the text as first published is kept and the
/// record shows both. Only a small change counts (see `agreement_changes::not_a_correction`).
#[utoipa::path(
    post,
    path = "/staff/agreements/{kind}/correction",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_agreements_correct",
    summary = "Correct a typo in the current version, keeping everyone's signatures",
    params(("kind" = AgreementKind, Path, description = "Which agreement")),
    request_body = CorrectAgreement,
    responses(
        (status = 200, description = "The version, corrected", body = AgreementVersion),
        (status = 400, description = "More than a typo: publish a new version instead"),
        (status = 409, description = "The draft reads the same as the current version"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn correct(
    School(state): School,
    Admin(user): Admin,
    Path(kind): Path<String>,
    ApiJson(req): ApiJson<CorrectAgreement>,
) -> Result<Json<AgreementVersion>, ApiError> {
    let Draft {
        content: draft,
        current,
        ..
    } = check_draft(&state, &kind, &req.content).await?;
    let current = current.ok_or_else(|| {
        ApiError::BadRequest("There is no version to correct yet: publish the first one.".into())
    })?;
    refuse_unchanged(&draft, Some(&current))?;
    let reason = clean_text(
        "the reason for the correction",
        &req.reason,
        MAX_SUMMARY_CHARS,
        true,
    )?
    .expect("required");
    if let Some(why) = not_a_correction(&to_wire(current.clone())?.content, &draft) {
        return Err(ApiError::BadRequest(format!(
            "This can't be a correction: {why}. Publish it as a new version instead."
        )));
    }
    let json = serde_json::to_string(&draft).map_err(ApiError::internal)?;
    state
        .storage
        .correct_agreement(current.id, &json, &reason, user.staff.id, now_ms())
        .await?;
    user.audit(
        &state,
        "agreement_corrected",
        None,
        &format!("{} version {}: {reason}", current.kind, current.version),
    )
    .await?;
    let corrected = state
        .storage
        .agreement_version(current.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(
        to_wire_with_corrections(&state.storage, corrected).await?,
    ))
}

/// The first agreement this person hasn't signed: their AUP, then the school's own agreements
/// for the people they sign with (staff, volunteers or governors), oldest first. When they have
/// signed them all, their AUP, signed.
async fn mine(state: &AppState, user: &StaffUser) -> Result<MyAgreement, ApiError> {
    let aup = state.storage.staff_agreement_kind(user.staff.id).await?;
    let signers = match aup {
        AgreementKind::Volunteer => Signers::Volunteers,
        AgreementKind::Governor => Signers::Governors,
        _ => Signers::Staff,
    };
    let mut signed_aup = None;
    let mut asked = vec![aup];
    asked.extend(
        state
            .storage
            .adult_kinds_for(signers)
            .await?
            .into_iter()
            .map(|k| k.kind),
    );
    for kind in asked {
        let Some(current) = state.storage.current_agreement(kind).await? else {
            continue;
        };
        let signed_at_ms = state
            .storage
            .staff_signed_at(user.staff.id, current.id)
            .await?;
        let name = match state.storage.agreement_kind(kind).await? {
            Some(info) => info.name,
            None => kind.label().to_string(),
        };
        let this = MyAgreement {
            name,
            current: to_wire(current)?,
            signed_at_ms,
        };
        if signed_at_ms.is_none() {
            return Ok(this);
        }
        signed_aup.get_or_insert(this);
    }
    signed_aup.ok_or(ApiError::NotFound)
}

/// `GET /api/v1/staff/agreement`: the AUP this person signs, and whether they have signed the
/// current version. The staff pages show it before anything else until they have.
#[utoipa::path(
    get,
    path = "/staff/agreement",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_my_agreement",
    summary = "The AUP this person signs, and whether they have signed its current version",
    responses((status = 200, description = "The agreement", body = MyAgreement)),
    security(("staff_session" = [])),
)]
pub async fn my_agreement(
    School(state): School,
    user: StaffUser,
) -> Result<Json<MyAgreement>, ApiError> {
    Ok(Json(mine(&state, &user).await?))
}

/// `POST /api/v1/staff/agreement/sign`: signs the current version with the typed full name.
#[utoipa::path(
    post,
    path = "/staff/agreement/sign",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_agreement_sign",
    summary = "Sign the current version with the typed full name",
    request_body = SignAgreement,
    responses((status = 200, description = "The agreement, signed", body = MyAgreement)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn sign(
    School(state): School,
    user: StaffUser,
    ApiJson(req): ApiJson<SignAgreement>,
) -> Result<Json<MyAgreement>, ApiError> {
    let current = mine(&state, &user).await?.current;
    if req.version_id != current.id {
        return Err(ApiError::Conflict(
            "a newer version was published while you were reading; reload to read it".into(),
        ));
    }
    let name = clean_text("your full name", &req.signed_name, 80, true)?.expect("required");
    if name.split_whitespace().count() < 2 {
        return Err(ApiError::BadRequest(
            "type your full name (first name and surname) to sign".into(),
        ));
    }
    let new = state
        .storage
        .sign_staff_agreement(user.staff.id, current.id, &name, now_ms())
        .await?;
    if new {
        user.audit(
            &state,
            "agreement_signed",
            None,
            &format!("{} version {}", current.kind, current.version),
        )
        .await?;
    }
    Ok(Json(mine(&state, &user).await?))
}
