//! What the shells show about schedules: the list with next fires and last runs, the
//! scheduler's status, what was missed while away, and the kinds and zones to pick from.

use std::collections::HashMap;

use chrono::TimeDelta;
use pilothouse_core::cron::ZoneName;
use pilothouse_core::schedule::{
    JobKind, JobKindInfo, MissedSummary, ScheduleSummary, SchedulerStatus, UpcomingRun,
};

use crate::{App, AppError};

/// How many fires the status lists.
const STATUS_NEXT: usize = 10;

/// How far back the Overview looks for missed runs.
const MISSED_WINDOW: TimeDelta = TimeDelta::hours(24);

impl App {
    /// Every schedule by name, with its next fire and last run.
    pub async fn schedules_list(&self) -> Result<Vec<ScheduleSummary>, AppError> {
        let store = &self.inner.store;
        let mut last: HashMap<i64, _> = store
            .latest_runs()
            .await?
            .into_iter()
            .map(|run| (run.schedule_id, run))
            .collect();
        let now = self.now();
        Ok(store
            .schedules()
            .await?
            .into_iter()
            .map(|state| {
                let spec = &state.schedule.spec;
                let next_fire = spec
                    .enabled
                    .then(|| spec.next_fire(state.handled_through.max(now)))
                    .flatten();
                ScheduleSummary {
                    last_run: last.remove(&state.schedule.id),
                    next_fire,
                    failure_streak: state.failure_streak,
                    schedule: state.schedule,
                }
            })
            .collect())
    }

    /// The scheduler at a glance.
    pub async fn scheduler_status(&self) -> Result<SchedulerStatus, AppError> {
        let store = &self.inner.store;
        let now = self.now();
        let schedules = store.schedules().await?;
        let mut next: Vec<UpcomingRun> = schedules
            .iter()
            .filter(|s| s.schedule.spec.enabled)
            .flat_map(|s| {
                let spec = &s.schedule.spec;
                spec.upcoming(s.handled_through.max(now), STATUS_NEXT)
                    .into_iter()
                    .map(|fire| UpcomingRun {
                        schedule_id: s.schedule.id,
                        schedule_name: spec.name.clone(),
                        kind: spec.kind,
                        fire,
                    })
            })
            .collect();
        next.sort_by_key(|run| run.fire.at);
        next.truncate(STATUS_NEXT);
        Ok(SchedulerStatus {
            running: self.scheduler_running(),
            paused: self.is_paused(),
            schedules: count(schedules.len()),
            enabled: count(schedules.iter().filter(|s| s.schedule.spec.enabled).count()),
            next,
            last_error: store.last_failure().await?,
            dead_letters: count(store.dead_letters().await?.len()),
        })
    }

    /// Per schedule, the fires of the last 24 hours that passed while Pilothouse was not
    /// running: recorded missed, or run late by the missed-run policy.
    pub async fn missed_runs(&self) -> Result<Vec<MissedSummary>, AppError> {
        Ok(self
            .inner
            .store
            .missed_since(self.now() - MISSED_WINDOW)
            .await?)
    }

    /// Every job kind, and whether this build can run it.
    pub fn job_kinds(&self) -> Vec<JobKindInfo> {
        JobKind::ALL
            .into_iter()
            .map(|kind| JobKindInfo {
                kind,
                summary: kind.summary().to_owned(),
                available: self.inner.scheduler.jobs.has(kind),
                trading: kind.is_trading(),
            })
            .collect()
    }

    /// Every IANA time zone name, sorted.
    pub fn time_zones(&self) -> Vec<&'static str> {
        ZoneName::all_names()
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
