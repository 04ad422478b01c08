//! What keeps two-step sign-in safe at rest: secrets sealed under a key derived from the
//! server's key (kept in another table, `server_key`), and recovery codes kept only as a keyed
//! hash. A copy of the staff table alone yields neither a secret nor a working recovery code.

use crypto_secretbox::aead::{Aead, KeyInit};
use crypto_secretbox::{Key, Nonce, XSalsa20Poly1305};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use kite_protocol::sealed::SecretKey;
use rand::{Rng, RngCore};
use sha2::Sha256;

use crate::ids::StaffId;

const NONCE_LEN: usize = 24;

/// How many recovery codes a set has, and how long each is.
pub const RECOVERY_CODES: usize = 10;
const RECOVERY_CODE_CHARS: usize = 10;
/// Letters and digits that can't be mistaken for each other when read off paper: no 0/O, 1/I/L.
/// 31 symbols, so a 10-character code carries about 49 bits.
const RECOVERY_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// The two keys derived from the server's key, one per purpose (HKDF-SHA256, distinct labels):
/// neither says anything about the server's key or the other.
pub struct TwoStepKeys {
    seal: [u8; 32],
    recovery: [u8; 32],
}

impl TwoStepKeys {
    pub fn derive(server_key: &SecretKey) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(b"kite two-step"), &server_key.to_bytes());
        let mut seal = [0u8; 32];
        let mut recovery = [0u8; 32];
        hk.expand(b"totp secret sealing key", &mut seal)
            .expect("32 bytes is a valid HKDF length");
        hk.expand(b"recovery code hashing key", &mut recovery)
            .expect("32 bytes is a valid HKDF length");
        Self { seal, recovery }
    }

    /// The secret sealed for one account: nonce then ciphertext. The account's id is sealed with
    /// it, so a sealed secret copied onto another account's row does not open there.
    pub fn seal_secret(&self, staff: StaffId, secret: &str) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let cipher = XSalsa20Poly1305::new(Key::from_slice(&self.seal));
        let sealed = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                format!("{staff}:{secret}").as_bytes(),
            )
            .expect("sealing in memory does not fail");
        [nonce.as_slice(), &sealed].concat()
    }

    /// The secret, if it was sealed for this account under this server's key.
    pub fn open_secret(&self, staff: StaffId, sealed: &[u8]) -> Option<String> {
        if sealed.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let cipher = XSalsa20Poly1305::new(Key::from_slice(&self.seal));
        let plain = cipher.decrypt(Nonce::from_slice(nonce), body).ok()?;
        let text = String::from_utf8(plain).ok()?;
        text.strip_prefix(&format!("{staff}:")).map(str::to_string)
    }

    /// The keyed hash a recovery code is stored (and looked up) as. The code is normalised
    /// first, so "abcde-fghjk" finds "ABCDEFGHJK".
    pub fn recovery_hash(&self, staff: StaffId, code: &str) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.recovery)
            .expect("HMAC takes a key of any length");
        mac.update(format!("{staff}:{}", normalise_recovery_code(code)).as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

/// A new set of recovery codes, as shown once: `ABCDE-FGHJK`.
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..RECOVERY_CODE_CHARS)
                .map(|_| RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())] as char)
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// Upper case, letters and digits only.
fn normalise_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether what was typed in the code box looks like a recovery code rather than a 6-digit code.
pub fn looks_like_recovery_code(code: &str) -> bool {
    let code = normalise_recovery_code(code);
    code.len() == RECOVERY_CODE_CHARS && code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kite_protocol::sealed::generate_secret_key;

    #[test]
    fn a_sealed_secret_opens_only_for_its_account_and_server() {
        let keys = TwoStepKeys::derive(&generate_secret_key());
        let sealed = keys.seal_secret(StaffId(7), "JBSWY3DPEHPK3PXP");
        assert!(!sealed.windows(16).any(|w| w == b"JBSWY3DPEHPK3PXP"));
        assert_eq!(
            keys.open_secret(StaffId(7), &sealed).as_deref(),
            Some("JBSWY3DPEHPK3PXP")
        );
        assert_eq!(keys.open_secret(StaffId(8), &sealed), None);
        let other = TwoStepKeys::derive(&generate_secret_key());
        assert_eq!(other.open_secret(StaffId(7), &sealed), None);
    }

    #[test]
    fn recovery_codes_are_readable_and_hash_the_same_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        for code in &codes {
            assert_eq!(code.len(), 11);
            assert!(looks_like_recovery_code(code));
        }
        assert!(!looks_like_recovery_code("123456"));
        let keys = TwoStepKeys::derive(&generate_secret_key());
        let id = StaffId(1);
        assert_eq!(
            keys.recovery_hash(id, &codes[0]),
            keys.recovery_hash(id, &codes[0].to_lowercase().replace('-', " "))
        );
        assert_ne!(
            keys.recovery_hash(id, &codes[0]),
            keys.recovery_hash(StaffId(2), &codes[0])
        );
    }
}
