//! The router of a server that runs several schools: it picks the school from the request's
//! `Host` and hands the request to that school's own router.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use tower::ServiceExt;

use crate::http::{router, AppShell};
use crate::schools::{host_name, Directory, OpenSchool, TrustSchools, TRUST_SLUG};

/// The router of a server with a directory: each host goes to its school's own router (the
/// trust's also carries the list of schools it reads). A host in no entry is a 404, never
/// another school.
pub fn host_router(directory: &Directory, opened: &[OpenSchool], shell: &AppShell) -> Router {
    let schools = Arc::new(TrustSchools::of(directory, opened));
    let mut by_slug: HashMap<&str, Router> = HashMap::new();
    for school in opened {
        let mut r = router(school.state.clone(), shell.clone());
        if school.is_trust {
            r = r.layer(Extension(schools.clone()));
        }
        by_slug.insert(&school.slug, r);
    }
    let mut by_host: HashMap<String, Router> = HashMap::new();
    for school in &directory.schools {
        for host in &school.hosts {
            by_host.insert(host.clone(), by_slug[school.slug.as_str()].clone());
        }
    }
    if let (Some(trust), Some(r)) = (&directory.trust, by_slug.get(TRUST_SLUG)) {
        for host in &trust.hosts {
            by_host.insert(host.clone(), r.clone());
        }
    }
    let by_host = Arc::new(by_host);
    Router::new().fallback(move |req: Request| {
        let by_host = by_host.clone();
        async move { dispatch(&by_host, req).await }
    })
}

async fn dispatch(by_host: &HashMap<String, Router>, req: Request) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .and_then(host_name);
    match host.and_then(|h| by_host.get(&h)) {
        Some(school) => match school.clone().oneshot(req).await {
            Ok(response) => response,
            Err(never) => match never {},
        },
        None => (
            StatusCode::NOT_FOUND,
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            "No school on this server has this address. Check the address your school gave you.\n",
        )
            .into_response(),
    }
}
