//! Upgrading a database that already holds a log. The `log_tags` migration rebuilds the search
//! index with new columns, so the entries an earlier version wrote — indexed by it or still
//! pending — must all be found afterwards, by every filter, and deletions must keep working.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use pilothouse_core::{LogEntry, LogFilter, LogType, Severity};
use pilothouse_store::Store;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

/// The first migration of this change; the database is built with every one before it.
const LOG_TAGS: &str = "20261210000001_log_tags.sql";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).single().unwrap()
}

/// A database migrated to the schema the previous version shipped, by the same files.
async fn previous_schema(db: &Path) -> anyhow::Result<SqlitePool> {
    let migrations = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let earlier = tempfile::tempdir()?;
    let mut copied = 0;
    for file in std::fs::read_dir(&migrations)? {
        let file = file?;
        let name = file.file_name().to_string_lossy().into_owned();
        if name.as_str() < LOG_TAGS {
            std::fs::copy(file.path(), earlier.path().join(&name))?;
            copied += 1;
        }
    }
    assert!(
        copied > 0,
        "the earlier migrations must be found to build the old schema"
    );
    let pool = SqlitePool::connect_with(
        SqliteConnectOptions::new()
            .filename(db)
            .create_if_missing(true),
    )
    .await?;
    sqlx::migrate::Migrator::new(earlier.path())
        .await?
        .run(&pool)
        .await?;
    Ok(pool)
}

/// Writes `rows` (type, severity, source, bot, message) the way the previous version did.
async fn old_append(
    pool: &SqlitePool,
    rows: &[(&str, &str, &str, Option<&str>, &str)],
) -> anyhow::Result<()> {
    let ms = t0().timestamp_millis();
    for (log_type, severity, source, bot, message) in rows {
        sqlx::query(
            "INSERT INTO logs (time_ms, log_type, severity, source, bot_id, action, message, data)
             VALUES (?, ?, ?, ?, ?, 'tick', ?, NULL)",
        )
        .bind(ms)
        .bind(log_type)
        .bind(severity)
        .bind(source)
        .bind(bot)
        .bind(message)
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// The previous version's index pass: every entry so far into its text-only index.
async fn old_index(pool: &SqlitePool) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO logs_fts (rowid, message, action, source)
         SELECT id, message, action, source FROM logs
         WHERE id > (SELECT indexed_through FROM logs_fts_state)",
    )
    .execute(pool)
    .await?;
    sqlx::query("UPDATE logs_fts_state SET indexed_through = (SELECT MAX(id) FROM logs)")
        .execute(pool)
        .await?;
    Ok(())
}

async fn messages(store: &Store, filter: &LogFilter) -> anyhow::Result<Vec<String>> {
    let page = store.log_page(filter, None, 100).await?;
    Ok(page.entries.into_iter().map(|e| e.message).collect())
}

#[tokio::test]
async fn a_log_written_before_the_tags_migration_is_found_by_every_filter_after_it()
-> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("pilothouse.db");
    let old = previous_schema(&db).await?;
    old_append(
        &old,
        &[
            (
                "TRADE",
                "INFO",
                "bot",
                Some("bot-1"),
                "stop filled at 2,310",
            ),
            (
                "SAFETY",
                "CRITICAL",
                "system",
                None,
                "stop filled after loss limit",
            ),
            ("SAFETY", "WARNING", "bot", Some("bot-2"), "loss limit near"),
        ],
    )
    .await?;
    old_index(&old).await?;
    // Written after the old index's last pass: pending when the upgrade runs.
    old_append(
        &old,
        &[(
            "SAFETY",
            "CRITICAL",
            "bot",
            Some("bot-1"),
            "stop filled, bot halted",
        )],
    )
    .await?;
    old.close().await;

    let store = Store::open(&db).await?;
    let all: Vec<LogEntry> = store
        .log_page(&LogFilter::default(), None, 100)
        .await?
        .entries;
    assert_eq!(all.len(), 4, "the upgrade keeps every entry");
    let filters = [
        LogFilter {
            text: Some("stop fill".into()),
            ..LogFilter::default()
        },
        LogFilter {
            text: Some("stop".into()),
            severities: vec![Severity::Critical],
            types: vec![LogType::Safety],
            ..LogFilter::default()
        },
        LogFilter {
            severities: vec![Severity::Critical, Severity::Warning],
            bot_id: Some("bot-1".into()),
            ..LogFilter::default()
        },
        LogFilter {
            source: Some("bot".into()),
            types: vec![LogType::Safety],
            ..LogFilter::default()
        },
        LogFilter {
            text: Some("critical".into()),
            ..LogFilter::default()
        },
        LogFilter {
            severities: vec![Severity::Critical],
            since: Some(t0()),
            until: Some(t0()),
            ..LogFilter::default()
        },
        LogFilter {
            since: Some(t0() + chrono::Duration::seconds(1)),
            ..LogFilter::default()
        },
    ];
    for filter in &filters {
        let want: Vec<String> = all
            .iter()
            .filter(|e| filter.matches(e))
            .map(|e| e.message.clone())
            .collect();
        assert_eq!(
            messages(&store, filter).await?,
            want,
            "after the upgrade, {filter:?} finds the old entries (indexed before or not) it \
             matches, newest first"
        );
    }
    assert_eq!(
        messages(
            &store,
            &LogFilter {
                text: Some("stop".into()),
                severities: vec![Severity::Critical],
                ..LogFilter::default()
            }
        )
        .await?,
        ["stop filled, bot halted", "stop filled after loss limit"],
        "text and severity combine on old entries"
    );
    assert_eq!(
        store.index_logs().await?,
        0,
        "the first search re-indexed every old entry, so nothing is pending"
    );

    // Deleting an entry removes it from the rebuilt index too (the trigger was remade).
    let pool = SqlitePool::connect_with(SqliteConnectOptions::new().filename(&db)).await?;
    sqlx::query("DELETE FROM logs WHERE message = 'stop filled after loss limit'")
        .execute(&pool)
        .await?;
    let indexed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM logs_fts WHERE logs_fts MATCH '\"stop\"' AND rowid NOT IN (SELECT id FROM logs)",
    )
    .fetch_one(&pool)
    .await?;
    assert_eq!(
        indexed, 0,
        "a deleted entry must leave the index, not linger as a ghost"
    );
    pool.close().await;
    Ok(())
}
