//! Binance's JSON → core types, by explicit `match` on every venue enum (design rule 10).
//! Decimals are parsed from Binance's strings, never through `f64` (design rule 3). A body that
//! does not fit is `Malformed`, naming what did not fit; the caller turns that into
//! `UnknownOutcome` for an order request.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use pilothouse_core::market::{
    AccountPermissions, Balance, Candle, ClientOrderId, ExchangeError, Fill, OrderReport,
    OrderStatus, Position, Side, Symbol, SymbolFilters, SymbolInfo,
};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::models::{self, Filter, RawKline, SymbolStatus};

type Parsed<T> = Result<T, ExchangeError>;

pub(super) fn json<'a, T: Deserialize<'a>>(
    venue: &'static str,
    what: &str,
    body: &'a [u8],
) -> Parsed<T> {
    serde_json::from_slice(body).map_err(|e| ExchangeError::Malformed {
        venue,
        message: format!("{what}: {e}"),
    })
}

pub(super) fn malformed(venue: &'static str, message: String) -> ExchangeError {
    ExchangeError::Malformed { venue, message }
}

/// The server's clock, in ms since the epoch.
pub(super) fn server_time(venue: &'static str, body: &[u8]) -> Parsed<i64> {
    json::<models::ServerTime>(venue, "server time", body).map(|t| t.server_time)
}

/// Klines, oldest first, as candles.
pub(super) fn klines(venue: &'static str, body: &[u8]) -> Parsed<Vec<Candle>> {
    let raw: Vec<RawKline<'_>> = json(venue, "klines", body)?;
    raw.iter().map(|kline| candle(venue, kline)).collect()
}

fn candle(venue: &'static str, raw: &RawKline<'_>) -> Parsed<Candle> {
    Ok(Candle {
        open_time: instant(venue, raw.open_time)?,
        close_time: instant(venue, raw.close_time)?,
        open: decimal(venue, "open", &raw.open)?,
        high: decimal(venue, "high", &raw.high)?,
        low: decimal(venue, "low", &raw.low)?,
        close: decimal(venue, "close", &raw.close)?,
        volume: decimal(venue, "volume", &raw.volume)?,
    })
}

fn instant(venue: &'static str, ms: i64) -> Parsed<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| malformed(venue, format!("{ms} is not a time in ms")))
}

fn decimal(venue: &'static str, field: &str, text: &str) -> Parsed<Decimal> {
    Decimal::from_str(text).map_err(|e| {
        malformed(
            venue,
            format!("kline {field} `{text}` is not a decimal: {e}"),
        )
    })
}

/// One symbol's latest price.
pub(super) fn ticker_price(venue: &'static str, body: &[u8]) -> Parsed<Decimal> {
    json::<models::TickerPrice>(venue, "ticker price", body).map(|t| t.price)
}

/// The leverage Binance now applies to a USD-M symbol.
pub(super) fn leverage(venue: &'static str, body: &[u8]) -> Parsed<u32> {
    json::<models::LeverageSet>(venue, "leverage", body).map(|l| l.leverage)
}

/// Every listed symbol with its rules. Symbols Pilothouse cannot name (USD-M delivery contracts
/// such as `BTCUSDT_250926`) are left out rather than failing the whole list.
pub(super) fn exchange_info(venue: &'static str, body: &[u8]) -> Parsed<Vec<SymbolInfo>> {
    let info: models::ExchangeInfo = json(venue, "exchange info", body)?;
    Ok(info
        .symbols
        .into_iter()
        .filter_map(|entry| {
            let symbol = Symbol::parse(&entry.symbol).ok()?;
            Some(SymbolInfo {
                symbol,
                base_asset: entry.base_asset,
                quote_asset: entry.quote_asset,
                trading: is_trading(entry.status),
                filters: filters(&entry.filters),
            })
        })
        .collect())
}

fn is_trading(status: SymbolStatus) -> bool {
    match status {
        SymbolStatus::Trading => true,
        SymbolStatus::PreTrading
        | SymbolStatus::PostTrading
        | SymbolStatus::EndOfDay
        | SymbolStatus::Halt
        | SymbolStatus::AuctionMatch
        | SymbolStatus::Break
        | SymbolStatus::PendingTrading
        | SymbolStatus::PreDelivering
        | SymbolStatus::Delivering
        | SymbolStatus::Delivered
        | SymbolStatus::PreSettle
        | SymbolStatus::Settling
        | SymbolStatus::Close
        | SymbolStatus::Other => false,
    }
}

/// `PRICE_FILTER`, `LOT_SIZE` and `MIN_NOTIONAL` / `NOTIONAL` as core rules; a rule the venue
/// does not state is zero (no rule).
fn filters(venue_filters: &[Filter]) -> SymbolFilters {
    let mut rules = SymbolFilters {
        tick_size: Decimal::ZERO,
        step_size: Decimal::ZERO,
        min_qty: Decimal::ZERO,
        max_qty: Decimal::ZERO,
        min_notional: Decimal::ZERO,
    };
    for filter in venue_filters {
        match filter {
            Filter::Price { tick_size } => rules.tick_size = *tick_size,
            Filter::LotSize {
                min_qty,
                max_qty,
                step_size,
            } => {
                rules.min_qty = *min_qty;
                rules.max_qty = *max_qty;
                rules.step_size = *step_size;
            }
            Filter::MinNotional {
                min_notional,
                notional,
            } => {
                let value = min_notional.or(*notional).unwrap_or_default();
                rules.min_notional = rules.min_notional.max(value);
            }
            Filter::Notional { min_notional } => {
                rules.min_notional = rules.min_notional.max(*min_notional);
            }
            Filter::Other => {}
        }
    }
    rules
}

/// One order (new, cancelled, or queried when nothing executed).
pub(super) fn order(venue: &'static str, body: &[u8]) -> Parsed<OrderReport> {
    order_report(venue, json(venue, "order", body)?, None)
}

/// A list of orders (open orders).
pub(super) fn orders(venue: &'static str, body: &[u8]) -> Parsed<Vec<OrderReport>> {
    let raw: Vec<models::Order> = json(venue, "orders", body)?;
    raw.into_iter()
        .map(|o| order_report(venue, o, None))
        .collect()
}

/// An order as the query endpoint answered it. That answer carries totals but no fills or fees,
/// so when something executed the caller reads the order's trades before reporting it.
#[derive(Debug)]
pub(super) struct QueriedOrder(models::Order);

impl QueriedOrder {
    /// The venue's id, which the trade list is asked by.
    pub fn order_id(&self) -> i64 {
        self.0.order_id
    }

    /// Whether any of it executed (and so has trades).
    pub fn has_executed(&self) -> bool {
        self.0.executed_qty > Decimal::ZERO
    }

    /// The report from the query alone (one fill at the average price when it executed).
    pub fn into_report(self, venue: &'static str) -> Parsed<OrderReport> {
        order_report(venue, self.0, None)
    }
}

pub(super) fn queried_order(venue: &'static str, body: &[u8]) -> Parsed<QueriedOrder> {
    json(venue, "order", body).map(QueriedOrder)
}

/// The queried order with its fills and fees from its trade list (`myTrades` / `userTrades`
/// asked by `orderId`). A trade of another order is `Malformed`; a list that does not yet add
/// up to the executed quantity (the venue's trade history can lag its order state) is set aside
/// for one fill at the average price, and the report's note says so.
pub(super) fn order_with_trades(
    venue: &'static str,
    order: QueriedOrder,
    trades_body: &[u8],
) -> Parsed<OrderReport> {
    let raw: Vec<models::AccountTrade> = json(venue, "account trades", trades_body)?;
    let mut fills = Vec::with_capacity(raw.len());
    for trade in raw {
        if trade.order_id != order.0.order_id {
            return Err(malformed(
                venue,
                format!(
                    "asked for the trades of order {} and got one of order {}",
                    order.0.order_id, trade.order_id
                ),
            ));
        }
        fills.push(Fill {
            price: trade.price,
            quantity: trade.qty,
            fee: trade.commission,
            fee_asset: trade.commission_asset,
        });
    }
    order_report(venue, order.0, Some(fills))
}

const FEES_UNREPORTED: &str =
    "one fill at the average price: this answer does not list fills or fees (fee left at 0)";
const TRADES_INCOMPLETE: &str = "the venue's trade list does not add up to the executed \
     quantity yet: one fill at the average price (fee left at 0)";

/// `trades`: the order's fills from its trade list, when they were read.
fn order_report(
    venue: &'static str,
    raw: models::Order,
    trades: Option<Vec<Fill>>,
) -> Parsed<OrderReport> {
    // A spot cancel answers with the cancel's own id in `clientOrderId`.
    let id_text = raw
        .orig_client_order_id
        .as_deref()
        .unwrap_or(&raw.client_order_id);
    let client_order_id = ClientOrderId::parse(id_text)
        .map_err(|e| malformed(venue, format!("client order id: {e}")))?;
    let symbol =
        Symbol::parse(&raw.symbol).map_err(|e| malformed(venue, format!("order symbol: {e}")))?;
    let (status, status_note) = order_status(raw.status);
    let mut fills: Vec<Fill> = raw
        .fills
        .iter()
        .map(|f| Fill {
            price: f.price,
            quantity: f.qty,
            fee: f.commission,
            fee_asset: f.commission_asset.clone(),
        })
        .collect();
    let mut unreported = FEES_UNREPORTED;
    if let Some(trades) = trades {
        let traded: Decimal = trades.iter().map(|f| f.quantity).sum();
        if traded == raw.executed_qty {
            fills = trades;
        } else {
            unreported = TRADES_INCOMPLETE;
        }
    }
    let mut note = status_note.map(str::to_owned);
    if fills.is_empty()
        && raw.executed_qty > Decimal::ZERO
        && let Some(price) = average_price(&raw)
    {
        fills.push(Fill {
            price,
            quantity: raw.executed_qty,
            fee: Decimal::ZERO,
            fee_asset: String::new(),
        });
        note = Some(match note {
            Some(first) => format!("{first}; {unreported}"),
            None => unreported.to_owned(),
        });
    }
    Ok(OrderReport {
        client_order_id,
        venue_order_id: Some(raw.order_id.to_string()),
        symbol,
        side: match raw.side {
            models::Side::Buy => Side::Buy,
            models::Side::Sell => Side::Sell,
        },
        status,
        executed_quantity: raw.executed_qty,
        fills,
        note,
    })
}

/// USD-M's `avgPrice`, or spot's quote total ÷ quantity (negative when Binance lacks the data).
fn average_price(raw: &models::Order) -> Option<Decimal> {
    raw.avg_price.filter(|p| *p > Decimal::ZERO).or_else(|| {
        raw.cummulative_quote_qty
            .filter(|q| *q > Decimal::ZERO)
            .and_then(|quote| quote.checked_div(raw.executed_qty))
    })
}

fn order_status(status: models::OrderStatus) -> (OrderStatus, Option<&'static str>) {
    use models::OrderStatus as Venue;
    match status {
        Venue::New | Venue::PendingNew => (OrderStatus::Acknowledged, None),
        Venue::PartiallyFilled => (OrderStatus::PartiallyFilled, None),
        Venue::Filled => (OrderStatus::Filled, None),
        Venue::Canceled => (OrderStatus::Cancelled, None),
        Venue::PendingCancel => (OrderStatus::Acknowledged, Some("cancel pending")),
        Venue::Rejected => (OrderStatus::Rejected, None),
        Venue::Expired => (OrderStatus::Cancelled, Some("expired by the venue")),
        Venue::ExpiredInMatch => (
            OrderStatus::Cancelled,
            Some("expired by self-trade prevention"),
        ),
        Venue::NewInsurance => (
            OrderStatus::Filled,
            Some("liquidation by the insurance fund"),
        ),
        Venue::NewAdl => (OrderStatus::Filled, Some("auto-deleveraging")),
    }
}

/// Spot: the account's non-zero balances.
pub(super) fn spot_balances(venue: &'static str, body: &[u8]) -> Parsed<Vec<Balance>> {
    let account: models::Account = json(venue, "account", body)?;
    Ok(account
        .balances
        .into_iter()
        .filter(|b| !(b.free + b.locked).is_zero())
        .map(|b| Balance {
            asset: b.asset,
            free: b.free,
            locked: b.locked,
        })
        .collect())
}

/// USD-M: non-zero wallet balances; what is not available is held as margin (`locked`).
pub(super) fn futures_balances(venue: &'static str, body: &[u8]) -> Parsed<Vec<Balance>> {
    let raw: Vec<models::FuturesBalance> = json(venue, "balance", body)?;
    Ok(raw
        .into_iter()
        .filter(|b| !b.balance.is_zero())
        .map(|b| Balance {
            asset: b.asset,
            free: b.available_balance,
            locked: (b.balance - b.available_balance).max(Decimal::ZERO),
        })
        .collect())
}

/// `canTrade` and `canWithdraw`; whether the key is IP-restricted is not in this answer.
pub(super) fn permissions(venue: &'static str, body: &[u8]) -> Parsed<AccountPermissions> {
    let account: models::Account = json(venue, "account", body)?;
    Ok(AccountPermissions {
        can_trade: account.can_trade,
        can_withdraw: account.can_withdraw,
        ip_restricted: None,
    })
}

/// Narrows account permissions to the key's own (`apiRestrictions`): the App refuses a key that
/// could withdraw, so the key's `enableWithdrawals` counts even while the account itself cannot.
pub(super) fn key_restrictions(
    venue: &'static str,
    account: AccountPermissions,
    body: &[u8],
) -> Parsed<AccountPermissions> {
    let key: models::ApiRestrictions = json(venue, "API key restrictions", body)?;
    Ok(AccountPermissions {
        can_trade: account.can_trade && key.enable_spot_and_margin_trading,
        can_withdraw: key.enable_withdrawals,
        ip_restricted: Some(key.ip_restrict),
    })
}

/// USD-M: the open positions (zero amounts are left out).
pub(super) fn positions(venue: &'static str, body: &[u8]) -> Parsed<Vec<Position>> {
    let raw: Vec<models::PositionRisk> = json(venue, "position risk", body)?;
    raw.into_iter()
        .filter(|p| !p.position_amt.is_zero())
        .map(|p| {
            Ok(Position {
                symbol: Symbol::parse(&p.symbol)
                    .map_err(|e| malformed(venue, format!("position symbol: {e}")))?,
                quantity: p.position_amt,
                entry_price: p.entry_price,
                leverage: p.leverage.parse().map_err(|_| {
                    malformed(
                        venue,
                        format!("leverage `{}` is not a whole number", p.leverage),
                    )
                })?,
                liquidation_price: Some(p.liquidation_price).filter(|l| !l.is_zero()),
                unrealized_pnl: p.un_realized_profit,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
