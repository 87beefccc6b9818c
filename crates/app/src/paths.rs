//! Where Pilothouse keeps its data. The desktop app and the CLI resolve the same directory, so
//! both work on one database unless told otherwise; tests always pass their own directory.

use std::path::PathBuf;

/// The environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "PILOTHOUSE_DATA_DIR";

/// The data directory: `explicit` (a `--data-dir` flag) if given, else `$PILOTHOUSE_DATA_DIR`,
/// else the OS app-data directory (`~/.local/share/pilothouse` on Linux).
pub fn data_dir(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os(DATA_DIR_ENV).map(PathBuf::from))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(default_data_dir)
}

fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("pilothouse")
}
