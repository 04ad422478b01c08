//! The school a request is for. Every school of a process is served by one router (routes made
//! per school cost most of a megabyte each, which a server of a thousand schools can't carry); the
//! step in front of it puts the school's [`AppState`] on the request — the host router
//! (`http::hosts`) from the request's host, a server of one school always the same — and
//! handlers take it with [`School`].

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::state::AppState;

/// The state of the school the request is for.
pub struct School(pub AppState);

impl<S: Send + Sync> FromRequestParts<S> for School {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        school_of(parts).map(School)
    }
}

/// The request's school, for extractors that read the school's records.
pub fn school_of(parts: &Parts) -> Result<AppState, ApiError> {
    parts.extensions.get::<AppState>().cloned().ok_or_else(|| {
        // Only a router built without `for_school` or the host router gets here: a bug.
        ApiError::Internal(anyhow::anyhow!(
            "a request reached the routes without its school"
        ))
    })
}
