//! USD-M futures orders (`/fapi/v1/order`, `openOrders`): filters with the futures error codes,
//! reduce-only and margin checks (-2022, -2019), post-only (GTX, -5022), and Binance's futures
//! quirk that a MARKET order's default (`ACK`) answer says `NEW` although it has already filled.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::Venue;
use super::errors::ApiError;
use super::market::fmt_dec;
use super::orders::{Exchange, NewOrder, Order, OrderStatus, OrderType, Side, TimeInForce};
use super::params::Params;
use super::symbols::SymbolSpec;

impl Exchange {
    /// `POST /fapi/v1/order`.
    pub fn futures_new_order(&mut self, params: &Params, now_ms: i64) -> Result<Value, ApiError> {
        let request = NewOrder::parse(params, Venue::UsdMFutures)?;
        let series = self.market.listed_on(Venue::UsdMFutures, &request.symbol)?;
        let (spec, market_price) = (series.spec.clone(), series.current().close);
        if params
            .one_of("positionSide", &["BOTH", "LONG", "SHORT"])?
            .is_some_and(|s| s != "BOTH")
        {
            return Err(ApiError::bad(
                -4061,
                "Order's position side does not match user's setting.",
            ));
        }
        let qty = request
            .quantity
            .ok_or_else(|| ApiError::mandatory("quantity"))?;
        let at = request.price.unwrap_or(market_price);
        let is_market = request.order_type == OrderType::Market;
        match spec.check_order(request.price, qty, at, is_market) {
            Err(e) if e.code == -4164 && request.reduce_only => {}
            checked => checked?,
        }
        if let Some(id) = &request.client_order_id
            && self.client_id_in_use(Venue::UsdMFutures, id)
        {
            return Err(ApiError::bad(-4116, "ClientOrderId is duplicated."));
        }
        let held = self
            .futures
            .positions
            .get(spec.symbol)
            .map_or(Decimal::ZERO, |p| p.amount);
        let reduces = match request.side {
            Side::Buy => held.is_sign_negative() && qty <= held.abs(),
            Side::Sell => held.is_sign_positive() && !held.is_zero() && qty <= held,
        };
        if request.reduce_only && !reduces {
            return Err(ApiError::bad(-2022, "ReduceOnly Order is rejected."));
        }
        if !reduces && qty * at / self.leverage_of(spec.symbol) > self.available(spec.quote) {
            return Err(ApiError::bad(-2019, "Margin is insufficient."));
        }
        let marketable = match request.side {
            _ if is_market => true,
            Side::Buy => at >= market_price,
            Side::Sell => at <= market_price,
        };
        if marketable && request.time_in_force == TimeInForce::Gtx {
            return Err(ApiError::bad(
                -5022,
                "Due to the order could not be executed as maker, the Post Only order will be rejected.",
            ));
        }
        let order_id = self.next_order_id();
        let mut order = request.accept(
            Venue::UsdMFutures,
            spec.symbol,
            order_id,
            request.price.unwrap_or(Decimal::ZERO),
            qty,
            !marketable,
            now_ms,
        );
        let as_placed = order.clone();
        if !marketable && matches!(request.time_in_force, TimeInForce::Ioc | TimeInForce::Fok) {
            order.status = OrderStatus::Expired;
            order.resting = false;
        }
        self.orders.push(order);
        let index = self.orders.len() - 1;
        if marketable {
            self.execute(index, qty, market_price, false, now_ms);
        }
        let shown = match params.one_of("newOrderRespType", &["ACK", "RESULT"])? {
            Some("RESULT") => &self.orders[index],
            _ => &as_placed,
        };
        let mut answer = order_json(shown, &spec);
        answer["cumQty"] = answer["executedQty"].clone();
        Ok(answer)
    }

    /// `GET /fapi/v1/order`.
    pub fn futures_query_order(&self, params: &Params) -> Result<Value, ApiError> {
        let index = self
            .find(Venue::UsdMFutures, params)?
            .ok_or_else(ApiError::no_such_order)?;
        let order = &self.orders[index];
        let spec = &self
            .market
            .listed_on(Venue::UsdMFutures, &order.symbol)?
            .spec;
        let mut answer = order_json(order, spec);
        answer["time"] = json!(order.time_ms);
        Ok(answer)
    }

    /// `DELETE /fapi/v1/order`.
    pub fn futures_cancel_order(
        &mut self,
        params: &Params,
        now_ms: i64,
    ) -> Result<Value, ApiError> {
        let index = self
            .find(Venue::UsdMFutures, params)?
            .filter(|i| self.orders[*i].is_open())
            .ok_or_else(ApiError::unknown_order)?;
        let spec = self
            .market
            .listed_on(Venue::UsdMFutures, &self.orders[index].symbol)?
            .spec
            .clone();
        let order = &mut self.orders[index];
        order.status = OrderStatus::Canceled;
        order.update_time_ms = now_ms;
        Ok(order_json(order, &spec))
    }

    /// `GET /fapi/v1/openOrders`.
    pub fn futures_open_orders(&self, params: &Params) -> Result<Value, ApiError> {
        let symbol = params.get("symbol");
        if let Some(symbol) = symbol {
            self.market.listed_on(Venue::UsdMFutures, symbol)?;
        }
        let rows = self.orders.iter().filter(|o| {
            o.venue == Venue::UsdMFutures && o.is_open() && symbol.is_none_or(|s| s == o.symbol)
        });
        let rows = rows.filter_map(|o| {
            let mut row = order_json(o, &self.market.series(&o.symbol)?.spec);
            row["time"] = json!(o.time_ms);
            Some(row)
        });
        Ok(Value::Array(rows.collect()))
    }
}

fn order_json(o: &Order, spec: &SymbolSpec) -> Value {
    let price = |v: Decimal| fmt_dec(v, spec.price_decimals);
    let qty = |v: Decimal| fmt_dec(v, spec.qty_decimals);
    json!({
        "orderId": o.order_id, "symbol": o.symbol, "status": o.status.as_str(),
        "clientOrderId": o.client_order_id,
        "price": if o.order_type == OrderType::Market { "0".to_owned() } else { price(o.price) },
        "avgPrice": fmt_dec(o.avg_price(), spec.price_decimals + 1),
        "origQty": qty(o.orig_qty), "executedQty": qty(o.executed_qty),
        "cumQuote": fmt_dec(o.cumulative_quote_qty, spec.price_decimals + spec.qty_decimals),
        "timeInForce": o.time_in_force.as_str(), "type": o.order_type.as_str(),
        "origType": o.order_type.as_str(), "reduceOnly": o.reduce_only,
        "closePosition": false, "side": o.side.as_str(), "positionSide": "BOTH",
        "stopPrice": "0", "workingType": "CONTRACT_PRICE", "priceProtect": false,
        "priceMatch": "NONE", "selfTradePreventionMode": "NONE", "goodTillDate": 0,
        "updateTime": o.update_time_ms,
    })
}
