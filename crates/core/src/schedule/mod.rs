//! Schedules: what runs when, what happened each time, and the pure rules the scheduler's
//! runner follows (which fires are due or missed, how long to wait before a retry).
//!
//! The runner itself lives in the App, where the clock, the database and the jobs are; every
//! decision it makes about time is a function here, so it can be tested in microseconds with
//! any clock.

mod kind;
mod plan;
mod retry;
mod run;
mod spec;
mod view;

pub use kind::{JobKind, WebhookParams};
pub use plan::{FirePlan, MAX_CATCH_UP_RUNS, MAX_MISSED_RECORDED, MISSED_AFTER, plan_fires};
pub use retry::{MAX_BACKOFF_SECS, backoff};
pub use run::{
    DeadLetterAction, MAX_RUN_PAGE, MissedSummary, RunFilter, RunPage, RunStatus, RunTrigger,
    ScheduleRun,
};
pub use spec::{
    DEFAULT_ALERT_AFTER, DEFAULT_BACKOFF_BASE_SECS, DEFAULT_CATCH_UP_GRACE_SECS,
    DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_SECS, MAX_ATTEMPTS, MAX_CATCH_UP_GRACE_SECS,
    MAX_NAME_LEN, MAX_TIMEOUT_SECS, MissedPolicy, OverlapPolicy, Schedule, ScheduleInput,
    ScheduleSpec, Timing,
};
pub use view::{JobKindInfo, ScheduleSummary, SchedulerStatus, UpcomingRun};
