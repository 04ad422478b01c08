//! Two-step sign-in codes: TOTP (RFC 6238) with HMAC-SHA1, 30-second steps, 6 digits — what every
//! authenticator app speaks. A code one step either side is accepted (clocks drift), and a step
//! is accepted once.

use rand::RngCore;
use totp_rs::{Algorithm, Secret, TOTP};

const STEP_SECS: i64 = 30;

/// A new 160-bit secret, base32 (no padding), as authenticator apps take it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base32(&bytes)
}

fn base32(bytes: &[u8]) -> String {
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(text) => text,
        Secret::Raw(_) => unreachable!("to_encoded gives the encoded form"),
    }
}

/// The secret's bytes. Stored secrets are upper case without padding; spaces, `=` and lower
/// case are still taken, as a secret typed or pasted by hand may have them.
fn unbase32(s: &str) -> Option<Vec<u8>> {
    let text: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Secret::Encoded(text).to_bytes().ok()
}

/// The generator for a secret's bytes. Unchecked so that every stored secret keeps working as it
/// did: `TOTP::new` would refuse one shorter than RFC 4226's 128 bits, a minimum every secret
/// `new_secret` makes (160 bits) already meets.
fn generator(key: Vec<u8>, digits: usize) -> TOTP {
    TOTP::new_unchecked(Algorithm::SHA1, digits, 1, STEP_SECS as u64, key)
}

/// The code for a given 30-second step.
pub fn code_at_step(secret: &str, step: i64) -> Option<String> {
    let key = unbase32(secret)?;
    // totp-rs counts in seconds since 1970; a step before then has no code.
    let secs = u64::try_from(step).ok()?.checked_mul(STEP_SECS as u64)?;
    Some(generator(key, 6).generate(secs))
}

pub fn step_at(now_ms: i64) -> i64 {
    now_ms / 1000 / STEP_SECS
}

/// The step the code matches (now, or one step either side), if any and later than `last_step`.
/// The window is walked here rather than with totp-rs's `check`, which answers only yes or no:
/// refusing a step already used needs to know which step matched.
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

/// The `otpauth://` address an authenticator app can take (typed or pasted). Written by hand:
/// totp-rs's own URL (behind its `otpauth` feature, which brings the urlencoding crate) leaves
/// out the default algorithm, digits and period and escapes the `@` of the address, so it would
/// not be the address staff were shown before.
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
    fn matches_every_rfc_6238_sha1_vector() {
        // RFC 6238 appendix B: SHA-1, key "12345678901234567890", 8 digits, 30-second steps.
        let totp = generator(b"12345678901234567890".to_vec(), 8);
        for (secs, code) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(totp.generate(secs), code, "T = {secs}");
        }
    }

    #[test]
    fn secrets_are_unpadded_upper_case_base32() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        assert!(secret
            .chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)));
        assert_eq!(unbase32(&secret).unwrap().len(), 20);
        assert_eq!(
            unbase32(&secret.to_ascii_lowercase()),
            unbase32(&secret),
            "typed in lower case"
        );
        assert_eq!(unbase32("GEZD GNBV=="), unbase32("GEZDGNBV"));
        assert_eq!(unbase32("not base32!"), None);
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
