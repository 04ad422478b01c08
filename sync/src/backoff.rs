//! Exponential backoff with full jitter, so a room of tablets coming back online at once does not
//! hit the school server in lockstep.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    failures: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new(Duration::from_secs(2), Duration::from_secs(300))
    }
}

impl Backoff {
    pub fn new(base: Duration, cap: Duration) -> Self {
        Self {
            base,
            cap,
            failures: 0,
        }
    }

    /// After a failed attempt: how long to wait, given a random number in [0, 1).
    pub fn after_failure(&mut self, random_unit: f64) -> Duration {
        let exp = self.base.saturating_mul(1u32 << self.failures.min(16));
        self.failures = self.failures.saturating_add(1);
        let ceiling = exp.min(self.cap);
        // Full jitter, but never less than half the base, so a failing server isn't spun on.
        let jittered = ceiling.mul_f64(random_unit.clamp(0.0, 1.0));
        jittered.max(self.base / 2)
    }

    /// After a successful exchange the next failure starts again from the base delay.
    pub fn reset(&mut self) {
        self.failures = 0;
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_exponentially_up_to_the_cap() {
        let mut b = Backoff::new(Duration::from_secs(2), Duration::from_secs(60));
        let top: Vec<u64> = (0..8)
            .map(|_| b.after_failure(0.999_999).as_secs())
            .collect();
        assert_eq!(top, vec![1, 3, 7, 15, 31, 59, 59, 59]);
    }

    #[test]
    fn jitter_never_goes_below_half_the_base_and_reset_starts_over() {
        let mut b = Backoff::new(Duration::from_secs(2), Duration::from_secs(60));
        for _ in 0..5 {
            assert_eq!(b.after_failure(0.0), Duration::from_secs(1));
        }
        assert_eq!(b.failures(), 5);
        b.reset();
        assert_eq!(b.failures(), 0);
    }
}
