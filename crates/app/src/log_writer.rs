//! The batched log writer. Callers hand an entry over and wait for its acknowledgement; the
//! writer commits everything waiting in one transaction (group commit), then acknowledges each
//! entry. An acknowledged entry is on disk: nothing acknowledged can be lost, and a caller whose
//! entry could not be written is told so instead of believing it was.

use std::sync::Arc;

use pilothouse_core::{Clock, NewLogEntry};
use pilothouse_store::Store;
use tokio::sync::{mpsc, oneshot};

use crate::AppError;
use crate::feed::LogFeed;

/// Most entries committed in one transaction.
const MAX_BATCH: usize = 5000;
/// Entries that may wait for the writer before callers are slowed down.
const QUEUE: usize = 64 * 1024;

type Ack = oneshot::Sender<Result<(), String>>;

enum Request {
    Write(NewLogEntry, Ack),
    /// Answered once everything queued before it is committed; the writer then ends without
    /// starting other work (an index pass cut off mid-transaction would keep the database
    /// locked for other processes until its connection is next used).
    Stop(oneshot::Sender<()>),
}

#[derive(Debug)]
pub(crate) struct LogWriter {
    requests: mpsc::Sender<Request>,
    done: tokio::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Request::Write(..) => "Write",
            Request::Stop(..) => "Stop",
        })
    }
}

impl LogWriter {
    pub(crate) fn start(store: Store, clock: Arc<dyn Clock>, feed: LogFeed) -> Self {
        let (requests, queue) = mpsc::channel(QUEUE);
        let task = tokio::spawn(run(store, clock, feed, queue));
        Self {
            requests,
            done: tokio::sync::Mutex::new(Some(task)),
        }
    }

    /// Writes `entry`; returns once it is committed.
    pub(crate) async fn write(&self, entry: NewLogEntry) -> Result<(), AppError> {
        let (ack, acked) = oneshot::channel();
        self.requests
            .send(Request::Write(entry, ack))
            .await
            .map_err(|_| AppError::ShuttingDown)?;
        match acked.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(AppError::LogWrite(message)),
            Err(_) => Err(AppError::ShuttingDown),
        }
    }

    /// Commits everything accepted so far, then stops the writer and waits for it to end. It
    /// is never aborted: it ends between transactions, so none is left open.
    pub(crate) async fn close(&self) {
        let (ack, flushed) = oneshot::channel();
        if self.requests.send(Request::Stop(ack)).await.is_ok() {
            let _ = flushed.await;
        }
        if let Some(task) = self.done.lock().await.take() {
            let _ = task.await;
        }
    }
}

async fn run(
    store: Store,
    clock: Arc<dyn Clock>,
    feed: LogFeed,
    mut queue: mpsc::Receiver<Request>,
) {
    let mut batch: Vec<(NewLogEntry, Ack)> = Vec::new();
    let mut stops = Vec::new();
    // Ends when every sender is gone (all Apps dropped) and the queue is drained.
    while let Some(first) = queue.recv().await {
        let mut next = Some(first);
        while let Some(request) = next {
            match request {
                Request::Write(entry, ack) => batch.push((entry, ack)),
                Request::Stop(done) => stops.push(done),
            }
            next = if batch.len() < MAX_BATCH {
                queue.try_recv().ok()
            } else {
                None
            };
        }
        commit(&store, clock.as_ref(), &feed, &mut batch).await;
        if !stops.is_empty() {
            // Later writers get `ShuttingDown` when their request is dropped with the queue.
            for done in stops.drain(..) {
                let _ = done.send(());
            }
            return;
        }
        // Idle: bring the full-text index up to date so filtered reads need not, one chunk (one
        // short transaction) at a time while nothing waits: after an upgrade re-indexes the
        // whole log, this catches up in idle time rather than in a reader's first page.
        while queue.is_empty() {
            match store.index_logs().await {
                Ok(0) => break,
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "could not index log entries for search");
                    break;
                }
            }
        }
    }
}

async fn commit(
    store: &Store,
    clock: &dyn Clock,
    feed: &LogFeed,
    batch: &mut Vec<(NewLogEntry, Ack)>,
) {
    if batch.is_empty() {
        return;
    }
    let (entries, acks): (Vec<_>, Vec<_>) = batch.drain(..).unzip();
    let count = entries.len();
    let result = store.append_logs(entries, clock.now()).await;
    let outcome = result.as_ref().map(|_| ()).map_err(ToString::to_string);
    if let Err(error) = &result {
        tracing::error!(%error, count, "could not write log entries");
    }
    for ack in acks {
        let _ = ack.send(outcome.clone());
    }
    if result.is_ok() {
        feed.catch_up().await;
    }
}
