//! Bollinger Bands: TA-Lib's BBANDS with matype SMA and nbdevup = nbdevdn = k (middle = SMA,
//! population standard deviation from a running sum of squares; look-back `period − 1`).

use super::sma::Window;
use super::{EPSILON, IndicatorError, check_after, check_len, check_period, check_value};

/// Index of the first defined band bar: `period − 1`.
pub fn bbands_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// Where [`bbands`] writes: three buffers, each as long as the input.
#[derive(Debug)]
pub struct BandsOut<'a> {
    /// Middle + k × deviation.
    pub upper: &'a mut [f64],
    /// The SMA.
    pub middle: &'a mut [f64],
    /// Middle − k × deviation.
    pub lower: &'a mut [f64],
}

/// One bar of Bollinger Bands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandsValue {
    /// Middle + k × deviation.
    pub upper: f64,
    /// The SMA.
    pub middle: f64,
    /// Middle − k × deviation.
    pub lower: f64,
}

/// `k` finite and not negative.
fn check_k(k: f64) -> Result<(), IndicatorError> {
    if k.is_finite() && k >= 0.0 {
        Ok(())
    } else {
        Err(IndicatorError::BadK { value: k })
    }
}

/// TA-Lib's BBANDS of `input` into `out` (each buffer as long as the input; all three NaN
/// before [`bbands_lookback`]). `period` is 2..=100,000; `k` finite, 0 or more.
pub fn bbands(
    input: &[f64],
    period: usize,
    k: f64,
    out: BandsOut<'_>,
) -> Result<(), IndicatorError> {
    check_period("period", period, 2)?;
    check_k(k)?;
    let BandsOut {
        upper,
        middle,
        lower,
    } = out;
    check_len("upper", upper.len(), "input", input.len())?;
    check_len("middle", middle.len(), "input", input.len())?;
    check_len("lower", lower.len(), "input", input.len())?;
    let lookback = bbands_lookback(period);
    let split = lookback.min(input.len());
    let (upper_head, upper) = upper.split_at_mut(split);
    let (middle_head, middle) = middle.split_at_mut(split);
    let (lower_head, lower) = lower.split_at_mut(split);
    for head in [upper_head, middle_head, lower_head] {
        head.fill(f64::NAN);
    }
    let (head, rest) = input.split_at(split);
    let mut sums = Sums::default();
    for &x in head {
        sums.add(x);
    }
    let p = period as f64;
    let outs = upper
        .iter_mut()
        .zip(middle.iter_mut())
        .zip(lower.iter_mut());
    // Output bar i adds input[i] and then drops input[i − lookback], its window's first value.
    for ((((u, m), l), &x), &leaving) in outs.zip(rest).zip(input) {
        let bands = sums.step(x, leaving, p, k);
        (*u, *m, *l) = (bands.upper, bands.middle, bands.lower);
    }
    let finite = sums.total.is_finite() && sums.squares.is_finite();
    check_after(finite, "input", input)
}

/// The window's running sum and sum of squares, without its newest value.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    total: f64,
    squares: f64,
}

impl Sums {
    /// Adds a value while the window fills.
    #[inline(always)]
    fn add(&mut self, x: f64) {
        self.total += x;
        self.squares += x * x;
    }

    /// The bands for the window that ends with `x`; then `leaving` leaves the sums.
    #[inline(always)]
    fn step(&mut self, x: f64, leaving: f64, period: f64, k: f64) -> BandsValue {
        self.add(x);
        let middle = self.total / period;
        let mean_squares = self.squares / period;
        self.total -= leaving;
        self.squares -= leaving * leaving;
        let variance = mean_squares - middle * middle;
        let deviation = if variance < EPSILON {
            0.0
        } else {
            variance.sqrt()
        } * k;
        BandsValue {
            upper: middle + deviation,
            middle,
            lower: middle - deviation,
        }
    }
}

/// Incremental Bollinger Bands: the same values as [`bbands`], one bar at a time.
#[derive(Debug, Clone)]
pub struct Bbands {
    period: f64,
    k: f64,
    window: Window,
    sums: Sums,
    pushed: usize,
    value: Option<BandsValue>,
}

impl Bbands {
    /// Bands over `period` values (2..=100,000), `k` deviations wide (finite, 0 or more).
    pub fn new(period: usize, k: f64) -> Result<Self, IndicatorError> {
        check_period("period", period, 2)?;
        check_k(k)?;
        Ok(Self {
            period: period as f64,
            k,
            window: Window::new(period),
            sums: Sums::default(),
            pushed: 0,
            value: None,
        })
    }

    /// Takes the next close and returns the bands, `None` for the first `period − 1` values.
    /// NaN or ±∞ is refused and changes nothing.
    pub fn push(&mut self, close: f64) -> Result<Option<BandsValue>, IndicatorError> {
        check_value("input", close, self.pushed)?;
        self.pushed += 1;
        match self.window.push(close) {
            None => self.sums.add(close),
            Some(leaving) => self.value = Some(self.sums.step(close, leaving, self.period, self.k)),
        }
        Ok(self.value)
    }

    /// The latest bands, if defined yet.
    pub fn value(&self) -> Option<BandsValue> {
        self.value
    }
}
