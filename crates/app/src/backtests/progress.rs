//! Progress and cancellation of one long backtest job (a history fetch, a run, a sweep). The
//! caller names the job (the UI makes an id before it asks, so it can follow the job's events
//! and cancel it before the answer comes); progress reaches every subscriber as
//! [`AppEvent::BacktestProgress`], at most once per percent so a million-candle run does not
//! flood the UI.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use pilothouse_core::AppEvent;
use pilothouse_core::event::BacktestPhase;
use tokio::sync::broadcast;

use crate::AppError;

/// The jobs running now, by the id their caller gave, each with its cancel flag.
#[derive(Debug, Default)]
pub(crate) struct Jobs {
    running: Mutex<HashMap<String, Arc<AtomicBool>>>,
}

impl Jobs {
    /// Registers job `id` (an empty id: an anonymous job nobody can cancel) and hands out its
    /// progress reporter; the job is forgotten when the reporter is dropped.
    pub(crate) fn start(
        self: &Arc<Self>,
        id: &str,
        events: broadcast::Sender<AppEvent>,
    ) -> Progress {
        let cancel = Arc::new(AtomicBool::new(false));
        if !id.is_empty() {
            self.lock().insert(id.to_owned(), Arc::clone(&cancel));
        }
        Progress {
            job: id.to_owned(),
            jobs: Arc::clone(self),
            events,
            cancel,
            last: AtomicU64::new(u64::MAX),
        }
    }

    /// Asks job `id` to stop; whether it was running.
    pub(crate) fn cancel(&self, id: &str) -> bool {
        match self.lock().get(id) {
            Some(flag) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<AtomicBool>>> {
        match self.running.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

/// One job's reporter: publishes its progress and tells it when it was cancelled.
#[derive(Debug)]
pub(crate) struct Progress {
    job: String,
    jobs: Arc<Jobs>,
    events: broadcast::Sender<AppEvent>,
    cancel: Arc<AtomicBool>,
    /// The phase and per-mille last published, packed (phase × 10,000 + per-mille).
    last: AtomicU64,
}

impl Progress {
    /// `done` of `total` missing candles have arrived from the venue.
    pub(crate) fn fetching(&self, done: u64, total: u64) {
        self.report(BacktestPhase::Fetching, done, total);
    }

    /// `done` of `total` steps of the computation (candles of a run, combinations of a sweep).
    pub(crate) fn computing(&self, phase: BacktestPhase, done: u64, total: u64) {
        self.report(phase, done, total);
    }

    /// The flag the computation polls to stop early.
    pub(crate) fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// Fails with [`AppError::Cancelled`] once the job was asked to stop.
    pub(crate) fn check_cancelled(&self) -> Result<(), AppError> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(AppError::Cancelled);
        }
        Ok(())
    }

    fn report(&self, phase: BacktestPhase, done: u64, total: u64) {
        if self.job.is_empty() {
            return;
        }
        // Nothing to do counts as done.
        let per_mille = (done.min(total) * 1000).checked_div(total).unwrap_or(1000);
        let packed = phase as u64 * 10_000 + per_mille;
        if self.last.swap(packed, Ordering::Relaxed) == packed {
            return;
        }
        let _ = self.events.send(AppEvent::BacktestProgress {
            job: self.job.clone(),
            phase,
            done,
            total,
        });
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if !self.job.is_empty() {
            self.jobs.lock().remove(&self.job);
        }
    }
}
