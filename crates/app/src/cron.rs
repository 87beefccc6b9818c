//! Previewing a schedule: the fire times the schedule editor lists under the expression and
//! `pilothouse cron next` prints, computed by the same core code the scheduler runs on.

use chrono::{DateTime, Utc};
use pilothouse_core::FieldError;
use pilothouse_core::cron::{CronExpr, CronPreview, ZoneName};

use crate::{App, AppError};

/// Most fire times one preview lists.
pub const MAX_PREVIEW: u32 = 100;

impl App {
    /// `expr` in words and its next `count` fires read in `time_zone`, strictly after `from` (default:
    /// now on the App's clock). Refuses a bad expression (`cron`), an unknown zone
    /// (`time_zone`) or a count outside 1..=100 (`count`).
    pub fn cron_preview(
        &self,
        expr: &str,
        time_zone: &str,
        from: Option<DateTime<Utc>>,
        count: u32,
    ) -> Result<CronPreview, AppError> {
        let expr = CronExpr::parse(expr)?;
        let zone = ZoneName::parse(time_zone)?;
        if count == 0 || count > MAX_PREVIEW {
            return Err(
                FieldError::new("count", format!("must be between 1 and {MAX_PREVIEW}")).into(),
            );
        }
        let from = from.unwrap_or_else(|| self.now());
        Ok(CronPreview::new(&expr, zone, from, count as usize))
    }
}
