//! The schedules this process watches, and the instant each fires next, earliest first.
//!
//! Reloaded from SQLite whenever `schedules_version` moved (a change here or in another
//! process), so 10,000 schedules cost one read per change, not one per tick.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use pilothouse_store::{ScheduleState, Store, StoreError};

#[derive(Debug, Default)]
pub(super) struct Agenda {
    version: Option<i64>,
    schedules: HashMap<i64, ScheduleState>,
    /// (next fire, schedule id) of every enabled schedule that fires again.
    queue: BTreeSet<(DateTime<Utc>, i64)>,
}

impl Agenda {
    /// Reloads every schedule if any changed since the last load.
    pub(super) async fn refresh(&mut self, store: &Store) -> Result<(), StoreError> {
        let version = store.schedules_version().await?;
        if self.version == Some(version) {
            return Ok(());
        }
        let all = store.schedules().await?;
        self.schedules.clear();
        self.queue.clear();
        for state in all {
            self.put(state);
        }
        self.version = Some(version);
        Ok(())
    }

    /// Forgets what was loaded, so the next refresh reads everything again.
    pub(super) fn invalidate(&mut self) {
        self.version = None;
    }

    /// The ids of schedules with a fire at or before `now`, taken off the queue.
    pub(super) fn take_due(&mut self, now: DateTime<Utc>) -> Vec<i64> {
        let mut due = Vec::new();
        while let Some(&(at, id)) = self.queue.first() {
            if at > now {
                break;
            }
            self.queue.pop_first();
            due.push(id);
        }
        due
    }

    pub(super) fn get(&self, id: i64) -> Option<&ScheduleState> {
        self.schedules.get(&id)
    }

    /// Records that `id` was handled through `through` and queues its next fire.
    pub(super) fn handled(&mut self, id: i64, through: DateTime<Utc>) {
        if let Some(mut state) = self.schedules.remove(&id) {
            state.handled_through = state.handled_through.max(through);
            self.put(state);
        }
    }

    /// The earliest queued fire.
    pub(super) fn next_fire(&self) -> Option<DateTime<Utc>> {
        self.queue.first().map(|(at, _)| *at)
    }

    fn put(&mut self, state: ScheduleState) {
        let spec = &state.schedule.spec;
        if spec.enabled
            && let Some(at) = spec.next_fire_at(state.handled_through)
        {
            self.queue.insert((at, state.schedule.id));
        }
        self.schedules.insert(state.schedule.id, state);
    }
}
