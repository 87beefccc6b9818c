//! One cycle's candles for 1,000 symbols with 5 bots each, through the candle cache and the
//! shared weight budget, against the fake Binance on 127.0.0.1 (the benchmark:
//! requests issued = symbols, not bots). Each sample opens a fresh App and fake (untimed)
//! and times the cycle: 5,000 concurrent `App::candles` calls for the latest 100 final 5m
//! candles. The run fails if the venue saw more requests than symbols. Figures in
//! BENCHMARKS.md.
//!
//! The 1,000 symbols are the fake's synthetic ones: the real ETHBTC 5m recording with each
//! symbol's prices scaled (see testkit's `binance::synthetic`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches: a failed unwrap is a failed run
#![allow(clippy::disallowed_methods)] // a benchmark times itself on the wall clock

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use pilothouse_app::core::LiveClock;
use pilothouse_app::core::market::{AccountInput, Interval, Symbol, Venue};
use pilothouse_app::scheduler::JobRegistry;
use pilothouse_app::secrets::MemoryVault;
use pilothouse_app::{App, AppConfig, Window};
use pilothouse_testkit::binance::{FakeBinance, Venue as FakeVenue, synthetic_symbol};

const SYMBOLS: usize = 1_000;
const BOTS_PER_SYMBOL: usize = 5;

/// An App on the live clock (the budget's minute must pass in real time).
async fn open(dir: &std::path::Path, binance: &FakeBinance) -> App {
    let config = AppConfig {
        data_dir: dir.to_path_buf(),
        clock: Arc::new(LiveClock),
        shell: "bench",
        jobs: JobRegistry::empty(),
        secrets: Arc::new(MemoryVault::default()),
    };
    let app = App::open(config).await.unwrap();
    app.account_add(&AccountInput {
        name: "spot".into(),
        venue: Venue::BinanceSpot,
        base_url: Some(binance.spot_url()),
        live: false,
        paper: None,
    })
    .await
    .unwrap();
    app
}

async fn cycle(app: &App, symbols: &[Symbol]) {
    let calls = symbols.iter().flat_map(|symbol| {
        (0..BOTS_PER_SYMBOL).map(move |_| {
            let app = app.clone();
            async move {
                app.candles("spot", symbol, Interval::M5, Window::Latest(100))
                    .await
                    .unwrap()
            }
        })
    });
    let answers = futures::future::join_all(calls).await;
    assert!(answers.iter().all(|a| a.len() == 100));
}

fn candle_budget(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let symbols: Vec<Symbol> = (1..=SYMBOLS)
        .map(|n| Symbol::parse(&synthetic_symbol(n)).unwrap())
        .collect();
    let mut group = c.benchmark_group("candle_cache");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("1000_symbols_5_bots_each_one_cycle", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                // A fresh venue per sample: Binance reports the IP's weight for the whole
                // minute, so samples sharing one fake would wait on each other's weight.
                let binance = rt.block_on(FakeBinance::start()).unwrap();
                binance.list_synthetic_symbols(SYMBOLS).unwrap();
                // Binance spot's current limit (the fake starts at the older 1,200).
                binance.set_weight_limit(FakeVenue::Spot, 6_000);
                let dir = tempfile::tempdir().unwrap();
                let app = rt.block_on(open(dir.path(), &binance));
                let before = binance.request_count();
                let started = Instant::now();
                rt.block_on(cycle(&app, &symbols));
                total += started.elapsed();
                let requests = binance.request_count() - before;
                assert_eq!(requests, SYMBOLS, "requests issued = symbols, not bots");
                assert_eq!(app.candle_fetches(), SYMBOLS as u64);
                rt.block_on(app.shutdown());
            }
            total
        });
    });
    group.finish();
}

criterion_group!(benches, candle_budget);
criterion_main!(benches);
