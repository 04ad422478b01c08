//! Builds the server from a `Config`. Tests call this with port 0 and a fresh temporary data dir,
//! so they run the same app `kite-server serve` runs.

use std::future::Future;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::http::hosts::host_router;
use crate::http::{router, AppShell};
use crate::state::AppState;
use crate::{demo, schools};

pub struct Application {
    listener: TcpListener,
    router: Router,
    /// The school's state; with a directory of schools, the first school's.
    pub state: AppState,
    /// With a directory of schools: each school and the trust, opened. Empty otherwise.
    pub schools: Vec<schools::OpenSchool>,
}

impl Application {
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        if let Some(directory) = schools::Directory::load(&config.schools_file())? {
            return Self::build_for_schools(config, &directory).await;
        }
        let state = AppState::open(config).await?;
        if config.demo {
            demo::seed_if_empty(&state, &config.data_dir).await?;
        }
        let listener = TcpListener::bind(config.addr())
            .await
            .with_context(|| format!("listening on {}", config.addr()))?;
        spawn_background(config, &state, true, None)?;
        let router = router(state.clone(), AppShell::load(&config.dist_dir));
        Ok(Self {
            listener,
            router,
            state,
            schools: Vec::new(),
        })
    }

    /// Several schools: each opened on its own, with its own tasks, behind a router that picks
    /// the school from the request's host.
    async fn build_for_schools(
        config: &Config,
        directory: &schools::Directory,
    ) -> anyhow::Result<Self> {
        let opened = schools::open_all(config, directory).await?;
        let first = opened
            .iter()
            .find(|s| !s.is_trust)
            .or(opened.first())
            .map(|s| s.state.clone())
            .context("the schools file lists no school and no trust")?;
        for school in &opened {
            if config.demo && !school.is_trust {
                demo::seed_if_empty(&school.state, &school.key_dir).await?;
            }
            // Each school's alert emails link to its own host.
            let mut own = config.clone();
            own.public_url = school.state.public_url.clone();
            spawn_background(&own, &school.state, !school.is_trust, Some(&school.slug))?;
        }
        let listener = TcpListener::bind(config.addr())
            .await
            .with_context(|| format!("listening on {}", config.addr()))?;
        let router = host_router(directory, &opened, &AppShell::load(&config.dist_dir));
        Ok(Self {
            listener,
            router,
            state: first,
            schools: opened,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until `shutdown` completes, then finishes requests in flight.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        // The peer's address reaches the per-client rate limits (as a keyed hash, never stored).
        let service = self
            .router
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await
            .context("serving")
    }
}

/// One school's jobs: retention and session sweeping, the daily backup when a backup directory
/// is set, and urgent alerts when email is set up.
fn spawn_background(
    config: &Config,
    state: &AppState,
    alerts: bool,
    slug: Option<&str>,
) -> anyhow::Result<()> {
    tokio::spawn(crate::retention::run(state.clone()));
    if let Some(nightly) = crate::backup::nightly::Nightly::from_config(config)? {
        anyhow::ensure!(
            state.storage.is_sqlite(),
            "--backup-dir is for SQLite; PostgreSQL is backed up with pg_dump (docs/operating.md, \"Backups\")"
        );
        tokio::spawn(crate::backup::nightly::run(
            nightly,
            state.clone(),
            slug.map(str::to_string),
            config.data_dir.clone(),
        ));
    }
    if !alerts {
        return Ok(());
    }
    if let Some(mailer) = crate::alerts::Mailer::from_config(config)? {
        tokio::spawn(crate::alerts::run(
            state.clone(),
            mailer,
            config.alert_every,
        ));
    }
    Ok(())
}

/// Ctrl-C or SIGTERM. The handlers are registered now, not when the future is first polled, so a
/// signal that arrives right after the server says it is running still shuts it down gracefully.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, Signal, SignalKind};
        async fn recv(s: &mut Option<Signal>) {
            match s {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
        let mut terminate = signal(SignalKind::terminate()).ok();
        let mut interrupt = signal(SignalKind::interrupt()).ok();
        async move {
            tokio::select! {
                _ = recv(&mut terminate) => {},
                _ = recv(&mut interrupt) => {},
            }
            tracing::info!("shutting down: finishing requests in flight");
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
