//! The typed log: batched appends, cursor-paged filtered reads, and the tail a live view follows.
//!
//! Appends insert many rows per statement inside one `BEGIN IMMEDIATE` transaction: one fsync per
//! batch instead of per row. Because the writer holds the write lock and `id` is the rowid, the
//! ids of one statement's rows are consecutive and end at `last_insert_rowid()`.
//!
//! Pages are "the newest `limit` entries with `id < before`": a cursor, not an offset, so page
//! 10,000 costs what page 1 costs and live inserts never shift what a reader sees. How a
//! filtered page is found is [`search`]'s part.

use chrono::{DateTime, Utc};
use pilothouse_core::log::MAX_PAGE;
use pilothouse_core::{LogEntry, LogFilter, LogPage, NewLogEntry};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use crate::time::{from_ms, to_ms};
use crate::{Store, StoreError};

mod search;

/// Rows per INSERT statement: 8 parameters × 500 stays far below SQLite's limit of 32,766.
const ROWS_PER_STATEMENT: usize = 500;
/// Ids per `logs_time_blocks` row: a block is ids `b << BLOCK_BITS ..= ((b + 1) << BLOCK_BITS) - 1`.
const BLOCK_BITS: i64 = 12;
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
        if search::uses_index(filter) {
            self.catch_up_index().await?;
        }
        let rows = self
            .read(async |tx| {
                let plan = search::plan(tx, filter).await?;
                let mut sql = search::page(filter, plan, before, limit);
                Ok(sql.build().fetch_all(&mut *tx).await?)
            })
            .await?;
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
            let indexed = sqlx::query(&format!(
                "INSERT INTO logs_fts (rowid, message, action, source, tags)
                 SELECT id, message, action, source, {} FROM logs WHERE id > ? AND id <= ?",
                search::TAGS
            ))
            .bind(from)
            .bind(through)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            // The words FTS5 made of them, for spelling out search prefixes (see `search`).
            sqlx::query(
                "INSERT INTO logs_fts_chunk (rowid, message, action, source)
                 SELECT id, message, action, source FROM logs WHERE id > ? AND id <= ?",
            )
            .bind(from)
            .bind(through)
            .execute(&mut *tx)
            .await?;
            sqlx::query("INSERT OR IGNORE INTO logs_terms (term) SELECT term FROM logs_fts_chunk_terms")
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO logs_fts_chunk (logs_fts_chunk) VALUES ('delete-all')")
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE logs_fts_state SET indexed_through = ?")
                .bind(through)
                .execute(&mut *tx)
                .await?;
            Ok(indexed)
        })
        .await
    }

    /// Indexes every pending entry, so a search sees all committed ones. Reads first: when the
    /// log writer has caught up (it indexes when idle) a search takes no write lock.
    async fn catch_up_index(&self) -> Result<(), StoreError> {
        loop {
            let pending: bool = sqlx::query_scalar(
                "SELECT indexed_through < (SELECT COALESCE(MAX(id), 0) FROM logs) FROM logs_fts_state",
            )
            .fetch_one(self.pool())
            .await?;
            if !pending || self.index_logs().await? < INDEX_CHUNK as u64 {
                return Ok(());
            }
        }
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
        // Each block of ids keeps the span of its entries' times, for time-window reads.
        for block in (first >> BLOCK_BITS)..=(last >> BLOCK_BITS) {
            sqlx::query(
                "INSERT INTO logs_time_blocks (block, min_ms, max_ms) VALUES (?1, ?2, ?2)
                 ON CONFLICT (block) DO UPDATE SET
                     min_ms = min(min_ms, excluded.min_ms), max_ms = max(max_ms, excluded.max_ms)",
            )
            .bind(block)
            .bind(time_ms)
            .execute(&mut *conn)
            .await?;
        }
        written.extend(
            chunk
                .into_iter()
                .zip(first..)
                .map(|(e, id)| e.into_entry(id, at)),
        );
    }
    Ok(written)
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
