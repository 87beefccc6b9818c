//! Candles and symbol rules from the fake Binance, which replays real recorded candles
//! (crates/testkit/fixtures): what the adapter returns must be exactly what was recorded.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, TimeDelta};
use common::{Venue, d, symbol};
use pilothouse_core::market::{Candle, Interval, KlineRange, MarketData};
use pilothouse_exchange::Market;
use reqwest::Method;

/// The last `n` rows of a testkit fixture CSV (`open_time,open,high,low,close,volume`).
fn recorded(file: &str, n: usize, length: TimeDelta) -> Vec<Candle> {
    let path = format!("{}/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the fixture is there");
    let rows: Vec<&str> = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .collect();
    rows[rows.len() - n..]
        .iter()
        .map(|line| {
            let f: Vec<&str> = line.trim().split(',').collect();
            let open_time = DateTime::from_timestamp_millis(f[0].parse().unwrap()).unwrap();
            Candle {
                open_time,
                close_time: open_time + length - TimeDelta::milliseconds(1),
                open: d(f[1]),
                high: d(f[2]),
                low: d(f[3]),
                close: d(f[4]),
                volume: d(f[5]),
            }
        })
        .collect()
}

#[tokio::test]
async fn a_thousand_spot_klines_equal_the_recorded_candles() {
    let venue = Venue::start().await;
    let client = venue.client(Market::Spot);
    let candles = client
        .klines(&symbol("ETHBTC"), Interval::M5, KlineRange::Latest(1000))
        .await
        .unwrap();
    let expected = recorded("ETHBTC-5m.csv", 1000, TimeDelta::minutes(5));
    assert_eq!(candles.len(), 1000);
    assert_eq!(
        candles, expected,
        "every candle, every decimal, oldest first"
    );
}

#[tokio::test]
async fn futures_klines_equal_the_recorded_candles() {
    let venue = Venue::start().await;
    let client = venue.client(Market::UsdM);
    let candles = client
        .klines(&symbol("XRPUSDT"), Interval::M5, KlineRange::Latest(500))
        .await
        .unwrap();
    assert_eq!(
        candles,
        recorded("XRPUSDT-perp-5m.csv", 500, TimeDelta::minutes(5))
    );
    let sent = venue.binance.requests();
    assert_eq!(sent[0].path, "/fapi/v1/klines");
}

#[tokio::test]
async fn a_range_of_klines_is_asked_by_start_and_end_time() {
    let venue = Venue::start().await;
    let client = venue.client(Market::Spot);
    let all = recorded("ETHBTC-5m.csv", 100, TimeDelta::minutes(5));
    let (from, to) = (all[10].open_time, all[19].open_time);
    let candles = client
        .klines(
            &symbol("ETHBTC"),
            Interval::M5,
            KlineRange::Between { from, to },
        )
        .await
        .unwrap();
    assert_eq!(candles, all[10..20].to_vec(), "both ends included");
    let sent = &venue.binance.requests()[0];
    assert_eq!(
        sent.param("startTime"),
        Some(from.timestamp_millis().to_string())
    );
    assert_eq!(
        sent.param("endTime"),
        Some(to.timestamp_millis().to_string())
    );
}

#[tokio::test]
async fn a_bad_range_is_refused_without_a_request() {
    let venue = Venue::start().await;
    let client = venue.client(Market::Spot);
    let refused = client
        .klines(&symbol("ETHBTC"), Interval::M5, KlineRange::Latest(1001))
        .await;
    assert!(refused.is_err());
    assert_eq!(venue.binance.request_count(), 0);
}

#[tokio::test]
async fn exchange_info_is_fetched_once_per_hour() {
    let venue = Venue::start().await;
    let client = venue.client(Market::Spot);
    let info = client.exchange_info().await.unwrap();
    let ethbtc = info.iter().find(|s| s.symbol == symbol("ETHBTC")).unwrap();
    assert_eq!(ethbtc.filters.step_size, d("0.0001"));
    assert_eq!(
        ethbtc.filters.min_notional,
        d("0.0001"),
        "spot's NOTIONAL filter"
    );
    client.exchange_info().await.unwrap();
    venue.clock.advance(TimeDelta::minutes(59));
    client.exchange_info().await.unwrap();
    assert_eq!(
        venue.count(Method::GET, "/api/v3/exchangeInfo"),
        1,
        "cached for an hour"
    );
    venue.clock.advance(TimeDelta::minutes(1));
    client.exchange_info().await.unwrap();
    assert_eq!(
        venue.count(Method::GET, "/api/v3/exchangeInfo"),
        2,
        "then fetched again"
    );
}
