//! Journeys across crates: the whole `App` as the desktop app and a CLI daemon share it on one
//! database, with a manual clock.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::time::Duration;

use pilothouse_app::ExportFormat;
use pilothouse_app::core::{AppEvent, LogFilter, LogType, NewLogEntry, Severity};
use pilothouse_testkit::{Workspace, next_event};

const SOON: Duration = Duration::from_secs(5);

#[tokio::test]
async fn desktop_and_daemon_share_logs_and_the_pause_across_a_restart() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let desktop = ws.open("desktop").await?;
    let daemon = ws.open("cli").await?;
    let mut desktop_events = desktop.subscribe();

    // The daemon writes bot logs; the desktop's live view receives them without asking.
    for i in 0..3 {
        let entry = NewLogEntry::new(
            LogType::Analysis,
            Severity::Info,
            "bot",
            "signal",
            format!("RSI 28.{i}: oversold"),
        )
        .for_bot("eth-swing");
        daemon.log(entry).await?;
    }
    let mut seen = Vec::new();
    while seen.len() < 3 {
        let batch = next_event(&mut desktop_events, SOON, |e| match e {
            AppEvent::LogsAppended { entries } => Some(entries),
            _ => None,
        })
        .await?;
        seen.extend(batch.into_iter().map(|e| e.message));
    }
    assert_eq!(
        seen,
        [
            "RSI 28.0: oversold",
            "RSI 28.1: oversold",
            "RSI 28.2: oversold"
        ],
        "in order, once each"
    );

    // The trader pauses in the desktop app; the daemon's order paths must refuse from now on.
    ws.clock.advance(chrono::Duration::minutes(5));
    desktop.pause_all("news spike").await?;
    let mut daemon_events = daemon.subscribe();
    if !daemon.is_paused() {
        next_event(&mut daemon_events, SOON, |e| match e {
            AppEvent::PauseChanged { state } if state.paused => Some(()),
            _ => None,
        })
        .await?;
    }
    assert!(daemon.is_paused(), "the daemon adopted the desktop's pause");

    // Both restart (machine reboot): still paused, with the reason.
    desktop.shutdown().await;
    daemon.shutdown().await;
    let desktop = ws.open("desktop").await?;
    let daemon = ws.open("cli").await?;
    assert!(
        desktop.is_paused() && daemon.is_paused(),
        "a reboot never resumes trading"
    );
    assert_eq!(desktop.pause_state().reason.as_deref(), Some("news spike"));

    // Resumed from the CLI; the desktop follows.
    let mut desktop_events = desktop.subscribe();
    daemon.resume_all().await?;
    next_event(&mut desktop_events, SOON, |e| match e {
        AppEvent::PauseChanged { state } if !state.paused => Some(()),
        _ => None,
    })
    .await?;

    // The record of it all: the bot's entries and both switches, exportable by filter.
    let bot = LogFilter {
        bot_id: Some("eth-swing".into()),
        ..LogFilter::default()
    };
    let export = desktop
        .export_logs(&bot, ExportFormat::Json, &ws.path().join("out"))
        .await?;
    assert_eq!(
        export.rows, 3,
        "the bot filter exports exactly the bot's entries"
    );
    let switches = LogFilter {
        severities: vec![Severity::Critical],
        ..LogFilter::default()
    };
    let page = desktop.logs_page(&switches, None, 10).await?;
    let actions: Vec<&str> = page.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["resume_all", "pause_all"],
        "newest first, one entry per switch"
    );
    Ok(())
}
