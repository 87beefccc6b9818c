//! Venue adapters: the code that turns the core ports ([`MarketData`], [`Execution`]) into HTTP
//! requests to a real exchange, and the venue's answers back into core types.
//!
//! Everything venue-specific stays inside its folder (`binance/`: client, models, parse, error,
//! design rule 10): Binance's JSON shapes never leave it, its enums are mapped by explicit
//! `match`, and every failure is classified as retry-later, unknown-outcome or fatal before it
//! reaches the App. Every request of a venue, from every bot and every adapter in the process,
//! draws on one shared [`WeightBudget`], because Binance limits the IP, not the caller.
//!
//! This crate holds no keys of its own (they arrive as `secrecy::SecretString`), owns no storage,
//! and reads time only through the [`Clock`](pilothouse_core::Clock) it is given.
//!
//! [`MarketData`]: pilothouse_core::market::MarketData
//! [`Execution`]: pilothouse_core::market::Execution

pub mod binance;
pub mod budget;
pub mod replay;

pub use binance::{BinanceClient, BinanceConfig, Credentials, Market};
pub use budget::{BudgetSnapshot, Budgets, Reservation, WeightBudget};
pub use replay::{Replay, load_recording};

/// The ports' boxed future (`futures_core::future::BoxFuture`, spelled out).
pub(crate) type BoxFuture<'a, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
