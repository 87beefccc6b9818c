//! What Pilothouse's tests share, so each test says what must hold instead of how to set up:
//! an `App` on its own temporary data directory (tests never touch the real one) driven by a
//! manual clock (tests never sleep to let time pass), and bounded waits for events.

pub mod binance;
pub mod jobs;
pub mod webhook;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, TimeZone, Utc};
use pilothouse_app::core::{AppEvent, ManualClock};
use pilothouse_app::scheduler::JobRegistry;
use pilothouse_app::secrets::MemoryVault;
use pilothouse_app::{App, AppConfig};
use tempfile::TempDir;
use tokio::sync::broadcast;

/// A fixed, ordinary instant to start manual clocks at: Tuesday 2026-11-24 08:30 UTC.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 8, 30, 0)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH)
}

/// A temporary data directory that one or more Apps (and CLI processes) can share.
#[derive(Debug)]
pub struct Workspace {
    dir: TempDir,
    pub clock: ManualClock,
}

impl Workspace {
    /// A new empty data directory with a manual clock at [`t0`].
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            dir: tempfile::tempdir().context("creating a temp data dir")?,
            clock: ManualClock::new(t0()),
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Opens an App on this data directory as `shell` (`desktop`, `cli`, …).
    pub async fn open(&self, shell: &'static str) -> anyhow::Result<App> {
        self.open_with(shell, JobRegistry::standard()).await
    }

    /// Opens an App whose schedules run `jobs` (tests register scripted jobs).
    pub async fn open_with(&self, shell: &'static str, jobs: JobRegistry) -> anyhow::Result<App> {
        App::open(AppConfig {
            data_dir: self.path().to_path_buf(),
            clock: Arc::new(self.clock.clone()),
            shell,
            jobs,
            secrets: Arc::new(MemoryVault::default()),
        })
        .await
        .context("opening the App on a temp dir")
    }
}

/// Waits up to `within` for the first event `pick` accepts.
pub async fn next_event<T>(
    events: &mut broadcast::Receiver<AppEvent>,
    within: Duration,
    mut pick: impl FnMut(AppEvent) -> Option<T>,
) -> anyhow::Result<T> {
    tokio::time::timeout(within, async {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Some(found) = pick(event) {
                        return Ok(found);
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => {
                    anyhow::bail!("the event bus closed before the event arrived")
                }
            }
        }
    })
    .await
    .context("waiting for an event")?
}
