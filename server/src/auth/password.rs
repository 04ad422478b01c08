//! Staff passwords: argon2id (19 MiB, t=2, p=1, the crate's defaults), hashed on the blocking
//! pool with at most a few at once so a burst of logins can't exhaust the server's memory.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use kite_protocol::staff::MIN_PASSWORD_CHARS;
use tokio::sync::Semaphore;

/// A hash of a password nobody has, verified when an email is unknown so that a wrong email
/// takes as long as a wrong password.
const DUMMY_PASSWORD: &str = "kite-no-such-account-password";

/// Password hashes computed at once, across the server: each takes 19 MiB and a core for a
/// moment, so a burst of sign-ins waits its turn instead of exhausting a small school server.
pub const HASHES_AT_ONCE: usize = 2;

pub struct Hasher {
    permits: Semaphore,
    dummy: std::sync::OnceLock<String>,
}

impl Hasher {
    pub fn new(concurrent: usize) -> Self {
        Self {
            permits: Semaphore::new(concurrent.max(1)),
            dummy: std::sync::OnceLock::new(),
        }
    }

    pub async fn hash(&self, password: &str) -> anyhow::Result<String> {
        let _permit = self.permits.acquire().await?;
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || hash_now(&password)).await?
    }

    pub async fn verify(&self, password: &str, hash: &str) -> anyhow::Result<bool> {
        let _permit = self.permits.acquire().await?;
        let password = password.to_owned();
        let hash = hash.to_owned();
        Ok(tokio::task::spawn_blocking(move || verify_now(&password, &hash)).await?)
    }

    /// Spends the same effort as a real check, for an unknown email.
    pub async fn verify_dummy(&self, password: &str) -> anyhow::Result<()> {
        let dummy = match self.dummy.get() {
            Some(d) => d.clone(),
            None => {
                let d = self.hash(DUMMY_PASSWORD).await?;
                let _ = self.dummy.set(d.clone());
                d
            }
        };
        self.verify(password, &dummy).await?;
        Ok(())
    }
}

pub fn hash_now(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

pub fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// The 10,000 most common passwords in leaked password lists, most common first, one a line:
/// the first half of the list Django ships (`django/contrib/auth/common-passwords.txt.gz`,
/// BSD-3-Clause, compiled by Royce Williams from leaked passwords). Attackers try these first.
const COMMON_PASSWORDS: &str = include_str!("../../data/common-passwords.txt");

/// Whether the password (ignoring case and spaces at either end) is on the common list.
pub fn is_common_password(password: &str) -> bool {
    static COMMON: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    let common = COMMON.get_or_init(|| COMMON_PASSWORDS.lines().collect());
    common.contains(password.trim().to_lowercase().as_str())
}

/// A clear reason a new password is refused, or `None` if it is fine.
pub fn weak_password_reason(password: &str) -> Option<String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Some(format!(
            "the password must be at least {MIN_PASSWORD_CHARS} characters (a few words together is easy to remember)"
        ));
    }
    if chars > 200 {
        return Some("the password must be at most 200 characters".into());
    }
    if is_common_password(password) {
        return Some(
            "that password is one of the most common passwords, which attackers try first; choose another (a few unrelated words together is easy to remember)".into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_and_verifies_only_its_password() {
        let h = hash_now("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_now("correct horse battery", &h));
        assert!(!verify_now("wrong horse battery", &h));
        assert!(!verify_now("anything", "not a hash"));
        assert!(weak_password_reason("short").is_some());
        assert!(weak_password_reason("long enough words").is_none());
    }

    #[test]
    fn the_most_common_passwords_are_refused_whatever_their_case() {
        assert_eq!(COMMON_PASSWORDS.lines().count(), 10_000);
        for common in ["qwertyuiop", "1q2w3e4r5t", "Password123", " iloveyou12 "] {
            let reason = weak_password_reason(common);
            assert!(
                reason.as_deref().is_some_and(|r| r.contains("most common")),
                "{common}: {reason:?}"
            );
        }
        assert!(weak_password_reason("kite flies over the hedgehogs").is_none());
    }
}
