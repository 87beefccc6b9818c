//! Kept backtest runs: written whole when a run finishes, listed by their headline results,
//! opened with their trades and equity, charted from the candles they ran on, removed, and
//! exported (the trades as CSV, the whole run as JSON).

use std::path::Path;

use pilothouse_core::backtest::{MAX_CHART_BARS, chart_bars};
use pilothouse_core::{AppEvent, FieldError};
use pilothouse_store::StoreError;
use pilothouse_store::backtests::{BacktestRunRow, NewBacktestRun};

use super::progress::Progress;
use super::{BacktestChart, BacktestRunInfo, BacktestRunSummary, StoredBacktest, engine};
use crate::{App, AppError, ExportFormat, ExportSummary};

/// Most runs one page lists.
pub const MAX_RUN_PAGE: u32 = 1000;

/// The CSV columns of an exported trade, in order.
pub const TRADE_CSV_HEADER: [&str; 9] = [
    "side",
    "entry_time",
    "exit_time",
    "entry_price",
    "exit_price",
    "quantity",
    "pnl",
    "return_pct",
    "exit_reason",
];

impl App {
    /// Keeps `run`; its id.
    pub(crate) async fn keep_backtest(&self, run: &StoredBacktest) -> Result<i64, AppError> {
        let params = to_json(&run.info.params)?;
        let data = to_json(&run.info.data)?;
        let settings = to_json(&run.info.settings)?;
        let summary = to_json(&run.report.headline)?;
        let report = to_json(&run.report)?;
        let id = self
            .inner
            .store
            .save_backtest_run(&NewBacktestRun {
                created_at: run.info.created_at,
                strategy: &run.info.strategy,
                params: &params,
                data_source: &data,
                symbol: &run.info.symbol,
                interval: run.info.interval.as_str(),
                from: run.info.from,
                to: run.info.to,
                candle_count: run.info.candle_count,
                candles_sha256: &run.info.candles_sha256,
                settings: &settings,
                summary: &summary,
                report: &report,
            })
            .await?;
        self.publish(AppEvent::BacktestRunsChanged);
        Ok(id)
    }

    /// Kept runs, newest first: at most `limit` (1–1000), older than run `before` if given.
    pub async fn backtest_runs(
        &self,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<BacktestRunSummary>, AppError> {
        if limit == 0 || limit > MAX_RUN_PAGE {
            return Err(FieldError::new(
                "limit",
                format!("is {limit}; list 1 to {MAX_RUN_PAGE} runs at a time"),
            )
            .into());
        }
        let rows = self.inner.store.backtest_runs(limit, before).await?;
        rows.iter().map(summary).collect()
    }

    /// Kept run `id` with its trades and equity curve.
    pub async fn backtest_show(&self, id: i64) -> Result<StoredBacktest, AppError> {
        let (row, report) = self.kept(id).await?;
        let listed = summary(&row)?;
        Ok(StoredBacktest {
            id: Some(listed.id),
            info: listed.info,
            report: from_json("backtest report", &report)?,
        })
    }

    /// The candles kept run `id` ran on, with its strategy's indicator lines. The candles are
    /// read again from the run's data source (history comes from the database); a CSV file
    /// since changed or removed is refused (field `data`).
    pub async fn backtest_chart(&self, id: i64) -> Result<BacktestChart, AppError> {
        let run = summary(&self.kept(id).await?.0)?.info;
        let quiet: Progress = self.jobs().start("", self.inner.events.clone());
        let loaded = self.load_candles(&run.data, &quiet).await?;
        if loaded.sha256() != run.candles_sha256 {
            return Err(FieldError::new(
                "data",
                "the run's candles changed since it ran (the file was edited or replaced)",
            )
            .into());
        }
        let overlays = engine::overlays(&run.strategy, &run.params, &loaded.candles)?;
        let bars = chart_bars(loaded.candles, overlays, MAX_CHART_BARS);
        Ok(BacktestChart {
            candles: bars.candles,
            overlays: bars.overlays,
            candles_per_bar: u64::try_from(bars.candles_per_bar).unwrap_or(u64::MAX),
        })
    }

    /// Forgets kept run `id` (field `id` when there is none).
    pub async fn backtest_remove(&self, id: i64) -> Result<(), AppError> {
        if !self.inner.store.remove_backtest_run(id).await? {
            return Err(no_run(id).into());
        }
        self.publish(AppEvent::BacktestRunsChanged);
        Ok(())
    }

    /// Kept run `id` as text: its trades as CSV, or the whole run as JSON.
    pub async fn backtest_export_text(
        &self,
        id: i64,
        format: ExportFormat,
    ) -> Result<String, AppError> {
        let run = self.backtest_show(id).await?;
        match format {
            ExportFormat::Json => to_json_pretty(&run),
            ExportFormat::Csv => Ok(engine::trades_csv(&run.report)),
        }
    }

    /// Writes kept run `id` to a new file in `dir`, completely or not at all.
    pub async fn backtest_export(
        &self,
        id: i64,
        format: ExportFormat,
        dir: &Path,
    ) -> Result<ExportSummary, AppError> {
        let text = self.backtest_export_text(id, format).await?;
        let rows = match format {
            ExportFormat::Csv => text.lines().count().saturating_sub(1),
            ExportFormat::Json => 1,
        };
        let name = format!("pilothouse-backtest-{id}.{}", format.extension());
        let path = crate::export::write_whole(dir, &name, text.as_bytes())?;
        Ok(ExportSummary {
            path: path.display().to_string(),
            rows: u64::try_from(rows).unwrap_or(u64::MAX),
        })
    }

    async fn kept(&self, id: i64) -> Result<(BacktestRunRow, String), AppError> {
        self.inner
            .store
            .backtest_run(id)
            .await?
            .ok_or_else(|| no_run(id).into())
    }
}

fn no_run(id: i64) -> FieldError {
    FieldError::new("id", format!("there is no stored backtest run {id}"))
}

fn summary(row: &BacktestRunRow) -> Result<BacktestRunSummary, AppError> {
    let info = BacktestRunInfo {
        created_at: row.created_at,
        strategy: row.strategy.clone(),
        params: from_json("backtest params", &row.params)?,
        data: from_json("backtest data source", &row.data_source)?,
        symbol: row.symbol.clone(),
        interval: row.interval.parse().map_err(|e: FieldError| {
            AppError::Store(StoreError::Corrupt {
                what: "backtest interval",
                detail: e.problem,
            })
        })?,
        from: row.from,
        to: row.to,
        candle_count: row.candle_count,
        candles_sha256: row.candles_sha256.clone(),
        settings: from_json("backtest settings", &row.settings)?,
    };
    Ok(BacktestRunSummary {
        id: row.id,
        info,
        headline: from_json("backtest summary", &row.summary)?,
    })
}

fn to_json(value: &impl serde::Serialize) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| {
        AppError::Store(StoreError::Corrupt {
            what: "backtest run",
            detail: e.to_string(),
        })
    })
}

fn to_json_pretty(value: &impl serde::Serialize) -> Result<String, AppError> {
    serde_json::to_string_pretty(value).map_err(|e| {
        AppError::Store(StoreError::Corrupt {
            what: "backtest run",
            detail: e.to_string(),
        })
    })
}

fn from_json<T: serde::de::DeserializeOwned>(
    what: &'static str,
    text: &str,
) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|e| {
        AppError::Store(StoreError::Corrupt {
            what,
            detail: e.to_string(),
        })
    })
}
