//! Candles: one interval of a market's trading, and the intervals venues offer.
//!
//! A candle is *final* only once its close time has passed; strategies are never fed a partial
//! one (the last candle a venue returns is usually still forming).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::field::FieldError;

/// A candle length, as Binance names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Interval {
    #[serde(rename = "1m")]
    M1,
    #[serde(rename = "3m")]
    M3,
    #[serde(rename = "5m")]
    M5,
    #[serde(rename = "15m")]
    M15,
    #[serde(rename = "30m")]
    M30,
    #[serde(rename = "1h")]
    H1,
    #[serde(rename = "2h")]
    H2,
    #[serde(rename = "4h")]
    H4,
    #[serde(rename = "6h")]
    H6,
    #[serde(rename = "8h")]
    H8,
    #[serde(rename = "12h")]
    H12,
    #[serde(rename = "1d")]
    D1,
    #[serde(rename = "3d")]
    D3,
    #[serde(rename = "1w")]
    W1,
}

impl Interval {
    /// Every interval, shortest first. (Binance's `1M` month is left out: months differ in
    /// length, and no strategy here uses them.)
    pub const ALL: [Interval; 14] = [
        Interval::M1,
        Interval::M3,
        Interval::M5,
        Interval::M15,
        Interval::M30,
        Interval::H1,
        Interval::H2,
        Interval::H4,
        Interval::H6,
        Interval::H8,
        Interval::H12,
        Interval::D1,
        Interval::D3,
        Interval::W1,
    ];

    /// The name venues use (`5m`, `1h`).
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::M1 => "1m",
            Interval::M3 => "3m",
            Interval::M5 => "5m",
            Interval::M15 => "15m",
            Interval::M30 => "30m",
            Interval::H1 => "1h",
            Interval::H2 => "2h",
            Interval::H4 => "4h",
            Interval::H6 => "6h",
            Interval::H8 => "8h",
            Interval::H12 => "12h",
            Interval::D1 => "1d",
            Interval::D3 => "3d",
            Interval::W1 => "1w",
        }
    }

    /// How long one candle lasts.
    pub fn length(self) -> TimeDelta {
        let minutes = match self {
            Interval::M1 => 1,
            Interval::M3 => 3,
            Interval::M5 => 5,
            Interval::M15 => 15,
            Interval::M30 => 30,
            Interval::H1 => 60,
            Interval::H2 => 120,
            Interval::H4 => 240,
            Interval::H6 => 360,
            Interval::H8 => 480,
            Interval::H12 => 720,
            Interval::D1 => 1_440,
            Interval::D3 => 4_320,
            Interval::W1 => 10_080,
        };
        TimeDelta::minutes(minutes)
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Interval {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Interval::ALL
            .into_iter()
            .find(|i| i.as_str() == s.trim())
            .ok_or_else(|| {
                let names: Vec<_> = Interval::ALL.iter().map(|i| i.as_str()).collect();
                FieldError::new(
                    "interval",
                    format!(
                        "`{}` is not an interval; use one of {}",
                        s.trim(),
                        names.join(", ")
                    ),
                )
            })
    }
}

/// One candle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Candle {
    pub open_time: DateTime<Utc>,
    /// The last instant inside the candle (Binance: open time + length − 1 ms).
    pub close_time: DateTime<Utc>,
    #[ts(type = "string")]
    pub open: Decimal,
    #[ts(type = "string")]
    pub high: Decimal,
    #[ts(type = "string")]
    pub low: Decimal,
    #[ts(type = "string")]
    pub close: Decimal,
    /// Traded quantity, in the base asset.
    #[ts(type = "string")]
    pub volume: Decimal,
}

impl Candle {
    /// Whether the candle is complete at `now`: only final candles reach strategies.
    pub fn is_final(&self, now: DateTime<Utc>) -> bool {
        self.close_time < now
    }
}

/// Most candles one request may ask for.
pub const MAX_KLINES: u16 = 1_000;

/// Which candles to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KlineRange {
    /// The latest `n` (1..=1000).
    Latest(u16),
    /// Those opening in `[from, to]`, at most 1000.
    Between {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
}

impl KlineRange {
    /// Refuses a count outside 1..=1000 (field `limit`) or an empty span (field `to`).
    pub fn check(self) -> Result<Self, FieldError> {
        match self {
            KlineRange::Latest(n) if n == 0 || n > MAX_KLINES => Err(FieldError::new(
                "limit",
                format!("is {n}; ask for 1 to {MAX_KLINES} candles"),
            )),
            KlineRange::Between { from, to } if to < from => Err(FieldError::new(
                "to",
                format!("{to} is before `from` ({from})"),
            )),
            other => Ok(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_round_trip_and_know_their_length() {
        for interval in Interval::ALL {
            assert_eq!(interval.as_str().parse::<Interval>(), Ok(interval));
            let json = serde_json::to_value(interval).unwrap_or_default();
            assert_eq!(json, serde_json::json!(interval.as_str()));
        }
        assert_eq!(Interval::H4.length(), TimeDelta::hours(4));
        assert_eq!(
            "2m".parse::<Interval>().err().map(|e| e.field).as_deref(),
            Some("interval")
        );
    }

    #[test]
    fn a_candle_is_final_only_after_its_close_time() {
        let open = DateTime::from_timestamp_millis(1_515_560_100_000).unwrap_or_default();
        let candle = Candle {
            open_time: open,
            close_time: open + Interval::M5.length() - TimeDelta::milliseconds(1),
            open: Decimal::ONE,
            high: Decimal::ONE,
            low: Decimal::ONE,
            close: Decimal::ONE,
            volume: Decimal::ONE,
        };
        assert!(!candle.is_final(open + TimeDelta::minutes(4)));
        assert!(!candle.is_final(candle.close_time));
        assert!(candle.is_final(open + Interval::M5.length()));
    }

    #[test]
    fn a_range_is_checked() {
        assert!(KlineRange::Latest(1000).check().is_ok());
        assert_eq!(
            KlineRange::Latest(0)
                .check()
                .err()
                .map(|e| e.field)
                .as_deref(),
            Some("limit")
        );
        let now = DateTime::UNIX_EPOCH;
        let backwards = KlineRange::Between {
            from: now,
            to: now - TimeDelta::seconds(1),
        };
        assert_eq!(
            backwards.check().err().map(|e| e.field).as_deref(),
            Some("to")
        );
    }
}
