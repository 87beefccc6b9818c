//! A venue's public market data not answering, as the trader is told: paper accounts then
//! trade a built-in replay (a "stand-in") until it answers again.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Binance's public market data not answering, as the trader is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MarketOutage {
    /// The Binance API root that did not answer.
    pub base_url: String,
    pub since: DateTime<Utc>,
    /// What the last attempt said.
    pub reason: String,
    /// The built-in recording paper accounts trade meanwhile.
    pub stand_in: String,
    /// When Binance is asked again.
    pub next_attempt: DateTime<Utc>,
}
