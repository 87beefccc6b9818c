//! The desktop shell around the Pilothouse `App`: a window with the UI, a tray menu with the
//! emergency pause, desktop notifications for critical events. Everything it does is wiring —
//! the rules live in `pilothouse-app`, which the CLI shares (design rule 7).

mod accounts;
mod backtests;
mod commands;
mod forward;
mod orders;
mod schedules;
mod startup;
mod startup_failure;
mod tray;

use std::process::ExitCode;

pub use startup::run;

/// Which shell this is, recorded with every pause it makes.
const SHELL: &str = "desktop";

/// The exit code for a failed start, after telling the user why: on stderr and in the
/// diagnostics log, and — since a desktop app is usually started from a launcher, where nobody
/// reads stderr — in an error dialog when there is a display to show it on.
fn failed(context: tauri::Context<tauri::Wry>, message: &str) -> ExitCode {
    eprintln!("error: {message}");
    tracing::error!("{message}");
    startup_failure::show(context, message);
    ExitCode::FAILURE
}
