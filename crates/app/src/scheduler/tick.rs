//! One look at the clock: claim every due fire (or record it missed, or skipped while the
//! emergency pause holds), claim due retries, take over attempts abandoned by a process that
//! stopped, start queued runs, and prune old history. Each decision about time is core's
//! (`plan_fires`); each claim is one row insert that another process cannot also win.

use chrono::{DateTime, TimeDelta, Utc};
use pilothouse_core::schedule::{JobKind, RunStatus, RunTrigger, ScheduleRun, plan_fires};
use pilothouse_core::{AppEvent, LogType, NewLogEntry, Severity};
use pilothouse_store::ScheduleState;
use pilothouse_store::schedule_runs::{Claim, NewRun};
use serde_json::json;

use super::execute::Failure;
use crate::{App, AppError};

impl App {
    /// Handles everything due at the App clock's now, and returns when to look next (the
    /// earliest queued fire or retry). The runner loop calls this; tests call it after moving
    /// a manual clock.
    pub async fn scheduler_tick(&self) -> Result<Option<DateTime<Utc>>, AppError> {
        let now = self.now();
        let store = &self.inner.store;
        let mut agenda = self.inner.scheduler.agenda.lock().await;
        agenda.refresh(store).await?;
        for id in agenda.take_due(now) {
            let Some(state) = agenda.get(id).cloned() else {
                continue;
            };
            let result = self.claim_due(&state, now).await;
            agenda.handled(id, now);
            if let Err(error) = result {
                // Another schedule's fires still run; this one is looked at again next tick.
                agenda.invalidate();
                tracing::error!(%error, schedule = id, "could not claim a schedule's fires");
            }
        }
        let next_fire = agenda.next_fire();
        drop(agenda);

        for failed in store.due_retries(now).await? {
            if let Some(run) = store.claim_retry(failed.id, self.inner.shell, now).await? {
                self.announce_and_start(run);
            }
        }
        for run in store.abandoned_runs(now).await? {
            let reason = format!(
                "Pilothouse ({}) stopped while this run was going; its lease ran out",
                run.host
            );
            self.end_attempt(run, Err(Failure::failed(reason)), now)
                .await;
        }
        self.start_queued_runs(now).await;
        self.prune_history(now).await;
        let next_retry = store.next_retry_at().await?;
        Ok(match (next_fire, next_retry) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        })
    }

    /// Claims the fires of one schedule that are due at `now`, as its plan says.
    async fn claim_due(&self, state: &ScheduleState, now: DateTime<Utc>) -> Result<(), AppError> {
        let schedule = &state.schedule;
        let plan = plan_fires(&schedule.spec, state.handled_through, now);
        let paused = self.pause_reason_for(schedule.spec.kind);
        let runs = plan
            .missed
            .iter()
            .map(|at| NewRun {
                scheduled_for: *at,
                trigger: RunTrigger::Schedule,
                claim: Claim::Missed,
            })
            .chain(plan.run.iter().map(|(at, trigger)| NewRun {
                scheduled_for: *at,
                trigger: *trigger,
                claim: paused.clone().map_or(Claim::Run, Claim::Skip),
            }))
            .collect();
        let won = self
            .inner
            .store
            .claim_fires(schedule.id, runs, Some(now), self.inner.shell, now)
            .await?;
        let caught_up = won.iter().any(|r| r.trigger == RunTrigger::CatchUp);
        let recorded_missed = won.iter().any(|r| r.status == RunStatus::Missed);
        if caught_up || recorded_missed {
            self.log_missed(state, plan.missed_count, &won).await;
        }
        for run in won {
            self.announce_and_start(run);
        }
        Ok(())
    }

    /// Why a run of `kind` may not start now: the emergency pause, for trading kinds.
    pub(super) fn pause_reason_for(&self, kind: JobKind) -> Option<String> {
        let pause = self.pause_state();
        (pause.paused && kind.is_trading()).then(|| {
            format!(
                "emergency pause: {}",
                pause.reason.as_deref().unwrap_or("trading is stopped")
            )
        })
    }

    /// Publishes a claimed run and, if it is to run now, starts it.
    pub(super) fn announce_and_start(&self, run: ScheduleRun) {
        self.publish(AppEvent::RunChanged { run: run.clone() });
        if run.status == RunStatus::Running {
            self.start_attempt(run);
        }
    }

    async fn log_missed(&self, state: &ScheduleState, missed: u64, won: &[ScheduleRun]) {
        let name = &state.schedule.spec.name;
        let caught_up = won
            .iter()
            .filter(|r| r.trigger == RunTrigger::CatchUp)
            .count();
        let first = won.iter().map(|r| r.scheduled_for).min();
        let last = won.iter().map(|r| r.scheduled_for).max();
        let message = format!(
            "Schedule '{name}' missed {missed} run{} while Pilothouse was not running \
             (closed, asleep, or the clock jumped); {caught_up} run late by its missed-run policy",
            if missed == 1 { "" } else { "s" }
        );
        let entry = NewLogEntry::new(
            LogType::System,
            Severity::Warning,
            "scheduler",
            "missed_runs",
            message,
        )
        .with_data(json!({
            "schedule_id": state.schedule.id,
            "missed": missed,
            "caught_up": caught_up,
            "first": first,
            "last": last,
            "handled_through": state.handled_through,
        }));
        if let Err(error) = self.log(entry).await {
            tracing::warn!(%error, "could not log missed runs");
        }
    }

    /// Deletes history older than the retention setting, at most once an hour.
    async fn prune_history(&self, now: DateTime<Utc>) {
        let days = match self.run_retention_days().await {
            Ok(days) => days,
            Err(error) => {
                tracing::warn!(%error, "could not read the history retention");
                return;
            }
        };
        let mut last = self.inner.scheduler.last_prune.lock().await;
        if last.is_some_and(|at| now - at < TimeDelta::hours(1)) {
            return;
        }
        *last = Some(now);
        let cutoff = now - TimeDelta::days(i64::from(days));
        match self.inner.store.delete_runs_before(cutoff).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, days, "pruned schedule history"),
            Err(error) => tracing::warn!(%error, "could not prune schedule history"),
        }
    }
}
