//! From flags to a [`ScheduleInput`]: `add` starts from core's defaults, `edit` from the
//! schedule as stored, and each flag given changes one field. Nothing is checked here — core
//! checks every field (through the App) so the CLI and the editor accept exactly the same
//! schedules — but core's field names (`backoff_base_secs`) are mapped back to the flags a
//! trader typed (`backoff`), so a refusal points at the right flag.

use pilothouse_app::AppError;
use pilothouse_app::core::FieldError;
use pilothouse_app::core::schedule::{
    DEFAULT_ALERT_AFTER, DEFAULT_BACKOFF_BASE_SECS, DEFAULT_CATCH_UP_GRACE_SECS,
    DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_SECS, JobKind, MAX_ATTEMPTS, MAX_BACKOFF_SECS,
    MAX_CATCH_UP_GRACE_SECS, MAX_TIMEOUT_SECS, ScheduleInput,
};
use serde_json::{Map, Value};

use super::values::{MissedArg, OverlapArg};

/// The zone `add` reads times in when `--tz` is not given.
pub const DEFAULT_ZONE: &str = "UTC";

/// The settings `add` and `edit` share. For `add` an absent flag means core's default; for
/// `edit` it means "keep what is stored".
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ScheduleFlags {
    /// Fire on every instant this cron expression matches, read in --tz: 5 fields
    /// (`0 9 * * MON-FRI`), 6 with leading seconds, or a macro (`@daily`, `@hourly`). Check it
    /// with `pilothouse cron next EXPR --tz ZONE`. Replaces --at on edit.
    #[arg(long, value_name = "EXPR", conflicts_with = "at")]
    pub cron: Option<String>,

    /// Fire once, at this RFC 3339 instant with its offset (`2026-12-31T16:00:00-05:00` or
    /// `…Z`), instead of on a cron expression. Replaces --cron on edit.
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,

    #[arg(
        long = "tz",
        value_name = "ZONE",
        help = format!(
            "IANA time zone the cron expression's wall-clock times are read in (DST included) \
             and next runs are shown in: `America/New_York`, `Europe/London`, `UTC` \
             [add's default: {DEFAULT_ZONE}]"
        )
    )]
    pub time_zone: Option<String>,

    /// webhook: the http:// or https:// URL the signed JSON body is POSTed to. On edit, changes
    /// the URL and keeps the payload.
    #[arg(long, conflicts_with = "params")]
    pub url: Option<String>,

    /// webhook: JSON the receiver gets under `payload` (`'{"note": "market open"}'`). On edit,
    /// changes the payload and keeps the URL.
    #[arg(long, value_name = "JSON", value_parser = parse_json, conflicts_with = "params")]
    pub payload: Option<Value>,

    /// The kind's parameters as one JSON object, replacing all of them (a webhook's are
    /// `{"url": …, "payload": …}`; other kinds take none: `{}`).
    #[arg(long, value_name = "JSON", value_parser = parse_json)]
    pub params: Option<Value>,

    /// Keep the schedule from firing on its timing; `run-now` still runs it. `--disabled=false`
    /// enables it on edit (as does `schedules enable`).
    #[arg(
        long,
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true"
    )]
    pub disabled: Option<bool>,

    /// Proposals the job makes (trading kinds) wait for your approval instead of being placed.
    /// `--requires-approval=false` turns it off on edit.
    #[arg(
        long,
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true"
    )]
    pub requires_approval: Option<bool>,

    /// What happens to fires that passed while Pilothouse was not running (closed, asleep, or
    /// the clock jumped) [add's default: run-once].
    #[arg(long, value_enum, value_name = "POLICY")]
    pub missed: Option<MissedArg>,

    #[arg(
        long,
        value_name = "SECS",
        help = format!(
            "With --missed catch-up: how far back missed fires are still run \
             (0–{MAX_CATCH_UP_GRACE_SECS}) [add's default: {DEFAULT_CATCH_UP_GRACE_SECS}]"
        )
    )]
    pub grace: Option<u32>,

    #[arg(
        long,
        value_name = "N",
        help = format!(
            "Attempts per run, the first included; after the last failed one the run goes to \
             the dead-letter list (1–{MAX_ATTEMPTS}) [add's default: {DEFAULT_MAX_ATTEMPTS}]"
        )
    )]
    pub max_attempts: Option<u32>,

    #[arg(
        long,
        value_name = "SECS",
        help = format!(
            "Wait before the first retry; it doubles with each further attempt, up to {} h, \
             and is spread by ±20 % (1–86400) [add's default: {DEFAULT_BACKOFF_BASE_SECS}]",
            MAX_BACKOFF_SECS / 3_600
        )
    )]
    pub backoff: Option<u32>,

    #[arg(
        long,
        value_name = "SECS",
        help = format!(
            "How long one attempt may take before it is cancelled and counted as timed out \
             (1–{MAX_TIMEOUT_SECS}) [add's default: {DEFAULT_TIMEOUT_SECS}]"
        )
    )]
    pub timeout: Option<u32>,

    /// What happens when the schedule fires while its previous run is still going [add's
    /// default: skip].
    #[arg(long, value_enum, value_name = "POLICY")]
    pub overlap: Option<OverlapArg>,

    #[arg(
        long,
        value_name = "N",
        help = format!(
            "Failed runs in a row that raise one alert (an ERROR log and a desktop \
             notification) (1–100) [add's default: {DEFAULT_ALERT_AFTER}]"
        )
    )]
    pub alert_after: Option<u32>,
}

/// The input `add NAME --kind KIND …` describes: core's defaults, changed by the flags.
pub fn new_input(name: &str, kind: JobKind, flags: ScheduleFlags) -> ScheduleInput {
    let zone = flags.time_zone.as_deref().unwrap_or(DEFAULT_ZONE);
    let base = match &flags.at {
        Some(at) => ScheduleInput::once(name, kind, at, zone),
        None => ScheduleInput::cron(name, kind, flags.cron.as_deref().unwrap_or(""), zone),
    };
    flags.apply(base)
}

/// The input `edit` describes: `current` (the stored schedule's) with the given flags changed.
/// Changing the kind without giving parameters starts the new kind from none (`{}`), since
/// one kind's parameters never fit another's.
pub fn edited_input(
    mut current: ScheduleInput,
    rename: Option<String>,
    kind: Option<JobKind>,
    flags: ScheduleFlags,
) -> ScheduleInput {
    if let Some(name) = rename {
        current.name = name;
    }
    if let Some(kind) = kind {
        let new_params = flags.params.is_some() || flags.url.is_some() || flags.payload.is_some();
        if kind != current.kind && !new_params {
            current.params = Value::Object(Map::new());
        }
        current.kind = kind;
    }
    flags.apply(current)
}

impl ScheduleFlags {
    fn apply(self, mut input: ScheduleInput) -> ScheduleInput {
        if let Some(cron) = self.cron {
            input.cron = Some(cron);
            input.run_at = None;
        }
        if let Some(at) = self.at {
            input.run_at = Some(at);
            input.cron = None;
        }
        if let Some(zone) = self.time_zone {
            input.time_zone = zone;
        }
        if let Some(params) = self.params {
            input.params = params;
        } else if self.url.is_some() || self.payload.is_some() {
            let mut webhook = input.params.as_object().cloned().unwrap_or_default();
            if let Some(url) = self.url {
                webhook.insert("url".to_owned(), Value::String(url));
            }
            if let Some(payload) = self.payload {
                webhook.insert("payload".to_owned(), payload);
            }
            input.params = Value::Object(webhook);
        }
        if let Some(disabled) = self.disabled {
            input.enabled = !disabled;
        }
        if let Some(requires_approval) = self.requires_approval {
            input.requires_approval = requires_approval;
        }
        if let Some(missed) = self.missed {
            input.missed_policy = missed.into();
        }
        if let Some(grace) = self.grace {
            input.catch_up_grace_secs = grace;
        }
        if let Some(max_attempts) = self.max_attempts {
            input.max_attempts = max_attempts;
        }
        if let Some(backoff) = self.backoff {
            input.backoff_base_secs = backoff;
        }
        if let Some(timeout) = self.timeout {
            input.timeout_secs = timeout;
        }
        if let Some(overlap) = self.overlap {
            input.overlap = overlap.into();
        }
        if let Some(alert_after) = self.alert_after {
            input.alert_after_failures = alert_after;
        }
        input
    }
}

/// Renames the field of a refused schedule after the flag that sets it; other errors pass.
pub fn name_the_flag(error: AppError) -> AppError {
    match error {
        AppError::Invalid(FieldError { field, problem }) => {
            AppError::Invalid(FieldError::new(flag_of(&field), problem))
        }
        other => other,
    }
}

/// The flag (without dashes) that sets core's schedule field `field`.
fn flag_of(field: &str) -> &str {
    match field {
        "run_at" => "at",
        "time_zone" => "tz",
        "params.url" => "url",
        "enabled" => "disabled",
        "requires_approval" => "requires-approval",
        "missed_policy" => "missed",
        "catch_up_grace_secs" => "grace",
        "max_attempts" => "max-attempts",
        "backoff_base_secs" => "backoff",
        "timeout_secs" => "timeout",
        "alert_after_failures" => "alert-after",
        other => other,
    }
}

fn parse_json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn webhook_flags() -> ScheduleFlags {
        ScheduleFlags {
            cron: Some("0 9 * * MON-FRI".into()),
            url: Some("https://example.com/hook".into()),
            payload: Some(json!({"note": "open"})),
            ..ScheduleFlags::default()
        }
    }

    #[test]
    fn add_starts_from_cores_defaults_in_utc_and_builds_webhook_params() {
        let input = new_input("Open bell", JobKind::Webhook, webhook_flags());
        let mut expected =
            ScheduleInput::cron("Open bell", JobKind::Webhook, "0 9 * * MON-FRI", "UTC");
        expected.params = json!({"url": "https://example.com/hook", "payload": {"note": "open"}});
        assert_eq!(
            input, expected,
            "only the given flags differ from the defaults"
        );

        let once = new_input(
            "deadline",
            JobKind::Webhook,
            ScheduleFlags {
                at: Some("2026-12-31T16:00:00-05:00".into()),
                ..ScheduleFlags::default()
            },
        );
        assert_eq!(
            (once.cron, once.run_at.as_deref()),
            (None, Some("2026-12-31T16:00:00-05:00")),
            "--at makes a one-time job, never both timings"
        );
    }

    #[test]
    fn edit_changes_only_the_given_flags() {
        let stored = new_input("Open bell", JobKind::Webhook, webhook_flags());
        let edited = edited_input(
            stored.clone(),
            None,
            None,
            ScheduleFlags {
                url: Some("https://example.com/other".into()),
                at: Some("2026-12-31T16:00:00Z".into()),
                disabled: Some(true),
                backoff: Some(5),
                ..ScheduleFlags::default()
            },
        );
        let mut expected = stored;
        expected.params = json!({"url": "https://example.com/other", "payload": {"note": "open"}});
        expected.cron = None;
        expected.run_at = Some("2026-12-31T16:00:00Z".into());
        expected.enabled = false;
        expected.backoff_base_secs = 5;
        assert_eq!(
            edited, expected,
            "a new URL keeps the payload; --at replaces the cron expression"
        );
    }

    #[test]
    fn changing_the_kind_without_parameters_starts_it_from_none() {
        let stored = new_input("hook", JobKind::Webhook, webhook_flags());
        let edited = edited_input(
            stored,
            Some("signals".into()),
            Some(JobKind::CheckSignals),
            ScheduleFlags::default(),
        );
        assert_eq!(edited.name, "signals");
        assert_eq!(
            edited.params,
            json!({}),
            "a webhook's URL is no parameter of check-signals"
        );
    }

    #[test]
    fn refusals_name_the_flag_that_was_typed() {
        let refused = |field: &str| {
            let error = name_the_flag(FieldError::new(field, "is wrong").into());
            match error {
                AppError::Invalid(e) => e.to_string(),
                other => panic!("a refusal stays a refusal (exit 2), got {other:?}"),
            }
        };
        assert_eq!(refused("backoff_base_secs"), "backoff: is wrong");
        assert_eq!(refused("time_zone"), "tz: is wrong");
        assert_eq!(
            refused("cron"),
            "cron: is wrong",
            "flags named like the field stay"
        );
    }
}
