//! What a schedule runs: a job kind and the parameters that kind takes.
//!
//! The set of kinds is closed and known to every part of Pilothouse (the editor lists them,
//! the CLI parses them, the runner dispatches on them). Parameters are JSON so a schedule row
//! can hold any kind's, but they are checked against the kind's own typed shape before they are
//! stored, so a schedule never holds parameters its job cannot read.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::field::{FieldError, http_url};

/// A kind of job the scheduler can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum JobKind {
    /// One cycle of every active bot.
    RunBots,
    /// Turns backtest and signal results into learning patterns.
    SyncPatterns,
    /// Settles signals whose deadline passed.
    CheckSignals,
    /// Expires approvals nobody answered in time.
    ExpireApprovals,
    /// Scans a watchlist and proposes trades.
    MorningRoutine,
    /// POSTs a signed JSON body to a URL, for traders who chain other tools.
    Webhook,
}

impl JobKind {
    /// Every kind, in the order the editor lists them.
    pub const ALL: [JobKind; 6] = [
        JobKind::RunBots,
        JobKind::SyncPatterns,
        JobKind::CheckSignals,
        JobKind::ExpireApprovals,
        JobKind::MorningRoutine,
        JobKind::Webhook,
    ];

    /// The kind's name as stored and typed (`run-bots`).
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::RunBots => "run-bots",
            JobKind::SyncPatterns => "sync-patterns",
            JobKind::CheckSignals => "check-signals",
            JobKind::ExpireApprovals => "expire-approvals",
            JobKind::MorningRoutine => "morning-routine",
            JobKind::Webhook => "webhook",
        }
    }

    /// What the kind does, in a sentence for the editor.
    pub fn summary(self) -> &'static str {
        match self {
            JobKind::RunBots => "Runs one cycle of every active bot.",
            JobKind::SyncPatterns => "Turns backtest and signal results into learning patterns.",
            JobKind::CheckSignals => "Settles tracked signals whose deadline has passed.",
            JobKind::ExpireApprovals => "Expires proposed trades nobody approved in time.",
            JobKind::MorningRoutine => "Scans a watchlist and proposes trades.",
            JobKind::Webhook => "POSTs a signed JSON body to a URL of yours.",
        }
    }

    /// Whether runs of this kind may place or propose trades: the emergency pause stops them
    /// from starting.
    pub fn is_trading(self) -> bool {
        matches!(self, JobKind::RunBots | JobKind::MorningRoutine)
    }

    /// The schedule Pilothouse creates for this kind on first start once the kind has an
    /// implementation (always in UTC); `None` for kinds a trader schedules himself.
    pub fn default_cron(self) -> Option<&'static str> {
        match self {
            JobKind::RunBots | JobKind::CheckSignals => Some("*/5 * * * *"),
            JobKind::SyncPatterns => Some("*/15 * * * *"),
            JobKind::ExpireApprovals => Some("* * * * *"),
            JobKind::MorningRoutine | JobKind::Webhook => None,
        }
    }

    /// Checks `params` against this kind's shape (field `params`) and returns them normalised
    /// (`null` becomes `{}`).
    pub fn check_params(self, params: &Value) -> Result<Value, FieldError> {
        let params = match params {
            Value::Null => Value::Object(Default::default()),
            other => other.clone(),
        };
        match self {
            JobKind::Webhook => {
                let webhook: WebhookParams = serde_json::from_value(params)
                    .map_err(|e| FieldError::new(FIELD, format!("for a webhook: {e}")))?;
                webhook.check()?;
                serde_json::to_value(webhook).map_err(|e| FieldError::new(FIELD, e.to_string()))
            }
            other => {
                let empty = params.as_object().is_some_and(|o| o.is_empty());
                if empty {
                    Ok(params)
                } else {
                    Err(FieldError::new(
                        FIELD,
                        format!("`{other}` takes no parameters; leave them empty (`{{}}`)"),
                    ))
                }
            }
        }
    }
}

const FIELD: &str = "params";

/// What a `webhook` job sends, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct WebhookParams {
    /// An `http://` or `https://` URL the body is POSTed to.
    pub url: String,
    /// Extra JSON the receiver gets under `payload`; `null` for none.
    #[serde(default)]
    #[ts(type = "unknown")]
    pub payload: Value,
}

impl WebhookParams {
    fn check(&self) -> Result<(), FieldError> {
        http_url("params.url", &self.url).map(|_| ())
    }
}

impl fmt::Display for JobKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for JobKind {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JobKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| {
                let names: Vec<_> = JobKind::ALL.iter().map(|k| k.as_str()).collect();
                FieldError::new(
                    "kind",
                    format!(
                        "`{}` is not a job kind; use one of {}",
                        s.trim(),
                        names.join(", ")
                    ),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn kind_names_round_trip_through_text_and_serde() {
        for kind in JobKind::ALL {
            assert_eq!(kind.as_str().parse::<JobKind>(), Ok(kind));
            let json = serde_json::to_value(kind).unwrap_or_default();
            assert_eq!(json, json!(kind.as_str()), "serde must use the typed name");
        }
        let err = "run_bots".parse::<JobKind>().err().map(|e| e.field);
        assert_eq!(err.as_deref(), Some("kind"));
    }

    #[test]
    fn only_bot_cycles_and_the_morning_routine_count_as_trading() {
        let trading: Vec<_> = JobKind::ALL
            .into_iter()
            .filter(|k| k.is_trading())
            .collect();
        assert_eq!(trading, [JobKind::RunBots, JobKind::MorningRoutine]);
    }

    #[test]
    fn a_webhook_needs_an_http_url() {
        let ok = JobKind::Webhook.check_params(&json!({"url": "https://example.com/hook"}));
        assert_eq!(
            ok,
            Ok(json!({"url": "https://example.com/hook", "payload": null}))
        );
        for (params, why) in [
            (json!({"url": "ftp://example.com"}), "http"),
            (json!({"url": "not a url"}), "not a URL"),
            (json!({}), "url"),
            (json!({"url": "https://x.io", "extra": 1}), "unknown field"),
        ] {
            let err = JobKind::Webhook.check_params(&params).err();
            let text = err.map(|e| e.to_string()).unwrap_or_default();
            assert!(text.starts_with("params"), "{params}: {text}");
            assert!(text.contains(why), "{params}: {text} should mention {why}");
        }
    }

    #[test]
    fn kinds_without_parameters_refuse_any() {
        assert_eq!(JobKind::RunBots.check_params(&Value::Null), Ok(json!({})));
        let err = JobKind::RunBots.check_params(&json!({"bots": [1]})).err();
        assert_eq!(err.map(|e| e.field).as_deref(), Some("params"));
    }
}
