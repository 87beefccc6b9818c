//! The fake Binance's synthetic symbols, which benchmarks use to fetch the candles of a
//! thousand markets: each is its own symbol with its own rules, and its candles are the
//! recorded ETHBTC series with every price × (1000 + n), so they are known exactly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use chrono::TimeDelta;
use common::{Venue, d, symbol};
use pilothouse_core::market::{Interval, KlineRange, MarketData};
use pilothouse_exchange::{Market, WeightBudget};
use pilothouse_testkit::binance::{Venue as FakeVenue, synthetic_symbol};
use reqwest::Method;
use rust_decimal::Decimal;

#[tokio::test]
async fn a_thousand_synthetic_symbols_each_serve_their_own_rules_and_candles() {
    let venue = Venue::start().await;
    let names = venue.binance.list_synthetic_symbols(1_000).unwrap();
    assert_eq!(names.len(), 1_000);
    assert_eq!(
        (names[0].as_str(), names[999].as_str()),
        ("SYM0001USDT", "SYM1000USDT")
    );
    venue.binance.set_weight_limit(FakeVenue::Spot, u32::MAX);
    let budget = Arc::new(WeightBudget::new(
        Market::Spot.venue(),
        u32::MAX,
        venue.clock(),
    ));
    let client = venue.client_with(Market::Spot, budget, |_| {});

    let info = client.exchange_info().await.unwrap();
    let first = info
        .iter()
        .find(|s| s.symbol == symbol("SYM0001USDT"))
        .unwrap();
    assert_eq!(first.base_asset, "SYM0001");
    assert_eq!(first.quote_asset, "USDT");
    assert_eq!(first.filters.tick_size, d("0.01"));
    assert_eq!(first.filters.min_notional, d("5"));
    assert_eq!(info.len(), 2 + 1_000, "ETHBTC, ALTBTC and the thousand");

    let source = client
        .klines(&symbol("ETHBTC"), Interval::M5, KlineRange::Latest(3))
        .await
        .unwrap();
    let mut last_closes = Vec::new();
    for (n, name) in names.iter().enumerate() {
        let candles = client
            .klines(&symbol(name), Interval::M5, KlineRange::Latest(3))
            .await
            .unwrap();
        let scale = Decimal::from(1_000 + n + 1);
        assert_eq!(candles.len(), 3, "{name}");
        for (candle, recorded) in candles.iter().zip(&source) {
            assert_eq!(candle.open_time, recorded.open_time, "{name}: same times");
            assert_eq!(
                candle.close,
                recorded.close * scale,
                "{name}: price × {scale}"
            );
            assert_eq!(candle.volume, recorded.volume, "{name}: same volume");
        }
        last_closes.push(candles[2].close);
    }
    last_closes.dedup();
    assert_eq!(last_closes.len(), 1_000, "no two symbols share a price");
    assert_eq!(venue.count(Method::GET, "/api/v3/klines"), 1_001);
    assert_eq!(synthetic_symbol(42), "SYM0042USDT");
    let (count, closes_match) = a_full_hour(&client).await;
    assert_eq!(count, 12, "an hour aggregates twelve 5m candles");
    assert!(closes_match, "an hour closes at its last 5m candle's close");
}

/// The five-minute candles of SYM0007USDT's last full hour, and whether the hourly candle's
/// close is the last of them.
async fn a_full_hour(client: &pilothouse_exchange::BinanceClient) -> (usize, bool) {
    let hourly = client
        .klines(&symbol("SYM0007USDT"), Interval::H1, KlineRange::Latest(2))
        .await
        .unwrap();
    let five = client
        .klines(
            &symbol("SYM0007USDT"),
            Interval::M5,
            KlineRange::Latest(1_000),
        )
        .await
        .unwrap();
    let hour = &hourly[0];
    let inside: Vec<_> = five
        .iter()
        .filter(|c| {
            c.open_time >= hour.open_time && c.open_time < hour.open_time + TimeDelta::hours(1)
        })
        .collect();
    let closes_match = inside.last().is_some_and(|c| c.close == hour.close);
    (inside.len(), closes_match)
}
