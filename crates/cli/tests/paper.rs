//! Paper accounts from a script: `accounts add` with a futures mode, starting balances, fees and
//! a replay of a built-in recording; `accounts balances` shows what it starts with; an order
//! placed on the replay fills offline; bad paper options are refused naming the option.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod support;

use support::{ok, pilothouse, refused};

#[test]
fn a_futures_paper_account_on_a_replay_starts_with_its_own_balance_and_trades_offline()
-> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let added = pilothouse(
        dir.path(),
        &[
            "accounts",
            "add",
            "perp",
            "--venue",
            "paper",
            "--futures",
            "--balance",
            "USDT=2500",
            "--taker-bps",
            "4",
            "--replay",
            "XRPUSDT-perp-5m",
            "--speed",
            "1000",
        ],
    );
    assert!(ok(&added).contains("perp"));
    let balances: serde_json::Value = serde_json::from_str(&ok(&pilothouse(
        dir.path(),
        &["accounts", "balances", "perp", "--json"],
    )))?;
    assert_eq!(balances[0]["asset"], "USDT", "only the asset it was given");
    assert_eq!(balances[0]["free"], "2500");

    let leverage = |n: &str| {
        pilothouse(
            dir.path(),
            &[
                "orders",
                "leverage",
                "--account",
                "perp",
                "--symbol",
                "XRPUSDT",
                "--leverage",
                n,
            ],
        )
    };
    assert!(ok(&leverage("3")).contains("3×"));
    refused(&leverage("200"), "leverage");

    // At 1000× a 5-minute candle closes every 0.3 s: wait for one to price the order.
    std::thread::sleep(std::time::Duration::from_millis(700));
    let placed = pilothouse(
        dir.path(),
        &[
            "orders",
            "place",
            "--account",
            "perp",
            "--symbol",
            "XRPUSDT",
            "--side",
            "SELL",
            "--type",
            "MARKET",
            "--qty",
            "100",
        ],
    );
    assert!(
        ok(&placed).to_lowercase().contains("filled"),
        "a short opens on futures"
    );
    Ok(())
}

#[test]
fn bad_paper_options_are_refused_naming_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let add = |extra: &[&str]| {
        let mut args = vec!["accounts", "add", "demo", "--venue", "paper"];
        args.extend_from_slice(extra);
        pilothouse(dir.path(), &args)
    };
    refused(&add(&["--balance", "USDT:100"]), "balance");
    refused(&add(&["--balance", "USDT=-5"]), "paper.balances");
    refused(
        &add(&["--replay", "ETHBTC-5m", "--speed", "0"]),
        "paper.market.speed",
    );
    refused(
        &add(&["--replay", "/nowhere/BTCUSDT-1m.csv"]),
        "paper.market.dataset",
    );
    refused(&add(&["--slippage-bps", "5000"]), "paper.slippage_bps");
    let spot_with_paper = pilothouse(
        dir.path(),
        &[
            "accounts",
            "add",
            "x",
            "--venue",
            "binance-spot",
            "--futures",
        ],
    );
    refused(&spot_with_paper, "paper");
    let list = ok(&pilothouse(dir.path(), &["accounts", "list", "--json"]));
    assert_eq!(list.trim(), "[]", "nothing was half-added");
}
