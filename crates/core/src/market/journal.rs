//! The order journal as the trader reads it: each order Pilothouse ever sent (or was about to
//! send), its status, fills and why it failed. The store keeps it (design rule 5); this is the
//! shape it hands out, to the App, the CLI and the UI alike.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ClientOrderId, Fill, OrderKind, OrderRequest, OrderStatus, Side, Symbol};
use crate::field::FieldError;

/// One journaled order and its fills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrderRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub client_order_id: ClientOrderId,
    #[ts(type = "number")]
    pub account_id: i64,
    pub symbol: Symbol,
    pub side: Side,
    pub kind: OrderKind,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub quantity: Decimal,
    pub reduce_only: bool,
    /// Who placed it: `manual`, later `bot:<id>`.
    pub origin: String,
    pub status: OrderStatus,
    pub venue_order_id: Option<String>,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub executed_quantity: Decimal,
    /// Why it was refused, or why its outcome is unknown.
    pub error: Option<String>,
    pub note: Option<String>,
    pub fills: Vec<Fill>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl OrderRecord {
    /// The request as it was (or will be) sent.
    pub fn request(&self) -> OrderRequest {
        OrderRequest {
            client_order_id: self.client_order_id.clone(),
            symbol: self.symbol.clone(),
            side: self.side,
            kind: self.kind.clone(),
            quantity: self.quantity,
            reduce_only: self.reduce_only,
        }
    }
}

/// Which journaled orders to list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrderQuery {
    /// An account's name (or id); `None`: every account.
    pub account: Option<String>,
    pub status: Option<OrderStatus>,
    /// Only orders older than this journal id: the next page.
    #[ts(type = "number | null")]
    pub before_id: Option<i64>,
    /// At most this many (0: the most one page may hold).
    pub limit: u32,
}

impl OrderQuery {
    /// The newest orders of every account.
    pub fn all() -> Self {
        Self::default()
    }

    /// The newest orders of `account`.
    pub fn of(account: &str) -> Self {
        Self {
            account: Some(account.to_owned()),
            ..Self::default()
        }
    }
}

/// What reconciling the journal with the venues changed on start: an order filled, cancelled
/// or unknown to its venue while the App was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReconcileChange {
    pub client_order_id: ClientOrderId,
    pub account: String,
    pub symbol: Symbol,
    pub before: OrderStatus,
    pub after: OrderStatus,
    pub message: String,
}

/// A manual order as the trader enters it (the Orders screen, `pilothouse orders place`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrderInput {
    /// The account's name (or id).
    pub account: String,
    pub symbol: String,
    pub side: Side,
    pub kind: OrderKind,
    /// In the base asset, as typed.
    pub quantity: String,
}

impl OrderInput {
    /// The symbol (field `symbol`) and a quantity above 0 (field `quantity`).
    pub fn check(&self) -> Result<(Symbol, rust_decimal::Decimal), FieldError> {
        let symbol = Symbol::parse(&self.symbol)?;
        let text = self.quantity.trim();
        let quantity: rust_decimal::Decimal = text
            .parse()
            .map_err(|_| FieldError::new("quantity", format!("`{text}` is not a number")))?;
        if quantity <= rust_decimal::Decimal::ZERO {
            return Err(FieldError::new("quantity", "must be above 0"));
        }
        let price = match &self.kind {
            OrderKind::Market => None,
            OrderKind::Limit { price } => Some(*price),
            OrderKind::StopMarket { stop } => Some(*stop),
        };
        if price.is_some_and(|p| p <= rust_decimal::Decimal::ZERO) {
            return Err(FieldError::new("price", "must be above 0"));
        }
        Ok((symbol, quantity))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(quantity: &str, kind: OrderKind) -> OrderInput {
        OrderInput {
            account: "paper".into(),
            symbol: "ethbtc".into(),
            side: Side::Buy,
            kind,
            quantity: quantity.into(),
        }
    }

    #[test]
    fn a_manual_order_names_its_bad_field() {
        let ok = input(" 0.5 ", OrderKind::Market).check();
        assert_eq!(
            ok.map(|(s, q)| (s.as_str().to_owned(), q.to_string())),
            Ok(("ETHBTC".into(), "0.5".into()))
        );
        let field = |i: OrderInput| i.check().err().map(|e| e.field);
        assert_eq!(
            field(input("abc", OrderKind::Market)).as_deref(),
            Some("quantity")
        );
        assert_eq!(
            field(input("0", OrderKind::Market)).as_deref(),
            Some("quantity")
        );
        let free = OrderKind::Limit {
            price: rust_decimal::Decimal::ZERO,
        };
        assert_eq!(field(input("1", free)).as_deref(), Some("price"));
        let mut bad_symbol = input("1", OrderKind::Market);
        bad_symbol.symbol = "ETH/BTC".into();
        assert_eq!(field(bad_symbol).as_deref(), Some("symbol"));
    }
}
