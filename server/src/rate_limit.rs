//! A token bucket per key. Sync is limited per device token, not per IP: a school's tablets all
//! share one address behind its router, and one noisy tablet must not silence the others.
//!
//! State is in this process's memory. That is enough for one server; running several behind a
//! load balancer multiplies the allowance by their number, which is safe (it only limits abuse).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct KeyedLimiter<K> {
    rate_per_sec: f64,
    burst: f64,
    buckets: Mutex<HashMap<K, Bucket>>,
}

struct Bucket {
    tokens: f64,
    refreshed: Instant,
}

impl<K: Eq + Hash + Clone> KeyedLimiter<K> {
    pub fn new(rate_per_sec: f64, burst: f64) -> Self {
        Self {
            rate_per_sec,
            burst,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `key`, or says how long until one is free.
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let bucket = buckets.entry(key.clone()).or_insert(Bucket {
            tokens: self.burst,
            refreshed: now,
        });
        let elapsed = now
            .saturating_duration_since(bucket.refreshed)
            .as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.rate_per_sec).min(self.burst);
        bucket.refreshed = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / self.rate_per_sec;
            Err(Duration::from_secs_f64(wait))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refused_then_refilled_per_key() {
        let limiter = KeyedLimiter::new(2.0, 3.0);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(&1, t0).is_ok());
        }
        let wait = limiter.check_at(&1, t0).unwrap_err();
        assert!(wait <= Duration::from_millis(500));
        assert!(
            limiter.check_at(&2, t0).is_ok(),
            "another tablet is unaffected"
        );
        assert!(limiter
            .check_at(&1, t0 + Duration::from_millis(500))
            .is_ok());
    }
}
