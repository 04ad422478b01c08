//! The school's own agreements in parents' corner: a pupils' kind whose parents co-sign (a KS2
//! laptop agreement), co-signed for the one child, and a parents' kind (a social-media
//! agreement), signed once for every child in the session, so a family with two children signs
//! it once. Only the current version can be signed, as with the home-school agreement.

use axum::Json;
use kite_protocol::agreement::{AgreementKindInfo, Signers};
use kite_protocol::parents::{OwnAgreement, OwnAgreementSign, OwnSignature, MAX_PARENT_NAME_CHARS};

use super::agreement_text::{child_aup, home_school};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::parents::audit::audit;
use crate::http::parents::extract::ParentUser;
use crate::http::School;
use crate::state::AppState;
use crate::storage::parents::Child;
use crate::validate::clean_text;

/// A kind this child's parent is asked to sign: a parents' kind, or the child's key stage's
/// pupils' kind when parents co-sign it.
fn asks_parents(kind: &AgreementKindInfo) -> bool {
    kind.signers == Signers::Parents || (kind.signers == Signers::Pupils && kind.parents_cosign)
}

/// The child page's own agreements: published ones only, each with the newest signature.
pub(super) async fn for_child(
    state: &AppState,
    child: &Child,
) -> Result<Vec<OwnAgreement>, ApiError> {
    let storage = &state.storage;
    let mut out = Vec::new();
    for kind in storage.own_kinds_for_class(child.class.band).await? {
        if !asks_parents(&kind) {
            continue;
        }
        let Some(v) = storage.current_agreement(kind.kind).await? else {
            continue;
        };
        let signed = storage
            .latest_parent_agreement_signature(child.pupil_id, kind.kind)
            .await?
            .map(|s| OwnSignature {
                current: s.version_id == v.id,
                parent_name: s.parent_name,
                at_ms: s.signed.at_ms,
                version: s.signed.version,
            });
        let child_signs = kind.signers == Signers::Pupils;
        let mut agreement = OwnAgreement {
            kind: kind.kind,
            name: kind.name,
            child_signs,
            version: v.version,
            statements: Vec::new(),
            intro: String::new(),
            sections: Vec::new(),
            signed,
        };
        if child_signs {
            agreement.statements = child_aup(&v, child.class.band)?.statements;
        } else {
            let content = home_school(&v)?;
            agreement.intro = content.intro;
            agreement.sections = content.sections;
        }
        out.push(agreement);
    }
    Ok(out)
}

/// `POST /api/v1/parents/agreements/sign`.
#[utoipa::path(
    post,
    path = "/parents/agreements/sign",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_sign_own_agreement",
    params(crate::http::parents::extract::ChildChoice),
    request_body = OwnAgreementSign,
    responses((status = 200, description = "The signature", body = OwnSignature)),
    security(("parent_session" = [], "csrf_token" = [])),
)]
pub async fn sign(
    School(state): School,
    parent: ParentUser,
    ApiJson(req): ApiJson<OwnAgreementSign>,
) -> Result<Json<OwnSignature>, ApiError> {
    let name =
        clean_text("your name", &req.parent_name, MAX_PARENT_NAME_CHARS, true)?.expect("required");
    let storage = &state.storage;
    let child = &parent.child;
    let kind = storage
        .own_kinds_for_class(child.class.band)
        .await?
        .into_iter()
        .find(|k| k.kind == req.kind && asks_parents(k))
        .ok_or_else(|| {
            ApiError::BadRequest(
                "the school doesn't ask you to sign that agreement; please reload the page".into(),
            )
        })?;
    let child_signs = kind.signers == Signers::Pupils;
    if child_signs && !req.talked_together {
        return Err(ApiError::BadRequest(
            "please talk the agreement through with your child first, then tick the box to say you have".into(),
        ));
    }
    let Some(v) = storage.current_agreement(kind.kind).await? else {
        return Err(ApiError::Conflict(
            "the school hasn't published this agreement yet, so there is nothing to sign; please try again later".into(),
        ));
    };
    if v.version != req.version {
        return Err(ApiError::Conflict(
            "the school has just published a new version of the agreement; please read it again before you sign".into(),
        ));
    }
    // A co-signature is for this child; a parents' agreement is the family's, so it is signed
    // for every child in the session.
    let children = match child_signs {
        true => vec![child.pupil_id],
        false => parent.family.clone(),
    };
    let now = now_ms();
    storage
        .add_parent_agreement_signature(&children, v.id, &name, now)
        .await?;
    for pupil_id in &children {
        audit(
            &state,
            Some(*pupil_id),
            "parent_signed_own_agreement",
            None,
            &format!("{} v{}", kind.name, v.version),
        )
        .await?;
    }
    Ok(Json(OwnSignature {
        parent_name: name,
        at_ms: now,
        version: v.version,
        current: true,
    }))
}
