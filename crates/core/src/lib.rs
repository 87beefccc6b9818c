//! The Pilothouse domain: what a log entry, an emergency pause or an event *is*, and the pure
//! rules over them. Nothing here touches a runtime, a database, a network or the wall clock, so
//! every rule can be tested in microseconds and reused by the desktop app, the CLI and backtests
//! alike (design rule 1; CI fails if a runtime or IO crate appears in this crate's tree).

pub mod backtest;
pub mod clock;
pub mod cron;
pub mod event;
pub mod field;
pub mod indicator;
pub mod log;
pub mod market;
pub mod paper;
pub mod pause;
pub mod schedule;
pub mod strategy;

pub use clock::{Clock, LiveClock, ManualClock};
pub use cron::{CronExpr, DstNote, FireTime, ZoneName};
pub use event::AppEvent;
pub use field::FieldError;
pub use log::{LogEntry, LogFilter, LogPage, LogType, NewLogEntry, Severity};
pub use pause::{PauseReason, PauseState};
