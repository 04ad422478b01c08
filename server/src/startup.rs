//! Builds the server from a `Config`. Tests call this with port 0 and a fresh temporary data dir,
//! so they run the same app `kite-server serve` runs.

use std::future::Future;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::http::{router, AppShell};
use crate::rate_limit::KeyedLimiter;
use crate::state::AppState;
use crate::{demo, keys, storage};

/// Opens the database (migrating it) and the key pair. Also used by the admin subcommands.
pub async fn open_state(config: &Config) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data dir {}", config.data_dir.display()))?;
    let storage = storage::connect(&config.database_url())
        .await
        .context("opening the database")?;
    crate::agreements::seed_defaults(storage.as_ref(), crate::clock::now_ms())
        .await
        .context("seeding Kite's default agreements")?;
    let secret_key = keys::load_or_create(storage.as_ref(), &config.data_dir).await?;
    Ok(AppState {
        storage,
        secret_key: Arc::new(secret_key),
        sync_limiter: Arc::new(KeyedLimiter::new(
            "sync",
            config.device_rate_per_sec,
            config.device_burst,
        )),
        staff: Arc::new(crate::auth::staff::StaffAuth::new(config.secure_cookies)),
    })
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    pub state: AppState,
}

impl Application {
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        let state = open_state(config).await?;
        if config.demo {
            demo::seed_if_empty(&state, &config.data_dir).await?;
        }
        let listener = TcpListener::bind(config.addr())
            .await
            .with_context(|| format!("listening on {}", config.addr()))?;
        tokio::spawn(crate::retention::run(state.clone()));
        if let Some(mailer) = crate::alerts::Mailer::from_config(config)? {
            tokio::spawn(crate::alerts::run(
                state.clone(),
                mailer,
                config.alert_every,
            ));
        }
        let router = router(state.clone(), AppShell::load(&config.dist_dir));
        Ok(Self {
            listener,
            router,
            state,
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
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
            .context("serving")
    }
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
