//! Creating, changing and removing schedules, running one now, and settling dead letters:
//! what the Schedules screen and `pilothouse schedules` call. Input is checked by core (every
//! error names its field) before anything is stored; a kind this build cannot run is refused.

use pilothouse_core::schedule::{
    DeadLetterAction, RunFilter, RunPage, RunTrigger, Schedule, ScheduleInput, ScheduleRun,
    ScheduleSpec,
};
use pilothouse_core::{AppEvent, FieldError};
use pilothouse_store::schedule_runs::{Claim, NewRun};

use crate::{App, AppError};

impl App {
    /// Stores a new schedule; it first fires after now.
    pub async fn schedule_create(&self, input: &ScheduleInput) -> Result<Schedule, AppError> {
        let spec = self.check_schedule(input)?;
        let schedule = self.inner.store.insert_schedule(&spec, self.now()).await?;
        self.schedules_changed();
        Ok(schedule)
    }

    /// Replaces schedule `id`'s settings with `input`.
    pub async fn schedule_update(
        &self,
        id: i64,
        input: &ScheduleInput,
    ) -> Result<Schedule, AppError> {
        let spec = self.check_schedule(input)?;
        let schedule = self
            .inner
            .store
            .update_schedule(id, &spec, self.now())
            .await?;
        self.schedules_changed();
        Ok(schedule)
    }

    /// Removes schedule `id` and its history. A run going on finishes but is not recorded.
    pub async fn schedule_delete(&self, id: i64) -> Result<(), AppError> {
        self.inner.store.delete_schedule(id, self.now()).await?;
        self.schedules_changed();
        Ok(())
    }

    /// Enables (resumes) or disables (pauses) schedule `id`. A resumed schedule starts from
    /// now: what it would have run while disabled is not missed, and not replayed.
    pub async fn schedule_set_enabled(&self, id: i64, enabled: bool) -> Result<Schedule, AppError> {
        let state = self.inner.store.schedule(id).await?;
        let mut spec = state.schedule.spec;
        if spec.enabled == enabled {
            return Ok(self.inner.store.schedule(id).await?.schedule);
        }
        spec.enabled = enabled;
        let schedule = self
            .inner
            .store
            .update_schedule(id, &spec, self.now())
            .await?;
        self.schedules_changed();
        Ok(schedule)
    }

    /// Runs schedule `id` once now, whatever its timing (enabled or not). Returns the claimed
    /// run: running, or skipped (emergency pause for trading kinds; a run still going under
    /// the overlap policy `skip`), or queued behind the run going on.
    pub async fn schedule_run_now(&self, id: i64) -> Result<ScheduleRun, AppError> {
        let state = self.inner.store.schedule(id).await?;
        let kind = state.schedule.spec.kind;
        if !self.inner.scheduler.jobs.has(kind) {
            return Err(unavailable(kind.as_str()).into());
        }
        let now = self.now();
        let run = NewRun {
            scheduled_for: now,
            trigger: RunTrigger::RunNow,
            claim: self.pause_reason_for(kind).map_or(Claim::Run, Claim::Skip),
        };
        let won = self
            .inner
            .store
            .claim_fires(id, vec![run], None, self.inner.shell, now)
            .await?;
        let run = won.into_iter().next().ok_or_else(|| {
            FieldError::new("id", "this schedule was already started this millisecond")
        })?;
        self.announce_and_start(run.clone());
        Ok(run)
    }

    /// A page of run history.
    pub async fn schedule_runs(&self, filter: &RunFilter) -> Result<RunPage, AppError> {
        filter.check()?;
        Ok(self.inner.store.runs_page(filter).await?)
    }

    /// One run.
    pub async fn schedule_run(&self, run_id: i64) -> Result<ScheduleRun, AppError> {
        Ok(self.inner.store.run(run_id).await?)
    }

    /// Runs whose every attempt failed, newest first.
    pub async fn dead_letters(&self) -> Result<Vec<ScheduleRun>, AppError> {
        Ok(self.inner.store.dead_letters().await?)
    }

    /// Retries (returns the new attempt, started now) or dismisses (returns the settled run)
    /// dead letter `run_id`.
    pub async fn dead_letter_settle(
        &self,
        run_id: i64,
        action: DeadLetterAction,
    ) -> Result<ScheduleRun, AppError> {
        let now = self.now();
        let run = self
            .inner
            .store
            .settle_dead_letter(run_id, action, self.inner.shell, now)
            .await?;
        self.announce_and_start(run.clone());
        Ok(run)
    }

    fn check_schedule(&self, input: &ScheduleInput) -> Result<ScheduleSpec, AppError> {
        let spec = input.check()?;
        if !self.inner.scheduler.jobs.has(spec.kind) {
            return Err(unavailable(spec.kind.as_str()).into());
        }
        Ok(spec)
    }

    fn schedules_changed(&self) {
        self.publish(AppEvent::SchedulesChanged);
        self.inner.scheduler.wake();
    }
}

fn unavailable(kind: &str) -> FieldError {
    FieldError::new(
        "kind",
        format!(
            "`{kind}` jobs cannot run in this version of Pilothouse yet; its feature has not \
             been built"
        ),
    )
}
