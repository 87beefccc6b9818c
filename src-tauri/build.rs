//! Generates the Tauri context and one permission per app command, so the capability file can
//! grant the UI exactly the commands it uses.

const COMMANDS: &[&str] = &[
    "status",
    "pause_all",
    "resume_all",
    "logs_page",
    "export_logs",
    "ui_ready",
    "schedules_list",
    "schedule_create",
    "schedule_update",
    "schedule_delete",
    "schedule_set_enabled",
    "schedule_run_now",
    "schedule_runs",
    "dead_letters",
    "dead_letter_settle",
    "missed_runs",
    "scheduler_status",
    "job_kinds",
    "time_zones",
    "cron_preview",
    "run_retention_days",
    "set_run_retention_days",
    "rotate_webhook_signing_key",
    "accounts_list",
    "account_add",
    "account_remove",
    "account_set_live",
    "keys_set",
    "keys_remove",
    "keys_test",
    "venue_budgets",
    "orders_list",
    "order_place",
    "order_cancel",
    "leverage_set",
    "orders_reconciled",
    "paper_overview",
    "replay_datasets",
    "market_outages",
    "strategies_list",
    "backtest_run",
    "backtest_sweep",
    "backtest_cancel",
    "backtest_runs",
    "backtest_show",
    "backtest_chart",
    "backtest_remove",
    "backtest_export",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|error| panic!("tauri build step failed: {error:#}"));
}
