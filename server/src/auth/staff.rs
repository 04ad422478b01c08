//! Staff sessions: a random id in an HttpOnly, SameSite=Strict cookie, its SHA-256 in the
//! database (so several server processes can share sessions and nothing lives in memory), an
//! idle and an absolute expiry, and a per-session CSRF token that every state-changing request
//! must echo in `X-CSRF-Token`. Roles are enforced by the extractors `Dsl`, `Admin`,
//! `StaffUser` (any signed-in member of the school's staff), `AnyAccount` (anyone signed in, a
//! trust account too: one's own sign-in) and `TrustUser`, which every staff handler takes first.

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kite_protocol::staff::Role;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::password::Hasher;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::ids::StaffId;
use crate::rate_limit::KeyedLimiter;
use crate::state::AppState;
use crate::storage::{Actor, NewAudit, StaffRecord, Store};

pub const COOKIE_NAME: &str = "kite_staff";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// A session ends after this long without a request…
pub const IDLE_MS: i64 = 30 * 60 * 1000;
/// …and after this long in any case: a working day.
pub const ABSOLUTE_MS: i64 = 10 * 60 * 60 * 1000;
/// Wrong passwords in a row before an account is locked, and for how long.
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT_MS: i64 = 15 * 60 * 1000;
/// last_seen is written at most this often (a write a request would be wasteful).
const TOUCH_EVERY_MS: i64 = 30 * 1000;

pub struct StaffAuth {
    pub hasher: Hasher,
    pub secure_cookies: bool,
    /// Enrolment attempts, across the whole server (codes are short; this makes guessing slow).
    pub enrol_limiter: KeyedLimiter,
    /// Parents' sign-in attempts with a letter's code, across the whole server: no IP is kept,
    /// and with 58-bit codes a server-wide limit makes guessing hopeless while a class of
    /// parents signing in on the evening the letters go home never notices it.
    pub parent_limiter: KeyedLimiter,
}

impl StaffAuth {
    pub fn new(secure_cookies: bool) -> Self {
        Self {
            hasher: Hasher::new(2),
            secure_cookies,
            enrol_limiter: KeyedLimiter::new("enrol", 1.0, 20.0),
            parent_limiter: KeyedLimiter::new("parent_sign_in", 1.0, 30.0),
        }
    }

    /// `Set-Cookie` for a new session.
    pub fn session_cookie(&self, session_id: &str) -> HeaderValue {
        self.cookie(COOKIE_NAME, session_id, "/", ABSOLUTE_MS / 1000)
    }

    /// `Set-Cookie` that removes the session cookie.
    pub fn clear_cookie(&self) -> HeaderValue {
        self.cookie(COOKIE_NAME, "", "/", 0)
    }

    /// An HttpOnly, SameSite=Strict cookie (Secure when the server is told it is behind HTTPS).
    /// Shared with the parents' sessions, which use their own name and path.
    pub fn cookie(&self, name: &str, value: &str, path: &str, max_age_secs: i64) -> HeaderValue {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{name}={value}; HttpOnly; SameSite=Strict; Path={path}; Max-Age={max_age_secs}{secure}"
        ))
        .expect("cookie is ASCII")
    }
}

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

pub(crate) fn cookie_value<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A state-changing request must carry the session's CSRF token in `X-CSRF-Token` (staff and
/// parents alike).
pub(crate) fn check_csrf(parts: &Parts, expected: &str) -> Result<(), ApiError> {
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if safe {
        return Ok(());
    }
    let sent = parts
        .headers
        .get(CSRF_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if same_bytes(sent, expected.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "this request is missing its security token; reload the page and try again",
        ))
    }
}

/// Any signed-in staff member, with a live session; state-changing requests also carried the
/// session's CSRF token.
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub staff: StaffRecord,
    pub session_sha256: Vec<u8>,
    pub csrf_token: String,
}

impl StaffUser {
    /// Appends to the audit log as this person.
    pub async fn audit(
        &self,
        state: &AppState,
        action: &str,
        report_id: Option<&str>,
        detail: &str,
    ) -> Result<(), ApiError> {
        state
            .storage
            .append_audit(NewAudit {
                at_ms: now_ms(),
                actor: Actor::Staff(&self.staff),
                action,
                report_id,
                detail,
            })
            .await?;
        Ok(())
    }
}

/// Any signed-in account, with a live session and (for changes) its CSRF token: the session's own
/// routes (who am I, sign out, password, two-step) take this, and only they reach trust accounts.
async fn signed_in(parts: &mut Parts, state: &AppState) -> Result<StaffUser, ApiError> {
    let id = cookie_value(parts, COOKIE_NAME)
        .filter(|v| !v.is_empty())
        .ok_or(ApiError::SignInNeeded)?;
    let hash = session_hash(id);
    let session = state
        .storage
        .session(&hash)
        .await?
        .ok_or(ApiError::SignInNeeded)?;
    let now = now_ms();
    if now - session.last_seen_ms > IDLE_MS || now - session.created_at_ms > ABSOLUTE_MS {
        state.storage.delete_session(&hash).await?;
        return Err(ApiError::SignInNeeded);
    }
    check_csrf(parts, &session.csrf_token)?;
    if now - session.last_seen_ms > TOUCH_EVERY_MS {
        state.storage.touch_session(&hash, now).await?;
    }
    Ok(StaffUser {
        staff: session.staff,
        session_sha256: hash,
        csrf_token: session.csrf_token,
    })
}

/// A member of the school's staff. A trust account is refused (and the refusal audited): it
/// sees the trust overview and its own sign-in, nothing of a school.
impl FromRequestParts<AppState> for StaffUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user = signed_in(parts, state).await?;
        if user.staff.role == Role::Trust {
            return Err(refuse(
                parts,
                state,
                &user,
                "a trust account sees the trust overview only",
            )
            .await);
        }
        Ok(user)
    }
}

/// Any signed-in account, the trust's too: for the routes about one's own sign-in.
pub struct AnyAccount(pub StaffUser);

impl FromRequestParts<AppState> for AnyAccount {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        signed_in(parts, state).await.map(AnyAccount)
    }
}

/// A trust account: the overview of anonymised counts across the trust's schools.
pub struct TrustUser(pub StaffUser);

impl FromRequestParts<AppState> for TrustUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user = signed_in(parts, state).await?;
        if user.staff.role != Role::Trust {
            return Err(refuse(
                parts,
                state,
                &user,
                "only a trust account can see the trust overview",
            )
            .await);
        }
        Ok(TrustUser(user))
    }
}

/// Audits a refused request and gives the 403 to answer with.
async fn refuse(
    parts: &Parts,
    state: &AppState,
    user: &StaffUser,
    refusal: &'static str,
) -> ApiError {
    let logged = user
        .audit(
            state,
            "access_denied",
            None,
            &format!("{} {}", parts.method, parts.uri.path()),
        )
        .await;
    match logged {
        Ok(()) => ApiError::Forbidden(refusal),
        Err(e) => e,
    }
}

async fn require_role(
    parts: &mut Parts,
    state: &AppState,
    allowed: &[Role],
    refusal: &'static str,
) -> Result<StaffUser, ApiError> {
    let user = StaffUser::from_request_parts(parts, state).await?;
    if !allowed.contains(&user.staff.role) {
        return Err(refuse(parts, state, &user, refusal).await);
    }
    Ok(user)
}

/// The DSL or a deputy: reports and the audit log.
pub struct Dsl(pub StaffUser);

impl FromRequestParts<AppState> for Dsl {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user = require_role(
            parts,
            state,
            &[Role::Dsl],
            "only the DSL and deputy DSLs can see reports and the audit log",
        )
        .await?;
        if !user.staff.totp_enabled && state.storage.require_dsl_two_step().await? {
            return Err(ApiError::Forbidden(
                "the school asks DSLs to use two-step sign-in: turn it on under Your sign-in, then come back",
            ));
        }
        Ok(Dsl(user))
    }
}

/// The DSL, an admin (the head or ICT lead) or a governor: the governors' report, which holds
/// only anonymised, suppressed counts.
pub struct Oversight(pub StaffUser);

impl FromRequestParts<AppState> for Oversight {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        require_role(
            parts,
            state,
            &[Role::Dsl, Role::Admin, Role::Governor],
            "only the DSL, admins and governors can see the governors' report",
        )
        .await
        .map(Oversight)
    }
}

/// Anyone who works with pupils' records (DSL, teachers, admins); governors are refused.
pub struct SchoolStaff(pub StaffUser);

impl FromRequestParts<AppState> for SchoolStaff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let pupil_roles: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.works_with_pupils())
            .collect();
        require_role(
            parts,
            state,
            &pupil_roles,
            "governors see the governors' report, not classes or pupils",
        )
        .await
        .map(SchoolStaff)
    }
}

/// An admin / ICT lead: staff accounts, tablets, the school profile.
pub struct Admin(pub StaffUser);

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        require_role(
            parts,
            state,
            &[Role::Admin],
            "only an admin can manage accounts, tablets and the school profile",
        )
        .await
        .map(Admin)
    }
}

pub fn set_cookie_header(value: HeaderValue) -> [(axum::http::HeaderName, HeaderValue); 1] {
    [(SET_COOKIE, value)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_httponly_strict_and_secure_only_when_asked() {
        let plain = StaffAuth::new(false).session_cookie("abc");
        let plain = plain.to_str().unwrap();
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Strict"));
        assert!(plain.contains("Path=/") && !plain.contains("Secure"));
        let secure = StaffAuth::new(true).session_cookie("abc");
        assert!(secure.to_str().unwrap().ends_with("; Secure"));
        assert!(
            same_bytes(b"abc", b"abc") && !same_bytes(b"abc", b"abd") && !same_bytes(b"", b"a")
        );
    }
}
