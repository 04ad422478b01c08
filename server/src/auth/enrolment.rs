//! One-time enrolment codes: an admin makes one, a teacher types it into the tablet's /setup,
//! and the tablet gets its own device token. Short, from an alphabet without look-alikes,
//! valid for 30 minutes, used once; the server keeps only its hash.

use kite_protocol::staff::{normalise_enrolment_code, ENROLMENT_ALPHABET, ENROLMENT_CODE_LEN};
use rand::Rng;
use sha2::{Digest, Sha256};

pub const CODE_LIFETIME_MS: i64 = 30 * 60 * 1000;

/// A new code, shown as `ABCD-EFGH`.
pub fn new_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let raw: String = (0..ENROLMENT_CODE_LEN)
        .map(|_| ENROLMENT_ALPHABET[rng.gen_range(0..ENROLMENT_ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &raw[..4], &raw[4..])
}

pub fn code_hash(code: &str) -> Vec<u8> {
    Sha256::digest(normalise_enrolment_code(code).as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_short_unambiguous_and_hash_the_same_however_typed() {
        let c = new_code();
        assert_eq!(c.len(), 9);
        assert!(c
            .chars()
            .all(|ch| ch == '-' || ENROLMENT_ALPHABET.contains(&(ch as u8))));
        assert_eq!(
            code_hash(&c),
            code_hash(&c.to_lowercase().replace('-', " "))
        );
        assert_ne!(new_code(), new_code());
    }
}
