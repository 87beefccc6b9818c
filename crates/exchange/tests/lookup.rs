//! An order whose answer was lost is looked up by client order id (design rule 10). Binance's
//! order query gives totals only, so the adapter reads the order's trades to report each fill's
//! price and fee, and reads them only when something executed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Venue, d, id, order, symbol};
use pilothouse_core::market::{ExchangeError, Execution, OrderKind, OrderStatus, Side};
use pilothouse_exchange::Market;
use pilothouse_testkit::binance::Venue as FakeVenue;
use reqwest::Method;

const SPOT_ORDER: &str = "/api/v3/order";
const SPOT_TRADES: &str = "/api/v3/myTrades";
const FUTURES_ORDER: &str = "/fapi/v1/order";
const FUTURES_TRADES: &str = "/fapi/v1/userTrades";

#[tokio::test]
async fn a_spot_order_placed_under_1007_and_found_by_client_id_has_its_fills_and_fees() {
    let venue = Venue::start().await;
    venue.binance.set_balance("BTC", d("1"));
    let client = venue.client(Market::Spot);
    venue
        .binance
        .unknown_outcome_next(Method::POST, SPOT_ORDER, 1);
    let request = order("ph-lost-1", "ETHBTC", Side::Buy, OrderKind::Market, "0.5");
    let lost = client.place(&request).await;
    assert!(
        matches!(lost, Err(ExchangeError::UnknownOutcome { .. })),
        "{lost:?}"
    );

    let found = client
        .order(&symbol("ETHBTC"), &id("ph-lost-1"))
        .await
        .unwrap()
        .expect("the venue did place it");
    let recorded = venue.binance.order("ph-lost-1").unwrap();
    assert_eq!(found.status, OrderStatus::Filled);
    assert_eq!(found.fills.len(), recorded.fills.len());
    for (fill, fake) in found.fills.iter().zip(&recorded.fills) {
        assert_eq!(fill.price, fake.price, "the fill's own price");
        assert_eq!(fill.quantity, fake.qty);
        assert_eq!(fill.fee, fake.commission, "the fee the venue charged");
        assert_eq!(fill.fee_asset, "ETH", "spot charges in the asset received");
    }
    assert!(found.fills.iter().all(|f| f.fee > d("0")));
    assert_eq!(found.note, None, "nothing was estimated");
    let trades = venue
        .binance
        .requests()
        .into_iter()
        .find(|r| r.path == SPOT_TRADES)
        .expect("the trades were read");
    assert_eq!(
        trades.param("orderId"),
        Some(recorded.order_id.to_string()),
        "asked by orderId (weight 5, not 20)"
    );
    assert_eq!(venue.count(Method::POST, SPOT_ORDER), 1, "never resent");
}

#[tokio::test]
async fn a_futures_order_placed_under_1007_and_found_has_its_usdt_fees() {
    let venue = Venue::start().await;
    venue.binance.set_futures_balance("USDT", d("1000"));
    let client = venue.client(Market::UsdM);
    venue
        .binance
        .unknown_outcome_next(Method::POST, FUTURES_ORDER, 1);
    let request = order("ph-lost-2", "XRPUSDT", Side::Buy, OrderKind::Market, "100");
    assert!(client.place(&request).await.is_err());
    let before = venue.binance.used_weight(FakeVenue::UsdMFutures);

    let found = client
        .order(&symbol("XRPUSDT"), &id("ph-lost-2"))
        .await
        .unwrap()
        .expect("placed");
    let recorded = venue.binance.order("ph-lost-2").unwrap();
    assert_eq!(found.executed_quantity, d("100"));
    assert_eq!(found.fills.len(), 1);
    assert_eq!(found.fills[0].fee, recorded.fills[0].commission);
    assert_eq!(found.fills[0].fee_asset, "USDT");
    assert_eq!(venue.count(Method::GET, FUTURES_TRADES), 1);
    assert_eq!(
        venue.binance.used_weight(FakeVenue::UsdMFutures) - before,
        1 + 5,
        "the query (1) and the trade list (5) are both charged"
    );
}

#[tokio::test]
async fn looking_up_an_order_that_executed_nothing_reads_no_trades() {
    let venue = Venue::start().await;
    venue.binance.set_balance("BTC", d("1"));
    let client = venue.client(Market::Spot);
    let below = (venue.binance.price("ETHBTC").unwrap() * d("0.9")).round_dp(5);
    venue
        .binance
        .unknown_outcome_next(Method::POST, SPOT_ORDER, 1);
    let request = order(
        "ph-lost-3",
        "ETHBTC",
        Side::Buy,
        OrderKind::Limit { price: below },
        "0.5",
    );
    assert!(client.place(&request).await.is_err());

    let found = client
        .order(&symbol("ETHBTC"), &id("ph-lost-3"))
        .await
        .unwrap()
        .expect("placed, resting");
    assert_eq!(found.status, OrderStatus::Acknowledged);
    assert!(found.fills.is_empty());
    assert_eq!(
        venue.count(Method::GET, SPOT_TRADES),
        0,
        "nothing executed, so there is no trade to read"
    );
}
