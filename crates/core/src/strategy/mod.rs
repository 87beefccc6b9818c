//! Strategies: what a bot (and a backtest) does with each closed candle.
//!
//! One trait, [`Strategy`], used the same way by the backtester now and by live bots next: the
//! strategy is fed closed candles one at a time, in order, and answers each with a
//! [`Decision`]. It keeps its indicators warm in their incremental form, so it can never read a
//! candle it has not been given — a later candle cannot change an earlier decision (a test
//! holds this for every strategy). A decision says what to do (BUY / SELL / HOLD), how sure the
//! strategy is (0–100) and why: each reason names the indicator, its value and the rule it met,
//! so a trader reading a bot's log can check the call against a chart.
//!
//! Parameters are typed and validated once, when the strategy is built ([`build`]); the
//! catalogue ([`strategies`]) lists them with their defaults and ranges, which is what the UI
//! builds its form from and what the CLI's `--param` checks against.

mod catalog;
mod confluence;
mod params;
mod sma_cross;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::indicator::IndicatorError;
use crate::market::Bar;

pub use catalog::{build, info, strategies};
pub use params::{ParamInfo, ParamKind, ParamValue, Params, StrategyInfo};

/// What a strategy wants done after a candle closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "UPPERCASE")]
#[ts(export)]
pub enum Action {
    Buy,
    Sell,
    Hold,
}

/// One rule a decision rests on: the indicator, its value on the candle, and the rule met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reason {
    /// The indicator as the trader knows it (`sma_10`, `rsi_14`, `macd_12_26_9`).
    pub indicator: String,
    pub value: f64,
    /// The rule in words (`sma_10 crossed above sma_30 (29.5)`).
    pub rule: String,
}

/// A strategy's answer to one closed candle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Decision {
    pub action: Action,
    /// How sure the strategy is, 0–100 (0 for HOLD).
    pub confidence: u8,
    /// Why; empty for a HOLD where no rule was met.
    pub reasons: Vec<Reason>,
    /// The price at which a position opened on this decision should be stopped out.
    pub stop_loss: Option<f64>,
    /// The price at which it should take its profit.
    pub take_profit: Option<f64>,
}

impl Decision {
    /// Do nothing: no rule was met.
    pub const HOLD: Decision = Decision {
        action: Action::Hold,
        confidence: 0,
        reasons: Vec::new(),
        stop_loss: None,
        take_profit: None,
    };
}

/// A candle a strategy cannot read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StrategyError {
    #[error("{0}")]
    Indicator(#[from] IndicatorError),
}

/// A trading strategy, fed closed candles in order.
pub trait Strategy: Send + std::fmt::Debug {
    /// Its name in the catalogue (`sma-cross`).
    fn name(&self) -> &'static str;

    /// The index of the first candle on which every indicator it reads is defined: before it
    /// the strategy can only HOLD. (Buy-and-hold is measured from this candle's close.)
    fn warmup(&self) -> usize;

    /// Reads the next closed candle and decides.
    fn decide(&mut self, bar: &Bar) -> Result<Decision, StrategyError>;

    /// The names of the price-scale lines it draws over a chart (`sma_10`), in the order
    /// [`Strategy::overlay_values`] gives them.
    fn overlay_names(&self) -> Vec<String>;

    /// Those lines' values after the last candle read (`None` while undefined).
    fn overlay_values(&self, out: &mut Vec<Option<f64>>);
}

/// One indicator line a strategy draws over the price chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Overlay {
    pub name: String,
    /// One value per candle, `null` while the indicator is undefined.
    pub values: Vec<Option<f64>>,
}

/// The strategy's chart lines over `bars`: one per [`Strategy::overlay_names`], each value
/// aligned with a bar. Feeds `strategy`, so give it a fresh one.
pub fn overlays(strategy: &mut dyn Strategy, bars: &[Bar]) -> Result<Vec<Overlay>, StrategyError> {
    let names = strategy.overlay_names();
    let mut lines: Vec<Vec<Option<f64>>> = names
        .iter()
        .map(|_| Vec::with_capacity(bars.len()))
        .collect();
    let mut values = Vec::with_capacity(names.len());
    for bar in bars {
        strategy.decide(bar)?;
        values.clear();
        strategy.overlay_values(&mut values);
        for (line, value) in lines.iter_mut().zip(values.iter()) {
            line.push(*value);
        }
    }
    Ok(names
        .into_iter()
        .zip(lines)
        .map(|(name, values)| Overlay { name, values })
        .collect())
}

/// A strict cross of `a` over `b` between the previous and this candle: `Some(true)` when `a`
/// went from below `b` to above it, `Some(false)` for the mirror, `None` otherwise (also when
/// either value is undefined on either candle — equality is not a cross).
fn cross(previous: Option<(f64, f64)>, now: Option<(f64, f64)>) -> Option<bool> {
    let ((a0, b0), (a1, b1)) = (previous?, now?);
    if a0 < b0 && a1 > b1 {
        Some(true)
    } else if a0 > b0 && a1 < b1 {
        Some(false)
    } else {
        None
    }
}
