//! USD-M conditional orders on Binance's Algo Service. Since 2025-12-09 Binance refuses
//! `STOP_MARKET`, `TAKE_PROFIT_MARKET`, `STOP`, `TAKE_PROFIT` and `TRAILING_STOP_MARKET` on
//! `POST /fapi/v1/order` (-4120 `STOP_ORDER_SWITCH_ALGO`) and takes them on
//! `POST /fapi/v1/algoOrder`, queried and cancelled on `GET` / `DELETE /fapi/v1/algoOrder` by
//! `clientAlgoId` and listed by `GET /fapi/v1/openAlgoOrders` (Binance derivatives change log,
//! 2025-11-06; USD-M REST "New Algo Order", "Query Algo Order", "Cancel Algo Order", "Current
//! All Algo Open Orders"). Such an order lives apart from the matching engine until it
//! triggers; it then becomes an ordinary order (`actualOrderId`) whose state and fills are the
//! conditional order's, reported under its own client id.

use pilothouse_core::market::{
    ClientOrderId, ExchangeError, OrderReport, OrderRequest, OrderStatus, Side, Symbol,
};
use rust_decimal::Decimal;

use super::client::BinanceClient;
use super::error::{self, Call, NO_SUCH_ORDER};
use super::market::Endpoint;
use super::models;
use super::parse::{json, malformed};
use super::sign::Query;
use super::trade::decimal;

type Parsed<T> = Result<T, ExchangeError>;

impl BinanceClient {
    /// Sends a stop-market to the Algo Service, once.
    pub(super) async fn place_conditional(
        &self,
        order: &OrderRequest,
        stop: Decimal,
    ) -> Result<OrderReport, ExchangeError> {
        let body = self
            .signed_write(Endpoint::NewAlgoOrder, &algo_query(order, stop))
            .await?;
        algo_order(self.venue(), &body)
            .map(|algo| algo.report)
            .map_err(|e| error::malformed(self.venue(), Call::Write, e.to_string()))
    }

    /// Cancels the conditional order `id` (sent once); its cancel answer names only the ids, so
    /// its state is asked after.
    pub(super) async fn cancel_conditional(
        &self,
        id: &ClientOrderId,
    ) -> Result<OrderReport, ExchangeError> {
        self.signed_write(Endpoint::CancelAlgoOrder, &by_client_algo_id(id))
            .await?;
        let body = self
            .signed_read(Endpoint::QueryAlgoOrder, &by_client_algo_id(id))
            .await?;
        algo_order(self.venue(), &body).map(|algo| algo.report)
    }

    /// The conditional order `id`, as the order it became once triggered.
    pub(super) async fn find_conditional(
        &self,
        symbol: &Symbol,
        id: &ClientOrderId,
    ) -> Result<Option<OrderReport>, ExchangeError> {
        let body = match self
            .signed_read(Endpoint::QueryAlgoOrder, &by_client_algo_id(id))
            .await
        {
            Ok(body) => body,
            Err(ExchangeError::Rejected {
                code: Some(NO_SUCH_ORDER),
                ..
            }) => return Ok(None),
            Err(other) => return Err(other),
        };
        let algo = algo_order(self.venue(), &body)?;
        let Some(order_id) = algo.actual_order_id else {
            return Ok(Some(algo.report));
        };
        let mut query = Query::new();
        query
            .push("symbol", symbol.as_str())
            .push("orderId", order_id.to_string());
        let body = self.signed_read(Endpoint::QueryOrder, &query).await?;
        let order = self.with_trades(symbol, &body).await?;
        Ok(Some(triggered(algo, order)))
    }

    /// The untriggered conditional orders, of one symbol or all.
    pub(super) async fn open_conditionals(
        &self,
        symbol: Option<&Symbol>,
    ) -> Result<Vec<OrderReport>, ExchangeError> {
        let query = super::trade::of_symbol(symbol);
        let endpoint = Endpoint::OpenAlgoOrders {
            all_symbols: symbol.is_none(),
        };
        let body = self.signed_read(endpoint, &query).await?;
        algo_orders(self.venue(), &body)
    }
}

/// A USD-M stop-market as a conditional order of the Algo Service (New Algo Order): the client
/// order id travels as `clientAlgoId`, the stop as `triggerPrice` (on the contract price).
pub(super) fn algo_query(order: &OrderRequest, stop: Decimal) -> Query {
    let mut query = Query::new();
    query
        .push("algoType", "CONDITIONAL")
        .push("symbol", order.symbol.as_str())
        .push(
            "side",
            match order.side {
                Side::Buy => "BUY",
                Side::Sell => "SELL",
            },
        )
        .push("type", "STOP_MARKET")
        .push("triggerPrice", decimal(stop))
        .push("quantity", decimal(order.quantity))
        .push("clientAlgoId", order.client_order_id.as_str());
    if order.reduce_only {
        query.push("reduceOnly", "true");
    }
    query
}

/// The Algo Service names an order by `clientAlgoId` alone (no symbol).
fn by_client_algo_id(id: &ClientOrderId) -> Query {
    let mut query = Query::new();
    query.push("clientAlgoId", id.as_str());
    query
}

/// A USD-M conditional order as the Algo Service reports it, and the id of the matching-engine
/// order it became once triggered (whose state and fills are then the order's).
#[derive(Debug)]
struct AlgoReport {
    report: OrderReport,
    actual_order_id: Option<i64>,
}

fn algo_order(venue: &'static str, body: &[u8]) -> Parsed<AlgoReport> {
    algo_report(venue, json(venue, "algo order", body)?)
}

/// Open conditional orders (`openAlgoOrders`).
fn algo_orders(venue: &'static str, body: &[u8]) -> Parsed<Vec<OrderReport>> {
    let raw: Vec<models::AlgoOrder> = json(venue, "algo orders", body)?;
    raw.into_iter()
        .map(|o| algo_report(venue, o).map(|a| a.report))
        .collect()
}

fn algo_report(venue: &'static str, raw: models::AlgoOrder) -> Parsed<AlgoReport> {
    let client_order_id = ClientOrderId::parse(&raw.client_algo_id)
        .map_err(|e| malformed(venue, format!("client algo id: {e}")))?;
    let symbol = Symbol::parse(&raw.symbol)
        .map_err(|e| malformed(venue, format!("algo order symbol: {e}")))?;
    let actual_order_id =
        match raw.actual_order_id {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(text)) if text.is_empty() => None,
            Some(serde_json::Value::String(text)) => Some(text.parse().map_err(|_| {
                malformed(venue, format!("actualOrderId `{text}` is not an order id"))
            })?),
            Some(serde_json::Value::Number(n)) => Some(n.as_i64().ok_or_else(|| {
                malformed(venue, format!("actualOrderId {n} is not an order id"))
            })?),
            Some(other) => {
                return Err(malformed(
                    venue,
                    format!("actualOrderId {other} is not an order id"),
                ));
            }
        };
    let (status, note) = algo_status(raw.algo_status);
    Ok(AlgoReport {
        report: OrderReport {
            client_order_id,
            venue_order_id: Some(raw.algo_id.to_string()),
            symbol,
            side: match raw.side {
                models::Side::Buy => Side::Buy,
                models::Side::Sell => Side::Sell,
            },
            status,
            executed_quantity: Decimal::ZERO,
            fills: Vec::new(),
            note: note.map(str::to_owned),
        },
        actual_order_id,
    })
}

fn algo_status(status: models::AlgoStatus) -> (OrderStatus, Option<&'static str>) {
    use models::AlgoStatus as Algo;
    match status {
        Algo::New => (OrderStatus::Acknowledged, None),
        Algo::Triggering => (
            OrderStatus::Acknowledged,
            Some("triggered: being placed in the matching engine"),
        ),
        Algo::Triggered => (
            OrderStatus::Acknowledged,
            Some("triggered: placed in the matching engine"),
        ),
        // Filled or cancelled in the matching engine: its order says which.
        Algo::Finished => (
            OrderStatus::Unknown,
            Some("triggered and finished: its matching-engine order says how"),
        ),
        Algo::Canceled => (OrderStatus::Cancelled, None),
        Algo::Rejected => (
            OrderStatus::Rejected,
            Some("refused by the matching engine when triggered"),
        ),
        Algo::Expired => (OrderStatus::Cancelled, Some("expired by the venue")),
    }
}

/// A triggered conditional order, reported as the matching-engine order it became (state,
/// quantity, fills) under the conditional order's own client id.
fn triggered(algo: AlgoReport, order: OrderReport) -> OrderReport {
    let became = format!(
        "stop triggered as order {}",
        order.venue_order_id.as_deref().unwrap_or("?")
    );
    OrderReport {
        client_order_id: algo.report.client_order_id,
        note: Some(match order.note {
            Some(more) => format!("{became}; {more}"),
            None => became,
        }),
        ..order
    }
}
