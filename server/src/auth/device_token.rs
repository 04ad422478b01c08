use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::clock::now_ms;
use crate::ids::DeviceId;
use crate::storage::Store;

/// Every device token starts with this, so a stray token is recognisable (and anything else is
/// refused before the database is asked).
pub const PREFIX: &str = "kite_dev_";

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
