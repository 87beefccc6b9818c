//! Binance's JSON, as the venue sends it: field names, string-encoded decimals, arrays for
//! candles, SCREAMING_SNAKE enums. Nothing here leaves the `binance` module (design rule 10);
//! `parse.rs` maps every type to a core one by explicit `match`.
//!
//! Unknown fields are ignored (Binance adds fields without notice); unknown values of an enum
//! that decides what we do (order status, side) fail the parse, so they are noticed instead of
//! guessed; unknown symbol statuses and filters are kept as `Other`, since a new one must not
//! break the whole exchange info.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// `GET /api/v3/time`, `GET /fapi/v1/time`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ServerTime {
    pub server_time: i64,
}

/// Any error answer.
#[derive(Debug, Deserialize)]
pub(super) struct ApiError {
    pub code: i64,
    #[serde(default)]
    pub msg: String,
}

/// One kline: `[openTime, open, high, low, close, volume, closeTime, …]`. Only the first seven
/// fields are read; the rest (quote volume, trade count, taker volumes, ignore) are skipped, so
/// more fields at the end never break it. Decimal strings are borrowed from the body.
#[derive(Debug)]
pub(super) struct RawKline<'a> {
    pub open_time: i64,
    pub open: Cow<'a, str>,
    pub high: Cow<'a, str>,
    pub low: Cow<'a, str>,
    pub close: Cow<'a, str>,
    pub volume: Cow<'a, str>,
    pub close_time: i64,
}

impl<'de: 'a, 'a> Deserialize<'de> for RawKline<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KlineVisitor;

        impl<'de> Visitor<'de> for KlineVisitor {
            type Value = RawKline<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a kline array [openTime, open, high, low, close, volume, closeTime, …]",
                )
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let kline = RawKline {
                    open_time: field(&mut seq, 0)?,
                    open: field::<_, Text<'de>>(&mut seq, 1)?.0,
                    high: field::<_, Text<'de>>(&mut seq, 2)?.0,
                    low: field::<_, Text<'de>>(&mut seq, 3)?.0,
                    close: field::<_, Text<'de>>(&mut seq, 4)?.0,
                    volume: field::<_, Text<'de>>(&mut seq, 5)?.0,
                    close_time: field(&mut seq, 6)?,
                };
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(kline)
            }
        }

        deserializer.deserialize_seq(KlineVisitor)
    }
}

/// The kline field at `index`, in the order the docs fix.
fn field<'de, A: SeqAccess<'de>, T: Deserialize<'de>>(
    seq: &mut A,
    index: usize,
) -> Result<T, A::Error> {
    seq.next_element::<T>()?
        .ok_or_else(|| de::Error::invalid_length(index, &"a kline of at least 7 fields"))
}

/// A JSON string, borrowed from the body when it has no escapes (serde's own `Cow` impl always
/// copies).
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(TextVisitor)
    }
}

/// `GET /api/v3/ticker/price`, `GET /fapi/v1/ticker/price` for one symbol.
#[derive(Debug, Deserialize)]
pub(super) struct TickerPrice {
    pub price: Decimal,
}

/// `POST /fapi/v1/leverage`: the leverage now in force for the symbol.
#[derive(Debug, Deserialize)]
pub(super) struct LeverageSet {
    pub leverage: u32,
}

/// `GET /api/v3/exchangeInfo`, `GET /fapi/v1/exchangeInfo` (only what Pilothouse reads).
#[derive(Debug, Deserialize)]
pub(super) struct ExchangeInfo {
    pub symbols: Vec<SymbolEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SymbolEntry {
    pub symbol: String,
    pub status: SymbolStatus,
    pub base_asset: String,
    pub quote_asset: String,
    #[serde(default)]
    pub filters: Vec<Filter>,
}

/// Spot and USD-M symbol statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(super) enum SymbolStatus {
    Trading,
    PreTrading,
    PostTrading,
    EndOfDay,
    Halt,
    AuctionMatch,
    Break,
    PendingTrading,
    PreDelivering,
    Delivering,
    Delivered,
    PreSettle,
    Settling,
    Close,
    #[serde(other)]
    Other,
}

/// The symbol filters Pilothouse applies before sending; the rest are `Other`.
#[derive(Debug, Deserialize)]
#[serde(tag = "filterType")]
pub(super) enum Filter {
    #[serde(rename = "PRICE_FILTER", rename_all = "camelCase")]
    Price { tick_size: Decimal },
    #[serde(rename = "LOT_SIZE", rename_all = "camelCase")]
    LotSize {
        min_qty: Decimal,
        max_qty: Decimal,
        step_size: Decimal,
    },
    /// Spot names the value `minNotional`; USD-M names it `notional`.
    #[serde(rename = "MIN_NOTIONAL", rename_all = "camelCase")]
    MinNotional {
        #[serde(default)]
        min_notional: Option<Decimal>,
        #[serde(default)]
        notional: Option<Decimal>,
    },
    /// Spot's newer notional rule (min and max).
    #[serde(rename = "NOTIONAL", rename_all = "camelCase")]
    Notional { min_notional: Decimal },
    #[serde(other)]
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(super) enum Side {
    Buy,
    Sell,
}

/// Spot and USD-M order statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(super) enum OrderStatus {
    New,
    PendingNew,
    PartiallyFilled,
    Filled,
    Canceled,
    PendingCancel,
    Rejected,
    Expired,
    ExpiredInMatch,
    NewInsurance,
    NewAdl,
}

/// An order as the new-order, query, cancel and open-orders endpoints return it. Spot sends
/// `fills` (FULL responses) and `cummulativeQuoteQty`; USD-M sends `avgPrice`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Order {
    pub symbol: String,
    pub order_id: i64,
    pub client_order_id: String,
    /// Spot cancels: the cancelled order's id (`clientOrderId` is then the cancel's own).
    #[serde(default)]
    pub orig_client_order_id: Option<String>,
    pub status: OrderStatus,
    pub side: Side,
    pub executed_qty: Decimal,
    #[serde(default)]
    pub cummulative_quote_qty: Option<Decimal>,
    #[serde(default)]
    pub avg_price: Option<Decimal>,
    #[serde(default)]
    pub fills: Vec<OrderFill>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct OrderFill {
    pub price: Decimal,
    pub qty: Decimal,
    pub commission: Decimal,
    pub commission_asset: String,
}

/// A USD-M conditional order as the Algo Service reports it (`POST` / `GET /fapi/v1/algoOrder`,
/// `GET /fapi/v1/openAlgoOrders`). `actualOrderId` names the matching-engine order it became once
/// triggered: the docs print it as a string (`""` before), so a number is accepted too.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AlgoOrder {
    pub algo_id: i64,
    pub client_algo_id: String,
    pub symbol: String,
    pub side: Side,
    pub algo_status: AlgoStatus,
    #[serde(default)]
    pub actual_order_id: Option<serde_json::Value>,
}

/// The Algo Service's statuses (USD-M user data stream, `ALGO_UPDATE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(super) enum AlgoStatus {
    /// Placed, not triggered.
    New,
    Canceled,
    /// Triggered, being sent to the matching engine.
    Triggering,
    /// Placed in the matching engine as `actualOrderId`.
    Triggered,
    /// The triggered order filled or was cancelled in the matching engine.
    Finished,
    /// Refused by the matching engine (e.g. margin) when triggered.
    Rejected,
    /// Cancelled by the system.
    Expired,
}

/// One entry of `GET /api/v3/myTrades` or `GET /fapi/v1/userTrades`: the fields both venues
/// share and the core `Fill` holds (the trade's `id` and `time` have no place there yet; spot's
/// `isBuyer` and futures' `realizedPnl` are not read).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AccountTrade {
    pub order_id: i64,
    pub price: Decimal,
    pub qty: Decimal,
    pub commission: Decimal,
    pub commission_asset: String,
}

/// `GET /api/v3/account` and `GET /fapi/v2/account` (permissions; spot balances).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Account {
    pub can_trade: bool,
    pub can_withdraw: bool,
    #[serde(default)]
    pub balances: Vec<SpotBalance>,
}

#[derive(Debug, Deserialize)]
pub(super) struct SpotBalance {
    pub asset: String,
    pub free: Decimal,
    pub locked: Decimal,
}

/// One entry of `GET /fapi/v2/balance`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct FuturesBalance {
    pub asset: String,
    pub balance: Decimal,
    pub available_balance: Decimal,
}

/// One entry of `GET /fapi/v2/positionRisk`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PositionRisk {
    pub symbol: String,
    pub position_amt: Decimal,
    pub entry_price: Decimal,
    pub un_realized_profit: Decimal,
    pub liquidation_price: Decimal,
    pub leverage: String,
}

/// `GET /sapi/v1/account/apiRestrictions`: what the key itself may do.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ApiRestrictions {
    pub ip_restrict: bool,
    #[serde(default)]
    pub enable_withdrawals: bool,
    #[serde(default)]
    pub enable_spot_and_margin_trading: bool,
}
