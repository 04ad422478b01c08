//! One scheduler per server process for every school's background work, rather than timers of
//! their own in each school: a server of a thousand schools runs one loop, not three thousand.
//!
//! The jobs, for each school (and the trust, which has no alerts):
//! - **hourly**: ended sessions swept and records past the school's retention period deleted
//!   ([`crate::retention::hourly`]). Each hour's run is claimed in the school's database first
//!   (`job_runs`), so of several servers on one database exactly one runs it;
//! - **alerts**, every `--alert-every` when email or a webhook is set up: urgent-report alerts and
//!   the queued notices to DSLs. Each report and notice is claimed as it is sent
//!   ([`crate::alerts`]), so these need no claim of their own;
//! - **backup**, every ten minutes when `--backup-dir` is set (SQLite: one server per file): the
//!   day's backup once it is due ([`crate::backup::nightly`]).
//!
//! Schools are worked through a few at a time, so one school's slow mail server doesn't hold up
//! the rest, and a large server doesn't open every school's database at once.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};

use crate::alerts::{alert_once, send_dsl_notices, Mailer};
use crate::backup::nightly::Nightly;
use crate::clock::now_ms;
use crate::config::Config;
use crate::state::AppState;

/// How many schools' jobs run at once.
const SCHOOLS_AT_ONCE: usize = 8;

/// A school (or the trust) whose jobs the scheduler runs.
#[derive(Clone)]
pub struct Tenant {
    /// `None` for a server of one school.
    pub slug: Option<String>,
    pub state: AppState,
    /// Urgent alerts and notices to DSLs (not for the trust, which has no reports).
    pub alerts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Hourly,
    Alerts,
    Backup,
}

impl Job {
    const ALL: [Job; 3] = [Job::Hourly, Job::Alerts, Job::Backup];

    /// Its name in `job_runs`.
    fn name(self) -> &'static str {
        match self {
            Job::Hourly => "hourly",
            Job::Alerts => "alerts",
            Job::Backup => "backup",
        }
    }
}

/// The schools to work through, asked afresh each round: schools are added and removed while
/// the server runs (`schools::live`).
pub type Tenants = Arc<dyn Fn() -> Arc<Vec<Tenant>> + Send + Sync>;

pub struct Scheduler {
    tenants: Tenants,
    mailer: Option<Mailer>,
    alert_every: Duration,
    nightly: Option<Nightly>,
    /// Where a backup is written before it is encrypted (the data dir).
    scratch: PathBuf,
}

impl Scheduler {
    /// The jobs `config` asks for, over `tenants`. Fails, so the server doesn't start, when a
    /// setting can't work: an SMTP URL or webhook that doesn't parse, a backup directory without
    /// a passphrase, or nightly backups of a PostgreSQL school.
    pub fn new(config: &Config, tenants: Vec<Tenant>) -> anyhow::Result<Self> {
        let tenants = Arc::new(tenants);
        Self::over(config, Arc::new(move || tenants.clone()))
    }

    /// The same, over a list that changes (checked as it is now).
    pub fn over(config: &Config, tenants: Tenants) -> anyhow::Result<Self> {
        let nightly = Nightly::from_config(config)?;
        if nightly.is_some() {
            anyhow::ensure!(
                tenants().iter().all(|t| t.state.storage.is_sqlite()),
                "--backup-dir is for SQLite; PostgreSQL is backed up with pg_dump (docs/operating.md, \"Backups\")"
            );
        }
        Ok(Self {
            tenants,
            mailer: Mailer::from_config(config)?,
            alert_every: config.alert_every,
            nightly,
            scratch: config.data_dir.clone(),
        })
    }

    /// How often `job` comes round; `None` when it isn't set up.
    fn every(&self, job: Job) -> Option<Duration> {
        match job {
            Job::Hourly => Some(Duration::from_secs(3600)),
            Job::Alerts => self.mailer.as_ref().map(|_| self.alert_every),
            Job::Backup => self.nightly.as_ref().map(|_| Duration::from_secs(600)),
        }
    }

    /// Runs for the life of the server: each job as soon as it starts, then once a period.
    pub async fn run(self) {
        let jobs: Vec<(Job, Duration)> = Job::ALL
            .iter()
            .filter_map(|&job| self.every(job).map(|every| (job, every)))
            .collect();
        let tick = jobs
            .iter()
            .map(|(_, every)| *every)
            .min()
            .unwrap_or(Duration::from_secs(3600))
            .min(Duration::from_secs(60));
        let mut last: Vec<Option<i64>> = vec![None; jobs.len()];
        let mut timer = tokio::time::interval(tick);
        timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            timer.tick().await;
            let now = now_ms();
            for ((job, every), last) in jobs.iter().zip(last.iter_mut()) {
                let slot = slot_of(now, *every);
                if *last != Some(slot) {
                    *last = Some(slot);
                    self.run_job(*job, now).await;
                }
            }
        }
    }

    /// Runs `job` for every school whose turn it is at `now_ms`; answers the schools this
    /// server ran it for (an hourly run another server claimed first is not among them).
    pub async fn run_job(&self, job: Job, now_ms: i64) -> Vec<Option<String>> {
        let Some(every) = self.every(job) else {
            return Vec::new();
        };
        let slot = slot_of(now_ms, every);
        // A few schools at a time (a plain `buffer_unordered` over closures trips the compiler's
        // proof that the server's task is `Send`).
        let now = (self.tenants)();
        let mut tenants = now.iter();
        let mut running = FuturesUnordered::new();
        let mut ran = Vec::new();
        loop {
            while running.len() < SCHOOLS_AT_ONCE {
                let Some(tenant) = tenants.next() else { break };
                running.push(self.run_for(tenant, job, slot, now_ms));
            }
            match running.next().await {
                Some(Some(slug)) => ran.push(slug),
                Some(None) => {}
                None => return ran,
            }
        }
    }

    /// The school's slug when it ran (`Some(None)` for a server of one school).
    async fn run_for(
        &self,
        tenant: &Tenant,
        job: Job,
        slot: i64,
        now_ms: i64,
    ) -> Option<Option<String>> {
        let state = &tenant.state;
        match job {
            Job::Hourly => {
                match state.storage.claim_job_run(job.name(), slot, now_ms).await {
                    Ok(true) => {}
                    Ok(false) => return None,
                    Err(e) => {
                        tracing::warn!(error = %e, school = tenant.slug, "claiming the hourly jobs");
                        return None;
                    }
                }
                crate::retention::hourly(state, now_ms).await;
            }
            Job::Alerts => {
                let mailer = self.mailer.as_ref().filter(|_| tenant.alerts)?;
                if let Err(e) = alert_once(state, mailer).await {
                    tracing::warn!(error = %e, school = tenant.slug, "urgent-report alerts");
                }
                if let Err(e) = send_dsl_notices(state, mailer).await {
                    tracing::warn!(error = %e, school = tenant.slug, "notices to DSLs");
                }
            }
            Job::Backup => {
                let nightly = self.nightly.as_ref()?;
                match nightly
                    .take_if_due(state, tenant.slug.as_deref(), &self.scratch, now_ms)
                    .await
                {
                    Ok(Some(file)) => tracing::info!(file = %file.display(), "backup taken"),
                    Ok(None) => {}
                    // Said on every try (every ten minutes) until it works: a school without
                    // backups must hear about it.
                    Err(e) => tracing::error!(
                        error = format!("{e:#}"),
                        school = tenant.slug,
                        "the daily backup failed"
                    ),
                }
            }
        }
        Some(tenant.slug.clone())
    }
}

/// Which period of length `every` `now_ms` falls in (hours since 1970, for an hourly job).
fn slot_of(now_ms: i64, every: Duration) -> i64 {
    let every = i64::try_from(every.as_millis()).unwrap_or(i64::MAX).max(1);
    now_ms.div_euclid(every)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_hourly_job_has_one_slot_an_hour() {
        let hour = Duration::from_secs(3600);
        assert_eq!(slot_of(0, hour), 0);
        assert_eq!(slot_of(3_599_999, hour), 0);
        assert_eq!(slot_of(3_600_000, hour), 1);
        assert_eq!(slot_of(-1, hour), -1);
    }
}
