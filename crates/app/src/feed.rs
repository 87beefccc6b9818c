//! Publishing committed log entries as events, exactly once each and in id order, whether this
//! process or another one wrote them.
//!
//! The feed remembers the last id it published and, when told something was written, reads
//! everything after it from the database. Reading back (rather than publishing what a writer
//! holds in memory) is what keeps order and completeness when two processes write at once.

use std::sync::Arc;

use pilothouse_core::AppEvent;
use pilothouse_store::Store;
use tokio::sync::{Mutex, broadcast};

/// Entries read per catch-up query.
const CHUNK: u32 = 1000;

#[derive(Debug, Clone)]
pub(crate) struct LogFeed {
    store: Store,
    events: broadcast::Sender<AppEvent>,
    last_published: Arc<Mutex<i64>>,
}

impl LogFeed {
    pub(crate) fn new(store: Store, events: broadcast::Sender<AppEvent>, last_id: i64) -> Self {
        Self {
            store,
            events,
            last_published: Arc::new(Mutex::new(last_id)),
        }
    }

    /// Publishes every entry committed since the last call.
    pub(crate) async fn catch_up(&self) {
        let mut last = self.last_published.lock().await;
        loop {
            let entries = match self.store.logs_after(*last, CHUNK).await {
                Ok(entries) => entries,
                Err(error) => {
                    tracing::warn!(%error, "could not read new log entries for the live view");
                    return;
                }
            };
            let Some(newest) = entries.last().map(|e| e.id) else {
                return;
            };
            *last = newest;
            let full = entries.len() == CHUNK as usize;
            let _ = self.events.send(AppEvent::LogsAppended { entries });
            if !full {
                return;
            }
        }
    }
}
