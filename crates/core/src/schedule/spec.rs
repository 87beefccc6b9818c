//! A schedule as the trader writes it ([`ScheduleInput`], from the editor or the CLI) and as
//! Pilothouse keeps it ([`ScheduleSpec`], checked). Every limit lives here, so the editor, the
//! CLI and the database can never accept different things.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::JobKind;
use crate::cron::{self, CronExpr, FireTime, ZoneName};
use crate::field::FieldError;

/// Longest schedule name.
pub const MAX_NAME_LEN: usize = 80;
/// Default time a run may take before it is cancelled: under the 5-minute bot cycle.
pub const DEFAULT_TIMEOUT_SECS: u32 = 270;
/// Longest timeout accepted (a day).
pub const MAX_TIMEOUT_SECS: u32 = 86_400;
/// Default attempts per run, the first included.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Most attempts per run.
pub const MAX_ATTEMPTS: u32 = 20;
/// Default wait before the first retry; it doubles with each further attempt.
pub const DEFAULT_BACKOFF_BASE_SECS: u32 = 60;
/// Default number of failed runs in a row that raises an alert.
pub const DEFAULT_ALERT_AFTER: u32 = 3;
/// Default window in which missed fires are caught up.
pub const DEFAULT_CATCH_UP_GRACE_SECS: u32 = 3_600;
/// Longest catch-up window (a week).
pub const MAX_CATCH_UP_GRACE_SECS: u32 = 7 * 86_400;

/// What happens to fires that passed while Pilothouse was not running (closed, asleep, or the
/// clock jumped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MissedPolicy {
    /// Record each as missed; run nothing.
    Skip,
    /// Run once now for all of them (the latest), record the rest as missed.
    #[default]
    RunOnce,
    /// Run every one within the grace window, oldest first; record older ones as missed.
    CatchUp,
}

/// What happens when a schedule fires while its previous run is still going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OverlapPolicy {
    /// Record the new fire as skipped.
    #[default]
    Skip,
    /// Start the new run when the previous one ends (one waits; more are skipped).
    Queue,
}

/// A schedule as typed in the editor or given to the CLI, not yet checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScheduleInput {
    pub name: String,
    pub kind: JobKind,
    /// Parameters for `kind` (`{}` for kinds that take none).
    #[ts(type = "unknown")]
    pub params: Value,
    /// A cron expression; exactly one of `cron` and `run_at` is set.
    pub cron: Option<String>,
    /// An RFC 3339 instant for a one-time job.
    pub run_at: Option<String>,
    /// The IANA zone cron times are read in (and a one-time job is shown in).
    pub time_zone: String,
    pub enabled: bool,
    /// Passed to jobs that propose trades: their proposals wait for the trader's approval.
    pub requires_approval: bool,
    pub missed_policy: MissedPolicy,
    pub catch_up_grace_secs: u32,
    pub max_attempts: u32,
    pub backoff_base_secs: u32,
    pub timeout_secs: u32,
    pub overlap: OverlapPolicy,
    /// Failed runs in a row that raise a notification and an ERROR log (once).
    pub alert_after_failures: u32,
}

impl ScheduleInput {
    /// A cron schedule with every other setting at its default.
    pub fn cron(name: &str, kind: JobKind, cron: &str, time_zone: &str) -> Self {
        Self {
            name: name.to_owned(),
            kind,
            params: Value::Object(Default::default()),
            cron: Some(cron.to_owned()),
            run_at: None,
            time_zone: time_zone.to_owned(),
            enabled: true,
            requires_approval: false,
            missed_policy: MissedPolicy::default(),
            catch_up_grace_secs: DEFAULT_CATCH_UP_GRACE_SECS,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            backoff_base_secs: DEFAULT_BACKOFF_BASE_SECS,
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            overlap: OverlapPolicy::default(),
            alert_after_failures: DEFAULT_ALERT_AFTER,
        }
    }

    /// A one-time job at `run_at` (RFC 3339) with every other setting at its default.
    pub fn once(name: &str, kind: JobKind, run_at: &str, time_zone: &str) -> Self {
        Self {
            cron: None,
            run_at: Some(run_at.to_owned()),
            ..Self::cron(name, kind, "", time_zone)
        }
    }

    /// Checks every field, in the order the editor shows them, and returns the first problem.
    pub fn check(&self) -> Result<ScheduleSpec, FieldError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(FieldError::new(
                "name",
                "is empty; give the schedule a name",
            ));
        }
        if name.chars().count() > MAX_NAME_LEN {
            return Err(FieldError::new(
                "name",
                format!("is longer than {MAX_NAME_LEN} characters"),
            ));
        }
        let params = self.kind.check_params(&self.params)?;
        let time_zone = ZoneName::parse(&self.time_zone)?;
        let timing = match (blank_to_none(&self.cron), blank_to_none(&self.run_at)) {
            (Some(cron), None) => Timing::Cron {
                expr: Box::new(CronExpr::parse(cron)?),
            },
            (None, Some(at)) => Timing::Once {
                at: DateTime::parse_from_rfc3339(at)
                    .map_err(|e| {
                        FieldError::new(
                            "run_at",
                            format!(
                                "`{at}` is not an RFC 3339 instant (like \
                                 2026-12-01T09:00:00-05:00): {e}"
                            ),
                        )
                    })?
                    .with_timezone(&Utc),
            },
            (Some(_), Some(_)) => {
                return Err(FieldError::new(
                    "run_at",
                    "set either a cron expression or a one-time instant, not both",
                ));
            }
            (None, None) => {
                return Err(FieldError::new(
                    "cron",
                    "is empty; give a cron expression, or an instant for a one-time job",
                ));
            }
        };
        within(
            "timeout_secs",
            self.timeout_secs,
            1,
            MAX_TIMEOUT_SECS,
            "seconds",
        )?;
        within(
            "max_attempts",
            self.max_attempts,
            1,
            MAX_ATTEMPTS,
            "attempts",
        )?;
        within(
            "backoff_base_secs",
            self.backoff_base_secs,
            1,
            86_400,
            "seconds",
        )?;
        within(
            "alert_after_failures",
            self.alert_after_failures,
            1,
            100,
            "failures",
        )?;
        within(
            "catch_up_grace_secs",
            self.catch_up_grace_secs,
            0,
            MAX_CATCH_UP_GRACE_SECS,
            "seconds",
        )?;
        Ok(ScheduleSpec {
            name: name.to_owned(),
            kind: self.kind,
            params,
            timing,
            time_zone,
            enabled: self.enabled,
            requires_approval: self.requires_approval,
            missed_policy: self.missed_policy,
            catch_up_grace_secs: self.catch_up_grace_secs,
            max_attempts: self.max_attempts,
            backoff_base_secs: self.backoff_base_secs,
            timeout_secs: self.timeout_secs,
            overlap: self.overlap,
            alert_after_failures: self.alert_after_failures,
        })
    }
}

fn blank_to_none(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn within(field: &str, value: u32, min: u32, max: u32, unit: &str) -> Result<(), FieldError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!("is {value}; must be between {min} and {max} {unit}"),
        ))
    }
}

/// When a schedule fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum Timing {
    /// On every instant the expression matches in the schedule's zone.
    Cron {
        #[ts(type = "string")]
        expr: Box<CronExpr>,
    },
    /// Once, at an absolute instant (a deadline).
    Once { at: DateTime<Utc> },
}

/// A checked schedule: what is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScheduleSpec {
    pub name: String,
    pub kind: JobKind,
    #[ts(type = "unknown")]
    pub params: Value,
    pub timing: Timing,
    #[ts(type = "string")]
    pub time_zone: ZoneName,
    pub enabled: bool,
    pub requires_approval: bool,
    pub missed_policy: MissedPolicy,
    pub catch_up_grace_secs: u32,
    pub max_attempts: u32,
    pub backoff_base_secs: u32,
    pub timeout_secs: u32,
    pub overlap: OverlapPolicy,
    pub alert_after_failures: u32,
}

impl ScheduleSpec {
    /// The first fire strictly after `after`, if any (ignores `enabled`).
    pub fn next_fire(&self, after: DateTime<Utc>) -> Option<FireTime> {
        self.upcoming(after, 1).pop()
    }

    /// The instant of the first fire strictly after `after` (what `next_fire` says, without
    /// building its display form: the runner asks this for every schedule).
    pub fn next_fire_at(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.timing {
            Timing::Cron { expr } => cron::next_after(expr, self.time_zone, after),
            Timing::Once { at } => (*at > after).then_some(*at),
        }
    }

    /// The next `count` fires strictly after `after`, earliest first (ignores `enabled`).
    pub fn upcoming(&self, after: DateTime<Utc>, count: usize) -> Vec<FireTime> {
        match &self.timing {
            Timing::Cron { expr } => cron::upcoming(expr, self.time_zone, after, count),
            Timing::Once { at } if *at > after && count > 0 => {
                vec![FireTime::new(*at, self.time_zone, None)]
            }
            Timing::Once { .. } => Vec::new(),
        }
    }

    /// The input that produces this spec, for editing it.
    pub fn to_input(&self) -> ScheduleInput {
        let (cron, run_at) = match &self.timing {
            Timing::Cron { expr } => (Some(expr.as_str().to_owned()), None),
            Timing::Once { at } => (None, Some(at.to_rfc3339())),
        };
        ScheduleInput {
            name: self.name.clone(),
            kind: self.kind,
            params: self.params.clone(),
            cron,
            run_at,
            time_zone: self.time_zone.name().to_owned(),
            enabled: self.enabled,
            requires_approval: self.requires_approval,
            missed_policy: self.missed_policy,
            catch_up_grace_secs: self.catch_up_grace_secs,
            max_attempts: self.max_attempts,
            backoff_base_secs: self.backoff_base_secs,
            timeout_secs: self.timeout_secs,
            overlap: self.overlap,
            alert_after_failures: self.alert_after_failures,
        }
    }
}

/// A stored schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Schedule {
    #[ts(type = "number")]
    pub id: i64,
    #[serde(flatten)]
    pub spec: ScheduleSpec,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ScheduleInput {
        ScheduleInput::cron(
            "Open bell",
            JobKind::Webhook,
            "0 9 * * MON-FRI",
            "America/New_York",
        )
    }

    fn field_of(input: &ScheduleInput) -> Option<String> {
        input.check().err().map(|e| e.field)
    }

    #[test]
    fn a_good_input_round_trips_through_its_spec() {
        let mut input = input();
        input.params = serde_json::json!({"url": "https://example.com/h", "payload": null});
        let spec = input.check();
        assert!(spec.is_ok(), "{spec:?}");
        let again = spec.as_ref().map(|s| s.to_input().check());
        assert_eq!(again.ok(), spec.ok().map(Ok));
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut i = input();
        i.params = serde_json::json!({"url": "https://e.io"});
        type Spoil = Box<dyn Fn(&mut ScheduleInput)>;
        let cases: Vec<(&str, Spoil)> = vec![
            ("name", Box::new(|i| i.name = "  ".into())),
            ("cron", Box::new(|i| i.cron = Some("*/0 * * * *".into()))),
            ("cron", Box::new(|i| i.cron = Some("* * * *".into()))),
            ("cron", Box::new(|i| i.cron = None)),
            (
                "time_zone",
                Box::new(|i| i.time_zone = "Mars/Olympus".into()),
            ),
            ("run_at", Box::new(|i| i.run_at = Some("tomorrow".into()))),
            ("timeout_secs", Box::new(|i| i.timeout_secs = 0)),
            ("max_attempts", Box::new(|i| i.max_attempts = 0)),
            ("backoff_base_secs", Box::new(|i| i.backoff_base_secs = 0)),
            (
                "alert_after_failures",
                Box::new(|i| i.alert_after_failures = 0),
            ),
            (
                "catch_up_grace_secs",
                Box::new(|i| i.catch_up_grace_secs = u32::MAX),
            ),
            (
                "params.url",
                Box::new(|i| i.params = serde_json::json!({"url": "file:///x"})),
            ),
        ];
        for (field, spoil) in cases {
            let mut bad = i.clone();
            spoil(&mut bad);
            assert_eq!(field_of(&bad).as_deref(), Some(field), "{bad:?}");
        }
    }

    #[test]
    fn a_one_time_job_reads_its_instant_in_any_offset() {
        let i = ScheduleInput::once(
            "deadline",
            JobKind::CheckSignals,
            "2026-12-01T09:00:00-05:00",
            "America/New_York",
        );
        let at = i.check().map(|s| s.timing);
        let expected =
            DateTime::parse_from_rfc3339("2026-12-01T14:00:00Z").map(|t| t.with_timezone(&Utc));
        assert_eq!(at.ok(), expected.ok().map(|at| Timing::Once { at }));
    }
}
