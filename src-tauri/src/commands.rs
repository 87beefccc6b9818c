//! Tauri commands: one-line delegations to the `App` (design rule 7). Errors cross IPC as
//! `ApiError {code, message, field}`; types are generated for the UI by ts-rs.

use pilothouse_app::core::{LogFilter, LogPage, PauseState};
use pilothouse_app::{ApiError, App, AppStatus, ExportFormat, ExportSummary};
use tauri::State;

type Reply<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn status(app: State<'_, App>) -> Reply<AppStatus> {
    Ok(app.status().await?)
}

#[tauri::command]
pub async fn pause_all(app: State<'_, App>, reason: String) -> Reply<PauseState> {
    Ok(app.pause_all(&reason).await?)
}

#[tauri::command]
pub async fn resume_all(app: State<'_, App>) -> Reply<PauseState> {
    Ok(app.resume_all().await?)
}

#[tauri::command]
pub async fn logs_page(
    app: State<'_, App>,
    filter: LogFilter,
    before: Option<i64>,
    limit: u32,
) -> Reply<LogPage> {
    Ok(app.logs_page(&filter, before, limit).await?)
}

/// Exports to the user's Downloads folder (the data directory's `exports/` if there is none).
#[tauri::command]
pub async fn export_logs(
    app: State<'_, App>,
    filter: LogFilter,
    format: ExportFormat,
) -> Reply<ExportSummary> {
    let dir = dirs::download_dir().unwrap_or_else(|| app.data_dir().join("exports"));
    Ok(app.export_logs(&filter, format, &dir).await?)
}

/// The UI calls this once its first screen is on screen: the cold-start figure in the
/// diagnostics log (see BENCHMARKS.md).
#[tauri::command]
pub fn ui_ready(started: State<'_, crate::startup::Started>) {
    tracing::info!(
        cold_start_ms = started.elapsed_ms(),
        "first screen rendered"
    );
}
