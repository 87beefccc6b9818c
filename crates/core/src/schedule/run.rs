//! Runs: every fire of a schedule, and every attempt at it, as the history shows them.
//!
//! A fire is claimed exactly once by its `(schedule, scheduled_for, attempt)`: the first
//! process to record attempt 1 of a fire runs it, and a retry is claimed the same way as
//! attempt 2, 3, … So the desktop app and a CLI daemon on one database never both run a fire.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::JobKind;
use crate::field::FieldError;

/// Where a run stands, or how it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RunStatus {
    /// Claimed, waiting for the previous run of its schedule to end (overlap policy `queue`).
    Queued,
    /// Started and not finished.
    Running,
    Succeeded,
    /// Failed; another attempt follows at `retry_at`.
    Failed,
    /// Cancelled at the schedule's timeout; another attempt follows at `retry_at`.
    TimedOut,
    /// Not started, on purpose: the emergency pause, or the previous run still going.
    Skipped,
    /// Its time passed while Pilothouse was not running, and the missed-run policy let it go.
    Missed,
    /// The last attempt failed: the run is on the dead-letter list.
    Dead,
}

impl RunStatus {
    /// Every status, in the order the history filter lists them.
    pub const ALL: [RunStatus; 8] = [
        RunStatus::Queued,
        RunStatus::Running,
        RunStatus::Succeeded,
        RunStatus::Failed,
        RunStatus::TimedOut,
        RunStatus::Skipped,
        RunStatus::Missed,
        RunStatus::Dead,
    ];

    /// The stored name (`timed_out`).
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Queued => "queued",
            RunStatus::Running => "running",
            RunStatus::Succeeded => "succeeded",
            RunStatus::Failed => "failed",
            RunStatus::TimedOut => "timed_out",
            RunStatus::Skipped => "skipped",
            RunStatus::Missed => "missed",
            RunStatus::Dead => "dead",
        }
    }

    /// Whether the run is still going (or waiting to).
    pub fn is_active(self) -> bool {
        matches!(self, RunStatus::Queued | RunStatus::Running)
    }

    /// Whether the attempt ended in a failure (counts toward the failure alert).
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            RunStatus::Failed | RunStatus::TimedOut | RunStatus::Dead
        )
    }
}

impl fmt::Display for RunStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RunStatus {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        RunStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<_> = RunStatus::ALL.iter().map(|k| k.as_str()).collect();
                FieldError::new(
                    "status",
                    format!("`{s}` is not a run status; use one of {}", names.join(", ")),
                )
            })
    }
}

/// Why a run happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RunTrigger {
    /// The schedule fired on time.
    Schedule,
    /// The trader pressed "Run now".
    RunNow,
    /// A fire missed while Pilothouse was not running, run by the missed-run policy.
    CatchUp,
    /// Another attempt after a failure.
    Retry,
    /// The trader retried a dead letter.
    DeadLetterRetry,
}

impl RunTrigger {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RunTrigger::Schedule => "schedule",
            RunTrigger::RunNow => "run_now",
            RunTrigger::CatchUp => "catch_up",
            RunTrigger::Retry => "retry",
            RunTrigger::DeadLetterRetry => "dead_letter_retry",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<RunTrigger> {
        [
            RunTrigger::Schedule,
            RunTrigger::RunNow,
            RunTrigger::CatchUp,
            RunTrigger::Retry,
            RunTrigger::DeadLetterRetry,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// One attempt at one fire of a schedule: a row of the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScheduleRun {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub schedule_id: i64,
    pub schedule_name: String,
    pub kind: JobKind,
    /// The fire this run belongs to (for "Run now": when it was pressed).
    pub scheduled_for: DateTime<Utc>,
    pub trigger: RunTrigger,
    /// 1 for the first attempt at a fire.
    pub attempt: u32,
    pub status: RunStatus,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    #[ts(type = "number | null")]
    pub duration_ms: Option<i64>,
    /// When the next attempt starts (status failed or timed out).
    pub retry_at: Option<DateTime<Utc>>,
    /// What the job reported (JSON), when it succeeded.
    #[ts(type = "unknown")]
    pub result: Option<Value>,
    /// Why it failed or was skipped.
    pub error: Option<String>,
    /// The shell that ran it (`desktop`, `cli`).
    pub host: String,
}

/// Most runs on one history page.
pub const MAX_RUN_PAGE: u32 = 500;

/// Which runs the history shows, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RunFilter {
    /// Only this schedule's runs.
    #[ts(type = "number | null")]
    pub schedule_id: Option<i64>,
    /// Only runs in one of these statuses; empty for all.
    pub statuses: Vec<RunStatus>,
    /// Only runs older than this id (the previous page's `next_before`).
    #[ts(type = "number | null")]
    pub before: Option<i64>,
    /// Page size, 1..=500.
    pub limit: u32,
}

impl RunFilter {
    /// Refuses a page size outside 1..=500 (field `limit`).
    pub fn check(&self) -> Result<(), FieldError> {
        if (1..=MAX_RUN_PAGE).contains(&self.limit) {
            Ok(())
        } else {
            Err(FieldError::new(
                "limit",
                format!("is {}; must be between 1 and {MAX_RUN_PAGE}", self.limit),
            ))
        }
    }
}

/// One page of history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RunPage {
    pub runs: Vec<ScheduleRun>,
    /// Pass as `before` for the next (older) page; `null` at the end.
    #[ts(type = "number | null")]
    pub next_before: Option<i64>,
}

/// How the trader settles a dead letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DeadLetterAction {
    /// Run the fire once more now.
    Retry,
    /// Take it off the list; the history keeps it.
    Dismiss,
}

/// Fires missed while Pilothouse was away, per schedule: what the Overview shows after a sleep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MissedSummary {
    #[ts(type = "number")]
    pub schedule_id: i64,
    pub schedule_name: String,
    /// Fires recorded as missed.
    pub missed: u32,
    /// Fires run late by the missed-run policy.
    pub caught_up: u32,
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
}
