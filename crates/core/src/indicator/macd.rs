//! MACD: TA-Lib's MACD (fast EMA − slow EMA, with both seeds ending on bar `slow − 1`; the
//! signal is an EMA of that line; look-back `(slow − 1) + (signal − 1)`).

use super::ema::EmaCore;
use super::{
    IndicatorError, check_after, check_finite, check_len, check_period, check_value, ema_k,
    ema_step, sum,
};

/// Index of the first defined MACD bar: `(slow − 1) + (signal − 1)`.
pub fn macd_lookback(fast: usize, slow: usize, signal: usize) -> usize {
    let _ = fast; // the fast EMA is aligned to the slow one, so it adds nothing
    slow.saturating_sub(1)
        .saturating_add(signal.saturating_sub(1))
}

/// Where [`macd`] writes: three buffers, each as long as the input.
#[derive(Debug)]
pub struct MacdOut<'a> {
    /// Fast EMA − slow EMA.
    pub line: &'a mut [f64],
    /// EMA of the line over `signal` bars.
    pub signal: &'a mut [f64],
    /// Line − signal.
    pub hist: &'a mut [f64],
}

/// One bar of MACD.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MacdValue {
    /// Fast EMA − slow EMA.
    pub line: f64,
    /// EMA of the line over `signal` bars.
    pub signal: f64,
    /// Line − signal.
    pub hist: f64,
}

/// The parameter checks shared by both forms: fast and slow 2..=100,000 with fast < slow,
/// signal 1..=100,000.
fn check_params(fast: usize, slow: usize, signal: usize) -> Result<(), IndicatorError> {
    check_period("fast", fast, 2)?;
    check_period("slow", slow, 2)?;
    check_period("signal", signal, 1)?;
    if fast >= slow {
        return Err(IndicatorError::BadPeriod {
            name: "fast",
            value: fast,
            problem: "fast must be below slow",
        });
    }
    Ok(())
}

/// TA-Lib's MACD of `input` into `out` (each buffer as long as the input; all three NaN
/// before [`macd_lookback`]).
pub fn macd(
    input: &[f64],
    fast: usize,
    slow: usize,
    signal: usize,
    out: MacdOut<'_>,
) -> Result<(), IndicatorError> {
    check_params(fast, slow, signal)?;
    let MacdOut {
        line,
        signal: signal_out,
        hist,
    } = out;
    check_len("line", line.len(), "input", input.len())?;
    check_len("signal", signal_out.len(), "input", input.len())?;
    check_len("hist", hist.len(), "input", input.len())?;
    let lookback = macd_lookback(fast, slow, signal);
    let split = lookback.min(input.len());
    let (line_head, line) = line.split_at_mut(split);
    let (signal_head, signal_out) = signal_out.split_at_mut(split);
    let (hist_head, hist) = hist.split_at_mut(split);
    for head in [line_head, signal_head, hist_head] {
        head.fill(f64::NAN);
    }
    if line.is_empty() {
        return check_finite("input", input);
    }

    // Seeds: the slow window is input[..slow], the fast one its last `fast` values.
    let (slow_only, rest) = input.split_at(slow - fast);
    let (shared, rest) = rest.split_at(fast);
    let mut slow_sum = sum(slow_only);
    let mut fast_sum = 0.0;
    for &x in shared {
        fast_sum += x;
        slow_sum += x;
    }
    let mut lines = Lines {
        fast: fast_sum / fast as f64,
        slow: slow_sum / slow as f64,
        fast_k: ema_k(fast),
        slow_k: ema_k(slow),
    };
    // The signal's seed: the first `signal` line values, from bar slow − 1 on.
    let (signal_seed, rest) = rest.split_at(signal - 1);
    let mut signal_sum = 0.0 + lines.line();
    for &x in signal_seed {
        signal_sum += lines.step(x);
    }
    let mut prev_signal = signal_sum / signal as f64;
    let signal_k = ema_k(signal);

    let mut line_value = lines.line();
    let outs = line
        .iter_mut()
        .zip(signal_out.iter_mut())
        .zip(hist.iter_mut());
    // The first output bar is the signal's seed bar; every later one takes one input.
    let mut next = rest.iter();
    for ((l, s), h) in outs {
        *l = line_value;
        *s = prev_signal;
        *h = line_value - prev_signal;
        let Some(&x) = next.next() else { break };
        line_value = lines.step(x);
        prev_signal = ema_step(prev_signal, line_value, signal_k);
    }
    let finite = lines.fast.is_finite() && lines.slow.is_finite() && prev_signal.is_finite();
    check_after(finite, "input", input)
}

/// The fast and slow EMAs in lockstep (batch only).
struct Lines {
    fast: f64,
    slow: f64,
    fast_k: f64,
    slow_k: f64,
}

impl Lines {
    /// Advances both EMAs by `x` and returns the new line.
    #[inline(always)]
    fn step(&mut self, x: f64) -> f64 {
        self.fast = ema_step(self.fast, x, self.fast_k);
        self.slow = ema_step(self.slow, x, self.slow_k);
        self.line()
    }

    #[inline(always)]
    fn line(&self) -> f64 {
        self.fast - self.slow
    }
}

/// Incremental MACD: the same values as [`macd`], one bar at a time.
#[derive(Debug, Clone)]
pub struct Macd {
    fast: EmaCore,
    slow: EmaCore,
    signal: EmaCore,
    /// Bars before the fast EMA's seed window starts (`slow − fast`).
    fast_delay: usize,
    pushed: usize,
    value: Option<MacdValue>,
}

impl Macd {
    /// A MACD with periods `fast` < `slow` (both 2..=100,000) and `signal` (1..=100,000).
    pub fn new(fast: usize, slow: usize, signal: usize) -> Result<Self, IndicatorError> {
        check_params(fast, slow, signal)?;
        Ok(Self {
            fast: EmaCore::new(fast),
            slow: EmaCore::new(slow),
            signal: EmaCore::new(signal),
            fast_delay: slow - fast,
            pushed: 0,
            value: None,
        })
    }

    /// Takes the next close and returns MACD, `None` until [`macd_lookback`] values are in.
    /// NaN or ±∞ is refused and changes nothing.
    pub fn push(&mut self, close: f64) -> Result<Option<MacdValue>, IndicatorError> {
        check_value("input", close, self.pushed)?;
        self.pushed += 1;
        let slow = self.slow.push(close);
        if self.pushed <= self.fast_delay {
            return Ok(None);
        }
        let fast = self.fast.push(close);
        let (Some(fast), Some(slow)) = (fast, slow) else {
            return Ok(None);
        };
        let line = fast - slow;
        self.value = self.signal.push(line).map(|signal| MacdValue {
            line,
            signal,
            hist: line - signal,
        });
        Ok(self.value)
    }

    /// The latest MACD, if defined yet.
    pub fn value(&self) -> Option<MacdValue> {
        self.value
    }
}
