//! The router of a server that runs several schools: it picks the school from the request's
//! `Host`, as the directory says now (`schools::live`), and hands the request, carrying that
//! school's state, to the routes every school shares: a school added a moment ago answers, one
//! removed doesn't.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use kite_protocol::device::ApiError as ApiErrorBody;
use tower::ServiceExt;

use crate::schools::live::HostTarget;
use crate::schools::{host_name, LiveSchools};

/// Where the authority's API for the directory is answered (see `http::directory_api`).
const AUTHORITY_PREFIX: &str = "/api/v1/authority/";

/// The router of a server with a directory: each host's requests carry its school's state (the
/// trust's also the list of schools it reads). A host in no entry is a 404, never
/// another school. `authority`, when the server has a token for it, answers the authority's API
/// at any host that isn't a school's (the server's own address, the trust's).
pub fn host_router(live: Arc<LiveSchools>, authority: Option<Router>) -> Router {
    Router::new().fallback(move |req: Request| {
        let (live, authority) = (live.clone(), authority.clone());
        async move { dispatch(&live, authority, req).await }
    })
}

async fn dispatch(live: &LiveSchools, authority: Option<Router>, mut req: Request) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .and_then(host_name);
    let target = host.and_then(|h| live.target(&h));
    let for_authority = req.uri().path().starts_with(AUTHORITY_PREFIX);
    let router =
        match (target, authority) {
            (Some(HostTarget::School(state)), _) => {
                req.extensions_mut().insert(state);
                live.routes()
            }
            (None | Some(HostTarget::Trust(..)), Some(authority)) if for_authority => authority,
            (Some(HostTarget::Trust(state, reads)), _) => {
                req.extensions_mut().insert(state);
                req.extensions_mut().insert(reads);
                live.routes()
            }
            (Some(HostTarget::Paused), _) => {
                return unavailable(&req, "This school's Kite is paused. Ask the school.")
            }
            (Some(HostTarget::Unavailable), _) => return unavailable(
                &req,
                "This school's Kite can't be reached just now. Please try again in a few minutes.",
            ),
            (None, _) => return no_school(),
        };
    match router.oneshot(req).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

fn no_school() -> Response {
    (
        StatusCode::NOT_FOUND,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        "No school on this server has this address. Check the address your school gave you.\n",
    )
        .into_response()
}

/// A 503 in words anyone can act on: JSON for the API (a tablet keeps its reports and shows
/// them as waiting), a plain page for a browser.
fn unavailable(req: &Request, words: &str) -> Response {
    let headers = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    if req.uri().path().starts_with("/api/") {
        let body = Json(ApiErrorBody {
            error: words.to_string(),
        });
        (StatusCode::SERVICE_UNAVAILABLE, headers, body).into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            headers,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{words}\n"),
        )
            .into_response()
    }
}
