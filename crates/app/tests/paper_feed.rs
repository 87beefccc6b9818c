//! Paper accounts fed by later candles: a resting limit fills when the market reaches it (once,
//! however often the feed runs, and after a restart), the candle cache shares one fetch among
//! many callers and never hands out a forming candle, a replay account trades offline on its
//! own clock, and a Binance that does not answer is replaced by the stand-in replay — said in
//! an event and the log.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use pilothouse_app::Window;
use pilothouse_app::core::market::{
    AccountInput, Candle, Interval, OrderKind, OrderQuery, OrderStatus, Side, Symbol, Venue,
    parse_candle_csv,
};
use pilothouse_app::core::paper::{PaperMarket, PaperMode, PaperSetup, StartingBalance};
use pilothouse_app::core::{AppEvent, LogFilter, LogType, Severity};
use pilothouse_app::{App, AppError};
use pilothouse_testkit::binance::FakeBinance;
use pilothouse_testkit::{Workspace, next_event};
use rust_decimal::Decimal;

const ALTBTC: &str = include_str!("../../exchange/data/ALTBTC-1m.csv");

fn symbol(text: &str) -> Symbol {
    Symbol::parse(text).unwrap()
}

fn recording() -> Vec<Candle> {
    parse_candle_csv(ALTBTC, "fixture").unwrap().1
}

/// A candle index `i` of the recording and the first later one (within an hour) whose low is
/// under candle `i`'s close: a limit buy at that low rests at `i` and fills at `j`.
fn dip(candles: &[Candle]) -> (usize, usize) {
    (1_000..candles.len() - 60)
        .find_map(|i| {
            (i + 2..i + 60)
                .find(|&j| candles[j].low < candles[i].close * Decimal::new(999, 3))
                .map(|j| (i, j))
        })
        .expect("the recording has dips")
}

async fn add_paper(app: &App, name: &str, base_url: Option<String>, setup: Option<PaperSetup>) {
    app.account_add(&AccountInput {
        name: name.into(),
        venue: Venue::Paper,
        base_url,
        live: false,
        paper: setup,
    })
    .await
    .unwrap();
}

/// Action and message of the newest log entries of `severity` (or of type TRADE when `None`).
async fn logged(app: &App, severity: Option<Severity>) -> Vec<(String, String)> {
    let filter = match severity {
        Some(severity) => LogFilter {
            severities: vec![severity],
            ..LogFilter::default()
        },
        None => LogFilter {
            types: vec![LogType::Trade],
            ..LogFilter::default()
        },
    };
    let page = app.logs_page(&filter, None, 100).await.unwrap();
    page.entries
        .into_iter()
        .map(|e| (e.action, e.message))
        .collect()
}

/// Moves the App's clock and the fake's market to 30 s into candle `k`.
fn move_to(ws: &Workspace, binance: &FakeBinance, candles: &[Candle], k: usize) {
    let at = candles[k].open_time;
    ws.clock.set(at + TimeDelta::seconds(30));
    binance.set_market_time("ALTBTC", at).unwrap();
}

#[tokio::test]
async fn a_resting_paper_limit_fills_once_when_a_later_candle_reaches_it() -> anyhow::Result<()> {
    let candles = recording();
    let (rest, touch) = dip(&candles);
    let ws = Workspace::new()?;
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    move_to(&ws, &binance, &candles, rest);
    let app = ws.open("desktop").await?;
    add_paper(&app, "paper", Some(binance.spot_url()), None).await;

    let limit = candles[touch].low;
    let quantity = Decimal::from(100);
    let kind = OrderKind::Limit { price: limit };
    let placed = app
        .place_order("paper", &symbol("ALTBTC"), Side::Buy, kind, quantity)
        .await?;
    assert_eq!(
        placed.status,
        OrderStatus::Acknowledged,
        "below the market: it rests"
    );
    assert!(
        app.feed_paper_accounts().await?.is_empty(),
        "no later candle has closed yet"
    );

    let mut events = app.subscribe();
    move_to(&ws, &binance, &candles, touch + 1);
    let moved = app.feed_paper_accounts().await?;
    assert_eq!(moved.len(), 1, "the candle reaching the limit fills it");
    assert_eq!(moved[0].status, OrderStatus::Filled);
    let fill = &moved[0].fills[0];
    assert_eq!(fill.price, limit, "a resting limit fills at its price");
    // Spot defaults: 10 bps maker fee on quantity × limit, in BTC, 8 decimals.
    let fee = (quantity * limit * Decimal::new(1, 3))
        .round_dp(8)
        .normalize();
    assert_eq!(fill.fee.normalize(), fee);
    let published = next_event(&mut events, Duration::from_secs(5), |e| match e {
        AppEvent::OrdersChanged { orders } => Some(orders),
        _ => None,
    })
    .await?;
    assert_eq!(
        published[0].status,
        OrderStatus::Filled,
        "the UI hears of the fill"
    );

    assert!(
        app.feed_paper_accounts().await?.is_empty(),
        "a candle fills once"
    );
    let alt = |app: &App| {
        let app = app.clone();
        async move {
            let balances = app.paper_balances("paper").await.unwrap();
            balances.iter().find(|b| b.asset == "ALT").map(|b| b.free)
        }
    };
    assert_eq!(alt(&app).await, Some(quantity));
    app.shutdown().await;

    let app = ws.open("desktop").await?;
    move_to(&ws, &binance, &candles, touch + 5);
    assert!(
        app.feed_paper_accounts().await?.is_empty(),
        "after a restart nothing is filled a second time"
    );
    assert_eq!(alt(&app).await, Some(quantity));
    let journal = app.orders_list(&OrderQuery::of("paper")).await?;
    assert_eq!(journal[0].status, OrderStatus::Filled, "the journal agrees");
    let trades = logged(&app, None).await;
    assert!(
        trades.iter().any(|(action, _)| action == "paper_fill"),
        "the fill is a TRADE log entry"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn fifty_callers_on_one_symbol_share_one_fetch_and_see_only_final_candles()
-> anyhow::Result<()> {
    let candles = recording();
    let ws = Workspace::new()?;
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    move_to(&ws, &binance, &candles, 2_000);
    let app = ws.open("desktop").await?;
    add_paper(&app, "paper", Some(binance.spot_url()), None).await;
    let before = binance.request_count();

    let calls = (0..50).map(|_| {
        let app = app.clone();
        async move {
            app.candles(
                "paper",
                &symbol("ALTBTC"),
                Interval::M1,
                Window::Latest(100),
            )
            .await
        }
    });
    let answers = futures::future::join_all(calls).await;
    let now = app.now();
    for answer in answers {
        let got = answer?;
        assert_eq!(got.len(), 100);
        assert!(got.iter().all(|c| c.is_final(now)), "no forming candle");
        assert_eq!(
            got.last().map(|c| c.open_time),
            Some(candles[1_999].open_time)
        );
    }
    assert_eq!(app.candle_fetches(), 1, "one fetch for fifty callers");
    assert_eq!(
        binance.request_count() - before,
        1,
        "one request reached the venue"
    );

    // Until the next candle closes, the cache answers; after, one more fetch.
    ws.clock.advance(TimeDelta::seconds(20));
    app.candles("paper", &symbol("ALTBTC"), Interval::M1, Window::Latest(10))
        .await?;
    assert_eq!(app.candle_fetches(), 1);
    move_to(&ws, &binance, &candles, 2_001);
    let next = app
        .candles("paper", &symbol("ALTBTC"), Interval::M1, Window::Latest(10))
        .await?;
    assert_eq!(app.candle_fetches(), 2);
    assert_eq!(
        next.last().map(|c| c.open_time),
        Some(candles[2_000].open_time)
    );
    let refused = app
        .candles("paper", &symbol("ALTBTC"), Interval::M1, Window::Latest(0))
        .await;
    assert!(matches!(refused, Err(AppError::Invalid(f)) if f.field == "limit"));
    app.shutdown().await;
    Ok(())
}

fn replay_setup(mode: PaperMode, dataset: &str, speed: u32) -> PaperSetup {
    let mut setup = PaperSetup::default_for(mode);
    setup.market = PaperMarket::Replay {
        dataset: dataset.into(),
        speed,
    };
    setup
}

#[tokio::test]
async fn a_replay_account_trades_offline_on_its_own_clock() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("desktop").await?;
    let mut setup = replay_setup(PaperMode::Spot, "ETHBTC-5m", 60);
    setup.balances = vec![StartingBalance {
        asset: "BTC".into(),
        amount: Decimal::from(2),
    }];
    // A base URL nothing listens on: a replay account must never need it.
    add_paper(&app, "demo", Some("http://127.0.0.1:9".into()), Some(setup)).await;
    let ethbtc = symbol("ETHBTC");
    let early = app
        .place_order("demo", &ethbtc, Side::Buy, OrderKind::Market, Decimal::ONE)
        .await;
    assert!(
        early.is_err(),
        "no candle has closed in the first 5 s of a 60× replay: nothing to price with"
    );

    // 60×: a 5-minute candle every 5 s. After 100 s, 20 candles have closed.
    ws.clock.advance(TimeDelta::seconds(100));
    let recorded = parse_candle_csv(include_str!("../../exchange/data/ETHBTC-5m.csv"), "f")?.1;
    let bought = app
        .place_order("demo", &ethbtc, Side::Buy, OrderKind::Market, Decimal::ONE)
        .await?;
    assert_eq!(bought.status, OrderStatus::Filled);
    let slipped = (recorded[19].close * Decimal::new(10_005, 4)).normalize();
    assert_eq!(
        bought.fills[0].price, slipped,
        "the 20th recorded close, with 5 bps slippage"
    );
    let overview = app.paper_overview("demo").await?;
    assert_eq!(overview.mode, PaperMode::Spot);
    assert!(matches!(
        overview.market,
        PaperMarket::Replay { speed: 60, .. }
    ));
    assert_eq!(
        overview.starting_balances.len(),
        1,
        "only the BTC it was given"
    );
    let candles = app
        .candles("demo", &ethbtc, Interval::M5, Window::Latest(5))
        .await?;
    assert_eq!(candles.len(), 5);
    assert_eq!(candles[4].close, recorded[19].close);
    let wrong = app
        .candles("demo", &ethbtc, Interval::M1, Window::Latest(5))
        .await;
    assert!(matches!(
        wrong,
        Err(AppError::Exchange(_)) | Err(AppError::Invalid(_))
    ));
    assert!(
        app.market_outages().is_empty(),
        "a replay account asks no one"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn bad_paper_settings_are_refused_naming_the_field() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("desktop").await?;
    let field = |result: Result<_, AppError>| match result {
        Err(AppError::Invalid(f)) => f.field,
        other => panic!("expected a field error, got {other:?}"),
    };
    let missing = replay_setup(PaperMode::Spot, "/no/such/BTCUSDT-1m.csv", 5);
    let input = |setup: PaperSetup| AccountInput {
        name: "demo".into(),
        venue: Venue::Paper,
        base_url: None,
        live: false,
        paper: Some(setup),
    };
    assert_eq!(
        field(app.account_add(&input(missing)).await),
        "paper.market.dataset"
    );
    let fast = replay_setup(PaperMode::Spot, "ETHBTC-5m", 5_000);
    assert_eq!(
        field(app.account_add(&input(fast)).await),
        "paper.market.speed"
    );
    assert!(
        app.accounts_list().await?.is_empty(),
        "nothing half-written"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_paper_account_trades_the_stand_in_replay_while_binance_does_not_answer()
-> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("desktop").await?;
    let mut events = app.subscribe();
    add_paper(&app, "paper", Some("http://127.0.0.1:9".into()), None).await;
    // Port 9 refuses: Binance "does not answer". The feed's probe finds out before any order.
    app.feed_paper_accounts().await?;
    let outages = next_event(&mut events, Duration::from_secs(10), |e| match e {
        AppEvent::MarketOutagesChanged { outages } => Some(outages),
        _ => None,
    })
    .await?;
    assert_eq!(outages.len(), 1);
    assert_eq!(outages[0].stand_in, "ETHBTC-5m");
    assert_eq!(app.market_outages(), outages);
    let first = app
        .place_order(
            "paper",
            &symbol("ETHBTC"),
            Side::Buy,
            OrderKind::Market,
            Decimal::ONE,
        )
        .await;
    assert!(
        first.is_err(),
        "the stand-in has just started: no candle closed yet"
    );

    ws.clock.advance(TimeDelta::seconds(301));
    let report = app
        .place_order(
            "paper",
            &symbol("ETHBTC"),
            Side::Buy,
            OrderKind::Market,
            Decimal::ONE,
        )
        .await?;
    assert_eq!(report.status, OrderStatus::Filled, "traded on the stand-in");
    let warnings = logged(&app, Some(Severity::Warning)).await;
    assert!(
        warnings
            .iter()
            .any(|(action, message)| action == "market_data_offline"
                && message.contains("ETHBTC-5m")),
        "the trader is told, once"
    );
    let since: DateTime<Utc> = outages[0].since;
    assert!(
        outages[0].next_attempt > since,
        "Binance is asked again later"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn the_outage_ends_when_binance_answers_again() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    let app = ws.open("desktop").await?;
    add_paper(&app, "paper", Some(binance.spot_url()), None).await;
    // The probe and its one retry both meet a 503: Binance "does not answer".
    binance.server_error_next("/api/v3/time", 2, 503);
    app.feed_paper_accounts().await?;
    assert_eq!(app.market_outages().len(), 1, "the outage is recorded");

    let mut events = app.subscribe();
    app.feed_paper_accounts().await?;
    assert_eq!(
        app.market_outages().len(),
        1,
        "not asked again before the next attempt is due"
    );
    ws.clock.advance(TimeDelta::seconds(61));
    app.feed_paper_accounts().await?;
    let outages = next_event(&mut events, Duration::from_secs(5), |e| match e {
        AppEvent::MarketOutagesChanged { outages } => Some(outages),
        _ => None,
    })
    .await?;
    assert!(outages.is_empty(), "Binance answers again: the banner goes");
    let infos = logged(&app, Some(Severity::Info)).await;
    assert!(
        infos
            .iter()
            .any(|(action, _)| action == "market_data_online")
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_futures_paper_account_opens_a_short_at_its_leverage_on_the_perpetual_replay()
-> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("desktop").await?;
    let mut setup = replay_setup(PaperMode::Futures, "XRPUSDT-perp-5m", 60);
    setup.balances = vec![StartingBalance {
        asset: "USDT".into(),
        amount: Decimal::from(1_000),
    }];
    add_paper(&app, "perp", None, Some(setup)).await;
    let spot_recording = replay_setup(PaperMode::Futures, "ETHBTC-5m", 60);
    let refused = app
        .account_add(&AccountInput {
            name: "mixed".into(),
            venue: Venue::Paper,
            base_url: None,
            live: false,
            paper: Some(spot_recording),
        })
        .await;
    assert!(
        matches!(refused, Err(AppError::Invalid(f)) if f.field == "paper.market.dataset"),
        "a spot recording cannot price a futures account"
    );

    ws.clock.advance(TimeDelta::seconds(30));
    let sold = app
        .place_order(
            "perp",
            &symbol("XRPUSDT"),
            Side::Sell,
            OrderKind::Market,
            Decimal::from(100),
        )
        .await?;
    assert_eq!(sold.status, OrderStatus::Filled, "futures may open a short");
    let overview = app.paper_overview("perp").await?;
    assert_eq!(overview.mode, PaperMode::Futures);
    assert_eq!(overview.positions.len(), 1);
    assert_eq!(overview.positions[0].quantity, Decimal::from(-100));
    let usdt = overview
        .balances
        .iter()
        .find(|b| b.asset == "USDT")
        .unwrap();
    assert!(usdt.locked > Decimal::ZERO, "the position's margin is held");
    app.shutdown().await;
    Ok(())
}
