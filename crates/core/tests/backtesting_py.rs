//! The backtester against backtesting.py 0.6.6 (fixtures by scripts/backtesting_fixtures.py):
//! the same SMA cross on the same real candles gives the same trades, fill prices, quantities
//! and final equity, and the same headline figures.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use common::fixture_bars;
use pilothouse_core::backtest::{self, BacktestSettings, TradeSide};
use pilothouse_core::strategy::{self, ParamValue, Params};
use serde_json::Value;

/// Relative agreement for sums whose order differs (pandas sums pairwise, we in order).
fn close(ours: f64, theirs: f64) -> bool {
    (ours - theirs).abs() <= 1e-9 * theirs.abs().max(1.0)
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("fixture field `{key}` is a number: {}", v[key]))
}

#[test]
fn sma_cross_equals_backtesting_py_on_real_candles() {
    let dir = format!("{}/tests/fixtures/backtesting", env!("CARGO_MANIFEST_DIR"));
    let mut cases = 0;
    for entry in std::fs::read_dir(&dir).expect("the fixtures are committed") {
        let path = entry.expect("a fixture").path();
        let name = path.display().to_string();
        let fixture: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
        let case = &fixture["case"];
        let bars = fixture_bars(case["candles"].as_str().expect("candles"));
        let params = Params::from([
            ("fast".to_owned(), ParamValue::Number(num(case, "fast"))),
            ("slow".to_owned(), ParamValue::Number(num(case, "slow"))),
        ]);
        let (mut s, _) = strategy::build("sma-cross", &params).expect("valid params");
        let settings = BacktestSettings {
            cash: num(case, "cash"),
            commission: num(case, "commission"),
            whole_units: true,
            allow_short: case["allow_short"].as_bool().expect("allow_short"),
        };
        let report =
            backtest::run(&bars, 300_000, s.as_mut(), &settings).expect("the run succeeds");
        let theirs = fixture["trades"].as_array().expect("trades");
        let h = &report.headline;
        assert_eq!(
            h.trades_count as usize,
            theirs.len(),
            "{name}: as many closed trades"
        );
        for (i, (ours, t)) in report.trades.iter().zip(theirs).enumerate() {
            let side = if ours.side == TradeSide::Long {
                "long"
            } else {
                "short"
            };
            assert_eq!(
                side,
                t["side"].as_str().expect("side"),
                "{name} trade {i}: side"
            );
            assert_eq!(
                ours.entry_time,
                t["entry_time"].as_i64().expect("ms"),
                "{name} trade {i}: entry candle"
            );
            assert_eq!(
                ours.exit_time,
                t["exit_time"].as_i64().expect("ms"),
                "{name} trade {i}: exit candle"
            );
            assert_eq!(
                ours.entry_price,
                num(t, "entry_price"),
                "{name} trade {i}: entry price, exactly"
            );
            assert_eq!(
                ours.exit_price,
                num(t, "exit_price"),
                "{name} trade {i}: exit price, exactly"
            );
            assert_eq!(
                ours.quantity,
                num(t, "quantity"),
                "{name} trade {i}: quantity, exactly"
            );
            assert!(
                close(ours.pnl, num(t, "pnl")),
                "{name} trade {i}: P&L {} vs {}",
                ours.pnl,
                num(t, "pnl")
            );
            assert!(
                close(ours.return_pct, num(t, "return_pct")),
                "{name} trade {i}: return {} vs {}",
                ours.return_pct,
                num(t, "return_pct")
            );
        }
        let theirs_equity = fixture["equity"].as_array().expect("equity");
        assert_eq!(
            h.final_equity,
            num(&fixture, "final_equity"),
            "{name}: final equity to the last digit"
        );
        assert_eq!(
            report.equity.len(),
            theirs_equity.len(),
            "{name}: one equity value per candle"
        );
        for (i, (a, b)) in report.equity.iter().zip(theirs_equity).enumerate() {
            let b = b.as_f64().expect("equity value");
            assert!(close(*a, b), "{name}: equity at candle {i}: {a} vs {b}");
        }
        for (ours, key) in [
            (h.total_return_pct, "total_return_pct"),
            (h.max_drawdown_pct, "max_drawdown_pct"),
            (h.buy_hold_return_pct, "buy_hold_return_pct"),
            (h.exposure_pct, "exposure_pct"),
        ] {
            assert!(
                close(ours, num(&fixture, key)),
                "{name}: {key} {ours} vs {}",
                fixture[key]
            );
        }
        for (ours, key) in [
            (h.win_rate_pct, "win_rate_pct"),
            (h.profit_factor, "profit_factor"),
            (h.avg_trade_pct, "avg_trade_pct"),
            (h.best_trade_pct, "best_trade_pct"),
            (h.worst_trade_pct, "worst_trade_pct"),
        ] {
            let theirs = fixture[key].as_f64();
            assert_eq!(
                ours.is_some(),
                theirs.is_some(),
                "{name}: {key} defined alike"
            );
            if let (Some(a), Some(b)) = (ours, theirs) {
                assert!(close(a, b), "{name}: {key} {a} vs {b}");
            }
        }
        cases += 1;
    }
    assert!(cases >= 5, "every fixture case ran; found {cases}");
}
