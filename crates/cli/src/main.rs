//! `pilothouse`: the same backend as the desktop app, without a window — for servers, scripts and
//! a trader's terminal. Every command parses its arguments, calls one `App` method and prints.

mod accounts;
mod args;
mod backtest;
mod backtest_print;
mod commands;
mod cron;
mod indicators;
mod keys;
mod market;
mod orders;
mod paper_args;
mod print;
mod schedules;
mod webhook_key;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use pilothouse_app::{App, AppConfig, AppError, paths, telemetry};

use crate::args::Cli;

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let data_dir = paths::data_dir(cli.data_dir.clone());
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let _guard = match telemetry::init(&data_dir) {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let app = match App::open(AppConfig::live(data_dir, "cli")).await {
            Ok(app) => app,
            Err(error) => return report(&error.into()),
        };
        let outcome = commands::run(&app, cli.command, &matches).await;
        app.shutdown().await;
        match outcome {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => report(&error),
        }
    })
}

/// Prints the error; exit code 2 for refused input (fix the command), 3 for an order the
/// emergency pause refused (resume first), 130 for a job cancelled (as by Ctrl-C), 1 for
/// anything else.
fn report(error: &anyhow::Error) -> ExitCode {
    eprintln!("error: {error:#}");
    match error.downcast_ref::<AppError>() {
        Some(AppError::Invalid(_)) => ExitCode::from(2),
        Some(AppError::Paused { .. }) => ExitCode::from(3),
        Some(AppError::Cancelled) => ExitCode::from(130),
        _ => ExitCode::FAILURE,
    }
}
