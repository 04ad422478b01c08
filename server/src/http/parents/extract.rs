//! [`ParentUser`], which every parents' route but signing in takes first: the session opened with
//! a letter's code, and the one child it is for.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::auth::csrf;
use crate::auth::parent_session::{ABSOLUTE_MS, COOKIE, IDLE_MS, TOUCH_EVERY_MS};
use crate::auth::staff::session_hash;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::state::AppState;
use crate::storage::parents::Child;

/// A parent with a live session, and the one child it is for.
#[derive(Debug, Clone)]
pub struct ParentUser {
    pub child: Child,
    pub session_sha256: Vec<u8>,
    pub csrf_token: String,
}

impl FromRequestParts<AppState> for ParentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        parent_session(parts, state, true).await
    }
}

/// A [`ParentUser`] whose request doesn't count as the session's last use: posting a concern,
/// which, when anonymous, must leave no time to match with the parent's session.
#[derive(Debug, Clone)]
pub struct QuietParent(pub ParentUser);

impl FromRequestParts<AppState> for QuietParent {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
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
    // A child who has left the school: the session no longer opens anything.
    let child = state
        .storage
        .child(session.pupil_id)
        .await?
        .ok_or(ApiError::ParentCodeNeeded)?;
    if touch && now - session.last_seen_ms > TOUCH_EVERY_MS {
        state.storage.touch_parent_session(&hash, now).await?;
    }
    Ok(ParentUser {
        child,
        session_sha256: hash,
        csrf_token: session.csrf_token,
    })
}
