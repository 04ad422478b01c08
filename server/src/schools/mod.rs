//! Several schools on one server (a trust). Each school has its own database, key, state and
//! router (its background jobs are run by the server's one `scheduler`); a top-level router (`http::hosts`) picks the school from the request's
//! `Host`. Handlers don't change: `state.storage` is simply that school's. The trust is one more
//! tenant under the slug `trust`, whose accounts read anonymised counts of every school.

pub mod database;
pub mod directory;
pub mod live;
pub mod source;

use std::path::PathBuf;

use anyhow::Context;

use crate::config::Config;
use crate::state::{AppState, SchoolStore};
use crate::storage::{Databases, Store};
pub use directory::{host_name, Directory, HostOwner, SchoolEntry, TRUST_SLUG};
pub use live::LiveSchools;
pub use source::DirectorySource;

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

/// The schools a trust reads, by name, each with its own storage. Given only to the trust's
/// router (see `http::hosts`).
pub struct TrustSchools {
    pub trust_name: String,
    pub schools: Vec<(String, Store)>,
}

impl TrustSchools {
    /// The trust's name and every school it has opened (the trust itself is not one of them).
    pub fn of(directory: &Directory, opened: &[OpenSchool]) -> Self {
        Self {
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
        }
    }
}

/// Where one school's (or, with `TRUST_SLUG`, the trust's) database and key are.
pub fn school_store(config: &Config, slug: &str) -> SchoolStore {
    SchoolStore {
        database_url: database::school_database_url(
            config.database_url.as_deref(),
            &config.data_dir,
            slug,
        ),
        key_dir: database::school_key_dir(&config.data_dir, slug),
    }
}

/// Opens one school's (or, with `TRUST_SLUG`, the trust's) storage and key, on the process's
/// connections.
pub async fn open_school(
    config: &Config,
    databases: &Databases,
    slug: &str,
) -> anyhow::Result<AppState> {
    let store = school_store(config, slug);
    std::fs::create_dir_all(config.data_dir.join("schools"))?;
    AppState::open_at(config, databases, &store)
        .await
        .with_context(|| format!("opening the school {slug:?}"))
}

/// A school (or the trust) of the directory, as it is opened.
pub struct Tenant<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    /// The host its letters and alert emails name (a school's first); `None` for the trust.
    pub host: Option<&'a str>,
    pub is_trust: bool,
}

impl<'a> Tenant<'a> {
    pub fn school(entry: &'a SchoolEntry) -> Self {
        Self {
            slug: &entry.slug,
            name: &entry.name,
            host: entry.hosts.first().map(String::as_str),
            is_trust: false,
        }
    }

    pub fn trust(name: &'a str) -> Self {
        Self {
            slug: TRUST_SLUG,
            name,
            host: None,
            is_trust: true,
        }
    }
}

/// Opens one school or the trust (migrating its database); `shared` is a school already open,
/// whose server-wide parts (password hashing, throttles, the pool of PostgreSQL connections) it
/// shares; the first school opened makes them. The one place schools are
/// opened, at start and when the directory changes under a running server.
pub async fn open_tenant(
    config: &Config,
    tenant: &Tenant<'_>,
    shared: Option<&AppState>,
) -> anyhow::Result<OpenSchool> {
    let databases = match shared {
        Some(first) => first.server.databases.clone(),
        None => config.databases(),
    };
    let mut state = open_school(config, &databases, tenant.slug).await?;
    // A school's letters carry its own host; the trust's keeps the server's address.
    if let Some(host) = tenant.host {
        state.public_url = school_public_url(config.public_url.as_deref(), host);
    }
    if let Some(first) = shared {
        state = state.sharing_server_with(first);
    }
    Ok(OpenSchool {
        slug: tenant.slug.to_string(),
        name: tenant.name.to_string(),
        is_trust: tenant.is_trust,
        state,
        key_dir: database::school_key_dir(&config.data_dir, tenant.slug),
    })
}

/// The address in a school's alert emails: the server's public address (`KITE_PUBLIC_URL`,
/// which says the scheme and port staff use) at the school's own host name. `None` when no
/// public address is set, as for one school.
pub fn school_public_url(public_url: Option<&str>, host: &str) -> Option<String> {
    let mut url = url::Url::parse(public_url?).ok()?;
    url.set_host(Some(host)).ok()?;
    Some(url.as_str().trim_end_matches('/').to_string())
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
