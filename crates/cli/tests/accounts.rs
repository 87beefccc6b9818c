//! `pilothouse accounts`, `keys` and `market` as a script uses them: the real binary, the real
//! OS keyring (run under `dbus-run-session -- scripts/with-keyring.sh`), the fake Binance.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod support;

use support::{
    ok, pilothouse, pilothouse_with_stdin, pilothouse_without_keyring, refused, session_bus_or_skip,
};

use std::path::Path;

use pilothouse_testkit::binance::{FakeBinance, KeyPermissions};

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
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../exchange/data/ETHBTC-5m.csv"),
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
    if !session_bus_or_skip("keys_are_set_from_stdin_and_tested", "accounts") {
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

#[test]
fn accounts_list_json_and_remove_work_without_a_keyring_once_a_binance_account_exists()
-> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let no_keyring = |args: &[&str]| pilothouse_without_keyring(dir.path(), args);
    ok(&no_keyring(&[
        "accounts",
        "add",
        "spot",
        "--venue",
        "binance-spot",
    ]));

    let text = ok(&no_keyring(&["accounts", "list"]));
    assert!(
        text.contains("spot") && text.contains("keys: keyring unavailable"),
        "the list shows the account and says the keys are unknown: {text}"
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok(&no_keyring(&["accounts", "list", "--json"])))?;
    assert!(
        list[0]["keys_unknown"]
            .as_str()
            .is_some_and(|w| w.starts_with("keyring unavailable")),
        "the JSON says why has_keys is unknown: {list}"
    );
    let removed = ok(&no_keyring(&["accounts", "remove", "spot"]));
    assert!(
        removed.contains("Removed account"),
        "removing does not need the keys: {removed}"
    );
    let list = ok(&no_keyring(&["accounts", "list", "--json"]));
    assert_eq!(list.trim(), "[]", "the account is gone");
    Ok(())
}
