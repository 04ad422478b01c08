//! Staff sessions: a random id in an HttpOnly, SameSite=Strict cookie, its SHA-256 in the
//! database (so several server processes can share sessions and nothing lives in memory), an
//! idle and an absolute expiry, and a per-session CSRF token that every state-changing request
//! must echo in `X-CSRF-Token`. Who may do what is decided by the extractors in
//! `http::staff::extract`, which read the session this module starts.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::cookies::CookieKind;
use crate::clock::now_ms;
use crate::ids::StaffId;
use crate::storage::Store;

pub const COOKIE_NAME: &str = "kite_staff";
/// A session ends after this long without a request…
pub const IDLE_MS: i64 = 30 * 60 * 1000;
/// …and after this long in any case: a working day.
pub const ABSOLUTE_MS: i64 = 10 * 60 * 60 * 1000;
/// Wrong passwords in a row before an account is locked, and for how long.
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT_MS: i64 = 15 * 60 * 1000;
/// last_seen is written at most this often (a write a request would be wasteful).
pub const TOUCH_EVERY_MS: i64 = 30 * 1000;

/// The staff session cookie: sent to every path, for at most the absolute lifetime.
pub const COOKIE: CookieKind = CookieKind {
    name: COOKIE_NAME,
    path: "/",
    max_age_secs: ABSOLUTE_MS / 1000,
};

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn session_hash(session_id: &str) -> Vec<u8> {
    Sha256::digest(session_id.as_bytes()).to_vec()
}

/// Starts a session; returns (session id for the cookie, CSRF token).
pub async fn start_session(storage: &Store, staff_id: StaffId) -> anyhow::Result<(String, String)> {
    let id = random_token();
    let csrf = random_token();
    storage
        .create_session(&session_hash(&id), staff_id, &csrf, now_ms())
        .await?;
    Ok((id, csrf))
}
