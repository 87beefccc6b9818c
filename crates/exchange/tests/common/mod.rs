//! What the adapter tests share: a fake Binance on 127.0.0.1 whose clock is the test's manual
//! clock, a client of it with the documented example key, and bounded waits on what the fake
//! has seen. Each test target uses a subset.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use pilothouse_core::market::{ClientOrderId, OrderKind, OrderRequest, Side, Symbol};
use pilothouse_core::{Clock, ManualClock};
use pilothouse_exchange::{BinanceClient, BinanceConfig, Credentials, Market, WeightBudget};
use pilothouse_testkit::binance::{FakeBinance, KeyPermissions};
use reqwest::Method;
use rust_decimal::Decimal;

/// The key pair of Binance's signed-endpoint examples.
pub const KEY: &str = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
pub const SECRET: &str = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

pub struct Venue {
    pub binance: FakeBinance,
    pub clock: ManualClock,
}

impl Venue {
    /// A fake Binance on a manual clock, with [`KEY`] allowed to trade spot and futures.
    pub async fn start() -> Self {
        let clock = ManualClock::new(pilothouse_testkit::t0());
        let binance = FakeBinance::start_with_clock(Arc::new(clock.clone()))
            .await
            .expect("the fake Binance starts");
        binance.add_key(KEY, SECRET, KeyPermissions::TRADING);
        Self { binance, clock }
    }

    pub fn clock(&self) -> Arc<dyn Clock> {
        Arc::new(self.clock.clone())
    }

    /// A budget as large as the fake's limit for `market` (spot 6000, futures 2400).
    pub fn budget(&self, market: Market) -> Arc<WeightBudget> {
        let limit = match market {
            Market::Spot => 6_000,
            Market::UsdM => 2_400,
        };
        Arc::new(WeightBudget::new(market.venue(), limit, self.clock()))
    }

    /// A client with [`KEY`], fast retries and a short timeout.
    pub fn client(&self, market: Market) -> BinanceClient {
        self.client_with(market, self.budget(market), |_| {})
    }

    pub fn client_with(
        &self,
        market: Market,
        budget: Arc<WeightBudget>,
        configure: impl FnOnce(&mut BinanceConfig),
    ) -> BinanceClient {
        let mut config = BinanceConfig::new(market, self.binance.base_url());
        config.retry_delay = Duration::from_millis(10);
        config.request_timeout = Duration::from_secs(2);
        configure(&mut config);
        let credentials = Credentials::new(KEY.into(), SECRET.into());
        BinanceClient::new(config, Some(credentials), budget, self.clock())
            .expect("the client builds")
    }

    /// How many `method` requests reached `path`.
    pub fn count(&self, method: Method, path: &str) -> usize {
        self.binance
            .requests()
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }

    /// Waits (at most 5 s of real time) until `path` has received `n` requests.
    pub async fn wait_for_requests(&self, path: &str, n: usize) {
        let reached = tokio::time::timeout(Duration::from_secs(5), async {
            while self
                .binance
                .requests()
                .iter()
                .filter(|r| r.path == path)
                .count()
                < n
            {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await;
        assert!(reached.is_ok(), "{path} never received {n} requests");
    }
}

pub fn d(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

pub fn symbol(text: &str) -> Symbol {
    Symbol::parse(text).expect("a symbol")
}

pub fn id(text: &str) -> ClientOrderId {
    ClientOrderId::parse(text).expect("a client order id")
}

pub fn order(
    client_id: &str,
    symbol_text: &str,
    side: Side,
    kind: OrderKind,
    qty: &str,
) -> OrderRequest {
    OrderRequest {
        client_order_id: id(client_id),
        symbol: symbol(symbol_text),
        side,
        kind,
        quantity: d(qty),
        reduce_only: false,
    }
}
