//! [`ParentUser`], which every parents' route but signing in takes first: the session opened with
//! a letter's code, the family's children whose codes were typed into it, and the one child this
//! request is about (`?child=`, checked against that list on every request; without it, the
//! child the session was opened for).

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::Deserialize;

use crate::auth::csrf;
use crate::auth::parent_session::{ABSOLUTE_MS, COOKIE, IDLE_MS, TOUCH_EVERY_MS};
use crate::auth::staff::session_hash;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::school_of;
use crate::ids::PupilId;
use crate::state::AppState;
use crate::storage::parents::Child;

/// Which of the session's children a request is about.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChildChoice {
    /// One of the session's children (its `children[].id`); without it, the child whose code
    /// opened the session. Any other child is not found.
    child: Option<i64>,
}

/// A parent with a live session, and the child this request is about.
#[derive(Debug, Clone)]
pub struct ParentUser {
    pub child: Child,
    /// Every child in the session, the one it was opened for first.
    pub family: Vec<PupilId>,
    pub session_sha256: Vec<u8>,
    pub csrf_token: String,
}

impl FromRequestParts<()> for ParentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        parent_session(parts, state, true).await
    }
}

/// A [`ParentUser`] whose request doesn't count as the session's last use: posting a concern,
/// which, when anonymous, must leave no time to match with the parent's session.
#[derive(Debug, Clone)]
pub struct QuietParent(pub ParentUser);

impl FromRequestParts<()> for QuietParent {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        parent_session(parts, state, false).await.map(QuietParent)
    }
}

async fn parent_session(
    parts: &mut Parts,
    state: &AppState,
    touch: bool,
) -> Result<ParentUser, ApiError> {
    let id = state
        .cookies
        .read(&parts.headers, &COOKIE)
        .ok_or(ApiError::ParentCodeNeeded)?;
    let hash = session_hash(&id);
    let session = state
        .storage
        .parent_session(&hash)
        .await?
        .ok_or(ApiError::ParentCodeNeeded)?;
    let now = now_ms();
    if now - session.last_seen_ms > IDLE_MS || now - session.created_at_ms > ABSOLUTE_MS {
        state.storage.delete_parent_session(&hash).await?;
        return Err(ApiError::ParentCodeNeeded);
    }
    csrf::check(parts, &session.csrf_token)?;
    let family = state
        .storage
        .parent_session_children(&hash, session.pupil_id)
        .await?;
    let Query(choice) = Query::<ChildChoice>::try_from_uri(&parts.uri)
        .map_err(|_| ApiError::BadRequest("`child` must be one of your children's ids".into()))?;
    // Only a child whose code was typed into this session: another family's child, even with
    // its id guessed, is not found.
    let pupil_id = match choice.child {
        None => session.pupil_id,
        Some(id) => *family
            .iter()
            .find(|c| c.0 == id)
            .ok_or(ApiError::NotFound)?,
    };
    // A child who has left the school: the session no longer opens their page.
    let child = state
        .storage
        .child(pupil_id)
        .await?
        .ok_or(ApiError::ParentCodeNeeded)?;
    if touch && now - session.last_seen_ms > TOUCH_EVERY_MS {
        state.storage.touch_parent_session(&hash, now).await?;
    }
    Ok(ParentUser {
        child,
        family,
        session_sha256: hash,
        csrf_token: session.csrf_token,
    })
}
