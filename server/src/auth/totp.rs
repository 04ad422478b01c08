//! Two-step sign-in codes: TOTP (RFC 6238) with HMAC-SHA1, 30-second steps, 6 digits — what every
//! authenticator app speaks. A code one step either side is accepted (clocks drift), and a step
//! is accepted once.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

const STEP_SECS: i64 = 30;
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A new 160-bit secret, base32 (no padding), as authenticator apps take it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base32(&bytes)
}

fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn unbase32(s: &str) -> Option<Vec<u8>> {
    let (mut buffer, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for c in s.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = ALPHABET
            .iter()
            .position(|&a| a as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push((buffer >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    Some(out)
}

/// The code for a given 30-second step.
pub fn code_at_step(secret: &str, step: i64) -> Option<String> {
    let key = unbase32(secret)?;
    let mut mac = Hmac::<Sha1>::new_from_slice(&key).ok()?;
    mac.update(&(step as u64).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let n = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    Some(format!("{:06}", n % 1_000_000))
}

pub fn step_at(now_ms: i64) -> i64 {
    now_ms / 1000 / STEP_SECS
}

/// The step the code matches (now, or one step either side), if any and later than `last_step`.
pub fn verify(secret: &str, code: &str, now_ms: i64, last_step: Option<i64>) -> Option<i64> {
    let code: String = code.chars().filter(|c| c.is_ascii_digit()).collect();
    if code.len() != 6 {
        return None;
    }
    let now = step_at(now_ms);
    [now, now - 1, now + 1]
        .into_iter()
        .filter(|s| last_step.is_none_or(|last| *s > last))
        .find(|s| code_at_step(secret, *s).is_some_and(|c| c == code))
}

/// The `otpauth://` address an authenticator app can take (typed or pasted).
pub fn otpauth_uri(secret: &str, email: &str) -> String {
    let label: String = email
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@.-_".contains(c) {
                c.to_string()
            } else {
                format!("%{:02X}", c as u32)
            }
        })
        .collect();
    format!(
        "otpauth://totp/Kite:{label}?secret={secret}&issuer=Kite&algorithm=SHA1&digits=6&period=30"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1 key "12345678901234567890" at T = 59 s: 94287082 (8 digits).
        let secret = base32(b"12345678901234567890");
        assert_eq!(code_at_step(&secret, 1).unwrap(), "287082");
        assert_eq!(unbase32(&secret).unwrap(), b"12345678901234567890");
    }

    #[test]
    fn a_code_works_once_and_only_near_its_time() {
        let secret = new_secret();
        let now = 1_764_000_000_000;
        let code = code_at_step(&secret, step_at(now)).unwrap();
        let step = verify(&secret, &code, now, None).unwrap();
        assert_eq!(verify(&secret, &code, now, Some(step)), None, "not twice");
        assert!(
            verify(&secret, &code, now + 31_000, None).is_some(),
            "a step late is fine"
        );
        assert_eq!(verify(&secret, &code, now + 120_000, None), None);
        assert_eq!(verify(&secret, "12345", now, None), None);
    }
}
