//! The real desktop app, as a trader uses it: the window opens, the header's emergency button
//! pauses everything and the CRITICAL entry shows in Logs, and a pause made from the CLI reaches
//! the open window. Screenshots land in `target/test-artifacts/`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::process::Command;

use pilothouse_app::core::{LogFilter, Severity};
use pilothouse_tests::desktop::{Desktop, bin_dir};

#[tokio::test]
async fn the_window_opens_on_the_overview_running() -> anyhow::Result<()> {
    let desktop = Desktop::launch().await?;
    let title = desktop.client.title().await?;
    assert_eq!(
        title, "Pilothouse",
        "the window is the Pilothouse UI, not a blank page"
    );
    desktop
        .wait_for_text("[data-testid=pause-state]", "RUNNING")
        .await?;
    desktop.screenshot("overview").await?;
    desktop.close().await
}

#[tokio::test]
async fn the_pause_button_pauses_and_its_critical_log_shows_in_logs() -> anyhow::Result<()> {
    let desktop = Desktop::launch().await?;
    desktop.click("pause-toggle").await?;
    desktop
        .wait_for_text("[data-testid=pause-state]", "PAUSED")
        .await?;
    desktop
        .wait_for("[data-testid=pause-state][data-paused=true]")
        .await?;

    // The database, not just the screen, must hold the pause.
    let app =
        pilothouse_app::App::open(pilothouse_app::AppConfig::live(desktop.data_dir(), "test"))
            .await?;
    assert!(app.is_paused(), "the click persisted the pause");
    let critical = LogFilter {
        severities: vec![Severity::Critical],
        ..LogFilter::default()
    };
    let logged = app.logs_page(&critical, None, 10).await?;
    assert_eq!(
        logged.entries.len(),
        1,
        "exactly one CRITICAL entry for one click"
    );
    app.shutdown().await;

    desktop.click("nav-logs").await?;
    desktop
        .wait_for_text(
            "[data-testid=log-row][data-severity=CRITICAL]",
            "Emergency pause",
        )
        .await?;
    desktop.screenshot("paused-logs").await?;
    desktop.close().await
}

#[tokio::test]
async fn a_pause_made_from_the_cli_appears_in_the_open_window() -> anyhow::Result<()> {
    let desktop = Desktop::launch().await?;
    desktop
        .wait_for_text("[data-testid=pause-state]", "RUNNING")
        .await?;
    let out = Command::new(bin_dir()?.join("pilothouse"))
        .arg("--data-dir")
        .arg(desktop.data_dir())
        .args(["pause-all", "--reason", "maintenance window from the CLI"])
        .output()?;
    assert!(
        out.status.success(),
        "CLI pause failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Within 2 s by the issue; wait_for_text allows more only so a slow CI shows the text seen.
    let started = tokio::time::Instant::now();
    desktop
        .wait_for_text("[data-testid=pause-state]", "PAUSED")
        .await?;
    let took = started.elapsed();
    assert!(
        took.as_secs_f64() < 2.0,
        "the UI reflected the CLI pause after {took:?}, over 2 s"
    );
    desktop
        .wait_for_text("header", "maintenance window from the CLI")
        .await?;
    desktop.screenshot("paused-from-cli").await?;
    desktop.close().await
}
