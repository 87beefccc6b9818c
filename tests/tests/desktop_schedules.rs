//! The scheduler from the desktop app, as a trader uses it: create a webhook schedule in the
//! editor (a bad cron is refused beside its field), see its description and next fires, run it
//! now, and see the run in the history — while a real receiver gets one signed request, signed
//! with the key the app keeps in the OS keyring. Screenshots land in `target/test-artifacts/`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use pilothouse_app::core::schedule::{RunFilter, RunStatus, RunTrigger};
use pilothouse_app::{App, AppConfig};
use pilothouse_testkit::webhook::WebhookReceiver;
use pilothouse_tests::desktop::Desktop;
use secrecy::ExposeSecret;

const NAME: &str = "Open bell ping";

#[tokio::test]
async fn a_schedule_created_in_the_editor_runs_now_and_shows_in_the_history() -> anyhow::Result<()>
{
    let receiver = WebhookReceiver::start().await?;
    let desktop = Desktop::launch().await?;
    desktop.click("nav-schedules").await?;
    desktop.wait_for("[data-testid=screen-schedules]").await?;
    desktop.wait_for("[data-testid=schedules-empty]").await?;
    desktop.click("schedules-new").await?;
    desktop.wait_for("[data-testid=schedule-editor]").await?;

    desktop.fill("schedule-name", NAME).await?;
    desktop.select("schedule-kind", "webhook").await?;
    desktop.fill("schedule-url", &receiver.url()).await?;
    desktop.fill("schedule-zone", "America/New_York").await?;
    desktop.fill("schedule-cron", "*/0 9 * * MON-FRI").await?;
    desktop
        .wait_for_text("[data-testid='field-error-cron']", "step")
        .await?;

    desktop.fill("schedule-cron", "0 9 * * MON-FRI").await?;
    desktop
        .wait_for_text("[data-testid=schedule-description]", "09:00")
        .await?;
    // The first fire after t = now in New York: a weekday 09:00 at -05:00 (winter).
    desktop
        .wait_for_text("[data-testid=preview-row]", "09:00")
        .await?;
    let rows = desktop
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=preview-row]"))
        .await?;
    assert_eq!(rows.len(), 10, "the editor previews the next 10 fires");
    desktop.screenshot("schedule-editor").await?;

    desktop.click("schedule-save").await?;
    let row = format!("[data-testid=schedule-row][data-name='{NAME}']");
    desktop.wait_for(&row).await?;
    desktop.wait_for_text(&row, "America/New_York").await?;
    desktop
        .wait_for(&format!("{row} [data-testid=schedule-run-now]"))
        .await?
        .click()
        .await?;
    desktop
        .wait_for_text(
            &format!("[data-testid=run-row][data-status=succeeded][data-schedule='{NAME}']"),
            "succeeded",
        )
        .await?;
    desktop.screenshot("schedule-ran").await?;

    // The receiver got one request, signed with the key in the OS keyring.
    let requests = receiver.requests();
    assert_eq!(requests.len(), 1, "run now sends exactly one request");
    let app = App::open(AppConfig::live(desktop.data_dir(), "test")).await?;
    let key = app.webhook_signing_key().await?;
    requests[0].verify_signature(key.expose_secret())?;

    // The database holds the run the screen shows.
    let runs = app
        .schedule_runs(&RunFilter {
            limit: 10,
            ..RunFilter::default()
        })
        .await?
        .runs;
    assert_eq!(runs.len(), 1);
    assert_eq!(
        (runs[0].status, runs[0].trigger),
        (RunStatus::Succeeded, RunTrigger::RunNow)
    );
    app.shutdown().await;

    // Settings shows the history retention the runner prunes by.
    desktop.click("nav-settings").await?;
    let retention = desktop.wait_for("[data-testid=settings-retention]").await?;
    for _ in 0..50 {
        if retention.prop("value").await?.as_deref() == Some("90") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(retention.prop("value").await?.as_deref(), Some("90"));
    desktop.screenshot("settings-scheduler").await?;
    desktop.close().await
}
