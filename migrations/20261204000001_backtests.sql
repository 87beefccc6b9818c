-- Candle history for backtests, and the backtest runs kept for later comparison.
--
-- `candles` holds final candles fetched from a venue's public data, keyed by where they came
-- from (`source`: the venue and host, e.g. `binance:https://api.binance.com`), so a second run
-- over the same range sends no request. `candle_coverage` records which spans were asked for
-- and answered: a span where the venue has no candles (a listing gap, a halt) is known to be
-- empty and is not asked for again. Only final candles are stored: a candle still forming
-- never enters history.
--
-- `backtest_runs` keeps each run whole: what it ran (strategy, params, settings, the data
-- source and range), a SHA-256 of the candles it ran on (so two runs can be told to share
-- their data), the headline results (listed without reading the rest) and the full report
-- (trades and the equity curve) as JSON.

CREATE TABLE candles (
    source TEXT NOT NULL,
    symbol TEXT NOT NULL,
    interval TEXT NOT NULL,
    open_time_ms INTEGER NOT NULL,
    close_time_ms INTEGER NOT NULL,
    open TEXT NOT NULL,
    high TEXT NOT NULL,
    low TEXT NOT NULL,
    close TEXT NOT NULL,
    volume TEXT NOT NULL,
    PRIMARY KEY (source, symbol, interval, open_time_ms)
) WITHOUT ROWID;

CREATE TABLE candle_coverage (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    symbol TEXT NOT NULL,
    interval TEXT NOT NULL,
    -- Candles opening in [from_ms, to_ms] are all in `candles` (or do not exist).
    from_ms INTEGER NOT NULL,
    to_ms INTEGER NOT NULL,
    CHECK (from_ms <= to_ms)
);
CREATE INDEX candle_coverage_key ON candle_coverage (source, symbol, interval, from_ms);

CREATE TABLE backtest_runs (
    id INTEGER PRIMARY KEY,
    created_at_ms INTEGER NOT NULL,
    strategy TEXT NOT NULL,
    -- The strategy's params as given, after defaults (JSON object).
    params TEXT NOT NULL,
    -- Where the candles came from (JSON: a recording, a file, or an account's history).
    data_source TEXT NOT NULL,
    symbol TEXT NOT NULL,
    interval TEXT NOT NULL,
    from_ms INTEGER NOT NULL,
    to_ms INTEGER NOT NULL,
    candle_count INTEGER NOT NULL,
    candles_sha256 TEXT NOT NULL,
    -- Cash, commission, whole units, shorts (JSON).
    settings TEXT NOT NULL,
    -- The headline results (JSON), shown in lists.
    summary TEXT NOT NULL,
    -- The whole report: results, trades and equity (JSON).
    report TEXT NOT NULL
);
CREATE INDEX backtest_runs_created ON backtest_runs (created_at_ms DESC, id DESC);
