//! `pilothouse orders` as a script uses it: the real binary, the real OS keyring (run under
//! `dbus-run-session -- scripts/with-keyring.sh cargo test -p pilothouse-cli --test orders`),
//! the fake Binance.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod support;

use support::{ok, pilothouse_with_stdin, refused, session_bus_or_skip};

use pilothouse_testkit::binance::{FakeBinance, KeyPermissions};
use rust_decimal::Decimal;

#[tokio::test]
async fn orders_are_placed_listed_and_refused_while_paused() -> anyhow::Result<()> {
    if !session_bus_or_skip(
        "orders_are_placed_listed_and_refused_while_paused",
        "orders",
    ) {
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
    let paused = run(place.into(), "").await?;
    let stderr = String::from_utf8_lossy(&paused.stderr);
    assert_eq!(
        paused.status.code(),
        Some(3),
        "the pause's own exit code: {stderr}"
    );
    assert!(stderr.contains("trading is paused"), "{stderr}");
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
