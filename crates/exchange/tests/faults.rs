//! Every failure the fake Binance can inject, and what the adapter must do about it (design rule
//! 10): reads wait or retry and then succeed; an order whose answer is lost comes back as
//! `UnknownOutcome` and is looked up by client id, never sent a second time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use chrono::TimeDelta;
use common::{Venue, d, id, order, symbol};
use pilothouse_core::market::{
    ExchangeError, Execution, Interval, KlineRange, MarketData, OrderKind, OrderStatus, Side,
};
use pilothouse_exchange::Market;
use reqwest::Method;

const KLINES: &str = "/api/v3/klines";
const ORDER: &str = "/api/v3/order";

#[tokio::test]
async fn a_429_on_a_read_waits_out_retry_after_and_then_succeeds() {
    let venue = Venue::start().await;
    let client = venue.client(Market::Spot);
    venue
        .binance
        .rate_limit_next(KLINES, 1, Duration::from_secs(30));

    let read = tokio::spawn(async move {
        client
            .klines(&symbol("ETHBTC"), Interval::M5, KlineRange::Latest(10))
            .await
    });
    venue.wait_for_requests(KLINES, 1).await;
    tokio::time::sleep(Duration::from_millis(150)).await; // several retry delays of real time
    assert_eq!(
        venue.binance.request_count(),
        1,
        "nothing may be sent during the 30 s the venue asked for"
    );
    assert!(!read.is_finished());

    venue.clock.advance(TimeDelta::seconds(30));
    let candles = tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .expect("the read resumes once Retry-After has passed")
        .unwrap()
        .expect("and succeeds");
    assert_eq!(candles.len(), 10);
    assert_eq!(venue.count(Method::GET, KLINES), 2);
}

#[tokio::test]
async fn a_418_stops_every_request_to_the_venue_until_the_ban_ends() {
    let venue = Venue::start().await;
    let client = venue.client(Market::Spot);
    venue.binance.ban_next(KLINES, 1, Duration::from_secs(120));

    let first = client
        .klines(&symbol("ETHBTC"), Interval::M5, KlineRange::Latest(5))
        .await;
    let until = pilothouse_testkit::t0() + TimeDelta::seconds(120);
    assert_eq!(
        first,
        Err(ExchangeError::Banned {
            venue: "binance-spot",
            until
        })
    );
    let sent = venue.binance.request_count();
    assert!(matches!(
        client.exchange_info().await,
        Err(ExchangeError::Banned { .. })
    ));
    assert!(matches!(
        client.balances().await,
        Err(ExchangeError::Banned { .. })
    ));
    let request = order("ph-banned", "ETHBTC", Side::Buy, OrderKind::Market, "1");
    assert!(matches!(
        client.place(&request).await,
        Err(ExchangeError::Banned { .. })
    ));
    assert_eq!(
        venue.binance.request_count(),
        sent,
        "a banned IP sends nothing, or the ban grows"
    );

    venue.clock.advance(TimeDelta::seconds(120));
    let after = client
        .klines(&symbol("ETHBTC"), Interval::M5, KlineRange::Latest(5))
        .await;
    assert_eq!(after.map(|c| c.len()), Ok(5), "the ban is over");
}

#[tokio::test]
async fn a_5xx_on_a_read_is_retried_until_it_succeeds() {
    let venue = Venue::start().await;
    let client = venue.client(Market::Spot);
    venue.binance.server_error_next(KLINES, 1, 503);
    venue.binance.server_error_next(KLINES, 1, 502);

    let candles = client
        .klines(&symbol("ETHBTC"), Interval::M5, KlineRange::Latest(3))
        .await;
    assert_eq!(candles.map(|c| c.len()), Ok(3));
    assert_eq!(
        venue.count(Method::GET, KLINES),
        3,
        "two failures, one success"
    );
}

#[tokio::test]
async fn a_5xx_on_an_order_is_an_unknown_outcome_looked_up_once_and_never_resent() {
    let venue = Venue::start().await;
    venue.binance.set_balance("BTC", d("1"));
    let client = venue.client(Market::Spot);
    venue.binance.server_error_next(ORDER, 1, 503);

    let request = order("ph-5xx", "ETHBTC", Side::Buy, OrderKind::Market, "0.5");
    let error = client
        .place(&request)
        .await
        .expect_err("the answer was lost");
    assert!(
        matches!(error, ExchangeError::UnknownOutcome { .. }),
        "{error:?}"
    );

    let found = client.order(&symbol("ETHBTC"), &id("ph-5xx")).await;
    assert_eq!(
        found,
        Ok(None),
        "this 503 was refused before the matching engine"
    );
    assert_eq!(
        venue.count(Method::POST, ORDER),
        1,
        "the order was never sent twice"
    );
    assert_eq!(
        venue.count(Method::GET, ORDER),
        1,
        "and looked up exactly once"
    );
}

#[tokio::test]
async fn a_timeout_on_an_order_is_an_unknown_outcome_and_never_resent() {
    let venue = Venue::start().await;
    venue.binance.set_balance("BTC", d("1"));
    let client = venue.client_with(Market::Spot, venue.budget(Market::Spot), |config| {
        config.request_timeout = Duration::from_millis(300);
    });
    client.exchange_info().await.unwrap();
    venue.binance.hang_next(ORDER, 1);

    let request = order("ph-timeout", "ETHBTC", Side::Buy, OrderKind::Market, "0.5");
    let error = client.place(&request).await.expect_err("no answer came");
    assert!(
        matches!(error, ExchangeError::UnknownOutcome { .. }),
        "{error:?}"
    );

    let found = client.order(&symbol("ETHBTC"), &id("ph-timeout")).await;
    assert_eq!(
        found,
        Ok(None),
        "the hung request never reached the exchange"
    );
    assert_eq!(venue.count(Method::POST, ORDER), 1, "never resent");
    assert_eq!(venue.count(Method::GET, ORDER), 1);
}

#[tokio::test]
async fn code_1007_where_the_order_was_placed_is_unknown_and_the_lookup_finds_it_filled() {
    let venue = Venue::start().await;
    venue.binance.set_balance("BTC", d("1"));
    let client = venue.client(Market::Spot);
    venue.binance.unknown_outcome_next(Method::POST, ORDER, 1);

    let request = order("ph-1007", "ETHBTC", Side::Buy, OrderKind::Market, "0.5");
    let error = client
        .place(&request)
        .await
        .expect_err("-1007: status unknown");
    assert!(
        matches!(error, ExchangeError::UnknownOutcome { .. }),
        "{error:?}"
    );

    let found = client
        .order(&symbol("ETHBTC"), &id("ph-1007"))
        .await
        .unwrap()
        .expect("the venue did place it");
    assert_eq!(found.status, OrderStatus::Filled);
    assert_eq!(found.executed_quantity, d("0.5"));
    assert_eq!(venue.count(Method::POST, ORDER), 1, "looked up, not resent");
    assert_eq!(venue.binance.orders().len(), 1, "exactly one order exists");
}

#[tokio::test]
async fn malformed_json_on_a_read_is_malformed_and_on_an_order_is_unknown() {
    let venue = Venue::start().await;
    venue.binance.set_balance("BTC", d("1"));
    let client = venue.client(Market::Spot);
    venue.binance.malformed_json_next(KLINES, 1);
    let read = client
        .klines(&symbol("ETHBTC"), Interval::M5, KlineRange::Latest(3))
        .await;
    assert!(
        matches!(read, Err(ExchangeError::Malformed { .. })),
        "{read:?}"
    );
    assert_eq!(
        venue.count(Method::GET, KLINES),
        1,
        "a garbled answer is not retried"
    );

    client.exchange_info().await.unwrap();
    venue.binance.malformed_json_next(ORDER, 1);
    let request = order("ph-garbled", "ETHBTC", Side::Buy, OrderKind::Market, "0.5");
    let placed = client.place(&request).await;
    assert!(
        matches!(placed, Err(ExchangeError::UnknownOutcome { .. })),
        "the venue acted on the order but we cannot read what it did: {placed:?}"
    );
    let found = client
        .order(&symbol("ETHBTC"), &id("ph-garbled"))
        .await
        .unwrap();
    assert_eq!(found.map(|r| r.status), Some(OrderStatus::Filled));
}

#[tokio::test]
async fn clock_skew_is_resynced_and_the_request_then_succeeds() {
    let venue = Venue::start().await;
    let client = venue.client(Market::Spot);
    client
        .balances()
        .await
        .expect("first signed call syncs the time");
    assert_eq!(venue.count(Method::GET, "/api/v3/time"), 1);

    venue.binance.skew_clock(TimeDelta::seconds(30));
    client
        .balances()
        .await
        .expect("-1021, resync, one more try");

    assert_eq!(venue.count(Method::GET, "/api/v3/time"), 2, "resynced once");
    assert_eq!(
        venue.count(Method::GET, "/api/v3/account"),
        3,
        "the refused request was sent once more, newly signed"
    );
    assert_eq!(
        client.server_time_offset(),
        Some(TimeDelta::seconds(30)),
        "the offset follows the server"
    );
}
