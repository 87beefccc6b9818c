-- The order journal (design rule 5): every order is written here, with its client order id,
-- BEFORE its request is sent, so a crash or a lost answer can be reconciled with the venue by
-- that id instead of sending the order again. Money is TEXT decimals (design rule 3).

CREATE TABLE orders (
    id                 INTEGER PRIMARY KEY,
    client_order_id    TEXT NOT NULL UNIQUE,
    account_id         INTEGER NOT NULL REFERENCES accounts(id),
    symbol             TEXT NOT NULL,
    side               TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
    kind               TEXT NOT NULL,                       -- JSON of OrderKind
    quantity           TEXT NOT NULL,
    reduce_only        INTEGER NOT NULL DEFAULT 0 CHECK (reduce_only IN (0, 1)),
    origin             TEXT NOT NULL,                       -- 'manual', later 'bot:<id>'
    status             TEXT NOT NULL CHECK (status IN ('new', 'sent', 'acknowledged',
                           'partially_filled', 'filled', 'cancelled', 'rejected', 'unknown')),
    venue_order_id     TEXT,
    executed_quantity  TEXT NOT NULL DEFAULT '0',
    error              TEXT,
    note               TEXT,
    created_ms         INTEGER NOT NULL,
    updated_ms         INTEGER NOT NULL
) STRICT;

-- Reconcile on start reads every order that is not final yet.
CREATE INDEX orders_open ON orders (status)
    WHERE status NOT IN ('filled', 'cancelled', 'rejected');
CREATE INDEX orders_account ON orders (account_id, id);

CREATE TABLE order_fills (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    price        TEXT NOT NULL,
    quantity     TEXT NOT NULL,
    fee          TEXT NOT NULL,
    fee_asset    TEXT NOT NULL,
    recorded_ms  INTEGER NOT NULL
) STRICT;

CREATE INDEX order_fills_order ON order_fills (order_id);
