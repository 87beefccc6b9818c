//! Market data from Binance: candles and each symbol's trading rules. Public endpoints, no keys.
//! Exchange info (every symbol with its filters) changes rarely and weighs 20 on spot, so it is
//! kept for `exchange_info_ttl` and fetched by one caller at a time while others wait for it.

use std::sync::Arc;

use pilothouse_core::FieldError;
use pilothouse_core::market::{
    Candle, ExchangeError, Interval, KlineRange, MarketData, Symbol, SymbolInfo,
};
use rust_decimal::Decimal;

use super::BoxFuture;
use super::client::{BinanceClient, CachedInfo};
use super::market::Endpoint;
use super::parse;
use super::sign::Query;

/// Most candles one request may ask for (core's `MAX_KLINES`; Binance spot's maximum).
const MAX_KLINES: u16 = 1_000;

impl BinanceClient {
    /// Candles of `symbol`, oldest first.
    pub async fn fetch_klines(
        &self,
        symbol: &Symbol,
        interval: Interval,
        range: KlineRange,
    ) -> Result<Vec<Candle>, ExchangeError> {
        let range = range.check()?;
        let mut query = Query::new();
        query
            .push("symbol", symbol.as_str())
            .push("interval", interval.as_str());
        let limit = match range {
            KlineRange::Latest(count) => {
                query.push("limit", count.to_string());
                count
            }
            KlineRange::Between { from, to } => {
                query
                    .push("startTime", from.timestamp_millis().to_string())
                    .push("endTime", to.timestamp_millis().to_string())
                    .push("limit", MAX_KLINES.to_string());
                MAX_KLINES
            }
        };
        let body = self.public_read(Endpoint::Klines { limit }, &query).await?;
        parse::klines(self.venue(), &body)
    }

    /// Every symbol with its rules, from the cache while it is fresh.
    pub async fn fetch_exchange_info(&self) -> Result<Arc<Vec<SymbolInfo>>, ExchangeError> {
        let mut cache = self.exchange_info.lock().await;
        let now = self.clock.now();
        if let Some(cached) = cache.as_ref()
            && now - cached.fetched_at < self.config.exchange_info_ttl
        {
            return Ok(Arc::clone(&cached.symbols));
        }
        let body = self
            .public_read(Endpoint::ExchangeInfo, &Query::new())
            .await?;
        let symbols = Arc::new(parse::exchange_info(self.venue(), &body)?);
        *cache = Some(CachedInfo {
            fetched_at: now,
            symbols: Arc::clone(&symbols),
        });
        Ok(symbols)
    }

    /// One symbol's rules; `Invalid` (field `symbol`) when the venue does not list it.
    pub async fn symbol_info(&self, symbol: &Symbol) -> Result<SymbolInfo, ExchangeError> {
        self.fetch_exchange_info()
            .await?
            .iter()
            .find(|info| info.symbol == *symbol)
            .cloned()
            .ok_or_else(|| {
                FieldError::new(
                    "symbol",
                    format!("{symbol} is not listed on {}", self.venue()),
                )
                .into()
            })
    }

    /// The latest traded price (`ticker/price`).
    pub async fn latest_price(&self, symbol: &Symbol) -> Result<Decimal, ExchangeError> {
        let mut query = Query::new();
        query.push("symbol", symbol.as_str());
        let body = self.public_read(Endpoint::TickerPrice, &query).await?;
        parse::ticker_price(self.venue(), &body)
    }
}

impl MarketData for BinanceClient {
    fn klines(
        &self,
        symbol: &Symbol,
        interval: Interval,
        range: KlineRange,
    ) -> BoxFuture<'_, Result<Vec<Candle>, ExchangeError>> {
        let symbol = symbol.clone();
        Box::pin(async move { self.fetch_klines(&symbol, interval, range).await })
    }

    fn exchange_info(&self) -> BoxFuture<'_, Result<Vec<SymbolInfo>, ExchangeError>> {
        Box::pin(async move { Ok(self.fetch_exchange_info().await?.as_ref().clone()) })
    }
}
