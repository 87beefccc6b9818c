//! The `pilothouse` binary as a script or a second terminal uses it, on the same database as a
//! running App.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod support;

use support::pilothouse;

use std::time::Duration;

use pilothouse_app::core::AppEvent;
use pilothouse_app::{App, AppConfig};

#[tokio::test]
async fn pause_all_from_a_second_process_is_seen_by_a_running_app() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::open(AppConfig::live(dir.path().to_path_buf(), "desktop")).await?;
    let mut events = app.subscribe();

    let out = pilothouse(dir.path(), &["pause-all", "--reason", "exchange halted"]);
    assert!(
        out.status.success(),
        "pause-all succeeds: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let state = tokio::time::timeout(Duration::from_secs(2), async {
        loop {
            if let Ok(AppEvent::PauseChanged { state }) = events.recv().await {
                return state;
            }
        }
    })
    .await
    .expect("the running app hears of the CLI's pause within 2 s");
    assert!(
        state.paused && app.is_paused(),
        "the running app now refuses trading"
    );
    assert_eq!(state.reason.as_deref(), Some("exchange halted"));
    assert_eq!(state.changed_by.as_deref(), Some("cli"));

    let status = pilothouse(dir.path(), &["status", "--json"]);
    let status: serde_json::Value = serde_json::from_slice(&status.stdout)?;
    assert_eq!(status["pause"]["paused"], true, "status reports the pause");

    let out = pilothouse(dir.path(), &["resume-all"]);
    assert!(out.status.success());
    app.shutdown().await;
    Ok(())
}

#[test]
fn logs_prints_filtered_entries_as_csv_and_json() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    assert!(
        pilothouse(dir.path(), &["pause-all", "--reason", "lunch"])
            .status
            .success()
    );
    assert!(pilothouse(dir.path(), &["resume-all"]).status.success());

    let csv = pilothouse(
        dir.path(),
        &["logs", "--severity", "critical", "--format", "csv"],
    );
    let text = String::from_utf8(csv.stdout)?;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "id,time,type,severity,source,bot_id,action,message,data"
    );
    assert_eq!(
        lines.len(),
        3,
        "header + pause + resume, oldest first: {text}"
    );
    assert!(lines[1].contains("pause_all") && lines[1].contains("lunch"));
    assert!(lines[2].contains("resume_all"));

    let json = pilothouse(
        dir.path(),
        &["logs", "--search", "lunch", "--format", "json"],
    );
    let entries: Vec<serde_json::Value> = String::from_utf8(json.stdout)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    assert_eq!(entries.len(), 1, "only the pause mentions lunch");
    assert_eq!(entries[0]["severity"], "CRITICAL");
    Ok(())
}

#[test]
fn bad_input_exits_2_and_names_the_field() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = pilothouse(dir.path(), &["logs", "--since", "last tuesday"]);
    assert_eq!(out.status.code(), Some(2), "refused input is exit code 2");
    assert!(
        String::from_utf8(out.stderr)?.contains("since:"),
        "the error names the field"
    );

    let out = pilothouse(dir.path(), &["logs", "--severity", "loud"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "clap refuses unknown severities"
    );
    assert!(String::from_utf8(out.stderr)?.contains("INFO, WARNING, ERROR, CRITICAL"));

    let status = pilothouse(dir.path(), &["status", "--json"]);
    let status: serde_json::Value = serde_json::from_slice(&status.stdout)?;
    assert_eq!(
        status["pause"]["paused"], false,
        "nothing was changed by refused commands"
    );
    Ok(())
}

#[test]
fn pause_all_with_an_empty_blank_or_overlong_reason_still_pauses() -> anyhow::Result<()> {
    let long = "y".repeat(2_000);
    for reason in ["", "   \t ", long.as_str()] {
        let dir = tempfile::tempdir()?;
        let out = pilothouse(dir.path(), &["pause-all", "--reason", reason]);
        assert!(
            out.status.success(),
            "the kill switch never depends on its annotation ({} chars): {}",
            reason.len(),
            String::from_utf8_lossy(&out.stderr)
        );
        let status = pilothouse(dir.path(), &["status", "--json"]);
        let status: serde_json::Value = serde_json::from_slice(&status.stdout)?;
        assert_eq!(status["pause"]["paused"], true, "trading is paused");
        let kept = status["pause"]["reason"].as_str().unwrap_or_default();
        if reason.trim().is_empty() {
            assert_eq!(
                kept, "no reason given",
                "a missing reason is shown as missing"
            );
        } else {
            assert_eq!(
                kept.chars().count(),
                500,
                "a long reason is cut to 500 characters"
            );
        }
    }
    Ok(())
}

#[test]
fn negative_numbers_are_refused_naming_the_flag_not_as_unexpected_arguments() -> anyhow::Result<()>
{
    let dir = tempfile::tempdir()?;
    for (args, flag) in [
        (&["orders", "list", "--limit", "-1"][..], "limit"),
        (&["logs", "--limit", "-1"], "limit"),
        (&["backtests", "list", "--limit", "-5"], "limit"),
        (&["cron", "next", "0 9 * * *", "--count", "-3"], "count"),
    ] {
        let what = format!("{args:?}: refused naming the flag");
        let stderr = support::exits_saying(&pilothouse(dir.path(), args), 2, flag, &what);
        assert!(!stderr.contains("unexpected argument"), "{what}: {stderr}");
    }
    for args in [
        &["orders", "list", "--limit", "0"][..],
        &["logs", "--limit", "0"],
    ] {
        let what = format!("{args:?}: a zero limit is refused alike by orders and logs");
        let says = "limit: must be between 1 and";
        support::exits_saying(&pilothouse(dir.path(), args), 2, says, &what);
    }
    Ok(())
}
