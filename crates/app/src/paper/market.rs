//! Where a paper account's prices come from: Binance's public endpoints (spot for a spot
//! account, USD-M for futures; no keys) or a replay of recorded candles, as the account was set
//! up; when Binance does not answer, the built-in stand-in replay (see `outage`). Every read
//! of candles goes through the App's candle cache.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use pilothouse_core::FieldError;
use pilothouse_core::market::{
    Account, Candle, ExchangeError, Interval, KlineRange, MarketData, PaperSpec, Symbol, SymbolInfo,
};
use pilothouse_core::paper::{PaperMarket, PaperMode};
use pilothouse_exchange::replay::BUILT_IN;
use pilothouse_exchange::{BinanceClient, BinanceConfig, Market, Replay, load_recording};
use rust_decimal::Decimal;

use crate::candles::Window;
use crate::{App, AppError};

/// A paper account's price source, ready to ask.
pub(crate) enum PriceSource {
    Binance(Arc<BinanceClient>, String),
    Replay(Arc<Replay>),
}

impl PriceSource {
    /// Separates cache entries of different sources.
    pub(crate) fn cache_key(&self) -> String {
        match self {
            PriceSource::Binance(_, url) => format!("binance:{url}"),
            PriceSource::Replay(replay) => format!(
                "replay:{}:{}:{}",
                replay.recording().name,
                replay.started().timestamp_millis(),
                replay.speed()
            ),
        }
    }

    /// The interval paper fills are fed at: Binance's finest, or the recording's own.
    pub(crate) fn feed_interval(&self) -> Interval {
        match self {
            PriceSource::Binance(..) => Interval::M1,
            PriceSource::Replay(replay) => replay.recording().interval,
        }
    }

    pub(crate) async fn klines(
        &self,
        symbol: &Symbol,
        interval: Interval,
        range: KlineRange,
    ) -> Result<Vec<Candle>, ExchangeError> {
        match self {
            PriceSource::Binance(client, _) => client.klines(symbol, interval, range).await,
            PriceSource::Replay(replay) => replay.klines(symbol, interval, range).await,
        }
    }

    /// The symbol's rules, refusing one that is not trading now (field `symbol`).
    pub(crate) async fn symbol_info(&self, symbol: &Symbol) -> Result<SymbolInfo, AppError> {
        let info = match self {
            PriceSource::Binance(client, _) => client.symbol_info(symbol).await?,
            PriceSource::Replay(replay) => {
                replay.last_price(symbol)?;
                replay.recording().info.clone()
            }
        };
        if !info.trading {
            return Err(FieldError::new(
                "symbol",
                format!("{symbol} is not trading on Binance now"),
            )
            .into());
        }
        Ok(info)
    }

    /// The last trade price: Binance's ticker, or the latest final close of a replay.
    pub(crate) async fn last_price(&self, symbol: &Symbol) -> Result<Decimal, AppError> {
        match self {
            PriceSource::Binance(client, _) => Ok(client.latest_price(symbol).await?),
            PriceSource::Replay(replay) => Ok(replay.last_price(symbol)?),
        }
    }
}

/// What a paper account asks its prices first.
enum Primary {
    /// Binance, at this base URL; the stand-in replay when it does not answer.
    Binance(PriceSource, String),
    /// A replay (the account's own, or the stand-in during an outage): nothing to fall back to.
    Settled(PriceSource),
}

/// A symbol's rules and last price.
pub(crate) struct Quote {
    pub info: SymbolInfo,
    pub last_price: Decimal,
}

async fn quote(source: &PriceSource, symbol: &Symbol) -> Result<Quote, AppError> {
    Ok(Quote {
        info: source.symbol_info(symbol).await?,
        last_price: source.last_price(symbol).await?,
    })
}

/// The candles `window` asks for at `interval` (`None`: the source's feed interval).
async fn candles(
    app: &App,
    source: &PriceSource,
    symbol: &Symbol,
    interval: Option<Interval>,
    window: Window,
) -> Result<Vec<Candle>, AppError> {
    let interval = interval.unwrap_or_else(|| source.feed_interval());
    let cache = &app.inner.candles;
    Ok(cache
        .final_candles(source, symbol, interval, window, app.inner.clock.as_ref())
        .await?)
}

impl App {
    /// `symbol`'s rules and last price for paper `account` in `mode`, from its price source
    /// (or Binance's stand-in, see the module docs).
    pub(crate) async fn paper_quote(
        &self,
        account: &Account,
        mode: PaperMode,
        symbol: &Symbol,
    ) -> Result<Quote, AppError> {
        match self.paper_primary(account, mode).await? {
            Primary::Settled(source) => quote(&source, symbol).await,
            Primary::Binance(source, url) => {
                match self
                    .outage_check(&url, mode, quote(&source, symbol).await)
                    .await
                {
                    Some(answer) => answer,
                    None => quote(&self.stand_in(mode).await?, symbol).await,
                }
            }
        }
    }

    /// The final candles of `symbol` that `window` asks for, for paper `account`, from its
    /// price source (`interval` `None`: its feed interval), through the candle cache.
    pub(crate) async fn paper_candles(
        &self,
        account: &Account,
        mode: PaperMode,
        symbol: &Symbol,
        interval: Option<Interval>,
        window: Window,
    ) -> Result<Vec<Candle>, AppError> {
        match self.paper_primary(account, mode).await? {
            Primary::Settled(source) => candles(self, &source, symbol, interval, window).await,
            Primary::Binance(source, url) => {
                let answer = candles(self, &source, symbol, interval, window).await;
                match self.outage_check(&url, mode, answer).await {
                    Some(answer) => answer,
                    None => {
                        let stand_in = self.stand_in(mode).await?;
                        candles(self, &stand_in, symbol, interval, window).await
                    }
                }
            }
        }
    }

    async fn paper_primary(&self, account: &Account, mode: PaperMode) -> Result<Primary, AppError> {
        let (market, since) = self.paper_market(account.id).await?;
        if let PaperMarket::Replay { dataset, speed } = market {
            return Ok(Primary::Settled(
                self.replay_source(&dataset, since, speed).await?,
            ));
        }
        let (binance, url) = self.paper_binance(account, mode)?;
        if self.outage_holds(&url) {
            return Ok(Primary::Settled(self.stand_in(mode).await?));
        }
        Ok(Primary::Binance(binance, url))
    }

    pub(crate) fn paper_binance(
        &self,
        account: &Account,
        mode: PaperMode,
    ) -> Result<(PriceSource, String), AppError> {
        let market = match mode {
            PaperMode::Spot => Market::Spot,
            PaperMode::Futures => Market::UsdM,
        };
        let url = account
            .base_url
            .clone()
            .unwrap_or_else(|| market.production_url().to_owned());
        let mut config = BinanceConfig::new(market, url.clone());
        // A price for a paper fill is worth a short wait, not a long one: the stand-in is there.
        config.request_timeout = Duration::from_secs(5);
        config.read_retries = 1;
        let client = self.shared_client(config, None)?;
        Ok((PriceSource::Binance(client, url.clone()), url))
    }

    pub(crate) async fn paper_market(
        &self,
        account_id: i64,
    ) -> Result<(PaperMarket, DateTime<Utc>), AppError> {
        let Some((json, since_ms)) = self.inner.store.paper_market(account_id).await? else {
            return Ok((PaperMarket::Binance, self.now()));
        };
        let market = serde_json::from_str(&json).map_err(|e| {
            AppError::Store(pilothouse_store::StoreError::Corrupt {
                what: "paper market",
                detail: e.to_string(),
            })
        })?;
        let since = DateTime::from_timestamp_millis(since_ms).unwrap_or_default();
        Ok((market, since))
    }

    /// A replay of `dataset` (checked when the account was added; a file since removed is
    /// reported under field `paper.market.dataset`).
    pub(crate) async fn replay_source(
        &self,
        dataset: &str,
        started: DateTime<Utc>,
        speed: u32,
    ) -> Result<PriceSource, AppError> {
        let recording = self.recording(dataset).await?;
        let replay = Replay::new(recording, started, speed, Arc::clone(&self.inner.clock));
        Ok(PriceSource::Replay(Arc::new(replay)))
    }

    /// Refuses a replay whose dataset does not load, or a built-in one of the other market
    /// (field `paper.market.dataset`).
    pub(crate) async fn check_replay(&self, paper: &PaperSpec) -> Result<(), AppError> {
        let PaperMarket::Replay { dataset, .. } = &paper.market else {
            return Ok(());
        };
        self.recording(dataset).await?;
        let futures = paper.config.mode == PaperMode::Futures;
        if let Some(other) = BUILT_IN
            .iter()
            .find(|b| b.name.eq_ignore_ascii_case(dataset.trim()) && b.futures != futures)
        {
            let market = if other.futures { "futures" } else { "spot" };
            return Err(FieldError::new(
                "paper.market.dataset",
                format!(
                    "{} is a {market} recording; pick one of the account's market",
                    other.name
                ),
            )
            .into());
        }
        Ok(())
    }

    /// The recording `dataset`, loaded once per App.
    pub(crate) async fn recording(
        &self,
        dataset: &str,
    ) -> Result<Arc<pilothouse_exchange::replay::Recording>, AppError> {
        let key = dataset.trim().to_owned();
        if let Some(found) = self.lock_recordings().get(&key) {
            return Ok(Arc::clone(found));
        }
        let path = key.clone();
        let loaded =
            tokio::task::spawn_blocking(move || load_recording(&path, "paper.market.dataset"))
                .await
                .map_err(|e| {
                    FieldError::new("paper.market.dataset", format!("could not load: {e}"))
                })??;
        let loaded = Arc::new(loaded);
        self.lock_recordings().insert(key, Arc::clone(&loaded));
        Ok(loaded)
    }

    fn lock_recordings(
        &self,
    ) -> std::sync::MutexGuard<
        '_,
        std::collections::HashMap<String, Arc<pilothouse_exchange::replay::Recording>>,
    > {
        match self.inner.recordings.lock() {
            Ok(recordings) => recordings,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}
