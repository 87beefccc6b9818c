//! How a paper account is set up: spot or futures, what it starts with, and the fee and
//! slippage rates its fills are charged. Checked once, when the account is opened, so a bad
//! setting (a negative fee, a slippage of 100 %) is refused with the field named instead of
//! producing nonsense fills later.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::field::FieldError;

/// Which venue the paper account imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaperMode {
    /// Balances only, long only: a buy needs the quote asset, a sell needs the base asset.
    Spot,
    /// USD-M style futures: isolated margin in the quote asset, long and short positions.
    Futures,
}

/// The settings of a paper account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperConfig {
    pub mode: PaperMode,
    /// What the account starts with, by asset (`USDT` → 10000).
    pub balances: BTreeMap<String, Decimal>,
    /// Fee of a resting limit order that fills, in basis points of the notional.
    pub maker_fee_bps: Decimal,
    /// Fee of a market order, a triggered stop or a limit order marketable when placed.
    pub taker_fee_bps: Decimal,
    /// How far market and stop fills move against the trader, in basis points.
    pub slippage_bps: Decimal,
}

/// Highest fee or slippage accepted (10 %): anything above is a typo, not a venue.
const MAX_BPS: i64 = 1_000;
/// Largest starting balance accepted; keeps every later sum far from `Decimal`'s limits.
const MAX_BALANCE: i64 = 1_000_000_000_000_000;

impl PaperConfig {
    /// A spot account with Binance's standard 10 bps fees and 5 bps of slippage.
    pub fn spot(balances: impl IntoIterator<Item = (String, Decimal)>) -> Self {
        Self {
            mode: PaperMode::Spot,
            balances: balances.into_iter().collect(),
            maker_fee_bps: Decimal::TEN,
            taker_fee_bps: Decimal::TEN,
            slippage_bps: Decimal::from(5),
        }
    }

    /// A futures account with Binance USD-M's standard 2 / 5 bps fees and 2 bps of slippage.
    pub fn futures(balances: impl IntoIterator<Item = (String, Decimal)>) -> Self {
        Self {
            mode: PaperMode::Futures,
            balances: balances.into_iter().collect(),
            maker_fee_bps: Decimal::TWO,
            taker_fee_bps: Decimal::from(5),
            slippage_bps: Decimal::TWO,
        }
    }

    /// Refuses a negative or absurd rate (fields `maker_fee_bps`, `taker_fee_bps`,
    /// `slippage_bps`) and a negative or absurd starting balance (field `balances`).
    pub fn check(&self) -> Result<(), FieldError> {
        for (field, bps) in [
            ("maker_fee_bps", self.maker_fee_bps),
            ("taker_fee_bps", self.taker_fee_bps),
            ("slippage_bps", self.slippage_bps),
        ] {
            if bps < Decimal::ZERO || bps > Decimal::from(MAX_BPS) {
                return Err(FieldError::new(
                    field,
                    format!("is {bps}; use 0 to {MAX_BPS} basis points (1 bp = 0.01 %)"),
                ));
            }
        }
        for (asset, amount) in &self.balances {
            if asset.trim().is_empty() {
                return Err(FieldError::new("balances", "an asset has no name"));
            }
            if *amount < Decimal::ZERO || *amount > Decimal::from(MAX_BALANCE) {
                return Err(FieldError::new(
                    "balances",
                    format!("{asset} starts at {amount}; use 0 to {MAX_BALANCE}"),
                ));
            }
        }
        Ok(())
    }

    /// The maker fee as a fraction of the notional (10 bps → 0.001).
    pub(super) fn maker_rate(&self) -> Decimal {
        per_ten_thousand(self.maker_fee_bps)
    }

    /// The taker fee as a fraction of the notional.
    pub(super) fn taker_rate(&self) -> Decimal {
        per_ten_thousand(self.taker_fee_bps)
    }

    /// The price a market or stop fill gets when the market is at `price`: buys pay up, sells
    /// receive less.
    pub(super) fn slipped(&self, price: Decimal, buy: bool) -> Decimal {
        let slip = per_ten_thousand(self.slippage_bps);
        let factor = if buy {
            Decimal::ONE + slip
        } else {
            Decimal::ONE - slip
        };
        (price * factor).normalize()
    }
}

fn per_ten_thousand(bps: Decimal) -> Decimal {
    bps / Decimal::from(10_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn rates_are_basis_points_and_slippage_always_hurts() {
        let config = PaperConfig::spot([("USDT".to_owned(), d("100"))]);
        assert_eq!(config.taker_rate(), d("0.001"), "10 bps is 0.1 %");
        // 5 bps of 30 000 is 15: a buy pays 30 015, a sell receives 29 985.
        assert_eq!(config.slipped(d("30000"), true), d("30015"));
        assert_eq!(config.slipped(d("30000"), false), d("29985"));
    }

    #[test]
    fn absurd_settings_are_refused_with_the_field() {
        let mut config = PaperConfig::futures([("USDT".to_owned(), d("100"))]);
        assert_eq!(config.check(), Ok(()));
        config.slippage_bps = d("10000");
        assert_eq!(
            config.check().map_err(|e| e.field),
            Err("slippage_bps".to_owned())
        );
        config.slippage_bps = Decimal::ZERO;
        config.balances.insert("BTC".into(), d("-1"));
        assert_eq!(
            config.check().map_err(|e| e.field),
            Err("balances".to_owned()),
            "a negative starting balance is a typo"
        );
    }
}
