//! A venue's request-weight budget as the trader sees it: how much of this minute's allowance
//! all bots together have used, and whether the venue has paused (429) or banned (418) this
//! machine. The exchange adapters keep the budget; this is what they report.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Venue;

/// One venue's budget right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VenueBudget {
    pub venue: Venue,
    /// The API host the budget is for (Binance limits each IP per host: production and a
    /// testnet, say, have separate budgets).
    pub host: String,
    /// Weight spent in the current minute (ours, or the venue's figure when higher).
    pub used: u32,
    /// Weight of requests sent and not yet answered.
    pub in_flight: u32,
    pub limit: u32,
    pub window_start: DateTime<Utc>,
    /// Set after a 429: nothing is sent before then.
    pub paused_until: Option<DateTime<Utc>>,
    /// Set after a 418: every request is refused until then.
    pub banned_until: Option<DateTime<Utc>>,
}
