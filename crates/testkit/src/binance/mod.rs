//! A fake Binance for adapter tests. No network reaches Binance from the machines that build
//! Pilothouse, and the adapters must still be proven against the exchange's real behaviour:
//! signed requests, recvWindow, request weight, filters, balances, and the failures that make
//! order handling hard (429 / 418, 5xx, timeouts, "execution status unknown" where the order
//! was in fact placed, malformed JSON). This server behaves like Binance's REST API as its docs
//! describe, on 127.0.0.1, with real recorded candles (design guide, testing tiers).
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! use pilothouse_testkit::binance::{FakeBinance, KeyPermissions};
//! use rust_decimal::Decimal;
//! let binance = FakeBinance::start().await?;
//! binance.add_key("my64charKey", "mySecret", KeyPermissions::TRADING);
//! binance.set_balance("BTC", Decimal::ONE);
//! // point the adapter at binance.spot_url() / binance.futures_url()
//! # Ok(()) }
//! ```
//!
//! # Simulated as Binance documents it
//! - Spot `/api/v3`: `ping`, `time`, `exchangeInfo` (`symbol` / `symbols`), `klines`,
//!   `ticker/price`, signed `order` (POST / GET / DELETE), `openOrders`, `myTrades`, `account`; and
//!   `/sapi/v1/account/apiRestrictions` (the key's own permissions).
//! - USD-M futures: `/fapi/v1/` `ping`, `time`, `exchangeInfo`, `klines` (limit up to 1500),
//!   `ticker/price`, signed `order` (POST / GET / DELETE), `openOrders`, `userTrades`, `leverage`;
//!   the Algo Service's `algoOrder` (POST / GET / DELETE) and `openAlgoOrders` for conditional
//!   orders, which `order` refuses with -4120 as Binance has since 2025-12-09 (see `algo`);
//!   `/fapi/v2/` `account`, `balance`, `positionRisk`.
//! - Security: `X-MBX-APIKEY` (-2014 malformed / missing, -2015 unknown or lacking the
//!   permission), `timestamp` + `recvWindow` (default 5000, max 60000, decimals allowed) on the
//!   server clock with Binance's rule (at most 1000 ms ahead), HMAC-SHA256 over the query
//!   string then the body exactly as sent (-1022), hex in any case.
//! - Weight per endpoint from Binance's tables (spot klines 2; futures klines 1/2/5/10 by
//!   `limit`; futures new orders 0), counted per minute of server time, reported in
//!   `X-MBX-USED-WEIGHT-1M` (refused requests still add theirs, so the header keeps climbing);
//!   spot and futures count separately; over the limit 429 + `Retry-After` (seconds to the
//!   next minute);
//!   still sending after 3 ignored 429s in that minute → 418 + `Retry-After`, bans of 2 min
//!   doubling per repeat up to 3 days; -1003 bodies.
//! - Filters: PRICE_FILTER, LOT_SIZE, NOTIONAL (spot, -1013 "Filter failure: …"), MIN_NOTIONAL
//!   and the futures codes (-4013/-4014/-4004/-4005/-4023/-4164), precision (-1111),
//!   MAX_NUM_ORDERS; -2010 insufficient balance and duplicate client order id; -2011 cancel of
//!   an unknown or closed order; -2013 query of an unknown order; -1121 unknown symbol.
//! - Orders: MARKET fills at once at the current candle close (spot `fills[]`, 0.1 % commission
//!   in the received asset; futures 0.05 % taker / 0.02 % maker in USDT); LIMIT rests `NEW` with
//!   funds locked until the test calls `fill_order` or moves the market through its price; a
//!   marketable LIMIT fills on arrival; IOC/FOK that cannot fill expire; futures `ACK` (the
//!   default) answers `NEW` even for a MARKET order that has filled.
//! - Benchmarks may list up to 9,999 more spot symbols (`list_synthetic_symbols`), whose
//!   candles are the ETHBTC fixture's with scaled prices (see `synthetic`).
//!
//! # Simplified (say so in adapter tests that depend on it)
//! - One host serves both venues; `spot_url() == futures_url()`.
//! - The market is the fixture replayed up to a "current candle" (default: the last one), not
//!   the server clock: klines never show candles after it, and their closeTime may be long
//!   past. Only the fixture's interval and whole multiples of it up to `1d` are served
//!   (aggregated into UTC-aligned buckets); smaller intervals, `3d`, `1w`, `1M` → -1120.
//!   Fixture rows have no trade counts or taker volumes: klines carry `0` there and a
//!   quote volume of `volume × close`.
//! - No order book: fills happen at the current close or the order's limit price, whole
//!   remainder at once; a candle trading through (touching) a price fills it.
//! - Only LIMIT and MARKET orders on `order` (-1116 otherwise; futures stops -4120), and only
//!   STOP_MARKET / TAKE_PROFIT_MARKET on `algoOrder`, filled at the trigger price; one-way
//!   futures mode (`LONG`/`SHORT` → -4061); cross margin only, no liquidation, mark price =
//!   current close.
//! - Order-count limits (`X-MBX-ORDER-COUNT-*`) are not enforced; `account.canWithdraw` is an
//!   account-level flag the test sets, separate from the key's `withdrawals` permission.
//! - Injected -1007 answers 408 by default (seen from Binance; its docs say any 5xx may also
//!   mean "unknown"); injected 500 / 503 carry -1001 / -1008 JSON, 502 / 504 an HTML page.

mod algo;
mod auth;
mod control;
mod errors;
mod faults;
mod futures;
mod market;
mod orders;
mod params;
mod positions;
mod routes;
mod server;
mod spot;
mod symbols;
mod synthetic;
mod trades;
mod weight;

pub use algo::{AlgoOrder, AlgoStatus, ConditionalType};
pub use auth::{API_KEY_HEADER, DEFAULT_RECV_WINDOW_MS, KeyPermissions, MAX_RECV_WINDOW_MS, sign};
pub use faults::{Fault, FaultTarget};
pub use market::Candle;
pub use orders::{Fill, Order, OrderStatus, OrderType, Side, TimeInForce};
pub use positions::{DEFAULT_LEVERAGE, FuturesPosition, MAX_LEVERAGE};
pub use server::{FakeBinance, RecordedRequest};
pub use spot::SpotBalance;
pub use synthetic::{MAX_SYNTHETIC_SYMBOLS, synthetic_symbol};

/// The response header carrying the minute's used weight.
pub const WEIGHT_HEADER: &str = "x-mbx-used-weight-1m";

/// Which of Binance's APIs a request, limit or order belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Venue {
    /// `api.binance.com`, `/api/v3`.
    Spot,
    /// `fapi.binance.com`, `/fapi/v1` and `/fapi/v2`.
    UsdMFutures,
}
