//! Accounts, their keys and their market data, against the fake Binance: keys live only in the
//! vault (a canary secret never reaches the database, the log or an event), a key that can
//! withdraw is refused, and candles come back exactly as recorded.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta};
use pilothouse_app::core::market::{
    AccountInput, ExchangeError, Interval, KlineRange, Symbol, Venue,
};
use pilothouse_app::core::{AppEvent, LogType, Severity};
use pilothouse_app::{App, AppError};
use pilothouse_testkit::Workspace;
use pilothouse_testkit::binance::{FakeBinance, KeyPermissions};
use rust_decimal::Decimal;
use secrecy::SecretString;

const CANARY_KEY: &str = "canaryApiKey7f3b9d2e0a41c6c8d5e";
const CANARY_SECRET: &str = "canarySecret4e8a1f0b7c92d3a6e5b";

fn input(name: &str, venue: Venue, base_url: Option<String>, live: bool) -> AccountInput {
    AccountInput {
        name: name.into(),
        venue,
        base_url,
        live,
        paper: None,
    }
}

fn field_of(result: Result<impl std::fmt::Debug, AppError>) -> String {
    match result {
        Err(AppError::Invalid(field)) => field.field,
        other => panic!("expected refused input, got {other:?}"),
    }
}

async fn set_keys(app: &App, account: &str, key: &str, secret: &str) -> Result<(), AppError> {
    app.keys_set(
        account,
        SecretString::from(key.to_owned()),
        SecretString::from(secret.to_owned()),
    )
    .await
    .map(|_| ())
}

#[tokio::test]
async fn keys_round_trip_and_the_connection_is_tested() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    binance.add_key(CANARY_KEY, CANARY_SECRET, KeyPermissions::TRADING);
    binance.skew_clock(TimeDelta::milliseconds(1_500));
    let app = ws.open("desktop").await?;
    let mut events = app.subscribe();

    let spot = app
        .account_add(&input(
            "spot",
            Venue::BinanceSpot,
            Some(binance.spot_url()),
            false,
        ))
        .await?;
    assert!(!spot.has_keys && !spot.live);
    assert_eq!(
        field_of(app.account_set_live(spot.id, true).await),
        "live",
        "no keys, no live trading"
    );
    assert_eq!(field_of(app.keys_test("spot").await), "keys");
    assert_eq!(
        field_of(set_keys(&app, "spot", " ", CANARY_SECRET).await),
        "api_key"
    );

    set_keys(&app, "spot", CANARY_KEY, CANARY_SECRET).await?;
    let listed = app.accounts_list().await?;
    assert_eq!(listed.len(), 1);
    assert!(listed[0].has_keys, "the keyring holds the keys");

    let report = app.keys_test("spot").await?;
    assert_eq!(
        report.server_time_offset_ms, 1_500,
        "the fake's clock runs 1.5 s ahead"
    );
    assert!(report.permissions.can_trade && !report.permissions.can_withdraw);
    assert_eq!(report.permissions.ip_restricted, Some(false));
    assert!(
        report.warnings.iter().any(|w| w.contains("IP restriction")),
        "{:?}",
        report.warnings
    );

    let live = app.account_set_live(spot.id, true).await?;
    assert!(live.live && live.has_keys);

    let removed = app.keys_remove("spot").await?;
    assert!(!removed.has_keys);
    assert!(!app.account("spot").await?.has_keys);
    set_keys(&app, &spot.id.to_string(), CANARY_KEY, CANARY_SECRET).await?;

    let paper = app
        .account_add(&input("paper", Venue::Paper, None, false))
        .await?;
    assert_eq!(field_of(set_keys(&app, "paper", "a", "b").await), "account");
    assert_eq!(field_of(app.account_set_live(paper.id, true).await), "live");
    assert_eq!(
        field_of(
            app.account_add(&input("spot", Venue::BinanceUsdm, None, false))
                .await
        ),
        "name"
    );
    assert_eq!(
        field_of(
            app.account_add(&input("p2", Venue::Paper, None, true))
                .await
        ),
        "live"
    );

    app.account_remove("paper").await?;
    assert_eq!(app.accounts_list().await?.len(), 1);

    // Everything the App published, and everything it stored, is free of the canary.
    let mut published = Vec::new();
    while let Ok(event) = events.try_recv() {
        published.push(serde_json::to_string(&event)?);
    }
    app.shutdown().await;
    // The log as written (the writer flushes on shutdown), read back by a fresh App.
    let reopened = ws.open("desktop").await?;
    let page = reopened.logs_page(&Default::default(), None, 1_000).await?;
    reopened.shutdown().await;
    let logs = format!("{page:?}");
    assert!(logs.contains("keys_set"), "setting keys is logged: {logs}");
    for text in published.iter().chain([&logs]) {
        assert!(
            !text.contains(CANARY_KEY) && !text.contains(CANARY_SECRET),
            "{text}"
        );
    }
    assert_no_canary(ws.path())?;
    Ok(())
}

/// Every byte of every file in the data directory (the database, its WAL, log files).
fn assert_no_canary(dir: &Path) -> anyhow::Result<()> {
    let mut scanned = 0;
    for entry in walk(dir)? {
        let bytes = std::fs::read(&entry)?;
        scanned += bytes.len();
        for canary in [CANARY_KEY, CANARY_SECRET] {
            assert!(
                !bytes.windows(canary.len()).any(|w| w == canary.as_bytes()),
                "{canary} found in {}",
                entry.display()
            );
        }
    }
    assert!(scanned > 0, "the database was scanned");
    Ok(())
}

fn walk(dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(walk(&path)?);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}

#[tokio::test]
async fn a_key_that_can_withdraw_is_refused() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    binance.add_key("withdrawingKey", "withdrawingSecret", KeyPermissions::ALL);
    let app = ws.open("desktop").await?;
    app.account_add(&input(
        "spot",
        Venue::BinanceSpot,
        Some(binance.spot_url()),
        false,
    ))
    .await?;
    set_keys(&app, "spot", "withdrawingKey", "withdrawingSecret").await?;
    let error = app.keys_test("spot").await.expect_err("refused");
    assert!(
        matches!(&error, AppError::Invalid(f) if f.field == "keys" && f.problem.contains("withdraw")),
        "{error:?}"
    );
    // A wrong secret is the trader's to fix, too.
    set_keys(&app, "spot", "withdrawingKey", "wrongSecret").await?;
    assert_eq!(field_of(app.keys_test("spot").await), "keys");
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn klines_are_the_recorded_candles_without_keys() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    let app = ws.open("desktop").await?;
    app.account_add(&input(
        "paper",
        Venue::Paper,
        Some(binance.spot_url()),
        false,
    ))
    .await?;

    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../exchange/data/ETHBTC-5m.csv"),
    )?;
    let rows: Vec<Vec<&str>> = fixture
        .lines()
        .skip(1)
        .skip(10)
        .take(25)
        .map(|l| l.split(',').collect())
        .collect();
    let ms = |text: &str| DateTime::from_timestamp_millis(text.parse().unwrap()).unwrap();
    let range = KlineRange::Between {
        from: ms(rows[0][0]),
        to: ms(rows[rows.len() - 1][0]),
    };
    let candles = app
        .market_klines("paper", &Symbol::parse("ETHBTC")?, Interval::M5, range)
        .await?;
    assert_eq!(candles.len(), rows.len());
    for (candle, row) in candles.iter().zip(&rows) {
        let dec = |text: &str| text.parse::<Decimal>().unwrap();
        assert_eq!(candle.open_time, ms(row[0]));
        assert_eq!(
            [
                candle.open,
                candle.high,
                candle.low,
                candle.close,
                candle.volume
            ],
            [
                dec(row[1]),
                dec(row[2]),
                dec(row[3]),
                dec(row[4]),
                dec(row[5])
            ]
        );
    }
    assert_eq!(
        field_of(
            app.market_klines(
                "paper",
                &Symbol::parse("ETHBTC")?,
                Interval::M5,
                KlineRange::Latest(0)
            )
            .await
        ),
        "limit"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn the_shared_budget_is_reported_and_its_changes_published() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    let app = ws.open("desktop").await?;
    let mut events = app.subscribe();
    assert!(app.venue_budgets().is_empty(), "no request yet, no budget");
    app.account_add(&input(
        "paper",
        Venue::Paper,
        Some(binance.spot_url()),
        false,
    ))
    .await?;
    app.market_klines(
        "paper",
        &Symbol::parse("ETHBTC")?,
        Interval::M5,
        KlineRange::Latest(10),
    )
    .await?;

    let budgets = app.venue_budgets();
    assert_eq!(budgets.len(), 1, "one budget for the venue: {budgets:?}");
    assert!(budgets[0].used > 0, "the klines request drew on it");
    assert!(budgets[0].used <= budgets[0].limit);
    // An earlier event may carry the request while it was in flight; the UI must be told the
    // settled figures too, without asking.
    let published = pilothouse_testkit::next_event(
        &mut events,
        std::time::Duration::from_secs(5),
        |e| match e {
            pilothouse_app::core::AppEvent::BudgetsChanged { budgets: published }
                if published == budgets =>
            {
                Some(published)
            }
            _ => None,
        },
    )
    .await;
    assert!(
        published.is_ok(),
        "the settled budget was published: {budgets:?}"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_ban_is_a_critical_safety_entry_and_stops_every_request() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let binance = FakeBinance::start_with_clock(Arc::new(ws.clock.clone())).await?;
    let app = ws.open("desktop").await?;
    let mut events = app.subscribe();
    app.account_add(&input(
        "spot",
        Venue::BinanceSpot,
        Some(binance.spot_url()),
        false,
    ))
    .await?;
    binance.ban_next("/api/v3/klines", 1, std::time::Duration::from_secs(120));
    let ethbtc = Symbol::parse("ETHBTC")?;
    let banned = app
        .market_klines("spot", &ethbtc, Interval::M5, KlineRange::Latest(10))
        .await;
    assert!(
        matches!(
            banned,
            Err(AppError::Exchange(ExchangeError::Banned { .. }))
        ),
        "{banned:?}"
    );
    let before = binance.request_count();
    let again = app
        .market_klines("spot", &ethbtc, Interval::M5, KlineRange::Latest(10))
        .await;
    assert!(matches!(
        again,
        Err(AppError::Exchange(ExchangeError::Banned { .. }))
    ));
    assert_eq!(
        binance.request_count(),
        before,
        "nothing is sent while banned"
    );

    let entry = pilothouse_testkit::next_event(
        &mut events,
        std::time::Duration::from_secs(5),
        |e| match e {
            AppEvent::LogsAppended { entries } => {
                entries.into_iter().find(|e| e.action == "venue_banned")
            }
            _ => None,
        },
    )
    .await?;
    assert_eq!(entry.log_type, LogType::Safety);
    assert_eq!(
        entry.severity,
        Severity::Critical,
        "CRITICAL: the desktop raises a notification for it"
    );
    assert!(entry.message.contains("418"), "{}", entry.message);
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn an_account_added_by_another_process_is_announced() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let desktop = ws.open("desktop").await?;
    let cli = ws.open("cli").await?;
    let mut events = desktop.subscribe();
    cli.account_add(&input("main", Venue::BinanceSpot, None, false))
        .await?;
    pilothouse_testkit::next_event(&mut events, std::time::Duration::from_secs(5), |e| {
        matches!(e, AppEvent::AccountsChanged).then_some(())
    })
    .await?;
    assert_eq!(desktop.accounts_list().await?.len(), 1);
    cli.shutdown().await;
    desktop.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_new_installation_gets_one_paper_account_once() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("desktop").await?;
    app.ensure_default_paper_account().await?;
    app.ensure_default_paper_account().await?;
    let accounts = app.accounts_list().await?;
    assert_eq!(accounts.len(), 1, "one, however often it is asked");
    assert_eq!(accounts[0].venue, Venue::Paper);
    assert!(!accounts[0].live, "never real money by default");
    app.account_remove("Paper").await?;
    app.ensure_default_paper_account().await?;
    assert!(
        app.accounts_list().await?.is_empty(),
        "a trader who removed it does not get it back"
    );
    app.shutdown().await;

    let other = Workspace::new()?;
    let app = other.open("desktop").await?;
    app.account_add(&input("main", Venue::BinanceSpot, None, false))
        .await?;
    app.ensure_default_paper_account().await?;
    assert_eq!(
        app.accounts_list().await?.len(),
        1,
        "an installation that has accounts is left as it is"
    );
    app.shutdown().await;
    Ok(())
}
