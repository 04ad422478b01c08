//! What the load generators share: they talk only to this machine, and they send what a tablet
//! sends — items sealed to the school's key, as the kiosk seals them.

use std::time::Duration;

use kite_protocol::device::DeviceConfig;
use kite_protocol::report::{Feeling, Place, Report, Reporter, TalkTo, WhatHappened};
use kite_protocol::sealed::{public_key_from_base64, seal, PublicKey};
use kite_protocol::sync::{ItemKind, SyncItem};

/// The base URL, without a trailing slash, once it is known to be this machine's loopback: a
/// load generator must never be pointed at someone else's server.
pub fn loopback(url: &str) -> anyhow::Result<String> {
    let url = url.trim_end_matches('/').to_string();
    anyhow::ensure!(
        url.starts_with("http://127.0.0.1:") || url.starts_with("http://localhost:"),
        "load tests only target this machine's loopback"
    );
    Ok(url)
}

/// A child's report as the kiosk makes one: what happened, where, how they felt, a few words.
pub fn report(what: WhatHappened, words: &str) -> Report {
    Report {
        what,
        place: Some(Place::Game),
        feeling: Some(Feeling::Sad),
        words: Some(words.into()),
        drawing_png: None,
        web_address: None,
        talk_to: TalkTo::AnyGrownUp,
        reporter: Reporter::Anonymous,
        band: None,
        made_at_ms: 1_764_000_000_000,
    }
}

/// The school's public key, as a tablet fetches it with its token. `host` names the school on a
/// server with several (the request's Host header); `None` for a server of one.
pub async fn school_key(
    client: &reqwest::Client,
    url: &str,
    host: Option<&str>,
    token: &str,
) -> anyhow::Result<PublicKey> {
    let config: DeviceConfig = on_host(client.get(format!("{url}/api/v1/device/config")), host)
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(public_key_from_base64(&config.public_key)?)
}

/// A request addressed to one school of a server with several.
pub fn on_host(request: reqwest::RequestBuilder, host: Option<&str>) -> reqwest::RequestBuilder {
    match host {
        Some(host) => request.header(reqwest::header::HOST, host),
        None => request,
    }
}

/// One outbox item: `value` as JSON, sealed to the school's key, with a new idempotency id.
pub fn sealed_item(
    key: &PublicKey,
    kind: ItemKind,
    value: &impl serde::Serialize,
) -> anyhow::Result<SyncItem> {
    Ok(SyncItem {
        id: uuid::Uuid::new_v4(),
        kind,
        sealed: seal(key, &serde_json::to_vec(value)?)?,
        answer_code: None,
    })
}

/// The `p`th percentile (0–100) of durations sorted ascending, by nearest rank.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
