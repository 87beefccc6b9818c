//! Property: on any finite candle series and any valid parameters, the incremental form gives
//! bit-for-bit the batch values, NaN (`None`) exactly over the look-back and never after.

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

proptest! {
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
