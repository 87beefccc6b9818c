//! Properties: on any finite candle series and any valid parameters, the incremental form gives
//! bit-for-bit the batch values, NaN (`None`) exactly over the look-back and never after; and
//! batch names the first NaN or ±∞ wherever it is (it only looks when the pass ends
//! non-finite, so this checks that every state really is absorbing).

use proptest::prelude::*;

use super::{Config, all_outputs};
use crate::indicator::*;

/// Candles from a random walk with flat stretches (no change at all is where TA-Lib's zero
/// tests bite): `(high, low, close)`.
fn candles() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Vec<f64>)> {
    let step = (
        prop_oneof![1 => Just(0.0), 4 => -3.0..3.0f64],
        prop_oneof![1 => Just(0.0), 2 => 0.0..2.0f64],
        prop_oneof![1 => Just(0.0), 2 => 0.0..2.0f64],
    );
    (1.0..1000.0f64, prop::collection::vec(step, 0..200)).prop_map(|(start, steps)| {
        let mut price = start;
        let mut series = (Vec::new(), Vec::new(), Vec::new());
        for (change, up, down) in steps {
            price = (price + change).abs();
            series.0.push(price + up);
            series.1.push(price - down);
            series.2.push(price);
        }
        series
    })
}

fn config() -> impl Strategy<Value = Config> {
    prop_oneof![
        (2..40usize).prop_map(Config::Sma),
        (2..40usize).prop_map(Config::Ema),
        (2..40usize).prop_map(Config::Rsi),
        (1..30usize).prop_map(Config::Atr),
        (2..20usize, 1..30usize, 1..15usize).prop_map(|(f, d, g)| Config::Macd(f, f + d, g)),
        (2..40usize, 0.0..4.0f64).prop_map(|(p, k)| Config::Bbands(p, k)),
    ]
}

fn lookback(config: Config) -> usize {
    match config {
        Config::Sma(p) => sma_lookback(p),
        Config::Ema(p) => ema_lookback(p),
        Config::Rsi(p) => rsi_lookback(p),
        Config::Atr(p) => atr_lookback(p),
        Config::Macd(f, s, g) => macd_lookback(f, s, g),
        Config::Bbands(p, _) => bbands_lookback(p),
    }
}

/// Runs one batch indicator and returns only its verdict.
fn batch_verdict(
    config: Config,
    high: &[f64],
    low: &[f64],
    close: &[f64],
) -> Result<(), IndicatorError> {
    let n = close.len();
    let (mut a, mut b, mut c) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    match config {
        Config::Sma(p) => sma(close, p, &mut a),
        Config::Ema(p) => ema(close, p, &mut a),
        Config::Rsi(p) => rsi(close, p, &mut a),
        Config::Atr(p) => atr(high, low, close, p, &mut a),
        Config::Macd(f, s, g) => {
            let out = MacdOut {
                line: &mut a,
                signal: &mut b,
                hist: &mut c,
            };
            macd(close, f, s, g, out)
        }
        Config::Bbands(p, k) => {
            let out = BandsOut {
                upper: &mut a,
                middle: &mut b,
                lower: &mut c,
            };
            bbands(close, p, k, out)
        }
    }
}

proptest! {
    #[test]
    fn batch_names_the_first_non_finite_value(
        (mut high, mut low, mut close) in candles(),
        config in config(),
        at in any::<prop::sample::Index>(),
        later in any::<prop::sample::Index>(),
        bad in prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)],
        series in 0..3usize,
    ) {
        prop_assume!(!close.is_empty());
        let i = at.index(close.len());
        let j = i + later.index(close.len() - i);
        // Only ATR reads high and low; the others take the close.
        let (name, target) = match (config, series) {
            (Config::Atr(_), 0) => ("high", &mut high),
            (Config::Atr(_), 1) => ("low", &mut low),
            (Config::Atr(_), _) => ("close", &mut close),
            _ => ("input", &mut close),
        };
        target[i] = bad;
        target[j] = bad;
        prop_assert_eq!(
            batch_verdict(config, &high, &low, &close),
            Err(IndicatorError::NotFinite { series: name, index: i }),
            "{:?} with {} at {} (and {}) of {} must name index {}", config, bad, i, j, close.len(), i
        );
    }

    #[test]
    fn incremental_equals_batch((high, low, close) in candles(), configs in prop::collection::vec(config(), 1..6)) {
        for config in &configs {
            let outputs = all_outputs(&high, &low, &close, std::slice::from_ref(config));
            let defined_from = lookback(*config);
            for (column, batch, incremental) in outputs {
                for (i, (b, inc)) in batch.iter().zip(&incremental).enumerate() {
                    prop_assert!(
                        b.to_bits() == inc.to_bits() || (b.is_nan() && inc.is_nan()),
                        "{column} [{i}] of {}: incremental {inc:?} is not batch {b:?}; the forms \
                         must share the arithmetic", close.len()
                    );
                    prop_assert_eq!(
                        b.is_nan(),
                        i < defined_from,
                        "{} [{}]: NaN must cover exactly the look-back {} (value {:?})",
                        column, i, defined_from, b
                    );
                }
            }
        }
    }

    #[test]
    fn value_is_the_last_push(close in prop::collection::vec(1.0..100.0f64, 0..60), period in 2..10usize) {
        let mut rsi = Rsi::new(period).unwrap();
        let mut macd = Macd::new(period, period + 3, 2).unwrap();
        let mut bands = Bbands::new(period, 2.0).unwrap();
        for &x in &close {
            let pushed = (rsi.push(x).unwrap(), macd.push(x).unwrap(), bands.push(x).unwrap());
            prop_assert_eq!(pushed, (rsi.value(), macd.value(), bands.value()), "value() must return what push returned");
        }
    }
}
