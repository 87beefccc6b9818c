//! `pilothouse market klines`: candles from an account's venue (public data, no keys needed),
//! as CSV (`open_time,open,high,low,close,volume`, open time in ms, numbers without trailing
//! zeros: the format of the recorded candles in ../shared/data) or JSON.

use chrono::{DateTime, Utc};
use clap::{Subcommand, ValueEnum};
use pilothouse_app::core::FieldError;
use pilothouse_app::core::market::{Interval, KlineRange, Symbol};
use pilothouse_app::{App, AppError};

/// Candles fetched when neither --limit nor --from is given.
const DEFAULT_LIMIT: u16 = 500;

#[derive(Debug, Subcommand)]
pub enum MarketCommand {
    /// Print candles, oldest first.
    Klines {
        /// The account whose venue is asked (paper accounts read Binance spot).
        #[arg(long)]
        account: String,
        /// The symbol, like BTCUSDT.
        #[arg(long)]
        symbol: String,
        /// The interval: 1m, 5m, 1h, 1d, …
        #[arg(long)]
        interval: String,
        /// The latest N candles (1–1000; default 500).
        #[arg(long, conflicts_with_all = ["from", "to"])]
        limit: Option<u16>,
        /// Candles opening at or after: RFC 3339 or ms since the epoch.
        #[arg(long, requires = "to")]
        from: Option<String>,
        /// Candles opening at or before: RFC 3339 or ms since the epoch.
        #[arg(long, requires = "from")]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t = KlineFormat::Csv)]
        format: KlineFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KlineFormat {
    Csv,
    Json,
}

pub async fn run(app: &App, command: MarketCommand) -> anyhow::Result<()> {
    let MarketCommand::Klines {
        account,
        symbol,
        interval,
        limit,
        from,
        to,
        format,
    } = command;
    let symbol = Symbol::parse(&symbol).map_err(AppError::Invalid)?;
    let interval: Interval = interval.parse().map_err(AppError::Invalid)?;
    let range = match (from, to) {
        (Some(from), Some(to)) => KlineRange::Between {
            from: instant("from", &from)?,
            to: instant("to", &to)?,
        },
        _ => KlineRange::Latest(limit.unwrap_or(DEFAULT_LIMIT)),
    };
    let candles = app
        .market_klines(&account, &symbol, interval, range)
        .await?;
    match format {
        KlineFormat::Json => println!("{}", serde_json::to_string_pretty(&candles)?),
        KlineFormat::Csv => {
            let mut out = csv::Writer::from_writer(std::io::stdout().lock());
            out.write_record(["open_time", "open", "high", "low", "close", "volume"])?;
            for c in &candles {
                out.write_record([
                    c.open_time.timestamp_millis().to_string(),
                    c.open.normalize().to_string(),
                    c.high.normalize().to_string(),
                    c.low.normalize().to_string(),
                    c.close.normalize().to_string(),
                    c.volume.normalize().to_string(),
                ])?;
            }
            out.flush()?;
        }
    }
    Ok(())
}

pub(crate) fn instant(field: &str, text: &str) -> Result<DateTime<Utc>, AppError> {
    let text = text.trim();
    let parsed = match text.parse::<i64>() {
        Ok(ms) => DateTime::from_timestamp_millis(ms),
        Err(_) => DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc)),
    };
    parsed.ok_or_else(|| {
        FieldError::new(
            field,
            format!(
                "`{text}` is not a time: give RFC 3339 (2018-01-10T04:55:00Z) or ms since the epoch"
            ),
        )
        .into()
    })
}
