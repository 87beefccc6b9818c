//! Which fires to run, and which were missed, when the runner looks at a schedule.
//!
//! Each schedule remembers the instant through which its fires have been handled. When the
//! runner wakes (on a timer, after the machine slept, or at start) the latest fire since then
//! is on time if it is at most [`MISSED_AFTER`] old (run it); every other fire was missed —
//! Pilothouse was not running at its time — and the schedule's [`MissedPolicy`] decides. Clocks that jump back never re-run
//! a fire: the handled-through instant only moves forward.

use chrono::{DateTime, TimeDelta, Utc};

use super::{MissedPolicy, RunTrigger, ScheduleSpec, Timing};
use crate::cron;

/// A fire handled later than this after its instant was missed, not merely late. The runner
/// starts fires within about a second while it is awake and re-reads the wall clock every
/// 30 seconds, so anything later means it was not running (closed, asleep, clock jumped).
pub const MISSED_AFTER: TimeDelta = TimeDelta::seconds(60);

/// Most missed fires recorded one by one per look; older ones are only counted.
pub const MAX_MISSED_RECORDED: usize = 100;

/// Most fires examined per look before the scan jumps ahead (a one-second schedule left for a
/// month has millions).
const MAX_SCANNED: usize = 100_000;

/// Most late fires one catch-up runs.
pub const MAX_CATCH_UP_RUNS: usize = 1_000;

/// What to do with a schedule's fires in `(handled_through, now]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirePlan {
    /// Fires to run now, oldest first, with why each runs.
    pub run: Vec<(DateTime<Utc>, RunTrigger)>,
    /// Missed fires to record, oldest first: the latest [`MAX_MISSED_RECORDED`].
    pub missed: Vec<DateTime<Utc>>,
    /// Every missed fire, recorded or not (a lower bound when the scan jumped ahead).
    pub missed_count: u64,
}

impl FirePlan {
    /// Whether anything is to be done.
    pub fn is_empty(&self) -> bool {
        self.run.is_empty() && self.missed_count == 0
    }
}

/// Plans the fires of `spec` in `(handled_through, now]`.
pub fn plan_fires(
    spec: &ScheduleSpec,
    handled_through: DateTime<Utc>,
    now: DateTime<Utc>,
) -> FirePlan {
    let mut fires = fires_between(spec, handled_through, now);
    // Only the latest fire can be on time: any earlier one came and went without the runner
    // looking (closed, asleep, or too busy), so the missed-run policy decides about it.
    let on_time: Vec<_> = match fires.list.last() {
        Some(last) if *last >= now - MISSED_AFTER => fires.list.pop().into_iter().collect(),
        _ => Vec::new(),
    };
    let late = fires.list;
    let late_count = fires.skipped + late.len() as u64;
    let mut plan = FirePlan::default();
    let mut run_late: Vec<DateTime<Utc>> = Vec::new();
    match spec.missed_policy {
        MissedPolicy::Skip => {}
        // A fire on time already covers the missed ones: running the latest missed one too
        // would run the job twice in a row.
        MissedPolicy::RunOnce if on_time.is_empty() => run_late.extend(late.last().copied()),
        MissedPolicy::RunOnce => {}
        MissedPolicy::CatchUp => {
            let grace_from = now - TimeDelta::seconds(i64::from(spec.catch_up_grace_secs));
            let within: Vec<_> = late.iter().copied().filter(|f| *f >= grace_from).collect();
            let keep = within.len().min(MAX_CATCH_UP_RUNS);
            run_late.extend_from_slice(&within[within.len() - keep..]);
        }
    }
    let missed: Vec<_> = late
        .iter()
        .copied()
        .filter(|f| !run_late.contains(f))
        .collect();
    plan.missed_count = late_count - run_late.len() as u64;
    plan.missed = missed[missed.len().saturating_sub(MAX_MISSED_RECORDED)..].to_vec();
    plan.run = run_late
        .into_iter()
        .map(|f| (f, RunTrigger::CatchUp))
        .chain(on_time.into_iter().map(|f| (f, RunTrigger::Schedule)))
        .collect();
    plan
}

/// The fire instants in `(after, through]`, oldest first.
struct Fires {
    list: Vec<DateTime<Utc>>,
    /// Fires before `list` that were counted but not listed.
    skipped: u64,
}

fn fires_between(spec: &ScheduleSpec, after: DateTime<Utc>, through: DateTime<Utc>) -> Fires {
    let expr = match &spec.timing {
        Timing::Once { at } => {
            let list = if *at > after && *at <= through {
                vec![*at]
            } else {
                vec![]
            };
            return Fires { list, skipped: 0 };
        }
        Timing::Cron { expr } => expr,
    };
    let mut fires = Fires {
        list: Vec::new(),
        skipped: 0,
    };
    let mut cursor = after;
    let mut segment_start = after;
    while let Some(next) = cron::next_after(expr, spec.time_zone, cursor) {
        if next > through {
            break;
        }
        if fires.list.len() == MAX_SCANNED {
            // Far too many to list: count these, and restart the scan close enough to `through`
            // that what remains fits; only the latest fires matter to any policy.
            fires.skipped += fires.list.len() as u64;
            fires.list.clear();
            let span = next - segment_start;
            cursor = (through - span / 2).max(next);
            segment_start = cursor;
            continue;
        }
        fires.list.push(next);
        cursor = next;
    }
    fires
}

#[cfg(test)]
mod tests;
