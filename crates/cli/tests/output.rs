//! What the CLI prints when its input was hostile or its reader leaves early: stored text with
//! newlines and terminal escapes is shown escaped (a reason cannot forge a log line or clear
//! the screen), and a closed pipe (`| head -1`) ends a command quietly, never with a panic.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod support;

use std::process::{Command, Stdio};

use support::{ok, pilothouse, refused};

const FORGED: &str =
    "x\n2026-01-01 00:00:00 +00:00  CRITICAL SYSTEM   system resume_all: forged\u{1b}[2J\u{7}";

#[test]
fn a_reason_with_newlines_and_escapes_cannot_forge_log_lines_or_drive_the_terminal()
-> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let paused = ok(&pilothouse(dir.path(), &["pause-all", "--reason", FORGED]));
    let logs = ok(&pilothouse(dir.path(), &["logs"]));
    let status = ok(&pilothouse(dir.path(), &["status"]));
    for (command, out, lines) in [
        ("pause-all", &paused, 1),
        ("logs", &logs, 1),
        ("status", &status, 5),
    ] {
        assert_eq!(
            out.lines().count(),
            lines,
            "{command}: the reason stays on its own line: {out}"
        );
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{command}: no raw ESC or BEL reaches the terminal: {out:?}"
        );
        assert!(
            out.contains("\\n2026-01-01") && out.contains("\\u{1b}[2J"),
            "{command}: the characters are shown, escaped: {out}"
        );
    }
    let json = ok(&pilothouse(dir.path(), &["logs", "--format", "json"]));
    let entry: serde_json::Value = serde_json::from_str(json.trim())?;
    assert!(
        entry["message"]
            .as_str()
            .unwrap_or_default()
            .contains(FORGED),
        "JSON keeps the exact text (it escapes on its own)"
    );
    Ok(())
}

#[test]
fn output_to_a_closed_pipe_ends_quietly_without_a_panic() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    ok(&pilothouse(
        dir.path(),
        &["pause-all", "--reason", "fill the log"],
    ));
    for args in [
        &["orders", "list"][..],
        &["schedules", "list", "--json"],
        &["logs"],
        &["logs", "--format", "csv"],
        &["status"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pilothouse"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env("PILOTHOUSE_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        drop(child.stdout.take()); // the reader leaves before the first line, as `head -0`
        let out = child.wait_with_output()?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("error"),
            "{args:?}: a closed pipe is not an error: {stderr}"
        );
        assert!(out.status.success(), "{args:?}: exits quietly: {stderr}");
    }
    Ok(())
}

#[test]
fn since_refuses_a_negative_or_overflowing_span_by_name() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    refused(
        &pilothouse(dir.path(), &["logs", "--since", "9999999999h"]),
        "since",
    );
    refused(&pilothouse(dir.path(), &["logs", "--since=-5h"]), "since");
    refused(
        &pilothouse(dir.path(), &["logs", "--since", "-5h"]),
        "since",
    );
    Ok(())
}
