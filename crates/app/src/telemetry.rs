//! Diagnostics for the people who build and support Pilothouse (the trader's own record is the
//! typed log in the database): human-readable lines on stderr, JSON lines in a daily file under
//! `<data dir>/diagnostics/`, level from `PILOTHOUSE_LOG` (e.g. `info`, `pilothouse_app=debug`).

use std::io::IsTerminal;
use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// The environment variable holding the tracing filter.
pub const LEVEL_ENV: &str = "PILOTHOUSE_LOG";

/// Installs the global subscriber. Keep the guard alive: dropping it flushes the file.
pub fn init(data_dir: &Path) -> Result<WorkerGuard, crate::AppError> {
    let dir = data_dir.join("diagnostics");
    std::fs::create_dir_all(&dir).map_err(|e| crate::AppError::io("could not create", &dir, e))?;
    let (file, guard) =
        tracing_appender::non_blocking(tracing_appender::rolling::daily(&dir, "pilothouse.jsonl"));
    let filter = || EnvFilter::try_from_env(LEVEL_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .with_filter(filter());
    let json = tracing_subscriber::fmt::layer()
        .json()
        .with_writer(file)
        .with_filter(filter());
    // A second init (tests, embedding) keeps the first subscriber: not an error.
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(json)
        .try_init();
    Ok(guard)
}
