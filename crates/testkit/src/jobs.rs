//! A job whose behaviour a test scripts, step by step: succeed, fail, panic, hang, or wait for
//! the test's signal. It records every call, so a test can prove a fire ran exactly once.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use pilothouse_app::scheduler::{Job, JobContext, JobError};
use serde_json::{Value, json};
use tokio::sync::Notify;

/// What one call of a [`ScriptedJob`] does.
#[derive(Debug, Clone)]
pub enum Step {
    Succeed,
    Fail(String),
    Panic,
    /// Never returns (until the scheduler's timeout cancels it).
    Hang,
    /// Returns successfully once the notify is signalled.
    WaitFor(Arc<Notify>),
}

/// One call as the job saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub schedule_id: i64,
    pub scheduled_for: DateTime<Utc>,
    pub attempt: u32,
    pub host: String,
}

#[derive(Debug, Default)]
struct Script {
    steps: VecDeque<Step>,
    otherwise: Option<Step>,
    calls: Vec<Call>,
}

/// A scripted job; clones share one script and one call record.
#[derive(Debug, Clone, Default)]
pub struct ScriptedJob {
    script: Arc<Mutex<Script>>,
}

impl ScriptedJob {
    /// A job that succeeds until told otherwise.
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues `step` for the next call not yet scripted.
    pub fn then(&self, step: Step) -> &Self {
        self.lock().steps.push_back(step);
        self
    }

    /// What every call does once the queued steps are used up (default: succeed).
    pub fn otherwise(&self, step: Step) -> &Self {
        self.lock().otherwise = Some(step);
        self
    }

    /// Every call so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Script> {
        self.script.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Job for ScriptedJob {
    fn run(&self, context: JobContext) -> BoxFuture<'static, Result<Value, JobError>> {
        let step = {
            let mut script = self.lock();
            script.calls.push(Call {
                schedule_id: context.run.schedule_id,
                scheduled_for: context.run.scheduled_for,
                attempt: context.run.attempt,
                host: context.run.host.clone(),
            });
            script
                .steps
                .pop_front()
                .or_else(|| script.otherwise.clone())
                .unwrap_or(Step::Succeed)
        };
        let attempt = context.run.attempt;
        Box::pin(async move {
            match step {
                Step::Succeed => Ok(json!({ "attempt": attempt })),
                Step::Fail(message) => Err(JobError::new(message)),
                Step::Panic => panic!("scripted panic"),
                Step::Hang => std::future::pending().await,
                Step::WaitFor(signal) => {
                    signal.notified().await;
                    Ok(json!({ "waited": true }))
                }
            }
        })
    }
}
