//! Log search as a reader sees it: whatever plan the store picks for a filter (the full-text
//! index with its tag words, a column index, the time index), paging through `log_page` must
//! yield exactly the entries `LogFilter::matches` accepts, newest first, with no gap and no
//! repeat. Random logs and filters cover the combinations no hand-written case thinks of,
//! including text that looks like FTS5 syntax or like the index's own tag words.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use chrono::{DateTime, Duration, TimeZone, Utc};
use pilothouse_core::{LogEntry, LogFilter, LogType, NewLogEntry, Severity};
use pilothouse_store::Store;
use proptest::prelude::*;
use proptest::sample::select;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
        .single()
        .unwrap()
}

/// Words of messages: plain ones, words equal to severities and types, words spelled like the
/// index's tags would be if they were plain text, and FTS5 operators.
const MESSAGE_WORDS: &[&str] = &[
    "stop",
    "stopped",
    "filled",
    "fill",
    "critical",
    "Critical",
    "info",
    "trade",
    "safety",
    "ttrade",
    "scritical",
    "o626f74",
    "b626f742d31",
    "ETH",
    "ethusdt",
    "AND",
    "or",
    "NOT",
    "near",
];
const SEPARATORS: &[&str] = &[" ", "_", "-", ", ", "\"", "*", ":", "(", ") ", "^", "+"];
const ACTIONS: &[&str] = &["tick", "order_placed", "stop_loss", "critical"];
const SOURCES: &[&str] = &["bot", "Bot", "system", "critical", "s\"y*s"];
const BOTS: &[&str] = &["bot-1", "bot-2", "BOT-1", "critical", "b\"(1)"];
/// What a user may type: prefixes, whole words, tag look-alikes, operators and punctuation.
const QUERY_WORDS: &[&str] = &[
    "st",
    "stop",
    "stopped",
    "fil",
    "crit",
    "critical",
    "CRITICAL",
    "info",
    "trade",
    "t",
    "s",
    "o6",
    "o626f74",
    "ttrade",
    "eth",
    "and",
    "OR",
    "not",
    "NEAR",
    "\"",
    "*",
    "-stop",
    "stop*",
    "(fill",
    "tags:",
    "message:stop",
    "{message}",
    "^st",
    "zebra",
    "\"stop filled\"",
];

fn message() -> impl Strategy<Value = String> {
    prop::collection::vec((select(MESSAGE_WORDS), select(SEPARATORS)), 1..6).prop_map(|words| {
        words
            .into_iter()
            .map(|(word, separator)| format!("{word}{separator}"))
            .collect()
    })
}

fn new_entry() -> impl Strategy<Value = NewLogEntry> {
    (
        select(LogType::ALL),
        select(Severity::ALL),
        select(SOURCES),
        prop::option::of(select(BOTS)),
        select(ACTIONS),
        message(),
    )
        .prop_map(|(log_type, severity, source, bot, action, message)| {
            let entry = NewLogEntry::new(log_type, severity, source, action, message);
            match bot {
                Some(bot) => entry.for_bot(bot),
                None => entry,
            }
        })
}

/// Batches of entries, each stamped with its own minute; minutes go back and forth, as a
/// corrected clock makes them, so time and id order differ.
fn batches() -> impl Strategy<Value = Vec<(i64, Vec<NewLogEntry>)>> {
    prop::collection::vec((0i64..12, prop::collection::vec(new_entry(), 0..8)), 1..8)
}

fn filter() -> impl Strategy<Value = LogFilter> {
    (
        prop::collection::vec(select(LogType::ALL), 0..3),
        prop::collection::vec(select(Severity::ALL), 0..3),
        prop::option::of(select(SOURCES)),
        prop::option::of(select(BOTS)),
        prop::option::of(prop::collection::vec(select(QUERY_WORDS), 1..4)),
        prop::option::of(0i64..12),
        prop::option::of(0i64..12),
    )
        .prop_map(
            |(types, severities, source, bot, text, since, until)| LogFilter {
                types,
                severities,
                source: source.map(str::to_owned),
                bot_id: bot.map(str::to_owned),
                text: text.map(|words| words.join(" ")),
                since: since.map(|m| t0() + Duration::minutes(m)),
                until: until.map(|m| t0() + Duration::minutes(m)),
            },
        )
}

/// Every page of `filter` from `before` on, following `next_before` to the end.
async fn all_pages(
    store: &Store,
    filter: &LogFilter,
    mut before: Option<i64>,
    limit: u32,
) -> Vec<i64> {
    let mut seen = Vec::new();
    loop {
        let page = store.log_page(filter, before, limit).await.expect("page");
        assert!(
            page.entries.len() <= limit as usize,
            "a page holds at most `limit` entries"
        );
        seen.extend(page.entries.iter().map(|e| e.id));
        match page.next_before {
            Some(next) => before = Some(next),
            None => return seen,
        }
    }
}

/// The reference: every entry, filtered in Rust, newest first.
fn expected(all: &[LogEntry], filter: &LogFilter, before: Option<i64>) -> Vec<i64> {
    all.iter()
        .rev()
        .filter(|e| before.is_none_or(|b| e.id < b) && filter.matches(e))
        .map(|e| e.id)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn paging_any_filter_yields_exactly_the_matching_entries_newest_first(
        batches in batches(),
        indexed_batches in 0usize..8,
        filters in prop::collection::vec(filter(), 1..8),
        before in prop::option::of(0i64..60),
        limit in 1u32..6,
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let dir = tempfile::tempdir().expect("temp dir");
            let store = Store::open_in(dir.path()).await.expect("store");
            let mut all = Vec::new();
            for (i, (minute, batch)) in batches.into_iter().enumerate() {
                let at = t0() + Duration::minutes(minute);
                all.extend(store.append_logs(batch, at).await.expect("append"));
                if i + 1 == indexed_batches {
                    // Part of the log indexed by the writer, the rest left to the search.
                    store.index_logs().await.expect("index");
                }
            }
            for filter in &filters {
                let want = expected(&all, filter, before);
                let got = all_pages(&store, filter, before, limit).await;
                prop_assert_eq!(
                    got,
                    want,
                    "pages of {:?} from {:?} must be exactly the entries LogFilter::matches \
                     accepts, newest first",
                    filter,
                    before
                );
            }
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn search_words_never_match_an_entry_by_its_severity_type_source_or_bot_tags()
-> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open_in(dir.path()).await?;
    let tagged = NewLogEntry::new(
        LogType::Safety,
        Severity::Critical,
        "desk",
        "close",
        "position closed",
    )
    .for_bot("bot-7");
    let worded = NewLogEntry::new(
        LogType::Trade,
        Severity::Info,
        "bot",
        "tick",
        "critical safety system",
    );
    let all = store.append_logs(vec![tagged, worded], t0()).await?;
    for text in [
        "critical",
        "safety",
        "scritical",
        "tsafety",
        "crit",
        "s",
        "t",
        "o",
        "b",
        "desk",
    ] {
        let filter = LogFilter {
            text: Some(text.into()),
            ..LogFilter::default()
        };
        let found = all_pages(&store, &filter, None, 10).await;
        assert_eq!(
            found,
            expected(&all, &filter, None),
            "`{text}` is searched in message, action and source only, never in the words that \
             index the severity, type, source or bot"
        );
    }
    Ok(())
}

#[tokio::test]
async fn time_windows_find_every_entry_when_the_clock_went_back_across_id_blocks()
-> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open_in(dir.path()).await?;
    // 11 batches of 1,000 span three blocks of 4,096 ids; their minutes jump back and forth.
    let mut all = Vec::new();
    for (i, minute) in [5, 1, 9, 3, 7, 2, 8, 0, 6, 4, 10].into_iter().enumerate() {
        let batch = (0..1000)
            .map(|j| {
                let severity = Severity::ALL[(i + j) % Severity::ALL.len()];
                let words = if j % 7 == 0 {
                    "stop filled"
                } else {
                    "heartbeat"
                };
                NewLogEntry::new(LogType::Trade, severity, "bot", "tick", words)
            })
            .collect();
        all.extend(
            store
                .append_logs(batch, t0() + Duration::minutes(minute))
                .await?,
        );
    }
    for (since, until) in [(0, 0), (1, 1), (3, 4), (8, 10), (11, 12), (2, 8)] {
        for filter in [
            LogFilter::default(),
            LogFilter {
                text: Some("stop".into()),
                severities: vec![Severity::Critical],
                ..LogFilter::default()
            },
        ] {
            let filter = LogFilter {
                since: Some(t0() + Duration::minutes(since)),
                until: Some(t0() + Duration::minutes(until)),
                ..filter
            };
            assert_eq!(
                all_pages(&store, &filter, None, 1000).await,
                expected(&all, &filter, None),
                "minutes {since}..={until} hold entries written out of time order in several \
                 blocks of ids; {filter:?} must find every one of them"
            );
        }
    }
    Ok(())
}
