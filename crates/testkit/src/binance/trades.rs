//! The account's trades (`GET /api/v3/myTrades`, `GET /fapi/v1/userTrades`): the fills the fake
//! recorded when it executed an order, in the shape each venue documents. This is where an
//! adapter gets the prices and fees of an order it had to look up by client order id, since
//! Binance's order query carries only totals.

use serde_json::{Value, json};

use super::Venue;
use super::errors::ApiError;
use super::market::fmt_dec;
use super::orders::{Exchange, Fill, Order, Side};
use super::params::Params;
use super::symbols::SymbolSpec;

impl Exchange {
    /// `GET /api/v3/myTrades` (`symbol`, optionally `orderId`), oldest first.
    pub fn spot_my_trades(&self, params: &Params) -> Result<Value, ApiError> {
        self.account_trades(Venue::Spot, params, spot_trade_json)
    }

    /// `GET /fapi/v1/userTrades` (`symbol`, optionally `orderId`), oldest first.
    pub fn futures_user_trades(&self, params: &Params) -> Result<Value, ApiError> {
        self.account_trades(Venue::UsdMFutures, params, futures_trade_json)
    }

    fn account_trades(
        &self,
        venue: Venue,
        params: &Params,
        row: fn(&Order, &Fill, &SymbolSpec) -> Value,
    ) -> Result<Value, ApiError> {
        let symbol = params.required("symbol")?;
        let spec = &self.market.listed_on(venue, symbol)?.spec;
        let order_id = params.long("orderId")?;
        let limit = match params.long("limit")? {
            None => 500,
            Some(limit @ 1..=1000) => usize::try_from(limit).unwrap_or(500),
            Some(_) => return Err(ApiError::invalid_value("limit")),
        };
        let orders = self.orders.iter().filter(|o| {
            o.venue == venue
                && o.symbol == symbol
                && order_id.is_none_or(|id| i64::try_from(o.order_id) == Ok(id))
        });
        let mut rows: Vec<(u64, Value)> = orders
            .flat_map(|o| o.fills.iter().map(move |f| (f.trade_id, row(o, f, spec))))
            .collect();
        rows.sort_by_key(|(id, _)| *id);
        let start = rows.len().saturating_sub(limit);
        Ok(Value::Array(
            rows.into_iter().skip(start).map(|(_, v)| v).collect(),
        ))
    }
}

fn spot_trade_json(o: &Order, f: &Fill, spec: &SymbolSpec) -> Value {
    json!({
        "symbol": o.symbol, "id": f.trade_id, "orderId": o.order_id, "orderListId": -1,
        "price": fmt_dec(f.price, spec.price_decimals),
        "qty": fmt_dec(f.qty, spec.qty_decimals),
        "quoteQty": fmt_dec(f.price * f.qty, 8),
        "commission": fmt_dec(f.commission, 8), "commissionAsset": f.commission_asset,
        "time": f.time_ms, "isBuyer": o.side == Side::Buy, "isMaker": f.maker,
        "isBestMatch": true,
    })
}

/// `realizedPnl` is not kept per fill by the fake and reads `0`.
fn futures_trade_json(o: &Order, f: &Fill, spec: &SymbolSpec) -> Value {
    json!({
        "buyer": o.side == Side::Buy,
        "commission": fmt_dec(f.commission, 8), "commissionAsset": f.commission_asset,
        "id": f.trade_id, "maker": f.maker, "orderId": o.order_id,
        "price": fmt_dec(f.price, spec.price_decimals),
        "qty": fmt_dec(f.qty, spec.qty_decimals),
        "quoteQty": fmt_dec(f.price * f.qty, spec.price_decimals + spec.qty_decimals),
        "realizedPnl": "0", "side": o.side.as_str(), "positionSide": "BOTH",
        "symbol": o.symbol, "time": f.time_ms,
    })
}
