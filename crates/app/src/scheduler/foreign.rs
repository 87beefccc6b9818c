//! Schedules and runs another process changed (the CLI daemon beside the desktop app, a
//! `pilothouse schedules add`), re-published as this App's own events, so an open Schedules
//! screen follows them without polling. Called once at open (to note where things stand) and
//! then from the App's foreign-change watch. Runs this shell recorded itself were published
//! when they happened and are not repeated (two processes of the same shell — two CLI daemons
//! — do not see each other's runs live).

use std::collections::BTreeMap;

use pilothouse_core::AppEvent;
use pilothouse_core::schedule::RunStatus;

use crate::{App, AppError};

/// Most new runs re-published per look (older ones are on the next page of the history).
const MAX_NEW_RUNS: u32 = 500;

/// What this App last saw of the schedule tables.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    /// `None` until first looked: the first look only records where things stand.
    schedules_version: Option<i64>,
    last_run_id: i64,
    /// Runs seen going (queued or running), with that status, to notice when they end.
    active: BTreeMap<i64, RunStatus>,
}

impl App {
    /// Publishes what another process changed since the last look.
    pub(crate) async fn absorb_foreign_schedule_changes(&self) -> Result<(), AppError> {
        let store = &self.inner.store;
        let mut seen = self.inner.scheduler.seen.lock().await;
        let version = store.schedules_version().await?;
        let first_look = seen.schedules_version.is_none();
        if first_look {
            seen.last_run_id = store.last_run_id().await?;
        } else if seen.schedules_version != Some(version) {
            self.publish(AppEvent::SchedulesChanged);
        }
        seen.schedules_version = Some(version);

        let mut changed = store.runs_after(seen.last_run_id, MAX_NEW_RUNS).await?;
        let watched: Vec<(i64, RunStatus)> = seen.active.iter().map(|(i, s)| (*i, *s)).collect();
        for (id, status) in watched {
            match store.run(id).await {
                Ok(run) if run.status != status => changed.push(run),
                Ok(_) => {}
                // Deleted with its schedule.
                Err(_) => {
                    seen.active.remove(&id);
                }
            }
        }
        for run in changed {
            seen.last_run_id = seen.last_run_id.max(run.id);
            if run.status.is_active() {
                seen.active.insert(run.id, run.status);
            } else {
                seen.active.remove(&run.id);
            }
            if !first_look && run.host != self.inner.shell {
                self.publish(AppEvent::RunChanged { run });
            }
        }
        Ok(())
    }
}
