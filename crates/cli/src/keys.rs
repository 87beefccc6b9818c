//! `pilothouse keys`: an account's API key and secret, kept only in the OS keyring. `set` reads
//! them from a hidden prompt on a terminal, or as two lines from stdin in a script — never from
//! the command line, where they would land in shell history and the process list.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use clap::Subcommand;
use pilothouse_app::App;
use secrecy::SecretString;

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Store an account's API key and secret in the OS keyring, replacing any before.
    ///
    /// On a terminal both are asked for with a hidden prompt; otherwise stdin gives the API key
    /// on the first line and the secret on the second.
    Set {
        /// The account: its exact name, or its id.
        account: String,
    },
    /// Remove an account's keys from the keyring.
    Remove {
        /// The account: its exact name, or its id.
        account: String,
    },
    /// Test the keys: the exchange's clock offset and the key's permissions. A key that can
    /// withdraw funds is refused (exit code 2).
    Test {
        /// The account: its exact name, or its id.
        account: String,
    },
}

pub async fn run(app: &App, command: KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::Set { account } => {
            // Resolve first, so a typo fails before anything secret is typed.
            let target = app.account(&account).await?;
            let (api_key, secret) = read_keys()?;
            let stored = app
                .keys_set(&target.id.to_string(), api_key, secret)
                .await?;
            println!(
                "Keys stored in the OS keyring for account '{}'. Check them with `pilothouse keys test {}`.",
                stored.name, stored.name
            );
        }
        KeysCommand::Remove { account } => {
            let account = app.keys_remove(&account).await?;
            println!("Keys removed for account '{}'.", account.name);
        }
        KeysCommand::Test { account } => {
            let report = app.keys_test(&account).await?;
            let p = report.permissions;
            println!("Connection OK.");
            println!(
                "clock offset: {} ms (exchange minus this machine)",
                report.server_time_offset_ms
            );
            println!("can trade: {}", if p.can_trade { "yes" } else { "no" });
            println!("can withdraw: no");
            println!(
                "IP restricted: {}",
                match p.ip_restricted {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "unknown",
                }
            );
            for warning in &report.warnings {
                println!("warning: {warning}");
            }
        }
    }
    Ok(())
}

fn read_keys() -> anyhow::Result<(SecretString, SecretString)> {
    if std::io::stdin().is_terminal() {
        let api_key = rpassword::prompt_password("API key: ").context("reading the API key")?;
        let secret = rpassword::prompt_password("Secret: ").context("reading the secret")?;
        return Ok((SecretString::from(api_key), SecretString::from(secret)));
    }
    let mut lines = std::io::stdin().lock().lines();
    let mut next = |what: &str| -> anyhow::Result<SecretString> {
        match lines.next() {
            Some(line) => Ok(SecretString::from(
                line.with_context(|| format!("reading the {what}"))?,
            )),
            None => {
                bail!("stdin ended before the {what}: give the API key and the secret on two lines")
            }
        }
    };
    let api_key = next("API key")?;
    let secret = next("secret")?;
    Ok((api_key, secret))
}
