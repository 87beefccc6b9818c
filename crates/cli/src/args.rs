//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use pilothouse_app::core::{LogType, Severity};

use crate::accounts::AccountsCommand;
use crate::backtest::{BacktestArgs, BacktestsCommand};
use crate::cron::CronCommand;
use crate::indicators::IndicatorsArgs;
use crate::keys::KeysCommand;
use crate::market::MarketCommand;
use crate::orders::OrdersCommand;
use crate::schedules::SchedulesCommand;
use crate::webhook_key::WebhookKeyCommand;

/// Pilothouse, headless: run the trading backend and control it from a terminal.
#[derive(Debug, Parser)]
#[command(name = "pilothouse", version, about)]
pub struct Cli {
    /// Data directory holding the database (default: the OS app-data dir, shared with the
    /// desktop app).
    #[arg(long, global = true, env = "PILOTHOUSE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the backend until Ctrl-C, printing what happens.
    Run,
    /// Emergency pause: stop all trading now (the desktop app follows within a second).
    PauseAll {
        /// Why trading is stopped; shown in the app and the log.
        #[arg(long, default_value = "Paused from the command line")]
        reason: String,
    },
    /// Lift the emergency pause.
    ResumeAll,
    /// Show whether trading runs, and where the data lives.
    Status {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show the typed log, newest last; with --follow keep printing new entries.
    Logs(LogsArgs),
    /// Work with cron expressions: `cron next "0 9 * * MON-FRI" --tz America/New_York`.
    #[command(subcommand)]
    Cron(CronCommand),
    /// Create, change, run and inspect schedules (what runs when): `pilothouse schedules add
    /// --help` shows examples.
    #[command(subcommand)]
    Schedules(SchedulesCommand),
    /// Show or rotate the key webhook deliveries are signed with.
    #[command(subcommand)]
    WebhookKey(WebhookKeyCommand),
    /// Add, list and remove trading accounts (paper, Binance spot, Binance USD-M futures).
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// Set, remove and test an account's API keys (kept only in the OS keyring).
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Market data from an account's venue: `pilothouse market klines --account paper
    /// --symbol BTCUSDT --interval 1h --limit 24`.
    #[command(subcommand)]
    Market(MarketCommand),
    /// Place, list and cancel orders (through the same gate as bots; the pause refuses them).
    #[command(subcommand)]
    Orders(OrdersCommand),
    /// Run a strategy over candles, or sweep its parameters: `pilothouse backtest --dataset
    /// ETHBTC-5m --strategy sma-cross --param fast=10 --param slow=30 --commission 0.001`.
    Backtest(Box<BacktestArgs>),
    /// The backtest runs kept in the database: list, show, remove, export.
    #[command(subcommand)]
    Backtests(BacktestsCommand),
    /// Indicator columns over a candle CSV, TA-Lib's values: `pilothouse indicators --csv
    /// FILE --rsi 14 --macd 12,26,9 --bbands 20,2` (columns in the order of the flags).
    Indicators(IndicatorsArgs),
}

#[derive(Debug, clap::Args)]
pub struct LogsArgs {
    /// Only these types (repeat or comma-separate): trade, error, analysis, safety, system.
    #[arg(long = "type", value_delimiter = ',', value_parser = parse_type)]
    pub types: Vec<LogType>,
    /// Only these severities (repeat or comma-separate): info, warning, error, critical.
    #[arg(long = "severity", value_delimiter = ',', value_parser = parse_severity)]
    pub severities: Vec<Severity>,
    /// Only entries from this source (`system`, `bot`, `cli`, …).
    #[arg(long)]
    pub source: Option<String>,
    /// Only entries about this bot.
    #[arg(long)]
    pub bot: Option<String>,
    /// Words that must each start a word of the message, action or source.
    #[arg(long)]
    pub search: Option<String>,
    /// Only entries at or after: an RFC 3339 time or a duration back from now (`90m`, `2h`, `7d`).
    #[arg(long, allow_hyphen_values = true)]
    pub since: Option<String>,
    /// How many entries to show before following.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Keep printing new entries as they are written (by this or any other process).
    #[arg(long)]
    pub follow: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
}

fn parse_type(s: &str) -> Result<LogType, String> {
    s.parse()
        .map_err(|e: pilothouse_app::core::FieldError| e.problem)
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
        .map_err(|e: pilothouse_app::core::FieldError| e.problem)
}
