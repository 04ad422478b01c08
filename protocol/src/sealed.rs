//! Sealed boxes: a tablet seals each queued item to the school server's public key before it is
//! stored, so nothing in the tablet's outbox can be read on the tablet — not by the next pupil,
//! not by anyone who opens the browser's storage. Only the server's secret key opens it.
//!
//! This is libsodium's `crypto_box_seal` (X25519 + XSalsa20-Poly1305, ephemeral sender key).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use crypto_box::aead::OsRng;
pub use crypto_box::{PublicKey, SecretKey};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SealError {
    #[error("the school key is not a 32-byte base64 key")]
    BadKey,
    #[error("the sealed item is not valid base64")]
    NotBase64,
    #[error("the sealed item could not be opened with this server's key")]
    CannotOpen,
    #[error("sealing failed")]
    SealFailed,
}

/// Seals `plaintext` to `public_key` and returns base64 text, ready for the outbox and the wire.
pub fn seal(public_key: &PublicKey, plaintext: &[u8]) -> Result<String, SealError> {
    let sealed = public_key
        .seal(&mut OsRng, plaintext)
        .map_err(|_| SealError::SealFailed)?;
    Ok(B64.encode(sealed))
}

/// Opens base64 text made by [`seal`].
pub fn open(secret_key: &SecretKey, sealed_base64: &str) -> Result<Vec<u8>, SealError> {
    let bytes = B64
        .decode(sealed_base64)
        .map_err(|_| SealError::NotBase64)?;
    secret_key.unseal(&bytes).map_err(|_| SealError::CannotOpen)
}

pub fn public_key_to_base64(key: &PublicKey) -> String {
    B64.encode(key.as_bytes())
}

pub fn public_key_from_base64(text: &str) -> Result<PublicKey, SealError> {
    let bytes = B64.decode(text.trim()).map_err(|_| SealError::BadKey)?;
    let array: [u8; 32] = bytes.try_into().map_err(|_| SealError::BadKey)?;
    Ok(PublicKey::from(array))
}

pub fn generate_secret_key() -> SecretKey {
    SecretKey::generate(&mut OsRng)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_sealed_opens_only_with_the_matching_key() {
        let school = generate_secret_key();
        let other = generate_secret_key();
        let sealed = seal(&school.public_key(), b"someone was unkind").unwrap();
        assert!(!sealed.contains("unkind"));
        assert_eq!(open(&school, &sealed).unwrap(), b"someone was unkind");
        assert_eq!(open(&other, &sealed), Err(SealError::CannotOpen));
    }

    #[test]
    fn sealing_twice_gives_different_text() {
        let school = generate_secret_key();
        let a = seal(&school.public_key(), b"same").unwrap();
        let b = seal(&school.public_key(), b"same").unwrap();
        assert_ne!(
            a, b,
            "an ephemeral key per item: equal reports must not look equal"
        );
    }

    #[test]
    fn public_keys_round_trip_through_base64_and_bad_ones_are_named() {
        let key = generate_secret_key().public_key();
        let text = public_key_to_base64(&key);
        assert_eq!(public_key_from_base64(&text).unwrap(), key);
        assert_eq!(public_key_from_base64("abc"), Err(SealError::BadKey));
    }
}
