//! Parameter sweeps: each row equals the same run made alone; invalid combinations are
//! skipped and counted; bad sweep text names `sweep`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::fixture_bars;
use pilothouse_core::backtest::{self, BacktestSettings, RankBy, parse_sweep};
use pilothouse_core::strategy::{self, Params};

#[test]
fn every_row_equals_the_same_run_alone_and_invalid_combinations_are_counted() {
    let bars = fixture_bars("ETHBTC-5m-3000");
    let settings = BacktestSettings {
        commission: 0.001,
        ..BacktestSettings::default()
    };
    let grid = vec![
        parse_sweep("fast=5..25:10").expect("range"),
        parse_sweep("slow=10,20,40").expect("list"),
    ];
    let calls = AtomicUsize::new(0);
    let progress = |_: usize, _: usize| {
        calls.fetch_add(1, Ordering::Relaxed);
    };
    let result = backtest::sweep(
        &bars,
        300_000,
        "sma-cross",
        &Params::new(),
        &grid,
        &settings,
        RankBy::Return,
        &progress,
        &AtomicBool::new(false),
    )
    .expect("the sweep runs");
    // fast 5, 15, 25 × slow 10, 20, 40: (15,10), (25,10), (25,20) have fast ≥ slow.
    assert_eq!(result.skipped_invalid, 3, "three combinations are invalid");
    assert_eq!(result.rows.len(), 6, "the other six ran");
    assert!(
        calls.load(Ordering::Relaxed) >= 9,
        "progress hears every combination"
    );
    for row in &result.rows {
        let (mut s, _) = strategy::build("sma-cross", &row.params).expect("a valid row");
        let alone = backtest::run(&bars, 300_000, s.as_mut(), &settings).expect("runs");
        assert_eq!(
            row.headline, alone.headline,
            "{:?}: the sweep's figures are the run's",
            row.params
        );
    }
    let returns: Vec<f64> = result
        .rows
        .iter()
        .map(|r| r.headline.total_return_pct)
        .collect();
    assert!(
        returns.windows(2).all(|w| w[0] >= w[1]),
        "ranked by return, best first: {returns:?}"
    );
    let by_dd = backtest::sweep(
        &bars,
        300_000,
        "sma-cross",
        &Params::new(),
        &grid,
        &settings,
        RankBy::Drawdown,
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("the sweep runs");
    let dds: Vec<f64> = by_dd
        .rows
        .iter()
        .map(|r| r.headline.max_drawdown_pct)
        .collect();
    assert!(
        dds.windows(2).all(|w| w[0] <= w[1]),
        "ranked by drawdown, smallest first: {dds:?}"
    );
}

#[test]
fn a_value_no_combination_could_take_fails_the_sweep_naming_it() {
    let bars = fixture_bars("ETHBTC-5m-3000");
    let run = |grid: Vec<(String, Vec<f64>)>| {
        backtest::sweep(
            &bars,
            300_000,
            "sma-cross",
            &Params::new(),
            &grid,
            &BacktestSettings::default(),
            RankBy::Return,
            &|_, _| {},
            &AtomicBool::new(false),
        )
        .err()
        .map(|e| e.to_string())
    };
    let zero = run(vec![("fast".into(), vec![0.0, 5.0])]).unwrap_or_default();
    assert!(
        zero.starts_with("params.fast"),
        "a period of 0 names the parameter: {zero}"
    );
    let unknown = run(vec![("speed".into(), vec![1.0])]).unwrap_or_default();
    assert!(
        unknown.starts_with("params.speed"),
        "a parameter the strategy lacks: {unknown}"
    );
    let cancelled = backtest::sweep(
        &bars,
        300_000,
        "sma-cross",
        &Params::new(),
        &[("fast".into(), vec![5.0])],
        &BacktestSettings::default(),
        RankBy::Return,
        &|_, _| {},
        &AtomicBool::new(true),
    );
    assert_eq!(
        cancelled.err(),
        Some(backtest::BacktestError::Cancelled),
        "a cancelled sweep stops"
    );
}

#[test]
fn sweep_text_is_a_range_or_a_list() {
    assert_eq!(
        parse_sweep("fast=5..20:5"),
        Ok(("fast".into(), vec![5.0, 10.0, 15.0, 20.0])),
        "the end is included"
    );
    assert_eq!(
        parse_sweep("k=0.1..0.3:0.1").map(|(_, v)| v.len()),
        Ok(3),
        "decimal steps do not drift past the end"
    );
    assert_eq!(
        parse_sweep(" slow = 20, 30 "),
        Ok(("slow".into(), vec![20.0, 30.0])),
        "a list, spaces allowed"
    );
    for bad in [
        "fast",
        "=5",
        "fast=a..b",
        "fast=10..5",
        "fast=1..5:0",
        "fast=1..1000000:1",
    ] {
        assert_eq!(
            parse_sweep(bad).err().map(|e| e.field),
            Some("sweep".into()),
            "`{bad}` is refused naming `sweep`"
        );
    }
}
