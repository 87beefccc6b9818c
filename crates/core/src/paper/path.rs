//! The order in which prices are assumed to be visited inside one candle. A candle only says
//! where the market opened, closed, and how far it went up and down, not which extreme came
//! first; the paper venue assumes the worst for the trader — the move against the position
//! first (open → low → high → close for a long or no position, open → high → low → close for a
//! short). So a stop-loss and a take-profit inside the same candle fill stop-loss first, and a
//! liquidation is never dodged by a favourable wick that may have come later.
//!
//! A point on the path is measured as the price distance travelled from the open, so events
//! can be sorted and a later event searched for only after an earlier one.

use rust_decimal::Decimal;

use crate::market::Candle;

/// The assumed price path through one candle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CandlePath {
    points: [Decimal; 4],
}

impl CandlePath {
    /// The path through `candle`, visiting the low first when `low_first`.
    pub fn new(candle: &Candle, low_first: bool) -> Self {
        let (first, second) = if low_first {
            (candle.low, candle.high)
        } else {
            (candle.high, candle.low)
        };
        Self {
            points: [candle.open, first, second, candle.close],
        }
    }

    /// How far along the path, at `from` or later, the price first is at or below `level`
    /// (`down`) or at or above it; `None` if it never is.
    pub fn first_reach(&self, level: Decimal, down: bool, from: Decimal) -> Option<Decimal> {
        let mut start = Decimal::ZERO;
        for leg in self.points.windows(2) {
            let (a, b) = (leg[0], leg[1]);
            let end = start + (b - a).abs();
            if end >= from {
                let t = from.max(start);
                let price = if b >= a {
                    a + (t - start)
                } else {
                    a - (t - start)
                };
                if (down && price <= level) || (!down && price >= level) {
                    return Some(t);
                }
                if down && b <= level {
                    return Some(start + (a - level));
                }
                if !down && b >= level {
                    return Some(start + (level - a));
                }
            }
            start = end;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;

    fn candle(open: i64, high: i64, low: i64, close: i64) -> Candle {
        Candle {
            open_time: DateTime::UNIX_EPOCH,
            close_time: DateTime::UNIX_EPOCH,
            open: open.into(),
            high: high.into(),
            low: low.into(),
            close: close.into(),
            volume: Decimal::ONE,
        }
    }

    #[test]
    fn the_low_comes_first_for_a_long() {
        // 100 → 90 → 120 → 110: 95 is reached after 5, 115 after 10 + 25 = 35.
        let path = CandlePath::new(&candle(100, 120, 90, 110), true);
        let z = Decimal::ZERO;
        assert_eq!(path.first_reach(95.into(), true, z), Some(5.into()));
        assert_eq!(path.first_reach(115.into(), false, z), Some(35.into()));
        // A level already passed at the open is reached at once.
        assert_eq!(path.first_reach(100.into(), false, z), Some(z));
        assert_eq!(
            path.first_reach(130.into(), false, z),
            None,
            "above the high"
        );
    }

    #[test]
    fn the_high_comes_first_for_a_short_and_searches_start_where_asked() {
        // 100 → 120 → 90 → 110: 95 is reached after 20 + 25 = 45.
        let path = CandlePath::new(&candle(100, 120, 90, 110), false);
        assert_eq!(
            path.first_reach(95.into(), true, Decimal::ZERO),
            Some(45.into())
        );
        // From 30 on (on the way down, at 110) the price never again reaches 115: it falls to
        // 90 and closes at 110.
        assert_eq!(path.first_reach(115.into(), false, 30.into()), None);
        // ...but 105 is: at 30 the price is 110, already above it.
        assert_eq!(
            path.first_reach(105.into(), false, 30.into()),
            Some(30.into())
        );
    }
}
