//! The typed log: batched appends, cursor-paged filtered reads, and the tail a live view follows.
//!
//! Appends insert many rows per statement inside one `BEGIN IMMEDIATE` transaction: one fsync per
//! batch instead of per row. Because the writer holds the write lock and `id` is the rowid, the
//! ids of one statement's rows are consecutive and end at `last_insert_rowid()`.
//!
//! Pages are "the newest `limit` entries with `id < before`": a cursor, not an offset, so page
//! 10,000 costs what page 1 costs and live inserts never shift what a reader sees.

use chrono::{DateTime, Utc};
use pilothouse_core::log::MAX_PAGE;
use pilothouse_core::{LogEntry, LogFilter, LogPage, NewLogEntry};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use crate::time::{from_ms, to_ms};
use crate::{Store, StoreError};

/// Rows per INSERT statement: 8 parameters × 500 stays far below SQLite's limit of 32,766.
const ROWS_PER_STATEMENT: usize = 500;
/// Rows added to the full-text index per transaction when catching up.
const INDEX_CHUNK: i64 = 50_000;

const COLUMNS: &str = "id, time_ms, log_type, severity, source, bot_id, action, message, data";

impl Store {
    /// Appends `entries`, all stamped `at`, in one transaction; returns them as written.
    pub async fn append_logs(
        &self,
        entries: Vec<NewLogEntry>,
        at: DateTime<Utc>,
    ) -> Result<Vec<LogEntry>, StoreError> {
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        self.write(async |tx| insert(tx, entries, at).await).await
    }

    /// The newest `limit` entries matching `filter` with an id below `before` (newest first).
    pub async fn log_page(
        &self,
        filter: &LogFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<LogPage, StoreError> {
        let limit = limit.clamp(1, MAX_PAGE);
        let text = !filter.words().is_empty();
        if text {
            while self.index_logs().await? == INDEX_CHUNK as u64 {}
        }
        // With text, the full-text index walks its rowids newest first and stops after a page;
        // otherwise the filter column's index does.
        let id = if text { "f.rowid" } else { "l.id" };
        let mut sql = select(filter);
        if let Some(before) = before {
            sql.push(format_args!(" AND {id} < ")).push_bind(before);
        }
        sql.push(format_args!(" ORDER BY {id} DESC LIMIT "))
            .push_bind(i64::from(limit));
        let rows = sql.build().fetch_all(self.pool()).await?;
        let entries = rows.iter().map(entry).collect::<Result<Vec<_>, _>>()?;
        let next_before = if entries.len() == limit as usize {
            entries.last().map(|e| e.id)
        } else {
            None
        };
        Ok(LogPage {
            entries,
            next_before,
        })
    }

    /// Entries with an id above `after`, oldest first: what a live view has not seen yet.
    pub async fn logs_after(&self, after: i64, limit: u32) -> Result<Vec<LogEntry>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM logs l WHERE l.id > ? ORDER BY l.id LIMIT ?"
        ))
        .bind(after)
        .bind(i64::from(limit.clamp(1, MAX_PAGE)))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(entry).collect()
    }

    /// Adds up to 50,000 not yet indexed entries to the full-text index, in one transaction;
    /// returns how many. Two processes may call it at once: the write lock serialises them and
    /// each reads the progress mark inside its transaction, so no entry is indexed twice.
    pub async fn index_logs(&self) -> Result<u64, StoreError> {
        self.write(async |tx| {
            let from: i64 = sqlx::query_scalar("SELECT indexed_through FROM logs_fts_state")
                .fetch_one(&mut *tx)
                .await?;
            let through: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(id), ?1) FROM (SELECT id FROM logs WHERE id > ?1 ORDER BY id LIMIT ?2)",
            )
            .bind(from)
            .bind(INDEX_CHUNK)
            .fetch_one(&mut *tx)
            .await?;
            if through == from {
                return Ok(0);
            }
            let indexed = sqlx::query(
                "INSERT INTO logs_fts (rowid, message, action, source)
                 SELECT id, message, action, source FROM logs WHERE id > ? AND id <= ?",
            )
            .bind(from)
            .bind(through)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query("UPDATE logs_fts_state SET indexed_through = ?")
                .bind(through)
                .execute(&mut *tx)
                .await?;
            Ok(indexed)
        })
        .await
    }

    /// The id of the newest entry, 0 when the log is empty.
    pub async fn last_log_id(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM logs")
            .fetch_one(self.pool())
            .await?)
    }
}

/// Inserts `entries` inside the caller's write transaction.
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    entries: Vec<NewLogEntry>,
    at: DateTime<Utc>,
) -> Result<Vec<LogEntry>, StoreError> {
    let time_ms = to_ms(at);
    let mut written = Vec::with_capacity(entries.len());
    let mut rest = entries.into_iter().peekable();
    while rest.peek().is_some() {
        let chunk: Vec<NewLogEntry> = rest.by_ref().take(ROWS_PER_STATEMENT).collect();
        let mut sql = QueryBuilder::<Sqlite>::new(
            "INSERT INTO logs (time_ms, log_type, severity, source, bot_id, action, message, data) ",
        );
        sql.push_values(&chunk, |mut row, e| {
            row.push_bind(time_ms)
                .push_bind(e.log_type.as_str())
                .push_bind(e.severity.as_str())
                .push_bind(&e.source)
                .push_bind(&e.bot_id)
                .push_bind(&e.action)
                .push_bind(&e.message)
                .push_bind((!e.data.is_null()).then(|| e.data.to_string()));
        });
        let last = sql.build().execute(&mut *conn).await?.last_insert_rowid();
        let first = last - chunk.len() as i64 + 1;
        written.extend(
            chunk
                .into_iter()
                .zip(first..)
                .map(|(e, id)| e.into_entry(id, at)),
        );
    }
    Ok(written)
}

/// `SELECT … WHERE <filter>` ready for more conditions. A text filter drives the query from the
/// full-text index, newest match first; otherwise SQLite picks the filter column's index.
fn select(filter: &LogFilter) -> QueryBuilder<'static, Sqlite> {
    let mut sql = QueryBuilder::new("SELECT ");
    for (i, column) in COLUMNS.split(", ").enumerate() {
        sql.push(if i == 0 { "l." } else { ", l." }).push(column);
    }
    let words = filter.words();
    if words.is_empty() {
        sql.push(" FROM logs l WHERE 1 = 1");
    } else {
        // Each word quoted as a prefix phrase: `"emerg"* "crash"*` (implicit AND). Words are
        // letters and digits only, so they cannot break out of the quotes.
        let query = words
            .iter()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" ");
        // CROSS JOIN keeps the full-text index as the outer loop, so its rowid order is used.
        sql.push(" FROM logs_fts f CROSS JOIN logs l ON l.id = f.rowid WHERE logs_fts MATCH ")
            .push_bind(query);
    }
    if !filter.types.is_empty() {
        sql.push(" AND l.log_type IN (");
        let mut list = sql.separated(", ");
        for t in &filter.types {
            list.push_bind(t.as_str());
        }
        sql.push(")");
    }
    if !filter.severities.is_empty() {
        sql.push(" AND l.severity IN (");
        let mut list = sql.separated(", ");
        for s in &filter.severities {
            list.push_bind(s.as_str());
        }
        sql.push(")");
    }
    if let Some(source) = &filter.source {
        sql.push(" AND l.source = ").push_bind(source.clone());
    }
    if let Some(bot) = &filter.bot_id {
        sql.push(" AND l.bot_id = ").push_bind(bot.clone());
    }
    if let Some(since) = filter.since {
        sql.push(" AND l.time_ms >= ").push_bind(to_ms(since));
    }
    if let Some(until) = filter.until {
        sql.push(" AND l.time_ms <= ").push_bind(to_ms(until));
    }
    sql
}

fn entry(row: &SqliteRow) -> Result<LogEntry, StoreError> {
    let parse = |column: &'static str| -> Result<String, StoreError> { Ok(row.try_get(column)?) };
    let data: Option<String> = row.try_get("data")?;
    Ok(LogEntry {
        id: row.try_get("id")?,
        time: from_ms(row.try_get("time_ms")?)?,
        log_type: parse("log_type")?
            .parse()
            .map_err(|e| StoreError::corrupt("log type", e))?,
        severity: parse("severity")?
            .parse()
            .map_err(|e| StoreError::corrupt("log severity", e))?,
        source: parse("source")?,
        bot_id: row.try_get("bot_id")?,
        action: parse("action")?,
        message: parse("message")?,
        data: match data {
            None => serde_json::Value::Null,
            Some(json) => {
                serde_json::from_str(&json).map_err(|e| StoreError::corrupt("log data", e))?
            }
        },
    })
}
