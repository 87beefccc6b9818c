//! Indicator speed: each batch indicator over 1,000,000 candles, and one live push of RSI +
//! EMA + MACD on warm state. `scripts/bench_talib.py` times TA-Lib on the very same series
//! (the same xorshift walk), so the two can be compared per point. Figures in BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches: a failed unwrap is a failed run

use std::hint::black_box;

mod common;

use common::{SEED, XorShift};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pilothouse_core::indicator::{
    BandsOut, Ema, Macd, MacdOut, Rsi, atr, bbands, ema, macd, rsi, sma,
};

const POINTS: usize = 1_000_000;

/// A random walk of `n` candles around 100 (steps of ±0.25, pulled back to 100 by 0.1 % of
/// the gap per bar, wicks up to 0.5 %): `(high, low, close)`.
fn walk(n: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut rng = XorShift(SEED);
    let (mut high, mut low, mut close) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let mut price = 100.0;
    for _ in 0..n {
        price += (rng.uniform() - 0.5) * 0.5 + (100.0 - price) * 0.001;
        let up = rng.uniform() * 0.005;
        let down = rng.uniform() * 0.005;
        high.push(price * (1.0 + up));
        low.push(price * (1.0 - down));
        close.push(price);
    }
    (high, low, close)
}

fn batch(c: &mut Criterion) {
    let (high, low, close) = walk(POINTS);
    // The same figure as scripts/bench_talib.py prints: both time the same series.
    eprintln!("last close {:?}", close.last().unwrap());
    let (mut a, mut b, mut d) = (vec![0.0; POINTS], vec![0.0; POINTS], vec![0.0; POINTS]);
    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(POINTS as u64));
    group.sample_size(30);
    group.bench_function("rsi14", |bench| {
        bench.iter(|| rsi(black_box(&close), 14, &mut a).unwrap());
    });
    group.bench_function("ema20", |bench| {
        bench.iter(|| ema(black_box(&close), 20, &mut a).unwrap());
    });
    group.bench_function("macd12_26_9", |bench| {
        bench.iter(|| {
            let out = MacdOut {
                line: &mut a,
                signal: &mut b,
                hist: &mut d,
            };
            macd(black_box(&close), 12, 26, 9, out).unwrap();
        });
    });
    group.bench_function("sma20", |bench| {
        bench.iter(|| sma(black_box(&close), 20, &mut a).unwrap());
    });
    group.bench_function("atr14", |bench| {
        bench.iter(|| atr(black_box(&high), &low, &close, 14, &mut a).unwrap());
    });
    group.bench_function("bbands20_2", |bench| {
        bench.iter(|| {
            let out = BandsOut {
                upper: &mut a,
                middle: &mut b,
                lower: &mut d,
            };
            bbands(black_box(&close), 20, 2.0, out).unwrap();
        });
    });
    group.finish();
}

/// A live bot's cost per closed candle: one push each into warm RSI(14), EMA(20) and
/// MACD(12, 26, 9).
fn incremental(c: &mut Criterion) {
    let (_, _, close) = walk(4096);
    let (warm, live) = close.split_at(1024);
    let mut rsi = Rsi::new(14).unwrap();
    let mut ema = Ema::new(20).unwrap();
    let mut macd = Macd::new(12, 26, 9).unwrap();
    for &x in warm {
        rsi.push(x).unwrap();
        ema.push(x).unwrap();
        macd.push(x).unwrap();
    }
    let mut next = live.iter().copied().cycle();
    c.benchmark_group("incremental")
        .bench_function("rsi+ema+macd", |bench| {
            bench.iter(|| {
                let x = black_box(next.next().unwrap_or(100.0));
                (
                    rsi.push(x).unwrap(),
                    ema.push(x).unwrap(),
                    macd.push(x).unwrap(),
                )
            });
        });
}

criterion_group!(benches, batch, incremental);
criterion_main!(benches);
