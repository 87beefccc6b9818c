//! `pilothouse accounts`: add, list and remove trading accounts. Accounts are paper unless a
//! Binance venue is named, and never live unless `--live` is given; keys are set separately
//! (`pilothouse keys set`), never on the command line.

use clap::Subcommand;
use pilothouse_app::core::market::{Account, AccountInput, Venue};
use pilothouse_app::{App, AppError};

use crate::paper_args::PaperArgs;
use crate::text::Safe;

#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// Add an account.
    Add {
        /// A unique name for the account (1–64 characters).
        name: String,
        /// Where it trades: paper, binance-spot or binance-usdm.
        #[arg(long)]
        venue: String,
        /// The venue's API root (a testnet, say); default: the venue's production URL.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Send real orders with real money (never for paper accounts).
        #[arg(long)]
        live: bool,
        #[command(flatten)]
        paper: PaperArgs,
    },
    /// List the accounts: id, name, venue, live, whether keys are set, base URL.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove an account and its keys from the keyring.
    Remove {
        /// The account: its exact name, or its id.
        account: String,
    },
    /// A paper account's balances: asset, free, locked.
    Balances {
        /// The paper account: its exact name, or its id.
        account: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(app: &App, command: AccountsCommand) -> anyhow::Result<()> {
    match command {
        AccountsCommand::Add {
            name,
            venue,
            base_url,
            live,
            paper,
        } => {
            let venue: Venue = venue.parse().map_err(AppError::Invalid)?;
            let input = AccountInput {
                name,
                venue,
                base_url,
                live,
                paper: paper.setup().map_err(AppError::Invalid)?,
            };
            let account = app.account_add(&input).await?;
            println!("Added account {}: {}", account.id, describe(&account));
        }
        AccountsCommand::List { json } => {
            let accounts = app.accounts_list().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&accounts)?);
            } else if accounts.is_empty() {
                println!("No accounts. Add one with `pilothouse accounts add NAME --venue paper`.");
            } else {
                println!(
                    "{:>4}  {:<24} {:<13} {:<5} {:<5} BASE URL",
                    "ID", "NAME", "VENUE", "LIVE", "KEYS"
                );
                for a in &accounts {
                    println!(
                        "{:>4}  {:<24} {:<13} {:<5} {:<5} {}",
                        a.id,
                        Safe(&a.name),
                        a.venue.as_str(),
                        yes_no(a.live),
                        if a.keys_unknown.is_some() {
                            "?"
                        } else {
                            yes_no(a.has_keys)
                        },
                        Safe(a.base_url.as_deref().unwrap_or("(production)"))
                    );
                }
                // Said once for the table: the same keyring is away for every account.
                if let Some(why) = accounts.iter().find_map(|a| a.keys_unknown.as_deref()) {
                    println!("keys: {why}");
                }
            }
        }
        AccountsCommand::Remove { account } => {
            let removed = app.account_remove(&account).await?;
            match &removed.keys_unknown {
                None => println!(
                    "Removed account {} ('{}') and its keys.",
                    removed.id,
                    Safe(&removed.name)
                ),
                Some(why) => println!(
                    "Removed account {} ('{}'); {why} (they will never be used, and are \
                     deleted when the keyring answers again).",
                    removed.id,
                    Safe(&removed.name)
                ),
            }
        }
        AccountsCommand::Balances { account, json } => {
            let balances = app.paper_balances(&account).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&balances)?);
            } else {
                println!("{:<10} {:>24} {:>24}", "ASSET", "FREE", "LOCKED");
                for b in &balances {
                    println!("{:<10} {:>24} {:>24}", b.asset, b.free, b.locked);
                }
            }
        }
    }
    Ok(())
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

fn describe(a: &Account) -> String {
    format!(
        "'{}' on {}{}{}",
        Safe(&a.name),
        a.venue,
        a.base_url
            .as_deref()
            .map(|u| format!(" at {}", Safe(u)))
            .unwrap_or_default(),
        if a.live { ", LIVE (real orders)" } else { "" }
    )
}
