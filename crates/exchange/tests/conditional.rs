//! USD-M stop-market orders go to Binance's Algo Service (`/fapi/v1/algoOrder`): Binance has
//! refused them on `/fapi/v1/order` with -4120 since 2025-12-09, and so does the fake. Placed,
//! found, listed and cancelled there; once triggered, found as the order they became.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Venue, d, id, order, symbol};
use pilothouse_core::market::{Execution, OrderKind, OrderStatus, Side};
use pilothouse_exchange::Market;
use pilothouse_testkit::binance::AlgoStatus;
use reqwest::Method;

const ALGO_ORDER: &str = "/fapi/v1/algoOrder";

/// A reduce-only sell stop 1 % under the market, with a long position to protect.
async fn protected_long(venue: &Venue, client_id: &str) -> pilothouse_exchange::BinanceClient {
    venue.binance.set_futures_balance("USDT", d("1000"));
    let client = venue.client(Market::UsdM);
    let open = order("ph-open", "XRPUSDT", Side::Buy, OrderKind::Market, "100");
    client.place(&open).await.unwrap();
    let stop = (venue.binance.price("XRPUSDT").unwrap() * d("0.99")).round_dp(4);
    let mut request = order(
        client_id,
        "XRPUSDT",
        Side::Sell,
        OrderKind::StopMarket { stop },
        "100",
    );
    request.reduce_only = true;
    let placed = client.place(&request).await.unwrap();
    assert_eq!(
        placed.status,
        OrderStatus::Acknowledged,
        "waiting for its trigger"
    );
    assert_eq!(placed.client_order_id, id(client_id));
    client
}

#[tokio::test]
async fn a_futures_stop_market_goes_to_the_algo_service_and_is_found_listed_and_cancelled() {
    let venue = Venue::start().await;
    let client = protected_long(&venue, "ph-stop-1").await;
    assert_eq!(venue.count(Method::POST, ALGO_ORDER), 1);
    assert_eq!(
        venue.count(Method::POST, "/fapi/v1/order"),
        1,
        "only the opening market order used the order endpoint"
    );
    let algo = venue
        .binance
        .algo_order("ph-stop-1")
        .expect("the Algo Service has it");
    assert!(algo.reduce_only, "reduceOnly reached the venue");

    let found = client
        .order(&symbol("XRPUSDT"), &id("ph-stop-1"))
        .await
        .unwrap()
        .expect("found on the Algo Service");
    assert_eq!(found.status, OrderStatus::Acknowledged);
    let open = client.open_orders(Some(&symbol("XRPUSDT"))).await.unwrap();
    assert!(
        open.iter().any(|o| o.client_order_id == id("ph-stop-1")),
        "open algo orders are listed with the open orders: {open:?}"
    );

    let cancelled = client
        .cancel(&symbol("XRPUSDT"), &id("ph-stop-1"))
        .await
        .unwrap();
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    assert_eq!(
        venue.binance.algo_order("ph-stop-1").map(|a| a.status),
        Some(AlgoStatus::Canceled)
    );
    assert_eq!(venue.count(Method::DELETE, ALGO_ORDER), 1);
}

#[tokio::test]
async fn a_triggered_stop_is_found_as_the_order_it_became_with_its_fills() {
    let venue = Venue::start().await;
    // 1,900 five-minute candles back: the fixture holds 1,999.
    let earlier = venue
        .binance
        .current_candle("XRPUSDT")
        .unwrap()
        .open_time_ms
        - 1_900 * 300_000;
    venue
        .binance
        .set_market_time(
            "XRPUSDT",
            chrono::DateTime::from_timestamp_millis(earlier).unwrap(),
        )
        .unwrap();
    let client = protected_long(&venue, "ph-stop-2").await;
    for _ in 0..1_900 {
        if venue.binance.algo_order("ph-stop-2").unwrap().status != AlgoStatus::New {
            break;
        }
        venue.binance.advance_market("XRPUSDT", 1).unwrap();
    }
    let algo = venue.binance.algo_order("ph-stop-2").unwrap();
    assert_eq!(
        algo.status,
        AlgoStatus::Finished,
        "the market fell 1 % at some point"
    );

    let found = client
        .order(&symbol("XRPUSDT"), &id("ph-stop-2"))
        .await
        .unwrap()
        .expect("found");
    assert_eq!(found.client_order_id, id("ph-stop-2"), "under its own id");
    assert_eq!(found.status, OrderStatus::Filled);
    assert_eq!(found.executed_quantity, d("100"));
    assert_eq!(found.fills.len(), 1);
    assert_eq!(found.fills[0].price, algo.trigger_price);
    assert!(
        found.fills[0].fee > d("0"),
        "the taker fee of the triggered order"
    );
    assert_eq!(
        found.venue_order_id,
        algo.actual_order_id.map(|o| o.to_string())
    );
    assert!(
        client.positions().await.unwrap().is_empty(),
        "the stop closed the long"
    );
}
