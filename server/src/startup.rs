//! Builds the server from a `Config`. Tests call this with port 0 and a fresh temporary data dir,
//! so they run the same app `kite-server serve` runs.

use std::future::Future;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::http::directory_api::authority_router;
use crate::http::hosts::host_router;
use crate::http::{router, AppFiles, AppShell};
use crate::scheduler::{Scheduler, Tenant};
use crate::state::AppState;
use crate::tls::TlsListener;
use crate::{demo, schools, tls};
use axum::serve::ListenerExt;
use std::future::IntoFuture;
use std::sync::Arc;
use tokio_rustls::TlsAcceptor;

pub struct Application {
    listener: TcpListener,
    /// With `--tls-cert` or `--acme-domain`: the listener speaks HTTPS, and `--http-port` sends plain http there.
    tls: Option<TlsAcceptor>,
    redirect_listener: Option<TcpListener>,
    router: Router,
    /// The school's state; with a directory of schools, the first school's (none when every
    /// school is paused).
    pub state: Option<AppState>,
    /// With a directory of schools: each school and the trust opened at start (schools added
    /// later are not in it). Empty otherwise.
    pub schools: Vec<schools::OpenSchool>,
    /// With a directory of schools: the directory as it was at start (from the schools file or
    /// the database), for what `serve` prints.
    pub directory: Option<schools::Directory>,
}

impl Application {
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        if let Some(source) = schools::DirectorySource::for_serving(config).await? {
            if let Some(directory) = source.load().await? {
                return Self::build_for_schools(config, source, directory).await;
            }
        }
        let state = AppState::open(config).await?;
        if config.demo {
            demo::seed_if_empty(&state, &config.data_dir).await?;
        }
        let listeners = Listeners::bind(config).await?;
        let scheduler = Scheduler::new(
            config,
            vec![Tenant {
                slug: None,
                state: state.clone(),
                alerts: true,
            }],
        )?;
        tokio::spawn(scheduler.run());
        let router = router(state.clone(), app_shell(config));
        Ok(Self {
            listener: listeners.main,
            tls: listeners.tls,
            redirect_listener: listeners.redirect,
            router,
            state: Some(state),
            schools: Vec::new(),
            directory: None,
        })
    }

    /// Several schools: each opened on its own, behind a router that picks the school from the
    /// request's host, kept in step with the directory while the server runs.
    async fn build_for_schools(
        config: &Config,
        source: schools::DirectorySource,
        directory: schools::Directory,
    ) -> anyhow::Result<Self> {
        // Every school paused (a trust between terms, a school's service stopped while it
        // decides): nothing to open, yet the server starts, and each host answers that its
        // school is paused until one is resumed.
        let all_paused = directory.trust.is_none()
            && !directory.schools.is_empty()
            && directory.schools.iter().all(|s| s.suspended);
        let live =
            schools::LiveSchools::start(config, app_shell(config), source, directory.clone())
                .await?;
        let opened = live.opened();
        let first = opened
            .iter()
            .find(|s| !s.is_trust)
            .or(opened.first())
            .map(|s| s.state.clone());
        anyhow::ensure!(
            first.is_some() || all_paused,
            "the directory lists no school that could be served, and no trust"
        );
        let tenants = live.clone();
        tokio::spawn(Scheduler::over(config, Arc::new(move || tenants.tenants()))?.run());
        live.poll(config.schools_poll);
        let listeners = Listeners::bind(config).await?;
        let authority = authority_router(live.clone(), config.authority_token.as_deref());
        let router = host_router(live, authority);
        Ok(Self {
            listener: listeners.main,
            tls: listeners.tls,
            redirect_listener: listeners.redirect,
            router,
            state: first,
            schools: opened,
            directory: Some(directory),
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// The plain-http port that sends browsers to HTTPS, when there is one.
    pub fn redirect_port(&self) -> Option<u16> {
        let listener = self.redirect_listener.as_ref()?;
        listener.local_addr().ok().map(|a| a.port())
    }

    /// Whether the server answers HTTPS itself.
    pub fn is_https(&self) -> bool {
        self.tls.is_some()
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
        let shutdown = futures::FutureExt::shared(shutdown);
        if let Some(plain) = self.redirect_listener {
            let https_port = self.listener.local_addr()?.port();
            tokio::spawn(
                axum::serve(plain, tls::redirect_router(https_port))
                    .with_graceful_shutdown(shutdown.clone())
                    .into_future(),
            );
        }
        match self.tls {
            Some(acceptor) => {
                // `tap_io` is what lets axum hand each request the peer's address (ConnectInfo)
                // for a listener of our own; there is nothing to change on the stream.
                let listener = TlsListener::new(self.listener, acceptor)?.tap_io(|_| {});
                axum::serve(listener, service)
                    .with_graceful_shutdown(shutdown)
                    .await
            }
            None => {
                axum::serve(self.listener, service)
                    .with_graceful_shutdown(shutdown)
                    .await
            }
        }
        .context("serving")
    }
}

/// The app's files and pages: `--dist`, or the app built into the binary.
fn app_shell(config: &Config) -> AppShell {
    AppShell::load(AppFiles::choose(config.dist_dir.as_deref()))
}

/// The sockets the server answers on, bound before anything is served so a port in use stops
/// the start with its reason.
struct Listeners {
    main: TcpListener,
    tls: Option<TlsAcceptor>,
    redirect: Option<TcpListener>,
}

impl Listeners {
    async fn bind(config: &Config) -> anyhow::Result<Self> {
        let acme = crate::acme::Acme::from_config(config)?;
        let files = match (&config.tls_cert, &config.tls_key) {
            (Some(cert), Some(key)) => Some(tls::acceptor(cert, key)?),
            _ => None,
        };
        let main = TcpListener::bind(config.addr())
            .await
            .with_context(|| format!("listening on {}", config.addr()))?;
        // Ordering starts only once the port the issuer checks is ours.
        let tls = match acme {
            Some(acme) => Some(tls::acme_acceptor(acme.start()?)?),
            None => files,
        };
        let redirect = match (config.http_port, &tls) {
            (Some(port), Some(_)) => {
                let addr = std::net::SocketAddr::new(config.bind, port);
                let listener = TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("listening for plain http on {addr}"))?;
                Some(listener)
            }
            _ => None,
        };
        Ok(Self {
            main,
            tls,
            redirect,
        })
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
