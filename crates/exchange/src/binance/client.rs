//! The one way a request reaches Binance: it draws its weight from the shared budget, is signed
//! with the server-corrected time when the endpoint needs it, and its answer is read for the
//! venue's weight count, then classified. Reads are retried with backoff (`backon`) while the
//! venue is unavailable or rate limiting; writes (new order, cancel) are sent once, and a lost
//! answer comes back as `UnknownOutcome` for the caller to look the order up (design rule 10).
//!
//! The one exception is -1021 (timestamp outside the receive window): Binance refused the request
//! before it did anything, so after re-reading the server time the request is sent once more,
//! newly signed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use chrono::{DateTime, TimeDelta, Utc};
use pilothouse_core::Clock;
use pilothouse_core::FieldError;
use pilothouse_core::market::{ExchangeError, SymbolInfo};
use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::error::{self, Call};
use super::market::{Endpoint, Market};
use super::parse;
use super::sign::{Credentials, DEFAULT_RECV_WINDOW_MS, Query};
use crate::budget::{Budgets, WeightBudget};

/// An answer's body.
pub(super) type Bytes = Vec<u8>;

/// How a client reaches its venue.
#[derive(Debug, Clone)]
pub struct BinanceConfig {
    pub market: Market,
    /// `https://api.binance.com`, a testnet, or a fake server; no trailing path.
    pub base_url: String,
    /// How long a signed request stays valid after its timestamp (ms, at most 60 000).
    pub recv_window_ms: u32,
    /// How long to wait for an answer before giving up on it.
    pub request_timeout: Duration,
    /// How long exchange info (symbols and filters) is reused before it is fetched again.
    pub exchange_info_ttl: TimeDelta,
    /// How many times a failed read is sent again (orders are never resent).
    pub read_retries: usize,
    /// The first wait between read retries; it doubles each time.
    pub retry_delay: Duration,
}

impl BinanceConfig {
    /// Binance's defaults: a 5 s receive window, 10 s timeout, exchange info kept for an hour.
    pub fn new(market: Market, base_url: impl Into<String>) -> Self {
        Self {
            market,
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            recv_window_ms: DEFAULT_RECV_WINDOW_MS,
            request_timeout: Duration::from_secs(10),
            exchange_info_ttl: TimeDelta::hours(1),
            read_retries: 3,
            retry_delay: Duration::from_millis(200),
        }
    }
}

/// A Binance spot or USD-M futures adapter: implements `MarketData` and `Execution`.
#[derive(Debug)]
pub struct BinanceClient {
    pub(super) config: BinanceConfig,
    http: reqwest::Client,
    credentials: Option<Credentials>,
    budget: Arc<WeightBudget>,
    pub(super) clock: Arc<dyn Clock>,
    /// Server time minus local time, in ms.
    offset_ms: AtomicI64,
    synced: AtomicBool,
    /// Held while the first sync runs, so concurrent first calls ask the time once.
    first_sync: tokio::sync::Mutex<()>,
    pub(super) exchange_info: tokio::sync::Mutex<Option<CachedInfo>>,
}

#[derive(Debug)]
pub(super) struct CachedInfo {
    pub fetched_at: DateTime<Utc>,
    pub symbols: Arc<Vec<SymbolInfo>>,
}

impl BinanceClient {
    /// A client drawing on `budget` (which must be this market's: see `Budgets::get`).
    /// Without credentials only market data works; account calls answer `Auth`.
    pub fn new(
        config: BinanceConfig,
        credentials: Option<Credentials>,
        budget: Arc<WeightBudget>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, ExchangeError> {
        if budget.venue() != config.market.venue() {
            return Err(FieldError::new(
                "budget",
                format!(
                    "is {}'s, not {}'s",
                    budget.venue().as_str(),
                    config.market.name()
                ),
            )
            .into());
        }
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .connect_timeout(config.request_timeout)
            .build()
            .map_err(|e| ExchangeError::Unavailable {
                venue: config.market.name(),
                message: format!("cannot build an HTTP client: {e}"),
            })?;
        Ok(Self {
            config,
            http,
            credentials,
            budget,
            clock,
            offset_ms: AtomicI64::new(0),
            synced: AtomicBool::new(false),
            first_sync: tokio::sync::Mutex::new(()),
            exchange_info: tokio::sync::Mutex::new(None),
        })
    }

    /// A client drawing on the process's shared budget for this market and host (created with
    /// the market's documented limit on first use): what the App does for every account.
    pub fn sharing(
        config: BinanceConfig,
        credentials: Option<Credentials>,
        budgets: &Budgets,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, ExchangeError> {
        let host = reqwest::Url::parse(&config.base_url)
            .ok()
            .and_then(|url| {
                let host = url.host_str()?.to_owned();
                Some(match url.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host,
                })
            })
            .ok_or_else(|| {
                FieldError::new(
                    "base_url",
                    format!("`{}` is not an http(s) URL with a host", config.base_url),
                )
            })?;
        let market = config.market;
        let budget = budgets.get(
            market.venue(),
            &host,
            market.weight_limit(),
            Arc::clone(&clock),
        );
        Self::new(config, credentials, budget, clock)
    }

    pub fn market(&self) -> Market {
        self.config.market
    }

    pub(super) fn venue(&self) -> &'static str {
        self.config.market.name()
    }

    /// The server-time offset in use (server − local, ms), once synced.
    pub fn server_time_offset(&self) -> Option<TimeDelta> {
        self.synced
            .load(Ordering::Acquire)
            .then(|| TimeDelta::milliseconds(self.offset_ms.load(Ordering::Acquire)))
    }

    /// A public read, retried with backoff while the venue is unavailable or rate limiting.
    pub(super) async fn public_read(
        &self,
        endpoint: Endpoint,
        query: &Query,
    ) -> Result<Bytes, ExchangeError> {
        self.retrying(|| self.send(endpoint, query, false, Call::Read))
            .await
    }

    /// A signed read, retried like a public one (and resynced once after -1021).
    pub(super) async fn signed_read(
        &self,
        endpoint: Endpoint,
        query: &Query,
    ) -> Result<Bytes, ExchangeError> {
        self.retrying(|| self.signed(endpoint, query, Call::Read))
            .await
    }

    /// A signed write: sent once (again only after -1021, which Binance refuses unexecuted).
    pub(super) async fn signed_write(
        &self,
        endpoint: Endpoint,
        query: &Query,
    ) -> Result<Bytes, ExchangeError> {
        self.signed(endpoint, query, Call::Write).await
    }

    async fn retrying<F, Fut>(&self, attempt: F) -> Result<Bytes, ExchangeError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Bytes, ExchangeError>>,
    {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.config.retry_delay)
            .with_max_delay(self.config.retry_delay.saturating_mul(16))
            .with_max_times(self.config.read_retries)
            .with_jitter();
        attempt
            .retry(backoff)
            .sleep(tokio::time::sleep)
            .when(ExchangeError::is_retryable)
            .notify(|error, wait| {
                tracing::warn!(venue = self.venue(), %error, ?wait, "retrying a read");
            })
            .await
    }

    async fn signed(
        &self,
        endpoint: Endpoint,
        query: &Query,
        call: Call,
    ) -> Result<Bytes, ExchangeError> {
        self.credentials()?;
        if !self.synced.load(Ordering::Acquire) {
            let _only_one = self.first_sync.lock().await;
            if !self.synced.load(Ordering::Acquire) {
                self.sync_time().await?;
            }
        }
        match self.send(endpoint, query, true, call).await {
            Err(ExchangeError::ClockSkew { message, .. }) => {
                tracing::warn!(venue = self.venue(), %message, "clock skew: resyncing server time");
                self.sync_time().await?;
                self.send(endpoint, query, true, call).await
            }
            other => other,
        }
    }

    /// Reads the server's clock and keeps the offset (measured at the request's midpoint).
    pub async fn sync_time(&self) -> Result<(), ExchangeError> {
        let before = self.clock.now();
        let body = self.public_read(Endpoint::Time, &Query::new()).await?;
        let after = self.clock.now();
        let server_ms = parse::server_time(self.venue(), &body)?;
        let midpoint_ms =
            before.timestamp_millis() + (after - before).num_milliseconds().max(0) / 2;
        self.offset_ms
            .store(server_ms - midpoint_ms, Ordering::Release);
        self.synced.store(true, Ordering::Release);
        Ok(())
    }

    fn credentials(&self) -> Result<&Credentials, ExchangeError> {
        self.credentials.as_ref().ok_or(ExchangeError::Auth {
            venue: self.venue(),
            message: "no API key is configured for this account".into(),
        })
    }

    /// Fails with `Auth` before anything is sent when the client has no keys.
    pub(super) fn require_credentials(&self) -> Result<(), ExchangeError> {
        self.credentials().map(|_| ())
    }

    /// One request, one answer.
    async fn send(
        &self,
        endpoint: Endpoint,
        query: &Query,
        signed: bool,
        call: Call,
    ) -> Result<Bytes, ExchangeError> {
        let venue = self.venue();
        let route = self.config.market.route(endpoint);
        let credentials = if signed {
            Some(self.credentials()?)
        } else {
            None
        };
        let _answered = self.budget.acquire(route.weight).await?;
        let query = match credentials {
            Some(credentials) => {
                let timestamp_ms =
                    self.clock.now().timestamp_millis() + self.offset_ms.load(Ordering::Acquire);
                credentials.signed_query(
                    venue,
                    query.as_str(),
                    self.config.recv_window_ms,
                    timestamp_ms,
                )?
            }
            None => query.as_str().to_owned(),
        };
        let mut url = format!("{}{}", self.config.base_url, route.path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let mut request = self.http.request(route.method, url);
        if let Some(credentials) = credentials {
            request = request.header("X-MBX-APIKEY", credentials.api_key());
        }
        let response = request
            .send()
            .await
            .map_err(|e| error::transport(venue, call, e))?;
        let status = response.status();
        let retry_after = self.read_headers(response.headers());
        let body = response
            .bytes()
            .await
            .map_err(|e| error::body_cut(venue, call, e))?;
        if status.is_success() {
            return Ok(Vec::from(body));
        }
        let error = error::classify(venue, call, status, retry_after, &body, self.clock.now());
        match &error {
            ExchangeError::RateLimited {
                retry_after: Some(wait),
                ..
            } => self.budget.pause_for(*wait),
            ExchangeError::Banned { until, .. } => self.budget.ban_until(*until),
            _ => {}
        }
        Err(error)
    }

    /// Feeds `X-MBX-USED-WEIGHT-1M` to the budget; returns `Retry-After`.
    fn read_headers(&self, headers: &HeaderMap) -> Option<Duration> {
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        if let Some(used) = number("x-mbx-used-weight-1m") {
            self.budget
                .observe_used(u32::try_from(used).unwrap_or(u32::MAX));
        }
        number(RETRY_AFTER.as_str()).map(Duration::from_secs)
    }
}
