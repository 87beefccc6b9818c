//! Starting the desktop app: data directory, diagnostics, the `App`, then the Tauri window,
//! plugins, tray and event forwarding. Shutting down flushes the log before the process exits.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use pilothouse_app::{App, AppConfig, paths, telemetry};
use tauri::{Manager, RunEvent};

use crate::{SHELL, accounts, backtests, commands, failed, forward, orders, schedules, tray};

/// When the process started, for the cold-start figure.
#[derive(Debug)]
pub struct Started(Instant);

impl Started {
    #[allow(clippy::disallowed_methods)] // a process-local stopwatch for diagnostics, not domain time
    fn now() -> Self {
        Self(Instant::now())
    }

    pub fn elapsed_ms(&self) -> u128 {
        self.0.elapsed().as_millis()
    }
}

/// Runs the desktop app until its window is closed or Quit is chosen from the tray.
pub fn run() -> ExitCode {
    let started = Started::now();
    let context = tauri::generate_context!();
    let explicit = data_dir_arg(std::env::args_os());
    let shared_default = explicit.is_none() && std::env::var_os(paths::DATA_DIR_ENV).is_none();
    let data_dir = paths::data_dir(explicit);
    let diagnostics = telemetry::init(&data_dir);
    if let Some(off) = diagnostics.file_off() {
        tracing::warn!("{off}");
    }
    let app = match tauri::async_runtime::block_on(App::open(AppConfig::live(data_dir, SHELL))) {
        Ok(app) => app,
        Err(error) => {
            return failed(
                context,
                &format!("could not open Pilothouse's database: {error}"),
            );
        }
    };
    if let Err(error) = tauri::async_runtime::block_on(app.ensure_default_paper_account()) {
        tracing::warn!(%error, "could not create the default paper account");
    }
    if let Err(error) = tauri::async_runtime::block_on(app.start_scheduler()) {
        return failed(context, &format!("could not start the scheduler: {error}"));
    }
    if app.is_paused() {
        tracing::warn!(
            "starting with ALL TRADING PAUSED: {:?}",
            app.pause_state().reason
        );
    }

    let mut builder = tauri::Builder::default();
    if shared_default {
        // One window per data directory: a second launch on the default directory focuses the
        // first window instead. (Tests and extra profiles pass their own directory.)
        builder = builder.plugin(tauri_plugin_single_instance::init(|handle, _, _| {
            tray::show_main_window(handle);
        }));
    }
    let tauri_app = builder
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .manage(app.clone())
        .manage(started)
        .invoke_handler(tauri::generate_handler![
            commands::status,
            commands::pause_all,
            commands::resume_all,
            commands::logs_page,
            commands::export_logs,
            commands::ui_ready,
            schedules::schedules_list,
            schedules::schedule_create,
            schedules::schedule_update,
            schedules::schedule_delete,
            schedules::schedule_set_enabled,
            schedules::schedule_run_now,
            schedules::schedule_runs,
            schedules::dead_letters,
            schedules::dead_letter_settle,
            schedules::missed_runs,
            schedules::scheduler_status,
            schedules::job_kinds,
            schedules::time_zones,
            schedules::cron_preview,
            schedules::run_retention_days,
            schedules::set_run_retention_days,
            schedules::rotate_webhook_signing_key,
            accounts::accounts_list,
            accounts::account_add,
            accounts::account_remove,
            accounts::account_set_live,
            accounts::keys_set,
            accounts::keys_remove,
            accounts::keys_test,
            accounts::venue_budgets,
            orders::orders_list,
            orders::order_place,
            orders::order_cancel,
            orders::leverage_set,
            orders::orders_reconciled,
            orders::paper_overview,
            orders::replay_datasets,
            orders::market_outages,
            backtests::strategies_list,
            backtests::backtest_run,
            backtests::backtest_sweep,
            backtests::backtest_cancel,
            backtests::backtest_runs,
            backtests::backtest_show,
            backtests::backtest_chart,
            backtests::backtest_remove,
            backtests::backtest_export,
        ])
        .setup(|tauri_app| {
            let handle = tauri_app.handle();
            let app = handle.state::<App>().inner().clone();
            tray::install(handle, &app)?;
            forward::start(handle.clone(), app);
            Ok(())
        })
        .build(context);
    let tauri_app = match tauri_app {
        Ok(tauri_app) => tauri_app,
        Err(error) => {
            // The context went into the failed build: no window can say it; stderr must.
            eprintln!("error: could not start the desktop app: {error}");
            tracing::error!("could not start the desktop app: {error}");
            return ExitCode::FAILURE;
        }
    };
    tauri_app.run(move |_, event| {
        if let RunEvent::Exit = event {
            tauri::async_runtime::block_on(app.shutdown());
        }
    });
    ExitCode::SUCCESS
}

/// The value of `--data-dir DIR` or `--data-dir=DIR`, if given.
fn data_dir_arg(args: impl IntoIterator<Item = OsString>) -> Option<PathBuf> {
    let mut args = args.into_iter().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
            return Some(PathBuf::from(value));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_dir_is_read_in_both_spellings_and_absent_otherwise() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            data_dir_arg(args(&["app", "--data-dir", "/tmp/a"])),
            Some(PathBuf::from("/tmp/a"))
        );
        assert_eq!(
            data_dir_arg(args(&["app", "--data-dir=/tmp/b"])),
            Some(PathBuf::from("/tmp/b"))
        );
        assert_eq!(data_dir_arg(args(&["app", "--other"])), None);
        assert_eq!(
            data_dir_arg(args(&["--data-dir=/not-an-arg-but-argv0"])),
            None
        );
    }
}
