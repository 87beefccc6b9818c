//! `pilothouse orders` as a script uses it: the real binary, the real OS keyring (run under
//! `dbus-run-session -- scripts/with-keyring.sh cargo test -p pilothouse-cli --test orders`),
//! the fake Binance.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use pilothouse_testkit::binance::{FakeBinance, KeyPermissions};
use rust_decimal::Decimal;

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

#[tokio::test]
async fn orders_are_placed_listed_and_refused_while_paused() -> anyhow::Result<()> {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "\n!!! SKIPPED orders_are_placed_listed_and_refused_while_paused: no D-Bus session, \
             so no Secret Service.\n!!! Run it with: dbus-run-session -- \
             scripts/with-keyring.sh cargo test -p pilothouse-cli --test orders\n"
        );
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let binance = FakeBinance::start().await?;
    binance.add_key("cliOrderKey", "cliOrderSecret", KeyPermissions::TRADING);
    binance.set_balance("BTC", Decimal::from(10));
    let url = binance.spot_url();
    let path = dir.path().to_path_buf();
    // The binary is run off the runtime's threads: the fake answers on them.
    let run = move |args: String, stdin: &'static str| {
        let path = path.clone();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.split(' ').collect();
            pilothouse_with_stdin(&path, &args, stdin)
        })
    };

    ok(&run(
        format!("accounts add spot --venue binance-spot --base-url {url} --live"),
        "",
    )
    .await?);
    ok(&run("keys set spot".into(), "cliOrderKey\ncliOrderSecret\n").await?);

    let place = "orders place --account spot --symbol ETHBTC --side BUY --type MARKET --qty 0.1";
    let placed = ok(&run(place.into(), "").await?);
    assert!(placed.contains("filled"), "{placed}");
    refused(&run(format!("{place} --price 0.05"), "").await?, "price");

    let list: serde_json::Value =
        serde_json::from_str(&ok(
            &run("orders list --account spot --json".into(), "").await?
        ))?;
    let list = list.as_array().expect("a JSON array");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["status"], "filled");
    assert_eq!(list[0]["side"], "BUY");
    let executed: Decimal = list[0]["executed_quantity"].as_str().unwrap().parse()?;
    assert_eq!(executed, Decimal::new(1, 1));
    let id = list[0]["client_order_id"].as_str().unwrap().to_owned();
    assert!(ok(&run("orders list".into(), "").await?).contains(&id));

    ok(&run("pause-all --reason test".into(), "").await?);
    refused(&run(place.into(), "").await?, "order");
    ok(&run("resume-all".into(), "").await?);
    let list: serde_json::Value =
        serde_json::from_str(&ok(&run("orders list --json".into(), "").await?))?;
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(1),
        "the paused order never existed"
    );
    let posts = binance
        .requests()
        .iter()
        .filter(|r| r.method.as_str() == "POST" && r.path == "/api/v3/order")
        .count();
    assert_eq!(posts, 1);
    ok(&run("keys remove spot".into(), "").await?);
    Ok(())
}
