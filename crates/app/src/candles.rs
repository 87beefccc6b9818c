//! The candle cache: every caller of one App — each bot's cycle, each paper account's feed —
//! that wants candles of one (source, symbol, interval) shares one fetch. A cached run of
//! candles is good until the next candle can have closed; until then no fetch is made, so N
//! bots on one symbol cost one request per candle, not N. Concurrent callers wait for the one
//! fetch in flight instead of sending their own.
//!
//! A fetch that finished less than [`REUSE_WITHIN`] before a caller asked answers that caller
//! too, even when the venue had no newer candle (a halted symbol, a recording): all bots of one
//! cycle ask within that time, so "one fetch per (source, symbol, interval) per cycle" holds
//! however old the candles are.
//!
//! Only final candles are kept and handed out (a candle is final once its close time has
//! passed): a strategy or a paper fill never sees a candle still forming.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, TimeDelta, Utc};
use pilothouse_core::Clock;
use pilothouse_core::market::{Candle, ExchangeError, Interval, KlineRange, MAX_KLINES, Symbol};
use tokio::sync::Mutex;

use crate::paper::PriceSource;
use crate::{App, AppError};

/// Most candles kept per key: enough for any strategy's look-back and a day of 1-minute feeds.
const KEEP: usize = 2 * MAX_KLINES as usize;

/// Which candles a caller wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// The latest `n` final candles (at most 1000).
    Latest(u16),
    /// Final candles closing after this instant (at most 1000 per call; call again for more).
    After(DateTime<Utc>),
}

type Key = (String, Symbol, Interval);

/// How long a fetch answers every caller, whatever its candles' age (see the module docs).
pub const REUSE_WITHIN: TimeDelta = TimeDelta::seconds(2);

/// One key's cached run and when it was last fetched.
#[derive(Debug, Default)]
struct Entry {
    candles: Vec<Candle>,
    fetched_at: Option<DateTime<Utc>>,
}

/// Final candles per (source, symbol, interval), shared by every caller of an App.
#[derive(Debug, Default)]
pub struct CandleCache {
    entries: std::sync::Mutex<HashMap<Key, Arc<Mutex<Entry>>>>,
    fetches: AtomicU64,
}

impl CandleCache {
    /// How many requests for candles this cache has sent.
    pub fn fetches(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    /// The final candles of `symbol` at `interval` from `source` that `window` asks for,
    /// oldest first, fetching only when the cache cannot answer.
    pub(crate) async fn final_candles(
        &self,
        source: &PriceSource,
        symbol: &Symbol,
        interval: Interval,
        window: Window,
        clock: &dyn Clock,
    ) -> Result<Vec<Candle>, ExchangeError> {
        let now = clock.now();
        let entry = self.entry((source.cache_key(), symbol.clone(), interval));
        let mut entry = entry.lock().await;
        let fetched_since_asked = entry.fetched_at.is_some_and(|at| at + REUSE_WITHIN >= now);
        let cached = &mut entry.candles;
        let answered = covers(cached, interval, window, now)
            || (fetched_since_asked && reaches_back(cached, window));
        if !answered {
            let range = match window {
                Window::Latest(n) => KlineRange::Latest(n.saturating_add(1).min(MAX_KLINES)),
                Window::After(after) => KlineRange::Between {
                    from: after - interval.length(),
                    to: now,
                },
            };
            self.fetches.fetch_add(1, Ordering::Relaxed);
            let fetched = source.klines(symbol, interval, range).await?;
            merge(cached, fetched, now);
            // Callers that asked while this fetch was in flight take its answer.
            entry.fetched_at = Some(clock.now());
        }
        Ok(pick(&entry.candles, window))
    }

    fn entry(&self, key: Key) -> Arc<Mutex<Entry>> {
        let mut entries = match self.entries.lock() {
            Ok(entries) => entries,
            Err(poisoned) => poisoned.into_inner(),
        };
        Arc::clone(entries.entry(key).or_default())
    }
}

/// Whether `cached` answers `window` at `now`: no newer candle can have closed since the last
/// one cached, and the cached run reaches back far enough.
fn covers(cached: &[Candle], interval: Interval, window: Window, now: DateTime<Utc>) -> bool {
    let Some(last) = cached.last() else {
        return false;
    };
    let next_close = last.close_time + interval.length();
    now <= next_close && reaches_back(cached, window)
}

/// Whether `cached` holds as much history as `window` asks for.
fn reaches_back(cached: &[Candle], window: Window) -> bool {
    match window {
        Window::Latest(n) => cached.len() >= usize::from(n),
        Window::After(after) => cached
            .first()
            .is_some_and(|first| first.close_time <= after + TimeDelta::milliseconds(1)),
    }
}

/// Adds the final candles of `fetched` to `cached`, newer ones replacing older copies, keeping
/// the run sorted and at most [`KEEP`] long.
fn merge(cached: &mut Vec<Candle>, fetched: Vec<Candle>, now: DateTime<Utc>) {
    let fresh: Vec<Candle> = fetched.into_iter().filter(|c| c.is_final(now)).collect();
    let Some(first_new) = fresh.first().map(|c| c.open_time) else {
        return;
    };
    let last_new = fresh.last().map_or(first_new, |c| c.open_time);
    // A fetched run that does not touch the cached one replaces it: no gaps inside a run.
    let touches = cached.first().is_some_and(|c| c.open_time <= last_new)
        && cached
            .last()
            .is_some_and(|c| c.close_time >= first_new - TimeDelta::milliseconds(1));
    if !touches {
        cached.clear();
    }
    cached.retain(|c| c.open_time < first_new || c.open_time > last_new);
    cached.extend(fresh);
    cached.sort_by_key(|c| c.open_time);
    let excess = cached.len().saturating_sub(KEEP);
    cached.drain(..excess);
}

fn pick(cached: &[Candle], window: Window) -> Vec<Candle> {
    match window {
        Window::Latest(n) => cached[cached.len().saturating_sub(usize::from(n))..].to_vec(),
        Window::After(after) => cached
            .iter()
            .filter(|c| c.close_time > after)
            .take(usize::from(MAX_KLINES))
            .cloned()
            .collect(),
    }
}

impl App {
    /// Final candles of `symbol` at `interval` for `account` (by name or id), oldest first,
    /// shared with every other caller through the candle cache. A paper account reads its own
    /// price source; a Binance account its venue's public data (no keys needed).
    pub async fn candles(
        &self,
        account: &str,
        symbol: &Symbol,
        interval: Interval,
        window: Window,
    ) -> Result<Vec<Candle>, AppError> {
        if let Window::Latest(n) = window {
            KlineRange::Latest(n).check()?;
        }
        let account = self.account(account).await?;
        if account.venue == pilothouse_core::market::Venue::Paper {
            let mode = self.paper_mode(account.id).await?;
            return self
                .paper_candles(&account, mode, symbol, Some(interval), window)
                .await;
        }
        let client = self.client(&account, None)?;
        let url = account.base_url.clone().unwrap_or_default();
        let source = PriceSource::Binance(client, url);
        let cache = &self.inner.candles;
        Ok(cache
            .final_candles(&source, symbol, interval, window, self.inner.clock.as_ref())
            .await?)
    }

    /// How many candle requests the candle cache has sent since the App opened.
    pub fn candle_fetches(&self) -> u64 {
        self.inner.candles.fetches()
    }
}
