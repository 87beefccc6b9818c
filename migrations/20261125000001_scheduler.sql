-- Scheduler: schedules (the source of truth for what runs when) and their runs (the history,
-- the exactly-once claims, pending retries and the dead-letter list, all in one table).

CREATE TABLE schedules (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL UNIQUE,
    kind                 TEXT NOT NULL CHECK (kind IN ('run-bots', 'sync-patterns', 'check-signals',
                                                       'expire-approvals', 'morning-routine', 'webhook')),
    params               TEXT NOT NULL,                 -- JSON, checked against the kind
    cron                 TEXT,                          -- exactly one of cron / run_at_ms
    run_at_ms            INTEGER,
    time_zone            TEXT NOT NULL,
    enabled              INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    requires_approval    INTEGER NOT NULL CHECK (requires_approval IN (0, 1)),
    missed_policy        TEXT NOT NULL CHECK (missed_policy IN ('skip', 'run_once', 'catch_up')),
    catch_up_grace_secs  INTEGER NOT NULL CHECK (catch_up_grace_secs >= 0),
    max_attempts         INTEGER NOT NULL CHECK (max_attempts >= 1),
    backoff_base_secs    INTEGER NOT NULL CHECK (backoff_base_secs >= 1),
    timeout_secs         INTEGER NOT NULL CHECK (timeout_secs >= 1),
    overlap              TEXT NOT NULL CHECK (overlap IN ('skip', 'queue')),
    alert_after_failures INTEGER NOT NULL CHECK (alert_after_failures >= 1),
    -- Every fire at or before this instant has been run, skipped or recorded missed. It only
    -- moves forward, so a clock that jumps back never runs a fire twice.
    handled_through_ms   INTEGER NOT NULL,
    -- Failed attempts in a row, and whether the alert for this streak was raised.
    failure_streak       INTEGER NOT NULL DEFAULT 0,
    alerted              INTEGER NOT NULL DEFAULT 0 CHECK (alerted IN (0, 1)),
    created_ms           INTEGER NOT NULL,
    updated_ms           INTEGER NOT NULL,
    CHECK ((cron IS NULL) <> (run_at_ms IS NULL))
) STRICT;

CREATE TABLE schedule_runs (
    id               INTEGER PRIMARY KEY,
    schedule_id      INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    scheduled_for_ms INTEGER NOT NULL,
    attempt          INTEGER NOT NULL CHECK (attempt >= 1),
    trigger          TEXT NOT NULL CHECK (trigger IN ('schedule', 'run_now', 'catch_up', 'retry',
                                                      'dead_letter_retry')),
    status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed',
                                                     'timed_out', 'skipped', 'missed', 'dead')),
    host             TEXT NOT NULL,
    started_ms       INTEGER,
    finished_ms      INTEGER,
    -- A running attempt whose host stopped without finishing it is taken over after this.
    lease_until_ms   INTEGER,
    retry_at_ms      INTEGER,
    result           TEXT,                              -- JSON from the job
    error            TEXT,
    -- For a dead run: NULL while it is on the dead-letter list, then 'retried' or 'dismissed'.
    settled          TEXT CHECK (settled IN ('retried', 'dismissed')),
    -- The claim: one row per attempt at one fire, whichever process gets there first.
    UNIQUE (schedule_id, scheduled_for_ms, attempt)
) STRICT;

-- History pages walk `id` downwards, per schedule or per status.
CREATE INDEX schedule_runs_by_schedule ON schedule_runs (schedule_id, id);
CREATE INDEX schedule_runs_by_status ON schedule_runs (status, id);
-- The runner's questions: retries that are due, runs still going, dead letters.
CREATE INDEX schedule_runs_retry_due ON schedule_runs (retry_at_ms) WHERE retry_at_ms IS NOT NULL;
CREATE INDEX schedule_runs_active ON schedule_runs (schedule_id) WHERE status IN ('queued', 'running');
CREATE INDEX schedule_runs_dead ON schedule_runs (id) WHERE status = 'dead' AND settled IS NULL;
-- Retention deletes by age.
CREATE INDEX schedule_runs_by_time ON schedule_runs (scheduled_for_ms);
