//! The loop that keeps schedules firing in a long-running process (the desktop app, or
//! `pilothouse run`). One-off CLI commands never start it.
//!
//! After each tick it arms one tokio-cron-scheduler one-shot at the earliest instant core
//! computed, and also re-reads the wall clock every [`RECHECK`]: tokio timers do not run while
//! the machine sleeps, and after a wake the one-shot may fire late or a clock change may leave
//! it pointing at the wrong time. A change to any schedule, or an attempt ending, wakes it at
//! once.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use chrono::{DateTime, Utc};
use pilothouse_core::schedule::{JobKind, ScheduleInput};
use pilothouse_core::{LogType, NewLogEntry, Severity};
use tokio::sync::Notify;
use tokio_cron_scheduler::{Job as TimerJob, JobScheduler};
use uuid::Uuid;

use crate::app::Inner;
use crate::{App, AppError};

/// How often the runner re-reads the wall clock even when no timer fired.
pub const RECHECK: Duration = Duration::from_secs(15);

/// Settings key: the kinds whose default schedule was already created once (a trader who
/// deletes one does not get it back).
const DEFAULTS_KEY: &str = "default_schedules_created";

impl App {
    /// Starts running schedules in this process: creates the default schedules of kinds this
    /// build can run (once), catches up on what was missed while it was not running, and keeps
    /// firing until shutdown. Calling it twice does nothing the second time.
    pub async fn start_scheduler(&self) -> Result<(), AppError> {
        let scheduler = &self.inner.scheduler;
        if scheduler.running.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        // The order journal meets the venue before anything else runs (design rule 5); then
        // paper accounts catch up on the candles that closed while the App was not running.
        if let Err(error) = self.reconcile_orders().await {
            tracing::warn!(%error, "could not reconcile the order journal");
        }
        self.start_paper_feed();
        self.ensure_default_schedules().await?;
        let timer = JobScheduler::new()
            .await
            .map_err(|e| AppError::Scheduler(e.to_string()))?;
        timer
            .start()
            .await
            .map_err(|e| AppError::Scheduler(e.to_string()))?;
        let task = tokio::spawn(run_loop(
            Arc::downgrade(&self.inner),
            timer,
            scheduler.wake.clone(),
            self.inner.stop.subscribe(),
        ));
        if let Ok(mut slot) = scheduler.loop_task.lock() {
            *slot = Some(task);
        }
        let entry = NewLogEntry::new(
            LogType::System,
            Severity::Info,
            "scheduler",
            "scheduler_started",
            format!("Scheduler started ({})", self.inner.shell),
        );
        self.log(entry).await
    }

    /// Whether this process runs schedules.
    pub fn scheduler_running(&self) -> bool {
        self.inner.scheduler.running.load(Ordering::SeqCst)
    }

    /// Waits for the runner loop to end (after shutdown was signalled).
    pub(crate) async fn stop_scheduler(&self) {
        let task = self
            .inner
            .scheduler
            .loop_task
            .lock()
            .ok()
            .and_then(|mut t| t.take());
        if let Some(task) = task {
            let _ = task.await;
        }
        self.scheduler_idle().await;
    }

    async fn ensure_default_schedules(&self) -> Result<(), AppError> {
        let store = &self.inner.store;
        let created: Vec<JobKind> = match store.setting(DEFAULTS_KEY).await? {
            Some(json) => serde_json::from_str(&json).unwrap_or_default(),
            None => Vec::new(),
        };
        let mut now_created = created.clone();
        for kind in JobKind::ALL {
            let Some(cron) = kind.default_cron() else {
                continue;
            };
            if created.contains(&kind) || !self.inner.scheduler.jobs.has(kind) {
                continue;
            }
            let input = ScheduleInput::cron(kind.as_str(), kind, cron, "UTC");
            match self.schedule_create(&input).await {
                Ok(_) | Err(AppError::Invalid(_)) => now_created.push(kind),
                Err(other) => return Err(other),
            }
        }
        if now_created != created {
            let json = serde_json::to_string(&now_created)
                .map_err(|e| AppError::Scheduler(e.to_string()))?;
            store.set_setting(DEFAULTS_KEY, &json, self.now()).await?;
        }
        Ok(())
    }
}

async fn run_loop(
    app: Weak<Inner>,
    timer: JobScheduler,
    wake: Arc<Notify>,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    // The armed one-shot: the instant it stands for, and its id. It is consumed when it fires.
    let mut armed: Option<(DateTime<Utc>, Uuid)> = None;
    let fired = Arc::new(Notify::new());
    loop {
        {
            let Some(inner) = app.upgrade() else { return };
            let app = App { inner };
            let next = match app.scheduler_tick().await {
                Ok(next) => next,
                Err(error) => {
                    tracing::error!(%error, "scheduler tick failed; retrying at the next check");
                    None
                }
            };
            if next != armed.map(|(at, _)| at) {
                if let Some((_, id)) = armed.take()
                    && let Err(error) = timer.remove(&id).await
                {
                    tracing::warn!(%error, "could not disarm the scheduler timer");
                }
                if let Some(at) = next {
                    armed = arm(&timer, &fired, until(at, app.now()))
                        .await
                        .map(|id| (at, id));
                }
            }
        }
        tokio::select! {
            _ = fired.notified() => armed = None,
            _ = wake.notified() => {}
            _ = tokio::time::sleep(RECHECK) => {}
            _ = stopped.changed() => break,
        }
    }
    let mut timer = timer;
    if let Err(error) = timer.shutdown().await {
        tracing::warn!(%error, "could not stop the scheduler timer");
    }
}

/// The delay to arm for `at`, rounded up to whole seconds: tokio-cron-scheduler counts in
/// whole seconds from the current one (truncated) and checks every 500 ms, so a one-shot can
/// still fire up to a second early — the loop then finds nothing due and arms again.
fn until(at: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    let ms = (at - now).num_milliseconds().max(0);
    Duration::from_secs(u64::try_from((ms + 999) / 1000).unwrap_or(0))
}

/// Arms a one-shot that signals `fired` after `delay`.
async fn arm(timer: &JobScheduler, fired: &Arc<Notify>, delay: Duration) -> Option<Uuid> {
    let fired = fired.clone();
    let job = TimerJob::new_one_shot_async(delay, move |_, _| {
        let fired = fired.clone();
        Box::pin(async move { fired.notify_one() })
    });
    match job {
        Ok(job) => match timer.add(job).await {
            Ok(id) => Some(id),
            Err(error) => {
                tracing::warn!(%error, "could not arm the scheduler timer; relying on re-checks");
                None
            }
        },
        Err(error) => {
            tracing::warn!(%error, "could not arm the scheduler timer; relying on re-checks");
            None
        }
    }
}
