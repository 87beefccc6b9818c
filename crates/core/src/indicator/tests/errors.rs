//! What the indicators refuse, how they say it, and what "too few values" gives.

use crate::indicator::*;

fn bad_period(name: &'static str, value: usize, problem: &'static str) -> IndicatorError {
    IndicatorError::BadPeriod {
        name,
        value,
        problem,
    }
}

#[test]
fn periods_below_talibs_minimum_are_refused() {
    let input = [1.0, 2.0, 3.0];
    let mut out = [0.0; 3];
    let at_least_2 = bad_period("period", 0, "it must be at least 2");
    assert_eq!(
        sma(&input, 0, &mut out),
        Err(at_least_2.clone()),
        "SMA of 0 bars is meaningless"
    );
    assert_eq!(
        ema(&input, 0, &mut out),
        Err(at_least_2.clone()),
        "EMA of 0 bars is meaningless"
    );
    assert_eq!(
        rsi(&input, 0, &mut out),
        Err(at_least_2.clone()),
        "RSI of 0 changes is meaningless"
    );
    assert_eq!(
        sma(&input, 1, &mut out),
        Err(bad_period("period", 1, "it must be at least 2")),
        "TA-Lib's SMA starts at period 2"
    );
    assert_eq!(
        atr(&input, &input, &input, 0, &mut out),
        Err(bad_period("period", 0, "it must be at least 1")),
        "ATR(1) is allowed (TRANGE), ATR(0) is not"
    );
    assert_eq!(
        Sma::new(0).map(|_| ()),
        Err(at_least_2.clone()),
        "incremental SMA checks too"
    );
    assert_eq!(
        Ema::new(1).map(|_| ()),
        Err(bad_period("period", 1, "it must be at least 2")),
        "EMA(1)"
    );
    assert_eq!(
        Rsi::new(0).map(|_| ()),
        Err(at_least_2.clone()),
        "incremental RSI checks too"
    );
    assert_eq!(
        Atr::new(0).map(|_| ()),
        Err(bad_period("period", 0, "it must be at least 1")),
        "ATR(0)"
    );
    assert_eq!(
        Bbands::new(0, 2.0).map(|_| ()),
        Err(at_least_2),
        "Bollinger over 0 bars"
    );
    assert_eq!(
        Sma::new(100_001).map(|_| ()),
        Err(bad_period("period", 100_001, "it must be at most 100000")),
        "TA-Lib's largest period is 100,000 (and a huge one must not try to allocate)"
    );
    assert_eq!(
        Sma::new(usize::MAX).map(|_| ()),
        Err(bad_period(
            "period",
            usize::MAX,
            "it must be at most 100000"
        )),
        "no overflow or allocation failure on absurd periods"
    );
}

#[test]
fn macd_needs_fast_below_slow() {
    let input = [1.0; 40];
    let (mut line, mut signal, mut hist) = ([0.0; 40], [0.0; 40], [0.0; 40]);
    let out = MacdOut {
        line: &mut line,
        signal: &mut signal,
        hist: &mut hist,
    };
    let fast_not_below = bad_period("fast", 26, "fast must be below slow");
    assert_eq!(
        macd(&input, 26, 12, 9, out),
        Err(fast_not_below.clone()),
        "swapped periods"
    );
    assert_eq!(
        Macd::new(26, 26, 9).map(|_| ()),
        Err(fast_not_below),
        "equal periods give a line of zeros: a settings mistake"
    );
    assert_eq!(
        Macd::new(12, 26, 0).map(|_| ()),
        Err(bad_period("signal", 0, "it must be at least 1")),
        "signal 0"
    );
    assert_eq!(
        Macd::new(1, 26, 9).map(|_| ()),
        Err(bad_period("fast", 1, "it must be at least 2")),
        "fast 1"
    );
    assert!(
        Macd::new(12, 26, 1).is_ok(),
        "TA-Lib allows a signal of 1 (signal = line)"
    );
}

#[test]
fn non_finite_input_is_named_by_series_and_index() {
    let mut input = [1.0; 200];
    input[130] = f64::NAN;
    let mut out = [0.0; 200];
    assert!(
        sma(&input, 0, &mut out).is_err(),
        "period 0 is refused first"
    );
    assert!(
        out.iter().all(|&v| v == 0.0),
        "a refused parameter leaves the output untouched"
    );
    let at_130 = IndicatorError::NotFinite {
        series: "input",
        index: 130,
    };
    assert_eq!(sma(&input, 5, &mut out), Err(at_130.clone()), "NaN at 130");
    assert_eq!(
        sma(&input[..100], 5, &mut out[..100]),
        Ok(()),
        "the values before the NaN are fine"
    );
    assert_eq!(
        sma(&input[..3], 5, &mut out[..3]),
        Ok(()),
        "too few values to compute, all finite"
    );
    input[1] = f64::NAN;
    assert_eq!(
        sma(&input[..3], 5, &mut out[..3]),
        Err(IndicatorError::NotFinite {
            series: "input",
            index: 1
        }),
        "NaN is refused even when there are too few values to compute anything"
    );
    input[1] = 1.0;
    for (name, result) in [
        ("EMA", ema(&input, 5, &mut out)),
        ("SMA", sma(&input, 5, &mut out)),
        ("RSI", rsi(&input, 5, &mut out)),
    ] {
        assert_eq!(
            result,
            Err(at_130.clone()),
            "{name}: NaN at 130 is found after the pass"
        );
    }
    let (mut line, mut signal, mut hist) = ([0.0; 200], [0.0; 200], [0.0; 200]);
    let macd_out = MacdOut {
        line: &mut line,
        signal: &mut signal,
        hist: &mut hist,
    };
    assert_eq!(
        macd(&input, 12, 26, 9, macd_out),
        Err(at_130.clone()),
        "MACD: NaN at 130"
    );
    input[199] = f64::INFINITY;
    assert_eq!(
        sma(&input, 5, &mut out),
        Err(at_130.clone()),
        "the first non-finite value is named"
    );
    input[199] = 1.0;
    input[130] = f64::INFINITY;
    assert_eq!(rsi(&input, 5, &mut out), Err(at_130.clone()), "+∞ at 130");
    input[130] = f64::NEG_INFINITY;
    assert_eq!(ema(&input, 5, &mut out), Err(at_130.clone()), "−∞ at 130");
    input[130] = 1.0;
    input[0] = f64::NAN;
    assert_eq!(
        bbands(
            &input,
            5,
            2.0,
            BandsOut {
                upper: &mut [0.0; 200],
                middle: &mut [0.0; 200],
                lower: &mut out,
            }
        ),
        Err(IndicatorError::NotFinite {
            series: "input",
            index: 0
        }),
        "NaN at the very first value"
    );
    let ok = [1.0; 200];
    let mut low = [1.0; 200];
    low[199] = f64::NAN;
    assert_eq!(
        atr(&ok, &low, &ok, 14, &mut out),
        Err(IndicatorError::NotFinite {
            series: "low",
            index: 199
        }),
        "ATR names which of high, low and close"
    );
    assert_eq!(
        at_130.to_string(),
        "input value at index 130 is not a finite number",
        "the message names the series and the index"
    );
}

#[test]
fn a_refused_push_changes_nothing() {
    let values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
    let mut clean = Rsi::new(3).unwrap();
    let mut dirty = Rsi::new(3).unwrap();
    for (i, &x) in values.iter().enumerate() {
        if i == 4 {
            assert_eq!(
                dirty.push(f64::NAN),
                Err(IndicatorError::NotFinite {
                    series: "input",
                    index: 4
                }),
                "the index is the number of values pushed so far"
            );
        }
        assert_eq!(
            dirty.push(x),
            clean.push(x),
            "bar {i}: the refused NaN left no trace"
        );
    }
    let mut atr = Atr::new(2).unwrap();
    atr.push(2.0, 1.0, 1.5).unwrap();
    assert_eq!(
        atr.push(2.0, 1.0, f64::INFINITY),
        Err(IndicatorError::NotFinite {
            series: "close",
            index: 1
        }),
        "ATR names the price that is not finite"
    );
    let mut macd = Macd::new(2, 3, 1).unwrap();
    let mut bands = Bbands::new(2, 1.0).unwrap();
    for x in [1.0, 2.0, 4.0] {
        macd.push(x).unwrap();
        bands.push(x).unwrap();
    }
    let (macd_before, bands_before) = (macd.value(), bands.value());
    assert!(macd.push(f64::NAN).is_err(), "MACD refuses NaN");
    assert!(bands.push(f64::NAN).is_err(), "Bollinger refuses NaN");
    assert_eq!(
        macd.value(),
        macd_before,
        "MACD unchanged by a refused push"
    );
    assert_eq!(
        bands.value(),
        bands_before,
        "Bollinger unchanged by a refused push"
    );
}

#[test]
fn buffers_and_series_of_other_lengths_are_refused() {
    let input = [1.0; 10];
    assert_eq!(
        sma(&input, 3, &mut [0.0; 9]),
        Err(IndicatorError::LengthMismatch {
            series: "out",
            len: 9,
            other: "input",
            expected: 10
        }),
        "the output must be exactly as long as the input"
    );
    assert_eq!(
        atr(&input, &input[..9], &input, 3, &mut [0.0; 10]),
        Err(IndicatorError::LengthMismatch {
            series: "low",
            len: 9,
            other: "high",
            expected: 10
        }),
        "high, low and close must line up candle for candle"
    );
    let (mut line, mut signal, mut hist) = ([0.0; 10], [0.0; 11], [0.0; 10]);
    let out = MacdOut {
        line: &mut line,
        signal: &mut signal,
        hist: &mut hist,
    };
    let err = macd(&input, 2, 3, 2, out).unwrap_err();
    assert_eq!(
        err.to_string(),
        "signal has 11 values but input has 10; they must be the same length",
        "the message names both series"
    );
}

#[test]
fn bollinger_k_must_be_finite_and_not_negative() {
    for k in [f64::NAN, f64::INFINITY, -0.5] {
        let err = Bbands::new(20, k).map(|_| ()).unwrap_err();
        assert!(
            matches!(err, IndicatorError::BadK { value } if value.to_bits() == k.to_bits()),
            "k {k} must be refused, got {err:?}"
        );
    }
    assert!(
        Bbands::new(20, 0.0).is_ok(),
        "k 0 (all three bands the SMA) is allowed"
    );
    assert_eq!(
        IndicatorError::BadK { value: -0.5 }.to_string(),
        "Bollinger k -0.5 is not allowed: it must be a finite number, 0 or more",
        "the message names k and the rule"
    );
}

#[test]
fn too_few_values_give_all_nan_and_none() {
    let input = [1.0, 2.0, 3.0, 4.0];
    let mut out = [0.0; 4];
    rsi(&input, 14, &mut out).unwrap();
    assert!(
        out.iter().all(|v| v.is_nan()),
        "RSI(14) of 4 values is all NaN, as in TA-Lib"
    );
    rsi(&input, 3, &mut out).unwrap();
    assert!(
        out[..3].iter().all(|v| v.is_nan()) && out[3] == 100.0,
        "RSI(3) of 4 values has only its last, got {out:?}"
    );
    let empty: [f64; 0] = [];
    sma(&empty, 20, &mut []).unwrap();
    atr(&input, &input, &input, 4, &mut out).unwrap();
    assert!(out.iter().all(|v| v.is_nan()), "ATR(4) needs 5 candles");
    let (mut line, mut signal, mut hist) = ([0.0; 4], [0.0; 4], [0.0; 4]);
    macd(
        &input,
        2,
        3,
        2,
        MacdOut {
            line: &mut line,
            signal: &mut signal,
            hist: &mut hist,
        },
    )
    .unwrap();
    assert!(
        line[..3]
            .iter()
            .chain(&signal[..3])
            .chain(&hist[..3])
            .all(|v| v.is_nan()),
        "MACD(2,3,2) is defined from bar 3 on, got {line:?} {signal:?} {hist:?}"
    );
    assert!(line[3].is_finite(), "MACD(2,3,2) has a value at bar 3");
    let mut ema = Ema::new(5).unwrap();
    for x in input {
        assert_eq!(
            ema.push(x),
            Ok(None),
            "EMA(5) is undefined for the first 4 values"
        );
    }
    assert_eq!(ema.value(), None, "still undefined");
}

#[test]
fn lookbacks_are_talibs() {
    assert_eq!(sma_lookback(20), 19, "SMA: period − 1");
    assert_eq!(ema_lookback(20), 19, "EMA: period − 1");
    assert_eq!(rsi_lookback(14), 14, "RSI: period");
    assert_eq!(
        macd_lookback(12, 26, 9),
        33,
        "MACD: (slow − 1) + (signal − 1)"
    );
    assert_eq!(atr_lookback(14), 14, "ATR: period");
    assert_eq!(
        atr_lookback(1),
        1,
        "ATR(1) = TRANGE: the first range needs a previous close"
    );
    assert_eq!(bbands_lookback(20), 19, "BBANDS: period − 1");
    assert_eq!(
        macd_lookback(0, 0, 0),
        0,
        "nonsense periods do not overflow"
    );
}
