//! Token buckets, kept in the database. Sync is limited per device token, not per IP: a school's
//! tablets all share one address behind its router, and one noisy tablet must not silence the
//! others. Enrolment and parents' sign-in are limited across the whole server, and per client
//! (a daily-keyed hash of its address, `http::client`) before that, so one client at its limit
//! takes nothing from the server-wide allowance and can't starve everyone else. Staff sign-in
//! counts failures per client and per account (see `Limits::sign_in_failures_per_client`).
//!
//! The buckets live in the `rate_limits` table and are taken from in one atomic statement
//! (`Store::take_rate_tokens`), so several server processes behind a load balancer share one
//! allowance instead of each granting its own.

use crate::client_tags::ClientTags;
use crate::clock::now_ms;
use crate::config::Config;
use crate::error::ApiError;
use crate::storage::{RateTake, Store};

/// Every limit the server applies, reachable as `state.limits`.
pub struct Limits {
    /// Tags for the per-client buckets.
    pub clients: ClientTags,
    /// Enrolment attempts, per client: a school enrolling a trolley of tablets from one address
    /// waits a little between them; one client can't use up the server's allowance.
    pub enrolment_per_client: KeyedLimiter,
    /// Parents' sign-in attempts, per client (a family's home, a school's office).
    pub parent_sign_in_per_client: KeyedLimiter,
    /// Failed staff sign-ins (and screen unlocks) per client. Past it the client's sign-ins are
    /// refused before any password is checked or any account's count is touched. Lower than
    /// [`Limits::sign_in_failures_per_account`] refills, so no one client can lock an account:
    /// a DSL's account locks only when many clients fail on it at once.
    pub sign_in_failures_per_client: KeyedLimiter,
    /// Failed sign-ins per account, from anywhere: when it runs out the account is locked.
    /// A bucket rather than a count, so old failures are forgotten.
    pub sign_in_failures_per_account: KeyedLimiter,
    /// A staff session unused for this long is locked until its password is given again.
    pub staff_lock_ms: i64,
    /// Sync requests, per device id.
    pub sync: KeyedLimiter,
    /// Enrolment attempts, across the whole server (codes are short; this makes guessing slow).
    pub enrolment: KeyedLimiter,
    /// Parents' sign-in attempts with a letter's code, across the whole server: no IP is kept,
    /// and with 58-bit codes a server-wide limit makes guessing hopeless while a class of
    /// parents signing in on the evening the letters go home never notices it.
    pub parent_sign_in: KeyedLimiter,
    /// Parents' concerns, per session and per child (every session opened with the child's
    /// letters): a code from one letter can't bury the DSL's inbox.
    pub parent_concerns_per_session: KeyedLimiter,
    pub parent_concerns_per_child: KeyedLimiter,
    /// What a tablet stores in a day, in items and in bytes of sealed items, per device id.
    pub device_items: KeyedLimiter,
    pub device_bytes: KeyedLimiter,
    /// A child's picture codes that find no answer, per tablet: five at once and five a
    /// minute, so a child who mistaps can try again at once while guessing stays hopeless.
    pub answer_tries: KeyedLimiter,
    /// Visitors' signatures a day, per poster key and per tablet: a busy open evening is well
    /// inside; a poster's link passed around can't fill the office's list.
    pub visitor_signings: KeyedLimiter,
}

const DAY_SECS: f64 = 86_400.0;
/// A parent's concerns a day from one session, and from all the sessions of one child's
/// letters (two parents, each writing more than once, is still well inside).
pub const CONCERNS_PER_SESSION_A_DAY: f64 = 3.0;
pub const CONCERNS_PER_CHILD_A_DAY: f64 = 5.0;

impl Limits {
    pub fn new(config: &Config) -> Self {
        Self {
            clients: ClientTags::new(config.trusted_proxies.clone()),
            enrolment_per_client: KeyedLimiter::new("enrol_client", 0.25, 10.0),
            parent_sign_in_per_client: KeyedLimiter::new("parent_sign_in_client", 0.2, 10.0),
            sign_in_failures_per_client: KeyedLimiter::new(
                "sign_in_failures_client",
                SIGN_IN_FAILURES_PER_CLIENT / HOUR_SECS,
                SIGN_IN_FAILURES_PER_CLIENT,
            ),
            sign_in_failures_per_account: KeyedLimiter::new(
                "sign_in_failures_account",
                SIGN_IN_FAILURES_PER_ACCOUNT / HOUR_SECS,
                SIGN_IN_FAILURES_PER_ACCOUNT,
            ),
            staff_lock_ms: (config.staff_lock_secs as i64).saturating_mul(1000),
            sync: KeyedLimiter::new("sync", config.device_rate_per_sec, config.device_burst),
            enrolment: KeyedLimiter::new("enrol", 1.0, 20.0),
            parent_sign_in: KeyedLimiter::new("parent_sign_in", 1.0, 30.0),
            parent_concerns_per_session: KeyedLimiter::daily(
                "concern_session",
                CONCERNS_PER_SESSION_A_DAY,
            ),
            parent_concerns_per_child: KeyedLimiter::daily(
                "concern_child",
                CONCERNS_PER_CHILD_A_DAY,
            ),
            device_items: KeyedLimiter::daily("device_items", f64::from(DEVICE_DAILY_ITEMS)),
            device_bytes: KeyedLimiter::daily("device_bytes", DEVICE_DAILY_BYTES as f64),
            answer_tries: KeyedLimiter::new(
                "answer_tries",
                ANSWER_TRIES_A_MINUTE / 60.0,
                ANSWER_TRIES_A_MINUTE,
            ),
            visitor_signings: KeyedLimiter::daily(
                "visitor_signings",
                f64::from(VISITOR_SIGNINGS_A_DAY),
            ),
        }
    }
}

const HOUR_SECS: f64 = 3600.0;
/// Visitors who may sign in a day from one poster or one tablet.
pub const VISITOR_SIGNINGS_A_DAY: u32 = 200;
/// Picture codes a tablet may try that find no answer, at once and again each minute.
pub const ANSWER_TRIES_A_MINUTE: f64 = 5.0;
/// Failed staff sign-ins a client may make at once, and again each hour.
pub const SIGN_IN_FAILURES_PER_CLIENT: f64 = 5.0;
/// Failed sign-ins an account takes at once, and again each hour, before it is locked.
pub const SIGN_IN_FAILURES_PER_ACCOUNT: f64 = 20.0;

/// What one tablet may store in a day: far above a busy class's real day (a lesson record per
/// lesson, thirty AUP signatures, a few reports, even with drawings), far below what a stolen
/// token could post (five 2 MB batches a second).
pub const DEVICE_DAILY_ITEMS: u32 = 1000;
pub const DEVICE_DAILY_BYTES: usize = 20 * 1024 * 1024;

pub struct KeyedLimiter {
    /// Prefix of the bucket's key in the table: which limit this is.
    name: &'static str,
    rate_per_sec: f64,
    burst: f64,
}

impl KeyedLimiter {
    pub fn new(name: &'static str, rate_per_sec: f64, burst: f64) -> Self {
        Self {
            name,
            rate_per_sec,
            burst,
        }
    }

    /// A quota of `per_day`: all of it at once, refilled evenly over the day.
    pub fn daily(name: &'static str, per_day: f64) -> Self {
        Self::new(name, per_day / DAY_SECS, per_day)
    }

    /// Takes `cost` from `key`'s bucket, or refuses with 429, `message` and how long to wait.
    pub async fn take(
        &self,
        storage: &Store,
        key: &str,
        cost: f64,
        message: &'static str,
    ) -> Result<(), ApiError> {
        take_in_turn(storage, vec![self.quota(key, cost, message)], now_ms()).await
    }

    /// Takes one token from `key`'s bucket, or refuses with 429 and how long to wait.
    pub async fn check(&self, storage: &Store, key: &str) -> Result<(), ApiError> {
        self.check_at(storage, key, now_ms()).await
    }

    async fn check_at(&self, storage: &Store, key: &str, now_ms: i64) -> Result<(), ApiError> {
        take_in_turn(storage, vec![self.request(key)], now_ms).await
    }

    /// Whether `key`'s bucket has a token, without taking it: for limits that count failures,
    /// asked before trying and taken from only when the try fails.
    pub async fn has_token(&self, storage: &Store, key: &str) -> Result<bool, ApiError> {
        Ok(storage
            .rate_tokens(&self.bucket(key), self.rate_per_sec, self.burst, now_ms())
            .await?
            >= 1.0)
    }

    /// One request's token from `key`'s bucket; refused as "too many requests".
    pub fn request(&self, key: &str) -> Charge {
        self.charge(key, 1.0, Refusal::TooMany)
    }

    /// `cost` from `key`'s quota; refused with `message`.
    pub fn quota(&self, key: &str, cost: f64, message: &'static str) -> Charge {
        self.charge(key, cost, Refusal::Quota(message))
    }

    fn charge(&self, key: &str, cost: f64, refusal: Refusal) -> Charge {
        Charge {
            take: RateTake {
                bucket: self.bucket(key),
                cost,
                rate_per_sec: self.rate_per_sec,
                burst: self.burst,
            },
            refusal,
        }
    }

    fn bucket(&self, key: &str) -> String {
        format!("{}:{key}", self.name)
    }
}

/// What one limit takes, and how a refusal is told.
pub struct Charge {
    take: RateTake,
    refusal: Refusal,
}

enum Refusal {
    TooMany,
    Quota(&'static str),
}

/// Takes each charge in turn (one database transaction for all), or refuses with the first
/// that can't be taken; those before it stay taken.
pub async fn take_in_turn(
    storage: &Store,
    charges: Vec<Charge>,
    now_ms: i64,
) -> Result<(), ApiError> {
    let (takes, refusals): (Vec<RateTake>, Vec<Refusal>) =
        charges.into_iter().map(|c| (c.take, c.refusal)).unzip();
    let Some((i, wait)) = storage.take_rate_tokens(&takes, now_ms).await? else {
        return Ok(());
    };
    let retry_after_secs = wait.as_secs_f64().ceil().max(1.0) as u64;
    Err(match refusals[i] {
        Refusal::TooMany => ApiError::RateLimited { retry_after_secs },
        Refusal::Quota(message) => ApiError::QuotaReached {
            retry_after_secs,
            message,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_for(result: Result<(), ApiError>) -> u64 {
        match result {
            Err(ApiError::RateLimited { retry_after_secs }) => retry_after_secs,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_burst_is_allowed_then_refused_then_refilled_per_key() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("kite.db").display());
        let storage = crate::storage::connect(&url).await.unwrap();
        let limiter = KeyedLimiter::new("test", 2.0, 3.0);
        let t0 = 1_764_000_000_000;
        for _ in 0..3 {
            limiter.check_at(&storage, "1", t0).await.unwrap();
        }
        let wait = refused_for(limiter.check_at(&storage, "1", t0).await);
        assert_eq!(wait, 1, "half a second to the next token, rounded up");
        limiter
            .check_at(&storage, "2", t0)
            .await
            .expect("another tablet is unaffected");
        limiter
            .check_at(&storage, "1", t0 + 500)
            .await
            .expect("refilled after half a second");
        refused_for(limiter.check_at(&storage, "1", t0 + 500).await);
        // A clock behind the last use (another server's) refills nothing and takes nothing away.
        refused_for(limiter.check_at(&storage, "1", t0).await);
        // Refills stop at the burst.
        for _ in 0..3 {
            limiter.check_at(&storage, "1", t0 + 60_000).await.unwrap();
        }
        refused_for(limiter.check_at(&storage, "1", t0 + 60_000).await);
    }
}
