//! The backtester: a strategy run over history as it would have traded it — pure and
//! deterministic (the same candles, strategy and settings give byte-identical JSON).
//!
//! The rules are backtesting.py 0.6.6's, the tool most Python traders check against, so the
//! same SMA cross there gives the same trades, prices, quantities and final equity here:
//! - the strategy decides on each candle's close; a market order fills at the **next**
//!   candle's open (the last candle's decision is never filled);
//! - every BUY or SELL closes the position held — also one on the same side — and BUY then
//!   opens a long, SELL a short if shorts are allowed (a reversal is one fill: close, then
//!   open with the equity left after the close);
//! - commission is a fraction of the notional, charged on every fill, entry and exit; an
//!   entry buys the equity's worth at `open × (1 + commission)`, floored to a whole unit
//!   (`whole_units`) or to 1e-8 of one;
//! - stop-loss and take-profit (for strategies that set them) are checked on every candle's
//!   low and high, from the entry candle on: both inside one candle → the stop first; a gap
//!   through a level fills at the open;
//! - a position still open after the last candle is not closed: the final equity marks it to
//!   the last close, and it is listed last in `trades` with the exit reason `open`;
//! - the equity curve has one value per candle, marked at its close; equity that reaches
//!   zero ends the run (the rest of the curve is zero).
//!
//! [`sweep`] runs one strategy over a grid of parameters on all cores; [`chart_bars`] brings a
//! run's candles to screen resolution.

mod book;
mod chart;
mod report;
mod settings;
mod sweep;

use std::sync::atomic::{AtomicBool, Ordering};

use crate::market::Bar;
use crate::strategy::{Action, Decision, Strategy, StrategyError};

pub use chart::{ChartBars, MAX_CHART_BARS, chart_bars};
pub use report::{BacktestHeadline, BacktestReport, ExitReason, Trade, TradeSide};
pub use settings::{BacktestSettings, MAX_COMMISSION};
pub use sweep::{RankBy, SweepResult, SweepRow, parse_sweep, sweep};

use book::Book;
use report::Outcome;

/// A backtest that could not finish.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BacktestError {
    #[error("candle {index}: {source}")]
    Strategy {
        index: usize,
        #[source]
        source: StrategyError,
    },
    #[error("there are no candles to run on")]
    NoCandles,
    #[error("the backtest was cancelled")]
    Cancelled,
    #[error("{0}")]
    Invalid(#[from] crate::FieldError),
}

/// Candles between two looks at the cancel flag and two progress reports.
const CHECK_EVERY: usize = 8_192;

/// Runs `strategy` (fresh: it has read no candle) over `bars` of `interval_ms` each.
pub fn run(
    bars: &[Bar],
    interval_ms: i64,
    strategy: &mut dyn Strategy,
    settings: &BacktestSettings,
) -> Result<BacktestReport, BacktestError> {
    run_with(
        bars,
        interval_ms,
        strategy,
        settings,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
}

/// [`run`], reporting `progress(done, total)` candles every few thousand and stopping with
/// [`BacktestError::Cancelled`] soon after `cancel` is set.
pub fn run_with(
    bars: &[Bar],
    interval_ms: i64,
    strategy: &mut dyn Strategy,
    settings: &BacktestSettings,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> Result<BacktestReport, BacktestError> {
    let (Some(first_bar), Some(last_bar)) = (bars.first(), bars.last()) else {
        return Err(BacktestError::NoCandles);
    };
    let mut book = Book::new(*settings);
    let mut equity = Vec::with_capacity(bars.len());
    let mut pending: Option<Decision> = None;
    for (index, bar) in bars.iter().enumerate() {
        if index % CHECK_EVERY == 0 {
            if cancel.load(Ordering::Relaxed) {
                return Err(BacktestError::Cancelled);
            }
            progress(index, bars.len());
        }
        if let Some(decision) = pending.take() {
            book.act(index, bar, &decision);
        }
        book.check_exits(index, bar);
        let marked = book.equity(bar.close);
        if marked <= 0.0 {
            book.wipe_out(index, bar);
            equity.resize(bars.len(), 0.0);
            break;
        }
        equity.push(marked);
        let decision = strategy
            .decide(bar)
            .map_err(|source| BacktestError::Strategy { index, source })?;
        if decision.action != Action::Hold {
            pending = Some(decision);
        }
    }
    progress(bars.len(), bars.len());
    let closed = book.trades.len();
    if book.holds() {
        book.list_open(last_bar);
    }
    let from = bars
        .get(strategy.warmup().min(bars.len() - 1))
        .unwrap_or(first_bar);
    let headline = report::headline(&Outcome {
        trades: &book.trades,
        closed,
        equity: &equity,
        exposed_bars: book.exposed_bars,
        bars: bars.len(),
        buy_hold_from: from.close,
        last_close: last_bar.close,
        interval_ms,
    });
    Ok(BacktestReport {
        headline,
        trades: book.trades,
        equity,
    })
}

#[cfg(test)]
mod tests;
