//! One attempt at a run: the job runs in its own task under the schedule's timeout, so a job
//! that hangs is cancelled and recorded as timed out, and a job that panics is a failed run,
//! not a dead scheduler. A failure is retried with backoff until the schedule's attempts are
//! spent; then the run goes to the dead-letter list. A streak of failures raises one alert.

use std::any::Any;
use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

use chrono::{DateTime, Utc};
use pilothouse_core::schedule::{RunStatus, RunTrigger, ScheduleRun, backoff};
use pilothouse_core::{AppEvent, LogType, NewLogEntry, Severity};
use pilothouse_store::schedule_runs::{Finished, Outcome};
use serde_json::{Value, json};

use super::jobs::JobContext;
use crate::App;

/// Why an attempt did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Failure {
    pub(super) timed_out: bool,
    pub(super) message: String,
}

impl Failure {
    pub(super) fn failed(message: impl Into<String>) -> Self {
        Self {
            timed_out: false,
            message: message.into(),
        }
    }
}

impl App {
    /// Runs `run` (claimed, status running) in the background and records how it ended.
    pub(super) fn start_attempt(&self, run: ScheduleRun) {
        let app = self.clone();
        self.inner.scheduler.in_flight.send_modify(|n| *n += 1);
        tokio::spawn(async move {
            let result = app.attempt(&run).await;
            let now = app.now();
            app.end_attempt(run, result, now).await;
            // A run queued behind this one starts now (before this one counts as done, so
            // `scheduler_idle` waits for the whole chain).
            app.start_queued_runs(now).await;
            app.inner
                .scheduler
                .in_flight
                .send_modify(|n| *n = n.saturating_sub(1));
            // The next retry may be earlier than the armed timer.
            app.inner.scheduler.wake();
        });
    }

    /// Starts queued runs whose schedule has nothing running any more.
    pub(super) async fn start_queued_runs(&self, now: DateTime<Utc>) {
        match self.inner.store.start_queued(self.inner.shell, now).await {
            Ok(started) => started
                .into_iter()
                .for_each(|run| self.announce_and_start(run)),
            Err(error) => tracing::error!(%error, "could not start queued runs"),
        }
    }

    /// Waits until no attempt started by this App is still executing.
    pub async fn scheduler_idle(&self) {
        let mut in_flight = self.inner.scheduler.in_flight.subscribe();
        let _ = in_flight.wait_for(|n| *n == 0).await;
    }

    async fn attempt(&self, run: &ScheduleRun) -> Result<Value, Failure> {
        let state = self
            .inner
            .store
            .schedule(run.schedule_id)
            .await
            .map_err(|e| Failure::failed(format!("could not read the schedule: {e}")))?;
        let schedule = state.schedule;
        let job = self
            .inner
            .scheduler
            .jobs
            .get(schedule.spec.kind)
            .ok_or_else(|| {
                Failure::failed(format!(
                    "this version of Pilothouse cannot run `{}` jobs",
                    schedule.spec.kind
                ))
            })?;
        let timeout = Duration::from_secs(u64::from(schedule.spec.timeout_secs));
        let context = JobContext {
            app: self.clone(),
            schedule,
            run: run.clone(),
        };
        let task = tokio::spawn(job.run(context));
        let abort = task.abort_handle();
        let mut stopping = self.inner.stop.subscribe();
        tokio::select! {
            ended = tokio::time::timeout(timeout, task) => match ended {
                Ok(Ok(Ok(summary))) => Ok(summary),
                Ok(Ok(Err(error))) => Err(Failure::failed(error.0)),
                Ok(Err(join)) if join.is_panic() => Err(Failure::failed(format!(
                    "the job panicked: {}",
                    panic_message(join.into_panic())
                ))),
                Ok(Err(_)) => Err(Failure::failed("the job was cancelled")),
                Err(_) => {
                    abort.abort();
                    Err(Failure {
                        timed_out: true,
                        message: format!(
                            "timed out after {} s and was cancelled",
                            timeout.as_secs()
                        ),
                    })
                }
            },
            // Closing the app does not wait out a long job: it is cancelled, recorded as
            // failed, and retried by its policy after the next start.
            _ = stopping.wait_for(|stop| *stop) => {
                abort.abort();
                Err(Failure::failed("Pilothouse was closed while this run was going"))
            }
        }
    }

    /// Records how attempt `run` ended: succeeded, failed with a retry planned, or dead.
    pub(super) async fn end_attempt(
        &self,
        run: ScheduleRun,
        result: Result<Value, Failure>,
        now: DateTime<Utc>,
    ) {
        let retry = match self.inner.store.schedule(run.schedule_id).await {
            Ok(state) => {
                let spec = state.schedule.spec;
                let may_retry =
                    run.trigger != RunTrigger::DeadLetterRetry && run.attempt < spec.max_attempts;
                may_retry.then(|| now + backoff(spec.backoff_base_secs, run.attempt + 1, jitter()))
            }
            Err(_) => None, // removed meanwhile: its runs are gone with it
        };
        let outcome = match &result {
            Ok(summary) => Outcome {
                status: RunStatus::Succeeded,
                result: Some(summary.clone()),
                error: None,
                retry_at: None,
            },
            Err(failure) => Outcome {
                status: match (retry, failure.timed_out) {
                    (None, _) => RunStatus::Dead,
                    (Some(_), true) => RunStatus::TimedOut,
                    (Some(_), false) => RunStatus::Failed,
                },
                result: None,
                error: Some(failure.message.clone()),
                retry_at: retry,
            },
        };
        match self.inner.store.finish_run(run.id, outcome, now).await {
            Ok(Some(finished)) => self.report(finished).await,
            Ok(None) => {} // another process ended it (its lease had run out here too)
            Err(error) => {
                tracing::error!(%error, run = run.id, "could not record how a run ended");
            }
        }
    }

    async fn report(&self, finished: Finished) {
        let run = &finished.run;
        self.publish(AppEvent::RunChanged { run: run.clone() });
        let name = &run.schedule_name;
        let error = run.error.clone().unwrap_or_default();
        let mut entries = Vec::new();
        match run.status {
            RunStatus::Failed | RunStatus::TimedOut => entries.push((
                Severity::Warning,
                "run_failed",
                format!(
                    "Schedule '{name}' attempt {} failed: {error}; next attempt at {}",
                    run.attempt,
                    run.retry_at.map(|t| t.to_rfc3339()).unwrap_or_default()
                ),
            )),
            RunStatus::Dead => entries.push((
                Severity::Error,
                "run_dead",
                format!(
                    "Schedule '{name}' gave up after attempt {}: {error}. The run is on the \
                     dead-letter list",
                    run.attempt
                ),
            )),
            _ => {}
        }
        if finished.alert {
            entries.push((
                Severity::Error,
                "schedule_alert",
                format!(
                    "Schedule '{name}' has failed {} times in a row. Last error: {error}",
                    finished.failure_streak
                ),
            ));
            self.publish(AppEvent::ScheduleAlert {
                schedule_id: run.schedule_id,
                schedule_name: name.clone(),
                failures: finished.failure_streak,
                error: error.clone(),
            });
        }
        for (severity, action, message) in entries {
            let entry = NewLogEntry::new(LogType::System, severity, "scheduler", action, message)
                .with_data(json!({
                    "schedule_id": run.schedule_id,
                    "run_id": run.id,
                    "scheduled_for": run.scheduled_for,
                    "attempt": run.attempt,
                }));
            if let Err(error) = self.log(entry).await {
                tracing::warn!(%error, "could not log a run's failure");
            }
        }
    }
}

/// A uniform draw from `[0, 1)` to spread retries; any randomness will do, so the standard
/// library's per-process random hasher keys are enough.
fn jitter() -> f64 {
    let bits = RandomState::new().hash_one(0u8);
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

fn panic_message(payload: Box<dyn Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}
