//! What the Schedules screen, the Overview and `pilothouse schedules` show: schedules with
//! their next fire and last run, the scheduler's status, and the kinds a trader can pick.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{JobKind, Schedule, ScheduleRun};
use crate::cron::FireTime;

/// A schedule with what a trader looks for first: when it runs next, how it last went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScheduleSummary {
    pub schedule: Schedule,
    /// The next fire; `null` when disabled or a one-time job that already ran.
    pub next_fire: Option<FireTime>,
    /// The newest run of any status.
    pub last_run: Option<ScheduleRun>,
    /// Failed attempts in a row.
    pub failure_streak: u32,
}

/// One fire coming up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UpcomingRun {
    #[ts(type = "number")]
    pub schedule_id: i64,
    pub schedule_name: String,
    pub kind: JobKind,
    pub fire: FireTime,
}

/// The scheduler at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SchedulerStatus {
    /// Whether this process runs schedules (the desktop app and `pilothouse run` do; one-off
    /// CLI commands do not).
    pub running: bool,
    /// Whether the emergency pause holds trading kinds back.
    pub paused: bool,
    pub schedules: u32,
    pub enabled: u32,
    /// The next 10 fires over all enabled schedules.
    pub next: Vec<UpcomingRun>,
    /// The newest failed attempt.
    pub last_error: Option<ScheduleRun>,
    /// Runs on the dead-letter list.
    pub dead_letters: u32,
}

/// A job kind as the editor offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JobKindInfo {
    pub kind: JobKind,
    /// What it does, in a sentence.
    pub summary: String,
    /// Whether this version of Pilothouse can run it; schedules of other kinds are refused.
    pub available: bool,
    /// Whether the emergency pause stops it.
    pub trading: bool,
}
