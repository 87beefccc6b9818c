//! The App as both shells use it: the emergency pause end to end, the batched log writer, and
//! changes made by another process on the same database.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::time::Duration;

use pilothouse_app::ExportFormat;
use pilothouse_core::{AppEvent, Clock, LogFilter, LogType, NewLogEntry, Severity};
use pilothouse_testkit::{Workspace, next_event};

const SOON: Duration = Duration::from_secs(5);

#[tokio::test]
async fn pause_publishes_an_event_and_writes_one_critical_system_log() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("desktop").await?;
    let mut events = app.subscribe();

    let state = app.pause_all("flash crash on BTC").await?;
    assert!(
        state.paused && app.is_paused(),
        "the switch every order path checks is on"
    );
    assert_eq!(
        state.changed_at,
        Some(ws.clock.now()),
        "time comes from the App's clock"
    );

    let announced = next_event(&mut events, SOON, |e| match e {
        AppEvent::PauseChanged { state } => Some(state),
        _ => None,
    })
    .await?;
    assert_eq!(announced, state, "subscribers learn the new state");
    let logged = next_event(&mut events, SOON, |e| match e {
        AppEvent::LogsAppended { entries } => Some(entries),
        _ => None,
    })
    .await?;
    assert_eq!(logged.len(), 1);
    assert_eq!(
        (logged[0].log_type, logged[0].severity),
        (LogType::System, Severity::Critical)
    );
    assert!(
        logged[0].message.contains("flash crash on BTC"),
        "the reason is in the log"
    );

    let again = app.pause_all("pressed twice").await?;
    assert_eq!(
        again.reason.as_deref(),
        Some("flash crash on BTC"),
        "a second pause changes nothing"
    );
    let critical = LogFilter {
        severities: vec![Severity::Critical],
        ..LogFilter::default()
    };
    assert_eq!(
        app.logs_page(&critical, None, 10).await?.entries.len(),
        1,
        "and logs nothing"
    );

    let resumed = app.resume_all().await?;
    assert!(!resumed.paused && !app.is_paused());
    assert_eq!(
        app.logs_page(&critical, None, 10).await?.entries.len(),
        2,
        "resume is logged too"
    );
    Ok(())
}

#[tokio::test]
async fn an_app_started_while_paused_stays_paused() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let first = ws.open("cli").await?;
    first.pause_all("weekend").await?;
    first.shutdown().await;
    drop(first);
    let second = ws.open("desktop").await?;
    assert!(
        second.is_paused(),
        "a restart must never silently resume trading"
    );
    assert_eq!(
        second.status().await?.pause.reason.as_deref(),
        Some("weekend")
    );
    Ok(())
}

#[tokio::test]
async fn a_blank_or_overlong_pause_reason_still_pauses_and_the_log_says_so() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("desktop").await?;
    let state = app.pause_all("   ").await?;
    assert!(
        state.paused && app.is_paused(),
        "the kill switch does not depend on its annotation"
    );
    assert_eq!(
        state.reason.as_deref(),
        Some(pilothouse_core::pause::NO_REASON),
        "a blank reason is shown as missing"
    );
    let critical = LogFilter {
        severities: vec![Severity::Critical],
        ..LogFilter::default()
    };
    let page = app.logs_page(&critical, None, 10).await?;
    assert_eq!(
        page.entries[0].data["reason_given"], false,
        "the log records that no reason was given"
    );

    app.resume_all().await?;
    let long = "x".repeat(pilothouse_core::pause::MAX_REASON_LEN * 3);
    let state = app.pause_all(&long).await?;
    assert!(state.paused, "an overlong reason pauses too");
    assert_eq!(
        state.reason.map(|r| r.chars().count()),
        Some(pilothouse_core::pause::MAX_REASON_LEN),
        "the reason is cut to the limit"
    );
    let page = app.logs_page(&critical, None, 10).await?;
    assert_eq!(
        page.entries[0].data["reason_truncated"], true,
        "the log records that the reason was cut (newest first)"
    );
    Ok(())
}

#[tokio::test]
async fn a_pause_made_by_another_process_reaches_subscribers() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let desktop = ws.open("desktop").await?;
    let cli = ws.open("cli").await?;
    let mut events = desktop.subscribe();

    cli.pause_all("from a script").await?;
    let seen = next_event(&mut events, SOON, |e| match e {
        AppEvent::PauseChanged { state } => Some(state),
        _ => None,
    })
    .await?;
    assert_eq!(
        seen.changed_by.as_deref(),
        Some("cli"),
        "the desktop sees the CLI's switch"
    );
    assert!(desktop.is_paused(), "and its order paths now refuse");
    let entries = next_event(&mut events, SOON, |e| match e {
        AppEvent::LogsAppended { entries } => Some(entries),
        _ => None,
    })
    .await?;
    assert_eq!(
        entries[0].action, "pause_all",
        "the CLI's log entry appears live too"
    );
    Ok(())
}

#[tokio::test]
async fn logs_acknowledged_before_the_app_is_dropped_mid_flush_are_all_stored() -> anyhow::Result<()>
{
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;
    let writers: Vec<_> = (0..20)
        .map(|w| {
            let app = app.clone();
            tokio::spawn(async move {
                let mut acked = 0;
                for i in 0..250 {
                    let entry = NewLogEntry::new(
                        LogType::Analysis,
                        Severity::Info,
                        "bot",
                        "tick",
                        format!("writer {w} entry {i}"),
                    );
                    if app.log(entry).await.is_ok() {
                        acked += 1;
                    }
                }
                acked
            })
        })
        .collect();
    // Drop our handle while the writers are mid-flight: batches are being committed now.
    tokio::task::yield_now().await;
    drop(app);
    let mut acknowledged = 0;
    for writer in writers {
        acknowledged += writer.await?;
    }
    assert_eq!(
        acknowledged,
        20 * 250,
        "no write is refused while any App handle lives"
    );

    let reopened = ws.open("cli").await?;
    let stored = reopened.status().await?.last_log_id;
    assert_eq!(stored, acknowledged, "every acknowledged entry is on disk");
    Ok(())
}

#[tokio::test]
async fn shutdown_flushes_queued_entries_then_refuses_new_ones() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;
    let pending: Vec<_> = (0..100)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                app.log(NewLogEntry::new(
                    LogType::System,
                    Severity::Info,
                    "cli",
                    "tick",
                    format!("#{i}"),
                ))
                .await
            })
        })
        .collect();
    tokio::task::yield_now().await;
    app.shutdown().await;
    let mut ok = 0;
    for p in pending {
        if p.await?.is_ok() {
            ok += 1;
        }
    }
    let late = app
        .log(NewLogEntry::new(
            LogType::System,
            Severity::Info,
            "cli",
            "tick",
            "late",
        ))
        .await;
    assert!(late.is_err(), "after shutdown the writer accepts nothing");
    let reopened = ws.open("cli").await?;
    assert_eq!(
        reopened.status().await?.last_log_id,
        ok,
        "every acknowledged entry was flushed"
    );
    Ok(())
}

#[tokio::test]
async fn export_writes_the_filtered_log_as_csv_and_json() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("desktop").await?;
    for (t, msg) in [
        (LogType::Trade, "Bought, \"quoted\""),
        (LogType::System, "boot"),
        (LogType::Trade, "Sold"),
    ] {
        app.log(NewLogEntry::new(t, Severity::Info, "bot", "fill", msg))
            .await?;
    }
    let trades = LogFilter {
        types: vec![LogType::Trade],
        ..LogFilter::default()
    };
    let out = ws.path().join("exports");

    let csv = app.export_logs(&trades, ExportFormat::Csv, &out).await?;
    assert_eq!(csv.rows, 2);
    let mut reader = csv::Reader::from_path(&csv.path)?;
    let messages: Vec<String> = reader
        .records()
        .map(|r| r.map(|r| r[7].to_owned()))
        .collect::<Result<_, _>>()?;
    assert_eq!(
        messages,
        ["Sold", "Bought, \"quoted\""],
        "CSV quoting round-trips, newest first"
    );

    let json = app.export_logs(&trades, ExportFormat::Json, &out).await?;
    let parsed: Vec<pilothouse_core::LogEntry> =
        serde_json::from_slice(&std::fs::read(&json.path)?)?;
    assert_eq!(
        parsed.len(),
        2,
        "the JSON export is a valid array of entries"
    );
    assert!(
        std::fs::read_dir(&out)?
            .all(|f| f.is_ok_and(|f| f.path().extension() != Some("partial".as_ref()))),
        "no partial file is left behind"
    );
    Ok(())
}

#[tokio::test]
async fn a_page_limit_out_of_range_is_refused_naming_limit() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("desktop").await?;
    let err = pilothouse_app::ApiError::from(
        app.logs_page(&LogFilter::default(), None, 0)
            .await
            .unwrap_err(),
    );
    assert_eq!(err.field.as_deref(), Some("limit"));
    Ok(())
}

/// Regression: closing the log writer aborted it mid-way through an index pass, leaving a
/// `BEGIN IMMEDIATE` transaction open on a pooled connection, so an App reopened on the same
/// database waited out the 10 s busy timeout and failed its first write (seen twice in CI under
/// load; the race is timing-dependent, so this guards it over many rounds rather than forcing
/// it). The writer is now stopped between transactions, never aborted.
#[tokio::test]
async fn an_app_reopened_after_shutdown_can_write_at_once() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    for round in 0..10 {
        let app = ws.open("cli").await?;
        // Enough entries that the writer's idle index pass is still going when it is closed.
        let writes: Vec<_> = (0..3_000)
            .map(|i| {
                app.log(NewLogEntry::new(
                    LogType::System,
                    Severity::Info,
                    "cli",
                    "tick",
                    format!("round {round} entry {i} with some words to index"),
                ))
            })
            .collect();
        for write in futures::future::join_all(writes).await {
            write?;
        }
        app.shutdown().await;
        let reopened = ws.open("cli").await?;
        let write = reopened.pause_all("checking the write lock is free");
        tokio::time::timeout(std::time::Duration::from_secs(2), write)
            .await
            .map_err(|_| anyhow::anyhow!("round {round}: the write lock was still held"))??;
        reopened.resume_all().await?;
        reopened.shutdown().await;
    }
    Ok(())
}
