//! Backtests as the trader runs them: a strategy over candles from a recording, a file or an
//! account's history, with the result kept in the database for later comparison; parameter
//! sweeps over the same candles; and the stored runs (list, open, chart, remove, export).
//!
//! The computing is core's (`pilothouse_core::backtest`, the same strategy code live bots will
//! run); this room loads the candles, runs the computation on a blocking thread (never on the
//! async runtime's workers, so the UI and the scheduler stay responsive during a sweep), keeps
//! the results, and reports progress as events for the job id its caller chose.

mod data;
mod engine;
mod history;
mod progress;
mod stored;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use pilothouse_core::market::{Candle, Interval};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use data::DataSource;
pub use engine::{BacktestHeadline, BacktestReport, ParamValue, RankBy, StrategyInfo, SweepRow};
pub use history::MAX_HISTORY;
pub use pilothouse_core::strategy::Overlay;
pub(crate) use progress::Jobs;

use crate::{App, AppError};

/// A strategy's parameters by name, as the trader gave them (defaults fill the rest).
pub type Params = BTreeMap<String, ParamValue>;

/// The account and costs a backtest simulates, as the trader enters them (checked by core).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BacktestSettingsInput {
    /// Starting cash in the quote currency (a decimal string).
    pub cash: String,
    /// Commission per fill, a fraction of the notional (`0.001` = 0.1 %).
    pub commission: String,
    pub whole_units: bool,
    pub allow_short: bool,
}

/// One backtest to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BacktestRequest {
    /// The caller's name for this job: progress events carry it, `backtest_cancel` takes it.
    pub job: String,
    pub strategy: String,
    pub params: Params,
    pub data: DataSource,
    pub settings: BacktestSettingsInput,
    /// Keep the run in the database (`false`: `--no-save`).
    pub save: bool,
}

/// What a run ran: when, which strategy with which parameters, on which candles, with which
/// settings. Kept runs, listed or opened, carry it flattened (the JSON has these fields at the
/// top level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BacktestRunInfo {
    pub created_at: DateTime<Utc>,
    pub strategy: String,
    /// Every parameter, defaults included.
    pub params: Params,
    pub data: DataSource,
    pub symbol: String,
    pub interval: Interval,
    /// The first and last candles' open times.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    #[ts(type = "number")]
    pub candle_count: i64,
    pub candles_sha256: String,
    pub settings: BacktestSettingsInput,
}

/// A run with what it ran on; `id` is `None` for a run that was not kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StoredBacktest {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[serde(flatten)]
    pub info: BacktestRunInfo,
    pub report: BacktestReport,
}

/// A kept run as listed: everything but the trades and the equity curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BacktestRunSummary {
    #[ts(type = "number")]
    pub id: i64,
    #[serde(flatten)]
    pub info: BacktestRunInfo,
    pub headline: BacktestHeadline,
}

/// A parameter sweep to run: every combination of the swept values over one run of candles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SweepRequest {
    pub job: String,
    pub strategy: String,
    /// Values for the parameters not swept.
    pub params: Params,
    pub data: DataSource,
    pub settings: BacktestSettingsInput,
    /// `name=start..end:step` or `name=a,b,c`, one per swept parameter.
    pub sweeps: Vec<String>,
    pub rank_by: RankBy,
}

/// A sweep's results, best first by the rank asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SweepOutcome {
    pub rows: Vec<SweepRow>,
    /// Combinations the strategy refuses (fast ≥ slow): skipped and counted, not errors.
    #[ts(type = "number")]
    pub skipped_invalid: u64,
    #[ts(type = "number")]
    pub candle_count: u64,
}

/// What the candle chart of a stored run shows: its candles and the strategy's indicator
/// lines, each value aligned with a candle (`null` before the indicator is defined). A long
/// run comes merged into at most 10,000 bars of `candles_per_bar` candles each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BacktestChart {
    pub candles: Vec<Candle>,
    pub overlays: Vec<Overlay>,
    #[ts(type = "number")]
    pub candles_per_bar: u64,
}

impl App {
    /// The strategies a backtest (and a bot) can run, with their typed parameters.
    pub fn strategies(&self) -> Vec<StrategyInfo> {
        engine::strategies()
    }

    /// Runs `request`: loads its candles, runs the strategy on a blocking thread, and keeps
    /// the run unless asked not to. Fails with [`AppError::Cancelled`] when its job was
    /// cancelled (nothing is kept then).
    pub async fn backtest_run(
        &self,
        request: &BacktestRequest,
    ) -> Result<StoredBacktest, AppError> {
        let plan = engine::Plan::check(&request.strategy, &request.params, &request.settings)?;
        let progress = self.jobs().start(&request.job, self.inner.events.clone());
        let loaded = self.load_candles(&request.data, &progress).await?;
        let (report, loaded, progress) = {
            let plan = plan.clone();
            tokio::task::spawn_blocking(move || {
                let report = plan.run(&loaded, &progress);
                (report, loaded, progress)
            })
            .await
            .map_err(|e| AppError::Io {
                action: "running",
                path: "the backtest".to_owned(),
                source: std::io::Error::other(e.to_string()),
            })?
        };
        let report = report?;
        drop(progress);
        let (from, to) = loaded.range();
        let info = BacktestRunInfo {
            created_at: self.now(),
            strategy: plan.strategy_name().to_owned(),
            params: plan.params().clone(),
            data: request.data.clone(),
            symbol: loaded.symbol.clone(),
            interval: loaded.interval,
            from,
            to,
            candle_count: i64::try_from(loaded.candles.len()).unwrap_or(i64::MAX),
            candles_sha256: loaded.sha256(),
            settings: request.settings.clone(),
        };
        let mut run = StoredBacktest {
            id: None,
            info,
            report,
        };
        if request.save {
            run.id = Some(self.keep_backtest(&run).await?);
        }
        Ok(run)
    }

    /// Runs every valid combination of `request`'s sweeps over one load of its candles, in
    /// parallel on all cores (off the async runtime), best first.
    pub async fn backtest_sweep(&self, request: &SweepRequest) -> Result<SweepOutcome, AppError> {
        let sweep = engine::SweepPlan::check(request)?;
        let progress = self.jobs().start(&request.job, self.inner.events.clone());
        let loaded = Arc::new(self.load_candles(&request.data, &progress).await?);
        tokio::task::spawn_blocking(move || sweep.run(&loaded, &progress))
            .await
            .map_err(|e| AppError::Io {
                action: "running",
                path: "the sweep".to_owned(),
                source: std::io::Error::other(e.to_string()),
            })?
    }

    /// Asks the running job `job` to stop; whether it was running.
    pub fn backtest_cancel(&self, job: &str) -> bool {
        self.jobs().cancel(job)
    }

    fn jobs(&self) -> &Arc<Jobs> {
        &self.inner.backtest_jobs
    }
}
