//! How long to wait before the next attempt: exponential backoff with jitter.
//!
//! The wait doubles with each failed attempt (base, 2×base, 4×base, …, at most
//! [`MAX_BACKOFF_SECS`]) and is spread by ±20 % so that many schedules failing on one outage
//! do not all retry in the same second. The randomness is passed in, so the rule is testable.

use chrono::TimeDelta;

/// Longest wait between attempts (6 hours).
pub const MAX_BACKOFF_SECS: u64 = 6 * 3_600;

/// The wait before attempt `next_attempt` (2 for the first retry), given the schedule's base
/// wait and `jitter` drawn uniformly from `[0, 1)`.
pub fn backoff(base_secs: u32, next_attempt: u32, jitter: f64) -> TimeDelta {
    let doublings = next_attempt.saturating_sub(2).min(30);
    let raw = u64::from(base_secs)
        .saturating_mul(1u64 << doublings)
        .min(MAX_BACKOFF_SECS);
    let spread = 0.8 + 0.4 * jitter.clamp(0.0, 1.0);
    // At most 6 h × 1.2 in milliseconds: well inside f64's exact integers.
    let ms = (raw as f64 * 1_000.0 * spread).round() as i64;
    TimeDelta::milliseconds(ms.max(1))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_wait_doubles_from_the_base() {
        let waits: Vec<_> = (2..=5).map(|n| backoff(60, n, 0.5).num_seconds()).collect();
        assert_eq!(waits, [60, 120, 240, 480]);
    }

    #[test]
    fn the_wait_is_capped() {
        assert_eq!(backoff(3_600, 20, 0.5).num_seconds(), 6 * 3_600);
        assert_eq!(backoff(u32::MAX, u32::MAX, 0.5).num_seconds(), 6 * 3_600);
    }

    proptest! {
        #[test]
        fn jitter_stays_within_twenty_percent(base in 1u32..86_400, n in 2u32..40, j in 0.0f64..1.0) {
            let nominal = backoff(base, n, 0.5).num_milliseconds() as f64;
            let actual = backoff(base, n, j).num_milliseconds() as f64;
            prop_assert!(actual >= nominal * 0.8 - 1.0 && actual <= nominal * 1.2 + 1.0);
        }
    }
}
