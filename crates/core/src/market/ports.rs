//! The two ports every venue adapter implements. The App talks to venues only through these
//! (and only through its order gate for `place`), so paper trading, Binance spot and Binance
//! futures are interchangeable, and a backtest can run the same engine on recorded candles.
//!
//! Futures are boxed so the ports can be held as `Arc<dyn …>`; no runtime is named here.

use futures_core::future::BoxFuture;

use super::{
    AccountPermissions, Balance, Candle, ClientOrderId, ExchangeError, Interval, KlineRange,
    OrderReport, OrderRequest, Position, Symbol, SymbolInfo,
};

/// Prices: candles and each symbol's trading rules. Needs no keys on public venues.
pub trait MarketData: Send + Sync {
    /// Candles of `symbol` at `interval`, oldest first. The last one may still be forming.
    fn klines(
        &self,
        symbol: &Symbol,
        interval: Interval,
        range: KlineRange,
    ) -> BoxFuture<'_, Result<Vec<Candle>, ExchangeError>>;

    /// Every symbol the venue lists, with its trading rules.
    fn exchange_info(&self) -> BoxFuture<'_, Result<Vec<SymbolInfo>, ExchangeError>>;
}

/// Orders and the account. Needs keys (or a paper account).
pub trait Execution: Send + Sync {
    /// Sends `order`. An `UnknownOutcome` error means: look it up with [`Execution::order`].
    fn place(&self, order: &OrderRequest) -> BoxFuture<'_, Result<OrderReport, ExchangeError>>;

    /// Cancels the open order `id` of `symbol`.
    fn cancel(
        &self,
        symbol: &Symbol,
        id: &ClientOrderId,
    ) -> BoxFuture<'_, Result<OrderReport, ExchangeError>>;

    /// What the venue knows of order `id`; `None` if it never received it.
    fn order(
        &self,
        symbol: &Symbol,
        id: &ClientOrderId,
    ) -> BoxFuture<'_, Result<Option<OrderReport>, ExchangeError>>;

    /// Open orders, of one symbol or all.
    fn open_orders(
        &self,
        symbol: Option<&Symbol>,
    ) -> BoxFuture<'_, Result<Vec<OrderReport>, ExchangeError>>;

    fn balances(&self) -> BoxFuture<'_, Result<Vec<Balance>, ExchangeError>>;

    /// Open futures positions (empty on spot).
    fn positions(&self) -> BoxFuture<'_, Result<Vec<Position>, ExchangeError>>;

    fn permissions(&self) -> BoxFuture<'_, Result<AccountPermissions, ExchangeError>>;
}
