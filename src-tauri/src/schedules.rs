//! Tauri commands of the Schedules screen: one-line delegations to the `App`'s scheduler
//! (design rule 7). Types are generated for the UI by ts-rs.

use pilothouse_app::core::cron::CronPreview;
use pilothouse_app::core::schedule::{
    DeadLetterAction, JobKindInfo, MissedSummary, RunFilter, RunPage, Schedule, ScheduleInput,
    ScheduleRun, ScheduleSummary, SchedulerStatus,
};
use pilothouse_app::{ApiError, App};
use tauri::State;

type Reply<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn schedules_list(app: State<'_, App>) -> Reply<Vec<ScheduleSummary>> {
    Ok(app.schedules_list().await?)
}

#[tauri::command]
pub async fn schedule_create(app: State<'_, App>, input: ScheduleInput) -> Reply<Schedule> {
    Ok(app.schedule_create(&input).await?)
}

#[tauri::command]
pub async fn schedule_update(
    app: State<'_, App>,
    id: i64,
    input: ScheduleInput,
) -> Reply<Schedule> {
    Ok(app.schedule_update(id, &input).await?)
}

#[tauri::command]
pub async fn schedule_delete(app: State<'_, App>, id: i64) -> Reply<()> {
    Ok(app.schedule_delete(id).await?)
}

#[tauri::command]
pub async fn schedule_set_enabled(app: State<'_, App>, id: i64, enabled: bool) -> Reply<Schedule> {
    Ok(app.schedule_set_enabled(id, enabled).await?)
}

#[tauri::command]
pub async fn schedule_run_now(app: State<'_, App>, id: i64) -> Reply<ScheduleRun> {
    Ok(app.schedule_run_now(id).await?)
}

#[tauri::command]
pub async fn schedule_runs(app: State<'_, App>, filter: RunFilter) -> Reply<RunPage> {
    Ok(app.schedule_runs(&filter).await?)
}

#[tauri::command]
pub async fn dead_letters(app: State<'_, App>) -> Reply<Vec<ScheduleRun>> {
    Ok(app.dead_letters().await?)
}

#[tauri::command]
pub async fn dead_letter_settle(
    app: State<'_, App>,
    id: i64,
    action: DeadLetterAction,
) -> Reply<ScheduleRun> {
    Ok(app.dead_letter_settle(id, action).await?)
}

#[tauri::command]
pub async fn missed_runs(app: State<'_, App>) -> Reply<Vec<MissedSummary>> {
    Ok(app.missed_runs().await?)
}

#[tauri::command]
pub async fn scheduler_status(app: State<'_, App>) -> Reply<SchedulerStatus> {
    Ok(app.scheduler_status().await?)
}

#[tauri::command]
pub fn job_kinds(app: State<'_, App>) -> Vec<JobKindInfo> {
    app.job_kinds()
}

#[tauri::command]
pub fn time_zones(app: State<'_, App>) -> Vec<&'static str> {
    app.time_zones()
}

#[tauri::command]
pub fn cron_preview(
    app: State<'_, App>,
    expr: String,
    zone: String,
    count: u32,
) -> Reply<CronPreview> {
    Ok(app.cron_preview(&expr, &zone, None, count)?)
}

#[tauri::command]
pub async fn run_retention_days(app: State<'_, App>) -> Reply<u32> {
    Ok(app.run_retention_days().await?)
}

#[tauri::command]
pub async fn set_run_retention_days(app: State<'_, App>, days: u32) -> Reply<u32> {
    Ok(app.set_run_retention_days(days).await?)
}

/// Rotates the webhook signing key. The key itself never crosses IPC (design rule 9): the
/// trader reads it with `pilothouse webhook-key show`.
#[tauri::command]
pub async fn rotate_webhook_signing_key(app: State<'_, App>) -> Reply<()> {
    app.rotate_webhook_signing_key().await?;
    Ok(())
}
