//! The emergency pause: one switch that stops every trading path at once.
//!
//! It is persisted (an app started while paused stays paused and says so), and every later
//! order path and trading schedule checks it first. Here is only what the state *is* and the
//! rules for changing it; persisting and announcing it is the App's job.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Longest reason kept with a pause, in characters.
pub const MAX_REASON_LEN: usize = 500;

/// What a pause records when it came without a reason.
pub const NO_REASON: &str = "no reason given";

/// A pause's reason as kept: trimmed, at most [`MAX_REASON_LEN`] characters, [`NO_REASON`] when
/// blank. A trader hitting the kill switch in a hurry (an empty `--reason`, a pasted page) is
/// never refused; the log records that the reason was missing or cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PauseReason {
    pub text: String,
    /// The trader gave a non-blank reason.
    pub given: bool,
    /// The reason was longer than [`MAX_REASON_LEN`] and was cut.
    pub truncated: bool,
}

impl PauseReason {
    pub fn new(raw: &str) -> Self {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Self {
                text: NO_REASON.to_owned(),
                given: false,
                truncated: false,
            };
        }
        let truncated = trimmed.chars().count() > MAX_REASON_LEN;
        let text = if truncated {
            trimmed
                .chars()
                .take(MAX_REASON_LEN)
                .collect::<String>()
                .trim_end()
                .to_owned()
        } else {
            trimmed.to_owned()
        };
        Self {
            text,
            given: true,
            truncated,
        }
    }
}

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

    /// The state after pausing at `at`. Any reason pauses: the kill switch must never depend
    /// on its annotation (see [`PauseReason`]).
    pub fn paused(reason: &PauseReason, by: &str, at: DateTime<Utc>) -> Self {
        Self {
            paused: true,
            reason: Some(reason.text.clone()),
            changed_by: Some(by.to_owned()),
            changed_at: Some(at),
        }
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
    fn pausing_records_who_and_when_and_never_refuses_a_reason() {
        let at = Utc.with_ymd_and_hms(2026, 5, 1, 12, 0, 0).single().unwrap();
        let state = PauseState::paused(&PauseReason::new(" flash crash "), "tray", at);
        assert!(state.paused, "a pause pauses");
        assert_eq!(
            state.reason.as_deref(),
            Some("flash crash"),
            "reason is trimmed"
        );
        assert_eq!(state.changed_by.as_deref(), Some("tray"), "who paused");
        assert_eq!(state.changed_at, Some(at), "when");
        assert!(!PauseState::resumed("cli", at).paused, "a resume runs");
    }

    #[test]
    fn a_blank_reason_is_recorded_as_missing_and_a_long_one_is_cut() {
        for blank in ["", "   ", "\n\t"] {
            let reason = PauseReason::new(blank);
            assert_eq!(
                reason.text, NO_REASON,
                "a blank reason still says something"
            );
            assert!(!reason.given, "and records that none was given");
        }
        let long = PauseReason::new(&"é".repeat(MAX_REASON_LEN + 100));
        assert_eq!(
            long.text.chars().count(),
            MAX_REASON_LEN,
            "cut at the limit, in characters not bytes"
        );
        assert!(long.given && long.truncated, "records that it was cut");
        let exact = PauseReason::new(&"x".repeat(MAX_REASON_LEN));
        assert!(!exact.truncated, "a reason at the limit is kept whole");
    }
}
