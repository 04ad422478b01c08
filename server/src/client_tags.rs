//! Who is asking, for the per-client rate limits only: a keyed hash of the client's address,
//! never the address. The key is random, made when the server starts, held only in this
//! process's memory and replaced every day, so the tags in the rate-limit table can't be turned
//! back into addresses (not even by someone with the database and the server's key) and
//! yesterday's can't be matched with today's. An IPv6 client is its /64 (one household or
//! school has a whole /64 to pick addresses from).
//!
//! Behind a reverse proxy every request comes from the proxy's address: name the proxy with
//! `--trusted-proxy` and the client is the last address in `X-Forwarded-For` that isn't a
//! trusted proxy. The header is believed from those addresses only, so nobody else can pick a
//! tag for each request and slip past their limit.

use std::net::IpAddr;
use std::sync::Mutex;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Turns client addresses into tags, with a key that changes every day.
pub struct ClientTags {
    trusted_proxies: Vec<IpAddr>,
    /// (the day the key is for, the key)
    key: Mutex<(i64, [u8; 32])>,
}

impl ClientTags {
    pub fn new(trusted_proxies: Vec<IpAddr>) -> Self {
        Self {
            trusted_proxies: trusted_proxies.into_iter().map(canonical).collect(),
            key: Mutex::new((i64::MIN, [0; 32])),
        }
    }

    /// The tag of the client whose request came from `peer` with these headers.
    pub fn tag(
        &self,
        peer: Option<IpAddr>,
        headers: &axum::http::HeaderMap,
        now_ms: i64,
    ) -> String {
        match peer.map(|p| self.client_address(canonical(p), headers)) {
            Some(address) => self.tag_of(address, now_ms),
            // Served without connection info (never by `kite-server serve`): one shared bucket.
            None => "unknown".into(),
        }
    }

    /// The client's address: the peer, or the address a trusted proxy forwarded for.
    pub fn address(&self, peer: IpAddr, headers: &axum::http::HeaderMap) -> IpAddr {
        self.client_address(canonical(peer), headers)
    }

    fn client_address(&self, peer: IpAddr, headers: &axum::http::HeaderMap) -> IpAddr {
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|a| a.trim().parse::<IpAddr>().ok().map(canonical))
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default();
        forwarded
            .into_iter()
            .rev()
            .find(|a| !self.trusted_proxies.contains(a))
            .unwrap_or(peer)
    }

    fn tag_of(&self, address: IpAddr, now_ms: i64) -> String {
        let day = now_ms.div_euclid(DAY_MS);
        let key = {
            let mut held = self.key.lock().unwrap_or_else(|e| e.into_inner());
            if held.0 != day {
                let mut fresh = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut fresh);
                *held = (day, fresh);
            }
            held.1
        };
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length");
        match address {
            IpAddr::V4(a) => mac.update(&a.octets()),
            IpAddr::V6(a) => mac.update(&a.octets()[..8]),
        }
        URL_SAFE_NO_PAD.encode(&mac.finalize().into_bytes()[..16])
    }
}

/// An IPv4 client reached over IPv6 (`::ffff:1.2.3.4`) is the IPv4 client.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(a) => a.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(address),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn a_tag_hides_the_address_and_changes_with_the_day() {
        let tags = ClientTags::new(vec![]);
        let none = HeaderMap::new();
        let day = 20_000 * DAY_MS;
        let a = tags.tag(ip("203.0.113.7"), &none, day);
        assert_eq!(a, tags.tag(ip("203.0.113.7"), &none, day + 1000));
        assert_eq!(a, tags.tag(ip("::ffff:203.0.113.7"), &none, day));
        assert_ne!(a, tags.tag(ip("203.0.113.8"), &none, day));
        assert!(!a.contains("203") && a.len() == 22, "{a}");
        assert_ne!(a, tags.tag(ip("203.0.113.7"), &none, day + DAY_MS));
        // A process of its own has a key of its own.
        assert_ne!(
            a,
            ClientTags::new(vec![]).tag(ip("203.0.113.7"), &none, day)
        );
        // One IPv6 /64 is one client.
        assert_eq!(
            tags.tag(ip("2001:db8:1:2::1"), &none, day),
            tags.tag(ip("2001:db8:1:2:ffff::9"), &none, day)
        );
        assert_ne!(
            tags.tag(ip("2001:db8:1:2::1"), &none, day),
            tags.tag(ip("2001:db8:1:3::1"), &none, day)
        );
    }

    #[test]
    fn forwarded_addresses_are_believed_from_a_trusted_proxy_only() {
        let tags = ClientTags::new(vec!["10.0.0.1".parse().unwrap()]);
        let day = 20_000 * DAY_MS;
        let mut forwarded = HeaderMap::new();
        forwarded.insert(
            "x-forwarded-for",
            HeaderValue::from_static("198.51.100.1, 203.0.113.7, 10.0.0.1"),
        );
        let none = HeaderMap::new();
        // Through the proxy: the address the proxy saw (the client's own claim before it is not).
        assert_eq!(
            tags.tag(ip("10.0.0.1"), &forwarded, day),
            tags.tag(ip("203.0.113.7"), &none, day)
        );
        // From anyone else the header is ignored.
        assert_eq!(
            tags.tag(ip("192.0.2.5"), &forwarded, day),
            tags.tag(ip("192.0.2.5"), &none, day)
        );
        // A proxy that forwarded nothing usable is the client.
        assert_eq!(
            tags.tag(ip("10.0.0.1"), &none, day),
            tags.tag(ip("10.0.0.1"), &HeaderMap::new(), day)
        );
    }
}
