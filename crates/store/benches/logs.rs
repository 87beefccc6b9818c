//! Log throughput and paging on a large log (figures recorded in BENCHMARKS.md).
//!
//! - `append`: rows/s committed in batches of 5,000 (one transaction each), as the App's log
//!   writer commits them under load.
//! - full-text catch-up: entries/s added to the search index (printed while preparing `page`).
//! - `page/*`: one page of 200 on a log of 1,000,000 entries, for the filters the Logs screen
//!   offers, including a page deep in the log, rare combinations of severity, type, source and
//!   bot, free-text searches alone and combined with them (a rare word, a word in no entry, one
//!   letter), and time windows (recent, one second deep in the log, forty seconds deep).
//!
//! The log is synthetic but shaped like a real one: mostly INFO, 1 % CRITICAL, 20 bots, a
//! vocabulary of trading words, a batch of 5,000 a second; generated with a fixed seed so every
//! run measures the same data.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
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

/// A word in about one entry in a thousand, added without drawing from the sequence so the rest
/// of the log is the one earlier figures were measured on.
const RARE_WORD: &str = "liquidated";

fn with_rare_word(mut e: NewLogEntry, index: usize) -> NewLogEntry {
    if index.is_multiple_of(997) {
        e.message.push(' ');
        e.message.push_str(RARE_WORD);
    }
    e
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
        for b in 0..LOG_ROWS / BATCH {
            let batch = (0..BATCH)
                .map(|i| with_rare_word(entry(&mut seq), b * BATCH + i))
                .collect();
            // A batch a second, so time windows select parts of the log.
            store
                .append_logs(batch, at() + TimeDelta::seconds(b as i64))
                .await
                .expect("fill");
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
    let mut group = c.benchmark_group("logs_page_1m");
    group.measurement_time(Duration::from_secs(4));
    for case in cases(middle) {
        group.bench_with_input(
            BenchmarkId::from_parameter(case.name),
            &case.filter,
            |b, filter| {
                b.to_async(&rt).iter(|| async {
                    let page = store
                        .log_page(filter, case.before, PAGE)
                        .await
                        .expect("page");
                    assert_eq!(
                        page.entries.is_empty(),
                        case.finds_nothing,
                        "{} must find entries (or, for a word in no entry, none) to be a fair measure",
                        case.name
                    );
                    page
                });
            },
        );
    }
    group.finish();
}

/// One measured query.
struct Case {
    name: &'static str,
    filter: LogFilter,
    before: Option<i64>,
    /// The query is meant to find nothing (and must still not scan the log).
    finds_nothing: bool,
}

fn case(name: &'static str, filter: LogFilter) -> Case {
    Case {
        name,
        filter,
        before: None,
        finds_nothing: false,
    }
}

fn text(words: &str) -> LogFilter {
    LogFilter {
        text: Some(words.into()),
        ..LogFilter::default()
    }
}

/// The time of the batch written `s` seconds in (200 batches of 5,000, one a second).
fn second(s: i64) -> DateTime<Utc> {
    at() + TimeDelta::seconds(s)
}

fn window(since: i64, until: i64) -> LogFilter {
    LogFilter {
        since: Some(second(since)),
        until: Some(second(until)),
        ..LogFilter::default()
    }
}

fn cases(middle: i64) -> Vec<Case> {
    use LogType::{Analysis, Safety, Trade};
    use Severity::{Critical, Error, Warning};
    vec![
        case("newest", LogFilter::default()),
        Case {
            before: Some(middle),
            ..case("deep_middle", LogFilter::default())
        },
        case(
            "type_trade",
            LogFilter {
                types: vec![Trade],
                ..LogFilter::default()
            },
        ),
        case(
            "severity_critical",
            LogFilter {
                severities: vec![Critical],
                ..LogFilter::default()
            },
        ),
        Case {
            before: Some(middle),
            ..case(
                "critical_safety_deep",
                LogFilter {
                    severities: vec![Critical],
                    types: vec![Safety],
                    ..LogFilter::default()
                },
            )
        },
        case(
            "bot_and_warning",
            LogFilter {
                bot_id: Some("bot-07".into()),
                severities: vec![Warning],
                ..LogFilter::default()
            },
        ),
        case(
            "bot_and_critical",
            LogFilter {
                bot_id: Some("bot-07".into()),
                severities: vec![Critical],
                ..LogFilter::default()
            },
        ),
        case(
            "warning_and_above",
            LogFilter {
                severities: vec![Warning, Error, Critical],
                ..LogFilter::default()
            },
        ),
        case(
            "error_critical_safety_analysis",
            LogFilter {
                severities: vec![Error, Critical],
                types: vec![Safety, Analysis],
                ..LogFilter::default()
            },
        ),
        case(
            "source_system_critical",
            LogFilter {
                source: Some("system".into()),
                severities: vec![Critical],
                ..LogFilter::default()
            },
        ),
        case("text_common", text("oversold")),
        case(
            "text_two_words_critical",
            LogFilter {
                severities: vec![Critical],
                ..text("stop filled")
            },
        ),
        case(
            "text_critical_safety",
            LogFilter {
                severities: vec![Critical],
                types: vec![Safety],
                ..text("stop filled")
            },
        ),
        case(
            "text_bot",
            LogFilter {
                bot_id: Some("bot-07".into()),
                ..text("stop filled")
            },
        ),
        case(
            "text_warning_and_above_trade",
            LogFilter {
                severities: vec![Warning, Error, Critical],
                types: vec![Trade],
                ..text("rsi")
            },
        ),
        case("text_rare_word", text(RARE_WORD)),
        case("text_one_letter", text("s")),
        case(
            "text_one_letter_critical",
            LogFilter {
                severities: vec![Critical],
                ..text("s")
            },
        ),
        case(
            "text_last_ten_seconds",
            LogFilter {
                since: Some(second(190)),
                ..text("filled")
            },
        ),
        case(
            "critical_one_second_deep",
            LogFilter {
                severities: vec![Critical],
                ..window(100, 100)
            },
        ),
        case(
            "text_one_second_deep",
            LogFilter {
                text: Some("oversold".into()),
                ..window(100, 100)
            },
        ),
        case(
            "text_forty_seconds_deep",
            LogFilter {
                text: Some("oversold".into()),
                ..window(20, 60)
            },
        ),
        Case {
            finds_nothing: true,
            ..case("text_no_match", text("zebra"))
        },
    ]
}
criterion_group!(benches, append, page);
criterion_main!(benches);
