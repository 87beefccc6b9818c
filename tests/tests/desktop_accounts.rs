//! Accounts and keys from the desktop app, as a trader sets them up: add a Binance account in
//! Settings (pointed at a fake Binance on 127.0.0.1), enter its keys, test the connection and
//! read the report, then switch it to live after typing its name, and see the venue's request
//! budget on the Overview. The keys end up in the OS keyring and nowhere in the data directory. Screenshots land in `target/test-artifacts/`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use pilothouse_app::{App, AppConfig};
use pilothouse_testkit::binance::{FakeBinance, KeyPermissions};
use pilothouse_tests::desktop::Desktop;

const NAME: &str = "Binance main";
const API_KEY: &str = "e2eApiKey0123456789abcdefCANARYKEY";
const SECRET: &str = "e2eSecret0123456789abcdefCANARYSECRET";

#[tokio::test]
async fn keys_entered_in_settings_pass_the_connection_test_and_stay_in_the_keyring()
-> anyhow::Result<()> {
    let binance = FakeBinance::start().await?;
    binance.add_key(API_KEY, SECRET, KeyPermissions::SPOT_TRADING);
    let desktop = Desktop::launch().await?;
    desktop.click("nav-settings").await?;
    desktop.wait_for("[data-testid=settings-accounts]").await?;
    // A new installation starts with one paper account, never a live one.
    desktop
        .wait_for("[data-testid=account-row][data-name='Paper'][data-live=false]")
        .await?;

    desktop.fill("account-add-name", NAME).await?;
    desktop.select("account-add-venue", "binance-spot").await?;
    desktop
        .fill("account-add-base-url", &binance.spot_url())
        .await?;
    desktop.click("account-add-save").await?;
    let row = format!("[data-testid=account-row][data-name='{NAME}']");
    desktop.wait_for(&row).await?;

    let within = |id: &str| format!("{row} [data-testid={id}]");
    desktop
        .click_until(&within("account-keys-open"), &within("account-api-key"))
        .await?
        .send_keys(API_KEY)
        .await?;
    desktop
        .wait_for(&within("account-secret"))
        .await?
        .send_keys(SECRET)
        .await?;
    desktop
        .wait_for(&within("account-keys-save"))
        .await?
        .click()
        .await?;
    desktop
        .wait_for_text(&within("account-keys-status"), "keyring")
        .await?;

    desktop
        .wait_for(&within("account-test"))
        .await?
        .click()
        .await?;
    let report = desktop
        .wait_for_text(&within("account-test-report"), "IP")
        .await?;
    assert!(
        !report.contains(SECRET) && !report.contains(API_KEY),
        "the report never shows a key"
    );
    desktop.screenshot("settings-account-tested").await?;

    // Live needs the account's name typed in.
    desktop
        .click_until(
            &within("account-live-open"),
            &within("account-live-confirm-name"),
        )
        .await?
        .send_keys(NAME)
        .await?;
    desktop
        .wait_for(&within("account-live-confirm"))
        .await?
        .click()
        .await?;
    desktop.wait_for(&format!("{row}[data-live=true]")).await?;
    desktop
        .wait_for("[data-testid=mode-badge][data-mode=live]")
        .await
        .expect("the header says LIVE once an account can send real orders");
    desktop.screenshot("settings-account-live").await?;

    // The requests the test made drew on the venue's shared budget, and the Overview shows it.
    desktop.click("nav-overview").await?;
    desktop
        .wait_for_text("[data-testid=budget-row][data-venue=binance-spot]", "OK")
        .await?;
    desktop.screenshot("overview-budget").await?;

    // The keyring has the keys; the data directory does not.
    let app = App::open(AppConfig::live(desktop.data_dir(), "test")).await?;
    let accounts = app.accounts_list().await?;
    let binance_main = accounts
        .iter()
        .find(|a| a.name == NAME)
        .expect("the account");
    assert!(binance_main.has_keys && binance_main.live);
    app.shutdown().await;
    for entry in walk(&desktop.data_dir())? {
        let bytes = std::fs::read(&entry)?;
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("CANARYSECRET") && !text.contains("CANARYKEY"),
            "{} holds a key",
            entry.display()
        );
    }
    desktop.close().await
}

fn walk(dir: &std::path::Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(walk(&path)?);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}
