-- Paper accounts (venue 'paper'): the whole simulated account — balances, open and final
-- orders, marks — as one JSON document of core's PaperAccount. Written in the same
-- transaction as the order journal row its change belongs to, so the two never disagree.

CREATE TABLE paper_accounts (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    state       TEXT NOT NULL,                              -- JSON of PaperAccount
    updated_ms  INTEGER NOT NULL
) STRICT;
