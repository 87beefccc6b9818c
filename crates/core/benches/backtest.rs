//! Backtester speed: `sma-cross` 10/30 over a year of one-minute candles (525,600), and a sweep
//! of 100 parameter combinations over the same candles on every core. The candles are the real
//! ALTBTC-1m recording (13,681 candles) extended by a seeded multiplicative random walk from its
//! last close; `scripts/bench_backtesting.py` builds the identical series (same generator, IEEE
//! doubles in both; both print its last close) and times backtesting.py 0.6.6 on it. Figures in
//! BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches: a failed unwrap is a failed run

use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

mod common;

use common::{SEED, XorShift};
use criterion::{Criterion, criterion_group, criterion_main};
use pilothouse_core::backtest::{self, BacktestSettings, RankBy, parse_sweep};
use pilothouse_core::market::{Bar, parse_candle_csv};
use pilothouse_core::strategy::{self, ParamValue, Params};

/// A year of one-minute candles.
const CANDLES: usize = 525_600;
const MINUTE_MS: i64 = 60_000;

/// The recording, then a walk: each close moves by up to ±0.1 %, opens at the previous close,
/// wicks up to 0.05 % beyond the body.
fn year_of_minutes() -> Vec<Bar> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../exchange/data/ALTBTC-1m.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let (_, candles) = parse_candle_csv(&text, "csv").unwrap();
    let mut bars: Vec<Bar> = candles.iter().map(Bar::from_candle).collect();
    let mut rng = XorShift(SEED);
    while bars.len() < CANDLES {
        let last = *bars.last().unwrap();
        let open = last.close;
        let close = open * (1.0 + (rng.uniform() - 0.5) * 0.002);
        let high = open.max(close) * (1.0 + rng.uniform() * 0.0005);
        let low = open.min(close) * (1.0 - rng.uniform() * 0.0005);
        bars.push(Bar {
            open_time: last.open_time + MINUTE_MS,
            open,
            high,
            low,
            close,
            volume: 1.0,
        });
    }
    bars
}

/// backtesting.py's settings for the same run: 10,000 cash, whole units, long-only, and a
/// maker's 0.02 % commission (at 0.1 % the 8,000 round trips of a one-minute cross eat the
/// account, and later entries have no size).
fn settings() -> BacktestSettings {
    BacktestSettings {
        commission: 0.0002,
        ..BacktestSettings::default()
    }
}

fn backtests(c: &mut Criterion) {
    let bars = year_of_minutes();
    // The same figure as scripts/bench_backtesting.py prints: both build the same series.
    eprintln!(
        "{} candles, last close {:?}",
        bars.len(),
        bars.last().unwrap().close
    );
    let params: Params = [
        ("fast".to_owned(), ParamValue::Number(10.0)),
        ("slow".to_owned(), ParamValue::Number(30.0)),
    ]
    .into();
    let report = {
        let (mut strategy, _) = strategy::build("sma-cross", &params).unwrap();
        backtest::run(&bars, MINUTE_MS, strategy.as_mut(), &settings()).unwrap()
    };
    eprintln!(
        "sma-cross 10/30: {} trades, final equity {:?}",
        report.headline.trades_count, report.headline.final_equity
    );

    let mut group = c.benchmark_group("backtest");
    group.sample_size(20);
    group.bench_function("sma_cross_10_30_525600", |b| {
        b.iter(|| {
            let (mut strategy, _) = strategy::build("sma-cross", &params).unwrap();
            black_box(
                backtest::run(black_box(&bars), MINUTE_MS, strategy.as_mut(), &settings()).unwrap(),
            )
        });
    });
    // 10 fast × 10 slow values, every combination valid (fast < slow).
    let grid = vec![
        parse_sweep("fast=5..50:5").unwrap(),
        parse_sweep("slow=60..150:10").unwrap(),
    ];
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("sweep_100_525600", |b| {
        b.iter(|| {
            let result = backtest::sweep(
                black_box(&bars),
                MINUTE_MS,
                "sma-cross",
                &Params::new(),
                &grid,
                &settings(),
                RankBy::Return,
                &|_, _| {},
                &AtomicBool::new(false),
            )
            .unwrap();
            assert_eq!(result.rows.len(), 100, "all 100 combinations ran");
            black_box(result)
        });
    });
    group.finish();
}

criterion_group!(benches, backtests);
criterion_main!(benches);
