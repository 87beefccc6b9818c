//! Typed log entries: the trader's record of what every bot and the system did and why.
//!
//! Each entry has a type (what area it is about) and a severity (how much it matters), so a
//! trader can ask "show me every SAFETY warning for bot X since yesterday" and get an answer.
//! The filter's rules live here once; SQLite evaluates the same rules for paging, and the live
//! stream (CLI `--follow`, UI) uses [`LogFilter::matches`] for entries it is pushed.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::field::FieldError;

/// Which area of Pilothouse an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[ts(export)]
pub enum LogType {
    Trade,
    Error,
    Analysis,
    Safety,
    System,
}

/// How much an entry matters, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[ts(export)]
pub enum Severity {
    Info,
    Warning,
    Error,
    Critical,
}

macro_rules! upper_case_names {
    ($ty:ty, $what:literal, [$($variant:ident => $name:literal),+ $(,)?]) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];

            /// The stored and displayed name (`TRADE`, `INFO`, …).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(<$ty>::$variant => $name),+
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = FieldError;

            /// Accepts any letter case, so `--type trade` works on the command line.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let upper = s.trim().to_ascii_uppercase();
                match upper.as_str() {
                    $($name => Ok(<$ty>::$variant),)+
                    _ => Err(FieldError::new(
                        $what,
                        format!(
                            "`{s}` is not one of {}",
                            [$($name),+].join(", ")
                        ),
                    )),
                }
            }
        }
    };
}

upper_case_names!(LogType, "type", [
    Trade => "TRADE",
    Error => "ERROR",
    Analysis => "ANALYSIS",
    Safety => "SAFETY",
    System => "SYSTEM",
]);

upper_case_names!(Severity, "severity", [
    Info => "INFO",
    Warning => "WARNING",
    Error => "ERROR",
    Critical => "CRITICAL",
]);

/// Longest source, action or bot id accepted; longer ones are a bug in the caller.
pub const MAX_NAME_LEN: usize = 128;
/// Longest message accepted (a stack of indicator values fits easily).
pub const MAX_MESSAGE_LEN: usize = 16 * 1024;

/// An entry about to be written. The writer stamps its time from the App's clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewLogEntry {
    pub log_type: LogType,
    pub severity: Severity,
    /// The part of Pilothouse that wrote it: `system`, `scheduler`, `bot`, `cli`, …
    pub source: String,
    pub bot_id: Option<String>,
    /// A short machine-friendly verb: `pause_all`, `order_placed`, …
    pub action: String,
    pub message: String,
    /// Structured detail (indicator values, order ids); `null` when there is none.
    pub data: serde_json::Value,
}

impl NewLogEntry {
    /// An entry with no bot and no data.
    pub fn new(
        log_type: LogType,
        severity: Severity,
        source: impl Into<String>,
        action: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            log_type,
            severity,
            source: source.into(),
            bot_id: None,
            action: action.into(),
            message: message.into(),
            data: serde_json::Value::Null,
        }
    }

    /// The same entry about `bot_id`.
    #[must_use]
    pub fn for_bot(mut self, bot_id: impl Into<String>) -> Self {
        self.bot_id = Some(bot_id.into());
        self
    }

    /// The same entry with structured `data`.
    #[must_use]
    pub fn with_data(mut self, data: serde_json::Value) -> Self {
        self.data = data;
        self
    }

    /// Checks the entry is storable: names present and of sane length.
    pub fn validate(&self) -> Result<(), FieldError> {
        check_name("source", &self.source)?;
        check_name("action", &self.action)?;
        if let Some(bot) = &self.bot_id {
            check_name("bot_id", bot)?;
        }
        if self.message.trim().is_empty() {
            return Err(FieldError::new("message", "must not be empty"));
        }
        if self.message.len() > MAX_MESSAGE_LEN {
            return Err(FieldError::new(
                "message",
                format!(
                    "is {} bytes; at most {MAX_MESSAGE_LEN} are kept",
                    self.message.len()
                ),
            ));
        }
        Ok(())
    }

    /// The stored entry this becomes once written with `id` at `time`.
    pub fn into_entry(self, id: i64, time: DateTime<Utc>) -> LogEntry {
        LogEntry {
            id,
            time,
            log_type: self.log_type,
            severity: self.severity,
            source: self.source,
            bot_id: self.bot_id,
            action: self.action,
            message: self.message,
            data: self.data,
        }
    }
}

fn check_name(field: &str, value: &str) -> Result<(), FieldError> {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    if value.len() > MAX_NAME_LEN {
        return Err(FieldError::new(
            field,
            format!("is {} bytes long; at most {MAX_NAME_LEN}", value.len()),
        ));
    }
    Ok(())
}

/// A written entry. `id` grows with every write, so it orders entries and pages them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LogEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub time: DateTime<Utc>,
    pub log_type: LogType,
    pub severity: Severity,
    pub source: String,
    pub bot_id: Option<String>,
    pub action: String,
    pub message: String,
    pub data: serde_json::Value,
}

/// Which entries to show. Empty lists and `None` mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct LogFilter {
    pub types: Vec<LogType>,
    pub severities: Vec<Severity>,
    pub source: Option<String>,
    pub bot_id: Option<String>,
    /// Words that must each start a word of the message, action or source (any case).
    pub text: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// Most entries one page may hold.
pub const MAX_PAGE: u32 = 1000;

impl LogFilter {
    /// Checks the filter can be run, naming the offending field.
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(source) = &self.source {
            check_name("source", source)?;
        }
        if let Some(bot) = &self.bot_id {
            check_name("bot_id", bot)?;
        }
        if let Some(text) = &self.text
            && text.len() > 256
        {
            return Err(FieldError::new("text", "is longer than 256 characters"));
        }
        if let (Some(since), Some(until)) = (self.since, self.until)
            && since > until
        {
            return Err(FieldError::new(
                "since",
                format!("{since} is after `until` ({until})"),
            ));
        }
        Ok(())
    }

    /// The search words, lower-cased; empty when there is no text filter.
    pub fn words(&self) -> Vec<String> {
        self.text.as_deref().map(words).unwrap_or_default()
    }

    /// Whether `entry` passes this filter — the same rules the store applies in SQL.
    pub fn matches(&self, entry: &LogEntry) -> bool {
        let listed = |ok: bool, empty: bool| empty || ok;
        listed(self.types.contains(&entry.log_type), self.types.is_empty())
            && listed(
                self.severities.contains(&entry.severity),
                self.severities.is_empty(),
            )
            && self.source.as_ref().is_none_or(|s| *s == entry.source)
            && self
                .bot_id
                .as_ref()
                .is_none_or(|b| entry.bot_id.as_ref() == Some(b))
            && self.since.is_none_or(|t| entry.time >= t)
            && self.until.is_none_or(|t| entry.time <= t)
            && self.matches_text(entry)
    }

    fn matches_text(&self, entry: &LogEntry) -> bool {
        let wanted = self.words();
        if wanted.is_empty() {
            return true;
        }
        let haystack: Vec<String> = [&entry.message, &entry.action, &entry.source]
            .into_iter()
            .flat_map(|s| words(s))
            .collect();
        wanted
            .iter()
            .all(|w| haystack.iter().any(|h| h.starts_with(w.as_str())))
    }
}

/// Splits text into lower-case words of letters and digits, as SQLite's `unicode61` tokenizer
/// does (underscores and punctuation separate words).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// One page of entries, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LogPage {
    pub entries: Vec<LogEntry>,
    /// Pass back as `before` to get the next (older) page; `null` on the last page.
    #[ts(type = "number | null")]
    pub next_before: Option<i64>,
}

#[cfg(test)]
mod tests;
