//! Orders and the account on Binance. An order is checked against the symbol's filters before
//! anything is sent, carries its `newClientOrderId` (the id it was journaled under), and is sent
//! exactly once: when the answer is lost the error is `UnknownOutcome`, and the caller asks
//! [`Execution::order`] by client id instead of sending it again (design rules 5 and 10). The
//! order query gives totals only, so a found order that executed has its trades read for its
//! fills and fees.
//!
//! Order kinds map to Binance types by explicit `match`: market → `MARKET`; limit → `LIMIT` with
//! `timeInForce=GTC`; stop-market → `STOP_LOSS` on spot (a market order once `stopPrice` trades).
//! On USD-M a stop-market is a conditional order: since 2025-12-09 Binance refuses
//! `STOP_MARKET` on `POST /fapi/v1/order` (-4120) and takes it on its Algo Service
//! (`POST /fapi/v1/algoOrder`, `algoType=CONDITIONAL`, `triggerPrice`, `clientAlgoId`; derivatives
//! change log of 2025-11-06). Such an order is found with `GET /fapi/v1/algoOrder` when the
//! order query does not know its client id, cancelled with `DELETE /fapi/v1/algoOrder` when the
//! order cancel does not, and listed by `GET /fapi/v1/openAlgoOrders` beside the open orders;
//! once triggered it is reported as the matching-engine order it became (`actualOrderId`).

use pilothouse_core::FieldError;
use pilothouse_core::market::{
    AccountPermissions, Balance, ClientOrderId, ExchangeError, Execution, OrderKind, OrderReport,
    OrderRequest, Position, Side, Symbol, SymbolFilters,
};
use rust_decimal::Decimal;

use super::BoxFuture;
use super::client::BinanceClient;
use super::error::{self, Call, NO_SUCH_ORDER, UNKNOWN_ORDER};
use super::market::{Endpoint, Market};
use super::parse;
use super::sign::Query;

impl BinanceClient {
    /// Checks `order` against its symbol's rules, then sends it once.
    pub async fn place_order(&self, order: &OrderRequest) -> Result<OrderReport, ExchangeError> {
        self.require_credentials()?;
        self.check(order).await?;
        let malformed =
            |e: ExchangeError| error::malformed(self.venue(), Call::Write, e.to_string());
        match (&order.kind, self.market()) {
            (OrderKind::StopMarket { stop }, Market::UsdM) => {
                self.place_conditional(order, *stop).await
            }
            _ => {
                let query = order_query(self.market(), order);
                let body = self.signed_write(Endpoint::NewOrder, &query).await?;
                parse::order(self.venue(), &body).map_err(malformed)
            }
        }
    }

    /// The venue's rules, applied before sending: a refusal here sends nothing.
    async fn check(&self, order: &OrderRequest) -> Result<(), ExchangeError> {
        if order.reduce_only && !self.market().is_futures() {
            return Err(FieldError::new(
                "reduce_only",
                "spot has no positions to reduce; sell the asset instead",
            )
            .into());
        }
        let info = self.symbol_info(&order.symbol).await?;
        if !info.trading {
            return Err(FieldError::new(
                "symbol",
                format!("{} is not trading on {} now", order.symbol, self.venue()),
            )
            .into());
        }
        let (price, price_is_the_orders) = match &order.kind {
            OrderKind::Market => (None, false),
            OrderKind::Limit { price } => (Some(*price), true),
            OrderKind::StopMarket { stop } => (Some(*stop), true),
        };
        // Quantity, step, tick: no price needed beyond the order's own.
        let without_notional = SymbolFilters {
            min_notional: Decimal::ZERO,
            ..info.filters.clone()
        };
        without_notional.check(
            order.quantity,
            price.unwrap_or(Decimal::ONE),
            price_is_the_orders,
        )?;
        if info.filters.min_notional.is_zero() {
            return Ok(());
        }
        // The notional rule of a market order needs the market's price.
        let price = match price {
            Some(price) => price,
            None => self.latest_price(&order.symbol).await?,
        };
        info.filters
            .check(order.quantity, price, price_is_the_orders)?;
        Ok(())
    }

    /// Cancels `id`; sent once (a lost answer is `UnknownOutcome`). On USD-M an id the order
    /// cancel does not know (-2011) may be a conditional order's: the Algo Service is asked to
    /// cancel it, and then for its state (its cancel answer names only the ids).
    pub async fn cancel_order(
        &self,
        symbol: &Symbol,
        id: &ClientOrderId,
    ) -> Result<OrderReport, ExchangeError> {
        let malformed =
            |e: ExchangeError| error::malformed(self.venue(), Call::Write, e.to_string());
        match self
            .signed_write(Endpoint::CancelOrder, &by_client_id(symbol, id))
            .await
        {
            Ok(body) => parse::order(self.venue(), &body).map_err(malformed),
            Err(ExchangeError::Rejected {
                code: Some(UNKNOWN_ORDER),
                ..
            }) if self.market().is_futures() => self.cancel_conditional(id).await,
            Err(other) => Err(other),
        }
    }

    /// What the venue knows of `id`; `None` when it never received it (-2013). Binance's order
    /// query gives totals only, so when part of the order executed its trades are read too
    /// (`myTrades` / `userTrades` by `orderId`, weight 5) and the report carries each fill's
    /// price and fee; an order that executed nothing costs no second request. On USD-M an id
    /// the order query does not know is asked of the Algo Service before it is `None`.
    pub async fn find_order(
        &self,
        symbol: &Symbol,
        id: &ClientOrderId,
    ) -> Result<Option<OrderReport>, ExchangeError> {
        match self
            .signed_read(Endpoint::QueryOrder, &by_client_id(symbol, id))
            .await
        {
            Ok(body) => self.with_trades(symbol, &body).await.map(Some),
            Err(ExchangeError::Rejected {
                code: Some(NO_SUCH_ORDER),
                ..
            }) if self.market().is_futures() => self.find_conditional(symbol, id).await,
            Err(ExchangeError::Rejected {
                code: Some(NO_SUCH_ORDER),
                ..
            }) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// A queried order, with its fills and fees from its trades when it executed.
    pub(super) async fn with_trades(
        &self,
        symbol: &Symbol,
        order_body: &[u8],
    ) -> Result<OrderReport, ExchangeError> {
        let found = parse::queried_order(self.venue(), order_body)?;
        if !found.has_executed() {
            return found.into_report(self.venue());
        }
        let mut query = Query::new();
        query
            .push("symbol", symbol.as_str())
            .push("orderId", found.order_id().to_string());
        let trades = self.signed_read(Endpoint::OrderTrades, &query).await?;
        parse::order_with_trades(self.venue(), found, &trades)
    }

    pub async fn fetch_open_orders(
        &self,
        symbol: Option<&Symbol>,
    ) -> Result<Vec<OrderReport>, ExchangeError> {
        let query = of_symbol(symbol);
        let endpoint = Endpoint::OpenOrders {
            all_symbols: symbol.is_none(),
        };
        let body = self.signed_read(endpoint, &query).await?;
        let mut open = parse::orders(self.venue(), &body)?;
        if self.market().is_futures() {
            open.extend(self.open_conditionals(symbol).await?);
        }
        Ok(open)
    }

    /// Sets `symbol`'s leverage on USD-M futures (1 to 125; Binance may cap it lower for a large
    /// position) and returns the leverage in force. Spot has none (field `leverage`).
    pub async fn set_leverage(&self, symbol: &Symbol, leverage: u32) -> Result<u32, ExchangeError> {
        if !self.market().is_futures() {
            return Err(FieldError::new("leverage", "spot trading has no leverage").into());
        }
        let mut query = of_symbol(Some(symbol));
        query.push("leverage", leverage.to_string());
        let body = self.signed_write(Endpoint::Leverage, &query).await?;
        parse::leverage(self.venue(), &body)
    }

    pub async fn fetch_balances(&self) -> Result<Vec<Balance>, ExchangeError> {
        match self.market() {
            Market::Spot => {
                let body = self.signed_read(Endpoint::Account, &Query::new()).await?;
                parse::spot_balances(self.venue(), &body)
            }
            Market::UsdM => {
                let body = self.signed_read(Endpoint::Balance, &Query::new()).await?;
                parse::futures_balances(self.venue(), &body)
            }
        }
    }

    /// Open futures positions; spot has none (and asks nothing).
    pub async fn fetch_positions(&self) -> Result<Vec<Position>, ExchangeError> {
        match self.market() {
            Market::Spot => Ok(Vec::new()),
            Market::UsdM => {
                let body = self
                    .signed_read(Endpoint::PositionRisk, &Query::new())
                    .await?;
                parse::positions(self.venue(), &body)
            }
        }
    }

    /// The account's `canTrade` / `canWithdraw`; on spot narrowed to the key's own permissions
    /// and IP restriction (`/sapi/v1/account/apiRestrictions`) where the venue offers them
    /// (testnets do not: the restriction is then unknown). USD-M's `/sapi` lives on the spot
    /// host, so futures report `ip_restricted: None`.
    pub async fn fetch_permissions(&self) -> Result<AccountPermissions, ExchangeError> {
        let body = self.signed_read(Endpoint::Account, &Query::new()).await?;
        let account = parse::permissions(self.venue(), &body)?;
        if self.market().is_futures() {
            return Ok(account);
        }
        match self
            .signed_read(Endpoint::ApiRestrictions, &Query::new())
            .await
        {
            Ok(body) => parse::key_restrictions(self.venue(), account, &body),
            Err(ExchangeError::Rejected { .. } | ExchangeError::Malformed { .. }) => Ok(account),
            Err(other) => Err(other),
        }
    }
}

/// The new-order parameters, in the order they are signed.
fn order_query(market: Market, order: &OrderRequest) -> Query {
    let mut query = Query::new();
    query.push("symbol", order.symbol.as_str()).push(
        "side",
        match order.side {
            Side::Buy => "BUY",
            Side::Sell => "SELL",
        },
    );
    match (&order.kind, market) {
        (OrderKind::Market, _) => {
            query.push("type", "MARKET");
        }
        (OrderKind::Limit { price }, _) => {
            query
                .push("type", "LIMIT")
                .push("timeInForce", "GTC")
                .push("price", decimal(*price));
        }
        (OrderKind::StopMarket { stop }, Market::Spot) => {
            query
                .push("type", "STOP_LOSS")
                .push("stopPrice", decimal(*stop));
        }
        // Not sent this way: USD-M stops go to the Algo Service (`algo_query`); -4120 here.
        (OrderKind::StopMarket { stop }, Market::UsdM) => {
            query
                .push("type", "STOP_MARKET")
                .push("stopPrice", decimal(*stop));
        }
    }
    query
        .push("quantity", decimal(order.quantity))
        .push("newClientOrderId", order.client_order_id.as_str());
    if order.reduce_only && market.is_futures() {
        query.push("reduceOnly", "true");
    }
    // Spot FULL lists fills and fees; USD-M RESULT gives the final state of a market order.
    query.push(
        "newOrderRespType",
        match market {
            Market::Spot => "FULL",
            Market::UsdM => "RESULT",
        },
    );
    query
}

fn by_client_id(symbol: &Symbol, id: &ClientOrderId) -> Query {
    let mut query = Query::new();
    query
        .push("symbol", symbol.as_str())
        .push("origClientOrderId", id.as_str());
    query
}

/// The query naming `symbol`, or no symbol (all of them).
pub(super) fn of_symbol(symbol: Option<&Symbol>) -> Query {
    let mut query = Query::new();
    if let Some(symbol) = symbol {
        query.push("symbol", symbol.as_str());
    }
    query
}

/// Binance's DECIMAL: plain digits, no exponent, no trailing zeros.
pub(super) fn decimal(value: Decimal) -> String {
    value.normalize().to_string()
}

impl Execution for BinanceClient {
    fn place(&self, order: &OrderRequest) -> BoxFuture<'_, Result<OrderReport, ExchangeError>> {
        let order = order.clone();
        Box::pin(async move { self.place_order(&order).await })
    }

    fn cancel(
        &self,
        symbol: &Symbol,
        id: &ClientOrderId,
    ) -> BoxFuture<'_, Result<OrderReport, ExchangeError>> {
        let (symbol, id) = (symbol.clone(), id.clone());
        Box::pin(async move { self.cancel_order(&symbol, &id).await })
    }

    fn order(
        &self,
        symbol: &Symbol,
        id: &ClientOrderId,
    ) -> BoxFuture<'_, Result<Option<OrderReport>, ExchangeError>> {
        let (symbol, id) = (symbol.clone(), id.clone());
        Box::pin(async move { self.find_order(&symbol, &id).await })
    }

    fn open_orders(
        &self,
        symbol: Option<&Symbol>,
    ) -> BoxFuture<'_, Result<Vec<OrderReport>, ExchangeError>> {
        let symbol = symbol.cloned();
        Box::pin(async move { self.fetch_open_orders(symbol.as_ref()).await })
    }

    fn balances(&self) -> BoxFuture<'_, Result<Vec<Balance>, ExchangeError>> {
        Box::pin(self.fetch_balances())
    }

    fn positions(&self) -> BoxFuture<'_, Result<Vec<Position>, ExchangeError>> {
        Box::pin(self.fetch_positions())
    }

    fn permissions(&self) -> BoxFuture<'_, Result<AccountPermissions, ExchangeError>> {
        Box::pin(self.fetch_permissions())
    }
}

#[cfg(test)]
mod tests {
    use pilothouse_core::market::Symbol;

    use super::*;

    fn request(kind: OrderKind, reduce_only: bool) -> OrderRequest {
        OrderRequest {
            client_order_id: ClientOrderId::parse("ph-9").unwrap_or_else(|e| panic!("{e}")),
            symbol: Symbol::parse("BTCUSDT").unwrap_or_else(|e| panic!("{e}")),
            side: Side::Sell,
            kind,
            quantity: Decimal::new(1_500, 3),
            reduce_only,
        }
    }

    #[test]
    fn each_order_kind_maps_to_the_binance_type_of_its_market() {
        let stop = OrderKind::StopMarket {
            stop: Decimal::new(95_000, 0),
        };
        assert_eq!(
            order_query(Market::Spot, &request(stop.clone(), false)).as_str(),
            "symbol=BTCUSDT&side=SELL&type=STOP_LOSS&stopPrice=95000&quantity=1.5\
             &newClientOrderId=ph-9&newOrderRespType=FULL"
        );
        assert_eq!(
            super::super::conditional::algo_query(&request(stop, true), Decimal::new(95_000, 0))
                .as_str(),
            "algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&type=STOP_MARKET&triggerPrice=95000\
             &quantity=1.5&clientAlgoId=ph-9&reduceOnly=true",
            "a USD-M stop is a conditional order of the Algo Service"
        );
        let limit = OrderKind::Limit {
            price: Decimal::new(9_500_010, 2),
        };
        assert_eq!(
            order_query(Market::Spot, &request(limit, false)).as_str(),
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&price=95000.1&quantity=1.5\
             &newClientOrderId=ph-9&newOrderRespType=FULL",
            "prices travel without trailing zeros or exponents"
        );
    }
}
