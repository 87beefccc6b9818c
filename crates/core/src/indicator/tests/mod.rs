//! The indicators against TA-Lib's own output (fixtures), incremental against batch (property
//! tests), and the refusals.

mod errors;
mod fixtures;
mod props;

/// Every indicator's batch output for one candle series, and the same series pushed through
/// the incremental form (`None` as NaN), column by column under the fixtures' names.
pub(super) fn all_outputs(
    high: &[f64],
    low: &[f64],
    close: &[f64],
    configs: &[Config],
) -> Vec<(String, Vec<f64>, Vec<f64>)> {
    configs
        .iter()
        .flat_map(|config| config.run(high, low, close))
        .collect()
}

/// One indicator with its parameters, as the fixture columns name it (`macd_12_26_9`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Config {
    Sma(usize),
    Ema(usize),
    Rsi(usize),
    Macd(usize, usize, usize),
    Atr(usize),
    Bbands(usize, f64),
}

impl Config {
    /// Reads a fixture column's indicator name (before any `:part`).
    pub(super) fn parse(name: &str) -> Option<Self> {
        let mut words = name.split('_');
        let kind = words.next()?;
        let params: Vec<&str> = words.collect();
        let int = |i: usize| params.get(i).and_then(|w| w.parse::<usize>().ok());
        match (kind, params.len()) {
            ("sma", 1) => Some(Self::Sma(int(0)?)),
            ("ema", 1) => Some(Self::Ema(int(0)?)),
            ("rsi", 1) => Some(Self::Rsi(int(0)?)),
            ("atr", 1) => Some(Self::Atr(int(0)?)),
            ("macd", 3) => Some(Self::Macd(int(0)?, int(1)?, int(2)?)),
            ("bbands", 2) => Some(Self::Bbands(int(0)?, params.get(1)?.parse().ok()?)),
            _ => None,
        }
    }

    /// The fixture's column name for this indicator (without `:part`).
    pub(super) fn name(&self) -> String {
        match self {
            Self::Sma(p) => format!("sma_{p}"),
            Self::Ema(p) => format!("ema_{p}"),
            Self::Rsi(p) => format!("rsi_{p}"),
            Self::Atr(p) => format!("atr_{p}"),
            Self::Macd(f, s, g) => format!("macd_{f}_{s}_{g}"),
            Self::Bbands(p, k) => format!("bbands_{p}_{k}"),
        }
    }

    /// Runs batch and incremental over the series: `(column, batch, incremental)` per output.
    fn run(&self, high: &[f64], low: &[f64], close: &[f64]) -> Vec<(String, Vec<f64>, Vec<f64>)> {
        use crate::indicator::*;
        let n = close.len();
        let name = self.name();
        let nan = || vec![f64::NAN; n];
        let or_nan = |v: Option<f64>| v.unwrap_or(f64::NAN);
        let single =
            |batch: Vec<f64>, incremental: Vec<f64>| vec![(name.clone(), batch, incremental)];
        match *self {
            Self::Sma(p) => {
                let mut out = nan();
                sma(close, p, &mut out).unwrap();
                let mut inc = Sma::new(p).unwrap();
                let pushed = close
                    .iter()
                    .map(|&x| or_nan(inc.push(x).unwrap()))
                    .collect();
                single(out, pushed)
            }
            Self::Ema(p) => {
                let mut out = nan();
                ema(close, p, &mut out).unwrap();
                let mut inc = Ema::new(p).unwrap();
                let pushed = close
                    .iter()
                    .map(|&x| or_nan(inc.push(x).unwrap()))
                    .collect();
                single(out, pushed)
            }
            Self::Rsi(p) => {
                let mut out = nan();
                rsi(close, p, &mut out).unwrap();
                let mut inc = Rsi::new(p).unwrap();
                let pushed = close
                    .iter()
                    .map(|&x| or_nan(inc.push(x).unwrap()))
                    .collect();
                single(out, pushed)
            }
            Self::Atr(p) => {
                let mut out = nan();
                atr(high, low, close, p, &mut out).unwrap();
                let mut inc = Atr::new(p).unwrap();
                let pushed = (0..n)
                    .map(|i| or_nan(inc.push(high[i], low[i], close[i]).unwrap()))
                    .collect();
                single(out, pushed)
            }
            Self::Macd(f, s, g) => {
                let (mut line, mut signal, mut hist) = (nan(), nan(), nan());
                let out = MacdOut {
                    line: &mut line,
                    signal: &mut signal,
                    hist: &mut hist,
                };
                macd(close, f, s, g, out).unwrap();
                let mut inc = Macd::new(f, s, g).unwrap();
                let pushed: Vec<Option<MacdValue>> =
                    close.iter().map(|&x| inc.push(x).unwrap()).collect();
                let part = |get: fn(&MacdValue) -> f64| {
                    pushed
                        .iter()
                        .map(|v| v.as_ref().map_or(f64::NAN, get))
                        .collect()
                };
                vec![
                    (format!("{name}:line"), line, part(|v| v.line)),
                    (format!("{name}:signal"), signal, part(|v| v.signal)),
                    (format!("{name}:hist"), hist, part(|v| v.hist)),
                ]
            }
            Self::Bbands(p, k) => {
                let (mut upper, mut middle, mut lower) = (nan(), nan(), nan());
                let out = BandsOut {
                    upper: &mut upper,
                    middle: &mut middle,
                    lower: &mut lower,
                };
                bbands(close, p, k, out).unwrap();
                let mut inc = Bbands::new(p, k).unwrap();
                let pushed: Vec<Option<BandsValue>> =
                    close.iter().map(|&x| inc.push(x).unwrap()).collect();
                let part = |get: fn(&BandsValue) -> f64| {
                    pushed
                        .iter()
                        .map(|v| v.as_ref().map_or(f64::NAN, get))
                        .collect()
                };
                vec![
                    (format!("{name}:upper"), upper, part(|v| v.upper)),
                    (format!("{name}:middle"), middle, part(|v| v.middle)),
                    (format!("{name}:lower"), lower, part(|v| v.lower)),
                ]
            }
        }
    }
}
