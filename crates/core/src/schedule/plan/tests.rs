use chrono::{DateTime, Utc};

use super::*;
use crate::schedule::{JobKind, ScheduleInput};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

fn every_five(policy: MissedPolicy) -> ScheduleSpec {
    let mut input = ScheduleInput::cron("bots", JobKind::RunBots, "*/5 * * * *", "UTC");
    input.missed_policy = policy;
    input.catch_up_grace_secs = 1_800;
    input.check().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_fire_on_time_runs_and_nothing_is_missed() {
    let plan = plan_fires(
        &every_five(MissedPolicy::Skip),
        at("2026-11-24T08:59:59Z"),
        at("2026-11-24T09:00:00.400Z"),
    );
    assert_eq!(
        plan.run,
        [(at("2026-11-24T09:00:00Z"), RunTrigger::Schedule)]
    );
    assert_eq!(plan.missed_count, 0);
}

#[test]
fn nothing_is_due_between_fires() {
    let plan = plan_fires(
        &every_five(MissedPolicy::CatchUp),
        at("2026-11-24T09:00:00Z"),
        at("2026-11-24T09:04:59Z"),
    );
    assert!(plan.is_empty(), "{plan:?}");
}

#[test]
fn after_a_sleep_skip_records_every_missed_fire_and_runs_none() {
    // Asleep from 09:01 to 10:02: fires 09:05 … 10:00 (12 of them) passed.
    let plan = plan_fires(
        &every_five(MissedPolicy::Skip),
        at("2026-11-24T09:01:00Z"),
        at("2026-11-24T10:02:00Z"),
    );
    assert!(plan.run.is_empty());
    assert_eq!(plan.missed_count, 12);
    assert_eq!(plan.missed.first(), Some(&at("2026-11-24T09:05:00Z")));
    assert_eq!(plan.missed.last(), Some(&at("2026-11-24T10:00:00Z")));
}

#[test]
fn after_a_sleep_run_once_runs_the_latest_missed_fire_only() {
    let plan = plan_fires(
        &every_five(MissedPolicy::RunOnce),
        at("2026-11-24T09:01:00Z"),
        at("2026-11-24T10:02:00Z"),
    );
    assert_eq!(
        plan.run,
        [(at("2026-11-24T10:00:00Z"), RunTrigger::CatchUp)]
    );
    assert_eq!(
        plan.missed_count, 11,
        "the other eleven are recorded missed"
    );
    assert!(!plan.missed.contains(&at("2026-11-24T10:00:00Z")));
}

#[test]
fn run_once_does_not_run_twice_when_a_fire_is_on_time() {
    let plan = plan_fires(
        &every_five(MissedPolicy::RunOnce),
        at("2026-11-24T09:01:00Z"),
        at("2026-11-24T10:05:00.300Z"),
    );
    assert_eq!(
        plan.run,
        [(at("2026-11-24T10:05:00Z"), RunTrigger::Schedule)]
    );
    assert_eq!(plan.missed_count, 12);
}

#[test]
fn catch_up_runs_the_fires_within_grace_oldest_first() {
    // Grace 30 min: at 10:02 fires from 09:32 on are caught up (09:35 … 10:00 = 6).
    let plan = plan_fires(
        &every_five(MissedPolicy::CatchUp),
        at("2026-11-24T09:01:00Z"),
        at("2026-11-24T10:02:00Z"),
    );
    let runs: Vec<_> = plan.run.iter().map(|(f, _)| *f).collect();
    assert_eq!(runs.len(), 6);
    assert_eq!(runs.first(), Some(&at("2026-11-24T09:35:00Z")));
    assert!(runs.windows(2).all(|w| w[0] < w[1]), "oldest first");
    assert!(plan.run.iter().all(|(_, t)| *t == RunTrigger::CatchUp));
    assert_eq!(plan.missed_count, 6);
}

#[test]
fn a_clock_that_jumped_back_reruns_nothing() {
    let plan = plan_fires(
        &every_five(MissedPolicy::CatchUp),
        at("2026-11-24T10:00:00Z"),
        at("2026-11-24T09:00:00Z"),
    );
    assert!(plan.is_empty());
}

#[test]
fn a_one_time_job_runs_once_at_its_instant_and_never_again() {
    let spec = ScheduleInput::once(
        "deadline",
        JobKind::CheckSignals,
        "2026-11-24T12:00:00Z",
        "UTC",
    )
    .check()
    .unwrap_or_else(|e| panic!("{e}"));
    let before = plan_fires(
        &spec,
        at("2026-11-24T11:00:00Z"),
        at("2026-11-24T11:59:59Z"),
    );
    assert!(before.is_empty());
    let due = plan_fires(
        &spec,
        at("2026-11-24T11:59:59Z"),
        at("2026-11-24T12:00:00.2Z"),
    );
    assert_eq!(
        due.run,
        [(at("2026-11-24T12:00:00Z"), RunTrigger::Schedule)]
    );
    let after = plan_fires(
        &spec,
        at("2026-11-24T12:00:00.2Z"),
        at("2026-11-25T12:00:00Z"),
    );
    assert!(after.is_empty());
}

#[test]
fn a_one_time_job_whose_deadline_passed_while_closed_follows_the_policy() {
    let mut input = ScheduleInput::once(
        "deadline",
        JobKind::CheckSignals,
        "2026-11-24T12:00:00Z",
        "UTC",
    );
    let closed_from = at("2026-11-24T11:00:00Z");
    let reopened = at("2026-11-24T15:00:00Z");
    input.missed_policy = MissedPolicy::RunOnce;
    let spec = input.check().unwrap_or_else(|e| panic!("{e}"));
    let plan = plan_fires(&spec, closed_from, reopened);
    assert_eq!(
        plan.run,
        [(at("2026-11-24T12:00:00Z"), RunTrigger::CatchUp)]
    );
    input.missed_policy = MissedPolicy::Skip;
    let spec = input.check().unwrap_or_else(|e| panic!("{e}"));
    let plan = plan_fires(&spec, closed_from, reopened);
    assert_eq!((plan.run.len(), plan.missed_count), (0, 1));
}

#[test]
fn a_month_away_from_a_per_second_schedule_stays_bounded() {
    let mut input = ScheduleInput::cron("tick", JobKind::Webhook, "* * * * * *", "UTC");
    input.params = serde_json::json!({"url": "http://localhost/h"});
    input.missed_policy = MissedPolicy::RunOnce;
    let spec = input.check().unwrap_or_else(|e| panic!("{e}"));
    let now = at("2026-12-24T00:00:00Z");
    let plan = plan_fires(&spec, at("2026-11-24T00:00:00Z"), now);
    assert_eq!(plan.missed.len(), MAX_MISSED_RECORDED);
    assert!(plan.missed_count > 100_000, "counted {}", plan.missed_count);
    // The fire at `now` is on time and covers the missed ones, so run-once adds none.
    assert_eq!(plan.run, [(now, RunTrigger::Schedule)]);
}

#[test]
fn after_a_short_stop_only_the_latest_fire_is_on_time() {
    // Stopped for 25 s under a 3-second schedule: 8 fires passed, none over a minute ago.
    let mut input = ScheduleInput::cron("tick", JobKind::RunBots, "*/3 * * * * *", "UTC");
    input.missed_policy = MissedPolicy::Skip;
    let spec = input.check().unwrap_or_else(|e| panic!("{e}"));
    let plan = plan_fires(
        &spec,
        at("2026-11-24T09:00:00Z"),
        at("2026-11-24T09:00:25Z"),
    );
    assert_eq!(
        plan.run,
        [(at("2026-11-24T09:00:24Z"), RunTrigger::Schedule)]
    );
    assert_eq!(
        plan.missed_count, 7,
        "the earlier ones were missed, not run in a burst"
    );
}
