//! Every call the parents' page makes to `/api/v1/parents/…`. The browser sends the parent's
//! session cookie itself (HttpOnly, only to `/api/v1/parents`); this adds the session's CSRF
//! token to changes. Requests and error messages go through the same code as the staff screens.
//! A family's session holds several children: the one on screen is kept here too, and every
//! child's call names it (`?child=`), which the server checks against the session's children.

use std::cell::RefCell;

use gloo_net::http::Method;
use kite_protocol::consent::UseConsent;
use kite_protocol::parents::{
    ChildPage, CoSignRequest, CoSignature, ConcernRequest, ConsentChange, Corner, OwnAgreementSign,
    OwnSignature, ParentSessionInfo, ParentSignIn,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::staff_api::request;
pub use crate::staff_api::StaffError as ApiFailure;

thread_local! {
    static CSRF: RefCell<Option<String>> = const { RefCell::new(None) };
    static CHILD: RefCell<Option<i64>> = const { RefCell::new(None) };
}

/// Where the tab keeps the child on screen, so changing the language (which reloads the page)
/// or reloading keeps the same child's page. Only ever one of the session's own children is
/// shown from it (see `ChildView`).
const SHOWN_KEY: &str = "kite.parents.child";

fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The child whose page is on screen (one of the session's `children`).
pub fn show_child(id: i64) {
    CHILD.with(|c| *c.borrow_mut() = Some(id));
    if let Some(s) = tab_storage() {
        let _ = s.set_item(SHOWN_KEY, &id.to_string());
    }
}

pub fn child_shown() -> Option<i64> {
    CHILD.with(|c| *c.borrow()).or_else(|| {
        tab_storage()?
            .get_item(SHOWN_KEY)
            .ok()
            .flatten()?
            .parse()
            .ok()
    })
}

/// A child's route, for the child on screen.
fn for_child(path: &str) -> String {
    match child_shown() {
        Some(id) => format!("{path}?child={id}"),
        None => path.to_string(),
    }
}

fn set_csrf(token: Option<String>) {
    CSRF.with(|c| *c.borrow_mut() = token);
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    request(Method::GET, path, None, None).await
}

async fn send<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, ApiFailure> {
    let json = serde_json::to_string(body).unwrap_or_default();
    let csrf = CSRF.with(|c| c.borrow().clone());
    request(method, path, Some(json), csrf).await
}

/// The session this browser already has, if any.
pub async fn session() -> Result<Option<ParentSessionInfo>, ApiFailure> {
    let s: Option<ParentSessionInfo> = get("/parents/session").await?;
    set_csrf(s.as_ref().map(|s| s.csrf_token.clone()));
    Ok(s)
}

pub async fn sign_in(code: &str) -> Result<ParentSessionInfo, ApiFailure> {
    let s: ParentSessionInfo = send(
        Method::POST,
        "/parents/session",
        &ParentSignIn { code: code.into() },
    )
    .await?;
    set_csrf(Some(s.csrf_token.clone()));
    Ok(s)
}

/// Adds another child to this session with the code from their letter.
pub async fn add_child(code: &str) -> Result<ParentSessionInfo, ApiFailure> {
    send(
        Method::POST,
        "/parents/children",
        &ParentSignIn { code: code.into() },
    )
    .await
}

pub async fn sign_out() -> Result<(), ApiFailure> {
    let r: Result<serde_json::Value, _> = send(Method::POST, "/parents/logout", &()).await;
    set_csrf(None);
    CHILD.with(|c| *c.borrow_mut() = None);
    r.map(|_| ())
}

pub async fn child() -> Result<ChildPage, ApiFailure> {
    get(&for_child("/parents/child")).await
}

pub async fn cosign(req: &CoSignRequest) -> Result<CoSignature, ApiFailure> {
    send(Method::POST, &for_child("/parents/cosign"), req).await
}

pub async fn sign_own_agreement(req: &OwnAgreementSign) -> Result<OwnSignature, ApiFailure> {
    send(Method::POST, &for_child("/parents/agreements/sign"), req).await
}

pub async fn consent(use_key: &str, given: bool) -> Result<Vec<UseConsent>, ApiFailure> {
    send(
        Method::PUT,
        &for_child("/parents/consent"),
        &ConsentChange {
            use_key: use_key.into(),
            given,
        },
    )
    .await
}

pub async fn corner() -> Result<Corner, ApiFailure> {
    get(&for_child("/parents/corner")).await
}

/// The school's news and guides for this family (the same whichever child is on screen).
pub async fn news() -> Result<Vec<kite_protocol::school_posts::SchoolPost>, ApiFailure> {
    get(&for_child("/parents/news")).await
}

pub async fn concern(req: &ConcernRequest) -> Result<(), ApiFailure> {
    let _: serde_json::Value = send(Method::POST, &for_child("/parents/concern"), req).await?;
    Ok(())
}

/// The school's surveys for parents that this family hasn't answered.
pub async fn surveys() -> Result<Vec<kite_protocol::survey::Survey>, ApiFailure> {
    get(&for_child("/parents/surveys")).await
}

/// Answers a survey, once for the family.
pub async fn answer_survey(answer: &kite_protocol::survey::SurveyAnswer) -> Result<(), ApiFailure> {
    let path = for_child(&format!("/parents/surveys/{}/answers", answer.survey_id));
    let _: serde_json::Value = send(Method::POST, &path, answer).await?;
    Ok(())
}
