//! A one-look summary of the running system, for the Overview screen and `pilothouse status`.

use pilothouse_core::PauseState;
use serde::Serialize;
use ts_rs::TS;

use crate::{App, AppError};

/// What the trader needs to know at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub version: String,
    pub pause: PauseState,
    pub data_dir: String,
    pub database: String,
    /// `live` when any account may send real orders, else `paper`.
    pub mode: String,
    /// The accounts that may send real orders (live), by name.
    pub live_accounts: Vec<String>,
    #[ts(type = "number")]
    pub last_log_id: i64,
}

impl App {
    /// The current status.
    pub async fn status(&self) -> Result<AppStatus, AppError> {
        let live_accounts: Vec<String> = self
            .inner
            .store
            .accounts()
            .await?
            .into_iter()
            .filter(|a| a.live)
            .map(|a| a.name)
            .collect();
        Ok(AppStatus {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            pause: self.pause_state(),
            data_dir: self.inner.data_dir.display().to_string(),
            database: self.inner.store.path().display().to_string(),
            mode: if live_accounts.is_empty() {
                "paper"
            } else {
                "live"
            }
            .to_owned(),
            live_accounts,
            last_log_id: self.inner.store.last_log_id().await?,
        })
    }
}
