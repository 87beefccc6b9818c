//! The Backtests screen as a trader uses it offline: sma-cross run over the built-in ETHBTC
//! recording from the form, its figures, equity and candle charts and trades on screen (the
//! figures the ones the database kept), a second run with other parameters, the two compared,
//! a sweep laid out as a heat map, and a CSV export written where the screen says. Screenshots
//! land in `target/test-artifacts/`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use pilothouse_tests::desktop::Desktop;

/// The text of figure `key` in the open run's stats panel.
async fn stat(desktop: &Desktop, key: &str) -> anyhow::Result<String> {
    Ok(desktop
        .wait_for(&format!("[data-testid=bt-stats] [data-stat={key}] dd"))
        .await?
        .text()
        .await?)
}

#[tokio::test]
async fn two_runs_and_a_sweep_from_the_backtests_screen_are_kept_compared_and_exported()
-> anyhow::Result<()> {
    let desktop = Desktop::launch().await?;
    desktop.click("nav-backtests").await?;
    desktop.wait_for("[data-testid=screen-backtests]").await?;
    desktop.wait_for("[data-testid=bt-runs-empty]").await?;

    desktop.select("bt-strategy", "sma-cross").await?;
    desktop.select("bt-data-kind", "recording").await?;
    desktop.select("bt-dataset", "ETHBTC-5m").await?;
    desktop.click("bt-run").await?;
    desktop
        .wait_for("[data-testid=bt-run-row][data-id='1']")
        .await?;
    desktop
        .wait_for("[data-testid=bt-equity-chart][data-ready=true]")
        .await?;
    desktop
        .wait_for("[data-testid=bt-candle-chart][data-ready=true]")
        .await?;
    desktop.wait_for("[data-testid=bt-trade-row]").await?;

    let cli = desktop.app_beside().await?;
    let kept = cli.backtest_runs(None, 10).await?;
    assert_eq!(kept.len(), 1, "the run from the form is kept once");
    assert_eq!(
        (kept[0].info.strategy.as_str(), kept[0].info.symbol.as_str()),
        ("sma-cross", "ETHBTC"),
        "it ran the chosen strategy on the recording"
    );
    assert_eq!(
        stat(&desktop, "trades_count").await?,
        kept[0].headline.trades_count.to_string(),
        "the screen shows the trade count the database kept"
    );
    let ret = stat(&desktop, "total_return_pct").await?;
    assert!(
        ret.contains(&format!("{:.2} %", kept[0].headline.total_return_pct.abs())),
        "the screen's return {ret:?} is the kept {}",
        kept[0].headline.total_return_pct
    );
    desktop.screenshot("backtests-run").await?;
    desktop.scroll_to("[data-testid=bt-candle-chart]").await?;
    desktop.screenshot("backtests-candles").await?;

    // A second run with faster averages.
    desktop.scroll_to("[data-testid=bt-form]").await?;
    desktop.fill("bt-param-fast", "5").await?;
    desktop.fill("bt-param-slow", "20").await?;
    desktop.click("bt-run").await?;
    desktop
        .wait_for("[data-testid=bt-run-row][data-id='2']")
        .await?;
    desktop
        .wait_for("[data-testid=bt-run-detail][data-id='2'] [data-testid=bt-stats]")
        .await?;

    for id in [1, 2] {
        desktop
            .wait_for(&format!(
                "[data-testid=bt-run-row][data-id='{id}'] [data-testid=bt-compare-pick]"
            ))
            .await?
            .click()
            .await?;
    }
    desktop
        .wait_for("[data-testid=bt-compare-equity][data-ready=true]")
        .await?;
    desktop
        .wait_for_text("[data-testid=bt-compare-table]", "Run #2")
        .await?;
    desktop.scroll_to("[data-testid=bt-compare]").await?;
    desktop.screenshot("backtests-compare").await?;

    // A sweep of both averages, laid out as a heat map.
    desktop.click("bt-compare-close").await?;
    desktop.scroll_to("[data-testid=bt-form]").await?;
    desktop.click("bt-mode-sweep").await?;
    desktop.click("bt-sweep-tick-fast").await?;
    desktop.click("bt-sweep-tick-slow").await?;
    desktop.fill("bt-sweep-fast", "5..25:5").await?;
    desktop.fill("bt-sweep-slow", "20..60:10").await?;
    desktop
        .wait_for_text("[data-testid=bt-run]", "25 combinations")
        .await?;
    desktop.click("bt-run").await?;
    desktop
        .wait_for("[data-testid=bt-sweep-heatmap] [data-testid=bt-sweep-cell]")
        .await?;
    desktop.scroll_to("[data-testid=bt-sweep]").await?;
    desktop.screenshot("backtests-sweep").await?;
    assert_eq!(
        cli.backtest_runs(None, 10).await?.len(),
        2,
        "a sweep keeps no runs"
    );

    // The kept run's trades exported where the screen says.
    desktop
        .click_until(
            "[data-testid=bt-run-row][data-id='1'] [data-testid=bt-run-open]",
            "[data-testid=bt-run-detail][data-id='1'] [data-testid=bt-export-csv]",
        )
        .await?
        .click()
        .await?;
    let written = desktop
        .wait_for_text("[data-testid=bt-export-done]", ".csv")
        .await?;
    let path = written
        .split_whitespace()
        .find(|w| w.ends_with(".csv"))
        .expect("the message names the file");
    let csv = std::fs::read_to_string(path)?;
    let trades = cli.backtest_show(1).await?.report.trades.len();
    assert_eq!(
        csv.lines().count(),
        trades + 1,
        "the CSV holds a header and one line per trade: {written}"
    );

    desktop.close().await
}
