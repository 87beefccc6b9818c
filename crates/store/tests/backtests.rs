//! Candle history and stored backtest runs: what was fetched once is read back whole, only the
//! spans never asked for are reported missing, and a stored run lists without its report.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use chrono::{DateTime, TimeDelta, Utc};
use pilothouse_core::market::{Candle, Interval, Symbol};
use pilothouse_store::Store;
use pilothouse_store::backtests::NewBacktestRun;
use pilothouse_store::candles::{HistoryKey, Span};
use rust_decimal::Decimal;

fn at(minute: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_700_000_040_000).unwrap() + TimeDelta::minutes(minute)
}

fn candle(minute: i64) -> Candle {
    Candle {
        open_time: at(minute),
        close_time: at(minute + 1) - TimeDelta::milliseconds(1),
        open: Decimal::new(100 + minute, 2),
        high: Decimal::new(110 + minute, 2),
        low: Decimal::new(90 + minute, 2),
        close: Decimal::new(105 + minute, 2),
        volume: Decimal::new(12_345_678, 8),
    }
}

fn span(from: i64, to: i64) -> Span {
    Span {
        from: at(from),
        to: at(to),
    }
}

#[tokio::test]
async fn history_reports_only_the_spans_never_fetched() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open_in(dir.path()).await?;
    let symbol: Symbol = "ETHBTC".parse()?;
    let key = HistoryKey {
        source: "binance:https://api.binance.com",
        symbol: &symbol,
        interval: Interval::M1,
    };
    assert_eq!(
        store.history_gaps(key, span(0, 59)).await?,
        vec![span(0, 59)],
        "nothing fetched yet: the whole span is missing"
    );
    let first: Vec<Candle> = (10..20).map(candle).collect();
    store.save_history(key, &first, span(10, 19)).await?;
    // Minutes 30..39 were asked for and the venue had nothing (a halt): covered, no candles.
    store.save_history(key, &[], span(30, 39)).await?;
    assert_eq!(
        store.history_gaps(key, span(0, 59)).await?,
        vec![span(0, 9), span(20, 29), span(40, 59)],
        "covered spans, empty or not, are not missing"
    );
    assert_eq!(
        store.history_gaps(key, span(12, 18)).await?,
        Vec::<Span>::new(),
        "a span inside a covered one needs no fetch"
    );
    assert_eq!(
        store.history(key, span(0, 59)).await?,
        first,
        "the candles read back are the ones saved, to the last digit"
    );
    let other = HistoryKey {
        interval: Interval::M5,
        ..key
    };
    assert_eq!(
        store.history_gaps(other, span(10, 19)).await?,
        vec![span(10, 19)],
        "another interval is another history"
    );
    Ok(())
}

#[tokio::test]
async fn a_stored_run_lists_newest_first_and_opens_with_its_report() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open_in(dir.path()).await?;
    let run = |strategy: &'static str| NewBacktestRun {
        created_at: at(0),
        strategy,
        params: r#"{"fast":10,"slow":30}"#,
        data_source: r#"{"kind":"recording","dataset":"ETHBTC-5m"}"#,
        symbol: "ETHBTC",
        interval: "5m",
        from: at(0),
        to: at(100),
        candle_count: 101,
        candles_sha256: "ab",
        settings: "{}",
        summary: r#"{"final_equity":"10100"}"#,
        report: r#"{"trades":[]}"#,
    };
    let first = store.save_backtest_run(&run("sma-cross")).await?;
    let second = store.save_backtest_run(&run("safe")).await?;
    let listed = store.backtest_runs(10, None).await?;
    let ids: Vec<i64> = listed.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![second, first], "newest first");
    assert_eq!(
        store.backtest_runs(10, Some(second)).await?.len(),
        1,
        "paging before the newest leaves the older run"
    );
    let (row, report) = store.backtest_run(first).await?.unwrap();
    assert_eq!(
        (row.strategy.as_str(), report.as_str()),
        ("sma-cross", r#"{"trades":[]}"#),
        "a run opens with its own report"
    );
    assert!(
        store.remove_backtest_run(first).await?,
        "a kept run is removed"
    );
    assert!(
        !store.remove_backtest_run(first).await?,
        "removing twice says it was not there"
    );
    assert_eq!(store.backtest_run_count().await?, 1, "one run is left");
    Ok(())
}
