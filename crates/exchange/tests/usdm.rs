//! Binance USD-M futures through the same adapter: a market order opens a position, the wallet
//! shows the margin it holds, reduce-only closes it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Venue, d, id, order, symbol};
use pilothouse_core::market::{Execution, MarketData, OrderKind, OrderStatus, Side};
use pilothouse_exchange::Market;

#[tokio::test]
async fn a_futures_market_order_fills_and_opens_a_position() {
    let venue = Venue::start().await;
    venue.binance.set_futures_balance("USDT", d("1000"));
    let client = venue.client(Market::UsdM);
    let price = venue.binance.price("XRPUSDT").unwrap();

    let request = order("ph-f-1", "XRPUSDT", Side::Buy, OrderKind::Market, "100");
    let report = client.place(&request).await.unwrap();
    assert_eq!(
        report.status,
        OrderStatus::Filled,
        "RESULT gives the final state"
    );
    assert_eq!(report.average_price(), Some(price));
    assert!(
        report.note.is_some(),
        "futures answers carry no fees: the report says so"
    );

    let positions = client.positions().await.unwrap();
    assert_eq!(positions.len(), 1);
    assert_eq!(positions[0].symbol, symbol("XRPUSDT"));
    assert_eq!(positions[0].quantity, d("100"));
    assert_eq!(positions[0].entry_price, price);

    let balances = client.balances().await.unwrap();
    let usdt = balances.iter().find(|b| b.asset == "USDT").unwrap();
    assert!(usdt.locked > d("0"), "the position holds margin: {usdt:?}");

    let mut close = order("ph-f-2", "XRPUSDT", Side::Sell, OrderKind::Market, "100");
    close.reduce_only = true;
    client.place(&close).await.unwrap();
    assert!(
        client.positions().await.unwrap().is_empty(),
        "reduce-only closed it"
    );
    let sent = venue.binance.order("ph-f-2").unwrap();
    assert!(sent.reduce_only, "reduceOnly=true reached the venue");
}

#[tokio::test]
async fn a_futures_limit_order_rests_and_is_found_then_cancelled() {
    let venue = Venue::start().await;
    venue.binance.set_futures_balance("USDT", d("1000"));
    let client = venue.client(Market::UsdM);
    let below = (venue.binance.price("XRPUSDT").unwrap() * d("0.9")).round_dp(4);

    let request = order(
        "ph-f-3",
        "XRPUSDT",
        Side::Buy,
        OrderKind::Limit { price: below },
        "50",
    );
    assert_eq!(
        client.place(&request).await.unwrap().status,
        OrderStatus::Acknowledged
    );
    let found = client
        .order(&symbol("XRPUSDT"), &id("ph-f-3"))
        .await
        .unwrap();
    assert_eq!(found.map(|r| r.status), Some(OrderStatus::Acknowledged));
    let cancelled = client
        .cancel(&symbol("XRPUSDT"), &id("ph-f-3"))
        .await
        .unwrap();
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
}

#[tokio::test]
async fn futures_symbol_rules_and_permissions_are_read() {
    let venue = Venue::start().await;
    let client = venue.client(Market::UsdM);
    let info = client.exchange_info().await.unwrap();
    let xrp = info.iter().find(|s| s.symbol == symbol("XRPUSDT")).unwrap();
    assert_eq!(
        xrp.filters.min_notional,
        d("5"),
        "MIN_NOTIONAL's `notional` on futures"
    );
    let permissions = client.permissions().await.unwrap();
    assert!(permissions.can_trade);
    assert_eq!(
        permissions.ip_restricted, None,
        "not known from the futures host"
    );
}

#[tokio::test]
async fn a_futures_order_below_the_minimum_notional_is_refused_unsent() {
    let venue = Venue::start().await;
    let client = venue.client(Market::UsdM);
    client.exchange_info().await.unwrap();
    let before = venue.binance.request_count();
    let request = order(
        "ph-f-4",
        "XRPUSDT",
        Side::Buy,
        OrderKind::Limit { price: d("0.5") },
        "1",
    );
    let refused = client.place(&request).await;
    assert!(refused.is_err(), "1 × 0.5 USDT is under the 5 USDT minimum");
    assert_eq!(venue.binance.request_count(), before);
}

#[tokio::test]
async fn leverage_is_set_per_futures_symbol_and_refused_on_spot_unsent() {
    let venue = Venue::start().await;
    let futures = venue.client(Market::UsdM);
    let set = futures.set_leverage(&symbol("XRPUSDT"), 10).await.unwrap();
    assert_eq!(set, 10, "the leverage in force, as Binance answers it");
    assert_eq!(venue.binance.position("XRPUSDT").leverage, 10);
    let too_high = futures.set_leverage(&symbol("XRPUSDT"), 500).await;
    assert!(
        matches!(
            too_high,
            Err(pilothouse_core::market::ExchangeError::Rejected {
                code: Some(-4028),
                ..
            })
        ),
        "{too_high:?}"
    );

    let spot = venue.client(Market::Spot);
    let before = venue.binance.request_count();
    let refused = spot.set_leverage(&symbol("ETHBTC"), 5).await;
    assert!(
        matches!(&refused, Err(pilothouse_core::market::ExchangeError::Invalid(f)) if f.field == "leverage"),
        "{refused:?}"
    );
    assert_eq!(venue.binance.request_count(), before, "nothing was sent");
}
