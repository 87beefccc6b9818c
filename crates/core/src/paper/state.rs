//! The paper account's records: what each asset holds, each order and each open futures
//! position. They are plain serde data so the whole account can be saved after every change
//! and restored on start; the venue-neutral reports (`OrderReport`, `Balance`, `Position`) are
//! views computed from them, never stored beside them, so the two cannot disagree.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::MAINTENANCE_MARGIN_RATE;
use crate::market::{Fill, OrderKind, OrderReport, OrderRequest, OrderStatus, Side};

/// One asset of the account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Holding {
    /// Spendable now.
    pub free: Decimal,
    /// Held back by open orders (futures position margins are kept on the positions).
    pub locked: Decimal,
}

/// Balance an open order holds back until it fills or is cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Lock {
    pub asset: String,
    pub amount: Decimal,
}

/// An order the paper venue received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct PaperOrder {
    pub request: OrderRequest,
    pub base_asset: String,
    pub quote_asset: String,
    /// Order of arrival; breaks ties between orders triggered at the same price.
    pub sequence: u64,
    pub status: OrderStatus,
    pub placed_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The price a resting order fills at (the limit, or the stop with slippage), fixed when
    /// it is placed so its lock always covers its fill.
    pub fill_price: Decimal,
    /// The fee rate a resting order pays (maker for limits, taker for stops).
    pub fee_rate: Decimal,
    pub lock: Option<Lock>,
    pub fills: Vec<Fill>,
    /// Futures: profit or loss the order realised by reducing a position (fees not included).
    pub realized_pnl: Decimal,
    pub note: Option<String>,
}

impl PaperOrder {
    /// The id the paper venue gives the order.
    pub fn venue_order_id(&self) -> String {
        format!("paper-{}", self.sequence)
    }

    /// Whether it is a stop order, which fills as a taker when the market trades through it.
    pub fn is_stop(&self) -> bool {
        matches!(self.request.kind, OrderKind::StopMarket { .. })
    }

    /// The price the market must reach to trigger a resting order, and whether it triggers
    /// on the way down (buy limits, sell stops) rather than up.
    pub fn trigger(&self) -> Option<(Decimal, bool)> {
        match (&self.request.kind, self.request.side) {
            (OrderKind::Market, _) => None,
            (OrderKind::Limit { price }, side) => Some((*price, side == Side::Buy)),
            (OrderKind::StopMarket { stop }, side) => Some((*stop, side == Side::Sell)),
        }
    }

    pub fn report(&self) -> OrderReport {
        OrderReport {
            client_order_id: self.request.client_order_id.clone(),
            venue_order_id: Some(self.venue_order_id()),
            symbol: self.request.symbol.clone(),
            side: self.request.side,
            status: self.status,
            executed_quantity: self.fills.iter().map(|f| f.quantity).sum(),
            fills: self.fills.clone(),
            note: self.note.clone(),
        }
    }
}

/// An open futures position (isolated margin, one-way mode: one position per symbol).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct OpenPosition {
    /// Positive long, negative short; never zero (a closed position is removed).
    pub quantity: Decimal,
    /// Quantity-weighted average fill price of the opening fills.
    pub entry_price: Decimal,
    /// The isolated margin held for it, in `quote_asset`: notional at entry / leverage.
    pub margin: Decimal,
    pub leverage: u32,
    pub base_asset: String,
    pub quote_asset: String,
    pub opened_at: DateTime<Utc>,
}

impl OpenPosition {
    pub fn is_long(&self) -> bool {
        self.quantity > Decimal::ZERO
    }

    pub fn liquidation_price(&self) -> Decimal {
        liquidation_price(self.entry_price, self.is_long(), self.leverage)
    }
}

/// The approximate price at which an isolated position of `leverage` opened at `entry` is
/// liquidated: where its loss leaves only the maintenance margin,
/// entry × (1 − 1/leverage + [`MAINTENANCE_MARGIN_RATE`]) for a long and
/// entry × (1 + 1/leverage − [`MAINTENANCE_MARGIN_RATE`]) for a short. Binance's own formula
/// also uses tiered rates and fees; this is the first tier, which is what small paper
/// positions see.
pub fn liquidation_price(entry: Decimal, long: bool, leverage: u32) -> Decimal {
    let inverse = Decimal::ONE / Decimal::from(leverage.max(1));
    let factor = if long {
        Decimal::ONE - inverse + MAINTENANCE_MARGIN_RATE
    } else {
        Decimal::ONE + inverse - MAINTENANCE_MARGIN_RATE
    };
    (entry * factor).normalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn liquidation_prices_follow_the_isolated_formula() {
        // Long 10×: 50 000 × (1 − 0.1 + 0.004) = 50 000 × 0.904 = 45 200.
        assert_eq!(liquidation_price(d("50000"), true, 10), d("45200"));
        // Short 10×: 50 000 × (1 + 0.1 − 0.004) = 50 000 × 1.096 = 54 800.
        assert_eq!(liquidation_price(d("50000"), false, 10), d("54800"));
        // Long 125×: 50 000 × (1 − 0.008 + 0.004) = 49 800, only 0.4 % away.
        assert_eq!(liquidation_price(d("50000"), true, 125), d("49800"));
    }
}
