//! Strategies on real candles: their decisions checked against the indicators computed
//! independently (the batch form) and the rules the README states; no look-ahead; parameters
//! validated with the parameter named.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use common::fixture_bars;
use pilothouse_core::indicator::{self, MacdOut};
use pilothouse_core::market::Bar;
use pilothouse_core::strategy::{self, Action, Decision, ParamValue, Params};

fn decisions(name: &str, params: &Params, bars: &[Bar]) -> Vec<Decision> {
    let (mut s, _) = strategy::build(name, params).expect("the strategy builds");
    bars.iter()
        .map(|b| s.decide(b).expect("real candles are readable"))
        .collect()
}

fn params(pairs: &[(&str, f64)]) -> Params {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), ParamValue::Number(*v)))
        .collect()
}

fn closes(bars: &[Bar]) -> Vec<f64> {
    bars.iter().map(|b| b.close).collect()
}

#[test]
fn sma_cross_signals_exactly_on_the_strict_crosses_of_the_two_averages() {
    let bars = fixture_bars("ETHBTC-5m-3000");
    let c = closes(&bars);
    let (mut fast, mut slow) = (vec![0.0; c.len()], vec![0.0; c.len()]);
    indicator::sma(&c, 10, &mut fast).expect("sma 10");
    indicator::sma(&c, 30, &mut slow).expect("sma 30");
    let got = decisions("sma-cross", &Params::new(), &bars);
    let mut signals = 0;
    for t in 1..bars.len() {
        let up = fast[t - 1] < slow[t - 1] && fast[t] > slow[t];
        let down = fast[t - 1] > slow[t - 1] && fast[t] < slow[t];
        let expected = if up {
            Action::Buy
        } else if down {
            Action::Sell
        } else {
            Action::Hold
        };
        assert_eq!(
            got[t].action,
            expected,
            "candle {t}: fast {} / {} slow {} / {}",
            fast[t - 1],
            slow[t - 1],
            fast[t],
            slow[t]
        );
        if expected != Action::Hold {
            signals += 1;
            let gap = ((fast[t] - slow[t]).abs() / slow[t] / 0.01).min(1.0);
            assert_eq!(
                got[t].confidence,
                (50.0 + 50.0 * gap).round() as u8,
                "candle {t}: confidence is 50 + 50 × gap / 1 %"
            );
            assert_eq!(
                got[t].reasons[0].indicator, "sma_10",
                "the first reason names the fast average"
            );
            assert!(
                (got[t].reasons[0].value - fast[t]).abs() <= 1e-12,
                "candle {t}: the reason carries the fast SMA's value"
            );
        }
    }
    assert!(
        signals > 50,
        "3,000 five-minute candles cross many times; got {signals}"
    );
    assert_eq!(
        got[29].action,
        Action::Hold,
        "no decision before both averages are defined on two candles"
    );
}

#[test]
fn sma_cross_hand_checked_on_the_first_real_candles() {
    // ETHBTC 5m closes from candle 3: 0.09900001, 0.099, 0.0971, 0.0978, 0.09807, 0.09809501,
    // 0.0967983. sma_2 vs sma_4 (worked on paper):
    //   candle 7: (0.0978 + 0.09807) / 2 = 0.097935  <  (0.0971 + … + 0.09807) / 4 = 0.0979925
    //   candle 8: 0.098082505 > 0.0977662525 → the fast crossed above: BUY
    //   candle 9: 0.097446655 < 0.0976908275 → crossed below: SELL
    //   candles 10–14 stay below; candle 15: 0.095614435 > 0.095442915 → BUY.
    let bars = fixture_bars("ETHBTC-5m-3000");
    let got = decisions(
        "sma-cross",
        &params(&[("fast", 2.0), ("slow", 4.0)]),
        &bars[..16],
    );
    let actions: Vec<(usize, Action)> = got
        .iter()
        .enumerate()
        .filter(|(_, d)| d.action != Action::Hold)
        .map(|(t, d)| (t, d.action))
        .collect();
    assert_eq!(
        actions,
        [(8, Action::Buy), (9, Action::Sell), (15, Action::Buy)],
        "the crosses worked out by hand"
    );
    let buy = &got[8];
    assert!(
        (buy.reasons[0].value - 0.098082505).abs() < 1e-15
            && (buy.reasons[1].value - 0.0977662525).abs() < 1e-15,
        "the reasons carry both averages"
    );
    // gap = 0.0003162525 / 0.0977662525 = 0.3235 % of the slow → 50 + 50 × 0.3235 = 66.
    assert_eq!(
        buy.confidence, 66,
        "confidence = 50 + 50 × min(1, gap / 1 %)"
    );
    assert_eq!(
        buy.reasons[0].rule, "sma_2 crossed above sma_4",
        "the rule in words"
    );
}

#[test]
fn trend_momentum_and_safe_signal_only_when_their_rules_hold() {
    for name in ["trend-momentum", "safe"] {
        for series in ["ETHBTC-5m-3000", "XRPUSDT-perp-5m"] {
            let bars = fixture_bars(series);
            let c = closes(&bars);
            let n = c.len();
            let info = strategy::info(name).expect("in the catalogue");
            let p = info.complete(&Params::new()).expect("defaults are valid");
            let num = |k: &str| match p[k] {
                ParamValue::Number(v) => v,
                ParamValue::Bool(_) => f64::NAN,
            };
            let (mut ema, mut rsi) = (vec![0.0; n], vec![0.0; n]);
            let (mut line, mut signal, mut hist, mut atr) =
                (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
            indicator::ema(&c, num("ema") as usize, &mut ema).expect("ema");
            indicator::rsi(&c, 14, &mut rsi).expect("rsi");
            indicator::macd(
                &c,
                12,
                26,
                9,
                MacdOut {
                    line: &mut line,
                    signal: &mut signal,
                    hist: &mut hist,
                },
            )
            .expect("macd");
            let (h, l): (Vec<f64>, Vec<f64>) = bars.iter().map(|b| (b.high, b.low)).unzip();
            indicator::atr(&h, &l, &c, 14, &mut atr).expect("atr");
            let (ob, os) = (num("overbought"), num("oversold"));
            let got = decisions(name, &Params::new(), &bars);
            let mut signals = 0;
            for t in 1..n {
                let up = line[t - 1] < signal[t - 1] && line[t] > signal[t];
                let down = line[t - 1] > signal[t - 1] && line[t] < signal[t];
                let d = &got[t];
                if d.action == Action::Hold {
                    continue;
                }
                signals += 1;
                let buy = d.action == Action::Buy;
                assert!(
                    if buy { up } else { down },
                    "{name} {series} {t}: a signal needs the MACD cross its way"
                );
                assert!(
                    if buy { c[t] > ema[t] } else { c[t] < ema[t] },
                    "{name} {series} {t}: the close is on the trend's side of the EMA"
                );
                assert!(
                    if buy { rsi[t] < ob } else { rsi[t] > os },
                    "{name} {series} {t}: the RSI has room"
                );
                let trend = ((c[t] - ema[t]).abs() / ema[t] / 0.02).min(1.0);
                let room = if buy {
                    (ob - rsi[t]) / (ob - os)
                } else {
                    (rsi[t] - os) / (ob - os)
                }
                .clamp(0.0, 1.0);
                let push = (hist[t].abs() / (0.1 * atr[t])).min(1.0);
                let expected = (40.0 + 20.0 * trend + 20.0 * room + 20.0 * push).round();
                assert!(
                    (f64::from(d.confidence) - expected).abs() <= 1.0,
                    "{name} {series} {t}: confidence {} follows the README's formula ({expected})",
                    d.confidence
                );
                let stop = d.stop_loss.expect("an ATR stop by default");
                let sign = if buy { 1.0 } else { -1.0 };
                assert!(
                    (stop - (c[t] - sign * num("stop_atr") * atr[t])).abs() <= 1e-9 * c[t],
                    "{name} {t}: the stop is stop_atr ATRs away"
                );
                if name == "safe" {
                    assert!(
                        d.confidence >= 70,
                        "{name} {t}: safe holds below its minimum confidence"
                    );
                    assert!(
                        if buy { rsi[t] > 50.0 } else { rsi[t] < 50.0 },
                        "{name} {t}: safe wants the RSI past 50"
                    );
                }
            }
            assert!(signals > 0, "{name} on {series} signals at least once");
        }
    }
}

#[test]
fn safe_signals_less_often_than_trend_momentum() {
    let bars = fixture_bars("ETHBTC-5m-3000");
    let count = |name: &str| {
        decisions(name, &Params::new(), &bars)
            .iter()
            .filter(|d| d.action != Action::Hold)
            .count()
    };
    let (tm, safe) = (count("trend-momentum"), count("safe"));
    assert!(
        safe < tm,
        "safe is the stricter strategy: {safe} signals vs {tm}"
    );
}

#[test]
fn appending_a_future_candle_never_changes_a_past_decision() {
    let bars = fixture_bars("XRPUSDT-perp-5m");
    for info in strategy::strategies() {
        let all = decisions(&info.name, &Params::new(), &bars);
        for cut in [100, 500, 1234] {
            let part = decisions(&info.name, &Params::new(), &bars[..cut]);
            assert_eq!(
                part,
                all[..cut],
                "{}: decisions on the first {cut} candles do not depend on later ones",
                info.name
            );
        }
    }
}

#[test]
fn parameters_are_checked_and_errors_name_them() {
    let field = |name: &str, p: Params| strategy::build(name, &p).err().map(|e| e.field);
    assert_eq!(
        field("nope", Params::new()),
        Some("strategy".into()),
        "an unknown strategy names `strategy`"
    );
    assert_eq!(
        field("sma-cross", params(&[("fast", 30.0), ("slow", 10.0)])),
        Some("params.fast".into()),
        "fast must be below slow"
    );
    assert_eq!(
        field("sma-cross", params(&[("fast", 0.0)])),
        Some("params.fast".into()),
        "a period of 0"
    );
    assert_eq!(
        field("sma-cross", params(&[("fast", 2.5)])),
        Some("params.fast".into()),
        "a period is whole"
    );
    assert_eq!(
        field("sma-cross", params(&[("speed", 2.0)])),
        Some("params.speed".into()),
        "a parameter it does not take"
    );
    assert_eq!(
        field("trend-momentum", params(&[("oversold", 80.0)])),
        Some("params.oversold".into()),
        "oversold above overbought"
    );
    assert_eq!(
        field("safe", params(&[("min_confidence", 101.0)])),
        Some("params.min_confidence".into()),
        "confidence is 0–100"
    );
    let bool_for_number = Params::from([("slow".to_owned(), ParamValue::Bool(true))]);
    assert_eq!(
        field("sma-cross", bool_for_number),
        Some("params.slow".into()),
        "a switch where a number goes"
    );
    let (_, full) = strategy::build("sma-cross", &params(&[("fast", 5.0)])).expect("valid");
    assert_eq!(
        full,
        params(&[("fast", 5.0), ("slow", 30.0)]),
        "defaults fill what was not given"
    );
}

#[test]
fn a_nan_close_is_an_error_naming_the_candle_not_a_panic() {
    let (mut s, _) = strategy::build("sma-cross", &Params::new()).expect("builds");
    let bar = Bar {
        open_time: 0,
        open: 1.0,
        high: 1.0,
        low: 1.0,
        close: f64::NAN,
        volume: 0.0,
    };
    assert!(s.decide(&bar).is_err(), "a NaN close is refused");
}
