//! The requesting client's tag, for the per-client rate limits: a keyed hash of its address,
//! never the address ([`crate::client_tags`] says how, and how a trusted proxy is believed).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::school_of;

/// The requesting client's tag (see the module's notes).
pub struct Client(pub String);

impl FromRequestParts<()> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(Client(state.limits.clients.tag(
            peer,
            &parts.headers,
            now_ms(),
        )))
    }
}
