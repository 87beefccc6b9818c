//! Stored backtest runs. The store keeps each run's parts as the App gave them (JSON documents
//! of core's types) and never reads inside them, except to list runs without loading their
//! trades and equity: lists read the `summary` column alone, `report` only when one run is
//! opened.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::time::{from_ms, to_ms};
use crate::{Store, StoreError};

/// A run to keep. Documents are JSON, written by the App.
#[derive(Debug, Clone)]
pub struct NewBacktestRun<'a> {
    pub created_at: DateTime<Utc>,
    pub strategy: &'a str,
    pub params: &'a str,
    pub data_source: &'a str,
    pub symbol: &'a str,
    pub interval: &'a str,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub candle_count: i64,
    pub candles_sha256: &'a str,
    pub settings: &'a str,
    pub summary: &'a str,
    pub report: &'a str,
}

/// A kept run as listed: everything but the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacktestRunRow {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub strategy: String,
    pub params: String,
    pub data_source: String,
    pub symbol: String,
    pub interval: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub candle_count: i64,
    pub candles_sha256: String,
    pub settings: String,
    pub summary: String,
}

const LISTED: &str = "id, created_at_ms, strategy, params, data_source, symbol, interval, \
                      from_ms, to_ms, candle_count, candles_sha256, settings, summary";

impl Store {
    /// Keeps `run`; its id.
    pub async fn save_backtest_run(&self, run: &NewBacktestRun<'_>) -> Result<i64, StoreError> {
        self.write(async |tx| {
            Ok(sqlx::query_scalar(
                "INSERT INTO backtest_runs (created_at_ms, strategy, params, data_source, symbol,
                    interval, from_ms, to_ms, candle_count, candles_sha256, settings, summary,
                    report)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(to_ms(run.created_at))
            .bind(run.strategy)
            .bind(run.params)
            .bind(run.data_source)
            .bind(run.symbol)
            .bind(run.interval)
            .bind(to_ms(run.from))
            .bind(to_ms(run.to))
            .bind(run.candle_count)
            .bind(run.candles_sha256)
            .bind(run.settings)
            .bind(run.summary)
            .bind(run.report)
            .fetch_one(&mut *tx)
            .await?)
        })
        .await
    }

    /// Kept runs, newest first: at most `limit`, older than run `before` when given.
    pub async fn backtest_runs(
        &self,
        limit: u32,
        before: Option<i64>,
    ) -> Result<Vec<BacktestRunRow>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let rows = sqlx::query(&format!(
            "SELECT {LISTED} FROM backtest_runs WHERE id < ? ORDER BY id DESC LIMIT ?"
        ))
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter().map(listed).collect()
    }

    /// How many runs are kept.
    pub async fn backtest_run_count(&self) -> Result<i64, StoreError> {
        let mut conn = self.pool().acquire().await?;
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM backtest_runs")
            .fetch_one(&mut *conn)
            .await?)
    }

    /// Kept run `id` with its report, if it exists.
    pub async fn backtest_run(
        &self,
        id: i64,
    ) -> Result<Option<(BacktestRunRow, String)>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let row = sqlx::query(&format!(
            "SELECT {LISTED}, report FROM backtest_runs WHERE id = ?"
        ))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        row.map(|row| Ok((listed(&row)?, row.try_get("report")?)))
            .transpose()
    }

    /// Forgets run `id`; whether it was kept.
    pub async fn remove_backtest_run(&self, id: i64) -> Result<bool, StoreError> {
        self.write(async |tx| {
            let done = sqlx::query("DELETE FROM backtest_runs WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            Ok(done.rows_affected() > 0)
        })
        .await
    }
}

fn listed(row: &SqliteRow) -> Result<BacktestRunRow, StoreError> {
    Ok(BacktestRunRow {
        id: row.try_get("id")?,
        created_at: from_ms(row.try_get("created_at_ms")?)?,
        strategy: row.try_get("strategy")?,
        params: row.try_get("params")?,
        data_source: row.try_get("data_source")?,
        symbol: row.try_get("symbol")?,
        interval: row.try_get("interval")?,
        from: from_ms(row.try_get("from_ms")?)?,
        to: from_ms(row.try_get("to_ms")?)?,
        candle_count: row.try_get("candle_count")?,
        candles_sha256: row.try_get("candles_sha256")?,
        settings: row.try_get("settings")?,
        summary: row.try_get("summary")?,
    })
}
