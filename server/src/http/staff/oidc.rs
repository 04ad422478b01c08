//! Staff sign-in with the school's Microsoft 365 or Google Workspace account: the button's
//! question (is it set up?), the way out to the provider and back, the two-step code after it,
//! and the admin's settings.
//!
//! The provider only says which email signed in. That email must be an active Kite account's
//! (nobody gets an account by signing in), and from there it is a sign-in like a password's: a
//! locked account stays locked, an account with two-step sign-in still gives its code, the role
//! is the account's. Every sign-in and refusal is audited; no token is kept.

use axum::extract::Query;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::Json;
use kite_protocol::school_account::{
    SchoolAccountSettings, SchoolAccountSettingsForm, SchoolAccountSignIn, SchoolAccountTwoStep,
};
use kite_protocol::staff::Me;
use serde::Deserialize;
use subtle::ConstantTimeEq;

use super::extract::Admin;
use super::letters::site_address;
use super::session::{second_step, signed_in};
use crate::auth::cookies::CookieKind;
use crate::auth::oidc::{self, open_client_secret, seal_client_secret, Refusal, RefusalKind};
use crate::auth::staff::{random_token, session_hash, COOKIE};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::client::Client;
use crate::http::School;
use crate::state::AppState;
use crate::storage::sign_in_provider::{SignInUnderWay, StoredProvider};
use crate::storage::{Actor, StaffRecord, SystemTask};

/// How long a sign-in may take, from the button to the provider's answer and on to a two-step
/// code.
const UNDER_WAY_MS: i64 = 10 * 60 * 1000;

/// Names the sign-in under way in this browser (never a session): sent only to these routes.
const FLOW_COOKIE: CookieKind = CookieKind {
    name: "kite_school_account",
    path: "/api/v1/staff/oidc",
    max_age_secs: UNDER_WAY_MS / 1000,
};

/// The staff sign-in page, told what happened (`school_account=`): the page says it in words.
const SIGN_IN_PAGE: &str = "/staff";

/// What the sign-in page shows after coming back from the provider.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    /// No active Kite account uses the email the provider gave.
    NoAccount,
    /// The provider is not reachable or not the one set up.
    Provider,
    /// The provider's answer did not check out.
    Refused,
    Cancelled,
    Locked,
    /// Too slow: the sign-in under way has been forgotten.
    TooSlow,
    /// The account's two-step code is next.
    TwoStep,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::NoAccount => "no_account",
            Outcome::Provider => "provider",
            Outcome::Refused => "refused",
            Outcome::Cancelled => "cancelled",
            Outcome::Locked => "locked",
            Outcome::TooSlow => "too_slow",
            Outcome::TwoStep => "two_step",
        }
    }

    fn of(kind: RefusalKind) -> Self {
        match kind {
            RefusalKind::Provider => Outcome::Provider,
            RefusalKind::Token => Outcome::Refused,
            RefusalKind::Cancelled => Outcome::Cancelled,
        }
    }
}

fn to_sign_in_page(outcome: Outcome) -> Redirect {
    Redirect::to(&format!(
        "{SIGN_IN_PAGE}?school_account={}",
        outcome.as_str()
    ))
}

/// Where the provider sends the browser back: at the school's public address when the server
/// has one (what the admin registers at Microsoft or Google), the same at the start and the end.
fn redirect_uri(state: &AppState, headers: &HeaderMap) -> String {
    format!(
        "{}/api/v1/staff/oidc/callback",
        site_address(state, headers)
    )
}

/// The provider the admin set up, its secret opened; `None` when sign-in with a school account
/// is off.
async fn provider(state: &AppState) -> Result<Option<oidc::Provider>, ApiError> {
    let Some(stored) = state.storage.sign_in_provider().await? else {
        return Ok(None);
    };
    let client_secret = open_client_secret(&state.secret_key, &stored.client_secret_sealed)
        .ok_or_else(|| {
            ApiError::internal(anyhow::anyhow!(
                "the school account client secret does not open under this server's key"
            ))
        })?;
    Ok(Some(oidc::Provider {
        issuer: stored.issuer,
        client_id: stored.client_id,
        client_secret,
    }))
}

/// A refusal before Kite knows which account, if any, it is.
async fn audit_refusal(state: &AppState, detail: &str) -> Result<(), ApiError> {
    state
        .audit(
            Actor::System(SystemTask::SchoolAccountSignIn),
            "school_account_refused",
            None,
            detail,
        )
        .await?;
    Ok(())
}

/// `GET /api/v1/staff/oidc`: whether the sign-in page shows the button. Never the settings.
#[utoipa::path(
    get,
    path = "/staff/oidc",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_school_account",
    summary = "Whether staff can sign in with the school's Microsoft or Google account",
    responses((status = 200, description = "Whether the button is shown", body = SchoolAccountSignIn)),
    security(()),
)]
pub async fn available(School(state): School) -> Result<Json<SchoolAccountSignIn>, ApiError> {
    Ok(Json(SchoolAccountSignIn {
        enabled: state.storage.sign_in_provider().await?.is_some(),
    }))
}

/// `GET /api/v1/staff/oidc/start`: the button. Sends the browser to the provider's sign-in page,
/// remembering (in the database, named by a cookie) what its answer must match.
#[utoipa::path(
    get,
    path = "/staff/oidc/start",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_school_account_start",
    summary = "Go to the school's sign-in provider",
    responses(
        (status = 303, description = "To the provider's sign-in page (or back to the sign-in page, saying why not)"),
        (status = 404, description = "Sign-in with a school account is not set up"),
    ),
    security(()),
)]
pub async fn start(School(state): School, headers: HeaderMap) -> Result<Response, ApiError> {
    let Some(provider) = provider(&state).await? else {
        return Err(ApiError::NotFound);
    };
    let started = match oidc::start(&provider, &redirect_uri(&state, &headers)).await {
        Ok(s) => s,
        Err(refusal) => return refused(&state, refusal).await,
    };
    let flow_id = random_token();
    let now = now_ms();
    state
        .storage
        .keep_sign_in_under_way(
            &session_hash(&flow_id),
            &SignInUnderWay {
                csrf_state: started.csrf_state,
                nonce: started.nonce,
                pkce_verifier: started.pkce_verifier,
                staff_id: None,
                created_at_ms: now,
            },
            now - UNDER_WAY_MS,
        )
        .await?;
    Ok((
        state.cookies.set_lax(&FLOW_COOKIE, &flow_id),
        Redirect::to(&started.authorize_url),
    )
        .into_response())
}

async fn refused(state: &AppState, refusal: Refusal) -> Result<Response, ApiError> {
    audit_refusal(state, &refusal.reason).await?;
    Ok((
        state.cookies.clear(&FLOW_COOKIE),
        to_sign_in_page(Outcome::of(refusal.kind)),
    )
        .into_response())
}

/// The provider's answer, as its redirect carries it.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Answer {
    /// The code to trade for the ID token.
    code: Option<String>,
    /// This sign-in's state, as sent.
    state: Option<String>,
    /// `access_denied` when the person stopped at the provider's page.
    error: Option<String>,
}

/// The sign-in under way in this browser, taken (each is used once).
async fn take_under_way(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Vec<u8>, SignInUnderWay), ApiError> {
    let gone = || {
        ApiError::BadRequest(
            "no sign-in with a school account is under way in this browser: go back to the sign-in page and try again"
                .into(),
        )
    };
    let flow_id = state.cookies.read(headers, &FLOW_COOKIE).ok_or_else(gone)?;
    let hash = session_hash(&flow_id);
    let flow = state
        .storage
        .take_sign_in_under_way(&hash)
        .await?
        .ok_or_else(gone)?;
    Ok((hash, flow))
}

/// `GET /api/v1/staff/oidc/callback`: the provider sends the browser back here.
#[utoipa::path(
    get,
    path = "/staff/oidc/callback",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_school_account_callback",
    summary = "The school's sign-in provider's answer",
    params(Answer),
    responses(
        (status = 303, description = "Signed in (the session cookie is set), the two-step code next, or refused: to the sign-in page, which says which"),
        (status = 400, description = "No sign-in is under way in this browser"),
    ),
    security(()),
)]
pub async fn callback(
    School(state): School,
    headers: HeaderMap,
    Query(answer): Query<Answer>,
) -> Result<Response, ApiError> {
    let (_, flow) = take_under_way(&state, &headers).await?;
    let now = now_ms();
    let refuse = |kind, reason: String| Refusal { kind, reason };
    if flow.staff_id.is_some() || flow.created_at_ms < now - UNDER_WAY_MS {
        audit_refusal(&state, "the sign-in took too long").await?;
        return Ok((
            state.cookies.clear(&FLOW_COOKIE),
            to_sign_in_page(Outcome::TooSlow),
        )
            .into_response());
    }
    let same_state = answer
        .state
        .as_deref()
        .is_some_and(|s| bool::from(s.as_bytes().ct_eq(flow.csrf_state.as_bytes())));
    if !same_state {
        let reason = "the answer's state is not this sign-in's".to_string();
        return refused(&state, refuse(RefusalKind::Token, reason)).await;
    }
    if let Some(error) = answer.error {
        let reason = format!(
            "the provider answered {}",
            error.chars().take(60).collect::<String>()
        );
        return refused(&state, refuse(RefusalKind::Cancelled, reason)).await;
    }
    let Some(code) = answer.code.filter(|c| !c.is_empty()) else {
        let reason = "the provider's answer has no code".to_string();
        return refused(&state, refuse(RefusalKind::Token, reason)).await;
    };
    let Some(provider) = provider(&state).await? else {
        let reason = "sign-in with a school account was turned off meanwhile".to_string();
        return refused(&state, refuse(RefusalKind::Provider, reason)).await;
    };
    let vouched = match oidc::finish(
        &provider,
        &redirect_uri(&state, &headers),
        &code,
        &flow.nonce,
        &flow.pkce_verifier,
    )
    .await
    {
        Ok(v) => v,
        Err(refusal) => return refused(&state, refusal).await,
    };
    let account = state
        .storage
        .staff_by_email(&vouched.email)
        .await?
        .filter(|a| !a.disabled);
    let Some(account) = account else {
        audit_refusal(
            &state,
            &format!("no active Kite account uses {}", vouched.email),
        )
        .await?;
        return Ok((
            state.cookies.clear(&FLOW_COOKIE),
            to_sign_in_page(Outcome::NoAccount),
        )
            .into_response());
    };
    if account.locked_until_ms.is_some_and(|t| t > now) {
        audit_account(
            &state,
            &account,
            "school_account_refused",
            "the account is locked",
        )
        .await?;
        return Ok((
            state.cookies.clear(&FLOW_COOKIE),
            to_sign_in_page(Outcome::Locked),
        )
            .into_response());
    }
    if account.totp_enabled {
        // The provider has vouched; the account's own second step is still to come, in this
        // browser and within the same few minutes.
        let flow_id = random_token();
        state
            .storage
            .keep_sign_in_under_way(
                &session_hash(&flow_id),
                &SignInUnderWay {
                    staff_id: Some(account.id),
                    ..flow
                },
                now - UNDER_WAY_MS,
            )
            .await?;
        audit_account(
            &state,
            &account,
            "school_account_vouched",
            "the two-step code is next",
        )
        .await?;
        return Ok((
            state.cookies.set_lax(&FLOW_COOKIE, &flow_id),
            to_sign_in_page(Outcome::TwoStep),
        )
            .into_response());
    }
    let (session_id, _) = signed_in(&state, &account, now, HOW).await?;
    Ok((
        both(
            state.cookies.set(&COOKIE, &session_id),
            state.cookies.clear(&FLOW_COOKIE),
        ),
        Redirect::to(SIGN_IN_PAGE),
    )
        .into_response())
}

/// The audit detail of a sign-in with the school's account.
const HOW: &str = "with the school's account";

async fn audit_account(
    state: &AppState,
    account: &StaffRecord,
    action: &str,
    detail: &str,
) -> Result<(), ApiError> {
    state
        .audit(Actor::Staff(account), action, None, detail)
        .await?;
    Ok(())
}

fn both(
    a: [(HeaderName, HeaderValue); 1],
    b: [(HeaderName, HeaderValue); 1],
) -> AppendHeaders<[(HeaderName, HeaderValue); 2]> {
    let [a] = a;
    let [b] = b;
    AppendHeaders([a, b])
}

/// `POST /api/v1/staff/oidc/two-step`: the two-step code of an account the school's provider
/// has just vouched for, in the same browser. A wrong code counts like a wrong password and may
/// be tried again while the sign-in lasts.
#[utoipa::path(
    post,
    path = "/staff/oidc/two-step",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_school_account_two_step",
    summary = "The two-step code after signing in with the school's account",
    request_body = SchoolAccountTwoStep,
    responses((status = 200, description = "Signed in: the session cookie is set, and the CSRF token is in the answer", body = Me, headers(("set-cookie" = String, description = "The staff session cookie")))),
    security(()),
)]
pub async fn two_step(
    School(state): School,
    Client(client): Client,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SchoolAccountTwoStep>,
) -> Result<Response, ApiError> {
    let (hash, flow) = take_under_way(&state, &headers).await?;
    let now = now_ms();
    let account = match flow.staff_id {
        Some(id) if flow.created_at_ms >= now - UNDER_WAY_MS => {
            state.storage.staff_by_id(id).await?
        }
        _ => None,
    };
    let Some(account) = account.filter(|a| !a.disabled) else {
        return Err(ApiError::BadRequest(
            "this sign-in has ended: go back to the sign-in page and sign in again".into(),
        ));
    };
    let refused_client = !state
        .limits
        .sign_in_failures_per_client
        .has_token(&state.storage, &client)
        .await?;
    let locked = account.locked_until_ms.is_some_and(|t| t > now);
    if refused_client || locked {
        audit_account(&state, &account, "login_while_locked", HOW).await?;
        return Err(ApiError::LoginFailed);
    }
    if let Err(e) = second_step(&state, &client, &account, Some(&req.totp_code), locked, now).await
    {
        // Another try, within the same few minutes.
        state
            .storage
            .keep_sign_in_under_way(&hash, &flow, now - UNDER_WAY_MS)
            .await?;
        return Err(e);
    }
    let (session_id, me) = signed_in(&state, &account, now, HOW).await?;
    Ok((
        both(
            state.cookies.set(&COOKIE, &session_id),
            state.cookies.clear(&FLOW_COOKIE),
        ),
        Json(me),
    )
        .into_response())
}

/// `GET /api/v1/staff/oidc/settings`: the provider as set up, for the admin; the secret only as
/// "set".
#[utoipa::path(
    get,
    path = "/staff/oidc/settings",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_school_account_settings_get",
    summary = "The school's sign-in provider, as set up (never its secret)",
    responses((status = 200, description = "The settings", body = SchoolAccountSettings)),
    security(("staff_session" = [])),
)]
pub async fn get_settings(
    School(state): School,
    headers: HeaderMap,
    Admin(_user): Admin,
) -> Result<Json<SchoolAccountSettings>, ApiError> {
    settings(&state, &headers).await.map(Json)
}

async fn settings(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<SchoolAccountSettings, ApiError> {
    let stored = state.storage.sign_in_provider().await?;
    Ok(SchoolAccountSettings {
        issuer: stored
            .as_ref()
            .map(|p| p.issuer.clone())
            .unwrap_or_default(),
        client_id: stored
            .as_ref()
            .map(|p| p.client_id.clone())
            .unwrap_or_default(),
        client_secret_set: stored.is_some(),
        redirect_uri: redirect_uri(state, headers),
    })
}

/// `PUT /api/v1/staff/oidc/settings`: sets the provider, or with every field empty turns sign-in
/// with a school account off. Audited (never the secret).
#[utoipa::path(
    put,
    path = "/staff/oidc/settings",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_school_account_settings_put",
    summary = "Set up (or turn off) sign-in with the school's Microsoft or Google account",
    request_body = SchoolAccountSettingsForm,
    responses((status = 200, description = "The settings as saved", body = SchoolAccountSettings)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn put_settings(
    School(state): School,
    headers: HeaderMap,
    Admin(user): Admin,
    ApiJson(form): ApiJson<SchoolAccountSettingsForm>,
) -> Result<Json<SchoolAccountSettings>, ApiError> {
    let old = state.storage.sign_in_provider().await?;
    if let Some((_, problem)) = form.problems(old.is_some()).into_iter().next() {
        return Err(ApiError::BadRequest(problem));
    }
    let now = now_ms();
    if form.turns_off() {
        state
            .storage
            .set_sign_in_provider(None, user.staff.id, now)
            .await?;
        user.audit(&state, "school_account_sign_in_off", None, "")
            .await?;
        return settings(&state, &headers).await.map(Json);
    }
    let new_secret = form
        .client_secret
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let sealed = match (new_secret, &old) {
        (Some(secret), _) => seal_client_secret(&state.secret_key, secret),
        (None, Some(old)) => old.client_secret_sealed.clone(),
        (None, None) => {
            return Err(ApiError::BadRequest(
                "Enter the client secret (its value, not its id).".into(),
            ))
        }
    };
    let stored = StoredProvider {
        issuer: form.issuer.trim().to_string(),
        client_id: form.client_id.trim().to_string(),
        client_secret_sealed: sealed,
    };
    state
        .storage
        .set_sign_in_provider(Some(&stored), user.staff.id, now)
        .await?;
    user.audit(
        &state,
        "school_account_sign_in_set",
        None,
        &format!(
            "issuer {}, client id {}, secret {}",
            stored.issuer,
            stored.client_id,
            if new_secret.is_some() { "new" } else { "kept" }
        ),
    )
    .await?;
    settings(&state, &headers).await.map(Json)
}
