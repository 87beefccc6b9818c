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
CREATE VIRTUAL TABLE logs_fts USING fts5 (
    message, action, source,
    content = 'logs', content_rowid = 'id',
    tokenize = 'unicode61', prefix = '2 3'
);

CREATE TRIGGER logs_fts_insert AFTER INSERT ON logs BEGIN
    INSERT INTO logs_fts (rowid, message, action, source)
    VALUES (new.id, new.message, new.action, new.source);
END;

CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN
    INSERT INTO logs_fts (logs_fts, rowid, message, action, source)
    VALUES ('delete', old.id, old.message, old.action, old.source);
END;
