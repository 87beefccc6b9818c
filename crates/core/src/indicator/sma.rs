//! Simple moving average: TA-Lib's SMA (a running sum; look-back `period − 1`).

use super::{
    IndicatorError, check_after, check_finite, check_len, check_period, check_value, sum,
    undefined_head,
};

/// Index of the first defined SMA bar: `period − 1`.
pub fn sma_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// TA-Lib's SMA of `input` into `out` (same length; NaN before [`sma_lookback`]).
/// `period` is 2..=100,000.
pub fn sma(input: &[f64], period: usize, out: &mut [f64]) -> Result<(), IndicatorError> {
    check_period("period", period, 2)?;
    check_len("out", out.len(), "input", input.len())?;
    let lookback = sma_lookback(period);
    let Some(tail) = undefined_head(out, lookback) else {
        return check_finite("input", input);
    };
    let (head, rest) = input.split_at(lookback);
    let p = period as f64;
    let mut total = sum(head);
    // Output bar i adds input[i] and then drops input[i − lookback], its window's first value.
    for ((o, &x), &leaving) in tail.iter_mut().zip(rest).zip(input) {
        (*o, total) = sma_step(total, x, leaving, p);
    }
    check_after(total.is_finite(), "input", input)
}

/// One SMA bar: the output for a window whose first `period − 1` values sum to `total`, and
/// the sum carried to the next bar once `leaving` has left.
#[inline(always)]
fn sma_step(total: f64, x: f64, leaving: f64, period: f64) -> (f64, f64) {
    let with_x = total + x;
    (with_x / period, with_x - leaving)
}

/// The last `period − 1` values, oldest first from `pos`: the values that leave the window,
/// in order. Allocated once.
#[derive(Debug, Clone)]
pub(super) struct Window {
    ring: Box<[f64]>,
    pos: usize,
    filled: usize,
}

impl Window {
    /// A window of `period` values (`period ≥ 2`, checked by the caller).
    pub(super) fn new(period: usize) -> Self {
        Self {
            ring: vec![0.0; period.saturating_sub(1)].into_boxed_slice(),
            pos: 0,
            filled: 0,
        }
    }

    /// Takes `x`. Before the window is full: `None`. After: `Some(leaving)`, the window's
    /// first value, which leaves once this bar's output is computed.
    pub(super) fn push(&mut self, x: f64) -> Option<f64> {
        if self.filled < self.ring.len() {
            if let Some(slot) = self.ring.get_mut(self.filled) {
                *slot = x;
            }
            self.filled += 1;
            return None;
        }
        let slot = self.ring.get_mut(self.pos)?;
        let leaving = std::mem::replace(slot, x);
        self.pos += 1;
        if self.pos == self.ring.len() {
            self.pos = 0;
        }
        Some(leaving)
    }
}

/// Incremental SMA: the same values as [`sma`], one bar at a time.
#[derive(Debug, Clone)]
pub struct Sma {
    period: f64,
    window: Window,
    total: f64,
    pushed: usize,
    value: Option<f64>,
}

impl Sma {
    /// An SMA over `period` values (2..=100,000).
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period("period", period, 2)?;
        Ok(Self {
            period: period as f64,
            window: Window::new(period),
            total: 0.0,
            pushed: 0,
            value: None,
        })
    }

    /// Takes the next value and returns the SMA, `None` for the first `period − 1` values.
    /// NaN or ±∞ is refused and changes nothing.
    pub fn push(&mut self, value: f64) -> Result<Option<f64>, IndicatorError> {
        check_value("input", value, self.pushed)?;
        self.pushed += 1;
        match self.window.push(value) {
            None => self.total += value,
            Some(leaving) => {
                let (out, total) = sma_step(self.total, value, leaving, self.period);
                self.total = total;
                self.value = Some(out);
            }
        }
        Ok(self.value)
    }

    /// The latest SMA, if defined yet.
    pub fn value(&self) -> Option<f64> {
        self.value
    }
}
