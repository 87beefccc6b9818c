//! The `App` facade: opening the system, its shared parts, and shutting it down cleanly.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use pilothouse_core::{AppEvent, Clock, LiveClock, PauseState};
use pilothouse_store::{ChangeWatch, Store};
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

use crate::AppError;
use crate::feed::LogFeed;
use crate::log_writer::LogWriter;
use crate::scheduler::{JobRegistry, Scheduler};
use crate::secrets::{KeyringVault, Namespaced, SecretVault};

/// How often the App looks for changes another process (desktop or CLI) committed. The UI
/// reflects a pause made from the CLI within this interval plus one event hop.
const FOREIGN_CHANGE_CHECK: Duration = Duration::from_millis(250);

/// How many events a slow subscriber may fall behind before it misses some.
const EVENT_BUFFER: usize = 4096;

/// What an App needs to start.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// The data directory holding the database (see [`crate::paths::data_dir`]).
    pub data_dir: PathBuf,
    /// Where time comes from: [`LiveClock`] in the shells, a manual clock in tests.
    pub clock: Arc<dyn Clock>,
    /// Which shell runs this App (`desktop`, `cli`); recorded with every switch it makes.
    pub shell: &'static str,
    /// The jobs schedules can run: [`JobRegistry::standard`] in the shells.
    pub jobs: JobRegistry,
    /// Where secrets live: the OS keyring in the shells, memory in tests.
    pub secrets: Arc<dyn SecretVault>,
}

impl AppConfig {
    /// The live configuration for `shell` on `data_dir`.
    pub fn live(data_dir: PathBuf, shell: &'static str) -> Self {
        Self {
            data_dir,
            clock: Arc::new(LiveClock),
            shell,
            jobs: JobRegistry::standard(),
            secrets: Arc::new(KeyringVault::default()),
        }
    }
}

/// The running system. Cheap to clone; all clones are one App.
#[derive(Clone)]
pub struct App {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) store: Store,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) shell: &'static str,
    pub(crate) data_dir: PathBuf,
    pub(crate) events: broadcast::Sender<AppEvent>,
    pub(crate) pause: watch::Sender<PauseState>,
    pub(crate) feed: LogFeed,
    pub(crate) logs: LogWriter,
    pub(crate) secrets: Arc<dyn SecretVault>,
    /// One weight budget per venue and host, shared by every exchange client of this App.
    pub(crate) budgets: pilothouse_exchange::Budgets,
    /// What was last published of `budgets`.
    pub(crate) last_budgets: std::sync::Mutex<Vec<pilothouse_core::market::VenueBudget>>,
    /// Binance clients, one per venue, URL, settings and key pair (see `shared_client`).
    pub(crate) clients: std::sync::Mutex<HashMap<String, Arc<pilothouse_exchange::BinanceClient>>>,
    /// Final candles shared by every caller (see `candles`).
    pub(crate) candles: crate::candles::CandleCache,
    /// Binance hosts whose public market data does not answer, by base URL.
    pub(crate) outages: std::sync::Mutex<HashMap<String, pilothouse_core::market::MarketOutage>>,
    /// Replay recordings loaded so far, by dataset.
    pub(crate) recordings:
        std::sync::Mutex<HashMap<String, Arc<pilothouse_exchange::replay::Recording>>>,
    /// The accounts' version last published (see `Store::accounts_version`).
    pub(crate) accounts_seen: std::sync::Mutex<Option<String>>,
    /// What reconciling the order journal changed when the scheduler started.
    pub(crate) reconciled: std::sync::Mutex<Vec<pilothouse_core::market::ReconcileChange>>,
    pub(crate) scheduler: Scheduler,
    /// Backtest jobs running now, each cancellable by the id its caller gave.
    pub(crate) backtest_jobs: Arc<crate::backtests::Jobs>,
    pub(crate) stop: watch::Sender<bool>,
    /// Periodic work started with `App::every`, awaited at shutdown.
    pub(crate) background: std::sync::Mutex<Vec<JoinHandle<()>>>,
}

impl fmt::Debug for App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("App")
            .field("data_dir", &self.inner.data_dir)
            .field("shell", &self.inner.shell)
            .finish_non_exhaustive()
    }
}

impl App {
    /// Opens the database in the configured data directory, restores the persisted state and
    /// starts the background work (log writer, watch for other processes' changes).
    /// Must be called inside a tokio runtime.
    pub async fn open(config: AppConfig) -> Result<Self, AppError> {
        let store = Store::open_in(&config.data_dir).await?;
        let installation = installation_id(&store, config.clock.now()).await?;
        let pause = store.pause_state().await?;
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        let feed = LogFeed::new(store.clone(), events.clone(), store.last_log_id().await?);
        let logs = LogWriter::start(store.clone(), config.clock.clone(), feed.clone());
        let (stop, _) = watch::channel(false);
        let inner = Arc::new(Inner {
            store,
            clock: config.clock,
            shell: config.shell,
            data_dir: config.data_dir,
            events,
            pause: watch::channel(pause).0,
            feed,
            logs,
            secrets: Arc::new(Namespaced::new(config.secrets, &installation)),
            budgets: pilothouse_exchange::Budgets::new(),
            last_budgets: std::sync::Mutex::new(Vec::new()),
            clients: std::sync::Mutex::new(HashMap::new()),
            candles: crate::candles::CandleCache::default(),
            outages: std::sync::Mutex::new(HashMap::new()),
            recordings: std::sync::Mutex::new(HashMap::new()),
            accounts_seen: std::sync::Mutex::new(None),
            reconciled: std::sync::Mutex::new(Vec::new()),
            scheduler: Scheduler::new(config.jobs),
            backtest_jobs: Arc::default(),
            stop,
            background: std::sync::Mutex::new(Vec::new()),
        });
        let app = Self { inner };
        app.absorb_foreign_schedule_changes().await?;
        app.publish_accounts_if_changed().await;
        let watch = Arc::new(tokio::sync::Mutex::new(
            ChangeWatch::open(&app.inner.store).await?,
        ));
        app.every(FOREIGN_CHANGE_CHECK, move |app| {
            let watch = Arc::clone(&watch);
            async move { app.check_foreign_changes(&mut *watch.lock().await).await }
        });
        Ok(app)
    }

    /// Receives every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<AppEvent> {
        self.inner.events.subscribe()
    }

    /// The current instant on the App's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    /// The data directory this App works in.
    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// Stops background work after flushing every log entry already accepted, and closes the
    /// database. Other clones of this App fail with [`AppError::ShuttingDown`] afterwards.
    pub async fn shutdown(&self) {
        let _ = self.inner.stop.send(true);
        self.background_stopped().await;
        self.stop_scheduler().await;
        self.inner.logs.close().await;
        self.inner.store.close().await;
    }

    pub(crate) fn publish(&self, event: AppEvent) {
        // No subscriber is fine: the CLI's one-shot commands publish to nobody.
        let _ = self.inner.events.send(event);
    }
}

impl App {
    /// Picks up what another process committed (a pause switched from the CLI, log entries a
    /// CLI daemon wrote), and publishes the venues' budgets if they moved.
    async fn check_foreign_changes(&self, watch: &mut ChangeWatch) {
        self.publish_budgets_if_changed().await;
        match watch.changed().await {
            Ok(false) => {}
            Ok(true) => self.absorb_foreign_changes().await,
            Err(error) => tracing::warn!(%error, "could not check the database for changes"),
        }
    }

    /// Publishes `AccountsChanged` when the accounts' version moved since it was last seen
    /// (a change here or in another process; the first look only records it).
    async fn publish_accounts_if_changed(&self) {
        let version = match self.inner.store.accounts_version().await {
            Ok(version) => version,
            Err(error) => {
                tracing::warn!(%error, "could not read the accounts' version");
                return;
            }
        };
        let changed = match self.inner.accounts_seen.lock() {
            Ok(mut seen) => seen
                .replace(version.clone())
                .is_some_and(|old| old != version),
            Err(_) => false,
        };
        if changed {
            self.publish(AppEvent::AccountsChanged);
        }
    }

    async fn absorb_foreign_changes(&self) {
        if let Err(error) = self.reload_pause().await {
            tracing::warn!(%error, "could not re-read the emergency pause");
        }
        self.inner.feed.catch_up().await;
        self.publish_accounts_if_changed().await;
        if let Err(error) = self.absorb_foreign_schedule_changes().await {
            tracing::warn!(%error, "could not read another process's schedule changes");
        }
        // Schedules changed, or queued runs may be free to start, in the other process.
        self.inner.scheduler.wake();
    }
}

const INSTALLATION_KEY: &str = "installation_id";

/// This installation's id: random, made once on first open, kept in the database. It keeps
/// this data directory's secrets apart from another's in the one OS keyring.
async fn installation_id(
    store: &Store,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, AppError> {
    // Read first: a read-only database (one that already has its id) still opens.
    if let Some(id) = store.setting(INSTALLATION_KEY).await? {
        return Ok(id);
    }
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| {
        AppError::io(
            "reading",
            Path::new("the OS random source"),
            std::io::Error::from(e),
        )
    })?;
    Ok(store
        .setting_or_insert(INSTALLATION_KEY, &hex::encode(bytes), now)
        .await?)
}
