//! What a test does to the fake Binance besides sending it HTTP: register keys, fund accounts,
//! move the market and fill orders, skew the server clock, schedule faults, and read back what
//! arrived and how much weight it cost.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::http::Method;
use chrono::{DateTime, TimeDelta, Utc};
use pilothouse_app::core::Clock;
use rust_decimal::Decimal;

use super::Venue;
use super::algo::AlgoOrder;
use super::auth::{ApiKey, KeyPermissions};
use super::faults::{Fault, FaultTarget};
use super::market::Candle;
use super::orders::Order;
use super::positions::FuturesPosition;
use super::server::{FakeBinance, RecordedRequest, lock};
use super::spot::SpotBalance;

impl FakeBinance {
    /// `http://127.0.0.1:<port>`: both venues live on this one host, spot under `/api/v3`,
    /// futures under `/fapi/v1` and `/fapi/v2`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stands in for `https://api.binance.com` (same as [`Self::base_url`]).
    pub fn spot_url(&self) -> String {
        self.base_url()
    }

    /// Stands in for `https://fapi.binance.com` (same as [`Self::base_url`]).
    pub fn futures_url(&self) -> String {
        self.base_url()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Registers an API key and its secret with the given permissions.
    pub fn add_key(&self, api_key: &str, secret: &str, permissions: KeyPermissions) {
        let key = ApiKey {
            secret: secret.to_owned(),
            permissions,
            created_ms: self.shared.now_ms(),
        };
        lock(&self.shared.keys).insert(api_key.to_owned(), key);
    }

    // --- spot account -------------------------------------------------------------------

    /// Sets the spot wallet's free balance of `asset` (locked funds are left alone).
    pub fn set_balance(&self, asset: &str, free: Decimal) {
        let mut exchange = lock(&self.shared.exchange);
        exchange
            .spot
            .balances
            .entry(asset.to_owned())
            .or_default()
            .free = free;
    }

    pub fn balance(&self, asset: &str) -> SpotBalance {
        let exchange = lock(&self.shared.exchange);
        exchange
            .spot
            .balances
            .get(asset)
            .copied()
            .unwrap_or_default()
    }

    /// The account-level `canWithdraw` that `/api/v3/account` reports (default `true`, as on a
    /// real account; a key's own withdrawal permission is in `apiRestrictions`).
    pub fn set_can_withdraw(&self, can_withdraw: bool) {
        lock(&self.shared.exchange).spot.can_withdraw = can_withdraw;
    }

    // --- futures account ----------------------------------------------------------------

    /// Sets the futures wallet balance of a margin asset (USDT).
    pub fn set_futures_balance(&self, asset: &str, wallet: Decimal) {
        lock(&self.shared.exchange)
            .futures
            .wallet
            .insert(asset.to_owned(), wallet);
    }

    /// The futures wallet balance (realized PnL and commissions included).
    pub fn futures_balance(&self, asset: &str) -> Decimal {
        let exchange = lock(&self.shared.exchange);
        exchange
            .futures
            .wallet
            .get(asset)
            .copied()
            .unwrap_or_default()
    }

    /// The position in a futures symbol (flat if none was ever opened).
    pub fn position(&self, symbol: &str) -> FuturesPosition {
        lock(&self.shared.exchange).futures.position_or_flat(symbol)
    }

    // --- orders and market --------------------------------------------------------------

    /// Every order placed so far, spot and futures, oldest first.
    pub fn orders(&self) -> Vec<Order> {
        lock(&self.shared.exchange).orders.clone()
    }

    /// The latest order with this client order id.
    pub fn order(&self, client_order_id: &str) -> Option<Order> {
        let exchange = lock(&self.shared.exchange);
        let mut orders = exchange.orders.iter().rev();
        orders
            .find(|o| o.client_order_id == client_order_id)
            .cloned()
    }

    /// The latest USD-M conditional (algo) order with this client algo id.
    pub fn algo_order(&self, client_algo_id: &str) -> Option<AlgoOrder> {
        let exchange = lock(&self.shared.exchange);
        let mut orders = exchange.algo_orders.iter().rev();
        orders.find(|a| a.client_algo_id == client_algo_id).cloned()
    }

    /// Fills the whole remainder of the open order with this client order id at its price.
    pub fn fill_order(&self, client_order_id: &str) -> anyhow::Result<Order> {
        let now_ms = self.shared.now_ms();
        lock(&self.shared.exchange).fill_by_client_id(client_order_id, None, now_ms)
    }

    /// Fills `qty` of the open order with this client order id at its price.
    pub fn fill_order_partially(
        &self,
        client_order_id: &str,
        qty: Decimal,
    ) -> anyhow::Result<Order> {
        let now_ms = self.shared.now_ms();
        lock(&self.shared.exchange).fill_by_client_id(client_order_id, Some(qty), now_ms)
    }

    /// The candle the market of `symbol` is in now (its close is the current price).
    pub fn current_candle(&self, symbol: &str) -> anyhow::Result<Candle> {
        let exchange = lock(&self.shared.exchange);
        let series = exchange
            .market
            .series(symbol)
            .context("not a listed symbol")?;
        Ok(series.current())
    }

    /// The current price of `symbol`: what MARKET orders fill at.
    pub fn price(&self, symbol: &str) -> anyhow::Result<Decimal> {
        Ok(self.current_candle(symbol)?.close)
    }

    /// Moves `symbol`'s market to the last candle opening at or before `at` (by default it is
    /// at the fixture's last candle). Moving forward fills resting LIMIT orders it crosses.
    pub fn set_market_time(&self, symbol: &str, at: DateTime<Utc>) -> anyhow::Result<()> {
        let now_ms = self.shared.now_ms();
        lock(&self.shared.exchange).move_market(symbol, at.timestamp_millis(), now_ms)
    }

    /// Moves `symbol`'s market `candles` candles forward, filling resting LIMIT orders whose
    /// price the market trades through.
    pub fn advance_market(&self, symbol: &str, candles: usize) -> anyhow::Result<()> {
        let now_ms = self.shared.now_ms();
        let mut exchange = lock(&self.shared.exchange);
        let series = exchange
            .market
            .series(symbol)
            .context("not a listed symbol")?;
        let target = series.open_time_after(candles);
        exchange.move_market(symbol, target, now_ms)
    }

    // --- clock --------------------------------------------------------------------------

    /// Replaces the server's clock (the skew is kept).
    pub fn set_clock(&self, clock: Arc<dyn Clock>) {
        lock(&self.shared.clock).clock = clock;
    }

    /// Makes the server's clock run `by` ahead of its clock (negative: behind), so `time`
    /// and the recvWindow check disagree with a client that has not synchronised.
    pub fn skew_clock(&self, by: TimeDelta) {
        lock(&self.shared.clock).skew = by;
    }

    /// What the server thinks the time is.
    pub fn server_time(&self) -> DateTime<Utc> {
        self.shared.now()
    }

    // --- requests and weight ------------------------------------------------------------

    /// Every request so far, oldest first (faulted ones included).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    pub fn request_count(&self) -> usize {
        lock(&self.shared.requests).len()
    }

    /// Weight used on `venue` in the current minute.
    pub fn used_weight(&self, venue: Venue) -> u32 {
        let now_ms = self.shared.now_ms();
        lock(&self.shared.limits).of(venue).used(now_ms)
    }

    /// The most weight any one minute has carried on `venue` (for budget tests).
    pub fn max_used_weight(&self, venue: Venue) -> u32 {
        lock(&self.shared.limits).of(venue).max_used()
    }

    /// The weight `venue` allows per minute (default 6000 spot, 2400 futures: Binance's own).
    pub fn set_weight_limit(&self, venue: Venue, limit: u32) {
        lock(&self.shared.limits).of(venue).limit = limit;
    }

    /// How many 429s in one minute a client may ignore before it is banned (default 3).
    pub fn set_ban_after(&self, venue: Venue, ignored_429s: u32) {
        lock(&self.shared.limits).of(venue).ban_after = ignored_429s;
    }

    // --- faults -------------------------------------------------------------------------

    /// Applies `fault` to the next `times` requests matching `target`.
    pub fn inject(&self, fault: Fault, target: FaultTarget, times: u32) {
        lock(&self.shared.faults).schedule(fault, target, times);
    }

    /// The next `times` requests to `path` get 429 with `Retry-After`.
    pub fn rate_limit_next(&self, path: &str, times: u32, retry_after: Duration) {
        self.inject(
            Fault::RateLimited { retry_after },
            FaultTarget::path(path),
            times,
        );
    }

    /// The next `times` requests to `path` get 418 (banned) with `Retry-After`.
    pub fn ban_next(&self, path: &str, times: u32, retry_after: Duration) {
        self.inject(
            Fault::Banned { retry_after },
            FaultTarget::path(path),
            times,
        );
    }

    /// The next `times` requests to `path` get a 5xx `status` and are not processed.
    pub fn server_error_next(&self, path: &str, times: u32, status: u16) {
        self.inject(
            Fault::ServerError { status },
            FaultTarget::path(path),
            times,
        );
    }

    /// The next `times` requests to `path` are answered normally after `delay`.
    pub fn slow_next(&self, path: &str, times: u32, delay: Duration) {
        self.inject(Fault::Slow { delay }, FaultTarget::path(path), times);
    }

    /// The next `times` requests to `path` are never answered.
    pub fn hang_next(&self, path: &str, times: u32) {
        self.inject(Fault::Hang, FaultTarget::path(path), times);
    }

    /// The next `times` `method` requests to `path` are processed (an order IS placed) but
    /// answered with 408 and -1007 "execution status unknown".
    pub fn unknown_outcome_next(&self, method: Method, path: &str, times: u32) {
        let target = FaultTarget::path(path).method(method);
        self.inject(Fault::UnknownOutcome { status: 408 }, target, times);
    }

    /// The next `times` requests to `path` are processed but answered with truncated JSON.
    pub fn malformed_json_next(&self, path: &str, times: u32) {
        self.inject(Fault::MalformedJson, FaultTarget::path(path), times);
    }

    /// Repetitions of scheduled faults not yet used.
    pub fn pending_faults(&self) -> u32 {
        lock(&self.shared.faults).pending()
    }

    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }
}
