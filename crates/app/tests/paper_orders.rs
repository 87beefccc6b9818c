//! Paper orders against the fake Binance's public market data (ETHBTC): they pass the same gate
//! (the pause first) and journal as real ones, fill at the last close plus slippage with the
//! taker fee charged, and the paper account's state survives a restart.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::sync::Arc;

use pilothouse_app::core::market::{
    AccountInput, Balance, OrderKind, OrderQuery, OrderStatus, Side, Symbol, Venue,
};
use pilothouse_app::{App, AppError};
use pilothouse_testkit::Workspace;
use pilothouse_testkit::binance::FakeBinance;
use reqwest::Method;
use rust_decimal::Decimal;

const ORDER_PATH: &str = "/api/v3/order";

fn ethbtc() -> Symbol {
    Symbol::parse("ETHBTC").unwrap()
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn balance(balances: &[Balance], asset: &str) -> Decimal {
    balances
        .iter()
        .find(|b| b.asset == asset)
        .map_or(Decimal::ZERO, |b| b.free)
}

async fn paper_account(app: &App, binance: &FakeBinance) -> anyhow::Result<()> {
    app.account_add(&AccountInput {
        name: "paper".into(),
        venue: Venue::Paper,
        base_url: Some(binance.spot_url()),
        live: false,
        paper: None,
    })
    .await?;
    Ok(())
}

fn no_order_posted(binance: &FakeBinance) -> bool {
    !binance
        .requests()
        .iter()
        .any(|r| r.method == Method::POST && r.path == ORDER_PATH)
}

#[tokio::test]
async fn a_paper_market_buy_fills_at_the_last_close_with_slippage_and_fee() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    let app = ws.open("desktop").await?;
    paper_account(&app, &binance).await?;

    let start = app.paper_balances("paper").await?;
    assert_eq!(
        balance(&start, "BTC"),
        Decimal::ONE,
        "the spot defaults: 1 BTC"
    );
    assert_eq!(balance(&start, "USDT"), d("10000"));

    let close = binance.price("ETHBTC")?;
    let quantity = d("0.5");
    let report = app
        .place_order("paper", &ethbtc(), Side::Buy, OrderKind::Market, quantity)
        .await?;
    assert_eq!(report.status, OrderStatus::Filled);
    assert_eq!(report.executed_quantity, quantity);
    assert_eq!(report.fills.len(), 1);
    let fill = &report.fills[0];
    // 5 bps of slippage against the buyer, 10 bps taker fee in the quote asset.
    let price = (close * d("1.0005")).normalize();
    assert_eq!(fill.price, price);
    assert_eq!(fill.quantity, quantity);
    let fee = (quantity * price * d("0.001")).round_dp(8).normalize();
    assert_eq!(fill.fee, fee);
    assert!(fill.fee > Decimal::ZERO);
    assert_eq!(fill.fee_asset, "BTC");
    assert!(
        no_order_posted(&binance),
        "a paper order never reaches the venue"
    );

    let orders = app.orders_list(&OrderQuery::of("paper")).await?;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].client_order_id, report.client_order_id);
    assert_eq!(orders[0].status, OrderStatus::Filled);
    assert_eq!(orders[0].fills, report.fills);
    assert_eq!(orders[0].executed_quantity, quantity);

    let cost = (quantity * price).round_dp(8) + fee;
    let after = app.paper_balances("paper").await?;
    assert_eq!(balance(&after, "ETH"), quantity);
    assert_eq!(balance(&after, "BTC"), Decimal::ONE - cost);
    assert_eq!(balance(&after, "USDT"), d("10000"));
    assert!(
        app.reconcile_orders().await?.is_empty(),
        "the journal agrees with the paper account"
    );
    app.shutdown().await;

    let app = ws.open("desktop").await?;
    assert_eq!(
        app.paper_balances("paper").await?,
        after,
        "state survives a restart"
    );
    let orders = app.orders_list(&OrderQuery::of("paper")).await?;
    assert_eq!(orders[0].status, OrderStatus::Filled);
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn the_pause_refuses_a_paper_order_first() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    let app = ws.open("desktop").await?;
    paper_account(&app, &binance).await?;
    app.pause_all("test").await?;
    match app
        .place_order("paper", &ethbtc(), Side::Buy, OrderKind::Market, d("0.1"))
        .await
    {
        Err(AppError::Paused { reason }) => {
            assert_eq!(reason, "test", "the pause's own reason is given");
        }
        other => panic!("expected the pause to refuse, got {other:?}"),
    }
    assert!(app.orders_list(&OrderQuery::of("paper")).await?.is_empty());
    assert_eq!(binance.request_count(), 0, "nothing was even priced");

    app.resume_all().await?;
    let report = app
        .place_order("paper", &ethbtc(), Side::Buy, OrderKind::Market, d("0.1"))
        .await?;
    assert_eq!(report.status, OrderStatus::Filled);
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn an_unaffordable_paper_order_is_rejected_and_changes_nothing() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    let app = ws.open("desktop").await?;
    paper_account(&app, &binance).await?;
    let before = app.paper_balances("paper").await?;

    // 100 ETH at ~0.1 BTC needs ~10 BTC; the account has 1.
    let refused = app
        .place_order("paper", &ethbtc(), Side::Buy, OrderKind::Market, d("100"))
        .await;
    match &refused {
        Err(AppError::Exchange(error)) => {
            assert!(error.to_string().contains("insufficient"), "{error}");
        }
        other => panic!("expected the paper venue to refuse, got {other:?}"),
    }
    assert_eq!(app.paper_balances("paper").await?, before);
    let orders = app.orders_list(&OrderQuery::of("paper")).await?;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].status, OrderStatus::Rejected);
    assert!(orders[0].fills.is_empty());
    assert!(
        orders[0]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("insufficient"))
    );
    app.shutdown().await;
    Ok(())
}
