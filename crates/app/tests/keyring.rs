//! The keyring vault on the REAL Secret Service, not a mock: the one place a test proves that
//! secrets reach gnome-keyring and come back. `make test` runs it inside `dbus-run-session` with
//! an unlocked gnome-keyring (scripts/with-keyring.sh); there a missing or locked keyring FAILS
//! the test. Only a bare `cargo test` outside any D-Bus session skips it, loudly.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::io::Write;

use pilothouse_app::secrets::{KeyringVault, SecretVault};
use secrecy::{ExposeSecret, SecretString};

/// Whether there is a session bus to find the Secret Service on. Without one (a plain
/// `cargo test` on a server) the test cannot say anything, and says so.
fn session_bus_or_skip(test: &str) -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return true;
    }
    // Straight to the process's stderr: the test harness captures `eprintln!` of passing tests,
    // and a skip must not pass unnoticed.
    let _ = writeln!(
        std::io::stderr(),
        "\n!!! SKIPPED {test}: DBUS_SESSION_BUS_ADDRESS is unset, so there is no Secret Service \
         to test against.\n!!! Run it with: dbus-run-session -- scripts/with-keyring.sh cargo \
         test -p pilothouse-app --test keyring\n"
    );
    false
}

/// A name no real secret has, unique to this process.
fn canary_name() -> String {
    format!("test-canary-{}", std::process::id())
}

#[test]
fn a_secret_round_trips_through_the_real_secret_service() -> anyhow::Result<()> {
    if !session_bus_or_skip("a_secret_round_trips_through_the_real_secret_service") {
        return Ok(());
    }
    let vault = KeyringVault::default();
    let name = canary_name();
    let canary = SecretString::from(format!("canary-{name}-value"));

    vault.delete(&name)?;
    assert!(
        vault.get(&name)?.is_none(),
        "a secret never stored reads as None, not as an error"
    );

    vault.set(&name, &canary)?;
    let read = vault.get(&name)?.expect("the canary was just stored");
    assert_eq!(read.expose_secret(), canary.expose_secret());

    let replacement = SecretString::from("canary-replacement".to_owned());
    vault.set(&name, &replacement)?;
    let read = vault.get(&name)?.expect("the canary is still stored");
    assert_eq!(
        read.expose_secret(),
        "canary-replacement",
        "setting again replaces the value (one entry, not two)"
    );

    let another_vault = KeyringVault::default();
    let read = another_vault
        .get(&name)?
        .expect("the keyring, not the vault, holds it");
    assert_eq!(read.expose_secret(), "canary-replacement");

    vault.delete(&name)?;
    assert!(vault.get(&name)?.is_none(), "deleted means gone");
    vault.delete(&name)?;
    Ok(())
}

#[test]
fn secrets_of_other_services_are_kept_apart() -> anyhow::Result<()> {
    if !session_bus_or_skip("secrets_of_other_services_are_kept_apart") {
        return Ok(());
    }
    let ours = KeyringVault::default();
    let theirs = KeyringVault::for_service("dev.pilothouse.tests.other");
    let name = format!("{}-apart", canary_name());

    theirs.set(&name, &SecretString::from("theirs".to_owned()))?;
    let seen = ours.get(&name)?;
    theirs.delete(&name)?;
    assert!(
        seen.is_none(),
        "an entry is found by service and name, not by name alone"
    );
    Ok(())
}
