//! Schedules and runs as the scheduler relies on them: a fire is claimed once across two
//! processes' connections, handled-through marks never move back, a running attempt's lease
//! ends at its timeout, retention keeps what the trader still needs, and the database's own
//! checks name the field.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use chrono::{DateTime, Duration, TimeZone, Utc};
use pilothouse_core::schedule::{
    DeadLetterAction, JobKind, RunStatus, RunTrigger, ScheduleInput, ScheduleSpec,
};
use pilothouse_store::schedule_runs::{Claim, NewRun, Outcome};
use pilothouse_store::{Store, StoreError};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
        .single()
        .unwrap()
}

fn spec(name: &str) -> ScheduleSpec {
    let mut input = ScheduleInput::cron(name, JobKind::RunBots, "*/5 * * * *", "UTC");
    input.timeout_secs = 60;
    input.check().unwrap()
}

fn fire(at: DateTime<Utc>) -> NewRun {
    NewRun {
        scheduled_for: at,
        trigger: RunTrigger::Schedule,
        claim: Claim::Run,
    }
}

async fn two_stores() -> (tempfile::TempDir, Store, Store) {
    let dir = tempfile::tempdir().unwrap();
    let a = Store::open_in(dir.path()).await.unwrap();
    let b = Store::open_in(dir.path()).await.unwrap();
    (dir, a, b)
}

#[tokio::test]
async fn a_fire_is_claimed_by_exactly_one_of_two_processes() {
    let (_dir, desktop, daemon) = two_stores().await;
    let id = desktop
        .insert_schedule(&spec("bots"), t0())
        .await
        .unwrap()
        .id;
    let at = t0() + Duration::minutes(5);
    let (a, b) = tokio::join!(
        desktop.claim_fires(id, vec![fire(at)], Some(at), "desktop", at),
        daemon.claim_fires(id, vec![fire(at)], Some(at), "cli", at),
    );
    let won: Vec<_> = a.unwrap().into_iter().chain(b.unwrap()).collect();
    assert_eq!(
        won.len(),
        1,
        "one claim wins, the other sees no row: {won:?}"
    );
    assert_eq!(won[0].status, RunStatus::Running);
    assert_eq!(won[0].attempt, 1);
}

#[tokio::test]
async fn the_handled_through_mark_never_moves_back() {
    let (_dir, store, _) = two_stores().await;
    let id = store.insert_schedule(&spec("bots"), t0()).await.unwrap().id;
    store
        .mark_handled(id, t0() + Duration::hours(1))
        .await
        .unwrap();
    store.mark_handled(id, t0()).await.unwrap();
    let state = store.schedule(id).await.unwrap();
    assert_eq!(state.handled_through, t0() + Duration::hours(1));
}

#[tokio::test]
async fn a_running_attempt_is_abandoned_only_after_its_timeout_and_margin() {
    let (_dir, store, _) = two_stores().await;
    let id = store.insert_schedule(&spec("bots"), t0()).await.unwrap().id;
    store
        .claim_fires(id, vec![fire(t0())], None, "cli", t0())
        .await
        .unwrap();
    let lease_end = t0() + Duration::seconds(60 + 30);
    assert!(store.abandoned_runs(lease_end).await.unwrap().is_empty());
    let abandoned = store
        .abandoned_runs(lease_end + Duration::milliseconds(1))
        .await
        .unwrap();
    assert_eq!(abandoned.len(), 1);
}

#[tokio::test]
async fn finishing_twice_records_once_and_the_failure_streak_alerts_once() {
    let (_dir, store, _) = two_stores().await;
    let mut input = ScheduleInput::cron("bots", JobKind::RunBots, "* * * * *", "UTC");
    input.alert_after_failures = 2;
    let id = store
        .insert_schedule(&input.check().unwrap(), t0())
        .await
        .unwrap()
        .id;
    let failed = |retry| Outcome {
        status: RunStatus::Failed,
        result: None,
        error: Some("boom".into()),
        retry_at: retry,
    };
    let mut alerts = Vec::new();
    for minute in 1..=3 {
        let at = t0() + Duration::minutes(minute);
        let run = store
            .claim_fires(id, vec![fire(at)], None, "cli", at)
            .await
            .unwrap()
            .remove(0);
        let finished = store
            .finish_run(run.id, failed(None), at)
            .await
            .unwrap()
            .unwrap();
        alerts.push((finished.failure_streak, finished.alert));
        assert!(
            store
                .finish_run(run.id, failed(None), at)
                .await
                .unwrap()
                .is_none(),
            "ended once"
        );
    }
    assert_eq!(alerts, [(1, false), (2, true), (3, false)]);
}

#[tokio::test]
async fn retention_keeps_unsettled_dead_letters_and_deletes_old_history() {
    let (_dir, store, _) = two_stores().await;
    let id = store.insert_schedule(&spec("bots"), t0()).await.unwrap().id;
    let mut ids = Vec::new();
    for (minute, status) in [
        (0, RunStatus::Succeeded),
        (5, RunStatus::Dead),
        (10, RunStatus::Dead),
    ] {
        let at = t0() + Duration::minutes(minute);
        let run = store
            .claim_fires(id, vec![fire(at)], None, "cli", at)
            .await
            .unwrap()
            .remove(0);
        let outcome = Outcome {
            status,
            result: None,
            error: None,
            retry_at: None,
        };
        store.finish_run(run.id, outcome, at).await.unwrap();
        ids.push(run.id);
    }
    store
        .settle_dead_letter(ids[2], DeadLetterAction::Dismiss, "cli", t0())
        .await
        .unwrap();
    let deleted = store
        .delete_runs_before(t0() + Duration::days(1))
        .await
        .unwrap();
    assert_eq!(deleted, 2, "the success and the dismissed dead letter go");
    assert_eq!(
        store.dead_letters().await.unwrap().len(),
        1,
        "the unsettled one stays"
    );
}

#[tokio::test]
async fn a_taken_name_and_an_unknown_id_name_their_field() {
    let (_dir, store, _) = two_stores().await;
    store.insert_schedule(&spec("bots"), t0()).await.unwrap();
    let taken = store.insert_schedule(&spec("bots"), t0()).await;
    assert!(
        matches!(taken, Err(StoreError::Invalid(ref e)) if e.field == "name"),
        "{taken:?}"
    );
    let missing = store.update_schedule(999, &spec("x"), t0()).await;
    assert!(
        matches!(missing, Err(StoreError::Invalid(ref e)) if e.field == "id"),
        "{missing:?}"
    );
    assert_eq!(
        store.schedules().await.unwrap().len(),
        1,
        "nothing else stored"
    );
}
