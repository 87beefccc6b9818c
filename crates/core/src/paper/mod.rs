//! The paper venue: a simulated exchange account that fills orders against real prices, so a
//! bot can be tried without risking money, and a backtest can run the very same fills on
//! recorded candles. It is pure (design rule 1): no clock (every operation is given its
//! instant), no IO, and its whole state is plain serde data, so the app can save it after
//! every change and restore it on start. The `Execution` port adapter wraps it later.
//!
//! # Conventions
//!
//! - **Fees** are always charged in the **quote asset**. A spot buy pays notional + fee (the
//!   base asset arrives whole); a spot sell receives notional − fee; futures fees come out of
//!   the margin balance (the quote asset). Market orders, triggered stops and limits that are
//!   marketable when placed pay the taker rate; resting limits that fill pay the maker rate.
//! - **Slippage** always goes against the trader: market fills are at last × (1 + s) for buys
//!   and last × (1 − s) for sells; triggered stops likewise at stop × (1 ± s). Resting limits
//!   fill at exactly their limit. A limit the market has already passed fills at once, at the
//!   slipped market price but never beyond its limit. Prices are not rounded to the tick.
//! - **Candles** are walked adverse-first (see `path`): a stop-loss and a take-profit inside
//!   one candle fill stop-loss first, and the fill's note says so.
//! - **Spot** is long only; resting orders lock what they will use (buys: quote cost + fee at
//!   the fill price; sells: the base quantity), cancelling releases it.
//! - **Futures** are USD-M style: isolated margin (notional / leverage) in the quote asset,
//!   one-way mode (one signed position per symbol), leverage 1..=[`MAX_LEVERAGE`] per symbol
//!   (default [`DEFAULT_LEVERAGE`]), realised PnL on every reduce, liquidation at
//!   entry × (1 ∓ 1/leverage ± [`MAINTENANCE_MARGIN_RATE`]). A close never costs more than the
//!   margin it frees (the venue's insurance fund takes the rest). Resting orders that may open
//!   a position lock margin + fee; reduce-only orders lock nothing and are cancelled when the
//!   position they reduce is gone.
//! - **Amounts** that move a balance (notionals, fees, margins, PnL) are rounded to
//!   [`MONEY_DECIMALS`] places, half to even, so balances and locks add up exactly.
//! - **All or nothing**: an operation that returns an error has changed nothing.
//! - **Not simulated**: partial fills and order-book depth (every fill is whole), funding
//!   payments, tiered maintenance margin, cross margin, and hedge mode. Final orders are kept
//!   for lookup by client id; pruning them is the persisting layer's call.

mod account;
mod candle;
mod config;
mod feed;
mod fill;
mod overview;
mod path;
mod place;
mod settle;
mod setup;
mod state;

#[cfg(test)]
mod tests;

use rust_decimal::Decimal;

pub use account::PaperAccount;
pub use config::{PaperConfig, PaperMode};
pub use overview::{PaperOpenOrder, PaperOverview, ReplayDataset};
pub use setup::{MAX_REPLAY_SPEED, PaperMarket, PaperSetup, StartingBalance};
pub use state::liquidation_price;

/// The venue name in the paper account's errors.
pub const VENUE: &str = "paper";

/// Maintenance margin rate of the liquidation estimate: 0.4 %, Binance USD-M's first tier for
/// BTCUSDT (positions up to 50 000 USDT of notional).
pub const MAINTENANCE_MARGIN_RATE: Decimal = Decimal::from_parts(4, 0, 0, false, 3);

/// Decimal places of every amount that moves a balance (Binance keeps balances to 8).
pub const MONEY_DECIMALS: u32 = 8;

/// Futures leverage of a symbol nobody set one for: unleveraged, so a paper account never
/// borrows unless asked to.
pub const DEFAULT_LEVERAGE: u32 = 1;

/// Highest futures leverage (Binance's for BTCUSDT).
pub const MAX_LEVERAGE: u32 = 125;
