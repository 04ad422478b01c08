//! Parents' sessions: a code from the school's letter opens a session for that one child. The
//! session works like a staff session (random id in an HttpOnly SameSite=Strict cookie, only its
//! SHA-256 stored, idle and absolute expiry, a CSRF token for changes) and reuses its helpers;
//! the cookie has its own name and is sent only to `/api/v1/parents`, so a parent's browser
//! never holds anything a staff route would accept, and the other way round.
//!
//! The extractor `http::parents::extract::ParentUser` carries the session's child, and every
//! parent handler reads and writes that child only: there is no pupil id in any parent URL or
//! body to change.

use sha2::{Digest, Sha256};

use super::cookies::CookieKind;
use super::staff::{random_token, session_hash};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::ids::PupilId;
use crate::storage::Store;

pub const COOKIE_NAME: &str = "kite_parent";
pub const COOKIE_PATH: &str = "/api/v1/parents";
/// A parent's session ends after this long without a request…
pub const IDLE_MS: i64 = 30 * 60 * 1000;
/// …and after this long in any case: an evening.
pub const ABSOLUTE_MS: i64 = 4 * 60 * 60 * 1000;
pub const TOUCH_EVERY_MS: i64 = 30 * 1000;

/// The parent's session cookie: sent to the parents' API only.
pub const COOKIE: CookieKind = CookieKind {
    name: COOKIE_NAME,
    path: COOKIE_PATH,
    max_age_secs: ABSOLUTE_MS / 1000,
};

/// The bare hash earlier versions stored a code by: looked up only for codes printed before
/// the keyed hash ([`super::parent_code`]), which are then re-keyed.
pub fn code_hash(code: &str) -> Vec<u8> {
    Sha256::digest(code.as_bytes()).to_vec()
}

/// Starts a session for a pupil's parent; returns (session id for the cookie, CSRF token).
pub async fn start(storage: &Store, pupil_id: PupilId) -> Result<(String, String), ApiError> {
    let id = random_token();
    let csrf = random_token();
    storage
        .create_parent_session(&session_hash(&id), pupil_id, &csrf, now_ms())
        .await?;
    Ok((id, csrf))
}
