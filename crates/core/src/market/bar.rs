//! A closed candle as the computing core reads it: prices as `f64`.
//!
//! Money stays `Decimal` everywhere it is kept or sent (design rule 3); indicators, strategies
//! and the backtester compute in `f64` because that is what TA-Lib and backtesting.py compute
//! in (their values are the reference ours must equal) and because a sweep over half a million
//! candles has to take milliseconds, not seconds. A [`Bar`] is made from a [`Candle`] once, at
//! the edge of the computation.

use rust_decimal::prelude::ToPrimitive;

use super::Candle;

/// One closed candle in `f64`, its open time in milliseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub open_time: i64,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
    pub volume: f64,
}

impl Bar {
    /// The candle's prices as the nearest `f64` (every price a venue quotes fits).
    pub fn from_candle(candle: &Candle) -> Self {
        let f = |d: rust_decimal::Decimal| d.to_f64().unwrap_or(f64::NAN);
        Self {
            open_time: candle.open_time.timestamp_millis(),
            open: f(candle.open),
            high: f(candle.high),
            low: f(candle.low),
            close: f(candle.close),
            volume: f(candle.volume),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn a_bar_keeps_the_candle_prices_and_its_open_time_in_ms() {
        let open_time = Utc
            .with_ymd_and_hms(2024, 1, 2, 3, 4, 0)
            .single()
            .unwrap_or_default();
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        let candle = Candle {
            open_time,
            close_time: open_time,
            open: d("0.052431"),
            high: d("0.0525"),
            low: d("0.0524"),
            close: d("0.052477"),
            volume: d("12.5"),
        };
        let bar = Bar::from_candle(&candle);
        assert_eq!(
            bar.open_time,
            open_time.timestamp_millis(),
            "open time in ms"
        );
        assert_eq!(
            (bar.open, bar.high, bar.low, bar.close, bar.volume),
            (0.052431, 0.0525, 0.0524, 0.052477, 12.5),
            "each price is the nearest f64 of the decimal, as a CSV reader would parse it"
        );
    }
}
