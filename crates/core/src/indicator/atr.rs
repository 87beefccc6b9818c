//! Average true range: TA-Lib's ATR (the first ATR is the average of the true ranges of bars
//! `1..=period`, then Wilder's smoothing; look-back `period`; ATR(1) is TA-Lib's TRANGE).

use super::{
    IndicatorError, check_finite, check_len, check_period, check_value, undefined_head, wilder_step,
};

/// Index of the first defined ATR bar: `period` (the first true range needs a previous close).
pub fn atr_lookback(period: usize) -> usize {
    period
}

/// TA-Lib's ATR of the candles `high`, `low`, `close` (all as long as `out`; NaN before
/// [`atr_lookback`]). `period` is 1..=100,000.
pub fn atr(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    period: usize,
    out: &mut [f64],
) -> Result<(), IndicatorError> {
    check_period("period", period, 1)?;
    check_len("low", low.len(), "high", high.len())?;
    check_len("close", close.len(), "high", high.len())?;
    check_len("out", out.len(), "high", high.len())?;
    check_finite("high", high)?;
    check_finite("low", low)?;
    check_finite("close", close)?;
    let Some(tail) = undefined_head(out, atr_lookback(period)) else {
        return Ok(());
    };
    let p = period as f64;
    let p1 = (period - 1) as f64;
    // Bar i's true range uses high[i], low[i] and close[i − 1].
    let mut ranges = high
        .iter()
        .zip(low)
        .skip(1)
        .zip(close)
        .map(|((&h, &l), &prev_close)| true_range(h, l, prev_close));
    let mut total = 0.0;
    for tr in ranges.by_ref().take(period) {
        total += tr;
    }
    let mut prev = total / p;
    let (first, tail) = tail.split_at_mut(1);
    first.fill(prev);
    for (o, tr) in tail.iter_mut().zip(ranges) {
        prev = wilder_step(prev, tr, p1, p);
        *o = prev;
    }
    Ok(())
}

/// TA-Lib's true range: high − low, replaced by |prev close − high| and then by
/// |prev close − low| when larger.
#[inline(always)]
fn true_range(high: f64, low: f64, prev_close: f64) -> f64 {
    let mut greatest = high - low;
    let to_high = (prev_close - high).abs();
    if to_high > greatest {
        greatest = to_high;
    }
    let to_low = (prev_close - low).abs();
    if to_low > greatest {
        greatest = to_low;
    }
    greatest
}

/// Incremental ATR: the same values as [`atr`], one candle at a time.
#[derive(Debug, Clone)]
pub struct Atr {
    period: usize,
    p: f64,
    p1: f64,
    /// True ranges taken so far, up to `period` (then smoothing).
    ranges: usize,
    prev_close: Option<f64>,
    /// The seed's running sum while `ranges < period`, then the ATR.
    prev: f64,
    pushed: usize,
    value: Option<f64>,
}

impl Atr {
    /// An ATR over `period` true ranges (1..=100,000).
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period("period", period, 1)?;
        Ok(Self {
            period,
            p: period as f64,
            p1: (period - 1) as f64,
            ranges: 0,
            prev_close: None,
            prev: 0.0,
            pushed: 0,
            value: None,
        })
    }

    /// Takes the next closed candle and returns the ATR, `None` for the first `period`
    /// candles. NaN or ±∞ in any price is refused and changes nothing.
    pub fn push(&mut self, high: f64, low: f64, close: f64) -> Result<Option<f64>, IndicatorError> {
        check_value("high", high, self.pushed)?;
        check_value("low", low, self.pushed)?;
        check_value("close", close, self.pushed)?;
        self.pushed += 1;
        let Some(prev_close) = self.prev_close.replace(close) else {
            return Ok(None);
        };
        let tr = true_range(high, low, prev_close);
        if self.ranges >= self.period {
            self.prev = wilder_step(self.prev, tr, self.p1, self.p);
        } else {
            self.prev += tr;
            self.ranges += 1;
            if self.ranges < self.period {
                return Ok(None);
            }
            self.prev /= self.p;
        }
        self.value = Some(self.prev);
        Ok(self.value)
    }

    /// The latest ATR, if defined yet.
    pub fn value(&self) -> Option<f64> {
        self.value
    }
}
