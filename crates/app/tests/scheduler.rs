#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The scheduler as a whole App runs it, on a temp database with a manual clock: fires on
//! time, missed runs after a restart or a sleep, exactly-once claims between two processes,
//! retries, dead letters, alerts, timeouts, panics, the emergency pause, overlap.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use pilothouse_app::core::schedule::{
    DeadLetterAction, JobKind, MissedPolicy, OverlapPolicy, RunFilter, RunStatus, RunTrigger,
    ScheduleInput, ScheduleRun,
};
use pilothouse_app::core::{AppEvent, LogFilter, LogType, Severity};
use pilothouse_app::scheduler::JobRegistry;
use pilothouse_app::{App, AppError};
use pilothouse_testkit::jobs::{ScriptedJob, Step};
use pilothouse_testkit::{Workspace, next_event};
use tokio::sync::Notify;

const SOON: Duration = Duration::from_secs(10);

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// `run-bots` (a trading kind) and `sync-patterns` run the scripted job.
fn registry(job: &ScriptedJob) -> JobRegistry {
    JobRegistry::empty()
        .with(JobKind::RunBots, job.clone())
        .with(JobKind::SyncPatterns, job.clone())
}

async fn open(ws: &Workspace, shell: &'static str, job: &ScriptedJob) -> App {
    ws.open_with(shell, registry(job)).await.unwrap()
}

fn every_five(name: &str) -> ScheduleInput {
    ScheduleInput::cron(name, JobKind::RunBots, "*/5 * * * *", "UTC")
}

async fn tick(app: &App) {
    app.scheduler_tick().await.unwrap();
    app.scheduler_idle().await;
}

async fn history(app: &App, schedule_id: i64) -> Vec<ScheduleRun> {
    let filter = RunFilter {
        schedule_id: Some(schedule_id),
        limit: 500,
        ..RunFilter::default()
    };
    let mut runs = app.schedule_runs(&filter).await.unwrap().runs;
    runs.reverse();
    runs
}

fn field(result: Result<impl std::fmt::Debug, AppError>) -> String {
    match result {
        Err(AppError::Invalid(e)) => e.field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_schedules_are_refused_with_the_field_named_and_nothing_stored() {
    let ws = Workspace::new().unwrap();
    let app = ws.open("desktop").await.unwrap();
    let mut bad_cron = ScheduleInput::cron("a", JobKind::Webhook, "*/0 * * * *", "UTC");
    bad_cron.params = serde_json::json!({"url": "https://example.com"});
    assert_eq!(field(app.schedule_create(&bad_cron).await), "cron");
    let mut bad_url = bad_cron.clone();
    bad_url.cron = Some("* * * * *".into());
    bad_url.params = serde_json::json!({"url": "ftp://example.com"});
    assert_eq!(field(app.schedule_create(&bad_url).await), "params.url");
    let unbuilt = ScheduleInput::cron("bots", JobKind::RunBots, "* * * * *", "UTC");
    assert_eq!(
        field(app.schedule_create(&unbuilt).await),
        "kind",
        "a kind without an implementation is refused, never faked"
    );
    assert!(
        app.schedules_list().await.unwrap().is_empty(),
        "nothing stored"
    );

    let mut good = bad_url.clone();
    good.params = serde_json::json!({"url": "https://example.com"});
    app.schedule_create(&good).await.unwrap();
    assert_eq!(
        field(app.schedule_create(&good).await),
        "name",
        "names are unique"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_schedule_fires_on_time_once_per_fire() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    let app = open(&ws, "desktop", &job).await;
    let id = app.schedule_create(&every_five("bots")).await.unwrap().id;

    // t0 is 08:30:00 exactly; the first fire is 08:35.
    tick(&app).await;
    assert!(job.calls().is_empty(), "nothing is due at creation");
    ws.clock.set(at("2026-11-24T08:35:00.200Z"));
    tick(&app).await;
    tick(&app).await;
    let runs = history(&app, id).await;
    assert_eq!(runs.len(), 1, "a second tick does not run the fire again");
    assert_eq!(runs[0].scheduled_for, at("2026-11-24T08:35:00Z"));
    assert_eq!(runs[0].status, RunStatus::Succeeded);
    assert_eq!(runs[0].trigger, RunTrigger::Schedule);
    assert_eq!(runs[0].result, Some(serde_json::json!({"attempt": 1})));
    let next = app.schedules_list().await.unwrap()[0].next_fire.clone();
    assert_eq!(next.map(|f| f.at), Some(at("2026-11-24T08:40:00Z")));
    app.shutdown().await;
}

#[tokio::test]
async fn after_a_restart_missed_fires_follow_the_policy_and_are_reported() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    let app = open(&ws, "desktop", &job).await;
    let once = app
        .schedule_create(&every_five("run once"))
        .await
        .unwrap()
        .id;
    let mut skip = every_five("skip");
    skip.missed_policy = MissedPolicy::Skip;
    let skip = app.schedule_create(&skip).await.unwrap().id;
    let mut catch_up = every_five("catch up");
    catch_up.kind = JobKind::SyncPatterns;
    catch_up.missed_policy = MissedPolicy::CatchUp;
    catch_up.catch_up_grace_secs = 900;
    let catch_up = app.schedule_create(&catch_up).await.unwrap().id;
    app.shutdown().await;

    // Closed from 08:30 to 09:32: fires 08:35 … 09:30 (12 each) passed.
    ws.clock.set(at("2026-11-24T09:32:00Z"));
    let app = open(&ws, "desktop", &job).await;
    tick(&app).await;

    let once_runs = history(&app, once).await;
    let ran: Vec<_> = once_runs
        .iter()
        .filter(|r| r.status == RunStatus::Succeeded)
        .collect();
    assert_eq!(ran.len(), 1, "run-once runs one fire: {once_runs:?}");
    assert_eq!(ran[0].scheduled_for, at("2026-11-24T09:30:00Z"));
    assert_eq!(ran[0].trigger, RunTrigger::CatchUp);
    assert_eq!(
        once_runs
            .iter()
            .filter(|r| r.status == RunStatus::Missed)
            .count(),
        11
    );

    let skip_runs = history(&app, skip).await;
    assert_eq!(skip_runs.len(), 12);
    assert!(skip_runs.iter().all(|r| r.status == RunStatus::Missed));

    let caught: Vec<_> = history(&app, catch_up)
        .await
        .into_iter()
        .filter(|r| r.status == RunStatus::Succeeded)
        .map(|r| r.scheduled_for)
        .collect();
    assert_eq!(
        caught,
        [
            at("2026-11-24T09:20:00Z"),
            at("2026-11-24T09:25:00Z"),
            at("2026-11-24T09:30:00Z")
        ],
        "catch-up runs the fires within its 15-minute grace, oldest first"
    );

    let missed = app.missed_runs().await.unwrap();
    assert_eq!(
        missed.len(),
        3,
        "the Overview lists each schedule that missed runs"
    );
    let skip_summary = missed.iter().find(|m| m.schedule_id == skip).unwrap();
    assert_eq!((skip_summary.missed, skip_summary.caught_up), (12, 0));
    let warnings = app
        .logs_page(
            &LogFilter {
                types: vec![LogType::System],
                severities: vec![Severity::Warning],
                ..LogFilter::default()
            },
            None,
            50,
        )
        .await
        .unwrap();
    assert_eq!(
        warnings
            .entries
            .iter()
            .filter(|e| e.action == "missed_runs")
            .count(),
        3,
        "each schedule's missed runs are logged once"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_machine_that_slept_catches_up_like_a_restart_and_a_clock_jumping_back_reruns_nothing() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    let app = open(&ws, "desktop", &job).await;
    let id = app.schedule_create(&every_five("bots")).await.unwrap().id;
    tick(&app).await;
    // Asleep for an hour: no tick ran in between.
    ws.clock.set(at("2026-11-24T09:31:00Z"));
    tick(&app).await;
    let runs = history(&app, id).await;
    assert_eq!(
        runs.iter()
            .filter(|r| r.status == RunStatus::Missed)
            .count(),
        11
    );
    assert_eq!(
        job.calls().len(),
        1,
        "run-once ran the latest missed fire only"
    );

    ws.clock.set(at("2026-11-24T08:00:00Z"));
    tick(&app).await;
    ws.clock.set(at("2026-11-24T09:31:30Z"));
    tick(&app).await;
    assert_eq!(
        job.calls().len(),
        1,
        "fires already handled never run again"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn two_processes_on_one_database_run_each_fire_exactly_once() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    let desktop = open(&ws, "desktop", &job).await;
    let daemon = open(&ws, "cli", &job).await;
    let mut input = ScheduleInput::cron("every second", JobKind::RunBots, "* * * * * *", "UTC");
    input.overlap = OverlapPolicy::Queue;
    let id = desktop.schedule_create(&input).await.unwrap().id;

    for _ in 0..30 {
        ws.clock.advance(TimeDelta::seconds(1));
        let (a, b) = tokio::join!(desktop.scheduler_tick(), daemon.scheduler_tick());
        a.unwrap();
        b.unwrap();
        desktop.scheduler_idle().await;
        daemon.scheduler_idle().await;
    }
    let fires: Vec<_> = job.calls().iter().map(|c| c.scheduled_for).collect();
    let mut unique = fires.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(fires.len(), 30, "every fire ran");
    assert_eq!(unique.len(), fires.len(), "no fire ran twice");
    let hosts: Vec<_> = job.calls().into_iter().map(|c| c.host).collect();
    assert!(hosts.iter().all(|h| h == "desktop" || h == "cli"));
    assert_eq!(history(&desktop, id).await.len(), 30);
    desktop.shutdown().await;
    daemon.shutdown().await;
}

#[tokio::test]
async fn failures_retry_with_backoff_then_go_to_the_dead_letter_list_and_alert_once() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    job.otherwise(Step::Fail("exchange unreachable".into()));
    let app = open(&ws, "desktop", &job).await;
    let mut events = app.subscribe();
    let mut input = every_five("bots");
    input.alert_after_failures = 3;
    let id = app.schedule_create(&input).await.unwrap().id;

    ws.clock.set(at("2026-11-24T08:35:00Z"));
    tick(&app).await;
    let first = history(&app, id).await.pop().unwrap();
    assert_eq!(first.status, RunStatus::Failed);
    let wait = first.retry_at.unwrap() - at("2026-11-24T08:35:00Z");
    assert!(
        (48..=72).contains(&wait.num_seconds()),
        "the first retry waits the 60 s base ± 20 % jitter, waited {wait}"
    );

    ws.clock.set(first.retry_at.unwrap());
    tick(&app).await;
    let second = history(&app, id).await.pop().unwrap();
    assert_eq!((second.attempt, second.trigger), (2, RunTrigger::Retry));
    let wait = second.retry_at.unwrap() - second.finished_at.unwrap();
    assert!(
        (96..=144).contains(&wait.num_seconds()),
        "it doubles: {wait}"
    );

    ws.clock.set(second.retry_at.unwrap());
    tick(&app).await;
    let third = history(&app, id).await.pop().unwrap();
    assert_eq!((third.attempt, third.status), (3, RunStatus::Dead));
    assert_eq!(
        third.scheduled_for,
        at("2026-11-24T08:35:00Z"),
        "one fire, three attempts"
    );
    let alert = next_event(&mut events, SOON, |e| match e {
        AppEvent::ScheduleAlert {
            failures, error, ..
        } => Some((failures, error)),
        _ => None,
    })
    .await
    .unwrap();
    assert_eq!(alert, (3, "exchange unreachable".to_owned()));
    assert_eq!(app.dead_letters().await.unwrap().len(), 1);

    // The next fire fails too: no second alert for the same streak.
    ws.clock.set(at("2026-11-24T08:40:00.100Z"));
    tick(&app).await;
    let errors = app
        .logs_page(
            &LogFilter {
                severities: vec![Severity::Error],
                ..LogFilter::default()
            },
            None,
            100,
        )
        .await
        .unwrap();
    let alerts = errors
        .entries
        .iter()
        .filter(|e| e.action == "schedule_alert")
        .count();
    assert_eq!(alerts, 1, "the alert is raised once per streak");

    // The trader fixes the cause and retries the dead letter.
    job.otherwise(Step::Succeed);
    let dead = app.dead_letters().await.unwrap().remove(0);
    let retried = app
        .dead_letter_settle(dead.id, DeadLetterAction::Retry)
        .await
        .unwrap();
    assert_eq!(retried.trigger, RunTrigger::DeadLetterRetry);
    app.scheduler_idle().await;
    assert_eq!(
        app.schedule_run(retried.id).await.unwrap().status,
        RunStatus::Succeeded
    );
    assert!(app.dead_letters().await.unwrap().is_empty());
    assert_eq!(app.schedules_list().await.unwrap()[0].failure_streak, 0);
    let again = app
        .dead_letter_settle(dead.id, DeadLetterAction::Dismiss)
        .await;
    assert_eq!(
        field(again),
        "id",
        "a settled dead letter cannot be settled twice"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_job_that_hangs_times_out_and_a_job_that_panics_fails_without_stopping_the_scheduler() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    job.then(Step::Hang).then(Step::Panic);
    let app = open(&ws, "desktop", &job).await;
    let mut input = every_five("bots");
    input.timeout_secs = 1;
    let id = app.schedule_create(&input).await.unwrap().id;

    let hung = app.schedule_run_now(id).await.unwrap();
    app.scheduler_idle().await;
    let hung = app.schedule_run(hung.id).await.unwrap();
    assert_eq!(hung.status, RunStatus::TimedOut);
    assert!(hung.error.unwrap().contains("timed out after 1 s"));

    ws.clock.advance(TimeDelta::seconds(1));
    let panicked = app.schedule_run_now(id).await.unwrap();
    app.scheduler_idle().await;
    let panicked = app.schedule_run(panicked.id).await.unwrap();
    assert_eq!(panicked.status, RunStatus::Failed);
    assert!(panicked.error.unwrap().contains("panicked: scripted panic"));

    ws.clock.advance(TimeDelta::seconds(1));
    let fine = app.schedule_run_now(id).await.unwrap();
    app.scheduler_idle().await;
    assert_eq!(
        app.schedule_run(fine.id).await.unwrap().status,
        RunStatus::Succeeded
    );
    app.shutdown().await;
}

#[tokio::test]
async fn the_emergency_pause_skips_trading_kinds_only_and_resume_does_not_replay() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    let app = open(&ws, "desktop", &job).await;
    let bots = app.schedule_create(&every_five("bots")).await.unwrap().id;
    let mut sync = every_five("sync");
    sync.kind = JobKind::SyncPatterns;
    let sync = app.schedule_create(&sync).await.unwrap().id;
    app.pause_all("exchange outage").await.unwrap();

    ws.clock.set(at("2026-11-24T08:35:00.100Z"));
    tick(&app).await;
    let skipped = history(&app, bots).await.pop().unwrap();
    assert_eq!(skipped.status, RunStatus::Skipped);
    assert_eq!(
        skipped.error.as_deref(),
        Some("emergency pause: exchange outage")
    );
    assert_eq!(
        history(&app, sync).await.pop().unwrap().status,
        RunStatus::Succeeded
    );
    let now = app.schedule_run_now(bots).await.unwrap();
    assert_eq!(
        now.status,
        RunStatus::Skipped,
        "run now is held back by the pause too"
    );

    app.resume_all().await.unwrap();
    ws.clock.set(at("2026-11-24T08:36:00Z"));
    tick(&app).await;
    assert_eq!(
        job.calls().len(),
        1,
        "resume does not replay the skipped fire"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn overlap_skip_skips_a_fire_while_the_previous_run_goes_and_queue_waits_for_it() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    let release = Arc::new(Notify::new());
    job.then(Step::WaitFor(release.clone()));
    let app = open(&ws, "desktop", &job).await;
    let id = app.schedule_create(&every_five("bots")).await.unwrap().id;

    let first = app.schedule_run_now(id).await.unwrap();
    assert_eq!(first.status, RunStatus::Running);
    ws.clock.advance(TimeDelta::seconds(1));
    let second = app.schedule_run_now(id).await.unwrap();
    assert_eq!(second.status, RunStatus::Skipped);
    assert!(second.error.unwrap().contains("still going"));
    release.notify_one();
    app.scheduler_idle().await;

    let mut queue = every_five("bots");
    queue.overlap = OverlapPolicy::Queue;
    app.schedule_update(id, &queue).await.unwrap();
    job.then(Step::WaitFor(release.clone()));
    ws.clock.advance(TimeDelta::seconds(1));
    let third = app.schedule_run_now(id).await.unwrap();
    ws.clock.advance(TimeDelta::seconds(1));
    let fourth = app.schedule_run_now(id).await.unwrap();
    assert_eq!(fourth.status, RunStatus::Queued);
    release.notify_one();
    app.scheduler_idle().await; // the queued run starts as soon as the third ends
    assert_eq!(
        app.schedule_run(third.id).await.unwrap().status,
        RunStatus::Succeeded
    );
    let fourth = app.schedule_run(fourth.id).await.unwrap();
    assert_eq!(
        fourth.status,
        RunStatus::Succeeded,
        "the queued run ran after: {fourth:?}"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_run_left_running_by_a_process_that_died_is_taken_over_as_a_failure() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    job.then(Step::Hang);
    let crashed = open(&ws, "cli", &job).await;
    let mut input = every_five("bots");
    input.timeout_secs = 120;
    let id = crashed.schedule_create(&input).await.unwrap().id;
    let stuck = crashed.schedule_run_now(id).await.unwrap();
    // The CLI "dies": its run stays `running` in the database.

    let desktop = open(&ws, "desktop", &job).await;
    ws.clock.advance(TimeDelta::seconds(100));
    tick(&desktop).await;
    assert_eq!(
        desktop.schedule_run(stuck.id).await.unwrap().status,
        RunStatus::Running,
        "within its lease"
    );
    ws.clock.advance(TimeDelta::seconds(60));
    tick(&desktop).await;
    let taken = desktop.schedule_run(stuck.id).await.unwrap();
    assert_eq!(taken.status, RunStatus::Failed, "{taken:?}");
    assert!(
        taken
            .error
            .unwrap()
            .contains("stopped while this run was going")
    );
    assert!(
        taken.retry_at.is_some(),
        "and it is retried like any failure"
    );
    desktop.shutdown().await;
}

#[tokio::test]
async fn a_one_time_job_runs_once_at_its_deadline_even_across_a_restart() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    let app = open(&ws, "desktop", &job).await;
    let input = ScheduleInput::once(
        "deadline",
        JobKind::SyncPatterns,
        "2026-11-24T12:00:00+01:00",
        "Europe/Paris",
    );
    let id = app.schedule_create(&input).await.unwrap().id;
    app.shutdown().await;

    let app = open(&ws, "desktop", &job).await;
    ws.clock.set(at("2026-11-24T11:00:00.300Z"));
    tick(&app).await;
    ws.clock.set(at("2026-11-25T11:00:00Z"));
    tick(&app).await;
    let runs = history(&app, id).await;
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].scheduled_for, at("2026-11-24T11:00:00Z"));
    assert_eq!(app.schedules_list().await.unwrap()[0].next_fire, None);
    app.shutdown().await;
}

#[tokio::test]
async fn a_disabled_schedule_does_not_fire_and_resuming_it_does_not_count_missed_runs() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    let app = open(&ws, "desktop", &job).await;
    let id = app.schedule_create(&every_five("bots")).await.unwrap().id;
    app.schedule_set_enabled(id, false).await.unwrap();
    ws.clock.set(at("2026-11-24T10:00:00Z"));
    tick(&app).await;
    app.schedule_set_enabled(id, true).await.unwrap();
    tick(&app).await;
    assert!(
        history(&app, id).await.is_empty(),
        "nothing ran, nothing missed"
    );
    ws.clock.set(at("2026-11-24T10:05:00.100Z"));
    tick(&app).await;
    assert_eq!(job.calls().len(), 1);
    app.shutdown().await;
}

#[tokio::test]
async fn default_schedules_are_created_once_for_kinds_that_exist() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    let app = open(&ws, "desktop", &job).await;
    app.start_scheduler().await.unwrap();
    let names: Vec<_> = app
        .schedules_list()
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.schedule.spec.name, s.schedule.spec.timing))
        .collect();
    assert_eq!(
        names.len(),
        2,
        "run-bots and sync-patterns have jobs here: {names:?}"
    );
    let bots = app
        .schedules_list()
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.schedule.spec.kind == JobKind::RunBots)
        .unwrap();
    app.schedule_delete(bots.schedule.id).await.unwrap();
    app.shutdown().await;

    let app = open(&ws, "desktop", &job).await;
    app.start_scheduler().await.unwrap();
    assert_eq!(
        app.schedules_list().await.unwrap().len(),
        1,
        "a deleted default stays deleted"
    );
    let status = app.scheduler_status().await.unwrap();
    assert!(status.running);
    assert_eq!(status.next.len(), 10);
    assert!(status.next.windows(2).all(|w| w[0].fire.at <= w[1].fire.at));
    app.shutdown().await;
}

#[tokio::test]
async fn closing_the_app_cancels_a_long_run_and_records_it_for_retry() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    job.then(Step::Hang);
    let app = open(&ws, "desktop", &job).await;
    let id = app.schedule_create(&every_five("bots")).await.unwrap().id;
    let run = app.schedule_run_now(id).await.unwrap();
    tokio::time::timeout(Duration::from_secs(5), app.shutdown())
        .await
        .expect("shutdown does not wait out the job's 270 s timeout");

    let app = open(&ws, "desktop", &job).await;
    let run = app.schedule_run(run.id).await.unwrap();
    assert_eq!(run.status, RunStatus::Failed);
    assert!(
        run.error
            .unwrap()
            .contains("closed while this run was going")
    );
    assert!(run.retry_at.is_some(), "it is retried after the next start");
    app.shutdown().await;
}

#[tokio::test]
async fn the_status_lists_the_next_ten_fires_over_all_schedules_in_order() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    let app = open(&ws, "desktop", &job).await;
    app.schedule_create(&every_five("bots")).await.unwrap();
    let mut hourly = ScheduleInput::cron("sync", JobKind::SyncPatterns, "0 * * * *", "UTC");
    hourly.missed_policy = MissedPolicy::Skip;
    app.schedule_create(&hourly).await.unwrap();
    let mut off = ScheduleInput::cron("off", JobKind::SyncPatterns, "* * * * *", "UTC");
    off.enabled = false;
    app.schedule_create(&off).await.unwrap();

    let next: Vec<_> = app
        .scheduler_status()
        .await
        .unwrap()
        .next
        .into_iter()
        .map(|r| (r.fire.at, r.schedule_name))
        .collect();
    // From 08:30: bots at 08:35 … 09:20 (every 5 min) and sync at 09:00; the disabled one never.
    let expected: Vec<_> = [
        ("08:35", "bots"),
        ("08:40", "bots"),
        ("08:45", "bots"),
        ("08:50", "bots"),
        ("08:55", "bots"),
        ("09:00", "bots"),
        ("09:00", "sync"),
        ("09:05", "bots"),
        ("09:10", "bots"),
        ("09:15", "bots"),
    ]
    .into_iter()
    .map(|(t, name)| (at(&format!("2026-11-24T{t}:00Z")), name.to_owned()))
    .collect();
    assert_eq!(next, expected);
    app.shutdown().await;
}

#[tokio::test]
async fn schedules_and_runs_another_process_makes_reach_this_apps_events() {
    let ws = Workspace::new().unwrap();
    let job = ScriptedJob::new();
    let desktop = open(&ws, "desktop", &job).await;
    let mut events = desktop.subscribe();
    let cli = open(&ws, "cli", &job).await;
    let id = cli
        .schedule_create(&every_five("from the cli"))
        .await
        .unwrap()
        .id;
    next_event(&mut events, SOON, |e| {
        matches!(e, AppEvent::SchedulesChanged).then_some(())
    })
    .await
    .expect("the desktop hears of a schedule the CLI created");
    let run = cli.schedule_run_now(id).await.unwrap();
    cli.scheduler_idle().await;
    let seen = next_event(&mut events, SOON, |e| match e {
        AppEvent::RunChanged { run: seen } if seen.id == run.id && !seen.status.is_active() => {
            Some(seen)
        }
        _ => None,
    })
    .await
    .expect("the desktop hears how the CLI's run ended");
    assert_eq!(seen.status, RunStatus::Succeeded);
    cli.shutdown().await;
    desktop.shutdown().await;
}
