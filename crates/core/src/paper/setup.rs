//! How the trader sets up a paper account: spot or futures, what it starts with, its fee and
//! slippage rates, and where its prices come from — Binance's public market data (the
//! default: real prices, no keys) or a replay of recorded candles at a chosen speed (offline
//! demos). Checked once, at creation, with every error naming its `paper.…` field.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{PaperConfig, PaperMode};
use crate::field::FieldError;

/// Fastest replay: a day of 1-minute candles in under 90 s.
pub const MAX_REPLAY_SPEED: u32 = 1_000;

/// One asset a paper account starts with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StartingBalance {
    pub asset: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub amount: Decimal,
}

impl StartingBalance {
    /// One entry per asset of `balances`, in asset order.
    pub fn all(balances: &std::collections::BTreeMap<String, Decimal>) -> Vec<Self> {
        balances
            .iter()
            .map(|(asset, amount)| Self {
                asset: asset.clone(),
                amount: *amount,
            })
            .collect()
    }
}

/// Where a paper account's prices come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "source", rename_all = "snake_case")]
#[ts(export)]
pub enum PaperMarket {
    /// Binance's public endpoints (spot for a spot account, USD-M for futures) at the
    /// account's base URL. When they do not answer, the built-in replay stands in (and the
    /// screen says so) until they answer again.
    Binance,
    /// Recorded candles replayed from `dataset` (a built-in name, or a CSV file with the
    /// columns of `pilothouse market klines`), `speed` times faster than they happened.
    Replay { dataset: String, speed: u32 },
}

/// A paper account's settings as the trader enters them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaperSetup {
    pub mode: PaperMode,
    pub balances: Vec<StartingBalance>,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub maker_fee_bps: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub taker_fee_bps: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub slippage_bps: Decimal,
    pub market: PaperMarket,
}

impl PaperSetup {
    /// The defaults of `mode`: spot starts with 10 000 USDT and 1 BTC at Binance spot's 10 bps
    /// fees; futures with 10 000 USDT of margin at USD-M's 2 / 5 bps. Prices from Binance.
    pub fn default_for(mode: PaperMode) -> Self {
        let usdt = ("USDT", Decimal::from(10_000));
        let config = match mode {
            PaperMode::Spot => PaperConfig::spot(balances([usdt, ("BTC", Decimal::ONE)])),
            PaperMode::Futures => PaperConfig::futures(balances([usdt])),
        };
        Self {
            mode,
            balances: StartingBalance::all(&config.balances),
            maker_fee_bps: config.maker_fee_bps,
            taker_fee_bps: config.taker_fee_bps,
            slippage_bps: config.slippage_bps,
            market: PaperMarket::Binance,
        }
    }

    /// The account's configuration, after checking every setting: an asset named twice or
    /// not at all, a balance or rate out of range (fields `paper.balances`,
    /// `paper.maker_fee_bps`, …), an empty dataset or a speed outside 1..=1000
    /// (`paper.market.dataset`, `paper.market.speed`).
    pub fn check(&self) -> Result<PaperConfig, FieldError> {
        let mut config = PaperConfig {
            mode: self.mode,
            balances: Default::default(),
            maker_fee_bps: self.maker_fee_bps,
            taker_fee_bps: self.taker_fee_bps,
            slippage_bps: self.slippage_bps,
        };
        for balance in &self.balances {
            let asset = balance.asset.trim().to_uppercase();
            if !asset.chars().all(|c| c.is_ascii_alphanumeric()) || asset.is_empty() {
                return Err(FieldError::new(
                    "paper.balances",
                    format!(
                        "`{}` is not an asset name (letters and digits)",
                        balance.asset
                    ),
                ));
            }
            if config
                .balances
                .insert(asset.clone(), balance.amount)
                .is_some()
            {
                return Err(FieldError::new(
                    "paper.balances",
                    format!("{asset} is listed twice"),
                ));
            }
        }
        if config.balances.is_empty() {
            return Err(FieldError::new(
                "paper.balances",
                "give the account at least one asset to start with",
            ));
        }
        config.check().map_err(|e| e.within("paper"))?;
        if let PaperMarket::Replay { dataset, speed } = &self.market {
            if dataset.trim().is_empty() {
                return Err(FieldError::new(
                    "paper.market.dataset",
                    "name a built-in dataset or a CSV file to replay",
                ));
            }
            if *speed == 0 || *speed > MAX_REPLAY_SPEED {
                return Err(FieldError::new(
                    "paper.market.speed",
                    format!("is {speed}; replay 1 to {MAX_REPLAY_SPEED} times real time"),
                ));
            }
        }
        Ok(config)
    }
}

fn balances<const N: usize>(
    items: [(&str, Decimal); N],
) -> impl Iterator<Item = (String, Decimal)> {
    items.into_iter().map(|(a, d)| (a.to_owned(), d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(setup: &PaperSetup) -> Option<String> {
        setup.check().err().map(|e| e.field)
    }

    #[test]
    fn the_defaults_pass_their_own_check() {
        for mode in [PaperMode::Spot, PaperMode::Futures] {
            let setup = PaperSetup::default_for(mode);
            let config = setup.check().expect("defaults are valid");
            assert_eq!(config.mode, mode, "the mode is kept");
            assert_eq!(
                config.balances.get("USDT"),
                Some(&Decimal::from(10_000)),
                "both modes start with 10 000 USDT"
            );
        }
    }

    #[test]
    fn asset_names_are_normalised_and_duplicates_refused() {
        let mut setup = PaperSetup::default_for(PaperMode::Spot);
        setup.balances = vec![StartingBalance {
            asset: " eth ".into(),
            amount: Decimal::from(3),
        }];
        let config = setup.check().expect("a lower-case asset is fine");
        assert_eq!(config.balances.get("ETH"), Some(&Decimal::from(3)));
        setup.balances.push(StartingBalance {
            asset: "ETH".into(),
            amount: Decimal::ONE,
        });
        assert_eq!(field(&setup).as_deref(), Some("paper.balances"));
    }

    #[test]
    fn each_bad_setting_names_its_field() {
        let base = PaperSetup::default_for(PaperMode::Futures);
        let mut empty = base.clone();
        empty.balances.clear();
        assert_eq!(field(&empty).as_deref(), Some("paper.balances"));
        let mut negative = base.clone();
        negative.balances[0].amount = Decimal::from(-1);
        assert_eq!(field(&negative).as_deref(), Some("paper.balances"));
        let mut fee = base.clone();
        fee.taker_fee_bps = Decimal::from(5_000);
        assert_eq!(field(&fee).as_deref(), Some("paper.taker_fee_bps"));
        let mut slow = base.clone();
        slow.market = PaperMarket::Replay {
            dataset: "ETHBTC-5m".into(),
            speed: 0,
        };
        assert_eq!(field(&slow).as_deref(), Some("paper.market.speed"));
        let mut nameless = base;
        nameless.market = PaperMarket::Replay {
            dataset: " ".into(),
            speed: 10,
        };
        assert_eq!(field(&nameless).as_deref(), Some("paper.market.dataset"));
    }
}
