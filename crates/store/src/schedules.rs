//! Schedules: the scheduler's source of truth. Each write also bumps `schedules_version`, so a
//! runner in another process (the desktop app beside a CLI daemon) sees it must reload.
//!
//! A schedule's `handled_through` marks the instant through which its fires have been run,
//! skipped or recorded missed. Creating, re-enabling or re-timing a schedule starts it at "now":
//! fires from before it existed (or while it was off) are not missed runs.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use pilothouse_core::FieldError;
use pilothouse_core::cron::{CronExpr, ZoneName};
use pilothouse_core::schedule::{Schedule, ScheduleSpec, Timing};
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Row, Sqlite, SqliteConnection};

use crate::time::{from_ms, to_ms};
use crate::unique_name::{Named, name_free};
use crate::{Store, StoreError, settings};

const VERSION_KEY: &str = "schedules_version";

/// A schedule with the runner's bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleState {
    pub schedule: Schedule,
    /// Every fire at or before this instant has been handled.
    pub handled_through: DateTime<Utc>,
    /// Failed attempts in a row.
    pub failure_streak: u32,
}

const COLUMNS: &str = "id, name, kind, params, cron, run_at_ms, time_zone, enabled, \
    requires_approval, missed_policy, catch_up_grace_secs, max_attempts, backoff_base_secs, \
    timeout_secs, overlap, alert_after_failures, handled_through_ms, failure_streak, \
    created_ms, updated_ms";

impl Store {
    /// Stores a new schedule, handled through `now`. A name already in use is refused
    /// (field `name`).
    pub async fn insert_schedule(
        &self,
        spec: &ScheduleSpec,
        now: DateTime<Utc>,
    ) -> Result<Schedule, StoreError> {
        let row = SpecRow::new(spec)?;
        self.write(async |tx| {
            name_free(tx, Named::Schedule, &spec.name, None).await?;
            let sql = format!(
                "INSERT INTO schedules ({SPEC_COLUMNS}, handled_through_ms, created_ms, updated_ms)
                 VALUES ({SPEC_VALUES}, ?, ?, ?) RETURNING id"
            );
            let id: i64 = row
                .bind(sqlx::query(&sql))
                .bind(to_ms(now))
                .bind(to_ms(now))
                .bind(to_ms(now))
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
            bump_version(tx, now).await?;
            Ok(fetch(tx, id).await?.schedule)
        })
        .await
    }

    /// Replaces schedule `id`'s settings. A changed timing, or enabling, restarts it at `now`.
    pub async fn update_schedule(
        &self,
        id: i64,
        spec: &ScheduleSpec,
        now: DateTime<Utc>,
    ) -> Result<Schedule, StoreError> {
        let row = SpecRow::new(spec)?;
        self.write(async |tx| {
            let before = fetch(tx, id).await?;
            name_free(tx, Named::Schedule, &spec.name, Some(id)).await?;
            let restart = before.schedule.spec.timing != spec.timing
                || before.schedule.spec.time_zone != spec.time_zone
                || (spec.enabled && !before.schedule.spec.enabled);
            let handled = if restart {
                now.max(before.handled_through)
            } else {
                before.handled_through
            };
            let sql = format!(
                "UPDATE schedules SET ({SPEC_COLUMNS}, handled_through_ms, updated_ms)
                   = ({SPEC_VALUES}, ?, ?)
                 WHERE id = ?"
            );
            row.bind(sqlx::query(&sql))
                .bind(to_ms(handled))
                .bind(to_ms(now))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            bump_version(tx, now).await?;
            Ok(fetch(tx, id).await?.schedule)
        })
        .await
    }

    /// Removes schedule `id` and its history.
    pub async fn delete_schedule(&self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(async |tx| {
            let deleted = sqlx::query("DELETE FROM schedules WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if deleted == 0 {
                return Err(not_found(id));
            }
            bump_version(tx, now).await
        })
        .await
    }

    /// One schedule with its bookkeeping; an unknown id is refused (field `id`).
    pub async fn schedule(&self, id: i64) -> Result<ScheduleState, StoreError> {
        let mut conn = self.pool().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// Every schedule, by name. Each distinct cron expression is parsed once per call (many
    /// schedules share one, and parsing dominates loading thousands).
    pub async fn schedules(&self) -> Result<Vec<ScheduleState>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM schedules ORDER BY name"))
            .fetch_all(self.pool())
            .await?;
        let mut parsed = HashMap::new();
        rows.iter().map(|row| state(row, &mut parsed)).collect()
    }

    /// Advances schedule `id`'s handled-through mark to `through` (never back).
    pub async fn mark_handled(&self, id: i64, through: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(async |tx| mark_handled(tx, id, through).await)
            .await
    }

    /// Changes with every schedule write, in any process.
    pub async fn schedules_version(&self) -> Result<i64, StoreError> {
        let stored = self.setting(VERSION_KEY).await?;
        stored.map_or(Ok(0), |v| {
            v.parse()
                .map_err(|e| StoreError::corrupt("schedules version", e))
        })
    }
}

pub(crate) async fn mark_handled(
    conn: &mut SqliteConnection,
    id: i64,
    through: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE schedules SET handled_through_ms = max(handled_through_ms, ?) WHERE id = ?",
    )
    .bind(to_ms(through))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

async fn bump_version(conn: &mut SqliteConnection, now: DateTime<Utc>) -> Result<(), StoreError> {
    let current: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
        .bind(VERSION_KEY)
        .fetch_optional(&mut *conn)
        .await?;
    let next = current.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0) + 1;
    settings::put(conn, VERSION_KEY, &next.to_string(), now).await
}

pub(crate) fn not_found(id: i64) -> StoreError {
    StoreError::Invalid(FieldError::new("id", format!("there is no schedule {id}")))
}

async fn fetch(conn: &mut SqliteConnection, id: i64) -> Result<ScheduleState, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM schedules WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| not_found(id))?;
    state(&row, &mut HashMap::new())
}

/// The columns a [`ScheduleSpec`] is stored in, in the order [`SpecRow::bind`] binds them.
const SPEC_COLUMNS: &str = "name, kind, params, cron, run_at_ms, time_zone, enabled, \
    requires_approval, missed_policy, catch_up_grace_secs, max_attempts, backoff_base_secs, \
    timeout_secs, overlap, alert_after_failures";
const SPEC_VALUES: &str = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

/// A spec turned into its column values.
struct SpecRow<'a> {
    spec: &'a ScheduleSpec,
    params: String,
    missed_policy: String,
    overlap: String,
}

impl<'a> SpecRow<'a> {
    fn new(spec: &'a ScheduleSpec) -> Result<Self, StoreError> {
        Ok(Self {
            spec,
            params: json(&spec.params)?,
            missed_policy: enum_text(&spec.missed_policy)?,
            overlap: enum_text(&spec.overlap)?,
        })
    }

    /// Binds [`SPEC_COLUMNS`]' values, in order.
    fn bind<'q>(
        &'q self,
        query: Query<'q, Sqlite, SqliteArguments<'q>>,
    ) -> Query<'q, Sqlite, SqliteArguments<'q>> {
        let spec = self.spec;
        let (cron, run_at) = match &spec.timing {
            Timing::Cron { expr } => (Some(expr.as_str()), None),
            Timing::Once { at } => (None, Some(to_ms(*at))),
        };
        query
            .bind(&spec.name)
            .bind(spec.kind.as_str())
            .bind(&self.params)
            .bind(cron)
            .bind(run_at)
            .bind(spec.time_zone.name())
            .bind(spec.enabled)
            .bind(spec.requires_approval)
            .bind(&self.missed_policy)
            .bind(spec.catch_up_grace_secs)
            .bind(spec.max_attempts)
            .bind(spec.backoff_base_secs)
            .bind(spec.timeout_secs)
            .bind(&self.overlap)
            .bind(spec.alert_after_failures)
    }
}

fn json(value: &serde_json::Value) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::corrupt("schedule params", e))
}

/// The snake_case name serde gives a unit enum variant.
fn enum_text<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        other => Err(StoreError::corrupt("schedule policy", format!("{other:?}"))),
    }
}

fn from_text<T: serde::de::DeserializeOwned>(
    what: &'static str,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| StoreError::corrupt(what, e))
}

/// Reads one row; `parsed` holds the expressions already parsed in this load.
fn state(
    row: &SqliteRow,
    parsed: &mut HashMap<String, CronExpr>,
) -> Result<ScheduleState, StoreError> {
    let corrupt = |what| move |e: FieldError| StoreError::corrupt(what, e);
    let cron: Option<String> = row.try_get("cron")?;
    let run_at: Option<i64> = row.try_get("run_at_ms")?;
    let timing = match (cron, run_at) {
        (Some(cron), _) => {
            let expr = match parsed.get(&cron) {
                Some(expr) => expr.clone(),
                None => {
                    let expr = CronExpr::parse(&cron).map_err(corrupt("schedule cron"))?;
                    parsed.insert(cron, expr.clone());
                    expr
                }
            };
            Timing::Cron {
                expr: Box::new(expr),
            }
        }
        (None, Some(ms)) => Timing::Once { at: from_ms(ms)? },
        (None, None) => {
            return Err(StoreError::corrupt(
                "schedule timing",
                "neither cron nor instant",
            ));
        }
    };
    let params: String = row.try_get("params")?;
    let kind: String = row.try_get("kind")?;
    let zone: String = row.try_get("time_zone")?;
    let missed: String = row.try_get("missed_policy")?;
    let overlap: String = row.try_get("overlap")?;
    let spec = ScheduleSpec {
        name: row.try_get("name")?,
        kind: kind.parse().map_err(corrupt("schedule kind"))?,
        params: serde_json::from_str(&params)
            .map_err(|e| StoreError::corrupt("schedule params", e))?,
        timing,
        time_zone: ZoneName::parse(&zone).map_err(corrupt("schedule time zone"))?,
        enabled: row.try_get("enabled")?,
        requires_approval: row.try_get("requires_approval")?,
        missed_policy: from_text("missed policy", &missed)?,
        catch_up_grace_secs: row.try_get("catch_up_grace_secs")?,
        max_attempts: row.try_get("max_attempts")?,
        backoff_base_secs: row.try_get("backoff_base_secs")?,
        timeout_secs: row.try_get("timeout_secs")?,
        overlap: from_text("overlap policy", &overlap)?,
        alert_after_failures: row.try_get("alert_after_failures")?,
    };
    Ok(ScheduleState {
        schedule: Schedule {
            id: row.try_get("id")?,
            spec,
            created_at: from_ms(row.try_get("created_ms")?)?,
            updated_at: from_ms(row.try_get("updated_ms")?)?,
        },
        handled_through: from_ms(row.try_get("handled_through_ms")?)?,
        failure_streak: row.try_get("failure_streak")?,
    })
}
