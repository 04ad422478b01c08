//! Signing in with a letter's code, adding another child's code to the same sign-in (one session
//! for a family), whether signed in, and signing out (for every child at once).

use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kite_protocol::parents::{normalise_parent_code, FamilyChild, ParentSessionInfo, ParentSignIn};

use crate::auth::{parent_code, parent_session};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::client::Client;
use crate::http::parents::audit::audit;
use crate::http::parents::extract::ParentUser;
use crate::http::School;
use crate::ids::PupilId;
use crate::state::AppState;
use crate::storage::parents::{Child, CodeLookup};

const WRONG_CODE: &str = "that code doesn't match a letter from the school; check each letter and try again (it is 12 letters and numbers, like KT7M-9QXH-2PDA)";
const ENDED_CODE: &str = "that code was for a school year that has ended (or for a child who has left the school); ask the school office for a letter with this year's code";
const REPLACED_CODE: &str = "that code has been replaced by a newer letter from the school; use the code on the newest letter, or ask the school office for a new one";

/// `POST /api/v1/parents/session`: a new session for the code's child (limits and checks as
/// in [`child_for_code`]).
#[utoipa::path(
    post,
    path = "/parents/session",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_sign_in",
    request_body = ParentSignIn,
    responses((status = 200, description = "Signed in: the session cookie is set, and the CSRF token is in the answer", body = ParentSessionInfo, headers(("set-cookie" = String, description = "The parent session cookie")))),
)]
pub async fn sign_in(
    School(state): School,
    Client(client): Client,
    ApiJson(req): ApiJson<ParentSignIn>,
) -> Result<Response, ApiError> {
    let child = child_for_code(&state, &client, &req.code).await?;
    let (session_id, csrf_token) = parent_session::start(&state.storage, child.pupil_id).await?;
    audit(&state, Some(child.pupil_id), "parent_sign_in", None, "").await?;
    Ok((
        state.cookies.set(&parent_session::COOKIE, &session_id),
        Json(ParentSessionInfo {
            csrf_token,
            first_name: child.first_name.clone(),
            children: vec![family_child(child)],
        }),
    )
        .into_response())
}

/// `POST /api/v1/parents/children`: another child's code, typed once signed in, adds that child
/// to this session, so a family signs in once. The code goes through the same limits and
/// checks as signing in; a refused code leaves the session as it was (400, not 401: the parent
/// is still signed in for the children already there).
#[utoipa::path(
    post,
    path = "/parents/children",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_add_child",
    request_body = ParentSignIn,
    responses(
        (status = 200, description = "The session with every child in it", body = ParentSessionInfo),
        (status = 400, description = "The code is wrong, ended or replaced: why, and what to do", body = kite_protocol::device::ApiError),
    ),
    security(("parent_session" = [], "csrf_token" = [])),
)]
pub async fn add_child(
    School(state): School,
    Client(client): Client,
    parent: ParentUser,
    ApiJson(req): ApiJson<ParentSignIn>,
) -> Result<Json<ParentSessionInfo>, ApiError> {
    let child = child_for_code(&state, &client, &req.code)
        .await
        .map_err(|e| match e {
            ApiError::ParentCodeRefused(why) => ApiError::BadRequest(why.into()),
            e => e,
        })?;
    if !parent.family.contains(&child.pupil_id) {
        state
            .storage
            .add_parent_session_child(&parent.session_sha256, child.pupil_id, now_ms())
            .await?;
        audit(
            &state,
            Some(child.pupil_id),
            "parent_sign_in",
            None,
            "added to a sign-in for another child in the family",
        )
        .await?;
    }
    let mut family = parent.family;
    if !family.contains(&child.pupil_id) {
        family.push(child.pupil_id);
    }
    Ok(Json(
        session_info(&state, parent.csrf_token, &family).await?,
    ))
}

/// The child a letter's code opens, or why not. Every attempt counts against the client's
/// limit and a server-wide one (429 with Retry-After), so codes can't be guessed and one client
/// can't keep every other parent out.
async fn child_for_code(state: &AppState, client: &str, typed: &str) -> Result<Child, ApiError> {
    // The client's own bucket first: a client at its limit takes nothing from everyone's.
    state
        .limits
        .parent_sign_in_per_client
        .check(&state.storage, client)
        .await?;
    state
        .limits
        .parent_sign_in
        .check(&state.storage, "server")
        .await?;
    let code = normalise_parent_code(typed).ok_or(ApiError::ParentCodeRefused(WRONG_CODE))?;
    let now = now_ms();
    let keyed = parent_code::keyed_hash(&state.secret_key, &code);
    let mut found = state.storage.lookup_parent_code(&keyed, now).await?;
    if found == CodeLookup::Unknown {
        // Printed by an earlier version, which kept a bare hash: re-keyed now it is used.
        let bare = parent_session::code_hash(&code);
        found = state.storage.lookup_parent_code(&bare, now).await?;
        if found != CodeLookup::Unknown {
            state.storage.rekey_parent_code(&bare, &keyed).await?;
        }
    }
    let pupil_id = match found {
        CodeLookup::Active(pupil_id) => pupil_id,
        CodeLookup::Replaced => return Err(ApiError::ParentCodeRefused(REPLACED_CODE)),
        CodeLookup::Ended => return Err(ApiError::ParentCodeRefused(ENDED_CODE)),
        CodeLookup::Unknown => return Err(ApiError::ParentCodeRefused(WRONG_CODE)),
    };
    state
        .storage
        .child(pupil_id)
        .await?
        .ok_or(ApiError::ParentCodeRefused(REPLACED_CODE))
}

fn family_child(child: Child) -> FamilyChild {
    FamilyChild {
        id: child.pupil_id.into(),
        first_name: child.first_name,
    }
}

/// The session as the page sees it: its token and its children (any who have left the school
/// since are left out).
async fn session_info(
    state: &AppState,
    csrf_token: String,
    family: &[PupilId],
) -> Result<ParentSessionInfo, ApiError> {
    let mut children = Vec::new();
    for id in family {
        if let Some(child) = state.storage.child(*id).await? {
            children.push(family_child(child));
        }
    }
    Ok(ParentSessionInfo {
        csrf_token,
        first_name: children
            .first()
            .map(|c| c.first_name.clone())
            .unwrap_or_default(),
        children,
    })
}

/// `GET /api/v1/parents/session`: `null` (not 401) when not signed in, so the page can ask on
/// load without the browser logging an error.
#[utoipa::path(
    get,
    path = "/parents/session",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_session",
    responses((status = 200, description = "The session's CSRF token and its children, or null", body = Option<ParentSessionInfo>)),
    security((), ("parent_session" = [])),
)]
pub async fn current(
    School(state): School,
    req: axum::extract::Request,
) -> Result<Json<Option<ParentSessionInfo>>, ApiError> {
    let (mut parts, _) = req.into_parts();
    match ParentUser::from_request_parts(&mut parts, &()).await {
        Ok(parent) => Ok(Json(Some(
            session_info(&state, parent.csrf_token, &parent.family).await?,
        ))),
        Err(ApiError::ParentCodeNeeded) => Ok(Json(None)),
        Err(e) => Err(e),
    }
}

/// `POST /api/v1/parents/logout`: the session ends, and with it every child in it.
#[utoipa::path(
    post,
    path = "/parents/logout",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_logout",
    responses((status = 200, description = "Signed out; the session cookie is cleared", body = Object, example = json!({"signed_out": true}))),
    security(("parent_session" = [], "csrf_token" = [])),
)]
pub async fn logout(School(state): School, parent: ParentUser) -> Result<Response, ApiError> {
    state
        .storage
        .delete_parent_session(&parent.session_sha256)
        .await?;
    Ok((
        state.cookies.clear(&parent_session::COOKIE),
        Json(serde_json::json!({ "signed_out": true })),
    )
        .into_response())
}
