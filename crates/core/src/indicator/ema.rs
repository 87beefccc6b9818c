//! Exponential moving average: TA-Lib's EMA, seeded by the SMA of the first `period` values,
//! then `(x − prev) × k + prev` with `k = 2 / (period + 1)`.

use super::{
    IndicatorError, check_after, check_finite, check_len, check_period, check_value, ema_k,
    ema_step, sum, undefined_head,
};

/// Index of the first defined EMA bar: `period − 1`.
pub fn ema_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// TA-Lib's EMA of `input` into `out` (same length; NaN before [`ema_lookback`]).
/// `period` is 2..=100,000.
pub fn ema(input: &[f64], period: usize, out: &mut [f64]) -> Result<(), IndicatorError> {
    check_period("period", period, 2)?;
    check_len("out", out.len(), "input", input.len())?;
    let lookback = ema_lookback(period);
    let Some(tail) = undefined_head(out, lookback) else {
        return check_finite("input", input);
    };
    let (seed, rest) = input.split_at(period.min(input.len()));
    let k = ema_k(period);
    let mut prev = sum(seed) / period as f64;
    let (first, tail) = tail.split_at_mut(1);
    first.fill(prev);
    for (o, &x) in tail.iter_mut().zip(rest) {
        prev = ema_step(prev, x, k);
        *o = prev;
    }
    check_after(prev.is_finite(), "input", input)
}

/// An EMA fed one value at a time, without parameter checks: [`Ema`] and the three EMAs
/// inside MACD (whose signal period may be 1).
#[derive(Debug, Clone)]
pub(super) struct EmaCore {
    period: usize,
    k: f64,
    seen: usize,
    /// The seed's running sum while `seen < period`, then the EMA.
    prev: f64,
}

impl EmaCore {
    pub(super) fn new(period: usize) -> Self {
        Self {
            period,
            k: ema_k(period),
            seen: 0,
            prev: 0.0,
        }
    }

    /// Takes `x` (finite, checked by the caller); the EMA once `period` values are in.
    #[inline]
    pub(super) fn push(&mut self, x: f64) -> Option<f64> {
        if self.seen >= self.period {
            self.prev = ema_step(self.prev, x, self.k);
            return Some(self.prev);
        }
        self.prev += x;
        self.seen += 1;
        if self.seen < self.period {
            return None;
        }
        self.prev /= self.period as f64;
        Some(self.prev)
    }
}

/// Incremental EMA: the same values as [`ema`], one bar at a time.
#[derive(Debug, Clone)]
pub struct Ema {
    core: EmaCore,
    pushed: usize,
    value: Option<f64>,
}

impl Ema {
    /// An EMA over `period` values (2..=100,000).
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period("period", period, 2)?;
        Ok(Self {
            core: EmaCore::new(period),
            pushed: 0,
            value: None,
        })
    }

    /// Takes the next value and returns the EMA, `None` for the first `period − 1` values.
    /// NaN or ±∞ is refused and changes nothing.
    pub fn push(&mut self, value: f64) -> Result<Option<f64>, IndicatorError> {
        check_value("input", value, self.pushed)?;
        self.pushed += 1;
        self.value = self.core.push(value);
        Ok(self.value)
    }

    /// The latest EMA, if defined yet.
    pub fn value(&self) -> Option<f64> {
        self.value
    }
}
