//! Accounts when the OS keyring does not answer (a server without a Secret Service, a locked
//! keyring): listing and removing still work and say the keys are unknown, and keys left behind
//! by a removal never pass to a later account that gets the same id.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use pilothouse_app::core::market::{AccountInput, Venue};
use pilothouse_app::scheduler::JobRegistry;
use pilothouse_app::secrets::{MemoryVault, SecretError, SecretVault};
use pilothouse_app::{App, AppConfig};
use pilothouse_testkit::Workspace;
use secrecy::SecretString;

/// A memory vault that can be switched off, as a keyring that stops answering.
#[derive(Debug, Default)]
struct FlakyKeyring {
    away: AtomicBool,
    secrets: MemoryVault,
}

impl FlakyKeyring {
    fn check(&self) -> Result<(), SecretError> {
        if self.away.load(Ordering::SeqCst) {
            return Err(SecretError::Unavailable("no Secret Service".into()));
        }
        Ok(())
    }
}

impl SecretVault for FlakyKeyring {
    fn get(&self, name: &str) -> Result<Option<SecretString>, SecretError> {
        self.check()?;
        self.secrets.get(name)
    }
    fn set(&self, name: &str, value: &SecretString) -> Result<(), SecretError> {
        self.check()?;
        self.secrets.set(name, value)
    }
    fn delete(&self, name: &str) -> Result<(), SecretError> {
        self.check()?;
        self.secrets.delete(name)
    }
}

fn spot(name: &str) -> AccountInput {
    AccountInput {
        name: name.into(),
        venue: Venue::BinanceSpot,
        base_url: None,
        live: false,
        paper: None,
    }
}

#[tokio::test]
async fn keys_of_an_account_removed_without_a_keyring_never_pass_to_a_later_account()
-> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let keyring = Arc::new(FlakyKeyring::default());
    let app = App::open(AppConfig {
        data_dir: ws.path().to_path_buf(),
        clock: Arc::new(ws.clock.clone()),
        shell: "cli",
        jobs: JobRegistry::standard(),
        secrets: keyring.clone(),
    })
    .await?;
    let first = app.account_add(&spot("first")).await?;
    app.keys_set("first", "key-1".into(), "secret-1".into())
        .await?;

    keyring.away.store(true, Ordering::SeqCst);
    let listed = app.accounts_list().await?;
    assert!(
        listed[0]
            .keys_unknown
            .as_deref()
            .is_some_and(|w| w.contains("keyring unavailable")),
        "listing works without a keyring and says the keys are unknown: {listed:?}"
    );
    let removed = app.account_remove("first").await?;
    assert!(
        removed.keys_unknown.is_some(),
        "removing works without a keyring and says its keys are left"
    );

    keyring.away.store(false, Ordering::SeqCst);
    let second = app.account_add(&spot("second")).await?;
    assert_eq!(second.id, first.id, "the id is reused, as SQLite may");
    let listed = app.accounts_list().await?;
    assert!(
        !listed[0].has_keys && listed[0].keys_unknown.is_none(),
        "the new account does not inherit the removed one's keys: {listed:?}"
    );
    let test = app.keys_test("second").await;
    assert!(
        matches!(&test, Err(pilothouse_app::AppError::Invalid(f)) if f.field == "keys"),
        "and no path that uses keys finds them: {test:?}"
    );
    app.keys_set("second", "key-2".into(), "secret-2".into())
        .await?;
    assert!(
        app.accounts_list().await?[0].has_keys,
        "keys set for the new account are its own"
    );
    app.shutdown().await;
    Ok(())
}
