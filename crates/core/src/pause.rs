//! The emergency pause: one switch that stops every trading path at once.
//!
//! It is persisted (an app started while paused stays paused and says so), and every later
//! order path and trading schedule checks it first. Here is only what the state *is* and the
//! rules for changing it; persisting and announcing it is the App's job.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::field::FieldError;

/// Longest reason kept with a pause.
pub const MAX_REASON_LEN: usize = 500;

/// Whether trading is stopped, since when, why and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PauseState {
    pub paused: bool,
    /// Why the trader paused; `null` when running.
    pub reason: Option<String>,
    /// Which shell flipped the switch last (`desktop`, `tray`, `cli`, …).
    pub changed_by: Option<String>,
    /// When the switch was last flipped; `null` if it never was.
    pub changed_at: Option<DateTime<Utc>>,
}

impl PauseState {
    /// Trading runs: the state of a new installation.
    pub const RUNNING: PauseState = PauseState {
        paused: false,
        reason: None,
        changed_by: None,
        changed_at: None,
    };

    /// The state after pausing at `at`. A blank reason is refused: a trader looking at a paused
    /// app later must be able to tell why it was stopped.
    pub fn paused(reason: &str, by: &str, at: DateTime<Utc>) -> Result<Self, FieldError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(FieldError::new("reason", "say why trading is being paused"));
        }
        if reason.chars().count() > MAX_REASON_LEN {
            return Err(FieldError::new(
                "reason",
                format!("is longer than {MAX_REASON_LEN} characters"),
            ));
        }
        Ok(Self {
            paused: true,
            reason: Some(reason.to_owned()),
            changed_by: Some(by.to_owned()),
            changed_at: Some(at),
        })
    }

    /// The state after resuming at `at`.
    pub fn resumed(by: &str, at: DateTime<Utc>) -> Self {
        Self {
            paused: false,
            reason: None,
            changed_by: Some(by.to_owned()),
            changed_at: Some(at),
        }
    }
}

impl Default for PauseState {
    fn default() -> Self {
        Self::RUNNING
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn pausing_needs_a_reason_and_records_who_and_when() {
        let at = Utc.with_ymd_and_hms(2026, 5, 1, 12, 0, 0).single().unwrap();
        assert_eq!(
            PauseState::paused("  ", "cli", at).unwrap_err().field,
            "reason"
        );
        let state = PauseState::paused(" flash crash ", "tray", at).unwrap();
        assert!(state.paused);
        assert_eq!(
            state.reason.as_deref(),
            Some("flash crash"),
            "reason is trimmed"
        );
        assert_eq!(state.changed_by.as_deref(), Some("tray"));
        assert_eq!(state.changed_at, Some(at));
        assert!(!PauseState::resumed("cli", at).paused);
    }
}
