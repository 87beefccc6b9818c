//! Unlucky data dirs as a script meets them: many processes starting on a new one at once, one
//! that is read-only, a file, or holds a damaged or newer database. Each gets one clear message
//! naming the path and one exit code (5), never a panic; the emergency pause never fails
//! because another process is starting.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use support::{ok, pilothouse, pilothouse_read_only};

/// The exit code for a data dir or database that cannot be used.
const UNUSABLE_DATA: i32 = 5;

/// One error line naming `path` and saying `says`, exit code 5, no panic.
fn unusable(out: &Output, path: &Path, why: &str, says: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(UNUSABLE_DATA),
        "{why}: exit 5: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{why}: no panic: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{why}: one error line: {stderr}");
    let other = stderr.lines().filter(|l| !l.starts_with("note:")).count();
    assert_eq!(other, 1, "{why}: and nothing else but notes: {stderr}");
    assert!(
        errors[0].contains(&path.display().to_string()),
        "{why}: the error names {}: {stderr}",
        path.display()
    );
    assert!(errors[0].contains(says), "{why}: says `{says}`: {stderr}");
}

#[test]
fn fifty_processes_pausing_on_a_new_data_dir_at_once_all_succeed() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("new");
    let children: Vec<_> = (0..50)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_pilothouse"))
                .arg("--data-dir")
                .arg(&data)
                .args(["pause-all", "--reason", &format!("p{i}")])
                .env("PILOTHOUSE_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the pilothouse binary runs")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output()?;
        assert!(
            out.status.success(),
            "the emergency pause never fails because another process is starting: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let status: serde_json::Value =
        serde_json::from_str(&ok(&pilothouse(&data, &["status", "--json"])))?;
    assert_eq!(status["pause"]["paused"], true, "trading is paused");
    let pauses = ok(&pilothouse(
        &data,
        &["logs", "--search", "pause_all", "--format", "json"],
    ));
    assert_eq!(
        pauses.lines().count(),
        1,
        "fifty pauses at once record one pause: {pauses}"
    );
    Ok(())
}

#[test]
fn a_data_dir_that_is_a_file_is_named_in_one_error_with_exit_5() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("pilothouse-data");
    std::fs::write(&file, "not a directory")?;
    let out = pilothouse(&file, &["pause-all"]);
    unusable(&out, &file, "a file", "not a directory");
    Ok(())
}

#[test]
fn a_damaged_database_is_named_in_one_error_with_exit_5() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("pilothouse.db");
    std::fs::write(&db, vec![b'#'; 4096])?;
    let out = pilothouse(dir.path(), &["status"]);
    unusable(&out, &db, "a damaged database", "not a database");
    Ok(())
}

#[tokio::test]
async fn a_database_from_a_newer_version_says_so_with_both_schema_numbers() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    ok(&pilothouse(dir.path(), &["status"]));
    let db = dir.path().join("pilothouse.db");
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&db))
            .await?;
    let known: i64 = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await?;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (?, 'from the future', 1, x'00', 0)",
    )
    .bind(known + 1)
    .execute(&pool)
    .await?;
    pool.close().await;

    unusable(
        &pilothouse(dir.path(), &["pause-all"]),
        &db,
        "a newer database",
        &format!(
            "this database was written by a newer version (schema {}); this build knows up to {known}",
            known + 1
        ),
    );
    Ok(())
}

#[test]
fn a_read_only_data_dir_still_answers_status_and_says_once_that_diagnostics_are_off()
-> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    ok(&pilothouse(
        dir.path(),
        &["pause-all", "--reason", "before the mount"],
    ));
    let test = "a_read_only_data_dir_still_answers_status_and_says_once_that_diagnostics_are_off";
    let Some(status) = pilothouse_read_only(dir.path(), &["status"], test) else {
        return Ok(());
    };
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(
        status.status.success(),
        "a read-only database still answers status: {stderr}"
    );
    assert!(
        String::from_utf8_lossy(&status.stdout).contains("before the mount"),
        "status reads the stored pause"
    );
    assert_eq!(
        stderr.matches("diagnostics are off").count(),
        1,
        "says once that the diagnostics file is not written: {stderr}"
    );

    let resume = pilothouse_read_only(dir.path(), &["resume-all"], test).expect("as before");
    let db = dir.path().join("pilothouse.db");
    unusable(&resume, &db, "a write to a read-only database", "read-only");
    Ok(())
}

#[test]
fn a_read_only_empty_data_dir_is_named_in_one_error_with_exit_5() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let test = "a_read_only_empty_data_dir_is_named_in_one_error_with_exit_5";
    let Some(out) = pilothouse_read_only(dir.path(), &["pause-all"], test) else {
        return Ok(());
    };
    let db = dir.path().join("pilothouse.db");
    unusable(&out, &db, "no database, read-only dir", "may be written");
    Ok(())
}
