//! The emergency pause as the App runs it: one switch, persisted, logged, announced.
//!
//! Every later order path and trading schedule asks [`App::is_paused`] first. The state lives in
//! SQLite; this process keeps a copy that another process's switch (desktop ↔ CLI) refreshes
//! through the foreign-change watch.

use pilothouse_core::{AppEvent, LogType, NewLogEntry, PauseReason, PauseState, Severity};
use serde_json::json;

use crate::{App, AppError};

impl App {
    /// The current pause state.
    pub fn pause_state(&self) -> PauseState {
        self.inner.pause.borrow().clone()
    }

    /// Whether trading is stopped. The one switch every order path checks first.
    pub fn is_paused(&self) -> bool {
        self.inner.pause.borrow().paused
    }

    /// Stops all trading now. Idempotent: pausing a paused App changes and logs nothing. Never
    /// refuses a reason: a blank one is recorded as missing, a long one is cut (see
    /// [`PauseReason`]); only the database can make a pause fail.
    pub async fn pause_all(&self, reason: &str) -> Result<PauseState, AppError> {
        let reason = PauseReason::new(reason);
        let state = PauseState::paused(&reason, self.inner.shell, self.inner.clock.now());
        let mut data = json!({ "by": self.inner.shell });
        if !reason.given {
            data["reason_given"] = json!(false);
        }
        if reason.truncated {
            data["reason_truncated"] = json!(true);
        }
        let entry = NewLogEntry::new(
            LogType::System,
            Severity::Critical,
            "system",
            "pause_all",
            format!("Emergency pause: all trading stopped ({})", reason.text),
        )
        .with_data(data);
        self.switch(state, entry).await
    }

    /// Lets trading run again. Idempotent like [`App::pause_all`].
    pub async fn resume_all(&self) -> Result<PauseState, AppError> {
        let state = PauseState::resumed(self.inner.shell, self.inner.clock.now());
        let entry = NewLogEntry::new(
            LogType::System,
            Severity::Critical,
            "system",
            "resume_all",
            "Emergency pause lifted: trading resumed",
        )
        .with_data(json!({ "by": self.inner.shell }));
        self.switch(state, entry).await
    }

    async fn switch(&self, state: PauseState, entry: NewLogEntry) -> Result<PauseState, AppError> {
        let written = self.inner.store.switch_pause(&state, entry).await?;
        if written.is_none() {
            // Already in that state (maybe switched by another process): report what holds.
            self.reload_pause().await?;
            return Ok(self.pause_state());
        }
        self.adopt(state.clone());
        self.inner.feed.catch_up().await;
        Ok(state)
    }

    /// Re-reads the stored state and announces it if it differs from ours.
    pub(crate) async fn reload_pause(&self) -> Result<(), AppError> {
        let stored = self.inner.store.pause_state().await?;
        self.adopt(stored);
        Ok(())
    }

    fn adopt(&self, state: PauseState) {
        let changed = self.inner.pause.send_if_modified(|current| {
            if *current == state {
                false
            } else {
                *current = state.clone();
                true
            }
        });
        if changed {
            tracing::warn!(paused = state.paused, reason = ?state.reason, "emergency pause switched");
            self.publish(AppEvent::PauseChanged { state });
        }
    }
}
