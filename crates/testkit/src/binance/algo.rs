//! USD-M conditional orders on Binance's Algo Service. Since 2025-12-09 Binance refuses
//! `STOP_MARKET`, `TAKE_PROFIT_MARKET`, `STOP`, `TAKE_PROFIT` and `TRAILING_STOP_MARKET` on
//! `POST /fapi/v1/order` with -4120 and takes them on `/fapi/v1/algoOrder` (place, query, cancel)
//! and `/fapi/v1/openAlgoOrders` (derivatives change log, 2025-11-06). The fake does the same, so
//! an adapter that still sends stops the old way fails its tests instead of production.
//!
//! Simplified: only `STOP_MARKET` and `TAKE_PROFIT_MARKET` with a `quantity` (no
//! `closePosition`, no `priceProtect`), triggered on the contract price when a candle the market
//! passes trades through `triggerPrice`; the order it becomes is a MARKET order filled whole at
//! the trigger price (no slippage), after which the algo order is `FINISHED`.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::Venue;
use super::errors::ApiError;
use super::market::{Candle, fmt_dec};
use super::orders::{Exchange, Order, OrderStatus, OrderType, Side, TimeInForce};
use super::params::Params;
use super::symbols::SymbolSpec;

/// The conditional order types the fake triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionalType {
    StopMarket,
    TakeProfitMarket,
}

/// `algoStatus` as the Algo Service reports it (the ones the fake reaches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlgoStatus {
    New,
    Canceled,
    Finished,
}

/// A conditional order as the Algo Service holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlgoOrder {
    pub algo_id: u64,
    pub client_algo_id: String,
    pub symbol: String,
    pub side: Side,
    pub order_type: ConditionalType,
    pub quantity: Decimal,
    pub trigger_price: Decimal,
    pub reduce_only: bool,
    pub status: AlgoStatus,
    /// The matching-engine order it became once triggered.
    pub actual_order_id: Option<u64>,
    pub create_time_ms: i64,
    pub update_time_ms: i64,
    pub trigger_time_ms: i64,
}

impl ConditionalType {
    fn as_str(self) -> &'static str {
        match self {
            Self::StopMarket => "STOP_MARKET",
            Self::TakeProfitMarket => "TAKE_PROFIT_MARKET",
        }
    }
}

impl AlgoStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::New => "NEW",
            Self::Canceled => "CANCELED",
            Self::Finished => "FINISHED",
        }
    }
}

impl AlgoOrder {
    /// Whether `price` has reached the trigger (Binance's rule per type and side).
    fn triggers_at(&self, candle: &Candle) -> bool {
        let rises_to = candle.high >= self.trigger_price;
        let falls_to = candle.low <= self.trigger_price;
        match (self.order_type, self.side) {
            (ConditionalType::StopMarket, Side::Buy)
            | (ConditionalType::TakeProfitMarket, Side::Sell) => rises_to,
            (ConditionalType::StopMarket, Side::Sell)
            | (ConditionalType::TakeProfitMarket, Side::Buy) => falls_to,
        }
    }
}

/// The -4120 refusal `POST /fapi/v1/order` gives a conditional order type.
pub(crate) fn moved_to_algo_service() -> ApiError {
    ApiError::bad(
        -4120,
        "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.",
    )
}

impl Exchange {
    /// `POST /fapi/v1/algoOrder`.
    pub fn futures_new_algo_order(
        &mut self,
        params: &Params,
        now_ms: i64,
    ) -> Result<Value, ApiError> {
        params.one_of("algoType", &["CONDITIONAL"])?;
        params.required("algoType")?;
        let series = self
            .market
            .listed_on(Venue::UsdMFutures, params.required("symbol")?)?;
        let (spec, current) = (series.spec.clone(), series.current());
        let side = match params.required("side")? {
            "BUY" => Side::Buy,
            "SELL" => Side::Sell,
            _ => return Err(ApiError::bad(-1117, "Invalid side.")),
        };
        let order_type = match params.required("type")? {
            "STOP_MARKET" => ConditionalType::StopMarket,
            "TAKE_PROFIT_MARKET" => ConditionalType::TakeProfitMarket,
            _ => return Err(ApiError::bad(-1116, "Invalid orderType.")),
        };
        let trigger_price = params
            .decimal("triggerPrice")?
            .ok_or_else(|| ApiError::mandatory("triggerPrice"))?;
        let quantity = params
            .decimal("quantity")?
            .ok_or_else(|| ApiError::mandatory("quantity"))?;
        let reduce_only = params.one_of("reduceOnly", &["true", "false"])? == Some("true");
        match spec.check_order(Some(trigger_price), quantity, trigger_price, true) {
            Err(e) if e.code == -4164 && reduce_only => {}
            checked => checked?,
        }
        let client_algo_id = params.client_order_id("clientAlgoId")?;
        if let Some(id) = &client_algo_id
            && self
                .algo_orders
                .iter()
                .any(|a| a.status == AlgoStatus::New && &a.client_algo_id == id)
        {
            return Err(ApiError::bad(-4116, "ClientOrderId is duplicated."));
        }
        let algo_id = self.next_order_id();
        let order = AlgoOrder {
            algo_id,
            client_algo_id: client_algo_id.unwrap_or_else(|| format!("fakealgo{algo_id}")),
            symbol: spec.symbol.to_owned(),
            side,
            order_type,
            quantity,
            trigger_price,
            reduce_only,
            status: AlgoStatus::New,
            actual_order_id: None,
            create_time_ms: now_ms,
            update_time_ms: now_ms,
            trigger_time_ms: 0,
        };
        let now = Candle {
            high: current.close,
            low: current.close,
            ..current
        };
        if order.triggers_at(&now) {
            return Err(ApiError::bad(-2021, "Order would immediately trigger."));
        }
        let answer = algo_json(&order, &spec);
        self.algo_orders.push(order);
        Ok(answer)
    }

    /// The algo order a query or cancel names by `algoId` or `clientAlgoId`.
    fn find_algo(&self, params: &Params) -> Result<Option<usize>, ApiError> {
        let algo_id = params.long("algoId")?;
        let client_id = params.client_order_id("clientAlgoId")?;
        Ok(match (algo_id, client_id) {
            (Some(id), _) => self
                .algo_orders
                .iter()
                .position(|a| i64::try_from(a.algo_id) == Ok(id)),
            (None, Some(id)) => self
                .algo_orders
                .iter()
                .rposition(|a| a.client_algo_id == id),
            (None, None) => {
                return Err(ApiError::bad(
                    -1102,
                    "Param 'clientAlgoId' or 'algoId' must be sent, but both were empty/null!",
                ));
            }
        })
    }

    /// `GET /fapi/v1/algoOrder`: -2013 for an algo order it does not have.
    pub fn futures_query_algo_order(&self, params: &Params) -> Result<Value, ApiError> {
        let index = self
            .find_algo(params)?
            .ok_or_else(ApiError::no_such_order)?;
        let order = &self.algo_orders[index];
        Ok(algo_json(order, &self.algo_spec(order)?))
    }

    /// `DELETE /fapi/v1/algoOrder`: only a `NEW` (untriggered) order; -2011 otherwise.
    pub fn futures_cancel_algo_order(
        &mut self,
        params: &Params,
        now_ms: i64,
    ) -> Result<Value, ApiError> {
        let index = self
            .find_algo(params)?
            .filter(|i| self.algo_orders[*i].status == AlgoStatus::New)
            .ok_or_else(ApiError::unknown_order)?;
        let order = &mut self.algo_orders[index];
        order.status = AlgoStatus::Canceled;
        order.update_time_ms = now_ms;
        Ok(
            json!({"algoId": order.algo_id, "clientAlgoId": order.client_algo_id,
                  "code": "200", "msg": "success"}),
        )
    }

    /// `GET /fapi/v1/openAlgoOrders` (one symbol, or all without `symbol`).
    pub fn futures_open_algo_orders(&self, params: &Params) -> Result<Value, ApiError> {
        let symbol = params.get("symbol");
        if let Some(symbol) = symbol {
            self.market.listed_on(Venue::UsdMFutures, symbol)?;
        }
        let open = self
            .algo_orders
            .iter()
            .filter(|a| a.status == AlgoStatus::New && symbol.is_none_or(|s| s == a.symbol));
        let rows = open.filter_map(|a| Some(algo_json(a, &self.algo_spec(a).ok()?)));
        Ok(Value::Array(rows.collect()))
    }

    fn algo_spec(&self, order: &AlgoOrder) -> Result<SymbolSpec, ApiError> {
        Ok(self
            .market
            .listed_on(Venue::UsdMFutures, &order.symbol)?
            .spec
            .clone())
    }

    /// Triggers the untriggered algo orders of `symbol` that `candle` trades through: each
    /// becomes a MARKET order filled at its trigger price.
    pub(crate) fn trigger_algo_orders(&mut self, symbol: &str, candle: &Candle, now_ms: i64) {
        for index in 0..self.algo_orders.len() {
            let algo = &self.algo_orders[index];
            if algo.symbol != symbol || algo.status != AlgoStatus::New || !algo.triggers_at(candle)
            {
                continue;
            }
            let order_id = self.next_order_id();
            let algo = &self.algo_orders[index];
            let order = Order {
                venue: Venue::UsdMFutures,
                symbol: algo.symbol.clone(),
                order_id,
                client_order_id: format!("fakealgo{}-{order_id}", algo.algo_id),
                side: algo.side,
                order_type: OrderType::Market,
                time_in_force: TimeInForce::Gtc,
                price: Decimal::ZERO,
                orig_qty: algo.quantity,
                executed_qty: Decimal::ZERO,
                cumulative_quote_qty: Decimal::ZERO,
                status: OrderStatus::New,
                reduce_only: algo.reduce_only,
                time_ms: now_ms,
                update_time_ms: now_ms,
                fills: Vec::new(),
                resting: false,
            };
            let (qty, price) = (algo.quantity, algo.trigger_price);
            self.orders.push(order);
            let placed = self.orders.len() - 1;
            self.execute(placed, qty, price, false, now_ms);
            let algo = &mut self.algo_orders[index];
            algo.status = AlgoStatus::Finished;
            algo.actual_order_id = Some(order_id);
            algo.trigger_time_ms = now_ms;
            algo.update_time_ms = now_ms;
        }
    }
}

/// An algo order as place / query / open-orders answer it (the documented response fields).
fn algo_json(a: &AlgoOrder, spec: &SymbolSpec) -> Value {
    let price = |v: Decimal| fmt_dec(v, spec.price_decimals);
    json!({
        "algoId": a.algo_id, "clientAlgoId": a.client_algo_id, "algoType": "CONDITIONAL",
        "orderType": a.order_type.as_str(), "symbol": a.symbol, "side": a.side.as_str(),
        "positionSide": "BOTH", "timeInForce": "GTC",
        "quantity": fmt_dec(a.quantity, spec.qty_decimals),
        "algoStatus": a.status.as_str(),
        "actualOrderId": a.actual_order_id.map(|id| id.to_string()).unwrap_or_default(),
        "actualPrice": price(if a.actual_order_id.is_some() { a.trigger_price } else { Decimal::ZERO }),
        "triggerPrice": price(a.trigger_price), "price": price(Decimal::ZERO),
        "icebergQuantity": null, "selfTradePreventionMode": "EXPIRE_MAKER",
        "workingType": "CONTRACT_PRICE", "priceMatch": "NONE", "closePosition": false,
        "priceProtect": false, "reduceOnly": a.reduce_only,
        "createTime": a.create_time_ms, "updateTime": a.update_time_ms,
        "triggerTime": a.trigger_time_ms, "goodTillDate": 0,
    })
}

#[cfg(test)]
mod tests {
    use super::super::orders::NewOrder;
    use super::*;

    #[test]
    fn a_futures_stop_on_the_order_endpoint_is_refused_with_4120_as_binance_does_now() {
        for kind in [
            "STOP_MARKET",
            "TAKE_PROFIT_MARKET",
            "STOP",
            "TRAILING_STOP_MARKET",
        ] {
            let query = format!("symbol=XRPUSDT&side=SELL&type={kind}&quantity=10&stopPrice=1");
            let refused = NewOrder::parse(&Params::parse(&query, b""), Venue::UsdMFutures);
            assert_eq!(
                refused.map(|_| ()).map_err(|e| e.code),
                Err(-4120),
                "{kind} belongs to the Algo Service since 2025-12-09"
            );
        }
        let spot = Params::parse("symbol=ETHBTC&side=SELL&type=STOP_MARKET&quantity=1", b"");
        assert_eq!(
            NewOrder::parse(&spot, Venue::Spot)
                .map(|_| ())
                .map_err(|e| e.code),
            Err(-1116),
            "spot has no STOP_MARKET type at all"
        );
    }

    #[test]
    fn a_stop_triggers_when_a_candle_trades_through_it_on_its_side() {
        let stop = |side, order_type| AlgoOrder {
            algo_id: 1,
            client_algo_id: "a".into(),
            symbol: "XRPUSDT".into(),
            side,
            order_type,
            quantity: Decimal::TEN,
            trigger_price: Decimal::ONE,
            reduce_only: true,
            status: AlgoStatus::New,
            actual_order_id: None,
            create_time_ms: 0,
            update_time_ms: 0,
            trigger_time_ms: 0,
        };
        let candle = |low: i64, high: i64| Candle {
            open_time_ms: 0,
            open: Decimal::ONE,
            high: Decimal::new(high, 1),
            low: Decimal::new(low, 1),
            close: Decimal::ONE,
            volume: Decimal::ONE,
        };
        let sell_stop = stop(Side::Sell, ConditionalType::StopMarket);
        assert!(sell_stop.triggers_at(&candle(9, 12)), "low 0.9 ≤ 1");
        assert!(!sell_stop.triggers_at(&candle(11, 12)), "never fell to 1");
        let buy_stop = stop(Side::Buy, ConditionalType::StopMarket);
        assert!(buy_stop.triggers_at(&candle(5, 10)) && !buy_stop.triggers_at(&candle(5, 9)));
        let take_profit = stop(Side::Sell, ConditionalType::TakeProfitMarket);
        assert!(take_profit.triggers_at(&candle(5, 10)) && !take_profit.triggers_at(&candle(5, 9)));
    }
}
