//! Orders against the fake Binance: the gate refuses what it must before anything is sent, the
//! journal is written before the request, an unknown outcome is looked up (never resent), and
//! reconciliation records what the venue did while the App was closed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::sync::Arc;

use pilothouse_app::core::market::{
    AccountInput, OrderKind, OrderQuery, OrderStatus, Side, Symbol, Venue,
};
use pilothouse_app::{App, AppError};
use pilothouse_testkit::Workspace;
use pilothouse_testkit::binance::{FakeBinance, KeyPermissions};
use reqwest::Method;
use rust_decimal::Decimal;
use secrecy::SecretString;

const KEY: &str = "orderTestKey";
const SECRET: &str = "orderTestSecret";
const ORDER_PATH: &str = "/api/v3/order";

fn field_of(result: Result<impl std::fmt::Debug, AppError>) -> String {
    match result {
        Err(AppError::Invalid(field)) => field.field,
        other => panic!("expected refused input, got {other:?}"),
    }
}

async fn fake(ws: &Workspace) -> anyhow::Result<FakeBinance> {
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    binance.add_key(KEY, SECRET, KeyPermissions::TRADING);
    binance.set_balance("BTC", Decimal::from(10));
    Ok(binance)
}

/// A live spot account `name` on the fake, with its keys in the App's vault.
async fn live_account(app: &App, binance: &FakeBinance, name: &str) -> anyhow::Result<()> {
    app.account_add(&AccountInput {
        name: name.into(),
        venue: Venue::BinanceSpot,
        base_url: Some(binance.spot_url()),
        live: true,
        paper: None,
    })
    .await?;
    set_keys(app, name).await
}

async fn set_keys(app: &App, name: &str) -> anyhow::Result<()> {
    app.keys_set(
        name,
        SecretString::from(KEY.to_owned()),
        SecretString::from(SECRET.to_owned()),
    )
    .await?;
    Ok(())
}

fn posts(binance: &FakeBinance) -> usize {
    binance
        .requests()
        .iter()
        .filter(|r| r.method == Method::POST && r.path == ORDER_PATH)
        .count()
}

fn ethbtc() -> Symbol {
    Symbol::parse("ETHBTC").unwrap()
}

fn qty() -> Decimal {
    Decimal::new(1, 1)
}

#[tokio::test]
async fn a_market_order_is_journaled_before_it_is_sent_and_fills_once() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = fake(&ws).await?;
    let app = ws.open("desktop").await?;
    live_account(&app, &binance, "spot").await?;

    let report = app
        .place_order("spot", &ethbtc(), Side::Buy, OrderKind::Market, qty())
        .await?;
    assert_eq!(report.status, OrderStatus::Filled);
    assert!(!report.fills.is_empty());
    assert_eq!(posts(&binance), 1);

    let orders = app.orders_list(&OrderQuery::of("spot")).await?;
    assert_eq!(orders.len(), 1);
    let order = &orders[0];
    assert_eq!(order.client_order_id, report.client_order_id);
    assert!(order.client_order_id.as_str().starts_with("ph-"));
    assert_eq!(order.status, OrderStatus::Filled);
    assert_eq!(order.fills, report.fills, "fills recorded once");
    assert_eq!(order.executed_quantity, qty());
    assert_eq!(order.origin, "manual");
    let post = binance
        .requests()
        .into_iter()
        .find(|r| r.method == Method::POST && r.path == ORDER_PATH)
        .unwrap();
    assert_eq!(
        post.param("newClientOrderId").as_deref(),
        Some(order.client_order_id.as_str())
    );
    assert!(
        order.created_at <= post.server_time,
        "journaled before the request arrived"
    );
    assert_eq!(
        field_of(app.account_remove("spot").await),
        "account",
        "the journal keeps the account its orders were sent from"
    );

    // A second order reuses the account's client: its symbol rules and clock offset are
    // known, so neither is asked again (only the price its notional is checked at, and the
    // order itself).
    let before = binance.request_count();
    app.place_order("spot", &ethbtc(), Side::Buy, OrderKind::Market, qty())
        .await?;
    let paths: Vec<String> = binance.requests()[before..]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(
        paths,
        vec!["/api/v3/ticker/price".to_owned(), ORDER_PATH.to_owned()],
        "no exchange info, no clock sync"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn the_gate_refuses_before_anything_is_sent() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = fake(&ws).await?;
    let app = ws.open("desktop").await?;
    live_account(&app, &binance, "spot").await?;
    app.account_add(&AccountInput {
        name: "idle".into(),
        venue: Venue::BinanceSpot,
        base_url: Some(binance.spot_url()),
        live: false,
        paper: None,
    })
    .await?;
    set_keys(&app, "idle").await?;
    app.account_add(&AccountInput {
        name: "paper".into(),
        venue: Venue::Paper,
        base_url: Some(binance.spot_url()),
        live: false,
        paper: None,
    })
    .await?;

    app.pause_all("test").await?;
    let paused = app
        .place_order("spot", &ethbtc(), Side::Buy, OrderKind::Market, qty())
        .await;
    match &paused {
        Err(AppError::Paused { reason }) => {
            assert_eq!(reason, "test", "the pause's own reason is given");
        }
        other => panic!("refused: {other:?}"),
    }
    app.resume_all().await?;
    assert_eq!(
        field_of(
            app.place_order("idle", &ethbtc(), Side::Buy, OrderKind::Market, qty())
                .await
        ),
        "account",
        "a non-live account sends no real orders"
    );
    let paper = app
        .place_order("paper", &ethbtc(), Side::Buy, OrderKind::Market, qty())
        .await;
    // A paper account passes the gate (never live, no keys) and fills on the paper venue.
    assert!(
        matches!(&paper, Ok(report) if report.status == OrderStatus::Filled),
        "{paper:?}"
    );
    assert_eq!(posts(&binance), 0, "nothing reached the venue");
    let journaled = app.orders_list(&OrderQuery::all()).await?;
    assert_eq!(journaled.len(), 1, "only the paper order was journaled");
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn an_unknown_outcome_is_looked_up_never_resent() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = fake(&ws).await?;
    let app = ws.open("desktop").await?;
    live_account(&app, &binance, "spot").await?;

    binance.unknown_outcome_next(Method::POST, ORDER_PATH, 1);
    let report = app
        .place_order("spot", &ethbtc(), Side::Buy, OrderKind::Market, qty())
        .await?;
    assert_eq!(report.status, OrderStatus::Filled, "found by client id");
    assert_eq!(posts(&binance), 1, "sent exactly once");
    let order = &app.orders_list(&OrderQuery::all()).await?[0];
    assert_eq!(order.status, OrderStatus::Filled);
    assert_eq!(order.executed_quantity, qty());
    assert!(binance.order(order.client_order_id.as_str()).is_some());
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn an_order_lost_to_a_5xx_is_reconciled_as_never_received() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = fake(&ws).await?;
    let app = ws.open("desktop").await?;
    live_account(&app, &binance, "spot").await?;

    binance.server_error_next(ORDER_PATH, 1, 503);
    let report = app
        .place_order("spot", &ethbtc(), Side::Buy, OrderKind::Market, qty())
        .await?;
    assert_eq!(report.status, OrderStatus::Unknown);
    assert_eq!(posts(&binance), 1, "never resent");
    assert!(binance.orders().is_empty(), "the venue has no order");

    let changes = app.reconcile_orders().await?;
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].after, OrderStatus::Rejected);
    let order = &app.orders_list(&OrderQuery::all()).await?[0];
    assert_eq!(order.status, OrderStatus::Rejected);
    assert_eq!(order.error.as_deref(), Some("the venue never received it"));
    assert_eq!(posts(&binance), 1, "reconciling sends no order");
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn start_reconciles_an_order_filled_while_closed() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = fake(&ws).await?;
    let app = ws.open("desktop").await?;
    live_account(&app, &binance, "spot").await?;
    let price = binance.price("ETHBTC")? * Decimal::new(9, 1);
    let price = price.round_dp(5);
    let report = app
        .place_order(
            "spot",
            &ethbtc(),
            Side::Buy,
            OrderKind::Limit { price },
            qty(),
        )
        .await?;
    assert_eq!(report.status, OrderStatus::Acknowledged);
    app.shutdown().await;

    binance.fill_order(report.client_order_id.as_str())?;

    let app = ws.open("desktop").await?;
    // The test vault lives in memory: give the reopened App its keys again.
    set_keys(&app, "spot").await?;
    app.start_scheduler().await?;
    let order = &app.orders_list(&OrderQuery::all()).await?[0];
    assert_eq!(order.status, OrderStatus::Filled, "reconciled on start");
    assert_eq!(order.executed_quantity, qty());
    assert!(
        app.reconcile_orders().await?.is_empty(),
        "nothing left to do"
    );
    assert_eq!(posts(&binance), 1);
    app.shutdown().await;
    Ok(())
}
