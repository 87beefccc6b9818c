//! How a filtered page is found: the SQL of one page, planned so that it stops after one page.
//!
//! A filter on text, type, severity, source or bot is answered by the full-text index alone:
//! the entry's type, severity, source and bot are tag words of the index (see [`TAGS`]), so
//! FTS5 intersects and merges doclists in rowid order, newest first, and the walk ends when the
//! page is full. Each search word is a prefix; a prefix longer than FTS5's prefix indexes is
//! asked for as the exact words of the index that start with it (from `logs_terms`), because
//! FTS5 would otherwise copy every matching doclist before yielding the first row. Only time
//! limits are checked on the rows the index yields, within the range of ids the window can hold
//! (from `logs_time_blocks`), so the walk starts at the window, not at the newest entry, and
//! ends with it. The migration `…_log_tags.sql` says why.

use pilothouse_core::LogFilter;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::COLUMNS;
use crate::StoreError;
use crate::time::to_ms;

/// The words of an entry's `tags` column, as SQL over a `logs` row: `\u{E000}t<type>
/// \u{E000}s<severity> \u{E000}o<source> \u{E000}b<bot>`, source and bot in hex (any text
/// becomes one word of letters and digits). U+E000 is a private-use character, part of a word
/// for FTS5 but never of a search word, so no search word can match or start a tag. [`tag`]
/// spells the same words for a filter (FTS5 folds the case of both).
pub(super) const TAGS: &str = "char(57344) || 't' || log_type || ' ' || char(57344) || 's' || severity \
    || ' ' || char(57344) || 'o' || hex(source) \
    || coalesce(' ' || char(57344) || 'b' || hex(bot_id), '')";

/// Prefixes up to this many characters have an FTS5 prefix index (`prefix = '1 2 3'`), which
/// FTS5 reads lazily; longer ones are spelled out as exact words.
const INDEXED_PREFIX: usize = 3;
/// Most exact words one search word is spelled out as; beyond it, FTS5's prefix query is used.
const MAX_SPELLED: usize = 32;
/// A planned page: how entries are found, and the ids the time window can hold.
pub(super) struct Plan {
    found: Found,
    ids: Option<(i64, i64)>,
}

/// How a page's entries are found.
enum Found {
    /// From the full-text index, by this FTS5 query, newest match first.
    Indexed(String),
    /// From `logs` itself, newest first (only time limits, or no filter at all).
    Scanned,
    /// A search word starts no word of the index: no entry can match.
    Nothing,
}

/// Whether `filter` is answered from the full-text index (which must then be caught up).
pub(super) fn uses_index(filter: &LogFilter) -> bool {
    !filter.words().is_empty()
        || !filter.types.is_empty()
        || !filter.severities.is_empty()
        || filter.source.is_some()
        || filter.bot_id.is_some()
}

/// Plans the page for `filter`, reading `logs_terms` in the caller's transaction (the snapshot
/// the page is then read in, so the words and the index agree).
pub(super) async fn plan(
    conn: &mut SqliteConnection,
    filter: &LogFilter,
) -> Result<Plan, StoreError> {
    let ids = match window(conn, filter).await? {
        Window::Empty => {
            return Ok(Plan {
                found: Found::Nothing,
                ids: None,
            });
        }
        Window::Ids(lowest, highest) => Some((lowest, highest)),
        Window::Whole => None,
    };
    let found = found(conn, filter).await?;
    Ok(Plan { found, ids })
}

/// What the filter's time limits hold.
enum Window {
    /// No entry.
    Empty,
    /// Entries, all with ids in this range (inclusive).
    Ids(i64, i64),
    /// No limits.
    Whole,
}

/// The ids a time window can hold, from `logs_time_blocks`: the first and last block of ids
/// whose times overlap the window. Entries are stamped by a clock that may be set back, so time
/// and id order can differ; each block's own time range keeps the bounds exact supersets.
async fn window(conn: &mut SqliteConnection, filter: &LogFilter) -> Result<Window, StoreError> {
    if filter.since.is_none() && filter.until.is_none() {
        return Ok(Window::Whole);
    }
    let (lowest, highest): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT min(block) << ?1, ((max(block) + 1) << ?1) - 1 FROM logs_time_blocks
         WHERE max_ms >= ?2 AND min_ms <= ?3",
    )
    .bind(super::BLOCK_BITS)
    .bind(filter.since.map_or(i64::MIN, to_ms))
    .bind(filter.until.map_or(i64::MAX, to_ms))
    .fetch_one(&mut *conn)
    .await?;
    Ok(match (lowest, highest) {
        (Some(lowest), Some(highest)) => Window::Ids(lowest, highest),
        _ => Window::Empty,
    })
}

/// How the entries of `filter` (all but its time limits) are found.
async fn found(conn: &mut SqliteConnection, filter: &LogFilter) -> Result<Found, StoreError> {
    if !uses_index(filter) {
        return Ok(Found::Scanned);
    }
    let mut parts = Vec::new();
    for word in filter.words() {
        match spelled(conn, &word).await? {
            Some(part) => parts.push(part),
            None => return Ok(Found::Nothing),
        }
    }
    let mut any_of = |tags: Vec<String>| {
        if !tags.is_empty() {
            let tags: Vec<String> = tags.iter().map(|t| quoted(t)).collect();
            parts.push(format!("({})", tags.join(" OR ")));
        }
    };
    any_of(filter.types.iter().map(|t| tag('t', t.as_str())).collect());
    any_of(
        filter
            .severities
            .iter()
            .map(|s| tag('s', s.as_str()))
            .collect(),
    );
    any_of(filter.source.iter().map(|s| tag('o', s)).collect());
    any_of(filter.bot_id.iter().map(|b| tag('b', b)).collect());
    Ok(Found::Indexed(parts.join(" AND ")))
}

/// The FTS5 query for one search word (letters and digits, lower case) as a prefix; `None` when
/// no word of the index starts with it.
///
/// A short or non-ASCII word stays an FTS5 prefix query (`"wo"*`): short ones have a prefix
/// index, and a non-ASCII word may be folded by the tokenizer (é → e) into another spelling
/// than `logs_terms` is searched by. An ASCII word is its own token, so the words of the
/// index that start with it are exactly the `logs_terms` between it and it + U+10FFFF (a
/// noncharacter, never in a word).
async fn spelled(conn: &mut SqliteConnection, word: &str) -> Result<Option<String>, StoreError> {
    let prefix = format!("{}*", quoted(word));
    if word.len() <= INDEXED_PREFIX || !word.is_ascii() {
        return Ok(Some(prefix));
    }
    let terms: Vec<String> = sqlx::query_scalar(
        "SELECT term FROM logs_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
    )
    .bind(word)
    .bind(format!("{word}\u{10FFFF}"))
    .bind(MAX_SPELLED as i64 + 1)
    .fetch_all(&mut *conn)
    .await?;
    Ok(match terms.len() {
        0 => None,
        n if n > MAX_SPELLED => Some(prefix),
        _ => {
            let terms: Vec<String> = terms.iter().map(|t| quoted(t)).collect();
            Some(format!("({})", terms.join(" OR ")))
        }
    })
}

/// `text` as one FTS5 string: nothing in it is FTS5 syntax.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The `tags` word for one filter value (`kind` is `t`, `s`, `o` or `b`; see [`TAGS`]).
fn tag(kind: char, value: &str) -> String {
    let mut word = String::with_capacity(2 + 2 * value.len());
    word.push('\u{E000}');
    word.push(kind);
    if matches!(kind, 't' | 's') {
        word.push_str(value);
    } else {
        for byte in value.bytes() {
            word.push_str(&format!("{byte:02x}"));
        }
    }
    word
}

/// The SQL of one page: the newest `limit` entries found as `plan` says, with an id below
/// `before`, within the filter's time limits.
pub(super) fn page(
    filter: &LogFilter,
    plan: Plan,
    before: Option<i64>,
    limit: u32,
) -> QueryBuilder<'static, Sqlite> {
    let mut sql = QueryBuilder::new("SELECT ");
    for (i, column) in COLUMNS.split(", ").enumerate() {
        sql.push(if i == 0 { "l." } else { ", l." }).push(column);
    }
    // The cursor and the order apply to the outer loop's id, so the walk newest first stops
    // after one page.
    let id = match plan.found {
        // CROSS JOIN keeps the full-text index as the outer loop, so its rowid order is used.
        Found::Indexed(query) => {
            sql.push(" FROM logs_fts f CROSS JOIN logs l ON l.id = f.rowid WHERE logs_fts MATCH ")
                .push_bind(query);
            "f.rowid"
        }
        Found::Scanned => {
            sql.push(" FROM logs l WHERE 1 = 1");
            "l.id"
        }
        Found::Nothing => {
            sql.push(" FROM logs l WHERE 0 = 1");
            "l.id"
        }
    };
    if let Some(since) = filter.since {
        sql.push(" AND l.time_ms >= ").push_bind(to_ms(since));
    }
    if let Some(until) = filter.until {
        sql.push(" AND l.time_ms <= ").push_bind(to_ms(until));
    }
    if let Some((lowest, highest)) = plan.ids {
        sql.push(format_args!(" AND {id} >= "))
            .push_bind(lowest)
            .push(format_args!(" AND {id} <= "))
            .push_bind(highest);
    }
    if let Some(before) = before {
        sql.push(format_args!(" AND {id} < ")).push_bind(before);
    }
    sql.push(format_args!(" ORDER BY {id} DESC LIMIT "))
        .push_bind(i64::from(limit));
    sql
}
