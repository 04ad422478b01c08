use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::ids::DeviceId;
use crate::state::AppState;
use crate::storage::{Device, Store};

const PREFIX: &str = "kite_dev_";

/// A new random device token. Shown once, to whoever enrols the tablet; the server keeps its hash.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.trim().as_bytes()).to_vec()
}

/// Creates a device and returns its id and the token to give the tablet.
pub async fn enrol(storage: &Store, name: &str) -> anyhow::Result<(DeviceId, String)> {
    let token = new_token();
    let id = storage
        .create_device(name, &token_hash(&token), now_ms())
        .await?;
    Ok((id, token))
}

/// An enrolled, unrevoked tablet, from its `Authorization: Bearer` token.
pub struct AuthenticatedDevice(pub Device);

impl FromRequestParts<AppState> for AuthenticatedDevice {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hash_stably() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert!(a.len() > 40);
        assert_eq!(token_hash(&a), token_hash(&format!(" {a}\n")));
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
