//! [`AuthenticatedDevice`], which every tablet route takes first.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::auth::device_token::{token_hash, PREFIX};
use crate::error::ApiError;
use crate::http::school_of;
use crate::storage::Device;

/// An enrolled, unrevoked tablet, from its `Authorization: Bearer` token.
pub struct AuthenticatedDevice(pub Device);

impl FromRequestParts<()> for AuthenticatedDevice {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &()) -> Result<Self, ApiError> {
        let state = &school_of(parts)?;
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .filter(|t| t.starts_with(PREFIX))
            .ok_or(ApiError::Unauthorized)?;
        let device = state
            .storage
            .active_device_by_token(&token_hash(token))
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(AuthenticatedDevice(device))
    }
}
