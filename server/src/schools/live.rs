//! The schools a running server serves, kept in step with the directory (`source`): every few
//! seconds (`--schools-poll`) the server asks whether the directory changed and, if it did,
//! opens the schools that are new (migrating them), drops those removed, and swaps in the new set
//! at once. Requests in flight finish with the set they started with; the next request of a
//! removed school's host is told no school has that address. A paused (suspended) school is not
//! opened: its hosts answer a kind "paused" page. A school that fails to open is logged and tried
//! again next round while every other school is served; only the first start fails outright, so a
//! mistake in a new deployment is seen at once.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use futures::StreamExt;

use super::source::DirectorySource;
use super::{open_tenant, Directory, OpenSchool, Tenant, TrustSchools, TRUST_SLUG};
use crate::config::Config;
use crate::http::{routes, AppShell};
use crate::scheduler;
use crate::state::AppState;

/// How many schools are opened at once (at start, or when many are added together).
const SCHOOLS_OPENING_AT_ONCE: usize = 16;

pub struct LiveSchools {
    config: Config,
    /// Every school's routes, made once: each request carries its school (`http::hosts`).
    routes: Router,
    source: DirectorySource,
    current: RwLock<Arc<Served>>,
    /// One change applied at a time (the poll and the authority's API both apply), and what
    /// the last one read.
    applying: tokio::sync::Mutex<Applied>,
}

#[derive(Default)]
struct Applied {
    /// The directory's stamp when it was last read.
    stamp: Option<String>,
    /// A school failed to open: apply again next round even if nothing changed.
    retry: bool,
}

/// What the server serves now.
#[derive(Default)]
pub struct Served {
    pub directory: Directory,
    by_host: HashMap<String, HostTarget>,
    opened: HashMap<String, Opened>,
    /// The scheduler's list, in directory order.
    tenants: Arc<Vec<scheduler::Tenant>>,
}

#[derive(Clone)]
struct Opened {
    school: OpenSchool,
    /// The directory entry's hosts when it was opened or last changed (its letters name the
    /// first).
    hosts: Vec<String>,
}

/// What a host answers.
#[derive(Clone)]
pub enum HostTarget {
    School(AppState),
    /// The trust, with the schools it reads.
    Trust(AppState, Arc<TrustSchools>),
    /// The school is suspended.
    Paused,
    /// The school is in the directory but couldn't be opened (it is tried again).
    Unavailable,
}

impl LiveSchools {
    /// Opens every school of `directory` (read from `source`); fails when one can't be opened.
    pub async fn start(
        config: &Config,
        shell: AppShell,
        source: DirectorySource,
        directory: Directory,
    ) -> anyhow::Result<Arc<Self>> {
        let stamp = source.stamp().await?;
        let live = Arc::new(Self {
            config: config.clone(),
            routes: routes(shell, config.cookies_secure()),
            source,
            current: RwLock::new(Arc::new(Served::default())),
            applying: tokio::sync::Mutex::new(Applied::default()),
        });
        {
            let mut applied = live.applying.lock().await;
            live.apply(directory, true).await?;
            applied.stamp = Some(stamp);
        }
        Ok(live)
    }

    /// What is served now.
    pub fn current(&self) -> Arc<Served> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// What `host` (a host name as `directory::host_name` gives it) answers; `None`: no school.
    pub fn target(&self, host: &str) -> Option<HostTarget> {
        self.current().by_host.get(host).cloned()
    }

    /// Every school's routes; a request must carry its school's state (see `HostTarget`).
    pub fn routes(&self) -> Router {
        self.routes.clone()
    }

    /// The schools (and the trust) open now, for the scheduler.
    pub fn tenants(&self) -> Arc<Vec<scheduler::Tenant>> {
        self.current().tenants.clone()
    }

    /// The opened schools, in directory order (the trust last).
    pub fn opened(&self) -> Vec<OpenSchool> {
        let served = self.current();
        served
            .tenants
            .iter()
            .filter_map(|t| Some(served.opened.get(t.slug.as_deref()?)?.school.clone()))
            .collect()
    }

    pub fn source(&self) -> &DirectorySource {
        &self.source
    }

    /// Re-reads the directory every `every`, for the life of the server.
    pub fn poll(self: &Arc<Self>, every: Duration) {
        let live = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut timer = tokio::time::interval(every);
            timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            timer.tick().await;
            loop {
                timer.tick().await;
                // Held weakly: a server that is gone stops polling.
                let Some(live) = live.upgrade() else { return };
                if let Err(e) = live.refresh().await {
                    tracing::warn!(error = format!("{e:#}"), "reading the directory of schools");
                }
            }
        });
    }

    /// Applies the directory if it changed since it was last read (or a school failed to open).
    pub async fn refresh(&self) -> anyhow::Result<()> {
        let mut applied = self.applying.lock().await;
        // The stamp before the read: a change between the two is read again next round.
        let stamp = self.source.stamp().await?;
        if applied.stamp.as_deref() == Some(stamp.as_str()) && !applied.retry {
            return Ok(());
        }
        let directory = match self.source.load().await {
            Ok(Some(directory)) => directory,
            // The file is gone: going back to one school needs a restart, and a file moved
            // away for a moment must not close every school. Keep serving what we serve.
            Ok(None) if matches!(self.source, DirectorySource::File(_)) => {
                tracing::warn!(
                    directory = self.source.describe(),
                    "the schools file is gone; still serving the schools it listed until a restart"
                );
                applied.stamp = Some(stamp);
                return Ok(());
            }
            // The database's directory emptied by the authority: no school is served.
            Ok(None) => Directory::default(),
            Err(e) => {
                // Keep serving what we serve, and say why. A half-saved or mistyped file is read
                // again when it next changes; a database that didn't answer, next round.
                if matches!(self.source, DirectorySource::File(_)) {
                    applied.stamp = Some(stamp);
                }
                return Err(e);
            }
        };
        let complete = self.apply(directory, false).await?;
        applied.stamp = Some(stamp);
        applied.retry = !complete;
        Ok(())
    }

    /// Serves `directory`: answers whether every school in it is open.
    async fn apply(&self, directory: Directory, first_start: bool) -> anyhow::Result<bool> {
        let before = self.current();
        let mut opened: HashMap<String, Opened> = HashMap::new();
        let mut complete = true;
        let mut wanted: Vec<(Tenant<'_>, Vec<String>)> = directory
            .schools
            .iter()
            .filter(|s| !s.suspended)
            .map(|s| (Tenant::school(s), s.hosts.clone()))
            .collect();
        if let Some(trust) = &directory.trust {
            wanted.push((Tenant::trust(&trust.name), trust.hosts.clone()));
        }
        // The parts every school shares (password hashing, throttles) come from one already open.
        let mut shared = before
            .opened
            .values()
            .next()
            .map(|o| o.school.state.clone());
        // Indexes into `wanted` of the schools to open.
        let mut to_open = Vec::new();
        for (i, (tenant, hosts)) in wanted.iter().enumerate() {
            if let Some(old) = before.opened.get(tenant.slug) {
                let mut kept = old.clone();
                kept.school.name = tenant.name.to_string();
                if !tenant.is_trust && old.hosts != *hosts {
                    // Its letters and alert emails name its first host.
                    kept.school.state.public_url = tenant.host.and_then(|h| {
                        super::school_public_url(self.config.public_url.as_deref(), h)
                    });
                    kept.hosts = hosts.clone();
                }
                opened.insert(tenant.slug.to_string(), kept);
            } else {
                to_open.push(i);
            }
        }
        // The first school opened makes what the others share; then several open at once, so a
        // server of a thousand schools starts in seconds (each opening mostly waits on its
        // database).
        let mut to_open = to_open.into_iter();
        let mut results = Vec::new();
        if shared.is_none() {
            if let Some(i) = to_open.next() {
                let school = self.open(&wanted[i].0, None).await;
                if let Ok(school) = &school {
                    shared = Some(school.state.clone());
                }
                results.push((i, school));
            }
        }
        let (wanted_ref, shared_ref) = (&wanted, shared.as_ref());
        results.extend(
            futures::stream::iter(to_open)
                .map(|i| async move { (i, self.open(&wanted_ref[i].0, shared_ref).await) })
                .buffer_unordered(SCHOOLS_OPENING_AT_ONCE)
                .collect::<Vec<_>>()
                .await,
        );
        for (i, school) in results {
            let (tenant, hosts) = &wanted[i];
            match school {
                Ok(school) => {
                    tracing::info!(school = tenant.slug, "now serving");
                    opened.insert(
                        tenant.slug.to_string(),
                        Opened {
                            school,
                            hosts: hosts.clone(),
                        },
                    );
                }
                Err(e) if first_start => return Err(e),
                Err(e) => {
                    complete = false;
                    tracing::error!(
                        error = format!("{e:#}"),
                        school = tenant.slug,
                        "a school in the directory could not be opened; trying again next round"
                    );
                }
            }
        }
        let open_schools: Vec<OpenSchool> = wanted
            .iter()
            .filter_map(|(t, _)| opened.get(t.slug).map(|o| o.school.clone()))
            .collect();
        // The trust reads every open school.
        let trust_reads = Arc::new(TrustSchools::of(&directory, &open_schools));
        for gone in before.opened.keys().filter(|s| !opened.contains_key(*s)) {
            tracing::info!(school = gone, "no longer served (its data is kept)");
        }

        let mut by_host = HashMap::new();
        for school in &directory.schools {
            let target = match opened.get(&school.slug) {
                _ if school.suspended => HostTarget::Paused,
                Some(o) => HostTarget::School(o.school.state.clone()),
                None => HostTarget::Unavailable,
            };
            for host in &school.hosts {
                by_host.insert(host.clone(), target.clone());
            }
        }
        if let (Some(trust), Some(o)) = (&directory.trust, opened.get(TRUST_SLUG)) {
            for host in &trust.hosts {
                let target = HostTarget::Trust(o.school.state.clone(), trust_reads.clone());
                by_host.insert(host.clone(), target);
            }
        }
        let tenants = open_schools
            .iter()
            .map(|school| scheduler::Tenant {
                slug: Some(school.slug.clone()),
                state: school.state.clone(),
                alerts: !school.is_trust,
            })
            .collect();
        let served = Served {
            directory,
            by_host,
            opened,
            tenants: Arc::new(tenants),
        };
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(served);
        Ok(complete)
    }

    /// Opens one school or the trust; a demo server seeds a new school's demo data.
    ///
    /// The opening runs on a blocking thread that drives it on the server's runtime: the
    /// storage's opening future is sound to move between threads, but the compiler can't prove
    /// it (`Send` is "not general enough" through sqlx's executor), and the poll and the
    /// authority's API run on spawned tasks, which must be `Send`.
    async fn open(
        &self,
        tenant: &Tenant<'_>,
        shared: Option<&AppState>,
    ) -> anyhow::Result<OpenSchool> {
        let config = self.config.clone();
        let (slug, name) = (tenant.slug.to_string(), tenant.name.to_string());
        let (host, is_trust) = (tenant.host.map(str::to_string), tenant.is_trust);
        let shared = shared.cloned();
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            runtime.block_on(async move {
                let tenant = Tenant {
                    slug: &slug,
                    name: &name,
                    host: host.as_deref(),
                    is_trust,
                };
                let school = open_tenant(&config, &tenant, shared.as_ref()).await?;
                if config.demo && !school.is_trust {
                    crate::demo::seed_if_empty(&school.state, &school.key_dir).await?;
                }
                Ok(school)
            })
        })
        .await?
    }
}
