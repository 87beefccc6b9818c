-- Where a paper account's prices come from (core's PaperMarket as JSON): Binance's public
-- market data (the default, and what every paper account made before this migration used) or
-- a replay of recorded candles. `market_since_ms` is when that source was chosen: a replay
-- runs on the wall clock from then, so it carries on where it was after a restart.

ALTER TABLE paper_accounts ADD COLUMN market TEXT NOT NULL DEFAULT '{"source":"binance"}';
ALTER TABLE paper_accounts ADD COLUMN market_since_ms INTEGER NOT NULL DEFAULT 0;
