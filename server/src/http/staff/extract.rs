//! The staff extractors, which every staff handler takes first: `StaffUser` (any signed-in
//! member of the school's staff), `AnyAccount` (anyone signed in, a trust account too: one's
//! own sign-in), `SettingUpTwoStep` (an account still to set up the two-step sign-in it must
//! use, which reaches nothing else), `TrustUser`, and the roles `Dsl`, `Oversight`,
//! `SchoolStaff`, `Admin`, `AdminOrDsl`, `ConcernWriter`, `Head`, `DutiesLead` and
//! `HeadOrChair`. Each reads the session cookie, checks the session's expiry and (for changes)
//! its CSRF token, and refuses, auditing the refusal, anyone whose role the route is not for.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use kite_protocol::adult_concern::AdultConcernReader;
use kite_protocol::staff::Role;

use crate::auth::csrf;
use crate::auth::staff::{session_hash, ABSOLUTE_MS, COOKIE, IDLE_MS, TOUCH_EVERY_MS};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::school_of;
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

/// The header the staff pages' background polls (the inbox count) send: such a request is
/// answered but doesn't count as the person being there, so an unattended screen still locks
/// and its session still ends.
pub const BACKGROUND_HEADER: &str = "x-kite-background";

/// Any signed-in account whose two-step sign-in is on or not needed: what every route but the
/// two-step set-up asks for. An account that must use two-step (see `two_step_required`) and
/// hasn't set it up has proved only its password, so it may set two-step up and nothing else.
async fn signed_in(parts: &mut Parts, state: &AppState) -> Result<StaffUser, ApiError> {
    let user = open_session(parts, state).await?;
    if !user.staff.totp_enabled && two_step_required(state, &user.staff).await? {
        return Err(refuse(parts, state, &user, SET_UP_TWO_STEP_FIRST).await);
    }
    Ok(user)
}

const SET_UP_TWO_STEP_FIRST: &str =
    "set up two-step sign-in first: this account needs it before it can do anything else";

/// Whether this account must use two-step sign-in: always for DSLs, admins and trust accounts;
/// for teachers and other staff when the school asks.
pub async fn two_step_required(state: &AppState, staff: &StaffRecord) -> Result<bool, ApiError> {
    Ok(staff.role.two_step_always_required()
        || (staff.role.two_step_school_choice()
            && state.storage.require_teacher_two_step().await?))
}

/// Any signed-in account with an open (not locked) session and (for changes) its CSRF token,
/// two-step or not. A session left alone past the lock time is refused (423) until its password
/// is given again; a background poll is answered without counting as the person being there.
async fn open_session(parts: &mut Parts, state: &AppState) -> Result<StaffUser, ApiError> {
    let (user, idle_ms) = live_session(parts, state, true).await?;
    if idle_ms > state.limits.staff_lock_ms {
        return Err(ApiError::SessionLocked);
    }
    let background = parts
        .headers
        .get(BACKGROUND_HEADER)
        .is_some_and(|v| v.as_bytes() == b"1");
    let touch_every = TOUCH_EVERY_MS.min(state.limits.staff_lock_ms / 4);
    if !background && idle_ms > touch_every {
        state
            .storage
            .touch_session(&user.session_sha256, now_ms())
            .await?;
    }
    Ok(user)
}

/// A session that has not ended (idle or too long), locked or not, and how long since the
/// person last made a request; with `csrf`, changes also carried its CSRF token.
async fn live_session(
    parts: &mut Parts,
    state: &AppState,
    csrf: bool,
) -> Result<(StaffUser, i64), ApiError> {
    let id = state
        .cookies
        .read(&parts.headers, &COOKIE)
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
    if csrf {
        csrf::check(parts, &session.csrf_token)?;
    }
    let user = StaffUser {
        staff: session.staff,
        session_sha256: hash,
        csrf_token: session.csrf_token,
    };
    Ok((user, now - session.last_seen_ms))
}

/// A signed-in account whose screen may be locked, with the CSRF token for changes: for
/// signing out of a locked screen.
pub struct LockedOrNot(pub StaffUser);

impl FromRequestParts<()> for LockedOrNot {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        live_session(parts, state, true)
            .await
            .map(|(user, _)| LockedOrNot(user))
    }
}

/// A signed-in account whose screen may be locked, for unlocking it. No CSRF token: a page
/// reloaded while locked has none (the server gives it only to an open session), and the
/// account's password in a JSON body, with a SameSite=Strict cookie, is what proves the
/// request is the person's.
pub struct Unlocking(pub StaffUser);

impl FromRequestParts<()> for Unlocking {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        live_session(parts, state, false)
            .await
            .map(|(user, _)| Unlocking(user))
    }
}

/// A member of the school's staff. A trust account is refused (and the refusal audited): it
/// sees the trust overview and its own sign-in, nothing of a school.
impl FromRequestParts<()> for StaffUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
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

impl FromRequestParts<()> for AnyAccount {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        signed_in(parts, state).await.map(AnyAccount)
    }
}

/// Any signed-in account, even one that must set up two-step sign-in and hasn't yet: for who am
/// I, signing out and the two-step set-up itself, the only routes such a session reaches.
pub struct SettingUpTwoStep(pub StaffUser);

impl FromRequestParts<()> for SettingUpTwoStep {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        open_session(parts, state).await.map(SettingUpTwoStep)
    }
}

/// A trust account: the overview of anonymised counts across the trust's schools.
pub struct TrustUser(pub StaffUser);

impl FromRequestParts<()> for TrustUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
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
    let user = StaffUser::from_request_parts(parts, &()).await?;
    if !allowed.contains(&user.staff.role) {
        return Err(refuse(parts, state, &user, refusal).await);
    }
    Ok(user)
}

/// The DSL or a deputy: reports and the audit log.
pub struct Dsl(pub StaffUser);

impl FromRequestParts<()> for Dsl {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        require_role(
            parts,
            state,
            &[Role::Dsl],
            "only the DSL and deputy DSLs can see reports and the audit log",
        )
        .await
        .map(Dsl)
    }
}

/// The DSL, an admin (the head or ICT lead) or a governor: the governors' report, which holds
/// only anonymised, suppressed counts.
pub struct Oversight(pub StaffUser);

impl FromRequestParts<()> for Oversight {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
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

/// Anyone who works with pupils' records (DSL, teachers, admins); governors and other staff
/// (who log concerns but see no class list) are refused.
pub struct SchoolStaff(pub StaffUser);

impl FromRequestParts<()> for SchoolStaff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
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

impl FromRequestParts<()> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
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

/// An admin or a DSL: staff accounts, the school's settings and its term dates, where each may
/// change only what is theirs (see `authority`: DSL accounts, two-step and shortening retention are the DSL's).
pub struct AdminOrDsl(pub StaffUser);

impl FromRequestParts<()> for AdminOrDsl {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        require_role(
            parts,
            state,
            &[Role::Admin, Role::Dsl],
            "only an admin or a DSL can manage accounts and the school's settings",
        )
        .await
        .map(AdminOrDsl)
    }
}

/// Anyone who works in school and may log a concern about any pupil: DSLs, teachers, admins and
/// other staff; not governors or the trust.
pub struct ConcernWriter(pub StaffUser);

impl FromRequestParts<()> for ConcernWriter {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
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

/// An account flagged as the head teacher's: authorising or refusing a change to the filter,
/// which the DfE standard and the school's policy give to the head alone. The role doesn't
/// matter (a head may hold a DSL, admin or teacher account); the flag does.
pub struct Head(pub StaffUser);

impl FromRequestParts<()> for Head {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        let user = StaffUser::from_request_parts(parts, &()).await?;
        if !user.staff.is_head {
            return Err(refuse(
                parts,
                state,
                &user,
                "only the head teacher can authorise or refuse a change to the filter",
            )
            .await);
        }
        Ok(Head(user))
    }
}

/// Those who keep the school's online-safety duties (filtering and monitoring's logs, the
/// online-safety policy's reviews): the DSL, an admin (or the IT lead) and the head, whatever
/// the head's role.
pub struct DutiesLead(pub StaffUser);

impl FromRequestParts<()> for DutiesLead {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        let user = StaffUser::from_request_parts(parts, &()).await?;
        if !(user.staff.is_head || matches!(user.staff.role, Role::Dsl | Role::Admin)) {
            return Err(refuse(
                parts,
                state,
                &user,
                "only the DSL, an admin or the head keep the filtering and monitoring logs and the online-safety policy",
            )
            .await);
        }
        Ok(DutiesLead(user))
    }
}

/// Whoever reads concerns about adults in school: the head (those about anyone else), or the
/// chair of governors (those about the head). Nobody else, whatever their role: the DSL, admins,
/// teachers and other governors are refused.
pub struct HeadOrChair(pub StaffUser, pub AdultConcernReader);

impl FromRequestParts<()> for HeadOrChair {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        let user = StaffUser::from_request_parts(parts, &()).await?;
        let reader = if user.staff.is_chair {
            AdultConcernReader::ChairOfGovernors
        } else if user.staff.is_head {
            AdultConcernReader::Head
        } else {
            return Err(refuse(
                parts,
                state,
                &user,
                "only the head (or the chair of governors, for a concern about the head) reads concerns about adults in school",
            )
            .await);
        };
        Ok(HeadOrChair(user, reader))
    }
}
