//! How long the run history is kept. Old runs are deleted by the runner (at most once an hour);
//! runs still going, retries still pending and dead letters the trader has not settled are
//! kept whatever their age.

use pilothouse_core::FieldError;

use crate::{App, AppError};

/// Days of history kept unless the trader chose otherwise.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;
/// Longest retention accepted (ten years).
pub const MAX_RETENTION_DAYS: u32 = 3_650;
const RETENTION_KEY: &str = "run_retention_days";

impl App {
    /// Days of run history kept.
    pub async fn run_retention_days(&self) -> Result<u32, AppError> {
        let stored = self.inner.store.setting(RETENTION_KEY).await?;
        Ok(stored
            .and_then(|days| days.parse().ok())
            .unwrap_or(DEFAULT_RETENTION_DAYS))
    }

    /// Keeps `days` (1..=3650) of run history from now on (field `days`).
    pub async fn set_run_retention_days(&self, days: u32) -> Result<u32, AppError> {
        if !(1..=MAX_RETENTION_DAYS).contains(&days) {
            return Err(FieldError::new(
                "days",
                format!("is {days}; keep between 1 and {MAX_RETENTION_DAYS} days of history"),
            )
            .into());
        }
        self.inner
            .store
            .set_setting(RETENTION_KEY, &days.to_string(), self.now())
            .await?;
        // Prune at the next tick under the new setting.
        *self.inner.scheduler.last_prune.lock().await = None;
        self.inner.scheduler.wake();
        Ok(days)
    }
}
