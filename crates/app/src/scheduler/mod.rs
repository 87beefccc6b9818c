//! The scheduler: everything periodic in Pilothouse runs through it.
//!
//! SQLite holds the truth (schedules, runs, claims); `core` decides when each schedule fires
//! and which fires were missed; this module runs them. tokio-cron-scheduler wakes the runner
//! at the instant core computed for the earliest fire (never with its own time-zone handling,
//! which freezes a zone's UTC offset); a wall-clock re-check every few seconds catches what a
//! timer cannot see (a machine that slept, a clock that jumped). Every fire is claimed by
//! inserting its run row, so the desktop app and a CLI daemon on one database never both run
//! it.
//!
//! - `agenda`: the schedules this process watches and when each fires next;
//! - `tick`: one look at the clock — claims due fires, retries, takes over abandoned runs;
//! - `execute`: one attempt — timeout, panic containment, retry or dead letter, alerts;
//! - `runner`: the loop that calls `tick` when a timer, a change or the re-check says so;
//! - `manage` and `views`: what the shells call.

mod agenda;
mod execute;
mod foreign;
mod jobs;
mod manage;
mod retention;
mod runner;
mod tick;
mod views;
mod webhook;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use tokio::sync::{Mutex, Notify, watch};
use tokio::task::JoinHandle;

pub use jobs::{Job, JobContext, JobError, JobRegistry};
pub use retention::{DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS};
pub use webhook::WebhookJob;

use agenda::Agenda;

/// The scheduler's part of the App.
#[derive(Debug)]
pub(crate) struct Scheduler {
    pub(crate) jobs: JobRegistry,
    /// Wakes the runner loop: a schedule changed, a run ended, the timer fired.
    wake: Arc<Notify>,
    /// Attempts executing in this process.
    in_flight: watch::Sender<usize>,
    agenda: Mutex<Agenda>,
    /// When history was last pruned.
    pub(crate) last_prune: Mutex<Option<chrono::DateTime<chrono::Utc>>>,
    /// What was last seen of other processes' schedule changes.
    seen: Mutex<foreign::Seen>,
    /// Whether this process runs the loop (`start_scheduler`).
    running: AtomicBool,
    loop_task: std::sync::Mutex<Option<JoinHandle<()>>>,
}

impl Scheduler {
    pub(crate) fn new(jobs: JobRegistry) -> Self {
        Self {
            jobs,
            wake: Arc::new(Notify::new()),
            in_flight: watch::channel(0).0,
            agenda: Mutex::new(Agenda::default()),
            last_prune: Mutex::new(None),
            seen: Mutex::new(foreign::Seen::default()),
            running: AtomicBool::new(false),
            loop_task: std::sync::Mutex::new(None),
        }
    }

    /// Asks the runner loop to look again now.
    pub(crate) fn wake(&self) {
        self.wake.notify_one();
    }
}
