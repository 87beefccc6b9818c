//! Binance, spot and USD-M futures, in one folder (NautilusTrader's habit): `client` sends and
//! signs, `models` is the venue's JSON, `parse` maps it to core types, `error` classifies
//! failures, `market` holds what differs between spot and futures, `data` / `trade`
//! implement the core `MarketData` and `Execution` ports, and `conditional` sends USD-M stops to
//! Binance's Algo Service. Only the client, its configuration, the market profile and the
//! credentials type are public: venue types never leave this folder.

mod client;
mod conditional;
mod data;
mod error;
mod market;
mod models;
mod parse;
mod sign;
mod trade;

use std::future::Future;
use std::pin::Pin;

pub use client::{BinanceClient, BinanceConfig};
pub use market::Market;
pub use sign::{Credentials, DEFAULT_RECV_WINDOW_MS};

/// The ports' boxed future (`futures_core::future::BoxFuture`, spelled out).
type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
