-- Foundation: key/value settings and the typed log.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE logs (
    id       INTEGER PRIMARY KEY,
    time_ms  INTEGER NOT NULL,
    log_type TEXT NOT NULL CHECK (log_type IN ('TRADE', 'ERROR', 'ANALYSIS', 'SAFETY', 'SYSTEM')),
    severity TEXT NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'ERROR', 'CRITICAL')),
    source   TEXT NOT NULL,
    bot_id   TEXT,
    action   TEXT NOT NULL,
    message  TEXT NOT NULL,
    data     TEXT
) STRICT;

-- Paging walks `id` downwards; each filter column leads an index that ends in `id`, so a
-- filtered page is an ordered index range scan that stops after one page.
CREATE INDEX logs_by_type ON logs (log_type, id);
CREATE INDEX logs_by_severity ON logs (severity, id);
CREATE INDEX logs_by_source ON logs (source, id);
CREATE INDEX logs_by_bot ON logs (bot_id, id) WHERE bot_id IS NOT NULL;
CREATE INDEX logs_by_time ON logs (time_ms);

-- Free-text search: word-prefix matching over message, action and source.
--
-- Indexing is deferred: appends write `logs` only (an FTS5 insert costs about three times the
-- row itself), and `indexed_through` marks how far the index has caught up. The log writer
-- indexes when it is idle, and a text search first indexes whatever is still pending, so a
-- search always sees every committed entry while bursts of writes stay fast.
CREATE VIRTUAL TABLE logs_fts USING fts5 (
    message, action, source,
    content = 'logs', content_rowid = 'id',
    tokenize = 'unicode61', prefix = '2 3'
);

CREATE TABLE logs_fts_state (
    singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
    indexed_through INTEGER NOT NULL
) STRICT;
INSERT INTO logs_fts_state (singleton, indexed_through) VALUES (1, 0);

-- Only rows already in the index may be removed from it (removing an unindexed row from an
-- external-content FTS5 table would corrupt the index).
CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs
WHEN old.id <= (SELECT indexed_through FROM logs_fts_state)
BEGIN
    INSERT INTO logs_fts (logs_fts, rowid, message, action, source)
    VALUES ('delete', old.id, old.message, old.action, old.source);
END;
