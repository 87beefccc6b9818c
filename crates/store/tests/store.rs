//! The database as the App relies on it: schema from nothing, state that survives reopening,
//! two processes writing at once, and log paging that returns exactly the filtered entries.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use chrono::{DateTime, Duration, TimeZone, Utc};
use pilothouse_core::{LogFilter, LogType, NewLogEntry, PauseReason, PauseState, Severity};
use pilothouse_store::Store;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
        .single()
        .unwrap()
}

fn entry(i: usize) -> NewLogEntry {
    let types = LogType::ALL;
    let severities = Severity::ALL;
    let e = NewLogEntry::new(
        types[i % types.len()],
        severities[i % severities.len()],
        if i.is_multiple_of(2) { "bot" } else { "system" },
        "tick",
        format!("entry number {i}"),
    );
    if i.is_multiple_of(3) {
        e.for_bot(format!("bot-{}", i % 9))
    } else {
        e
    }
}

#[tokio::test]
async fn migrations_build_the_schema_in_an_empty_directory() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let nested = dir.path().join("not/yet/there");
    let store = Store::open_in(&nested).await?;
    assert!(store.path().exists(), "the database file must be created");
    assert_eq!(
        store.last_log_id().await?,
        0,
        "a new database has an empty log"
    );
    assert_eq!(
        store.pause_state().await?,
        PauseState::RUNNING,
        "a new install runs"
    );
    let mode: String = store.journal_mode().await?;
    assert_eq!(mode, "wal", "readers must not block the writer");
    Ok(())
}

#[tokio::test]
async fn pause_state_and_its_log_survive_reopening() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let paused = PauseState::paused(&PauseReason::new("exchange outage"), "cli", t0());
    {
        let store = Store::open_in(dir.path()).await?;
        let entry = NewLogEntry::new(
            LogType::System,
            Severity::Critical,
            "system",
            "pause_all",
            "paused",
        );
        let written = store.switch_pause(&paused, entry.clone()).await?;
        assert!(written.is_some(), "a real switch writes its log entry");
        assert!(
            store.switch_pause(&paused, entry).await?.is_none(),
            "pausing an already paused store must not log a second pause"
        );
        store.close().await;
    }
    let store = Store::open_in(dir.path()).await?;
    assert_eq!(
        store.pause_state().await?,
        paused,
        "an app restarted while paused stays paused"
    );
    let page = store.log_page(&LogFilter::default(), None, 10).await?;
    assert_eq!(
        page.entries.len(),
        1,
        "exactly one pause entry was recorded"
    );
    assert_eq!(page.entries[0].severity, Severity::Critical);
    Ok(())
}

#[tokio::test]
async fn a_second_pool_writing_concurrently_never_fails_with_busy() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let first = Store::open_in(dir.path()).await?;
    let second = Store::open_in(dir.path()).await?;
    let writers = [first.clone(), second.clone()].map(|store| {
        tokio::spawn(async move {
            for batch in 0..40 {
                let entries = (0..50).map(|i| entry(batch * 50 + i)).collect();
                store.append_logs(entries, t0()).await?;
                store
                    .set_setting("last_batch", &batch.to_string(), t0())
                    .await?;
            }
            anyhow::Ok(())
        })
    });
    for writer in writers {
        writer.await??; // an SQLITE_BUSY would surface here as an error
    }
    assert_eq!(
        first.last_log_id().await?,
        2 * 40 * 50,
        "every row of both writers landed"
    );
    Ok(())
}

#[tokio::test]
async fn batch_ids_are_consecutive_and_returned_in_order() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open_in(dir.path()).await?;
    let written = store
        .append_logs((0..250).map(entry).collect(), t0())
        .await?;
    let ids: Vec<i64> = written.iter().map(|e| e.id).collect();
    assert_eq!(
        ids,
        (1..=250).collect::<Vec<_>>(),
        "ids span several INSERT statements"
    );
    assert_eq!(
        written[249].message, "entry number 249",
        "each id belongs to its own entry"
    );
    let stored = store.logs_after(248, 10).await?;
    assert_eq!(stored[0].message, "entry number 248");
    Ok(())
}

#[tokio::test]
async fn pages_walk_the_whole_filtered_log_newest_first_without_gaps() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open_in(dir.path()).await?;
    let all: Vec<NewLogEntry> = (0..1000).map(entry).collect();
    for (i, chunk) in all.chunks(100).enumerate() {
        store
            .append_logs(chunk.to_vec(), t0() + Duration::minutes(i as i64))
            .await?;
    }
    let filter = LogFilter {
        types: vec![LogType::Safety, LogType::Trade],
        severities: vec![Severity::Critical, Severity::Info, Severity::Warning],
        source: Some("bot".into()),
        ..LogFilter::default()
    };
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store.log_page(&filter, before, 7).await?;
        seen.extend(page.entries.iter().map(|e| e.id));
        match page.next_before {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    let expected: Vec<i64> = (1..=1000i64)
        .rev()
        .filter(|id| {
            let e = entry(*id as usize - 1).into_entry(*id, t0());
            filter.matches(&e)
        })
        .collect();
    assert!(
        !expected.is_empty(),
        "the filter must select something to prove paging"
    );
    assert_eq!(
        seen, expected,
        "SQL paging must select exactly what LogFilter::matches does"
    );
    Ok(())
}

#[tokio::test]
async fn text_search_finds_word_prefixes_and_combines_with_filters() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open_in(dir.path()).await?;
    let mk = |t, s, msg: &str| NewLogEntry::new(t, s, "bot", "order_placed", msg);
    store
        .append_logs(
            vec![
                mk(LogType::Trade, Severity::Info, "Bought 0.5 ETH at 2,310.40"),
                mk(
                    LogType::Safety,
                    Severity::Warning,
                    "Daily loss limit near for ETHUSDT",
                ),
                mk(LogType::Trade, Severity::Info, "Sold BTC at market"),
            ],
            t0(),
        )
        .await?;
    let search = |text: &str, types: Vec<LogType>| LogFilter {
        text: Some(text.into()),
        types,
        ..LogFilter::default()
    };
    let messages = |page: pilothouse_core::LogPage| {
        page.entries
            .into_iter()
            .map(|e| e.message)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        messages(store.log_page(&search("eth", vec![]), None, 10).await?),
        vec![
            "Daily loss limit near for ETHUSDT",
            "Bought 0.5 ETH at 2,310.40"
        ],
        "prefix `eth` matches ETH and ETHUSDT, newest first"
    );
    assert_eq!(
        messages(
            store
                .log_page(&search("ETH", vec![LogType::Trade]), None, 10)
                .await?
        ),
        vec!["Bought 0.5 ETH at 2,310.40"],
        "text and type filters combine"
    );
    assert!(
        messages(
            store
                .log_page(&search("\"; DROP TABLE logs; --", vec![]), None, 10)
                .await?
        )
        .is_empty(),
        "quotes and operators are plain words, never FTS syntax"
    );
    assert_eq!(
        messages(store.log_page(&search("order", vec![]), None, 10).await?).len(),
        3,
        "action words are searchable"
    );
    Ok(())
}

#[tokio::test]
async fn search_sees_entries_not_yet_indexed_and_indexing_is_idempotent() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open_in(dir.path()).await?;
    let mk = |msg: &str| NewLogEntry::new(LogType::Trade, Severity::Info, "bot", "fill", msg);
    store
        .append_logs(vec![mk("filled ETH"), mk("filled BTC")], t0())
        .await?;
    assert_eq!(
        store.index_logs().await?,
        2,
        "both appended entries were pending"
    );
    assert_eq!(store.index_logs().await?, 0, "indexing twice adds nothing");
    store.append_logs(vec![mk("filled SOL")], t0()).await?;
    let search = LogFilter {
        text: Some("filled".into()),
        ..LogFilter::default()
    };
    let page = store.log_page(&search, None, 10).await?;
    let found: Vec<_> = page.entries.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        found,
        ["filled SOL", "filled BTC", "filled ETH"],
        "an unindexed entry is found too"
    );
    let page = store
        .log_page(&search, Some(page.entries[0].id), 10)
        .await?;
    assert_eq!(page.entries.len(), 2, "the cursor applies to text searches");
    Ok(())
}
