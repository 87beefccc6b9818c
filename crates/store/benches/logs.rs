//! Log throughput and paging on a large log (figures recorded in BENCHMARKS.md).
//!
//! - `append`: rows/s committed in batches of 5,000 (one transaction each), as the App's log
//!   writer commits them under load.
//! - full-text catch-up: entries/s added to the search index (printed while preparing `page`).
//! - `page/*`: one page of 200 on a log of 1,000,000 entries, for the filters the Logs screen
//!   offers, including a page deep in the log and free-text searches.
//!
//! The log is synthetic but shaped like a real one: mostly INFO, 1 % CRITICAL, 20 bots, a
//! vocabulary of trading words; generated with a fixed seed so every run measures the same data.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use pilothouse_core::{LogFilter, LogType, NewLogEntry, Severity};
use pilothouse_store::Store;

const LOG_ROWS: usize = 1_000_000;
const BATCH: usize = 5_000;
const PAGE: u32 = 200;

const WORDS: &[&str] = &[
    "rsi",
    "macd",
    "ema",
    "crossover",
    "oversold",
    "overbought",
    "bought",
    "sold",
    "limit",
    "stop",
    "filled",
    "partial",
    "rejected",
    "timeout",
    "retry",
    "budget",
    "candle",
    "signal",
    "confidence",
    "position",
    "balance",
    "loss",
    "profit",
    "approval",
    "expired",
    "heartbeat",
];

/// A deterministic pseudo-random sequence (64-bit LCG): same log on every run.
struct Seq(u64);

impl Seq {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

fn entry(seq: &mut Seq) -> NewLogEntry {
    let severity = match seq.next(100) {
        0 => Severity::Critical,
        1..=4 => Severity::Error,
        5..=19 => Severity::Warning,
        _ => Severity::Info,
    };
    let log_type = LogType::ALL[seq.next(LogType::ALL.len())];
    let message = (0..8)
        .map(|_| WORDS[seq.next(WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ");
    let e = NewLogEntry::new(
        log_type,
        severity,
        ["bot", "system", "scheduler"][seq.next(3)],
        "tick",
        message,
    );
    if seq.next(2) == 0 {
        e.for_bot(format!("bot-{:02}", seq.next(20)))
    } else {
        e
    }
}

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

fn append(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = rt.block_on(Store::open_in(dir.path())).expect("store");
    let mut seq = Seq(7);
    let mut group = c.benchmark_group("logs");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.sample_size(20);
    group.bench_function("append_batch_5000", |b| {
        b.to_async(&rt).iter_batched(
            || (0..BATCH).map(|_| entry(&mut seq)).collect::<Vec<_>>(),
            |batch| async { store.append_logs(batch, at()).await.expect("append") },
            criterion::BatchSize::LargeInput,
        );
    });
    group.finish();
}

fn page(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = rt.block_on(async {
        let store = Store::open_in(dir.path()).await.expect("store");
        let mut seq = Seq(42);
        for _ in 0..LOG_ROWS / BATCH {
            let batch = (0..BATCH).map(|_| entry(&mut seq)).collect();
            store.append_logs(batch, at()).await.expect("fill");
        }
        // The full-text index catches up in idle time; measure how fast it does.
        #[allow(clippy::disallowed_methods)] // a benchmark's stopwatch
        let started = std::time::Instant::now();
        let mut indexed = 0;
        loop {
            let n = store.index_logs().await.expect("index");
            if n == 0 {
                break;
            }
            indexed += n;
        }
        let took = started.elapsed();
        println!(
            "full-text indexing of {indexed} entries: {took:.2?} ({:.0} entries/s)",
            indexed as f64 / took.as_secs_f64()
        );
        store
    });
    let middle = (LOG_ROWS / 2) as i64;
    let cases: Vec<(&str, LogFilter, Option<i64>)> = vec![
        ("newest", LogFilter::default(), None),
        ("deep_middle", LogFilter::default(), Some(middle)),
        (
            "type_trade",
            LogFilter {
                types: vec![LogType::Trade],
                ..LogFilter::default()
            },
            None,
        ),
        (
            "severity_critical",
            LogFilter {
                severities: vec![Severity::Critical],
                ..LogFilter::default()
            },
            None,
        ),
        (
            "critical_safety_deep",
            LogFilter {
                severities: vec![Severity::Critical],
                types: vec![LogType::Safety],
                ..LogFilter::default()
            },
            Some(middle),
        ),
        (
            "bot_and_warning",
            LogFilter {
                bot_id: Some("bot-07".into()),
                severities: vec![Severity::Warning],
                ..LogFilter::default()
            },
            None,
        ),
        (
            "text_common",
            LogFilter {
                text: Some("oversold".into()),
                ..LogFilter::default()
            },
            None,
        ),
        (
            "text_two_words_critical",
            LogFilter {
                text: Some("stop filled".into()),
                severities: vec![Severity::Critical],
                ..LogFilter::default()
            },
            None,
        ),
    ];
    let mut group = c.benchmark_group("logs_page_1m");
    group.measurement_time(Duration::from_secs(4));
    for (name, filter, before) in cases {
        group.bench_with_input(BenchmarkId::from_parameter(name), &filter, |b, filter| {
            b.to_async(&rt).iter(|| async {
                let page = store.log_page(filter, before, PAGE).await.expect("page");
                assert!(
                    !page.entries.is_empty(),
                    "{name} must find entries to be a fair measure"
                );
                page
            });
        });
    }
    group.finish();
}

criterion_group!(benches, append, page);
criterion_main!(benches);
