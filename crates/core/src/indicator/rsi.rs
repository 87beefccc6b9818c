//! Relative strength index: TA-Lib's RSI (Wilder's smoothing of gains and losses, seeded by
//! their simple averages over the first `period` changes; look-back `period`).

use super::{
    EPSILON, IndicatorError, check_after, check_finite, check_len, check_period, check_value,
    undefined_head, wilder_step,
};

/// Index of the first defined RSI bar: `period` (the first change needs a previous value).
pub fn rsi_lookback(period: usize) -> usize {
    period
}

/// TA-Lib's RSI of `input` into `out` (same length; NaN before [`rsi_lookback`]).
/// `period` is 2..=100,000.
pub fn rsi(input: &[f64], period: usize, out: &mut [f64]) -> Result<(), IndicatorError> {
    check_period("period", period, 2)?;
    check_len("out", out.len(), "input", input.len())?;
    let Some(tail) = undefined_head(out, rsi_lookback(period)) else {
        return check_finite("input", input);
    };
    let consts = Consts::new(period);
    let (seed, rest) = input.split_at(period + 1);
    let mut state = Averages::default();
    for pair in seed.windows(2) {
        if let [before, after] = pair {
            state.add(after - before);
        }
    }
    state.seed(consts);
    let (first, tail) = tail.split_at_mut(1);
    first.fill(state.rsi());
    let mut before = seed.last().copied().unwrap_or(0.0);
    for (o, &x) in tail.iter_mut().zip(rest) {
        state.smooth(x - before, consts);
        before = x;
        *o = state.rsi();
    }
    let finite = state.gain.is_finite() && state.loss.is_finite();
    check_after(finite, "input", input)
}

/// The period as the two floats Wilder's smoothing uses.
#[derive(Debug, Clone, Copy)]
struct Consts {
    period: f64,
    period_minus_one: f64,
}

impl Consts {
    fn new(period: usize) -> Self {
        Self {
            period: period as f64,
            period_minus_one: period.saturating_sub(1) as f64,
        }
    }
}

/// Average gain and loss (sums of them while seeding).
#[derive(Debug, Clone, Copy, Default)]
struct Averages {
    gain: f64,
    loss: f64,
}

impl Averages {
    /// Adds one change to the seed sums (TA-Lib: a change of exactly 0 counts as a gain).
    #[inline(always)]
    fn add(&mut self, change: f64) {
        if change < 0.0 {
            self.loss -= change;
        } else {
            self.gain += change;
        }
    }

    /// Turns the seed sums into averages.
    #[inline(always)]
    fn seed(&mut self, c: Consts) {
        self.loss /= c.period;
        self.gain /= c.period;
    }

    /// Wilder's step with the next change.
    #[inline(always)]
    fn smooth(&mut self, change: f64, c: Consts) {
        let (gain, loss) = if change < 0.0 {
            (0.0, -change)
        } else {
            (change, 0.0)
        };
        // TA-Lib adds only the side that moved; adding 0.0 to the other is exact.
        self.loss = wilder_step(self.loss, loss, c.period_minus_one, c.period);
        self.gain = wilder_step(self.gain, gain, c.period_minus_one, c.period);
    }

    /// `100 × gain / (gain + loss)`, or 0 when both are (within 1e-14 of) zero.
    #[inline(always)]
    fn rsi(&self) -> f64 {
        let total = self.gain + self.loss;
        if -EPSILON < total && total < EPSILON {
            0.0
        } else {
            100.0 * (self.gain / total)
        }
    }
}

/// Incremental RSI: the same values as [`rsi`], one bar at a time.
#[derive(Debug, Clone)]
pub struct Rsi {
    consts: Consts,
    period: usize,
    /// Changes taken so far, up to `period` (then smoothing).
    changes: usize,
    before: Option<f64>,
    state: Averages,
    pushed: usize,
    value: Option<f64>,
}

impl Rsi {
    /// An RSI over `period` changes (2..=100,000).
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period("period", period, 2)?;
        Ok(Self {
            consts: Consts::new(period),
            period,
            changes: 0,
            before: None,
            state: Averages::default(),
            pushed: 0,
            value: None,
        })
    }

    /// Takes the next value and returns the RSI, `None` for the first `period` values.
    /// NaN or ±∞ is refused and changes nothing.
    pub fn push(&mut self, value: f64) -> Result<Option<f64>, IndicatorError> {
        check_value("input", value, self.pushed)?;
        self.pushed += 1;
        let Some(before) = self.before.replace(value) else {
            return Ok(None);
        };
        let change = value - before;
        if self.changes >= self.period {
            self.state.smooth(change, self.consts);
        } else {
            self.state.add(change);
            self.changes += 1;
            if self.changes < self.period {
                return Ok(None);
            }
            self.state.seed(self.consts);
        }
        self.value = Some(self.state.rsi());
        Ok(self.value)
    }

    /// The latest RSI, if defined yet.
    pub fn value(&self) -> Option<f64> {
        self.value
    }
}
