//! What the schedule editor shows under a cron expression: the expression in words and its
//! next fires, each flagged when a DST transition changed it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{CronExpr, FireTime, ZoneName, describe, upcoming};

/// An expression in words and its next fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CronPreview {
    /// `At 09:00, Monday through Friday`.
    pub description: String,
    pub fires: Vec<FireTime>,
}

impl CronPreview {
    /// The next `count` fires of `expr` in `zone` strictly after `after`, described.
    pub fn new(expr: &CronExpr, zone: ZoneName, after: DateTime<Utc>, count: usize) -> Self {
        Self {
            description: describe(expr),
            fires: upcoming(expr, zone, after, count),
        }
    }
}
