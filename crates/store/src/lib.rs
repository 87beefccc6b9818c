//! Pilothouse's one database: a SQLite file in the data directory, shared by the desktop app and
//! the CLI daemon at the same time.
//!
//! Why these settings: WAL lets readers run beside the one writer (the UI pages logs while a bot
//! cycle writes); a busy timeout makes a second process wait for the write lock instead of
//! failing; every write transaction starts with `BEGIN IMMEDIATE` so a read-then-write can never
//! hit a busy-snapshot error half way. Migrations are embedded and forward-only.
//!
//! One module per table group; each offers domain operations, never raw SQL, to the App.

pub mod accounts;
pub mod backtests;
pub mod candles;
mod error;
pub mod logs;
mod open;
pub mod orders;
pub mod paper;
pub mod pause;
pub mod schedule_runs;
pub mod schedules;
mod schema;
pub mod settings;
mod time;
mod unique_name;
pub mod watch;

pub use error::StoreError;
pub use open::Store;
pub use schedules::ScheduleState;
pub use schema::known_version as known_schema_version;
pub use watch::ChangeWatch;
