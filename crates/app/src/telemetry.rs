//! Diagnostics for the people who build and support Pilothouse (the trader's own record is the
//! typed log in the database): human-readable lines on stderr, JSON lines in a daily file under
//! `<data dir>/diagnostics/`, level from `PILOTHOUSE_LOG` (e.g. `info`, `pilothouse_app=debug`).
//!
//! The file is best effort: a data dir once used with sudo, or mounted read-only, must not stop
//! a command (least of all `pause-all`). Then only stderr gets diagnostics, and the shell says
//! once that the file is off.

use std::io::IsTerminal;
use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// The environment variable holding the tracing filter.
pub const LEVEL_ENV: &str = "PILOTHOUSE_LOG";

/// The installed diagnostics. Keep it alive: dropping it flushes the file.
#[derive(Debug)]
pub struct Diagnostics {
    _guard: Option<WorkerGuard>,
    file_off: Option<String>,
}

impl Diagnostics {
    /// Why the diagnostics file is not written, if it is not (for the shell to say once).
    pub fn file_off(&self) -> Option<&str> {
        self.file_off.as_deref()
    }
}

/// Installs the global subscriber; never fails (see the module doc).
pub fn init(data_dir: &Path) -> Diagnostics {
    let dir = data_dir.join("diagnostics");
    let appender = std::fs::create_dir_all(&dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            RollingFileAppender::builder()
                .rotation(Rotation::DAILY)
                .filename_prefix("pilothouse.jsonl")
                .build(&dir)
                .map_err(|e| e.to_string())
        });
    let (file, guard, file_off) = match appender {
        Ok(appender) => {
            let (file, guard) = tracing_appender::non_blocking(appender);
            (Some(file), Some(guard), None)
        }
        Err(problem) => (
            None,
            None,
            Some(format!(
                "diagnostics are off: cannot write {}: {problem}",
                dir.display()
            )),
        ),
    };
    let filter = || EnvFilter::try_from_env(LEVEL_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .with_filter(filter());
    let json = file.map(|file| {
        tracing_subscriber::fmt::layer()
            .json()
            .with_writer(file)
            .with_filter(filter())
    });
    // A second init (tests, embedding) keeps the first subscriber: not an error.
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(json)
        .try_init();
    Diagnostics {
        _guard: guard,
        file_off,
    }
}
