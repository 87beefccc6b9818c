//! Technical indicators (SMA, EMA, RSI, MACD, ATR, Bollinger Bands) that give **the same
//! numbers as TA-Lib**. Traders check a bot against TradingView, Freqtrade or a backtesting
//! notebook, and those use TA-Lib (or copy its rules); an RSI that differs in the fifth digit,
//! or starts one bar later, makes a signal fire on a different candle and the trader stops
//! trusting every other number we show. So each indicator follows TA-Lib 0.6's C code
//! operation by operation, and the tests compare every value with fixtures written by TA-Lib
//! itself (`scripts/talib_fixtures.py`): |ours − TA-Lib| ≤ 1e-9 × max(1, |TA-Lib|), NaN exactly
//! where TA-Lib gives NaN.
//!
//! # Two forms, one arithmetic
//!
//! - **Batch** (`sma`, `ema`, …) fills a buffer the caller owns (`out.len()` must equal the
//!   input's length; nothing is allocated). Bars before the first defined one — the
//!   indicator's *look-back*, see `sma_lookback` etc. — are `f64::NAN`, as in TA-Lib. Too few
//!   values is not an error: the output is then all NaN. A refused parameter or length leaves
//!   the output untouched; after NaN or ±∞ in the input (see below) it holds no meaningful
//!   values.
//! - **Incremental** (`Sma`, `Ema`, …) for live bots: keep one warm, push each closed candle,
//!   read the new value. A push is O(1) and allocation-free (`Sma` and `Bbands` keep the window
//!   in a ring allocated by `new`). It returns `None` until the look-back has passed.
//!
//! Both forms share the arithmetic below in the same order, so a bot that warms up from
//! history and then goes live sees bit-for-bit the values a backtest over the same candles
//! computes.
//!
//! # NaN and ±∞
//!
//! TA-Lib passes them through; we refuse them, naming the series and index, because a gap in a
//! candle feed must not quietly turn a bot's signal into NaN for the rest of the day. Batch finds
//! them without a separate pass over the input (which cost a quarter of SMA's time): every
//! running state here — a sum, an EMA, Wilder's averages — is absorbing, so once a NaN or ±∞ has
//! entered it the state is NaN or ±∞ at the end of the series, and only then is the input
//! searched. (A non-finite end state with a finite input is overflow of huge values, which is
//! returned as computed, as TA-Lib would.) ATR's true range can compare a NaN away, so ATR checks
//! its three inputs first.
//!
//! # TA-Lib's rules (default compatibility mode, unstable period 0)
//!
//! - **SMA**: a running sum — add the new value, divide the sum by the period, then subtract
//!   the value leaving the window. Look-back `period − 1`.
//! - **EMA**: seeded by the simple average of the first `period` values (sum from 0.0 in order,
//!   divided by the period) at bar `period − 1`, then `prev = (x − prev) × k + prev` with
//!   `k = 2 / (period + 1)`. Look-back `period − 1`. (Metastock mode would seed with the first
//!   value instead; TA-Lib's default does not.)
//! - **RSI**: Wilder's smoothing of gains and losses. The first average gain/loss is the sum
//!   of the first `period` changes divided by the period; then
//!   `avg = (avg × (period − 1) + change) / period`, done as those three separate operations.
//!   RSI = `100 × gain / (gain + loss)`, and 0 when `gain + loss` is within 1e-14 of zero
//!   (TA-Lib's `TA_IS_ZERO`: a series that has not moved at all has RSI 0, not 50).
//!   Look-back `period`.
//! - **MACD**: fast and slow EMAs of the input, both seeded by simple averages whose windows
//!   **end on the same bar** (`slow − 1`): the fast EMA does not start at the first value, it
//!   starts `slow − fast` bars in. The line is `fast − slow`; the signal is an EMA of the line,
//!   seeded by the average of its first `signal` values; histogram = line − signal. TA-Lib
//!   shows nothing before the signal exists, so all three are NaN up to the look-back
//!   `(slow − 1) + (signal − 1)`. The k are always `2 / (period + 1)` (MACDFIX's fixed
//!   0.15/0.075 is a different function).
//! - **ATR**: true range `TR = max(high − low, |prev close − high|, |prev close − low|)`, so
//!   the first TR is at bar 1. The first ATR is the average of the TRs of bars `1..=period`,
//!   then Wilder's smoothing as for RSI. Look-back `period`; ATR(1) is TA-Lib's TRANGE.
//! - **Bollinger Bands** (TA-Lib BBANDS with matype SMA and nbdevup = nbdevdn = k): middle =
//!   SMA; the population standard deviation is `√(mean(x²) − middle²)` from a running sum of
//!   squares, and 0 when that variance is below 1e-14 (TA-Lib's `TA_IS_ZERO_OR_NEG`);
//!   upper/lower = middle ± k × deviation. Look-back `period − 1`.
//!
//! Both 1e-14 thresholds are absolute, not relative to the price: on a pair quoted around
//! 0.0016 BTC a quiet 20-bar window can have a variance below 1e-14 although prices moved, and
//! TA-Lib then draws all three bands on the SMA (9 bars of the ALTBTC fixture), so we do too.
//!
//! # Parameters
//!
//! TA-Lib's ranges: SMA, EMA, RSI and Bollinger periods 2..=100,000; ATR period
//! 1..=100,000; MACD fast and slow 2..=100,000 and signal 1..=100,000. Unlike TA-Lib (which
//! swaps them), MACD refuses `fast ≥ slow`: that is a mistake in a bot's settings, not a
//! request. Bollinger's k must be finite and not negative.

mod atr;
mod bbands;
mod ema;
mod macd;
mod rsi;
mod sma;
mod table;
#[cfg(test)]
mod tests;

pub use atr::{Atr, atr, atr_lookback};
pub use bbands::{BandsOut, BandsValue, Bbands, bbands, bbands_lookback};
pub use ema::{Ema, ema, ema_lookback};
pub use macd::{Macd, MacdOut, MacdValue, macd, macd_lookback};
pub use rsi::{Rsi, rsi, rsi_lookback};
pub use sma::{Sma, sma, sma_lookback};
pub use table::{ColumnSpec, IndicatorTable};

/// Why an indicator refused its parameters or its input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IndicatorError {
    /// A period outside TA-Lib's range, or MACD's fast not below its slow.
    #[error("{name} {value} is not allowed: {problem}")]
    BadPeriod {
        /// Which parameter (`period`, `fast`, `slow`, `signal`).
        name: &'static str,
        /// The value given.
        value: usize,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// NaN or ±∞ in the input; an indicator cannot average it away.
    #[error("{series} value at index {index} is not a finite number")]
    NotFinite {
        /// Which input (`input`, `high`, `low`, `close`).
        series: &'static str,
        /// Its index in the batch input, or the number of values pushed before it.
        index: usize,
    },
    /// Series (or an output buffer) that should be the same length are not.
    #[error("{series} has {len} values but {other} has {expected}; they must be the same length")]
    LengthMismatch {
        /// The series or buffer of the wrong length.
        series: &'static str,
        /// Its length.
        len: usize,
        /// The series it was compared with.
        other: &'static str,
        /// That series' length.
        expected: usize,
    },
    /// A Bollinger width that is NaN, infinite or negative.
    #[error("Bollinger k {value} is not allowed: it must be a finite number, 0 or more")]
    BadK {
        /// The value given.
        value: f64,
    },
}

/// TA-Lib's largest period for every indicator here.
const MAX_PERIOD: usize = 100_000;

/// TA-Lib's `TA_EPSILON`: sums and variances below it count as zero.
const EPSILON: f64 = 1e-14;

/// `period` within `min..=MAX_PERIOD`, or the error naming `name`.
fn check_period(name: &'static str, value: usize, min: usize) -> Result<(), IndicatorError> {
    let problem = if value < min {
        match min {
            1 => "it must be at least 1",
            _ => "it must be at least 2",
        }
    } else if value > MAX_PERIOD {
        "it must be at most 100000"
    } else {
        return Ok(());
    };
    Err(IndicatorError::BadPeriod {
        name,
        value,
        problem,
    })
}

/// `len == expected`, or the error naming both series.
fn check_len(
    series: &'static str,
    len: usize,
    other: &'static str,
    expected: usize,
) -> Result<(), IndicatorError> {
    if len == expected {
        Ok(())
    } else {
        Err(IndicatorError::LengthMismatch {
            series,
            len,
            other,
            expected,
        })
    }
}

/// Every value finite, or the error naming the first that is not. Checks blocks without
/// branching so the scan runs at memory speed, and only searches a block that failed.
fn check_finite(series: &'static str, values: &[f64]) -> Result<(), IndicatorError> {
    const BLOCK: usize = 64;
    for (block_no, block) in values.chunks(BLOCK).enumerate() {
        if !block.iter().fold(true, |ok, v| ok & v.is_finite()) {
            let within = block.iter().position(|v| !v.is_finite()).unwrap_or(0);
            return Err(IndicatorError::NotFinite {
                series,
                index: block_no * BLOCK + within,
            });
        }
    }
    Ok(())
}

/// After a batch pass whose running state ended `finite`: `Ok`, or else the first non-finite
/// input, if any (see the module docs for why this finds every one).
fn check_after(finite: bool, series: &'static str, values: &[f64]) -> Result<(), IndicatorError> {
    if finite {
        Ok(())
    } else {
        check_finite(series, values)
    }
}

/// One finite value pushed into an incremental indicator, or the error naming it
/// (`index` = values pushed before it).
fn check_value(series: &'static str, value: f64, index: usize) -> Result<(), IndicatorError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(IndicatorError::NotFinite { series, index })
    }
}

/// Sets the first `lookback` bars (or all of `out`, if shorter) to NaN and returns the rest,
/// or `None` when nothing is left to compute.
fn undefined_head(out: &mut [f64], lookback: usize) -> Option<&mut [f64]> {
    let split = lookback.min(out.len());
    let (head, tail) = out.split_at_mut(split);
    head.fill(f64::NAN);
    (!tail.is_empty()).then_some(tail)
}

/// Sum from 0.0 in order, as TA-Lib seeds its averages (`f64::sum` starts from −0.0).
fn sum(values: &[f64]) -> f64 {
    values.iter().fold(0.0, |total, v| total + v)
}

/// The EMA step, in TA-Lib's order: `(x − prev) × k + prev`.
#[inline(always)]
fn ema_step(prev: f64, x: f64, k: f64) -> f64 {
    (x - prev) * k + prev
}

/// Wilder's smoothing step, as TA-Lib does it: × (period − 1), + x, ÷ period.
#[inline(always)]
fn wilder_step(prev: f64, x: f64, period_minus_one: f64, period: f64) -> f64 {
    let mut v = prev;
    v *= period_minus_one;
    v += x;
    v /= period;
    v
}

/// `EMA k = 2 / (period + 1)`.
fn ema_k(period: usize) -> f64 {
    2.0 / (period as f64 + 1.0)
}
