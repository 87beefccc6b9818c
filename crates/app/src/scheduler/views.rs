//! What the shells show about schedules: the list with next fires and last runs, the
//! scheduler's status, what was missed while away, and the kinds and zones to pick from.

use std::collections::HashMap;

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::{DateTime, TimeDelta, Utc};
use pilothouse_core::cron::ZoneName;
use pilothouse_core::schedule::{
    JobKind, JobKindInfo, MissedSummary, RunFilter, ScheduleRun, ScheduleSummary, SchedulerStatus,
    UpcomingRun,
};
use pilothouse_store::ScheduleState;

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
                let last_run = last.remove(&state.schedule.id);
                summary(state, last_run, now)
            })
            .collect())
    }

    /// One schedule with its next fire and last run (what `schedules_list` shows of it).
    pub async fn schedule_summary(&self, id: i64) -> Result<ScheduleSummary, AppError> {
        let store = &self.inner.store;
        let state = store.schedule(id).await?;
        let newest = RunFilter {
            schedule_id: Some(id),
            limit: 1,
            ..RunFilter::default()
        };
        let last_run = store.runs_page(&newest).await?.runs.pop();
        Ok(summary(state, last_run, self.now()))
    }

    /// The scheduler at a glance.
    pub async fn scheduler_status(&self) -> Result<SchedulerStatus, AppError> {
        let store = &self.inner.store;
        let now = self.now();
        let schedules = store.schedules().await?;
        let next = next_runs(&schedules, now, STATUS_NEXT);
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

/// The first `count` fires over all enabled schedules, merged earliest first: each schedule's
/// next instant goes on a heap and only the schedules actually picked compute another, so
/// 10,000 schedules cost 10,000 next-fire computations, not ten times that.
fn next_runs(schedules: &[ScheduleState], now: DateTime<Utc>, count: usize) -> Vec<UpcomingRun> {
    let mut heap: BinaryHeap<Reverse<(DateTime<Utc>, usize)>> = schedules
        .iter()
        .enumerate()
        .filter(|(_, s)| s.schedule.spec.enabled)
        .filter_map(|(i, s)| {
            let at = s.schedule.spec.next_fire_at(s.handled_through.max(now))?;
            Some(Reverse((at, i)))
        })
        .collect();
    let mut next = Vec::with_capacity(count);
    while next.len() < count {
        let Some(Reverse((at, i))) = heap.pop() else {
            break;
        };
        let spec = &schedules[i].schedule.spec;
        // Shown with its local time and DST note; the instant is the one just popped.
        if let Some(fire) = spec.next_fire(at - TimeDelta::seconds(1)) {
            next.push(UpcomingRun {
                schedule_id: schedules[i].schedule.id,
                schedule_name: spec.name.clone(),
                kind: spec.kind,
                fire,
            });
        }
        if let Some(after) = spec.next_fire_at(at) {
            heap.push(Reverse((after, i)));
        }
    }
    next
}

/// A schedule as the list shows it: its next fire counts from now or from where it was
/// handled through, whichever is later; a disabled schedule has none.
fn summary(
    state: ScheduleState,
    last_run: Option<ScheduleRun>,
    now: DateTime<Utc>,
) -> ScheduleSummary {
    let spec = &state.schedule.spec;
    let next_fire = spec
        .enabled
        .then(|| spec.next_fire(state.handled_through.max(now)))
        .flatten();
    ScheduleSummary {
        last_run,
        next_fire,
        failure_streak: state.failure_streak,
        schedule: state.schedule,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
