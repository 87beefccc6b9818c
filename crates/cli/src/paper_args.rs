//! The paper account options of `pilothouse accounts add`: mode, starting balances, fees,
//! slippage and price source. Given without `--venue paper` they are refused by the App
//! (field `paper`), like any other bad input.

use clap::Args;
use pilothouse_app::core::FieldError;
use pilothouse_app::core::paper::{PaperMarket, PaperMode, PaperSetup, StartingBalance};
use rust_decimal::Decimal;

#[derive(Debug, Args)]
pub struct PaperArgs {
    /// Paper only: imitate USD-M futures (leverage, margin, shorts) instead of spot.
    #[arg(long)]
    futures: bool,
    /// Paper only: what the account starts with, e.g. `--balance USDT=5000` (repeatable);
    /// default 10000 USDT and, on spot, 1 BTC.
    #[arg(long = "balance", value_name = "ASSET=AMOUNT")]
    balances: Vec<String>,
    /// Paper only: maker fee in basis points (default 10 spot, 2 futures).
    #[arg(long, value_name = "BPS")]
    maker_bps: Option<Decimal>,
    /// Paper only: taker fee in basis points (default 10 spot, 5 futures).
    #[arg(long, value_name = "BPS")]
    taker_bps: Option<Decimal>,
    /// Paper only: slippage of market and stop fills in basis points (default 5 spot, 2
    /// futures).
    #[arg(long, value_name = "BPS")]
    slippage_bps: Option<Decimal>,
    /// Paper only: trade on a replay of recorded candles instead of Binance's prices — a
    /// built-in dataset (ETHBTC-5m, ALTBTC-1m, XRPUSDT-perp-5m) or a CSV file.
    #[arg(long, value_name = "DATASET")]
    replay: Option<String>,
    /// Paper only: how many times faster than real time the replay runs (1–1000).
    #[arg(long, default_value_t = 1, requires = "replay")]
    speed: u32,
}

impl PaperArgs {
    /// The paper setup these options ask for, or `None` when none was given.
    pub fn setup(self) -> Result<Option<PaperSetup>, FieldError> {
        let given = self.futures
            || !self.balances.is_empty()
            || self.maker_bps.is_some()
            || self.taker_bps.is_some()
            || self.slippage_bps.is_some()
            || self.replay.is_some();
        if !given {
            return Ok(None);
        }
        let mode = if self.futures {
            PaperMode::Futures
        } else {
            PaperMode::Spot
        };
        let mut setup = PaperSetup::default_for(mode);
        if !self.balances.is_empty() {
            setup.balances = self
                .balances
                .iter()
                .map(|text| starting_balance(text))
                .collect::<Result<_, _>>()?;
        }
        setup.maker_fee_bps = self.maker_bps.unwrap_or(setup.maker_fee_bps);
        setup.taker_fee_bps = self.taker_bps.unwrap_or(setup.taker_fee_bps);
        setup.slippage_bps = self.slippage_bps.unwrap_or(setup.slippage_bps);
        if let Some(dataset) = self.replay {
            setup.market = PaperMarket::Replay {
                dataset,
                speed: self.speed,
            };
        }
        Ok(Some(setup))
    }
}

fn starting_balance(text: &str) -> Result<StartingBalance, FieldError> {
    let bad = || {
        FieldError::new(
            "balance",
            format!("`{text}` is not ASSET=AMOUNT (USDT=5000)"),
        )
    };
    let (asset, amount) = text.split_once('=').ok_or_else(bad)?;
    Ok(StartingBalance {
        asset: asset.trim().to_owned(),
        amount: amount.trim().parse().map_err(|_| bad())?,
    })
}
