//! Parents' sessions: a code from the school's letter opens a session for that one child. The
//! session works like a staff session (random id in an HttpOnly SameSite=Strict cookie, only its
//! SHA-256 stored, idle and absolute expiry, a CSRF token for changes) and reuses its helpers;
//! the cookie has its own name and is sent only to `/api/v1/parents`, so a parent's browser
//! never holds anything a staff route would accept, and the other way round.
//!
//! The extractor [`ParentUser`] carries the session's child, and every parent handler reads and
//! writes that child only: there is no pupil id in any parent URL or body to change.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderValue;
use sha2::{Digest, Sha256};

use super::staff::{check_csrf, cookie_value, random_token, session_hash};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::ids::PupilId;
use crate::state::AppState;
use crate::storage::parents::Child;

pub const COOKIE_NAME: &str = "kite_parent";
pub const COOKIE_PATH: &str = "/api/v1/parents";
/// A parent's session ends after this long without a request…
pub const IDLE_MS: i64 = 30 * 60 * 1000;
/// …and after this long in any case: an evening.
pub const ABSOLUTE_MS: i64 = 4 * 60 * 60 * 1000;
const TOUCH_EVERY_MS: i64 = 30 * 1000;

/// The hash a code is stored and looked up by. `code` is normalised
/// ([`kite_protocol::parents::normalise_parent_code`]).
pub fn code_hash(code: &str) -> Vec<u8> {
    Sha256::digest(code.as_bytes()).to_vec()
}

pub fn session_cookie(state: &AppState, session_id: &str) -> HeaderValue {
    state
        .staff
        .cookie(COOKIE_NAME, session_id, COOKIE_PATH, ABSOLUTE_MS / 1000)
}

pub fn clear_cookie(state: &AppState) -> HeaderValue {
    state.staff.cookie(COOKIE_NAME, "", COOKIE_PATH, 0)
}

/// Starts a session for a pupil's parent; returns (session id for the cookie, CSRF token).
pub async fn start(state: &AppState, pupil_id: PupilId) -> Result<(String, String), ApiError> {
    let id = random_token();
    let csrf = random_token();
    state
        .storage
        .create_parent_session(&session_hash(&id), pupil_id, &csrf, now_ms())
        .await?;
    Ok((id, csrf))
}

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
        let id = cookie_value(parts, COOKIE_NAME)
            .filter(|v| !v.is_empty())
            .ok_or(ApiError::ParentCodeNeeded)?;
        let hash = session_hash(id);
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
        check_csrf(parts, &session.csrf_token)?;
        // A child who has left the school: the session no longer opens anything.
        let child = state
            .storage
            .child(session.pupil_id)
            .await?
            .ok_or(ApiError::ParentCodeNeeded)?;
        if now - session.last_seen_ms > TOUCH_EVERY_MS {
            state.storage.touch_parent_session(&hash, now).await?;
        }
        Ok(ParentUser {
            child,
            session_sha256: hash,
            csrf_token: session.csrf_token,
        })
    }
}
