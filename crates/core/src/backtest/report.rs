//! What a backtest reports, and how each figure is computed from the trades and the equity
//! curve — by backtesting.py 0.6.6's definitions where it has one (so a trader checking us
//! against it sees the same figures), by the textbook where it has not (Sharpe and Sortino:
//! annualised per-candle ratios, see [`ratios`]).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which way a trade faced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum TradeSide {
    Long,
    Short,
}

impl TradeSide {
    /// Its name as in the JSON (`long`, `short`).
    pub fn as_str(self) -> &'static str {
        match self {
            TradeSide::Long => "long",
            TradeSide::Short => "short",
        }
    }
}

/// Why a trade ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExitReason {
    /// A signal closed it (and may have reopened the same side).
    Signal,
    /// An opposite signal closed it and opened the other side at the same fill.
    Reverse,
    StopLoss,
    TakeProfit,
    /// Still open after the last candle: marked to the last close, not counted as a trade.
    Open,
    /// The account's equity reached zero: closed at that candle's close, the run stopped.
    OutOfMoney,
}

impl ExitReason {
    /// Its name as in the JSON (`stop_loss`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExitReason::Signal => "signal",
            ExitReason::Reverse => "reverse",
            ExitReason::StopLoss => "stop_loss",
            ExitReason::TakeProfit => "take_profit",
            ExitReason::Open => "open",
            ExitReason::OutOfMoney => "out_of_money",
        }
    }
}

/// One trade; times are the open times (ms) of the candles it filled on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Trade {
    pub side: TradeSide,
    #[ts(type = "number")]
    pub entry_time: i64,
    #[ts(type = "number")]
    pub exit_time: i64,
    pub entry_price: f64,
    pub exit_price: f64,
    pub quantity: f64,
    /// Profit or loss in cash, both commissions paid.
    pub pnl: f64,
    /// The price move in the trade's favour less both commissions, in % of the entry notional.
    pub return_pct: f64,
    pub exit_reason: ExitReason,
}

/// The figures of a run, without its trades and equity curve (what lists and sweeps show).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BacktestHeadline {
    /// Cash plus the open position marked to the last close (no exit fee).
    pub final_equity: f64,
    pub total_return_pct: f64,
    /// Closed trades (an open position is not one).
    #[ts(type = "number")]
    pub trades_count: u64,
    /// Closed trades with a positive P&L, in %; `null` without trades.
    pub win_rate_pct: Option<f64>,
    /// The largest fall of the equity curve from a peak, in % of that peak (≥ 0).
    pub max_drawdown_pct: f64,
    /// From the close of the first candle the strategy can decide on to the last close.
    pub buy_hold_return_pct: f64,
    /// Candles from each closed trade's entry candle to its exit candle, inclusive, in % of all.
    pub exposure_pct: f64,
    /// Sum of winning trades' returns over |sum of losing ones|; `null` without a loss.
    pub profit_factor: Option<f64>,
    pub sharpe: Option<f64>,
    pub sortino: Option<f64>,
    /// The geometric mean of the trades' returns, in %.
    pub avg_trade_pct: Option<f64>,
    #[ts(type = "number | null")]
    pub avg_trade_duration_ms: Option<i64>,
    pub best_trade_pct: Option<f64>,
    pub worst_trade_pct: Option<f64>,
}

/// A run's full result: the headline figures, every trade, and the equity at each close.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BacktestReport {
    #[serde(flatten)]
    pub headline: BacktestHeadline,
    /// Closed trades in order, then the position still open (if any).
    pub trades: Vec<Trade>,
    /// The account's equity marked at every candle's close, one value per candle.
    pub equity: Vec<f64>,
}

/// What the simulation hands over for the figures.
pub(super) struct Outcome<'a> {
    pub trades: &'a [Trade],
    pub closed: usize,
    pub equity: &'a [f64],
    pub exposed_bars: usize,
    pub bars: usize,
    pub buy_hold_from: f64,
    pub last_close: f64,
    pub interval_ms: i64,
}

/// The headline figures of a finished simulation.
pub(super) fn headline(o: &Outcome<'_>) -> BacktestHeadline {
    let closed = &o.trades[..o.closed.min(o.trades.len())];
    let first = o.equity.first().copied().unwrap_or(0.0);
    let last = o.equity.last().copied().unwrap_or(first);
    let returns: Vec<f64> = closed.iter().map(|t| t.return_pct / 100.0).collect();
    let n = closed.len();
    let some = |v: f64| (n > 0).then_some(v);
    let (sharpe, sortino) = ratios(o.equity, o.interval_ms);
    BacktestHeadline {
        final_equity: last,
        total_return_pct: if first == 0.0 {
            0.0
        } else {
            (last - first) / first * 100.0
        },
        trades_count: n as u64,
        win_rate_pct: some(closed.iter().filter(|t| t.pnl > 0.0).count() as f64 / n as f64 * 100.0),
        max_drawdown_pct: max_drawdown(o.equity) * 100.0,
        buy_hold_return_pct: (o.last_close - o.buy_hold_from) / o.buy_hold_from * 100.0,
        exposure_pct: if o.bars == 0 {
            0.0
        } else {
            o.exposed_bars as f64 / o.bars as f64 * 100.0
        },
        profit_factor: profit_factor(&returns),
        sharpe,
        sortino,
        avg_trade_pct: some(geometric_mean(&returns) * 100.0),
        avg_trade_duration_ms: (n > 0).then(|| {
            let total: i128 = closed
                .iter()
                .map(|t| i128::from(t.exit_time - t.entry_time))
                .sum();
            i64::try_from(total / n as i128).unwrap_or(i64::MAX)
        }),
        best_trade_pct: returns.iter().copied().reduce(f64::max).map(|r| r * 100.0),
        worst_trade_pct: returns.iter().copied().reduce(f64::min).map(|r| r * 100.0),
    }
}

/// The largest `1 − equity / running peak` (backtesting.py's drawdown), as a fraction.
fn max_drawdown(equity: &[f64]) -> f64 {
    let mut peak = f64::NEG_INFINITY;
    let mut worst = 0.0_f64;
    for &e in equity {
        peak = peak.max(e);
        if peak > 0.0 {
            worst = worst.max(1.0 - e / peak);
        }
    }
    worst
}

/// backtesting.py's profit factor: gains over |losses| of the trades' returns.
fn profit_factor(returns: &[f64]) -> Option<f64> {
    let gains: f64 = returns.iter().filter(|r| **r > 0.0).sum();
    let losses: f64 = returns.iter().filter(|r| **r < 0.0).sum();
    (losses != 0.0).then(|| gains / losses.abs())
}

/// backtesting.py's average trade: the geometric mean of the returns (0 once a trade lost all).
fn geometric_mean(returns: &[f64]) -> f64 {
    if returns.is_empty() {
        return 0.0;
    }
    if returns.iter().any(|r| 1.0 + r <= 0.0) {
        return 0.0;
    }
    let log_sum: f64 = returns.iter().map(|r| (1.0 + r).ln()).sum();
    (log_sum / returns.len() as f64).exp() - 1.0
}

/// Milliseconds in a year of markets that never close (crypto trades every day).
const YEAR_MS: f64 = 365.0 * 86_400_000.0;

/// Sharpe and Sortino ratios of the equity curve, annualised from the candle interval.
///
/// The per-candle returns `r = equity[i] / equity[i−1] − 1` give
/// `sharpe = mean(r) / stdev(r) × √N` and `sortino = mean(r) / √mean(min(r, 0)²) × √N`, with
/// `N = 365 days / interval` candles a year (no risk-free rate). `null` when the curve is flat
/// (or never falls, for Sortino). backtesting.py instead resamples the curve to days and uses
/// geometric means, which is undefined for candles of a day or more and hides intraday
/// swings; these are the textbook ratios every other tool can reproduce.
fn ratios(equity: &[f64], interval_ms: i64) -> (Option<f64>, Option<f64>) {
    if equity.len() < 3 || interval_ms <= 0 {
        return (None, None);
    }
    let returns = || {
        equity
            .windows(2)
            .map(|w| if w[0] > 0.0 { w[1] / w[0] - 1.0 } else { 0.0 })
    };
    let n = (equity.len() - 1) as f64;
    let mean = returns().sum::<f64>() / n;
    let variance = returns().map(|r| (r - mean) * (r - mean)).sum::<f64>() / (n - 1.0);
    let downside = returns().map(|r| r.min(0.0) * r.min(0.0)).sum::<f64>() / n;
    let per_year = (YEAR_MS / interval_ms as f64).sqrt();
    let ratio = |spread: f64| (spread > 0.0).then(|| mean / spread.sqrt() * per_year);
    (ratio(variance), ratio(downside))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawdown_is_the_deepest_fall_from_a_running_peak() {
        let dd = max_drawdown(&[100.0, 120.0, 90.0, 130.0, 117.0]);
        assert!(
            (dd - 0.25).abs() < 1e-12,
            "120 → 90 is a 25 % fall, deeper than 130 → 117; got {dd}"
        );
        assert_eq!(
            max_drawdown(&[1.0, 2.0, 3.0]),
            0.0,
            "a curve that only rises has no drawdown"
        );
    }

    #[test]
    fn profit_factor_and_average_follow_backtesting_py() {
        let returns = [0.1, -0.05, 0.02];
        let pf = profit_factor(&returns).unwrap_or_default();
        assert!(
            (pf - 0.12 / 0.05).abs() < 1e-12,
            "gains 0.12 over losses 0.05; got {pf}"
        );
        assert_eq!(
            profit_factor(&[0.1, 0.2]),
            None,
            "no loss: the ratio is undefined, not infinite"
        );
        let g = geometric_mean(&returns);
        let expected = (1.1_f64 * 0.95 * 1.02).powf(1.0 / 3.0) - 1.0;
        assert!(
            (g - expected).abs() < 1e-12,
            "geometric mean of 1+r, minus 1; got {g}"
        );
        assert_eq!(
            geometric_mean(&[0.5, -1.0]),
            0.0,
            "a trade that lost everything makes it 0"
        );
    }

    #[test]
    fn ratios_are_annualised_from_the_interval() {
        let equity = [100.0, 101.0, 100.5, 102.0, 101.0];
        let (sharpe, sortino) = ratios(&equity, 86_400_000);
        let r: Vec<f64> = equity.windows(2).map(|w| w[1] / w[0] - 1.0).collect();
        let mean = r.iter().sum::<f64>() / 4.0;
        let sd = (r.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 3.0).sqrt();
        let dd = (r.iter().map(|x| x.min(0.0).powi(2)).sum::<f64>() / 4.0).sqrt();
        let expect_sharpe = mean / sd * 365f64.sqrt();
        assert!(
            (sharpe.unwrap_or_default() - expect_sharpe).abs() < 1e-9,
            "daily candles: √365 a year"
        );
        assert!(
            (sortino.unwrap_or_default() - mean / dd * 365f64.sqrt()).abs() < 1e-9,
            "downside deviation over all candles"
        );
        assert_eq!(
            ratios(&[100.0; 5], 60_000),
            (None, None),
            "a flat curve has no ratio"
        );
    }
}
