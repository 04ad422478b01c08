//! Applies `--device-networks` (`crate::device_networks`) to each request: a tablet's route from
//! outside the school's networks is refused before anything else is done.
//!
//! The client is the connection's peer, or behind a proxy named with `--trusted-proxy` the
//! address that proxy saw (`client_tags` decides, as it does for the rate limits): a header from
//! anyone else is not believed, so nobody outside can claim to be inside.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, OriginalUri, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::device_networks::is_device_route;
use crate::error::ApiError;
use crate::http::School;

/// What a tablet outside the networks is told (a teacher may read it on the tablet): its
/// outbox keeps everything, since a refused sync is "try later" there.
const OUTSIDE: &str = "this tablet can reach Kite only from the school's own network; \
everything waiting on it is kept and sent when it is back in school";

pub async fn guard(School(state): School, req: Request, next: Next) -> Response {
    let networks = &state.server.device_networks;
    if !networks.is_limited() {
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
