//! `pilothouse indicators`: indicator columns over a candle CSV, to check our values against
//! TA-Lib or a chart. Pure computation on a file: nothing is fetched or stored.
//!
//! Columns come in the order the flags were given (`--ema 20 --rsi 14` puts EMA first); clap's
//! derive keeps each flag's values apart, so the order is read back from the parsed matches.

use std::io::{ErrorKind, Write as _};
use std::path::PathBuf;

use clap::{ArgMatches, ValueEnum};
use pilothouse_app::AppError;
use pilothouse_app::core::FieldError;
use pilothouse_app::core::indicator::{ColumnSpec, IndicatorTable};
use pilothouse_app::core::market::{Bar, parse_candle_csv};

/// The flags that each ask for one indicator, as clap ids.
const INDICATOR_FLAGS: [&str; 6] = ["sma", "ema", "rsi", "macd", "atr", "bbands"];

#[derive(Debug, clap::Args)]
pub struct IndicatorsArgs {
    /// Candles (`open_time,open,high,low,close,volume`, as `market klines` writes them).
    #[arg(long, value_name = "FILE")]
    pub csv: PathBuf,
    /// Simple moving average of the close over N candles (repeat for several).
    #[arg(long, value_name = "N")]
    pub sma: Vec<String>,
    /// Exponential moving average of the close, seeded by an SMA as TA-Lib does.
    #[arg(long, value_name = "N")]
    pub ema: Vec<String>,
    /// Wilder's RSI of the close.
    #[arg(long, value_name = "N")]
    pub rsi: Vec<String>,
    /// MACD line, signal and histogram: `--macd 12,26,9`.
    #[arg(long, value_name = "F,S,SIG")]
    pub macd: Vec<String>,
    /// Wilder's average true range.
    #[arg(long, value_name = "N")]
    pub atr: Vec<String>,
    /// Bollinger Bands over N candles, K standard deviations wide: `--bbands 20,2`.
    #[arg(long, value_name = "N,K")]
    pub bbands: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub format: TableFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TableFormat {
    Csv,
    Json,
}

/// Reads the CSV, computes the columns in flag order and prints the table to stdout.
pub fn indicators(args: &IndicatorsArgs, matches: &ArgMatches) -> anyhow::Result<()> {
    let table = compute(args, matches).map_err(AppError::Invalid)?;
    let text = match args.format {
        TableFormat::Csv => table.to_csv(),
        TableFormat::Json => table.to_json(),
    };
    // A reader that stops early (`| head`) is not an error.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(error) if error.kind() != ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(error).context("writing the table to stdout"))
        }
        _ => Ok(()),
    }
}

/// The table the arguments ask for; errors name the flag.
fn compute(args: &IndicatorsArgs, matches: &ArgMatches) -> Result<IndicatorTable, FieldError> {
    let specs = specs_in_flag_order(args, matches)?;
    if specs.is_empty() {
        return Err(FieldError::new(
            "indicators",
            "none asked for; add --sma, --ema, --rsi, --macd, --atr or --bbands",
        ));
    }
    let path = args.csv.display();
    let text = std::fs::read_to_string(&args.csv)
        .map_err(|e| FieldError::new("--csv", format!("cannot read `{path}`: {e}")))?;
    let (_, candles) = parse_candle_csv(&text, "--csv")?;
    let bars: Vec<Bar> = candles.iter().map(Bar::from_candle).collect();
    IndicatorTable::compute(&bars, &specs)
}

/// Every indicator flag's values, parsed, sorted by where they stood on the command line.
fn specs_in_flag_order(
    args: &IndicatorsArgs,
    matches: &ArgMatches,
) -> Result<Vec<ColumnSpec>, FieldError> {
    let values = [
        &args.sma,
        &args.ema,
        &args.rsi,
        &args.macd,
        &args.atr,
        &args.bbands,
    ];
    let mut placed = Vec::new();
    for (flag, values) in INDICATOR_FLAGS.into_iter().zip(values) {
        let indices = matches.indices_of(flag).into_iter().flatten();
        for (index, value) in indices.zip(values) {
            placed.push((index, ColumnSpec::parse(flag, value)?));
        }
    }
    placed.sort_by_key(|(index, _)| *index);
    Ok(placed.into_iter().map(|(_, spec)| spec).collect())
}
