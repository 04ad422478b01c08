//! The optional alert webhook: one small JSON POST (`{"text": "…"}`, which Slack- and
//! Teams-style incoming webhooks accept) saying only that an urgent report arrived. HTTP/1.1, or
//! HTTPS (rustls) with the system-independent Mozilla roots, through the proxy that
//! `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` name unless `NO_PROXY` exempts the host: school
//! networks often reach the internet only through a filtering proxy.

use std::time::Duration;

/// How long one post may take, connecting (and any proxy) included.
const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Webhook {
    url: url::Url,
    client: reqwest::Client,
}

impl Webhook {
    /// The webhook at `url`, reached through the proxy the environment names, if any.
    pub fn parse(url: &str) -> anyhow::Result<Self> {
        Self::with_proxy(url, None)
    }

    /// The webhook at `url`, reached through `proxy` when given, or else through the proxy the
    /// environment names.
    pub fn with_proxy(url: &str, proxy: Option<reqwest::Proxy>) -> anyhow::Result<Self> {
        let url = url::Url::parse(url.trim())
            .map_err(|e| anyhow::anyhow!("KITE_ALERT_WEBHOOK is not a URL: {e}"))?;
        anyhow::ensure!(
            matches!(url.scheme(), "http" | "https") && url.host_str().is_some(),
            "KITE_ALERT_WEBHOOK must be an http:// or https:// URL"
        );
        let mut client = reqwest::Client::builder()
            .user_agent("kite-server")
            // A redirect would turn the POST into a GET somewhere else; the answer is taken as
            // it comes, and anything but 2xx is a failure to retry.
            .redirect(reqwest::redirect::Policy::none())
            // Alerts are minutes apart at the least: no connection is kept open between them.
            .pool_max_idle_per_host(0);
        if let Some(proxy) = proxy {
            client = client.proxy(proxy);
        }
        let client = client
            .build()
            .map_err(|e| anyhow::anyhow!("could not set up the webhook client: {e}"))?;
        Ok(Self { url, client })
    }

    /// POSTs `{"text": text}`; Ok when the answer is 2xx.
    pub async fn post(&self, text: &str) -> anyhow::Result<()> {
        tokio::time::timeout(TIMEOUT, self.post_now(text))
            .await
            .map_err(|_| anyhow::anyhow!("the webhook did not answer in 20 s"))?
    }

    async fn post_now(&self, text: &str) -> anyhow::Result<()> {
        let body = serde_json::json!({ "text": text }).to_string();
        let response = self
            .client
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::CONNECTION, "close")
            .body(body)
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("the webhook could not be reached: {}", describe(e)))?;
        let status = response.status().as_u16();
        anyhow::ensure!(
            (200..300).contains(&status),
            "the webhook answered {status}"
        );
        Ok(())
    }
}

/// The error and what caused it, without the URL: a webhook address carries its own secret
/// token, and this text goes to the log.
fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(&e);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// A forward proxy in miniature: takes one request, hands back everything it was sent, and
    /// answers 200 itself without passing anything on.
    async fn one_shot_proxy() -> (String, tokio::sync::oneshot::Receiver<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut got = Vec::new();
            let mut buf = [0u8; 4096];
            loop {
                let n = socket.read(&mut buf).await.unwrap();
                assert!(n > 0, "the client closed before its request was whole");
                got.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&got).to_string();
                if text
                    .split_once("\r\n\r\n")
                    .is_some_and(|(_, body)| body.ends_with('}'))
                {
                    socket
                        .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                        .await
                        .unwrap();
                    let _ = tx.send(text);
                    return;
                }
            }
        });
        (address, rx)
    }

    #[tokio::test]
    async fn the_post_goes_through_the_proxy() {
        let (proxy, request) = one_shot_proxy().await;
        // Nothing listens at this name: only the proxy can have answered.
        let hook = Webhook::with_proxy(
            "http://hooks.school.invalid/services/kite?k=1",
            Some(reqwest::Proxy::all(&proxy).unwrap()),
        )
        .unwrap();
        hook.post("Kite: an urgent report has arrived.")
            .await
            .unwrap();
        let request = request.await.unwrap();
        // A proxy is sent the whole address (absolute form), not just the path.
        assert!(
            request.starts_with("POST http://hooks.school.invalid/services/kite?k=1 HTTP/1.1\r\n"),
            "{request}"
        );
        let lower = request.to_ascii_lowercase();
        assert!(
            lower.contains("\r\nhost: hooks.school.invalid\r\n"),
            "{request}"
        );
        assert!(
            lower.contains("\r\ncontent-type: application/json\r\n"),
            "{request}"
        );
        assert!(
            lower.contains("\r\nuser-agent: kite-server\r\n"),
            "{request}"
        );
        let body = request.split_once("\r\n\r\n").unwrap().1;
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["text"], "Kite: an urgent report has arrived.");
    }

    #[tokio::test]
    async fn an_answer_other_than_2xx_is_an_error() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            socket
                .write_all(b"HTTP/1.1 302 Found\r\nLocation: http://elsewhere.invalid/\r\nContent-Length: 0\r\n\r\n")
                .await
                .unwrap();
        });
        let hook = Webhook::with_proxy(
            &format!("http://127.0.0.1:{port}/hook"),
            Some(reqwest::Proxy::custom(|_| None::<reqwest::Url>)),
        )
        .unwrap();
        let error = hook.post("x").await.unwrap_err().to_string();
        assert_eq!(error, "the webhook answered 302");
    }

    #[test]
    fn only_http_and_https_urls_are_taken() {
        assert!(Webhook::parse("https://hooks.example/x").is_ok());
        assert!(Webhook::parse(" http://hooks.example/x ").is_ok());
        assert!(Webhook::parse("ftp://hooks.example/x").is_err());
        assert!(Webhook::parse("not a url").is_err());
    }
}
