//! The networks tablets may reach the server from (`--device-networks`). A school that opens
//! Kite to the internet, so parents and staff reach it from home, can keep the tablets' routes
//! (`/api/v1/device/*`, `/api/v1/sync`) to its own network: a tablet taken home, or a stolen
//! token, gets 403 while parents' pages and staff sign-in answer from anywhere. Unset, every
//! network may.
//!
//! The client is the connection's peer, or behind a proxy named with `--trusted-proxy` the
//! address that proxy saw (`client_tags` decides, as it does for the rate limits): a header from
//! anyone else is not believed, so nobody outside can claim to be inside.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, OriginalUri, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ipnet::IpNet;

use crate::error::ApiError;
use crate::state::AppState;

/// What a tablet outside the networks is told (a teacher may read it on the tablet): its
/// outbox keeps everything, since a refused sync is "try later" there.
const OUTSIDE: &str = "this tablet can reach Kite only from the school's own network; \
everything waiting on it is kept and sent when it is back in school";

/// The allowed networks; empty allows every one.
pub struct DeviceNetworks(Vec<IpNet>);

impl DeviceNetworks {
    pub fn new(allowed: Vec<IpNet>) -> Self {
        Self(allowed)
    }

    fn allows(&self, client: IpAddr) -> bool {
        self.0.is_empty() || self.0.iter().any(|net| net.contains(&client))
    }
}

/// The tablets' routes.
fn is_device_route(path: &str) -> bool {
    path.starts_with("/api/v1/device/") || path == "/api/v1/sync"
}

/// Refuses a tablet's route from outside the allowed networks, before anything else is done.
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let networks = &state.server.device_networks;
    if networks.0.is_empty() {
        return next.run(req).await;
    }
    let path = req
        .extensions()
        .get::<OriginalUri>()
        .map_or(req.uri().path(), |u| u.0.path());
    if !is_device_route(path) {
        return next.run(req).await;
    }
    let client = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| state.limits.clients.address(c.0.ip(), req.headers()));
    match client {
        Some(address) if networks.allows(address) => next.run(req).await,
        _ => ApiError::Forbidden(OUTSIDE).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_tablets_routes_are_guarded_and_only_listed_networks_pass() {
        assert!(is_device_route("/api/v1/sync"));
        assert!(is_device_route("/api/v1/device/config"));
        assert!(!is_device_route("/api/v1/staff/session"));
        assert!(!is_device_route("/api/v1/parents/session"));
        assert!(!is_device_route("/api/v1/synchronise"));
        let school = DeviceNetworks::new(vec![
            "10.20.0.0/16".parse().unwrap(),
            "2001:db8:5::/48".parse().unwrap(),
        ]);
        assert!(school.allows("10.20.3.4".parse().unwrap()));
        assert!(!school.allows("10.21.0.1".parse().unwrap()));
        assert!(school.allows("2001:db8:5:1::9".parse().unwrap()));
        assert!(!school.allows("203.0.113.9".parse().unwrap()));
        assert!(DeviceNetworks::new(vec![]).allows("203.0.113.9".parse().unwrap()));
    }
}
