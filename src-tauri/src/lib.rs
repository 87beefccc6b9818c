//! The desktop shell around the Pilothouse `App`: a window with the UI, a tray menu with the
//! emergency pause, desktop notifications for critical events. Everything it does is wiring —
//! the rules live in `pilothouse-app`, which the CLI shares (design rule 7).

mod accounts;
mod commands;
mod forward;
mod schedules;
mod startup;
mod tray;

use std::process::ExitCode;

pub use startup::run;

/// Which shell this is, recorded with every pause it makes.
const SHELL: &str = "desktop";

/// The exit code for a failed start, after telling the user why.
fn failed(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    tracing::error!("{message}");
    ExitCode::FAILURE
}
