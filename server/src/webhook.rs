//! The optional alert webhook: one small JSON POST (`{"text": "…"}`, which Slack- and
//! Teams-style incoming webhooks accept) saying only that an urgent report arrived. Plain
//! HTTP/1.1 over TCP, or HTTPS with the system-independent Mozilla roots.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Webhook {
    url: url::Url,
}

impl Webhook {
    pub fn parse(url: &str) -> anyhow::Result<Self> {
        let url = url::Url::parse(url.trim())
            .map_err(|e| anyhow::anyhow!("KITE_ALERT_WEBHOOK is not a URL: {e}"))?;
        anyhow::ensure!(
            matches!(url.scheme(), "http" | "https") && url.host_str().is_some(),
            "KITE_ALERT_WEBHOOK must be an http:// or https:// URL"
        );
        Ok(Self { url })
    }

    /// POSTs `{"text": text}`; Ok when the answer is 2xx.
    pub async fn post(&self, text: &str) -> anyhow::Result<()> {
        tokio::time::timeout(Duration::from_secs(20), self.post_now(text))
            .await
            .map_err(|_| anyhow::anyhow!("the webhook did not answer in 20 s"))?
    }

    async fn post_now(&self, text: &str) -> anyhow::Result<()> {
        let host = self.url.host_str().unwrap_or_default().to_string();
        let port = self.url.port_or_known_default().unwrap_or(80);
        let body = serde_json::json!({ "text": text }).to_string();
        let mut path = self.url.path().to_string();
        if let Some(q) = self.url.query() {
            path.push('?');
            path.push_str(q);
        }
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\nUser-Agent: kite-server\r\n\r\n{body}",
            body.len()
        );
        let tcp = TcpStream::connect((host.as_str(), port)).await?;
        let status = if self.url.scheme() == "https" {
            let mut roots = rustls::RootCertStore::empty();
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            let config = rustls::ClientConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
            let name = rustls::pki_types::ServerName::try_from(host.clone())?;
            let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
                .connect(name, tcp)
                .await?;
            exchange(tls, &request).await?
        } else {
            exchange(tcp, &request).await?
        };
        anyhow::ensure!(
            (200..300).contains(&status),
            "the webhook answered {status}"
        );
        Ok(())
    }
}

async fn exchange<S: AsyncRead + AsyncWrite + Unpin>(
    mut s: S,
    request: &str,
) -> anyhow::Result<u16> {
    s.write_all(request.as_bytes()).await?;
    s.flush().await?;
    let mut head = [0u8; 64];
    let mut n = 0;
    while n < 12 {
        let read = s.read(&mut head[n..]).await?;
        anyhow::ensure!(read > 0, "the webhook closed the connection");
        n += read;
    }
    let line = String::from_utf8_lossy(&head[..n]);
    line.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("the webhook's answer was not HTTP"))
}
