//! Tauri commands of the Backtests screen: one-line delegations to the `App` (design rule 7).
//! Runs and sweeps compute off the async runtime's worker threads; their progress arrives as
//! `backtest_progress` events for the job id the UI chose.

use pilothouse_app::backtests::{
    BacktestChart, BacktestRequest, BacktestRunSummary, StoredBacktest, StrategyInfo, SweepOutcome,
    SweepRequest,
};
use pilothouse_app::{ApiError, App, ExportFormat, ExportSummary};
use tauri::State;

type Reply<T> = Result<T, ApiError>;

#[tauri::command]
pub fn strategies_list(app: State<'_, App>) -> Vec<StrategyInfo> {
    app.strategies()
}

#[tauri::command]
pub async fn backtest_run(app: State<'_, App>, request: BacktestRequest) -> Reply<StoredBacktest> {
    Ok(app.backtest_run(&request).await?)
}

#[tauri::command]
pub async fn backtest_sweep(app: State<'_, App>, request: SweepRequest) -> Reply<SweepOutcome> {
    Ok(app.backtest_sweep(&request).await?)
}

#[tauri::command]
pub fn backtest_cancel(app: State<'_, App>, job: String) -> bool {
    app.backtest_cancel(&job)
}

#[tauri::command]
pub async fn backtest_runs(
    app: State<'_, App>,
    before: Option<i64>,
    limit: u32,
) -> Reply<Vec<BacktestRunSummary>> {
    Ok(app.backtest_runs(before, limit).await?)
}

#[tauri::command]
pub async fn backtest_show(app: State<'_, App>, id: i64) -> Reply<StoredBacktest> {
    Ok(app.backtest_show(id).await?)
}

#[tauri::command]
pub async fn backtest_chart(app: State<'_, App>, id: i64) -> Reply<BacktestChart> {
    Ok(app.backtest_chart(id).await?)
}

#[tauri::command]
pub async fn backtest_remove(app: State<'_, App>, id: i64) -> Reply<()> {
    Ok(app.backtest_remove(id).await?)
}

/// Exports to the user's Downloads folder (the data directory's `exports/` if there is none).
#[tauri::command]
pub async fn backtest_export(
    app: State<'_, App>,
    id: i64,
    format: ExportFormat,
) -> Reply<ExportSummary> {
    let dir = dirs::download_dir().unwrap_or_else(|| app.data_dir().join("exports"));
    Ok(app.backtest_export(id, format, &dir).await?)
}
