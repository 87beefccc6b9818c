-- Log filters as words of the full-text index, and the index's own list of words, so every
-- filtered page is a walk over FTS5's doclists newest first that stops after one page.
--
-- Before, only the text was in FTS5 and every other filter was checked row by row on what the
-- text (or one column's index) yielded: text + a rare severity needed ~28,000 candidates for a
-- page of 200 (63 ms over 1M rows), and so did two rare columns together (bot + CRITICAL).
--
-- 1. Each entry's type, severity, source and bot are also words of a `tags` column, and FTS5
--    intersects (AND) and merges (OR) their doclists itself, in rowid order. A tag word starts
--    with U+E000, a private-use character: FTS5's tokenizer keeps it inside a word, while a
--    search word (letters and digits only) can never contain it, so a search word never equals
--    or starts a tag. Which words: see `TAGS` in crates/store/src/logs/search.rs.
-- 2. FTS5 answers a prefix query longer than its prefix indexes by first copying the doclists of
--    every matching word into memory (all of "filled"*: a quarter of the log), however few rows
--    the page needs. `logs_terms` lists every word of the index, so a search for `filled` asks
--    for the exact words "filled" OR "filledx" …, which FTS5 reads lazily. The words come from
--    FTS5 itself: each indexing pass also tokenizes its entries into `logs_fts_chunk` (same
--    tokenizer, no positions), copies that table's vocabulary, and empties it. One-letter
--    prefixes get their own prefix index.
-- 3. A time window was checked on every row the walk met, from the newest entry on: a window
--    deep in the log meant walking past every newer entry. `logs_time_blocks` keeps, per block
--    of 4,096 ids, the span of its entries' times (the writer updates it in the append's
--    transaction), so a window becomes a range of ids the walk is confined to. Times are
--    taken from the entries, never assumed to grow with ids: a clock set back only widens the
--    range.
--
-- FTS5 cannot add a column, so the index is made anew; it keeps no copy of the text
-- (contentless, with deletes by rowid). Existing entries are indexed again, tags and terms
-- included, the way every entry is: deferred, by the log writer when idle or by the first
-- filtered read.

DROP TRIGGER logs_fts_delete;
DROP TABLE logs_fts;

CREATE VIRTUAL TABLE logs_fts USING fts5 (
    message, action, source, tags,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61', prefix = '1 2 3'
);

CREATE VIRTUAL TABLE logs_fts_chunk USING fts5 (
    message, action, source,
    content = '', detail = none,
    tokenize = 'unicode61'
);
CREATE VIRTUAL TABLE logs_fts_chunk_terms USING fts5vocab (logs_fts_chunk, row);

-- Words of deleted entries stay: an exact word with no entries matches nothing.
CREATE TABLE logs_terms (
    term TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE logs_time_blocks (
    block  INTEGER PRIMARY KEY,  -- id >> 12 (`BLOCK_BITS` in crates/store/src/logs.rs)
    min_ms INTEGER NOT NULL,
    max_ms INTEGER NOT NULL
) STRICT;
INSERT INTO logs_time_blocks (block, min_ms, max_ms)
SELECT id >> 12, min(time_ms), max(time_ms) FROM logs GROUP BY id >> 12;

UPDATE logs_fts_state SET indexed_through = 0;

-- Only rows already in the index are removed from it.
CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs
WHEN old.id <= (SELECT indexed_through FROM logs_fts_state)
BEGIN
    DELETE FROM logs_fts WHERE rowid = old.id;
END;
