//! HTTPS without a proxy (`--tls-cert`, `--tls-key`, or `--acme-domain`): rustls on ring (the TLS stack reqwest and
//! lettre already bring), and the plain-http port (`--http-port`) that only sends browsers to
//! the HTTPS address.
//!
//! The certificate is read from its files again when they change (their size or modified time),
//! at the next connection's handshake: a renewal (certbot, the trust's own CA) replaces the files
//! and new connections get the new certificate with no restart. A pair that doesn't load yet (the
//! certificate copied, its key not yet) leaves the old one serving, and is tried again at the
//! next handshake.
//!
//! With `--acme-domain` the certificate comes from `crate::acme` instead: the same listener also
//! answers the issuer's TLS-ALPN-01 challenge (a handshake offering only `acme-tls/1`), and such a
//! connection is closed once its handshake is done, never handed to the app.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use anyhow::Context;
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Router;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::rustls::crypto::{ring, CryptoProvider};
use tokio_rustls::rustls::server::{ClientHello, ResolvesServerCert};
use tokio_rustls::rustls::sign::CertifiedKey;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use crate::schools::host_name;

/// A handshake that takes longer than this is dropped, so half-open connections can't pile up.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The protocol an ACME issuer's TLS-ALPN-01 challenge connection asks for (RFC 8737).
const ACME_TLS_ALPN: &[u8] = b"acme-tls/1";

/// The TLS settings for `--tls-cert` and `--tls-key`; an error names the file that is wrong.
pub fn acceptor(cert: &Path, key: &Path) -> anyhow::Result<TlsAcceptor> {
    let provider = Arc::new(ring::default_provider());
    let files = CertFiles::load(cert, key, provider.clone())?;
    server_config(provider, Arc::new(files), false)
}

/// The TLS settings for `--acme-domain`: the certificates (and the challenge's) come from ACME.
pub fn acme_acceptor(resolver: Arc<dyn ResolvesServerCert>) -> anyhow::Result<TlsAcceptor> {
    server_config(Arc::new(ring::default_provider()), resolver, true)
}

fn server_config(
    provider: Arc<CryptoProvider>,
    resolver: Arc<dyn ResolvesServerCert>,
    acme: bool,
) -> anyhow::Result<TlsAcceptor> {
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("TLS protocol versions")?
        .with_no_client_auth()
        .with_cert_resolver(resolver);
    // The server speaks HTTP/1.1 (axum's http1), so that is all it offers; and the ACME
    // challenge's protocol when it answers one.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    if acme {
        config.alpn_protocols.push(ACME_TLS_ALPN.to_vec());
    }
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// What the files looked like when last read: their sizes and modified times.
type Stamp = Option<[(u64, SystemTime); 2]>;

/// The certificate and key files, and the pair last loaded from them.
#[derive(Debug)]
struct CertFiles {
    cert: PathBuf,
    key: PathBuf,
    provider: Arc<CryptoProvider>,
    current: RwLock<Loaded>,
}

#[derive(Debug)]
struct Loaded {
    /// The files as they were when `key` was read from them.
    stamp: Stamp,
    key: Arc<CertifiedKey>,
    /// The files as they were when they last failed to load: logged once, not per handshake.
    failed: Stamp,
}

impl CertFiles {
    fn load(cert: &Path, key: &Path, provider: Arc<CryptoProvider>) -> anyhow::Result<Self> {
        let stamp = stamp(cert, key);
        let loaded = read_pair(cert, key, &provider)?;
        Ok(Self {
            cert: cert.to_path_buf(),
            key: key.to_path_buf(),
            provider,
            current: RwLock::new(Loaded {
                stamp,
                key: Arc::new(loaded),
                failed: None,
            }),
        })
    }

    /// The pair to present: the one loaded, or the files' new one when they have changed.
    fn current(&self) -> Arc<CertifiedKey> {
        let now = stamp(&self.cert, &self.key);
        {
            let held = self.current.read().unwrap_or_else(|e| e.into_inner());
            if held.stamp == now || held.failed == now {
                return held.key.clone();
            }
        }
        let mut held = self.current.write().unwrap_or_else(|e| e.into_inner());
        // Another handshake may have read the new files while this one waited for the lock.
        if held.stamp == now || held.failed == now {
            return held.key.clone();
        }
        match read_pair(&self.cert, &self.key, &self.provider) {
            Ok(fresh) => {
                tracing::info!("the TLS certificate files changed: serving the new certificate");
                *held = Loaded {
                    stamp: now,
                    key: Arc::new(fresh),
                    failed: None,
                };
            }
            Err(e) => {
                tracing::warn!("the TLS certificate files changed but don't load ({e:#}); still serving the previous certificate");
                held.failed = now;
            }
        }
        held.key.clone()
    }
}

impl ResolvesServerCert for CertFiles {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current())
    }
}

fn stamp(cert: &Path, key: &Path) -> Stamp {
    let of = |p: &Path| {
        let m = std::fs::metadata(p).ok()?;
        Some((m.len(), m.modified().ok()?))
    };
    Some([of(cert)?, of(key)?])
}

/// The chain and its private key, checked to belong together.
fn read_pair(cert: &Path, key: &Path, provider: &CryptoProvider) -> anyhow::Result<CertifiedKey> {
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| format!("reading the certificate {}", cert.display()))?;
    anyhow::ensure!(
        !chain.is_empty(),
        "{} holds no certificate (PEM, BEGIN CERTIFICATE)",
        cert.display()
    );
    let private = PrivateKeyDer::from_pem_file(key)
        .with_context(|| format!("reading the private key {}", key.display()))?;
    CertifiedKey::from_der(chain, private, provider).with_context(|| {
        format!(
            "the key {} is not the key of the certificate {}",
            key.display(),
            cert.display()
        )
    })
}

/// HTTPS connections, handshaken each in a task of its own (a slow client holds up nobody), for
/// `axum::serve`.
pub struct TlsListener {
    handshaken: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    pub fn new(tcp: TcpListener, acceptor: TlsAcceptor) -> std::io::Result<Self> {
        let local = tcp.local_addr()?;
        let (ready, handshaken) = mpsc::channel(64);
        tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    accepted = tcp.accept() => accepted,
                    // The server has stopped: stop listening too.
                    _ = ready.closed() => return,
                };
                let (stream, peer) = match accepted {
                    Ok(pair) => pair,
                    Err(e) => {
                        // Out of file descriptors, usually: wait rather than spin.
                        tracing::warn!("accepting a connection: {e}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let acceptor = acceptor.clone();
                let ready = ready.clone();
                tokio::spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        // The issuer checking the challenge certificate: that was all it wanted.
                        Ok(Ok(tls)) if tls.get_ref().1.alpn_protocol() == Some(ACME_TLS_ALPN) => {
                            tracing::debug!("answered an ACME TLS-ALPN-01 challenge from {peer}");
                        }
                        Ok(Ok(tls)) => {
                            let _ = ready.send((tls, peer)).await;
                        }
                        // A scanner, an old client or a browser that gave up: nothing to answer.
                        Ok(Err(e)) => tracing::debug!("TLS handshake failed: {e}"),
                        Err(_) => tracing::debug!("TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(Self { handshaken, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.handshaken.recv().await {
            Some(connection) => connection,
            // The accepting task ended: nothing more will come.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.local)
    }
}

/// The plain-http port's whole site: every request is sent, permanently, to the same address
/// over HTTPS on `https_port`.
pub fn redirect_router(https_port: u16) -> Router {
    Router::new().fallback(move |req: Request| async move { to_https(&req, https_port) })
}

fn to_https(req: &Request, https_port: u16) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(host_name);
    let Some(host) = host else {
        return (
            StatusCode::BAD_REQUEST,
            "Kite answers over HTTPS: use https:// and the school's address.\n",
        )
            .into_response();
    };
    let port = match https_port {
        443 => String::new(),
        p => format!(":{p}"),
    };
    let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
    Redirect::permanent(&format!("https://{host}{port}{path}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(host: Option<&str>, path: &str) -> Request {
        let mut req = Request::builder().uri(path);
        if let Some(host) = host {
            req = req.header(header::HOST, host);
        }
        req.body(axum::body::Body::empty()).unwrap()
    }

    #[test]
    fn plain_http_is_sent_to_the_same_place_over_https() {
        let r = to_https(&asked(Some("Kite.School.example:80"), "/staff?x=1"), 443);
        assert_eq!(r.status(), StatusCode::PERMANENT_REDIRECT);
        assert_eq!(
            r.headers()[header::LOCATION],
            "https://kite.school.example/staff?x=1"
        );
        let r = to_https(&asked(Some("10.0.0.5"), "/"), 8443);
        assert_eq!(r.headers()[header::LOCATION], "https://10.0.0.5:8443/");
        assert_eq!(
            to_https(&asked(None, "/"), 443).status(),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            to_https(&asked(Some("evil.example/x"), "/"), 443).status(),
            StatusCode::BAD_REQUEST
        );
    }
}
