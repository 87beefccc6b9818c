//! The spot account and its endpoints (`/api/v3/order`, `openOrders`, `account`, and
//! `/sapi/v1/account/apiRestrictions`): balances with free and locked parts, funds checked
//! before an order is accepted (-2010), 0.1 % commission taken in the asset received, and the
//! response shapes Binance documents (ACK / RESULT / FULL with `fills`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::Venue;
use super::auth::KeyPermissions;
use super::errors::ApiError;
use super::market::{fmt_dec, round};
use super::orders::{
    Exchange, Execution, Fill, NewOrder, Order, OrderStatus, OrderType, Side, TimeInForce,
};
use super::params::Params;
use super::symbols::{MAX_OPEN_ORDERS, SymbolSpec};

/// Commission on every spot fill, maker or taker (Binance's default tier: 0.1 %).
const COMMISSION_RATE: Decimal = Decimal::from_parts(1, 0, 0, false, 3);

/// One asset's balance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpotBalance {
    pub free: Decimal,
    pub locked: Decimal,
}

/// The spot wallet.
#[derive(Debug)]
pub(crate) struct SpotAccount {
    pub balances: BTreeMap<String, SpotBalance>,
    /// The account-level `canWithdraw` flag `/api/v3/account` reports.
    pub can_withdraw: bool,
}

impl Default for SpotAccount {
    fn default() -> Self {
        Self {
            balances: BTreeMap::new(),
            can_withdraw: true,
        }
    }
}

impl SpotAccount {
    fn entry(&mut self, asset: &str) -> &mut SpotBalance {
        self.balances.entry(asset.to_owned()).or_default()
    }

    pub fn free(&self, asset: &str) -> Decimal {
        self.balances.get(asset).map_or(Decimal::ZERO, |b| b.free)
    }

    fn lock(&mut self, asset: &str, amount: Decimal) {
        let balance = self.entry(asset);
        balance.free -= amount;
        balance.locked += amount;
    }

    /// Moves `qty` of `order` at `price` between the order's assets and takes the commission.
    pub fn settle(&mut self, order: &Order, spec: &SymbolSpec, execution: Execution) -> Fill {
        let Execution {
            qty,
            price,
            maker,
            trade_id,
            now_ms,
        } = execution;
        // Balances carry 8 decimals on Binance; the quote amount is rounded to them.
        let gross = round(qty * price, 8);
        let (commission, commission_asset) = match order.side {
            Side::Buy => {
                let quote = self.entry(spec.quote);
                if order.resting {
                    quote.locked -= qty * order.price;
                    quote.free += qty * order.price - gross;
                } else {
                    quote.free -= gross;
                }
                let commission = round(qty * COMMISSION_RATE, 8);
                self.entry(spec.base).free += qty - commission;
                (commission, spec.base)
            }
            Side::Sell => {
                let base = self.entry(spec.base);
                if order.resting {
                    base.locked -= qty;
                } else {
                    base.free -= qty;
                }
                let commission = round(gross * COMMISSION_RATE, 8);
                self.entry(spec.quote).free += gross - commission;
                (commission, spec.quote)
            }
        };
        Fill {
            trade_id,
            price,
            qty,
            commission,
            commission_asset: commission_asset.to_owned(),
            maker,
            time_ms: now_ms,
        }
    }
}

impl Exchange {
    /// `POST /api/v3/order`.
    pub fn spot_new_order(&mut self, params: &Params, now_ms: i64) -> Result<Value, ApiError> {
        let request = NewOrder::parse(params, Venue::Spot)?;
        let series = self.market.listed_on(Venue::Spot, &request.symbol)?;
        let (spec, market_price) = (series.spec.clone(), series.current().close);
        let limit_price = request.price;
        let qty = match (
            request.quantity,
            request.quote_order_qty,
            request.order_type,
        ) {
            (Some(qty), _, _) => qty,
            (None, Some(_), OrderType::Limit) => {
                return Err(ApiError::not_required("quoteOrderQty"));
            }
            (None, Some(quote), OrderType::Market) => {
                let steps = ((quote / market_price - spec.min_qty) / spec.step_size).floor();
                (spec.min_qty + steps * spec.step_size)
                    .max(Decimal::ZERO)
                    .normalize()
            }
            (None, None, _) => return Err(ApiError::mandatory("quantity")),
        };
        let at = limit_price.unwrap_or(market_price);
        spec.check_order(
            limit_price,
            qty,
            at,
            request.order_type == OrderType::Market,
        )?;
        let open_on_symbol = self
            .orders
            .iter()
            .filter(|o| o.symbol == spec.symbol && o.is_open());
        if open_on_symbol.count() >= MAX_OPEN_ORDERS {
            return Err(ApiError::filter("MAX_NUM_ORDERS"));
        }
        if let Some(id) = &request.client_order_id
            && self.client_id_in_use(Venue::Spot, id)
        {
            return Err(ApiError::bad(-2010, "Duplicate order sent."));
        }
        let enough = match request.side {
            Side::Buy => self.spot.free(spec.quote) >= qty * at,
            Side::Sell => self.spot.free(spec.base) >= qty,
        };
        if !enough {
            return Err(ApiError::insufficient_balance());
        }
        let marketable = match (request.order_type, request.side) {
            (OrderType::Market, _) => true,
            (OrderType::Limit, Side::Buy) => at >= market_price,
            (OrderType::Limit, Side::Sell) => at <= market_price,
        };
        let order_id = self.next_order_id();
        let mut order = request.accept(
            Venue::Spot,
            spec.symbol,
            order_id,
            limit_price.unwrap_or(Decimal::ZERO),
            qty,
            false,
            now_ms,
        );
        if !marketable {
            if matches!(request.time_in_force, TimeInForce::Ioc | TimeInForce::Fok) {
                order.status = OrderStatus::Expired;
            } else {
                order.resting = true;
                match order.side {
                    Side::Buy => self.spot.lock(spec.quote, qty * order.price),
                    Side::Sell => self.spot.lock(spec.base, qty),
                }
            }
        }
        self.orders.push(order);
        let index = self.orders.len() - 1;
        if marketable {
            self.execute(index, qty, market_price, false, now_ms);
        }
        let order = &self.orders[index];
        match params.one_of("newOrderRespType", &["ACK", "RESULT", "FULL"])? {
            Some("ACK") => Ok(ack_json(order)),
            Some("RESULT") => Ok(result_json(order, &spec)),
            _ => {
                let mut full = result_json(order, &spec);
                full["fills"] = order.fills.iter().map(|f| fill_json(f, &spec)).collect();
                Ok(full)
            }
        }
    }

    /// `GET /api/v3/order`.
    pub fn spot_query_order(&self, params: &Params) -> Result<Value, ApiError> {
        let index = self
            .find(Venue::Spot, params)?
            .ok_or_else(ApiError::no_such_order)?;
        let order = &self.orders[index];
        let spec = &self.market.listed_on(Venue::Spot, &order.symbol)?.spec;
        Ok(query_json(order, spec))
    }

    /// `DELETE /api/v3/order`: only an open order can be cancelled (-2011 otherwise).
    pub fn spot_cancel_order(&mut self, params: &Params, now_ms: i64) -> Result<Value, ApiError> {
        let index = self
            .find(Venue::Spot, params)?
            .filter(|i| self.orders[*i].is_open())
            .ok_or_else(ApiError::unknown_order)?;
        let spec = self
            .market
            .listed_on(Venue::Spot, &self.orders[index].symbol)?
            .spec
            .clone();
        let order = &mut self.orders[index];
        let remaining = order.remaining();
        let (asset, amount) = match order.side {
            Side::Buy => (spec.quote, remaining * order.price),
            Side::Sell => (spec.base, remaining),
        };
        self.spot.lock(asset, -amount);
        order.status = OrderStatus::Canceled;
        order.update_time_ms = now_ms;
        let cancel_id = params
            .client_order_id("newClientOrderId")?
            .unwrap_or_else(|| format!("cancel-{}", order.order_id));
        let mut answer = result_json(order, &spec);
        answer["origClientOrderId"] = json!(order.client_order_id);
        answer["clientOrderId"] = json!(cancel_id);
        answer["transactTime"] = json!(now_ms);
        Ok(answer)
    }

    /// `GET /api/v3/openOrders` (one symbol, or all without `symbol`).
    pub fn spot_open_orders(&self, params: &Params) -> Result<Value, ApiError> {
        let symbol = params.get("symbol");
        if let Some(symbol) = symbol {
            self.market.listed_on(Venue::Spot, symbol)?;
        }
        let open = self.orders.iter().filter(|o| {
            o.venue == Venue::Spot && o.is_open() && symbol.is_none_or(|s| s == o.symbol)
        });
        let rows = open.filter_map(|o| {
            let spec = &self.market.series(&o.symbol)?.spec;
            Some(query_json(o, spec))
        });
        Ok(Value::Array(rows.collect()))
    }

    /// `GET /api/v3/account`.
    pub fn spot_account(&self, params: &Params, now_ms: i64) -> Result<Value, ApiError> {
        let omit_zero = params.one_of("omitZeroBalances", &["true", "false"])? == Some("true");
        let balances = self
            .spot
            .balances
            .iter()
            .filter(|(_, b)| !(omit_zero && b.free.is_zero() && b.locked.is_zero()));
        let balances: Vec<Value> = balances
            .map(|(asset, b)| {
                json!({"asset": asset, "free": fmt_dec(b.free, 8), "locked": fmt_dec(b.locked, 8)})
            })
            .collect();
        let rate = fmt_dec(COMMISSION_RATE, 8);
        Ok(json!({
            "makerCommission": 10, "takerCommission": 10,
            "buyerCommission": 0, "sellerCommission": 0,
            "commissionRates": {"maker": rate, "taker": rate,
                                "buyer": "0.00000000", "seller": "0.00000000"},
            "canTrade": true, "canWithdraw": self.spot.can_withdraw, "canDeposit": true,
            "brokered": false, "requireSelfTradePrevention": false, "preventSor": false,
            "updateTime": now_ms, "accountType": "SPOT",
            "balances": balances, "permissions": ["SPOT"], "uid": 354_937_868,
        }))
    }
}

/// `GET /sapi/v1/account/apiRestrictions`: what the calling key may do.
pub(crate) fn api_restrictions(permissions: KeyPermissions, created_ms: i64) -> Value {
    json!({
        "ipRestrict": false, "createTime": created_ms,
        "enableReading": permissions.reading,
        "enableSpotAndMarginTrading": permissions.spot_trading,
        "enableWithdrawals": permissions.withdrawals,
        "enableInternalTransfer": false, "enableMargin": false,
        "enableFutures": permissions.futures, "permitsUniversalTransfer": false,
        "enableVanillaOptions": false, "enableFixApiTrade": false,
        "enableFixReadOnly": false, "enablePortfolioMarginTrading": false,
    })
}

fn ack_json(o: &Order) -> Value {
    json!({"symbol": o.symbol, "orderId": o.order_id, "orderListId": -1,
           "clientOrderId": o.client_order_id, "transactTime": o.time_ms})
}

fn result_json(o: &Order, spec: &SymbolSpec) -> Value {
    let mut v = ack_json(o);
    let fields = json!({
        "price": fmt_dec(o.price, spec.price_decimals),
        "origQty": fmt_dec(o.orig_qty, spec.qty_decimals),
        "executedQty": fmt_dec(o.executed_qty, spec.qty_decimals),
        "origQuoteOrderQty": fmt_dec(Decimal::ZERO, 8),
        "cummulativeQuoteQty": fmt_dec(o.cumulative_quote_qty, 8),
        "status": o.status.as_str(), "timeInForce": o.time_in_force.as_str(),
        "type": o.order_type.as_str(), "side": o.side.as_str(),
        "workingTime": o.time_ms, "selfTradePreventionMode": "NONE",
    });
    if let (Some(target), Value::Object(extra)) = (v.as_object_mut(), fields) {
        target.extend(extra);
    }
    v
}

fn query_json(o: &Order, spec: &SymbolSpec) -> Value {
    let mut v = result_json(o, spec);
    if let Some(map) = v.as_object_mut() {
        map.remove("transactTime");
        map.insert("stopPrice".into(), json!(fmt_dec(Decimal::ZERO, 8)));
        map.insert("icebergQty".into(), json!(fmt_dec(Decimal::ZERO, 8)));
        map.insert("time".into(), json!(o.time_ms));
        map.insert("updateTime".into(), json!(o.update_time_ms));
        map.insert("isWorking".into(), json!(true));
    }
    v
}

fn fill_json(f: &Fill, spec: &SymbolSpec) -> Value {
    json!({"price": fmt_dec(f.price, spec.price_decimals), "qty": fmt_dec(f.qty, spec.qty_decimals),
           "commission": fmt_dec(f.commission, 8), "commissionAsset": f.commission_asset,
           "tradeId": f.trade_id})
}
