//! Jobs: the code a schedule's kind runs, looked up in a registry the shells fill.
//!
//! The registry is the one place that says which kinds this build can run. A schedule of a
//! kind without a job is refused at creation (never a fake success), and the editor shows the
//! kind as not available yet. Tests register their own jobs to drive the runner.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use futures::future::BoxFuture;
use pilothouse_core::schedule::{JobKind, Schedule, ScheduleRun};
use serde_json::Value;

use crate::App;

/// What a job gets to work with.
#[derive(Debug, Clone)]
pub struct JobContext {
    /// The running system (logs, pause state, store operations through its methods).
    pub app: App,
    /// The schedule as it was when the run started: parameters, `requires_approval`, …
    pub schedule: Schedule,
    /// This attempt.
    pub run: ScheduleRun,
}

/// Why a job failed, in words the history shows. Every failure is retried by the schedule's
/// retry policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct JobError(pub String);

impl JobError {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// The work behind one job kind. Returns a JSON summary of what it did (shown in the history).
pub trait Job: Send + Sync + 'static {
    fn run(&self, context: JobContext) -> BoxFuture<'static, Result<Value, JobError>>;
}

/// Which job runs each kind.
#[derive(Clone, Default)]
pub struct JobRegistry {
    jobs: BTreeMap<JobKind, Arc<dyn Job>>,
}

impl JobRegistry {
    /// No jobs at all.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The jobs this build of Pilothouse ships.
    pub fn standard() -> Self {
        Self::empty().with(JobKind::Webhook, super::webhook::WebhookJob::new())
    }

    /// This registry with `job` running `kind` (replacing any before).
    pub fn with(mut self, kind: JobKind, job: impl Job) -> Self {
        self.jobs.insert(kind, Arc::new(job));
        self
    }

    /// The job for `kind`, if this build has one.
    pub fn get(&self, kind: JobKind) -> Option<Arc<dyn Job>> {
        self.jobs.get(&kind).cloned()
    }

    /// Whether `kind` can run.
    pub fn has(&self, kind: JobKind) -> bool {
        self.jobs.contains_key(&kind)
    }
}

impl fmt::Debug for JobRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.jobs.keys()).finish()
    }
}
