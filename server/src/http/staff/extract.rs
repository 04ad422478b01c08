//! The staff extractors, which every staff handler takes first: `StaffUser` (any signed-in
//! member of the school's staff), `AnyAccount` (anyone signed in, a trust account too: one's
//! own sign-in), `TrustUser`, and the roles `Dsl`, `Oversight`, `SchoolStaff`, `Admin` and
//! `ConcernWriter`. Each
//! reads the session cookie, checks the session's expiry and (for changes) its CSRF token, and
//! refuses, auditing the refusal, anyone whose role the route is not for.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use kite_protocol::staff::Role;

use crate::auth::staff::{session_hash, ABSOLUTE_MS, COOKIE_NAME, IDLE_MS, TOUCH_EVERY_MS};
use crate::auth::{cookies, csrf};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::state::AppState;
use crate::storage::{Actor, StaffRecord};

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
            .audit(Actor::Staff(&self.staff), action, report_id, detail)
            .await?;
        Ok(())
    }
}

/// Any signed-in account, with a live session and (for changes) its CSRF token: the session's own
/// routes (who am I, sign out, password, two-step) take this, and only they reach trust accounts.
async fn signed_in(parts: &mut Parts, state: &AppState) -> Result<StaffUser, ApiError> {
    let id = cookies::read(&parts.headers, COOKIE_NAME)
        .filter(|v| !v.is_empty())
        .ok_or(ApiError::SignInNeeded)?;
    let hash = session_hash(&id);
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
    csrf::check(parts, &session.csrf_token)?;
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

/// The DSL or an admin: the school's term dates, which decide the months the governors' report
/// counts a half-term or a term by.
pub struct DslOrAdmin(pub StaffUser);

impl FromRequestParts<AppState> for DslOrAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        require_role(
            parts,
            state,
            &[Role::Dsl, Role::Admin],
            "only the DSL and admins keep the school's term dates",
        )
        .await
        .map(DslOrAdmin)
    }
}

/// Anyone who works with pupils' records (DSL, teachers, admins); governors and other staff
/// (who log concerns but see no class list) are refused.
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
            "only DSLs, teachers and admins see classes and pupils",
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

/// Anyone who works in school and may log a concern about any pupil: DSLs, teachers, admins and
/// other staff; not governors or the trust.
pub struct ConcernWriter(pub StaffUser);

impl FromRequestParts<AppState> for ConcernWriter {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let writers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.logs_concerns())
            .collect();
        require_role(
            parts,
            state,
            &writers,
            "governors see the governors' report; concerns are logged by staff in school",
        )
        .await
        .map(ConcernWriter)
    }
}
