//! The App's periodic background work (the watch for other processes' changes, the paper
//! feed): each runs on a timer until shutdown, holding the App only weakly so dropping every
//! `App` ends it, and is awaited by `App::shutdown` so none is cut off in the middle of a
//! database transaction.

use std::future::Future;
use std::sync::{Arc, Weak};
use std::time::Duration;

use crate::App;
use crate::app::Inner;

impl App {
    /// Runs `work` now and then every `period` until shutdown; `shutdown` waits for it.
    pub(crate) fn every<W, F>(&self, period: Duration, mut work: W)
    where
        W: FnMut(App) -> F + Send + 'static,
        F: Future<Output = ()> + Send,
    {
        let app: Weak<Inner> = Arc::downgrade(&self.inner);
        let mut stopped = self.inner.stop.subscribe();
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopped.changed() => return,
                }
                let Some(inner) = app.upgrade() else { return };
                work(App { inner }).await;
            }
        });
        let mut tasks = match self.inner.background.lock() {
            Ok(tasks) => tasks,
            Err(poisoned) => poisoned.into_inner(),
        };
        tasks.push(task);
    }

    /// Waits for every periodic task to end (after shutdown was signalled).
    pub(crate) async fn background_stopped(&self) {
        let tasks = match self.inner.background.lock() {
            Ok(mut tasks) => std::mem::take(&mut *tasks),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        };
        for task in tasks {
            let _ = task.await;
        }
    }
}
