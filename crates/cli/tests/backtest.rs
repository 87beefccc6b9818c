//! `pilothouse backtest` end to end: `--json` is held byte for byte by a golden file (its schema
//! is the README's), the same input gives the same bytes, a sweep's rows equal the same runs one
//! by one, and bad strategies or parameters exit 2 naming them.
//!
//! Regenerate the golden file after an intended change with
//! `PILOTHOUSE_BLESS=1 cargo test -p pilothouse-cli --test backtest`, and review its diff.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod support;

use std::path::{Path, PathBuf};

use support::{ok, pilothouse, refused};

/// The first 300 ETHBTC 5-minute candles of the committed fixture, written into `dir`.
fn short_series(dir: &Path) -> PathBuf {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/candles/ETHBTC-5m-3000.csv");
    let text = std::fs::read_to_string(fixture).unwrap();
    let head: Vec<&str> = text.lines().take(301).collect();
    let path = dir.join("ETHBTC-5m.csv");
    std::fs::write(&path, head.join("\n") + "\n").unwrap();
    path
}

fn backtest_json(dir: &Path, csv: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "backtest",
        "--csv",
        csv.to_str().unwrap(),
        "--strategy",
        "sma-cross",
        "--cash",
        "10000",
        "--commission",
        "0.001",
        "--no-save",
        "--json",
    ];
    args.extend_from_slice(extra);
    ok(&pilothouse(dir, &args))
}

#[test]
fn json_output_matches_the_golden_file_and_repeats_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let csv = short_series(dir.path());
    let params = ["--param", "fast=5", "--param", "slow=20", "--allow-short"];
    let first = backtest_json(dir.path(), &csv, &params);
    let golden =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/backtest-sma-cross.json");
    if std::env::var_os("PILOTHOUSE_BLESS").is_some() {
        std::fs::write(&golden, &first).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap();
    assert!(
        first == expected,
        "`backtest --json` changed; if intended, rerun with PILOTHOUSE_BLESS=1 and review the diff"
    );
    let again = backtest_json(dir.path(), &csv, &params);
    assert!(first == again, "the same input gives byte-identical JSON");

    let report: serde_json::Value = serde_json::from_str(&first).unwrap();
    for key in [
        "final_equity",
        "total_return_pct",
        "trades_count",
        "win_rate_pct",
        "max_drawdown_pct",
        "buy_hold_return_pct",
        "exposure_pct",
        "profit_factor",
        "sharpe",
        "sortino",
        "trades",
        "equity",
    ] {
        assert!(report.get(key).is_some(), "the README's schema has `{key}`");
    }
    assert_eq!(
        report["equity"].as_array().map(Vec::len),
        Some(300),
        "one equity value per candle"
    );
    let trades = report["trades"].as_array().unwrap();
    let sides: Vec<&str> = trades.iter().filter_map(|t| t["side"].as_str()).collect();
    assert!(
        sides.contains(&"long") && sides.contains(&"short"),
        "with --allow-short a cross down reverses into a short: {sides:?}"
    );
    let closed = trades.iter().filter(|t| t["exit_reason"] != "open").count();
    assert_eq!(
        report["trades_count"].as_u64(),
        Some(closed as u64),
        "trades_count counts closed trades only"
    );
}

#[test]
fn a_sweep_row_equals_the_same_run_alone() {
    let dir = tempfile::tempdir().unwrap();
    let csv = short_series(dir.path());
    let sweep: serde_json::Value = serde_json::from_str(&backtest_json(
        dir.path(),
        &csv,
        &["--sweep", "fast=3..9:3", "--sweep", "slow=6,12"],
    ))
    .unwrap();
    assert_eq!(
        sweep["skipped_invalid"], 2,
        "fast=6 and fast=9 with slow=6 (fast ≥ slow) are skipped, not errors"
    );
    let rows = sweep["rows"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        4,
        "3 × 2 combinations less the two invalid ones"
    );
    for row in rows {
        let fast = row["params"]["fast"].to_string();
        let slow = row["params"]["slow"].to_string();
        let alone: serde_json::Value = serde_json::from_str(&backtest_json(
            dir.path(),
            &csv,
            &[
                "--param",
                &format!("fast={fast}"),
                "--param",
                &format!("slow={slow}"),
            ],
        ))
        .unwrap();
        for key in ["final_equity", "trades_count", "sharpe", "max_drawdown_pct"] {
            assert_eq!(
                row["headline"][key], alone[key],
                "fast={fast} slow={slow}: the sweep's {key} is the single run's"
            );
        }
    }
}

#[test]
fn an_unknown_strategy_or_a_bad_param_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let csv = short_series(dir.path());
    let path = csv.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["backtest", "--csv", path, "--no-save"];
        args.extend_from_slice(extra);
        pilothouse(dir.path(), &args)
    };
    refused(&run(&["--strategy", "moon"]), "strategy");
    refused(
        &run(&["--strategy", "sma-cross", "--param", "fast=x"]),
        "params.fast",
    );
    refused(
        &run(&["--strategy", "sma-cross", "--param", "speed=3"]),
        "params.speed",
    );
    refused(
        &run(&[
            "--strategy",
            "sma-cross",
            "--param",
            "fast=30",
            "--param",
            "slow=10",
        ]),
        "params.fast",
    );
    refused(
        &run(&["--strategy", "sma-cross", "--commission", "-1"]),
        "commission",
    );
}
