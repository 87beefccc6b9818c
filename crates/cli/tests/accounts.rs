//! `pilothouse accounts`, `keys` and `market` as a script uses them: the real binary, the real
//! OS keyring (run under `dbus-run-session -- scripts/with-keyring.sh`), the fake Binance.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use pilothouse_testkit::binance::{FakeBinance, KeyPermissions};

fn pilothouse(data_dir: &Path, args: &[&str]) -> Output {
    pilothouse_with_stdin(data_dir, args, "")
}

fn pilothouse_with_stdin(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pilothouse"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("PILOTHOUSE_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the pilothouse binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin is written");
    child
        .wait_with_output()
        .expect("the pilothouse binary ends")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "succeeds: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Refused input: exit code 2, and the message names the field.
fn refused(out: &Output, field: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{field}:")),
        "names `{field}`: {stderr}"
    );
}

fn session_bus_or_skip(test: &str) -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return true;
    }
    let _ = writeln!(
        std::io::stderr(),
        "\n!!! SKIPPED {test}: no D-Bus session, so no Secret Service.\n!!! Run it with: \
         dbus-run-session -- scripts/with-keyring.sh cargo test -p pilothouse-cli --test accounts\n"
    );
    false
}

#[test]
fn accounts_are_added_listed_and_removed() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = pilothouse(
        dir.path(),
        &["accounts", "add", "practice", "--venue", "paper"],
    );
    assert!(ok(&out).contains("practice"));

    refused(
        &pilothouse(dir.path(), &["accounts", "add", "x", "--venue", "kraken"]),
        "venue",
    );
    refused(
        &pilothouse(
            dir.path(),
            &["accounts", "add", "x", "--venue", "paper", "--live"],
        ),
        "live",
    );
    refused(
        &pilothouse(
            dir.path(),
            &["accounts", "add", "practice", "--venue", "paper"],
        ),
        "name",
    );
    refused(
        &pilothouse(
            dir.path(),
            &[
                "accounts",
                "add",
                "x",
                "--venue",
                "binance-spot",
                "--base-url",
                "ftp://x",
            ],
        ),
        "base_url",
    );

    let list: serde_json::Value = serde_json::from_str(&ok(&pilothouse(
        dir.path(),
        &["accounts", "list", "--json"],
    )))?;
    let list = list.as_array().expect("a JSON array");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["name"], "practice");
    assert_eq!(list[0]["venue"], "paper");
    assert_eq!(list[0]["live"], false);
    assert_eq!(list[0]["has_keys"], false);
    assert!(ok(&pilothouse(dir.path(), &["accounts", "list"])).contains("practice"));

    ok(&pilothouse(dir.path(), &["accounts", "remove", "practice"]));
    refused(
        &pilothouse(dir.path(), &["accounts", "remove", "practice"]),
        "account",
    );
    let list: serde_json::Value = serde_json::from_str(&ok(&pilothouse(
        dir.path(),
        &["accounts", "list", "--json"],
    )))?;
    assert_eq!(list, serde_json::json!([]));
    Ok(())
}

#[tokio::test]
async fn klines_print_as_the_recorded_csv() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let binance = FakeBinance::start().await?;
    ok(&pilothouse(
        dir.path(),
        &[
            "accounts",
            "add",
            "paper",
            "--venue",
            "paper",
            "--base-url",
            &binance.spot_url(),
        ],
    ));
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../testkit/fixtures/ETHBTC-5m.csv"),
    )?;
    let lines: Vec<&str> = fixture.lines().collect();
    let rows = &lines[101..=160];
    let first = rows[0].split(',').next().unwrap_or_default();
    let last = rows[rows.len() - 1].split(',').next().unwrap_or_default();
    let dir_path = dir.path().to_path_buf();
    let (first, last) = (first.to_owned(), last.to_owned());
    let out = tokio::task::spawn_blocking(move || {
        pilothouse(
            &dir_path,
            &[
                "market",
                "klines",
                "--account",
                "paper",
                "--symbol",
                "ETHBTC",
                "--interval",
                "5m",
                "--from",
                &first,
                "--to",
                &last,
                "--format",
                "csv",
            ],
        )
    })
    .await?;
    let csv = ok(&out);
    let expected: Vec<&str> = std::iter::once(lines[0])
        .chain(rows.iter().copied())
        .collect();
    assert_eq!(csv.lines().collect::<Vec<_>>(), expected);
    Ok(())
}

#[tokio::test]
async fn keys_are_set_from_stdin_and_tested() -> anyhow::Result<()> {
    if !session_bus_or_skip("keys_are_set_from_stdin_and_tested") {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let binance = FakeBinance::start().await?;
    binance.add_key("cliTestKey", "cliTestSecret", KeyPermissions::TRADING);
    binance.add_key("cliWithdrawKey", "cliWithdrawSecret", KeyPermissions::ALL);
    let url = binance.spot_url();
    let path = dir.path().to_path_buf();
    // The binary is run off the runtime's threads: the fake answers on them.
    let run = move |args: Vec<String>, stdin: &'static str| {
        let path = path.clone();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            pilothouse_with_stdin(&path, &args, stdin)
        })
    };
    let args = |text: &str| text.split(' ').map(str::to_owned).collect::<Vec<_>>();

    ok(&run(
        args(&format!(
            "accounts add spot --venue binance-spot --base-url {url}"
        )),
        "",
    )
    .await?);
    refused(&run(args("keys test spot"), "").await?, "keys");
    refused(&run(args("keys set spot"), "\nsecret\n").await?, "api_key");

    ok(&run(args("keys set spot"), "cliTestKey\ncliTestSecret\n").await?);
    let list: serde_json::Value =
        serde_json::from_str(&ok(&run(args("accounts list --json"), "").await?))?;
    assert_eq!(list[0]["has_keys"], true);
    let listed = list.to_string();
    assert!(!listed.contains("cliTestKey") && !listed.contains("cliTestSecret"));

    let report = ok(&run(args("keys test spot"), "").await?);
    assert!(report.contains("clock offset:"), "{report}");
    assert!(
        report.contains("warning:") && report.contains("IP restriction"),
        "{report}"
    );

    ok(&run(args("keys set spot"), "cliWithdrawKey\ncliWithdrawSecret\n").await?);
    refused(&run(args("keys test spot"), "").await?, "keys");

    ok(&run(args("keys remove spot"), "").await?);
    let list: serde_json::Value =
        serde_json::from_str(&ok(&run(args("accounts list --json"), "").await?))?;
    assert_eq!(list[0]["has_keys"], false);
    ok(&run(args("accounts remove spot"), "").await?);
    Ok(())
}
