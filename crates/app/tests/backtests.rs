//! Backtests through the App: history fetched from the venue once and then read from the
//! database, runs kept and listed, charted from the candles they ran on, sweeps cancelled by
//! their job id with nothing kept, and bad input refused by name.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta};
use pilothouse_app::backtests::{
    BacktestRequest, BacktestSettingsInput, DataSource, ParamValue, Params, RankBy, SweepRequest,
};
use pilothouse_app::core::AppEvent;
use pilothouse_app::core::event::BacktestPhase;
use pilothouse_app::core::market::{AccountInput, Interval, Venue};
use pilothouse_app::{App, AppError};
use pilothouse_testkit::binance::FakeBinance;
use pilothouse_testkit::{Workspace, next_event};

/// The first ETHBTC 5m candle the fake serves (2018-01-10 04:55 UTC).
const ETHBTC_FIRST_MS: i64 = 1_515_560_100_000;

fn settings() -> BacktestSettingsInput {
    BacktestSettingsInput {
        cash: "10000".into(),
        commission: "0.001".into(),
        whole_units: false,
        allow_short: false,
    }
}

fn sma(fast: f64, slow: f64) -> Params {
    Params::from([
        ("fast".to_owned(), ParamValue::Number(fast)),
        ("slow".to_owned(), ParamValue::Number(slow)),
    ])
}

fn request(job: &str, data: DataSource) -> BacktestRequest {
    BacktestRequest {
        job: job.into(),
        strategy: "sma-cross".into(),
        params: sma(10.0, 30.0),
        data,
        settings: settings(),
        save: true,
    }
}

fn recording() -> DataSource {
    DataSource::Recording {
        dataset: "ETHBTC-5m".into(),
    }
}

fn history(candles: i64) -> DataSource {
    let from = DateTime::from_timestamp_millis(ETHBTC_FIRST_MS).unwrap();
    DataSource::History {
        account: "fake paper".into(),
        symbol: "ETHBTC".into(),
        interval: Interval::M5,
        from,
        to: from + TimeDelta::minutes(5 * (candles - 1)),
    }
}

fn klines_requests(binance: &FakeBinance) -> usize {
    binance
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/klines"))
        .count()
}

async fn paper_on(app: &App, binance: &FakeBinance) -> anyhow::Result<()> {
    app.account_add(&AccountInput {
        name: "fake paper".into(),
        venue: Venue::Paper,
        base_url: Some(binance.spot_url()),
        live: false,
        paper: None,
    })
    .await?;
    Ok(())
}

fn field_of<T: std::fmt::Debug>(result: Result<T, AppError>) -> String {
    match result {
        Err(AppError::Invalid(e)) => e.field,
        other => panic!("expected refused input, got {other:?}"),
    }
}

#[tokio::test]
async fn history_is_fetched_once_in_pages_and_then_read_from_the_database() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    let app = ws.open("cli").await?;
    paper_on(&app, &binance).await?;
    let mut events = app.subscribe();

    let first = app.backtest_run(&request("h1", history(2_500))).await?;
    assert_eq!(
        klines_requests(&binance),
        3,
        "2,500 candles arrive in pages of 1,000: three requests"
    );
    assert_eq!(
        first.info.candle_count, 2_500,
        "every candle of the range is run"
    );
    let fetching = next_event(&mut events, Duration::from_secs(5), |e| match e {
        AppEvent::BacktestProgress {
            job,
            phase: BacktestPhase::Fetching,
            done,
            total,
        } if job == "h1" && done == total => Some(total),
        _ => None,
    })
    .await?;
    assert_eq!(fetching, 2_500, "the fetch reports its progress to the end");

    let again = app.backtest_run(&request("h2", history(2_500))).await?;
    assert_eq!(
        klines_requests(&binance),
        3,
        "the same range again is read from the database: no request"
    );
    assert_eq!(
        (again.info.candles_sha256.as_str(), &again.report),
        (first.info.candles_sha256.as_str(), &first.report),
        "the stored history gives the same candles and the same result"
    );

    app.backtest_run(&request("h3", history(3_000))).await?;
    assert_eq!(
        klines_requests(&binance),
        4,
        "a longer range fetches only the 500 candles it lacks"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_kept_run_is_listed_opened_charted_exported_and_removed() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;
    let run = app.backtest_run(&request("", recording())).await?;
    let id = run.id.expect("a saved run has an id");
    let listed = app.backtest_runs(None, 10).await?;
    assert_eq!(listed.len(), 1, "the run is listed");
    assert_eq!(
        listed[0].headline,
        run.report.headline.clone(),
        "the list shows the run's own headline results"
    );
    assert_eq!(
        app.backtest_show(id).await?,
        run,
        "a kept run opens as it ran"
    );
    let chart = app.backtest_chart(id).await?;
    assert_eq!(
        i64::try_from(chart.candles.len())?,
        run.info.candle_count,
        "the chart shows every candle the run ran on"
    );
    assert!(
        chart
            .overlays
            .iter()
            .all(|o| o.values.len() == chart.candles.len()),
        "each indicator line has one value per candle"
    );
    let csv = app
        .backtest_export_text(id, pilothouse_app::ExportFormat::Csv)
        .await?;
    assert_eq!(
        csv.lines().count(),
        run.report.trades.len() + 1,
        "the CSV export holds a header and one line per trade"
    );
    app.backtest_remove(id).await?;
    assert!(
        app.backtest_runs(None, 10).await?.is_empty(),
        "a removed run is no longer listed"
    );
    assert_eq!(
        field_of(app.backtest_show(id).await),
        "id",
        "a removed run is gone"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn an_unsaved_run_is_not_kept_and_bad_input_is_refused_by_name() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;
    let mut unsaved = request("", recording());
    unsaved.save = false;
    assert_eq!(
        app.backtest_run(&unsaved).await?.id,
        None,
        "no id when not kept"
    );
    assert!(
        app.backtest_runs(None, 10).await?.is_empty(),
        "nothing kept"
    );

    let mut bad = request("", recording());
    bad.strategy = "moon".into();
    assert_eq!(field_of(app.backtest_run(&bad).await), "strategy");
    let mut bad = request("", recording());
    bad.params = sma(30.0, 10.0);
    assert_eq!(field_of(app.backtest_run(&bad).await), "params.fast");
    let mut bad = request("", recording());
    bad.settings.cash = "-5".into();
    assert_eq!(field_of(app.backtest_run(&bad).await), "cash");
    let bad = request(
        "",
        DataSource::Csv {
            path: "/nowhere/x.csv".into(),
        },
    );
    assert_eq!(field_of(app.backtest_run(&bad).await), "data.path");
    let bad = request(
        "",
        DataSource::Recording {
            dataset: "NOPE".into(),
        },
    );
    assert_eq!(field_of(app.backtest_run(&bad).await), "data.dataset");
    assert_eq!(field_of(app.backtest_runs(None, 0).await), "limit");
    assert!(
        app.backtest_runs(None, 10).await?.is_empty(),
        "nothing refused was kept"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_sweep_ranks_its_combinations_and_stops_when_cancelled() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;
    let sweep = |job: &str| SweepRequest {
        job: job.into(),
        strategy: "sma-cross".into(),
        params: Params::new(),
        data: recording(),
        settings: settings(),
        sweeps: vec!["fast=5..30:5".into(), "slow=10..60:10".into()],
        rank_by: RankBy::Return,
    };
    let outcome = app.backtest_sweep(&sweep("")).await?;
    assert_eq!(
        outcome.rows.len() as u64 + outcome.skipped_invalid,
        36,
        "6 × 6 combinations, each run or counted as invalid"
    );
    assert!(
        outcome.skipped_invalid > 0,
        "fast ≥ slow combinations are skipped"
    );
    assert!(
        outcome
            .rows
            .windows(2)
            .all(|w| w[0].headline.total_return_pct >= w[1].headline.total_return_pct),
        "rows are ranked by return, best first"
    );

    let mut events = app.subscribe();
    let big = SweepRequest {
        sweeps: vec!["fast=2..100:1".into(), "slow=3..200:1".into()],
        ..sweep("big")
    };
    let running = tokio::spawn({
        let app = app.clone();
        async move { app.backtest_sweep(&big).await }
    });
    next_event(&mut events, Duration::from_secs(30), |e| match e {
        AppEvent::BacktestProgress {
            job,
            phase: BacktestPhase::Sweeping,
            ..
        } if job == "big" => Some(()),
        _ => None,
    })
    .await?;
    assert!(
        app.backtest_cancel("big"),
        "the running sweep takes the cancel"
    );
    let result = running.await?;
    assert!(
        matches!(result, Err(AppError::Cancelled)),
        "a cancelled sweep ends as cancelled, got {result:?}"
    );
    assert!(
        !app.backtest_cancel("big"),
        "a finished job is no longer cancellable"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_long_run_is_charted_in_merged_bars_that_keep_its_range() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;
    // 25,000 one-minute candles, a slow sine wave: more than one chart's worth of bars.
    let mut csv = String::from("open_time,open,high,low,close,volume\n");
    for i in 0..25_000_i64 {
        let price = 100.0 + 10.0 * (i as f64 / 500.0).sin();
        csv.push_str(&format!(
            "{},{price:.4},{:.4},{:.4},{price:.4},1\n",
            1_700_000_000_000 + i * 60_000,
            price + 0.5,
            price - 0.5
        ));
    }
    let path = ws.path().join("long-1m.csv");
    std::fs::write(&path, csv)?;
    let data = DataSource::Csv {
        path: path.display().to_string(),
    };
    let id = app.backtest_run(&request("long", data)).await?.id.unwrap();

    let chart = app.backtest_chart(id).await?;
    assert_eq!(
        chart.candles_per_bar, 3,
        "25,000 candles in at most 10,000 bars: 3 to a bar"
    );
    assert_eq!(
        chart.candles.len(),
        8_334,
        "the last bar holds the one left over"
    );
    assert!(
        chart
            .overlays
            .iter()
            .all(|o| o.values.len() == chart.candles.len()),
        "each indicator line has one value per bar"
    );
    let high = chart.candles.iter().map(|c| c.high).max().unwrap();
    let low = chart.candles.iter().map(|c| c.low).min().unwrap();
    assert_eq!(
        (high.to_string(), low.to_string()),
        ("110.5000".to_owned(), "89.5000".to_owned()),
        "merging keeps the highest high and the lowest low of the whole run"
    );
    Ok(())
}
