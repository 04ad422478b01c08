//! Several schools on one server (a trust, issue 8). Each school has its own database, key,
//! state, router and background jobs; a top-level router picks the school from the request's
//! `Host`. Handlers don't change: `state.storage` is simply that school's. The trust is one more
//! tenant under the slug `trust`, whose accounts read anonymised counts of every school.

pub mod database;
pub mod directory;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use tower::ServiceExt;

use crate::config::Config;
use crate::http::staff::TrustSchools;
use crate::http::{router, AppShell};
use crate::startup::{open_school_state, SchoolStore};
use crate::state::AppState;
pub use directory::{host_name, Directory, HostOwner, SchoolEntry, TRUST_SLUG};

/// One school (or the trust) opened for serving.
#[derive(Clone)]
pub struct OpenSchool {
    pub slug: String,
    pub name: String,
    pub is_trust: bool,
    pub state: AppState,
    /// Where its key file (and a demo's sign-ins) are kept.
    pub key_dir: PathBuf,
}

/// Opens one school's (or, with `TRUST_SLUG`, the trust's) storage and key.
pub async fn open_school(config: &Config, slug: &str) -> anyhow::Result<AppState> {
    let store = SchoolStore {
        database_url: database::school_database_url(
            config.database_url.as_deref(),
            &config.data_dir,
            slug,
        ),
        key_dir: database::school_key_dir(&config.data_dir, slug),
    };
    std::fs::create_dir_all(config.data_dir.join("schools"))?;
    open_school_state(config, &store)
        .await
        .with_context(|| format!("opening the school {slug:?}"))
}

/// Every school in the directory, then the trust if it has one. They share the password
/// hashing limit and sign-in throttles (one server's memory and CPU), nothing else.
pub async fn open_all(config: &Config, directory: &Directory) -> anyhow::Result<Vec<OpenSchool>> {
    let shared_auth = Arc::new(crate::auth::staff::StaffAuth::new(config.secure_cookies));
    let mut tenants: Vec<(&str, &str, bool)> = directory
        .schools
        .iter()
        .map(|s| (s.slug.as_str(), s.name.as_str(), false))
        .collect();
    if let Some(trust) = &directory.trust {
        tenants.push((TRUST_SLUG, trust.name.as_str(), true));
    }
    let mut opened = Vec::new();
    for (slug, name, is_trust) in tenants {
        let mut state = open_school(config, slug).await?;
        state.staff = shared_auth.clone();
        opened.push(OpenSchool {
            slug: slug.to_string(),
            name: name.to_string(),
            is_trust,
            state,
            key_dir: database::school_key_dir(&config.data_dir, slug),
        });
    }
    Ok(opened)
}

/// The address in a school's alert emails: the server's public address (`KITE_PUBLIC_URL`,
/// which says the scheme and port staff use) at the school's own host name. `None` when no
/// public address is set, as for one school.
pub fn school_public_url(public_url: Option<&str>, host: &str) -> Option<String> {
    let mut url = url::Url::parse(public_url?).ok()?;
    url.set_host(Some(host)).ok()?;
    Some(url.as_str().trim_end_matches('/').to_string())
}

/// The router of a server with a directory: each host goes to its school's own router (the
/// trust's also carries the list of schools it reads). A host in no entry is a 404, never
/// another school.
pub fn host_router(directory: &Directory, opened: &[OpenSchool], shell: &AppShell) -> Router {
    let schools = Arc::new(TrustSchools {
        trust_name: directory
            .trust
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default(),
        schools: opened
            .iter()
            .filter(|s| !s.is_trust)
            .map(|s| (s.name.clone(), s.state.storage.clone()))
            .collect(),
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_emails_link_to_the_schools_own_host() {
        assert_eq!(
            school_public_url(
                Some("https://kite.acorn.example:8443/"),
                "oak.acorn.example"
            )
            .as_deref(),
            Some("https://oak.acorn.example:8443")
        );
        assert_eq!(school_public_url(None, "oak.acorn.example"), None);
    }
}
