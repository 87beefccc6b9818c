//! `pilothouse`: the same backend as the desktop app, without a window — for servers, scripts and
//! a trader's terminal. Every command parses its arguments, calls one `App` method and prints.

mod accounts;
mod args;
mod backtest;
mod backtest_print;
mod commands;
mod cron;
mod exit;
mod indicators;
mod keys;
mod market;
mod orders;
mod paper_args;
mod print;
mod schedules;
mod text;
mod webhook_key;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use pilothouse_app::{App, AppConfig, paths, telemetry};

use crate::args::Cli;

fn main() -> ExitCode {
    exit::quiet_on_broken_pipe();
    let matches = negative_numbers_reach_validation(Cli::command()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let data_dir = paths::data_dir(cli.data_dir.clone());
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let diagnostics = telemetry::init(&data_dir);
    runtime.block_on(async {
        let app = match App::open(AppConfig::live(data_dir, "cli")).await {
            Ok(app) => app,
            Err(error) => return exit::report(&error.into()),
        };
        // Said once, and only when the command can run: an unusable data dir has its own error.
        if let Some(off) = diagnostics.file_off() {
            eprintln!("note: {off}");
        }
        let outcome = commands::run(&app, cli.command, &matches).await;
        app.shutdown().await;
        match outcome {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => exit::report(&error),
        }
    })
}

/// Lets `--limit -1` reach the value's own check, which refuses it naming the flag, instead of
/// clap's "unexpected argument '-1'" (clap reads a leading `-` as a flag by default).
fn negative_numbers_reach_validation(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| {
            if arg.get_action().takes_values() {
                arg.allow_negative_numbers(true)
            } else {
                arg
            }
        })
        .mut_subcommands(negative_numbers_reach_validation)
}
