//! What every handler can reach, and how it is opened from the configuration.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use kite_protocol::sealed::SecretKey;

use crate::auth::cookies::Cookies;
use crate::auth::password::{Hasher, HASHES_AT_ONCE};
use crate::config::Config;
use crate::device_networks::DeviceNetworks;
use crate::metrics::Metrics;
use crate::rate_limit::Limits;
use crate::storage::{Databases, Store};
use crate::{agreements, clock, keys, storage};

/// One school's (or the trust's) state. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub storage: Store,
    pub secret_key: Arc<SecretKey>,
    /// Sync, enrolment and parents' sign-in limits.
    pub limits: Arc<Limits>,
    /// Staff passwords, hashed a few at a time.
    pub hasher: Arc<Hasher>,
    /// How the sign-in cookies are marked.
    pub cookies: Cookies,
    /// The school's public address (`KITE_PUBLIC_URL`, at the school's own host in a trust),
    /// without a trailing slash: parents' letters carry it.
    pub public_url: Option<String>,
    /// What the whole server shares, whatever the school.
    pub server: Arc<ServerWide>,
}

/// What the whole server shares, whatever the school: where its data is (the health check
/// looks at that disk), its database connections, its metrics, and the networks tablets may
/// reach it from.
pub struct ServerWide {
    pub data_dir: PathBuf,
    /// The connections every school of this process uses (a school opened later joins them).
    pub databases: Databases,
    pub metrics: Metrics,
    pub device_networks: DeviceNetworks,
    /// Tablets' syncs being worked on (`--syncs-at-once`, see `http::sync::admit`).
    pub syncs: tokio::sync::Semaphore,
}

impl ServerWide {
    pub fn new(config: &Config, databases: &Databases) -> Self {
        Self {
            data_dir: config.data_dir.clone(),
            databases: databases.clone(),
            metrics: Metrics::new(config.metrics_token.clone()),
            device_networks: DeviceNetworks::new(config.device_networks.clone()),
            syncs: tokio::sync::Semaphore::new(config.syncs_at_once as usize),
        }
    }
}

/// Where one school's data is: its database, and the directory where a key file from before
/// keys moved into the database would be (imported once, see `keys`).
pub struct SchoolStore {
    pub database_url: String,
    pub key_dir: PathBuf,
}

impl SchoolStore {
    /// The server's one school (no directory of schools): the configured database and the data
    /// dir.
    pub fn single(config: &Config) -> Self {
        Self {
            database_url: config.database_url(),
            key_dir: config.data_dir.clone(),
        }
    }
}

/// Creates a directory (and any missing parents) that only the server's user can open: it holds
/// the database. One that exists keeps the permissions the operator gave it.
pub(crate) fn private_dir(path: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

impl AppState {
    /// Appends to the audit log, stamped now, as `actor`: the one way a handler writes an entry.
    pub async fn audit(
        &self,
        actor: storage::Actor<'_>,
        action: &str,
        report_id: Option<&str>,
        detail: &str,
    ) -> Result<(), storage::StorageError> {
        self.storage
            .append_audit(storage::NewAudit {
                at_ms: clock::now_ms(),
                actor,
                action,
                report_id,
                detail,
            })
            .await
    }

    /// Opens the database (migrating it) and the key pair of the server's one school. Also used
    /// by the admin commands.
    pub async fn open(config: &Config) -> anyhow::Result<Self> {
        Self::open_at(config, &config.databases(), &SchoolStore::single(config)).await
    }

    /// Opens one school's (or the trust's) database and key: everything a school keeps is
    /// reached through the state this returns, so schools sharing a server share none of it but
    /// the process's connections (`databases`, on PostgreSQL; each statement runs on its
    /// school's schema).
    pub async fn open_at(
        config: &Config,
        databases: &Databases,
        store: &SchoolStore,
    ) -> anyhow::Result<Self> {
        private_dir(&config.data_dir)
            .with_context(|| format!("creating data dir {}", config.data_dir.display()))?;
        private_dir(&store.key_dir)
            .with_context(|| format!("creating {}", store.key_dir.display()))?;
        let storage = storage::connect_in(databases, &store.database_url)
            .await
            .context("opening the database")?;
        agreements::seed_defaults(&storage, clock::now_ms())
            .await
            .context("seeding Kite's default agreements")?;
        let secret_key = keys::load_or_create(&storage, &store.key_dir).await?;
        seal_plaintext_totp_secrets(&storage, &secret_key)
            .await
            .context("sealing two-step secrets")?;
        Ok(Self {
            storage,
            secret_key: Arc::new(secret_key),
            limits: Arc::new(Limits::new(config)),
            hasher: Arc::new(Hasher::new(HASHES_AT_ONCE)),
            cookies: Cookies::new(config.cookies_secure()),
            public_url: config
                .public_url
                .as_deref()
                .map(|u| u.trim().trim_end_matches('/').to_string())
                .filter(|u| !u.is_empty()),
            server: Arc::new(ServerWide::new(config, databases)),
        })
    }

    /// The keys two-step secrets are sealed and recovery codes hashed with, derived from the
    /// server's key.
    pub fn two_step_keys(&self) -> crate::auth::two_step_keys::TwoStepKeys {
        crate::auth::two_step_keys::TwoStepKeys::derive(&self.secret_key)
    }

    /// This school's state, hashing passwords and limiting requests together with `other`'s:
    /// schools on one server share its memory and CPU, nothing else.
    pub fn sharing_server_with(self, other: &AppState) -> Self {
        Self {
            limits: other.limits.clone(),
            hasher: other.hasher.clone(),
            server: other.server.clone(),
            ..self
        }
    }
}

/// Two-step secrets an earlier version stored in plaintext, sealed now (each server start looks;
/// after the first there are none).
async fn seal_plaintext_totp_secrets(storage: &Store, key: &SecretKey) -> anyhow::Result<()> {
    let keys = crate::auth::two_step_keys::TwoStepKeys::derive(key);
    for (id, secret) in storage.plaintext_totp_secrets().await? {
        let sealed = keys.seal_secret(id, &secret);
        storage
            .seal_plaintext_totp_secret(id, &secret, &sealed)
            .await?;
    }
    Ok(())
}
