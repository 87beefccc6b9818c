//! Binance spot through the adapter, against the fake Binance: signed requests are accepted,
//! orders carry our client id and come back as core reports, and the symbol's filters refuse a
//! bad order before anything is sent.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{KEY, Venue, d, id, order, symbol};
use pilothouse_core::market::{ExchangeError, Execution, MarketData, OrderKind, OrderStatus, Side};
use pilothouse_exchange::{BinanceClient, BinanceConfig, Credentials, Market};
use pilothouse_testkit::binance::KeyPermissions;
use reqwest::Method;

#[tokio::test]
async fn a_signed_request_passes_binances_signature_and_timing_checks() {
    let venue = Venue::start().await;
    venue.binance.set_balance("BTC", d("1.5"));
    let client = venue.client(Market::Spot);

    let balances = client
        .balances()
        .await
        .expect("the fake accepts our signature");
    let btc = balances
        .iter()
        .find(|b| b.asset == "BTC")
        .expect("BTC is funded");
    assert_eq!(btc.free, d("1.5"));

    let account = venue
        .binance
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/v3/account")
        .expect("the account was asked");
    assert_eq!(
        account.header("x-mbx-apikey"),
        Some(KEY),
        "the key travels in the header"
    );
    assert_eq!(account.param("recvWindow").as_deref(), Some("5000"));
    assert!(
        account.query.ends_with(&format!(
            "&signature={}",
            account.param("signature").unwrap()
        )),
        "the signature is the last parameter of the query string: {}",
        account.query
    );
}

#[tokio::test]
async fn a_wrong_secret_is_an_auth_error_not_a_retry() {
    let venue = Venue::start().await;
    let config = BinanceConfig::new(Market::Spot, venue.binance.base_url());
    let credentials = Credentials::new(KEY.into(), "not-the-secret".into());
    let client = BinanceClient::new(
        config,
        Some(credentials),
        venue.budget(Market::Spot),
        venue.clock(),
    )
    .unwrap();
    let error = client.balances().await.expect_err("-1022 must not pass");
    assert!(matches!(error, ExchangeError::Auth { .. }), "{error:?}");
    assert_eq!(
        venue.count(Method::GET, "/api/v3/account"),
        1,
        "an auth failure is not retried"
    );
}

#[tokio::test]
async fn a_market_order_fills_and_reports_its_fills_and_fees() {
    let venue = Venue::start().await;
    venue.binance.set_balance("BTC", d("1"));
    let client = venue.client(Market::Spot);
    let price = venue.binance.price("ETHBTC").unwrap();

    let request = order("ph-1-buy", "ETHBTC", Side::Buy, OrderKind::Market, "0.5");
    let report = client.place(&request).await.expect("the order fills");

    assert_eq!(report.client_order_id, id("ph-1-buy"));
    assert_eq!(report.status, OrderStatus::Filled);
    assert_eq!(report.executed_quantity, d("0.5"));
    assert_eq!(
        report.average_price(),
        Some(price),
        "MARKET fills at the current close"
    );
    let fee: rust_decimal::Decimal = report.fills.iter().map(|f| f.fee).sum();
    assert_eq!(fee, d("0.0005"), "0.1 % commission in the received ETH");
    let sent = venue.binance.order("ph-1-buy").expect("the venue has it");
    assert_eq!(sent.client_order_id, "ph-1-buy", "newClientOrderId is ours");
}

#[tokio::test]
async fn a_quantity_off_the_step_size_is_refused_before_any_request_is_sent() {
    let venue = Venue::start().await;
    venue.binance.set_balance("BTC", d("1"));
    let client = venue.client(Market::Spot);
    client.exchange_info().await.expect("the rules are loaded");
    let before = venue.binance.request_count();

    for (kind, qty) in [
        (OrderKind::Market, "0.00015"),
        (OrderKind::Limit { price: d("0.05") }, "0.00015"),
        (
            OrderKind::Limit {
                price: d("0.050001"),
            },
            "1",
        ),
    ] {
        let request = order("ph-bad", "ETHBTC", Side::Buy, kind, qty);
        let error = client
            .place(&request)
            .await
            .expect_err("the filter refuses it");
        let ExchangeError::Invalid(field) = error else {
            panic!("expected Invalid, got {error:?}");
        };
        assert!(
            field.field == "quantity" || field.field == "price",
            "the error names the field: {field}"
        );
    }
    assert_eq!(
        venue.binance.request_count(),
        before,
        "nothing reached the venue for a refused order"
    );
}

#[tokio::test]
async fn a_resting_limit_order_is_listed_cancelled_and_found_by_client_id() {
    let venue = Venue::start().await;
    venue.binance.set_balance("BTC", d("1"));
    let client = venue.client(Market::Spot);
    let price = venue.binance.price("ETHBTC").unwrap();
    let below = (price * d("0.9")).round_dp(5);

    let request = order(
        "ph-2-limit",
        "ETHBTC",
        Side::Buy,
        OrderKind::Limit { price: below },
        "1",
    );
    let placed = client.place(&request).await.unwrap();
    assert_eq!(
        placed.status,
        OrderStatus::Acknowledged,
        "it rests below the market"
    );

    let open = client.open_orders(Some(&symbol("ETHBTC"))).await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].client_order_id, id("ph-2-limit"));

    let cancelled = client
        .cancel(&symbol("ETHBTC"), &id("ph-2-limit"))
        .await
        .unwrap();
    assert_eq!(
        (cancelled.client_order_id.clone(), cancelled.status),
        (id("ph-2-limit"), OrderStatus::Cancelled),
        "the cancel reports the order's own id, not the cancel's"
    );
    let found = client
        .order(&symbol("ETHBTC"), &id("ph-2-limit"))
        .await
        .unwrap();
    assert_eq!(found.map(|r| r.status), Some(OrderStatus::Cancelled));
    assert!(client.open_orders(None).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_order_the_venue_never_received_is_none() {
    let venue = Venue::start().await;
    let client = venue.client(Market::Spot);
    let found = client.order(&symbol("ETHBTC"), &id("ph-never-sent")).await;
    assert_eq!(found, Ok(None), "-2013 means the venue does not have it");
}

#[tokio::test]
async fn reduce_only_is_refused_on_spot_and_spot_has_no_positions() {
    let venue = Venue::start().await;
    let client = venue.client(Market::Spot);
    let mut request = order("ph-3", "ETHBTC", Side::Sell, OrderKind::Market, "1");
    request.reduce_only = true;
    let error = client
        .place(&request)
        .await
        .expect_err("spot cannot reduce a position");
    assert!(
        matches!(&error, ExchangeError::Invalid(f) if f.field == "reduce_only"),
        "{error:?}"
    );
    assert_eq!(client.positions().await, Ok(Vec::new()));
    assert_eq!(
        venue.binance.request_count(),
        0,
        "neither asked the venue anything"
    );
}

#[tokio::test]
async fn permissions_report_the_keys_own_trading_and_withdrawal_rights() {
    let venue = Venue::start().await;
    let trading = venue.client(Market::Spot).permissions().await.unwrap();
    assert!(trading.can_trade && !trading.can_withdraw, "{trading:?}");
    assert_eq!(trading.ip_restricted, Some(false));

    venue
        .binance
        .add_key(common::KEY, common::SECRET, KeyPermissions::ALL);
    let all = venue.client(Market::Spot).permissions().await.unwrap();
    assert!(
        all.can_withdraw,
        "a key allowed to withdraw must be reported as such"
    );
}

#[tokio::test]
async fn a_client_without_keys_reads_market_data_and_refuses_account_calls_unsent() {
    let venue = Venue::start().await;
    let config = BinanceConfig::new(Market::Spot, venue.binance.base_url());
    let client =
        BinanceClient::new(config, None, venue.budget(Market::Spot), venue.clock()).unwrap();
    assert!(!client.exchange_info().await.unwrap().is_empty());
    let before = venue.binance.request_count();
    assert!(matches!(
        client.balances().await,
        Err(ExchangeError::Auth { .. })
    ));
    let request = order("ph-4", "ETHBTC", Side::Buy, OrderKind::Market, "1");
    assert!(matches!(
        client.place(&request).await,
        Err(ExchangeError::Auth { .. })
    ));
    assert_eq!(venue.binance.request_count(), before);
}
