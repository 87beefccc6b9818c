//! The Orders screen as a trader uses it offline: a paper account replaying the built-in ETHBTC
//! recording (added beside the running app, as a CLI would), a market buy placed from the
//! order form, the fill shown in the result and in the journal, the balances updated, and the
//! journal row in the database. Screenshots land in `target/test-artifacts/`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use pilothouse_app::core::market::{
    AccountInput, OrderKind, OrderQuery, OrderStatus, Side, Symbol, Venue,
};
use pilothouse_app::core::paper::{PaperMarket, PaperMode, PaperSetup};
use pilothouse_tests::desktop::Desktop;

#[tokio::test]
async fn a_market_buy_from_the_orders_screen_fills_on_the_replay_and_is_journaled()
-> anyhow::Result<()> {
    let desktop = Desktop::launch().await?;
    let cli = desktop.app_beside().await?;
    let mut setup = PaperSetup::default_for(PaperMode::Spot);
    setup.market = PaperMarket::Replay {
        dataset: "ETHBTC-5m".into(),
        speed: 300,
    };
    cli.account_add(&AccountInput {
        name: "demo".into(),
        venue: Venue::Paper,
        base_url: None,
        live: false,
        paper: Some(setup),
    })
    .await?;
    // 300×: a 5-minute candle a second; let a few close before pricing the order.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;

    desktop.click("nav-orders").await?;
    desktop.wait_for("[data-testid=screen-orders]").await?;
    desktop.select("orders-account", "demo").await?;
    desktop
        .wait_for_text("[data-testid=paper-source]", "ETHBTC-5m")
        .await?;
    desktop.fill("order-symbol", "ETHBTC").await?;
    desktop.fill("order-quantity", "0.5").await?;
    desktop.click("order-place").await?;
    desktop
        .wait_for_text("[data-testid=order-result]", "Filled")
        .await?;
    desktop.wait_for("[data-testid=order-row]").await?;
    desktop.screenshot("orders-paper-replay").await?;
    desktop.scroll_to("[data-testid=orders-table]").await?;
    desktop.screenshot("orders-journal").await?;

    // A limit far below the market rests: the paper account lists it with what it asked for.
    desktop.select("order-type", "limit").await?;
    desktop.fill("order-price", "0.05").await?;
    desktop.click("order-place").await?;
    desktop
        .wait_for_text("[data-testid=order-result]", "Resting")
        .await?;
    desktop
        .wait_for_text("[data-testid=paper-open-order]", "0.5 ETHBTC")
        .await?;
    desktop.scroll_to("[data-testid=paper-overview]").await?;
    desktop.screenshot("orders-resting-limit").await?;

    // A paper futures account takes its leverage per symbol from the screen.
    let mut perp = PaperSetup::default_for(PaperMode::Futures);
    perp.market = PaperMarket::Replay {
        dataset: "XRPUSDT-perp-5m".into(),
        speed: 300,
    };
    cli.account_add(&AccountInput {
        name: "perp".into(),
        venue: Venue::Paper,
        base_url: None,
        live: false,
        paper: Some(perp),
    })
    .await?;
    desktop.click("nav-overview").await?;
    desktop.click("nav-orders").await?;
    desktop.select("orders-account", "perp").await?;
    desktop.fill("leverage-symbol", "XRPUSDT").await?;
    desktop.fill("leverage-value", "5").await?;
    desktop.click("leverage-set").await?;
    desktop
        .wait_for_text("[data-testid=leverage-done]", "XRPUSDT trades at 5×")
        .await?;
    desktop.scroll_to("[data-testid=leverage-card]").await?;
    desktop.screenshot("orders-leverage").await?;
    // 300×: the perpetual's first candle closes a second after the account was added.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    let sold = cli
        .place_order(
            "perp",
            &Symbol::parse("XRPUSDT")?,
            Side::Sell,
            OrderKind::Market,
            "10".parse()?,
        )
        .await?;
    assert_eq!(sold.status, OrderStatus::Filled);
    let position = &cli.paper_overview("perp").await?.positions[0];
    assert_eq!(
        position.leverage, 5,
        "the leverage set on screen is the position's"
    );

    // Settings offers a paper account's own setup (mode, balances, fees, price source).
    desktop.click("nav-settings").await?;
    desktop.select("account-add-venue", "paper").await?;
    desktop.scroll_to("[data-testid=paper-options]").await?;
    desktop.click("paper-mode-futures").await?;
    desktop
        .wait_for("[data-testid=paper-mode-futures][aria-pressed=true]")
        .await?;
    desktop.screenshot("settings-paper-options").await?;

    let journal = cli.orders_list(&OrderQuery::of("demo")).await?;
    assert_eq!(journal.len(), 2, "each order journaled once");
    assert_eq!(
        journal[0].status,
        OrderStatus::Acknowledged,
        "the limit rests"
    );
    assert_eq!(
        journal[1].status,
        OrderStatus::Filled,
        "the market buy filled"
    );
    let eth = cli
        .paper_balances("demo")
        .await?
        .into_iter()
        .find(|b| b.asset == "ETH")
        .map(|b| b.free);
    assert_eq!(
        eth,
        Some("0.5".parse()?),
        "the paper account holds what it bought"
    );
    cli.shutdown().await;
    desktop.close().await
}
