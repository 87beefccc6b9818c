//! What is traded, and where.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::SymbolFilters;
use crate::field::FieldError;

/// A market's symbol as venues spell it: upper-case letters and digits (`BTCUSDT`, `ETHBTC`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct Symbol(String);

impl Symbol {
    /// Reads a symbol; lower case is accepted and upper-cased (field `symbol`).
    pub fn parse(text: &str) -> Result<Symbol, FieldError> {
        let upper = text.trim().to_ascii_uppercase();
        let valid = (2..=20).contains(&upper.len())
            && upper
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if valid {
            Ok(Symbol(upper))
        } else {
            Err(FieldError::new(
                "symbol",
                format!(
                    "`{}` is not a symbol (2–20 letters or digits, like BTCUSDT)",
                    text.trim()
                ),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Symbol {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Symbol::parse(s)
    }
}

impl TryFrom<String> for Symbol {
    type Error = FieldError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Symbol::parse(&value)
    }
}

impl From<Symbol> for String {
    fn from(symbol: Symbol) -> String {
        symbol.0
    }
}

/// Where an account trades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Venue {
    /// Simulated fills on real prices: the default, never real money.
    Paper,
    /// Binance spot (`/api/v3`).
    BinanceSpot,
    /// Binance USD-M futures (`/fapi/v1`).
    BinanceUsdm,
}

impl Venue {
    pub fn as_str(self) -> &'static str {
        match self {
            Venue::Paper => "paper",
            Venue::BinanceSpot => "binance-spot",
            Venue::BinanceUsdm => "binance-usdm",
        }
    }

    /// Whether the venue has positions, leverage and margin (futures) rather than balances only.
    pub fn is_futures(self) -> bool {
        matches!(self, Venue::BinanceUsdm)
    }
}

impl fmt::Display for Venue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Venue {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Venue::Paper, Venue::BinanceSpot, Venue::BinanceUsdm]
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| {
                FieldError::new(
                    "venue",
                    format!(
                        "`{}` is not a venue; use paper, binance-spot or binance-usdm",
                        s.trim()
                    ),
                )
            })
    }
}

/// A symbol's assets and trading rules, as the venue's exchange info gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SymbolInfo {
    pub symbol: Symbol,
    pub base_asset: String,
    pub quote_asset: String,
    /// Whether the venue accepts orders for it now.
    pub trading: bool,
    pub filters: SymbolFilters,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_upper_cased_and_checked() {
        assert_eq!(
            Symbol::parse(" ethbtc ").map(|s| s.0),
            Ok("ETHBTC".to_owned())
        );
        for bad in ["", "E", "ETH/BTC", "ETH-BTC", "ÉTHBTC"] {
            let err = Symbol::parse(bad).err().map(|e| e.field);
            assert_eq!(err.as_deref(), Some("symbol"), "{bad:?}");
        }
    }

    #[test]
    fn venues_round_trip_through_their_names() {
        for venue in [Venue::Paper, Venue::BinanceSpot, Venue::BinanceUsdm] {
            assert_eq!(venue.as_str().parse::<Venue>(), Ok(venue));
        }
        assert!(Venue::BinanceUsdm.is_futures() && !Venue::BinanceSpot.is_futures());
    }
}
