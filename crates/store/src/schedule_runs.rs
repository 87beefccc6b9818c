//! Runs of schedules: the history, the exactly-once claims, pending retries, the dead-letter
//! list and the runs still going — one table, so each state change is one row update.
//!
//! A claim is an `INSERT … ON CONFLICT DO NOTHING` on `(schedule, scheduled_for, attempt)`:
//! whichever process inserts the row owns the attempt, and the other sees no row come back.
//! A running attempt holds a lease (its timeout plus [`LEASE_MARGIN_MS`]); one whose host
//! stopped without finishing it is taken over as a failure once the lease ends.

use chrono::{DateTime, Utc};
use pilothouse_core::FieldError;
use pilothouse_core::schedule::{
    DeadLetterAction, MissedSummary, OverlapPolicy, RunFilter, RunPage, RunStatus, RunTrigger,
    ScheduleRun,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use crate::schedules::{mark_handled, not_found};
use crate::time::{from_ms, to_ms};
use crate::{Store, StoreError};

/// Time past a run's timeout before another process may take it over.
pub const LEASE_MARGIN_MS: i64 = 30_000;

const COLUMNS: &str = "r.id, r.schedule_id, s.name, s.kind, r.scheduled_for_ms, r.trigger, \
    r.attempt, r.status, r.started_ms, r.finished_ms, r.retry_at_ms, r.result, r.error, r.host";
const FROM: &str = "FROM schedule_runs r JOIN schedules s ON s.id = r.schedule_id";

/// What a fire is recorded as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// Run it: started now, or queued behind a run still going, as the overlap policy says.
    Run,
    /// Not run, for this reason (the emergency pause).
    Skip(String),
    /// Recorded as missed.
    Missed,
}

/// One fire to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRun {
    pub scheduled_for: DateTime<Utc>,
    pub trigger: RunTrigger,
    pub claim: Claim,
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Succeeded, Failed, TimedOut or Dead.
    pub status: RunStatus,
    pub result: Option<serde_json::Value>,
    pub error: Option<String>,
    /// When the next attempt starts (Failed, TimedOut).
    pub retry_at: Option<DateTime<Utc>>,
}

/// A finished attempt and what it did to its schedule's failure streak.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    pub run: ScheduleRun,
    pub failure_streak: u32,
    /// The streak just reached the schedule's alert threshold (once per streak).
    pub alert: bool,
}

impl Store {
    /// Records `runs` for schedule `id` as `host` and advances its handled-through mark to
    /// `handled_through`, in one transaction. Returns the rows this call inserted — the claims
    /// it won — oldest first; fires another process already recorded are left to it.
    pub async fn claim_fires(
        &self,
        schedule_id: i64,
        runs: Vec<NewRun>,
        handled_through: Option<DateTime<Utc>>,
        host: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<ScheduleRun>, StoreError> {
        self.write(async |tx| {
            let mut won = Vec::new();
            for run in &runs {
                let inserted = match &run.claim {
                    Claim::Run => claim_run(tx, schedule_id, run, 1, host, now).await?,
                    Claim::Skip(reason) => {
                        let status = RunStatus::Skipped;
                        insert(tx, schedule_id, run, 1, status, Some(reason), host, now).await?
                    }
                    Claim::Missed => {
                        let status = RunStatus::Missed;
                        insert(tx, schedule_id, run, 1, status, None, host, now).await?
                    }
                };
                won.extend(inserted);
            }
            if let Some(through) = handled_through {
                mark_handled(tx, schedule_id, through).await?;
            }
            let mut rows = Vec::with_capacity(won.len());
            for id in won {
                rows.push(fetch(tx, id).await?);
            }
            Ok(rows)
        })
        .await
    }

    /// Starts the oldest queued run of every schedule that has nothing running, as `host`.
    pub async fn start_queued(
        &self,
        host: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<ScheduleRun>, StoreError> {
        self.write(async |tx| {
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT min(q.id) FROM schedule_runs q WHERE q.status = 'queued'
                   AND NOT EXISTS (SELECT 1 FROM schedule_runs r
                                   WHERE r.schedule_id = q.schedule_id AND r.status = 'running')
                 GROUP BY q.schedule_id",
            )
            .fetch_all(&mut *tx)
            .await?;
            let mut started = Vec::with_capacity(ids.len());
            for id in ids {
                sqlx::query(&format!(
                    "UPDATE schedule_runs SET status = 'running', host = ?, started_ms = ?,
                        lease_until_ms = {}
                     WHERE id = ? AND status = 'queued'",
                    lease("schedule_id")
                ))
                .bind(host)
                .bind(to_ms(now))
                .bind(to_ms(now))
                .bind(id)
                .execute(&mut *tx)
                .await?;
                started.push(fetch(tx, id).await?);
            }
            Ok(started)
        })
        .await
    }

    /// Running attempts whose lease ended: their host stopped without finishing them.
    pub async fn abandoned_runs(&self, now: DateTime<Utc>) -> Result<Vec<ScheduleRun>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} {FROM} WHERE r.status = 'running' AND r.lease_until_ms < ?
             ORDER BY r.id"
        ))
        .bind(to_ms(now))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(run).collect()
    }

    /// Ends running attempt `run_id` with `outcome` and updates its schedule's failure streak.
    /// `None` if it is not running any more (another process already ended it).
    pub async fn finish_run(
        &self,
        run_id: i64,
        outcome: Outcome,
        now: DateTime<Utc>,
    ) -> Result<Option<Finished>, StoreError> {
        let result = outcome
            .result
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| StoreError::corrupt("run result", e))?;
        self.write(async |tx| {
            let ended = sqlx::query(
                "UPDATE schedule_runs SET status = ?, finished_ms = ?, result = ?, error = ?,
                    retry_at_ms = ?, lease_until_ms = NULL
                 WHERE id = ? AND status = 'running'",
            )
            .bind(outcome.status.as_str())
            .bind(to_ms(now))
            .bind(&result)
            .bind(&outcome.error)
            .bind(outcome.retry_at.map(to_ms))
            .bind(run_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if ended == 0 {
                return Ok(None);
            }
            let run = fetch(tx, run_id).await?;
            let (failure_streak, alert) = if outcome.status.is_failure() {
                let (streak, threshold, alerted): (u32, u32, bool) = sqlx::query_as(
                    "UPDATE schedules SET failure_streak = failure_streak + 1 WHERE id = ?
                     RETURNING failure_streak, alert_after_failures, alerted",
                )
                .bind(run.schedule_id)
                .fetch_one(&mut *tx)
                .await?;
                let alert = streak >= threshold && !alerted;
                if alert {
                    sqlx::query("UPDATE schedules SET alerted = 1 WHERE id = ?")
                        .bind(run.schedule_id)
                        .execute(&mut *tx)
                        .await?;
                }
                (streak, alert)
            } else {
                sqlx::query("UPDATE schedules SET failure_streak = 0, alerted = 0 WHERE id = ?")
                    .bind(run.schedule_id)
                    .execute(&mut *tx)
                    .await?;
                (0, false)
            };
            Ok(Some(Finished {
                run,
                failure_streak,
                alert,
            }))
        })
        .await
    }

    /// Failed attempts whose retry is due.
    pub async fn due_retries(&self, now: DateTime<Utc>) -> Result<Vec<ScheduleRun>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} {FROM} WHERE r.retry_at_ms <= ? ORDER BY r.retry_at_ms"
        ))
        .bind(to_ms(now))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(run).collect()
    }

    /// When the earliest pending retry is due.
    pub async fn next_retry_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let ms: Option<i64> = sqlx::query_scalar("SELECT min(retry_at_ms) FROM schedule_runs")
            .fetch_one(self.pool())
            .await?;
        ms.map(from_ms).transpose()
    }

    /// Claims the next attempt after failed attempt `run_id` as `host`; `None` if another
    /// process claimed it first.
    pub async fn claim_retry(
        &self,
        run_id: i64,
        host: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<ScheduleRun>, StoreError> {
        self.write(async |tx| {
            let failed = fetch(tx, run_id).await?;
            if failed.retry_at.is_none() {
                return Ok(None);
            }
            sqlx::query("UPDATE schedule_runs SET retry_at_ms = NULL WHERE id = ?")
                .bind(run_id)
                .execute(&mut *tx)
                .await?;
            let next = NewRun {
                scheduled_for: failed.scheduled_for,
                trigger: RunTrigger::Retry,
                claim: Claim::Run,
            };
            let id =
                claim_run(tx, failed.schedule_id, &next, failed.attempt + 1, host, now).await?;
            match id {
                Some(id) => Ok(Some(fetch(tx, id).await?)),
                None => Ok(None),
            }
        })
        .await
    }

    /// Retries or dismisses dead run `run_id`. Retry returns the new attempt; dismiss the run
    /// as settled. A run not on the dead-letter list is refused (field `id`).
    pub async fn settle_dead_letter(
        &self,
        run_id: i64,
        action: DeadLetterAction,
        host: &str,
        now: DateTime<Utc>,
    ) -> Result<ScheduleRun, StoreError> {
        self.write(async |tx| {
            let settled = match action {
                DeadLetterAction::Retry => "retried",
                DeadLetterAction::Dismiss => "dismissed",
            };
            let changed = sqlx::query(
                "UPDATE schedule_runs SET settled = ?
                 WHERE id = ? AND status = 'dead' AND settled IS NULL",
            )
            .bind(settled)
            .bind(run_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::Invalid(FieldError::new(
                    "id",
                    format!("run {run_id} is not on the dead-letter list"),
                )));
            }
            let dead = fetch(tx, run_id).await?;
            if action == DeadLetterAction::Dismiss {
                return Ok(dead);
            }
            let last: u32 = sqlx::query_scalar(
                "SELECT max(attempt) FROM schedule_runs
                 WHERE schedule_id = ? AND scheduled_for_ms = ?",
            )
            .bind(dead.schedule_id)
            .bind(to_ms(dead.scheduled_for))
            .fetch_one(&mut *tx)
            .await?;
            let next = NewRun {
                scheduled_for: dead.scheduled_for,
                trigger: RunTrigger::DeadLetterRetry,
                claim: Claim::Run,
            };
            let id = claim_run(tx, dead.schedule_id, &next, last + 1, host, now)
                .await?
                .ok_or_else(|| {
                    StoreError::corrupt("dead letter", "its retry was already claimed")
                })?;
            fetch(tx, id).await
        })
        .await
    }

    /// One run; an unknown id is refused (field `id`).
    pub async fn run(&self, run_id: i64) -> Result<ScheduleRun, StoreError> {
        let mut conn = self.pool().acquire().await?;
        fetch(&mut conn, run_id).await
    }

    /// A page of history, newest first.
    pub async fn runs_page(&self, filter: &RunFilter) -> Result<RunPage, StoreError> {
        let mut sql = QueryBuilder::<Sqlite>::new(format!("SELECT {COLUMNS} {FROM} WHERE 1 = 1"));
        if let Some(id) = filter.schedule_id {
            sql.push(" AND r.schedule_id = ").push_bind(id);
        }
        if !filter.statuses.is_empty() {
            sql.push(" AND r.status IN (");
            let mut list = sql.separated(", ");
            for status in &filter.statuses {
                list.push_bind(status.as_str());
            }
            sql.push(")");
        }
        if let Some(before) = filter.before {
            sql.push(" AND r.id < ").push_bind(before);
        }
        let limit = filter.limit.max(1);
        sql.push(" ORDER BY r.id DESC LIMIT ")
            .push_bind(i64::from(limit));
        let rows = sql.build().fetch_all(self.pool()).await?;
        let runs = rows.iter().map(run).collect::<Result<Vec<_>, _>>()?;
        let next_before = if runs.len() == limit as usize {
            runs.last().map(|r| r.id)
        } else {
            None
        };
        Ok(RunPage { runs, next_before })
    }

    /// Runs on the dead-letter list, newest first.
    pub async fn dead_letters(&self) -> Result<Vec<ScheduleRun>, StoreError> {
        self.runs_where("r.status = 'dead' AND r.settled IS NULL ORDER BY r.id DESC")
            .await
    }

    /// The newest run of each schedule.
    pub async fn latest_runs(&self) -> Result<Vec<ScheduleRun>, StoreError> {
        self.runs_where(
            "r.id IN (SELECT max(id) FROM schedule_runs GROUP BY schedule_id) ORDER BY r.id",
        )
        .await
    }

    /// The newest failed attempt of any schedule.
    pub async fn last_failure(&self) -> Result<Option<ScheduleRun>, StoreError> {
        Ok(self
            .runs_where(
                "r.status IN ('failed', 'timed_out', 'dead') ORDER BY r.finished_ms DESC LIMIT 1",
            )
            .await?
            .pop())
    }

    /// Per schedule, fires since `since` that were missed or run late by the missed-run policy.
    pub async fn missed_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<MissedSummary>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.schedule_id, s.name,
                    sum(r.status = 'missed') AS missed,
                    sum(r.trigger = 'catch_up' AND r.attempt = 1) AS caught_up,
                    min(r.scheduled_for_ms) AS first_ms, max(r.scheduled_for_ms) AS last_ms
             FROM schedule_runs r JOIN schedules s ON s.id = r.schedule_id
             WHERE r.scheduled_for_ms >= ?
               AND (r.status = 'missed' OR (r.trigger = 'catch_up' AND r.attempt = 1))
             GROUP BY r.schedule_id ORDER BY last_ms DESC",
        )
        .bind(to_ms(since))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(MissedSummary {
                    schedule_id: row.try_get(0)?,
                    schedule_name: row.try_get(1)?,
                    missed: row.try_get(2)?,
                    caught_up: row.try_get(3)?,
                    first: from_ms(row.try_get(4)?)?,
                    last: from_ms(row.try_get(5)?)?,
                })
            })
            .collect()
    }

    /// Deletes finished runs scheduled before `cutoff`, except dead letters still waiting for
    /// the trader. Returns how many were deleted.
    pub async fn delete_runs_before(&self, cutoff: DateTime<Utc>) -> Result<u64, StoreError> {
        self.write(async |tx| {
            Ok(sqlx::query(
                "DELETE FROM schedule_runs WHERE scheduled_for_ms < ?
                   AND status NOT IN ('queued', 'running')
                   AND retry_at_ms IS NULL
                   AND NOT (status = 'dead' AND settled IS NULL)",
            )
            .bind(to_ms(cutoff))
            .execute(&mut *tx)
            .await?
            .rows_affected())
        })
        .await
    }

    /// Runs with an id above `after`, oldest first, at most `limit`: what another process
    /// recorded since this one last looked.
    pub async fn runs_after(&self, after: i64, limit: u32) -> Result<Vec<ScheduleRun>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} {FROM} WHERE r.id > ? ORDER BY r.id LIMIT ?"
        ))
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(run).collect()
    }

    /// The newest run id (0 when there is none).
    pub async fn last_run_id(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM schedule_runs")
                .fetch_one(self.pool())
                .await?,
        )
    }

    async fn runs_where(&self, condition: &str) -> Result<Vec<ScheduleRun>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE {condition}"))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(run).collect()
    }
}

/// SQL for a running attempt's lease end: a bound `now` plus the timeout of the schedule
/// `schedule` names (a column, or `?` for a bound id) plus the margin.
fn lease(schedule: &str) -> String {
    format!(
        "? + (SELECT timeout_secs FROM schedules s WHERE s.id = {schedule}) * 1000 \
         + {LEASE_MARGIN_MS}"
    )
}

/// Claims attempt `attempt` of `run` to run it: running now, or queued or skipped by the
/// schedule's overlap policy when another run of it is going. Catch-up runs always queue:
/// they run one after another, oldest first.
async fn claim_run(
    tx: &mut SqliteConnection,
    schedule_id: i64,
    run: &NewRun,
    attempt: u32,
    host: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, StoreError> {
    let (running, queued): (i64, i64) = sqlx::query_as(
        "SELECT coalesce(sum(status = 'running'), 0), coalesce(sum(status = 'queued'), 0)
         FROM schedule_runs WHERE schedule_id = ? AND status IN ('running', 'queued')",
    )
    .bind(schedule_id)
    .fetch_one(&mut *tx)
    .await?;
    let overlap: String = sqlx::query_scalar("SELECT overlap FROM schedules WHERE id = ?")
        .bind(schedule_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| not_found(schedule_id))?;
    let busy = running + queued > 0;
    let queue_allowed = run.trigger == RunTrigger::CatchUp
        || (overlap == overlap_text(OverlapPolicy::Queue) && queued == 0);
    let (status, reason) = match (busy, queue_allowed) {
        (false, _) => (RunStatus::Running, None),
        (true, true) => (RunStatus::Queued, None),
        (true, false) if queued > 0 => (
            RunStatus::Skipped,
            Some("a run of this schedule was already going and another was waiting"),
        ),
        (true, false) => (
            RunStatus::Skipped,
            Some("the previous run of this schedule was still going"),
        ),
    };
    insert(tx, schedule_id, run, attempt, status, reason, host, now).await
}

fn overlap_text(policy: OverlapPolicy) -> &'static str {
    match policy {
        OverlapPolicy::Skip => "skip",
        OverlapPolicy::Queue => "queue",
    }
}

#[allow(clippy::too_many_arguments)] // one row's columns
async fn insert(
    tx: &mut SqliteConnection,
    schedule_id: i64,
    run: &NewRun,
    attempt: u32,
    status: RunStatus,
    error: Option<&str>,
    host: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, StoreError> {
    let running = status == RunStatus::Running;
    let finished = matches!(status, RunStatus::Skipped | RunStatus::Missed);
    Ok(sqlx::query_scalar(&format!(
        "INSERT INTO schedule_runs (schedule_id, scheduled_for_ms, attempt, trigger, status, host,
            started_ms, finished_ms, lease_until_ms, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN {} END, ?)
         ON CONFLICT (schedule_id, scheduled_for_ms, attempt) DO NOTHING
         RETURNING id",
        lease("?")
    ))
    .bind(schedule_id)
    .bind(to_ms(run.scheduled_for))
    .bind(attempt)
    .bind(run.trigger.as_str())
    .bind(status.as_str())
    .bind(host)
    .bind(running.then(|| to_ms(now)))
    .bind(finished.then(|| to_ms(now)))
    .bind(running)
    .bind(to_ms(now))
    .bind(schedule_id)
    .bind(error)
    .fetch_optional(tx)
    .await?)
}

async fn fetch(conn: &mut SqliteConnection, run_id: i64) -> Result<ScheduleRun, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE r.id = ?"))
        .bind(run_id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| {
            StoreError::Invalid(FieldError::new("id", format!("there is no run {run_id}")))
        })?;
    run(&row)
}

fn run(row: &SqliteRow) -> Result<ScheduleRun, StoreError> {
    let corrupt = |what| move |e: FieldError| StoreError::corrupt(what, e);
    let kind: String = row.try_get(3)?;
    let trigger: String = row.try_get(5)?;
    let status: String = row.try_get(7)?;
    let started: Option<i64> = row.try_get(8)?;
    let finished: Option<i64> = row.try_get(9)?;
    let retry: Option<i64> = row.try_get(10)?;
    let result: Option<String> = row.try_get(11)?;
    Ok(ScheduleRun {
        id: row.try_get(0)?,
        schedule_id: row.try_get(1)?,
        schedule_name: row.try_get(2)?,
        kind: kind.parse().map_err(corrupt("run kind"))?,
        scheduled_for: from_ms(row.try_get(4)?)?,
        trigger: RunTrigger::parse(&trigger)
            .ok_or_else(|| StoreError::corrupt("run trigger", &trigger))?,
        attempt: row.try_get(6)?,
        status: status.parse().map_err(corrupt("run status"))?,
        started_at: started.map(from_ms).transpose()?,
        finished_at: finished.map(from_ms).transpose()?,
        duration_ms: started.zip(finished).map(|(s, f)| f - s),
        retry_at: retry.map(from_ms).transpose()?,
        result: result
            .map(|r| serde_json::from_str(&r))
            .transpose()
            .map_err(|e| StoreError::corrupt("run result", e))?,
        error: row.try_get(12)?,
        host: row.try_get(13)?,
    })
}
