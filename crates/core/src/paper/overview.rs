//! A paper account as its screen shows it: how it was set up, where its prices come from, and
//! what it holds now. A view computed from the saved account, never stored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{PaperMarket, PaperMode, StartingBalance};
use crate::market::{Balance, Interval, OrderRequest, OrderStatus, Position};

/// One paper account, now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaperOverview {
    pub account: String,
    pub mode: PaperMode,
    pub market: PaperMarket,
    /// When the price source was chosen (a replay runs from then).
    pub market_since: DateTime<Utc>,
    pub starting_balances: Vec<StartingBalance>,
    pub balances: Vec<Balance>,
    pub positions: Vec<Position>,
    pub open_orders: Vec<PaperOpenOrder>,
    /// Fee and slippage rates, in basis points.
    pub maker_fee_bps: String,
    pub taker_fee_bps: String,
    pub slippage_bps: String,
}

/// An order resting on a paper account: what was asked, and how far it has got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaperOpenOrder {
    pub request: OrderRequest,
    pub status: OrderStatus,
    pub placed_at: DateTime<Utc>,
}

/// A built-in recording a paper account can replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReplayDataset {
    pub name: String,
    pub symbol: String,
    pub interval: Interval,
    /// A futures (perpetual) market; otherwise spot.
    pub futures: bool,
    pub first_open: DateTime<Utc>,
    pub last_open: DateTime<Utc>,
}
