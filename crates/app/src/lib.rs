//! The running Pilothouse system. Both shells — the desktop app and the `pilothouse` CLI — hold
//! one [`App`] and call its methods; neither touches the database, the clock or the event bus
//! itself, so a rule lives in one place and behaves the same from a tray click and a script.

mod account_keys;
mod accounts;
mod app;
mod background;
pub mod backtests;
mod budgets;
mod candles;
mod cron;
mod error;
pub mod export;
mod feed;
mod leverage;
mod log_writer;
mod logs;
mod orders;
mod paper;
pub mod paths;
mod pause;
pub mod scheduler;
pub mod secrets;
mod status;
pub mod telemetry;
mod webhook_key;

pub use app::{App, AppConfig};
pub use candles::Window;
pub use error::{ApiError, AppError, ErrorCode};
pub use export::{ExportFormat, ExportSummary};
pub use orders::Checked;
pub use status::AppStatus;

pub use pilothouse_core as core;
