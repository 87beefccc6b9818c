-- Accounts: where bots trade (a paper account, or a Binance spot / USD-M futures account).
-- API keys are NOT here: they live only in the OS keyring (design rule 9), under
-- `account/<id>/api-key` and `account/<id>/secret`.

CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    venue       TEXT NOT NULL CHECK (venue IN ('paper', 'binance-spot', 'binance-usdm')),
    base_url    TEXT,                                  -- NULL: the venue's production URL
    live        INTEGER NOT NULL DEFAULT 0 CHECK (live IN (0, 1)),
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL,
    -- A paper account never trades real money.
    CHECK (venue <> 'paper' OR live = 0)
) STRICT;
