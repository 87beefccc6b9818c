//! Orders, fills, balances and positions in venue-neutral terms.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Symbol;
use crate::field::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[ts(export)]
pub enum Side {
    Buy,
    Sell,
}

/// How an order is priced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum OrderKind {
    /// Fills now at the market.
    Market,
    /// Rests at `price` until the market reaches it.
    Limit {
        #[ts(type = "string")]
        price: Decimal,
    },
    /// Becomes a market order when the market trades through `stop`.
    StopMarket {
        #[ts(type = "string")]
        stop: Decimal,
    },
}

/// The id Pilothouse gives an order before it is sent, so its fate can be looked up after a
/// timeout without ever sending it twice. Binance accepts `[.A-Za-z0-9:/_-]{1,36}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct ClientOrderId(String);

impl ClientOrderId {
    /// Checks `text` (field `client_order_id`).
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let ok = (1..=36).contains(&text.len())
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '/' | '_' | '-'));
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(FieldError::new(
                "client_order_id",
                format!("`{text}` must be 1–36 of A–Z, a–z, 0–9 and . : / _ -"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientOrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ClientOrderId {
    type Error = FieldError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ClientOrderId> for String {
    fn from(id: ClientOrderId) -> String {
        id.0
    }
}

/// An order as it is sent to a venue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrderRequest {
    pub client_order_id: ClientOrderId,
    pub symbol: Symbol,
    pub side: Side,
    pub kind: OrderKind,
    #[ts(type = "string")]
    pub quantity: Decimal,
    /// Futures: only reduce a position, never open or flip one.
    pub reduce_only: bool,
}

/// Where an order stands. `Unknown` means the venue may or may not have it (a timeout, a 5xx,
/// Binance's -1007): it is looked up by client order id, never resent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OrderStatus {
    /// Journaled, not sent yet.
    New,
    /// Sent, no answer yet.
    Sent,
    /// The venue has it (resting).
    Acknowledged,
    PartiallyFilled,
    Filled,
    Cancelled,
    Rejected,
    Unknown,
}

impl OrderStatus {
    /// Every status, in the order an order moves through them.
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::New,
        OrderStatus::Sent,
        OrderStatus::Acknowledged,
        OrderStatus::PartiallyFilled,
        OrderStatus::Filled,
        OrderStatus::Cancelled,
        OrderStatus::Rejected,
        OrderStatus::Unknown,
    ];

    /// The name as stored and typed (`partially_filled`).
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::New => "new",
            OrderStatus::Sent => "sent",
            OrderStatus::Acknowledged => "acknowledged",
            OrderStatus::PartiallyFilled => "partially_filled",
            OrderStatus::Filled => "filled",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Rejected => "rejected",
            OrderStatus::Unknown => "unknown",
        }
    }

    /// Whether nothing more can happen to the order.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            OrderStatus::Filled | OrderStatus::Cancelled | OrderStatus::Rejected
        )
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for OrderStatus {
    type Err = FieldError;

    /// Reads a status as the journal and the CLI spell it (field `status`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        OrderStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .ok_or_else(|| {
                FieldError::new(
                    "status",
                    format!("`{}` is not an order status", text.trim()),
                )
            })
    }
}

/// One execution of (part of) an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Fill {
    #[ts(type = "string")]
    pub price: Decimal,
    #[ts(type = "string")]
    pub quantity: Decimal,
    #[ts(type = "string")]
    pub fee: Decimal,
    pub fee_asset: String,
}

/// What a venue says about an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrderReport {
    pub client_order_id: ClientOrderId,
    /// The venue's own id, once it has one.
    pub venue_order_id: Option<String>,
    pub symbol: Symbol,
    pub side: Side,
    pub status: OrderStatus,
    #[ts(type = "string")]
    pub executed_quantity: Decimal,
    pub fills: Vec<Fill>,
    /// Anything the trader should know about how it filled (a paper stop-loss assumed hit
    /// before a take-profit in the same candle).
    pub note: Option<String>,
}

impl OrderReport {
    /// The quantity-weighted average fill price, if anything filled.
    pub fn average_price(&self) -> Option<Decimal> {
        let quantity: Decimal = self.fills.iter().map(|f| f.quantity).sum();
        (!quantity.is_zero()).then(|| {
            self.fills
                .iter()
                .map(|f| f.price * f.quantity)
                .sum::<Decimal>()
                / quantity
        })
    }
}

/// One asset of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Balance {
    pub asset: String,
    #[ts(type = "string")]
    pub free: Decimal,
    /// Held by open orders.
    #[ts(type = "string")]
    pub locked: Decimal,
}

/// A futures position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Position {
    pub symbol: Symbol,
    /// Positive long, negative short.
    #[ts(type = "string")]
    pub quantity: Decimal,
    #[ts(type = "string")]
    pub entry_price: Decimal,
    pub leverage: u32,
    #[ts(type = "string | null")]
    pub liquidation_price: Option<Decimal>,
    #[ts(type = "string")]
    pub unrealized_pnl: Decimal,
}

/// What an API key may do, checked before it is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccountPermissions {
    pub can_trade: bool,
    /// A key that can withdraw funds is refused.
    pub can_withdraw: bool,
    /// `None` when the venue does not say.
    pub ip_restricted: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_order_ids_follow_binances_rule() {
        assert!(ClientOrderId::parse("ph-7-20261124T0830-buy").is_ok());
        for bad in ["", "has space", "é", &"x".repeat(37)] {
            assert!(ClientOrderId::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_average_price_weights_fills_by_quantity() {
        let fill = |p: &str, q: &str| Fill {
            price: p.parse().unwrap_or_default(),
            quantity: q.parse().unwrap_or_default(),
            fee: Decimal::ZERO,
            fee_asset: "BTC".into(),
        };
        let report = OrderReport {
            client_order_id: ClientOrderId("a".into()),
            venue_order_id: None,
            symbol: Symbol::parse("ETHBTC").unwrap_or_else(|e| panic!("{e}")),
            side: Side::Buy,
            status: OrderStatus::Filled,
            executed_quantity: "3".parse().unwrap_or_default(),
            fills: vec![fill("0.05", "1"), fill("0.06", "2")],
            note: None,
        };
        let expected: Decimal = "0.17".parse::<Decimal>().unwrap_or_default() / Decimal::from(3);
        assert_eq!(report.average_price(), Some(expected));
        assert!(OrderStatus::Filled.is_final() && !OrderStatus::Unknown.is_final());
    }
}
