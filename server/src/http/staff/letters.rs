//! Letters for parents: a fresh per-child code for each pupil asked for, printed by the school
//! and sent home. Only the code's SHA-256 is kept, so the code is shown this once; printing again
//! makes new codes and the old ones (and sessions opened with them) stop working.

use axum::extract::Path;
use axum::http::{header, HeaderMap};
use axum::Json;
use kite_protocol::parents::{
    group_parent_code, LettersRequest, ParentLetter, ParentLetters, PARENT_CODE_ALPHABET,
    PARENT_CODE_LEN,
};
use rand::Rng;

use crate::auth::parent_code::keyed_hash;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::StaffUser;
use crate::http::School;
use crate::ids::{ClassId, PupilId};
use crate::state::AppState;

/// A new code, normalised (no dashes).
fn new_code() -> String {
    let mut rng = rand::rngs::OsRng;
    (0..PARENT_CODE_LEN)
        .map(|_| PARENT_CODE_ALPHABET[rng.gen_range(0..PARENT_CODE_ALPHABET.len())] as char)
        .collect()
}

/// Where people outside school reach it: the school's public address when the server has one,
/// so a letter or poster printed on a laptop at `http://127.0.0.1` still works at home. Without
/// one, the address the staff member's browser used (its `Origin`, or the `Host` it asked for).
pub(super) fn site_address(state: &AppState, headers: &HeaderMap) -> String {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    match (
        &state.public_url,
        header(header::ORIGIN),
        header(header::HOST),
    ) {
        (Some(public), _, _) => public.clone(),
        (None, Some(origin), _) if origin != "null" => origin.trim_end_matches('/').to_string(),
        (None, _, Some(host)) => format!("http://{host}"),
        (None, _, None) => String::new(),
    }
}

fn parents_address(state: &AppState, headers: &HeaderMap) -> String {
    format!("{}/parents", site_address(state, headers))
}

/// `POST /api/v1/staff/classes/{id}/parent-letters`.
#[utoipa::path(
    post,
    path = "/staff/classes/{id}/parent-letters",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_class_parent_letters",
    summary = "Letters with codes for a class's parents",
    params(("id" = i64, Path, description = "The class")),
    request_body = LettersRequest,
    responses((status = 200, description = "One letter per pupil", body = ParentLetters)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn create(
    School(state): School,
    user: StaffUser,
    Path(class_id): Path<ClassId>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LettersRequest>,
) -> Result<Json<ParentLetters>, ApiError> {
    // Admins and DSLs any class, teachers their own; an unknown class is a 404 for everyone.
    let class = super::classes::readable_class(&state, &user, class_id).await?;
    let pupils = state.storage.class_pupils(class_id).await?;
    let chosen: Vec<_> = match &req.pupil_ids {
        None => pupils,
        Some(ids) => {
            if let Some(stray) = ids
                .iter()
                .find(|id| !pupils.iter().any(|p| p.id == PupilId(**id)))
            {
                return Err(ApiError::BadRequest(format!(
                    "pupil {stray} is not in {}; choose pupils from this class",
                    class.name
                )));
            }
            pupils
                .into_iter()
                .filter(|p| ids.contains(&p.id.into()))
                .collect()
        }
    };
    if chosen.is_empty() {
        return Err(ApiError::BadRequest(format!(
            "{} has no pupils to write to yet; add the class list first",
            class.name
        )));
    }
    let address = parents_address(&state, &headers);
    let letters: Vec<(ParentLetter, Vec<u8>)> = chosen
        .into_iter()
        .map(|p| {
            let code = new_code();
            let hash = keyed_hash(&state.secret_key, &code);
            let code = group_parent_code(&code);
            let link = format!("{address}#code={code}");
            (
                ParentLetter {
                    pupil_id: p.id.into(),
                    first_name: p.first_name,
                    last_initial: p.last_initial,
                    qr_svg: crate::qr::svg(&link),
                    link,
                    code,
                },
                hash,
            )
        })
        .collect();
    let hashes: Vec<(PupilId, Vec<u8>)> = letters
        .iter()
        .map(|(l, h)| (PupilId(l.pupil_id), h.clone()))
        .collect();
    state
        .storage
        .replace_parent_codes(&hashes, user.staff.id, now_ms())
        .await?;
    user.audit(
        &state,
        "parent_letters",
        None,
        &format!(
            "class {class_id}: {} new codes (older codes for these pupils replaced)",
            letters.len()
        ),
    )
    .await?;
    Ok(Json(ParentLetters {
        address,
        school_name: state.storage.school_profile().await?.name,
        class_name: class.name,
        letters: letters.into_iter().map(|(l, _)| l).collect(),
    }))
}
