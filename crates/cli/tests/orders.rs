//! `pilothouse orders` as a script uses it: the real binary, the real OS keyring (run under
//! `dbus-run-session -- scripts/with-keyring.sh cargo test -p pilothouse-cli --test orders`),
//! the fake Binance.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod support;

use support::{ok, pilothouse_with_stdin, refused, session_bus_or_skip};

use std::path::PathBuf;
use std::process::Output;

use pilothouse_testkit::binance::{FakeBinance, Fault, FaultTarget, KeyPermissions};
use reqwest::Method;
use rust_decimal::Decimal;

/// A data dir with one live Binance spot account, `spot`, whose keys (in the OS keyring) the
/// fake Binance knows, holding 10 BTC.
struct LiveSpot {
    dir: tempfile::TempDir,
    binance: FakeBinance,
}

impl LiveSpot {
    /// The data dir, or `None` (said loudly) without a keyring to keep the keys in.
    async fn start(test: &str) -> anyhow::Result<Option<Self>> {
        if !session_bus_or_skip(test, "orders") {
            return Ok(None);
        }
        let spot = Self {
            dir: tempfile::tempdir()?,
            binance: FakeBinance::start().await?,
        };
        spot.binance
            .add_key("cliOrderKey", "cliOrderSecret", KeyPermissions::TRADING);
        spot.binance.set_balance("BTC", Decimal::from(10));
        let url = spot.binance.spot_url();
        let add = format!("accounts add spot --venue binance-spot --base-url {url} --live");
        ok(&spot.run(add, "").await?);
        ok(&spot
            .run("keys set spot".into(), "cliOrderKey\ncliOrderSecret\n")
            .await?);
        Ok(Some(spot))
    }

    /// Runs `pilothouse ARGS` (split on spaces) off the runtime's threads: the fake answers
    /// on them.
    async fn run(&self, args: String, stdin: &'static str) -> anyhow::Result<Output> {
        let path: PathBuf = self.dir.path().to_path_buf();
        Ok(tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.split(' ').collect();
            pilothouse_with_stdin(&path, &args, stdin)
        })
        .await?)
    }
}

#[tokio::test]
async fn orders_are_placed_listed_and_refused_while_paused() -> anyhow::Result<()> {
    let Some(spot) = LiveSpot::start("orders_are_placed_listed_and_refused_while_paused").await?
    else {
        return Ok(());
    };
    let (binance, run) = (&spot.binance, |args: String, stdin| spot.run(args, stdin));

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

#[tokio::test]
async fn an_order_whose_outcome_stays_unknown_exits_4_and_says_so() -> anyhow::Result<()> {
    let Some(spot) =
        LiveSpot::start("an_order_whose_outcome_stays_unknown_exits_4_and_says_so").await?
    else {
        return Ok(());
    };
    let (binance, run) = (&spot.binance, |args: String, stdin| spot.run(args, stdin));

    // The order is placed but answered "status unknown", and every look-up fails.
    binance.unknown_outcome_next(Method::POST, "/api/v3/order", 1);
    let lookups = FaultTarget::path("/api/v3/order").method(Method::GET);
    binance.inject(Fault::ServerError { status: 503 }, lookups, 20);
    let place = "orders place --account spot --symbol ETHBTC --side BUY --type MARKET --qty 0.1";
    let out = run(place.into(), "").await?;
    let what = "an unknown outcome is neither success nor an ordinary failure, and says so";
    support::exits_saying(&out, 4, "the outcome is unknown", what);
    binance.clear_faults();
    ok(&run("keys remove spot".into(), "").await?);
    Ok(())
}
