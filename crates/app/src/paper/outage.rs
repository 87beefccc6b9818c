//! Binance's public market data not answering: the outage is recorded per base URL, told to
//! the trader (an event, a SYSTEM log entry, the banner on screen), and paper accounts on
//! Binance's prices trade the built-in stand-in replay — ETHBTC for spot, XRPUSDT for futures —
//! until Binance answers again. Binance is asked again after [`PROBE_AFTER`]; the feed probes
//! it with its clock (weight 1) so an outage shows before the first order meets it. The
//! stand-in runs from the first time it was needed, on the wall clock, so restarts continue it.

use chrono::{DateTime, TimeDelta};
use pilothouse_core::market::{Account, ExchangeError, MarketOutage};
use pilothouse_core::paper::{PaperMarket, PaperMode};
use pilothouse_core::{AppEvent, LogType, NewLogEntry, Severity};
use pilothouse_exchange::replay::BUILT_IN;

use super::market::PriceSource;
use crate::{App, AppError};

/// How long an unanswering Binance is left alone before it is asked again.
pub const PROBE_AFTER: TimeDelta = TimeDelta::seconds(60);

/// Settings key: when the stand-in replay first started (ms).
const STAND_IN_STARTED: &str = "paper_stand_in_started_ms";

impl App {
    /// Records what Binance's answer says of an outage: `None` when it did not answer (the
    /// caller then asks the stand-in), the answer otherwise.
    pub(super) async fn outage_check<T>(
        &self,
        url: &str,
        mode: PaperMode,
        answer: Result<T, AppError>,
    ) -> Option<Result<T, AppError>> {
        match answer {
            Err(AppError::Exchange(ExchangeError::Unavailable { message, .. })) => {
                self.begin_outage(url, mode, &message).await;
                None
            }
            answered => {
                self.end_outage(url).await;
                Some(answered)
            }
        }
    }

    /// Asks Binance's clock (weight 1) at the URL of every paper account that trades on its
    /// prices, unless an outage there is waiting for its next attempt: so the screen says
    /// Binance does not answer (or answers again) before the trader's first order finds out.
    pub(crate) async fn probe_paper_markets(&self, accounts: &[Account]) {
        let mut probed = std::collections::HashSet::new();
        for account in accounts {
            let Ok(mode) = self.paper_mode(account.id).await else {
                continue;
            };
            let Ok((PaperMarket::Binance, _)) = self.paper_market(account.id).await else {
                continue;
            };
            let Ok((PriceSource::Binance(client, url), _)) = self.paper_binance(account, mode)
            else {
                continue;
            };
            if self.outage_holds(&url) || !probed.insert(url.clone()) {
                continue;
            }
            let answer = client.sync_time().await.map_err(AppError::from);
            let _ = self.outage_check(&url, mode, answer).await;
        }
    }

    /// Every outage of Binance's public market data right now.
    pub fn market_outages(&self) -> Vec<MarketOutage> {
        let outages = match self.inner.outages.lock() {
            Ok(outages) => outages,
            Err(poisoned) => poisoned.into_inner(),
        };
        outages.values().cloned().collect()
    }

    pub(super) async fn stand_in(&self, mode: PaperMode) -> Result<PriceSource, AppError> {
        let name = stand_in_name(mode);
        let now = self.now();
        let started = self
            .inner
            .store
            .setting_or_insert(STAND_IN_STARTED, &now.timestamp_millis().to_string(), now)
            .await?;
        let started = started
            .parse()
            .ok()
            .and_then(DateTime::from_timestamp_millis)
            .unwrap_or(now);
        self.replay_source(name, started, 1).await
    }

    pub(super) fn outage_holds(&self, url: &str) -> bool {
        let now = self.now();
        self.market_outages()
            .iter()
            .any(|o| o.base_url == url && o.next_attempt > now)
    }

    async fn begin_outage(&self, url: &str, mode: PaperMode, reason: &str) {
        let now = self.now();
        let began = {
            let mut outages = match self.inner.outages.lock() {
                Ok(outages) => outages,
                Err(poisoned) => poisoned.into_inner(),
            };
            let began = !outages.contains_key(url);
            let outage = outages
                .entry(url.to_owned())
                .or_insert_with(|| MarketOutage {
                    base_url: url.to_owned(),
                    since: now,
                    reason: String::new(),
                    stand_in: stand_in_name(mode).to_owned(),
                    next_attempt: now,
                });
            outage.reason = reason.to_owned();
            outage.next_attempt = now + PROBE_AFTER;
            began
        };
        if began {
            let message = format!(
                "Binance's market data at {url} does not answer ({reason}); paper accounts trade \
                 the built-in replay of {} until it does",
                stand_in_name(mode)
            );
            self.market_note(Severity::Warning, "market_data_offline", message)
                .await;
        }
        self.publish(AppEvent::MarketOutagesChanged {
            outages: self.market_outages(),
        });
    }

    async fn end_outage(&self, url: &str) {
        let ended = {
            let mut outages = match self.inner.outages.lock() {
                Ok(outages) => outages,
                Err(poisoned) => poisoned.into_inner(),
            };
            outages.remove(url)
        };
        if let Some(outage) = ended {
            let message = format!(
                "Binance's market data at {url} answers again (it did not from {}); paper \
                 accounts trade on its prices",
                outage.since
            );
            self.market_note(Severity::Info, "market_data_online", message)
                .await;
            self.publish(AppEvent::MarketOutagesChanged {
                outages: self.market_outages(),
            });
        }
    }

    async fn market_note(&self, severity: Severity, action: &str, message: String) {
        let entry = NewLogEntry::new(LogType::System, severity, "paper", action, message);
        if let Err(error) = self.log(entry).await {
            tracing::warn!(%error, "could not log a market data change");
        }
    }
}

/// The built-in recording that stands in for Binance in `mode`.
fn stand_in_name(mode: PaperMode) -> &'static str {
    let futures = mode == PaperMode::Futures;
    BUILT_IN
        .iter()
        .find(|b| b.futures == futures)
        .map_or("ETHBTC-5m", |b| b.name)
}
