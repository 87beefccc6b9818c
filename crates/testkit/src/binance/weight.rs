//! Binance's request-weight limit for one host (spot or USD-M futures): weight counted per
//! minute of the server's clock and reported in `X-MBX-USED-WEIGHT-1M`; over the limit a 429
//! with `Retry-After`; a client that keeps sending after 429s is banned with 418s, the ban
//! growing for repeat offenders (2 minutes up to 3 days). Tests read the busiest minute seen
//! to prove a bot cycle stays inside its budget.

/// The length of Binance's weight window.
const WINDOW_MS: i64 = 60_000;
/// The first ban lasts two minutes…
const FIRST_BAN_MS: i64 = 120_000;
/// …and repeat bans double, up to three days.
const LONGEST_BAN_MS: i64 = 3 * 24 * 3_600_000;

/// What the limiter decided for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// Within the limit; `used` is the window's weight including this request.
    Admitted { used: u32 },
    /// Over the limit: answer 429, come back after `retry_after_secs`.
    Throttled { used: u32, retry_after_secs: u64 },
    /// Banned: answer 418 until `until_ms`.
    Banned {
        used: u32,
        until_ms: i64,
        retry_after_secs: u64,
    },
}

/// The weight limiter of one host.
#[derive(Debug, Clone)]
pub(crate) struct WeightLimiter {
    pub limit: u32,
    /// How many 429s in one window a client may ignore before it is banned.
    pub ban_after: u32,
    window: i64,
    used: u32,
    max_used: u32,
    strikes: u32,
    bans: u32,
    banned_until_ms: Option<i64>,
}

impl WeightLimiter {
    pub fn new(limit: u32) -> Self {
        Self {
            limit,
            ban_after: 3,
            window: i64::MIN,
            used: 0,
            max_used: 0,
            strikes: 0,
            bans: 0,
            banned_until_ms: None,
        }
    }

    /// Weight used in the current window (as of `now_ms`).
    pub fn used(&self, now_ms: i64) -> u32 {
        if now_ms.div_euclid(WINDOW_MS) == self.window {
            self.used
        } else {
            0
        }
    }

    /// The most weight any one window has carried.
    pub fn max_used(&self) -> u32 {
        self.max_used
    }

    /// Charges `weight` for a request arriving at `now_ms` and decides how to answer it.
    pub fn admit(&mut self, weight: u32, now_ms: i64) -> Admission {
        let window = now_ms.div_euclid(WINDOW_MS);
        if window != self.window {
            self.window = window;
            self.used = 0;
            self.strikes = 0;
        }
        if let Some(until_ms) = self.banned_until_ms {
            if now_ms < until_ms {
                return self.banned(until_ms, now_ms);
            }
            self.banned_until_ms = None;
            self.strikes = 0;
        }
        self.used = self.used.saturating_add(weight);
        self.max_used = self.max_used.max(self.used);
        if self.used <= self.limit {
            return Admission::Admitted { used: self.used };
        }
        if self.strikes >= self.ban_after {
            let length = FIRST_BAN_MS
                .saturating_mul(1_i64 << self.bans.min(20))
                .min(LONGEST_BAN_MS);
            self.bans += 1;
            let until_ms = now_ms + length;
            self.banned_until_ms = Some(until_ms);
            return self.banned(until_ms, now_ms);
        }
        self.strikes += 1;
        Admission::Throttled {
            used: self.used,
            retry_after_secs: seconds_until(now_ms, (window + 1) * WINDOW_MS),
        }
    }

    fn banned(&self, until_ms: i64, now_ms: i64) -> Admission {
        Admission::Banned {
            used: self.used,
            until_ms,
            retry_after_secs: seconds_until(now_ms, until_ms),
        }
    }
}

/// Whole seconds from `now_ms` until `then_ms`, rounded up, at least 1.
fn seconds_until(now_ms: i64, then_ms: i64) -> u64 {
    let ms = (then_ms - now_ms).max(1);
    u64::try_from((ms + 999) / 1_000).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_resets_each_minute_and_429s_escalate_to_a_growing_418_ban() {
        let mut limiter = WeightLimiter::new(10);
        let t = 1_700_000_020_000; // 40 s into a minute
        assert_eq!(limiter.admit(10, t), Admission::Admitted { used: 10 });
        assert_eq!(
            limiter.admit(1, t + 500),
            Admission::Throttled {
                used: 11,
                retry_after_secs: 20
            },
            "Retry-After points at the next window"
        );
        assert!(matches!(
            limiter.admit(1, t + 600),
            Admission::Throttled { .. }
        ));
        assert!(matches!(
            limiter.admit(1, t + 700),
            Admission::Throttled { .. }
        ));
        let Admission::Banned {
            until_ms,
            retry_after_secs,
            ..
        } = limiter.admit(1, t + 800)
        else {
            panic!("the fourth request after three 429s must be banned");
        };
        assert_eq!(retry_after_secs, 120, "the first ban lasts two minutes");
        assert!(
            matches!(limiter.admit(1, until_ms - 1), Admission::Banned { .. }),
            "still banned a millisecond before the end"
        );
        assert!(
            matches!(limiter.admit(1, until_ms), Admission::Admitted { .. }),
            "the ban lifts on time, in a fresh window"
        );
        assert_eq!(limiter.max_used(), 14);
    }
}
