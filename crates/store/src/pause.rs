//! The persisted emergency pause. Switching it and writing its CRITICAL log entry happen in one
//! transaction: there is never a pause without its record, nor a record of a pause that did not
//! take effect.

use pilothouse_core::{LogEntry, NewLogEntry, PauseState};

use crate::{Store, StoreError, logs, settings};

const KEY: &str = "emergency_pause";

impl Store {
    /// The stored pause state; running if it was never switched.
    pub async fn pause_state(&self) -> Result<PauseState, StoreError> {
        parse(self.setting(KEY).await?)
    }

    /// Stores `state` and appends `entry` to the log, atomically, unless the stored state is
    /// already paused (or running) as `state` is: then nothing is written and `None` returned,
    /// so two processes pausing at once record one pause, not two.
    pub async fn switch_pause(
        &self,
        state: &PauseState,
        entry: NewLogEntry,
    ) -> Result<Option<LogEntry>, StoreError> {
        let at = state.changed_at.ok_or_else(|| {
            StoreError::corrupt("pause state", "a switched state must say when it changed")
        })?;
        let json =
            serde_json::to_string(state).map_err(|e| StoreError::corrupt("pause state", e))?;
        self.write(async |tx| {
            let stored: Option<String> =
                sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
                    .bind(KEY)
                    .fetch_optional(&mut *tx)
                    .await?;
            if parse(stored)?.paused == state.paused {
                return Ok(None);
            }
            settings::put(tx, KEY, &json, at).await?;
            Ok(logs::insert(tx, vec![entry], at).await?.pop())
        })
        .await
    }
}

fn parse(stored: Option<String>) -> Result<PauseState, StoreError> {
    match stored {
        None => Ok(PauseState::RUNNING),
        Some(json) => {
            serde_json::from_str(&json).map_err(|e| StoreError::corrupt("pause state", e))
        }
    }
}
