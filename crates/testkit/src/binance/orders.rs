//! Orders on the fake exchange, spot and futures alike: the order model a test inspects, the
//! parsing of Binance's new-order parameters (with its refusals), lookups by `orderId` or
//! `origClientOrderId`, and the two ways a resting LIMIT order fills — the test says so
//! (`fill_order`) or the market's price crosses it when the test moves the market.

use rust_decimal::Decimal;

use super::Venue;
use super::algo::{AlgoOrder, moved_to_algo_service};
use super::errors::ApiError;
use super::market::{Candle, Market};
use super::params::Params;
use super::positions::FuturesAccount;
use super::spot::SpotAccount;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Buy,
    Sell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderType {
    Limit,
    Market,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeInForce {
    Gtc,
    Ioc,
    Fok,
    /// Post-only (futures).
    Gtx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    New,
    PartiallyFilled,
    Filled,
    Canceled,
    Expired,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Buy => "BUY",
            Self::Sell => "SELL",
        }
    }
}

impl OrderType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Limit => "LIMIT",
            Self::Market => "MARKET",
        }
    }
}

impl TimeInForce {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gtc => "GTC",
            Self::Ioc => "IOC",
            Self::Fok => "FOK",
            Self::Gtx => "GTX",
        }
    }
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "NEW",
            Self::PartiallyFilled => "PARTIALLY_FILLED",
            Self::Filled => "FILLED",
            Self::Canceled => "CANCELED",
            Self::Expired => "EXPIRED",
        }
    }
}

/// One execution of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fill {
    pub trade_id: u64,
    pub price: Decimal,
    pub qty: Decimal,
    pub commission: Decimal,
    pub commission_asset: String,
    pub maker: bool,
    /// When it executed (server time, ms).
    pub time_ms: i64,
}

/// One execution about to be settled against an account.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Execution {
    pub qty: Decimal,
    pub price: Decimal,
    pub maker: bool,
    pub trade_id: u64,
    pub now_ms: i64,
}

/// An order as the exchange holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub venue: Venue,
    pub symbol: String,
    pub order_id: u64,
    pub client_order_id: String,
    pub side: Side,
    pub order_type: OrderType,
    /// GTC for MARKET orders as Binance reports them.
    pub time_in_force: TimeInForce,
    /// Zero for MARKET orders.
    pub price: Decimal,
    pub orig_qty: Decimal,
    pub executed_qty: Decimal,
    pub cumulative_quote_qty: Decimal,
    pub status: OrderStatus,
    pub reduce_only: bool,
    pub time_ms: i64,
    pub update_time_ms: i64,
    pub fills: Vec<Fill>,
    /// Whether the order rests on the book (its funds locked) rather than filled on arrival.
    pub resting: bool,
}

impl Order {
    pub fn is_open(&self) -> bool {
        matches!(self.status, OrderStatus::New | OrderStatus::PartiallyFilled)
    }

    pub fn remaining(&self) -> Decimal {
        self.orig_qty - self.executed_qty
    }

    /// Average fill price (zero before the first fill).
    pub fn avg_price(&self) -> Decimal {
        if self.executed_qty.is_zero() {
            Decimal::ZERO
        } else {
            self.cumulative_quote_qty / self.executed_qty
        }
    }
}

/// A new-order request, parsed and checked for shape (not yet against filters or funds).
#[derive(Debug, Clone)]
pub(crate) struct NewOrder {
    pub symbol: String,
    pub side: Side,
    pub order_type: OrderType,
    pub time_in_force: TimeInForce,
    pub price: Option<Decimal>,
    pub quantity: Option<Decimal>,
    pub quote_order_qty: Option<Decimal>,
    pub client_order_id: Option<String>,
    pub reduce_only: bool,
}

impl NewOrder {
    /// Reads Binance's new-order parameters: -1117 / -1116 / -1115 for unknown enums, -1102
    /// for what the order type makes mandatory, -1106 for what it forbids.
    pub fn parse(params: &Params, venue: Venue) -> Result<Self, ApiError> {
        let symbol = params.required("symbol")?.to_owned();
        let side = match params.required("side")? {
            "BUY" => Side::Buy,
            "SELL" => Side::Sell,
            _ => return Err(ApiError::bad(-1117, "Invalid side.")),
        };
        let order_type = match params.required("type")? {
            "LIMIT" => OrderType::Limit,
            "MARKET" => OrderType::Market,
            "STOP_MARKET"
            | "TAKE_PROFIT_MARKET"
            | "STOP"
            | "TAKE_PROFIT"
            | "TRAILING_STOP_MARKET"
                if venue == Venue::UsdMFutures =>
            {
                return Err(moved_to_algo_service());
            }
            _ => return Err(ApiError::bad(-1116, "Invalid orderType.")),
        };
        let time_in_force = match (params.get("timeInForce"), venue) {
            (None, _) => None,
            (Some("GTC"), _) => Some(TimeInForce::Gtc),
            (Some("IOC"), _) => Some(TimeInForce::Ioc),
            (Some("FOK"), _) => Some(TimeInForce::Fok),
            (Some("GTX"), Venue::UsdMFutures) => Some(TimeInForce::Gtx),
            (Some(_), _) => return Err(ApiError::bad(-1115, "Invalid timeInForce.")),
        };
        let price = params.decimal("price")?;
        let quantity = params.decimal("quantity")?;
        let quote_order_qty = match venue {
            Venue::Spot => params.decimal("quoteOrderQty")?,
            Venue::UsdMFutures => None,
        };
        let time_in_force = match order_type {
            OrderType::Limit => {
                let tif = time_in_force.ok_or_else(|| ApiError::mandatory("timeInForce"))?;
                if price.is_none() {
                    return Err(ApiError::mandatory("price"));
                }
                if quantity.is_none() {
                    return Err(ApiError::mandatory("quantity"));
                }
                tif
            }
            OrderType::Market => {
                if price.is_some() {
                    return Err(ApiError::not_required("price"));
                }
                if time_in_force.is_some() {
                    return Err(ApiError::not_required("timeInForce"));
                }
                match (quantity, quote_order_qty) {
                    (None, None) => return Err(ApiError::mandatory("quantity")),
                    (Some(_), Some(_)) => return Err(ApiError::not_required("quoteOrderQty")),
                    _ => TimeInForce::Gtc,
                }
            }
        };
        let reduce_only = match params.one_of("reduceOnly", &["true", "false"])? {
            Some("true") if venue == Venue::UsdMFutures => true,
            Some(_) if venue == Venue::Spot => return Err(ApiError::not_required("reduceOnly")),
            _ => false,
        };
        Ok(Self {
            symbol,
            side,
            order_type,
            time_in_force,
            price,
            quantity,
            quote_order_qty,
            client_order_id: params.client_order_id("newClientOrderId")?,
            reduce_only,
        })
    }
}

impl NewOrder {
    /// The order this request makes as the venue accepts it: new, nothing executed, at `price`
    /// (zero for MARKET) for `qty`, resting on the book or not.
    #[allow(clippy::too_many_arguments)] // the accepted order's every field comes from here
    pub fn accept(
        &self,
        venue: Venue,
        symbol: &str,
        order_id: u64,
        price: Decimal,
        qty: Decimal,
        resting: bool,
        now_ms: i64,
    ) -> Order {
        Order {
            venue,
            symbol: symbol.to_owned(),
            order_id,
            client_order_id: self
                .client_order_id
                .clone()
                .unwrap_or_else(|| format!("fake-{order_id}")),
            side: self.side,
            order_type: self.order_type,
            time_in_force: self.time_in_force,
            price,
            orig_qty: qty,
            executed_qty: Decimal::ZERO,
            cumulative_quote_qty: Decimal::ZERO,
            status: OrderStatus::New,
            reduce_only: self.reduce_only,
            time_ms: now_ms,
            update_time_ms: now_ms,
            fills: Vec::new(),
            resting,
        }
    }
}

/// The whole exchange behind the server: market, both accounts, every order ever placed.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub market: Market,
    pub spot: SpotAccount,
    pub futures: FuturesAccount,
    pub orders: Vec<Order>,
    /// USD-M conditional orders, held by the Algo Service until they trigger.
    pub algo_orders: Vec<AlgoOrder>,
    next_order_id: u64,
    next_trade_id: u64,
}

impl Exchange {
    pub fn new(market: Market) -> Self {
        Self {
            market,
            spot: SpotAccount::default(),
            futures: FuturesAccount::default(),
            orders: Vec::new(),
            algo_orders: Vec::new(),
            next_order_id: 1_000_001,
            next_trade_id: 5_000_001,
        }
    }

    pub fn next_order_id(&mut self) -> u64 {
        self.next_order_id += 1;
        self.next_order_id - 1
    }

    pub fn next_trade_id(&mut self) -> u64 {
        self.next_trade_id += 1;
        self.next_trade_id - 1
    }

    /// The order a query or cancel names by `orderId` (preferred) or `origClientOrderId`;
    /// `Ok(None)` when no such order exists on this symbol.
    pub fn find(&self, venue: Venue, params: &Params) -> Result<Option<usize>, ApiError> {
        let symbol = params.required("symbol")?;
        self.market.listed_on(venue, symbol)?;
        let order_id = params.long("orderId")?;
        let client_id = params.client_order_id("origClientOrderId")?;
        let on_symbol = |o: &Order| o.venue == venue && o.symbol == symbol;
        Ok(match (order_id, client_id) {
            (Some(id), _) => self
                .orders
                .iter()
                .position(|o| on_symbol(o) && i64::try_from(o.order_id) == Ok(id)),
            (None, Some(client_id)) => self
                .orders
                .iter()
                .rposition(|o| on_symbol(o) && o.client_order_id == client_id),
            (None, None) => {
                return Err(ApiError::bad(
                    -1102,
                    "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!",
                ));
            }
        })
    }

    /// Whether an open order on `venue` already uses `client_order_id`.
    pub fn client_id_in_use(&self, venue: Venue, client_order_id: &str) -> bool {
        self.orders
            .iter()
            .any(|o| o.venue == venue && o.is_open() && o.client_order_id == client_order_id)
    }

    /// Executes `qty` of order `index` at `price`, settling the account of its venue.
    pub fn execute(
        &mut self,
        index: usize,
        qty: Decimal,
        price: Decimal,
        maker: bool,
        now_ms: i64,
    ) {
        let trade_id = self.next_trade_id();
        let order = &self.orders[index];
        let Some(series) = self.market.series(&order.symbol) else {
            return;
        };
        let execution = Execution {
            qty,
            price,
            maker,
            trade_id,
            now_ms,
        };
        let fill = match order.venue {
            Venue::Spot => self.spot.settle(order, &series.spec, execution),
            Venue::UsdMFutures => self.futures.settle(order, &series.spec, execution),
        };
        let order = &mut self.orders[index];
        order.executed_qty += qty;
        order.cumulative_quote_qty += qty * price;
        order.status = if order.remaining().is_zero() {
            OrderStatus::Filled
        } else {
            OrderStatus::PartiallyFilled
        };
        order.update_time_ms = now_ms;
        order.fills.push(fill);
    }

    /// Moves `symbol`'s market to the candle open at `open_time_ms`; resting LIMIT orders the
    /// passed candles trade through (low ≤ buy price, high ≥ sell price) fill at their price.
    pub fn move_market(
        &mut self,
        symbol: &str,
        open_time_ms: i64,
        now_ms: i64,
    ) -> anyhow::Result<()> {
        let series = self
            .market
            .series_mut(symbol)
            .ok_or_else(|| anyhow::anyhow!("{symbol} is not listed"))?;
        let passed: Vec<Candle> = series.move_to(open_time_ms).map_err(anyhow::Error::msg)?;
        for candle in passed {
            for index in 0..self.orders.len() {
                let o = &self.orders[index];
                let crossed = match o.side {
                    Side::Buy => candle.low <= o.price,
                    Side::Sell => candle.high >= o.price,
                };
                if o.symbol == symbol && o.is_open() && o.resting && crossed {
                    let (qty, price) = (o.remaining(), o.price);
                    self.execute(index, qty, price, true, now_ms);
                }
            }
            self.trigger_algo_orders(symbol, &candle, now_ms);
        }
        Ok(())
    }

    /// Fills (part of) the open order with this client order id at its limit price.
    pub fn fill_by_client_id(
        &mut self,
        client_order_id: &str,
        qty: Option<Decimal>,
        now_ms: i64,
    ) -> anyhow::Result<Order> {
        let index = self
            .orders
            .iter()
            .rposition(|o| o.client_order_id == client_order_id && o.is_open())
            .ok_or_else(|| {
                anyhow::anyhow!("no open order has client order id `{client_order_id}`")
            })?;
        let (remaining, price) = (self.orders[index].remaining(), self.orders[index].price);
        let qty = qty.unwrap_or(remaining);
        if qty <= Decimal::ZERO || qty > remaining {
            anyhow::bail!("cannot fill {qty} of `{client_order_id}`: {remaining} remains");
        }
        self.execute(index, qty, price, true, now_ms);
        Ok(self.orders[index].clone())
    }
}
