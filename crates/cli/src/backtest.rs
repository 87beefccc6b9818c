//! `pilothouse backtest`: run a strategy over candles (a CSV file, a built-in recording or an
//! account's history), or sweep its parameters; and `pilothouse backtests`: the stored runs.
//! Everything is computed by the App; this file parses flags and prints.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use clap::{Args, Subcommand, ValueEnum};
use pilothouse_app::backtests::{
    BacktestRequest, BacktestSettingsInput, DataSource, ParamValue, RankBy, StoredBacktest,
    SweepRequest,
};
use pilothouse_app::core::AppEvent;
use pilothouse_app::core::FieldError;
use pilothouse_app::core::event::BacktestPhase;
use pilothouse_app::{App, AppError, ExportFormat};

use crate::backtest_print::{print_report, print_runs, print_sweep};
use crate::market::instant;

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct BacktestArgs {
    /// Candles from a CSV file (`open_time,open,high,low,close,volume`).
    #[arg(long, conflicts_with_all = ["dataset", "account"])]
    csv: Option<String>,
    /// Candles from a built-in recording (ETHBTC-5m, ALTBTC-1m, XRPUSDT-perp-5m).
    #[arg(long, conflicts_with = "account")]
    dataset: Option<String>,
    /// Candles from this account's venue history (with --symbol, --interval, --from, --to).
    #[arg(long, requires_all = ["symbol", "interval", "from", "to"])]
    account: Option<String>,
    #[arg(long)]
    symbol: Option<String>,
    #[arg(long)]
    interval: Option<String>,
    /// First candle's open time: RFC 3339 or ms since the epoch.
    #[arg(long)]
    from: Option<String>,
    /// Last candle's open time: RFC 3339 or ms since the epoch.
    #[arg(long)]
    to: Option<String>,
    /// The strategy: sma-cross, trend-momentum, safe.
    #[arg(long)]
    strategy: String,
    /// A strategy parameter, `name=value` (repeat).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Starting cash, in the quote currency.
    #[arg(long, default_value = "10000")]
    cash: String,
    /// Commission per fill, a fraction of the notional (0.001 = 0.1 %).
    #[arg(long, default_value = "0")]
    commission: String,
    /// Trade whole units only (otherwise down to 1e-8 of a unit).
    #[arg(long)]
    whole_units: bool,
    /// Let an opposite signal reverse into a short (otherwise long only).
    #[arg(long)]
    allow_short: bool,
    /// Sweep a parameter: `name=start..end:step` or `name=a,b,c` (repeat for several).
    #[arg(long = "sweep", value_name = "NAME=RANGE")]
    sweeps: Vec<String>,
    /// How a sweep's table is sorted.
    #[arg(long, value_enum, default_value_t = RankArg::Return)]
    rank_by: RankArg,
    /// Do not keep the run in the database.
    #[arg(long)]
    no_save: bool,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RankArg {
    Return,
    Sharpe,
    ProfitFactor,
    Drawdown,
}

#[derive(Debug, Subcommand)]
#[command(allow_negative_numbers = true)]
pub enum BacktestsCommand {
    /// The stored runs, newest first.
    List {
        /// At most this many (1–1000).
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// One stored run with its trades.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Forget a stored run.
    Remove { id: i64 },
    /// Print a stored run: its trades as CSV, or the whole run as JSON.
    Export {
        id: i64,
        #[arg(long, value_enum, default_value_t = FormatArg::Json)]
        format: FormatArg,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    Json,
}

pub async fn backtest(app: &App, args: BacktestArgs) -> anyhow::Result<()> {
    let data = data_source(&args)?;
    let params = parse_params(&args.params)?;
    let settings = BacktestSettingsInput {
        cash: args.cash.clone(),
        commission: args.commission.clone(),
        whole_units: args.whole_units,
        allow_short: args.allow_short,
    };
    let job = "cli".to_owned();
    let progress = show_progress(app, &job);
    let interrupt = cancel_on_ctrl_c(app, &job);
    let outcome = if args.sweeps.is_empty() {
        let request = BacktestRequest {
            job,
            strategy: args.strategy.clone(),
            params,
            data,
            settings,
            save: !args.no_save,
        };
        app.backtest_run(&request)
            .await
            .map(|run| Printed::Run(Box::new(run)))
    } else {
        let request = SweepRequest {
            job,
            strategy: args.strategy.clone(),
            params,
            data,
            settings,
            sweeps: args.sweeps.clone(),
            rank_by: match args.rank_by {
                RankArg::Return => RankBy::Return,
                RankArg::Sharpe => RankBy::Sharpe,
                RankArg::ProfitFactor => RankBy::ProfitFactor,
                RankArg::Drawdown => RankBy::Drawdown,
            },
        };
        app.backtest_sweep(&request).await.map(Printed::Sweep)
    };
    progress.abort();
    interrupt.abort();
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[K");
    }
    match outcome? {
        Printed::Run(run) => print_run(&run, args.json, false),
        Printed::Sweep(sweep) => print_sweep(&sweep, args.json),
    }
}

enum Printed {
    Run(Box<StoredBacktest>),
    Sweep(pilothouse_app::backtests::SweepOutcome),
}

fn print_run(run: &StoredBacktest, json: bool, with_trades: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(&run.report)?);
        return Ok(());
    }
    print_report(run, with_trades)
}

pub async fn runs(app: &App, command: BacktestsCommand) -> anyhow::Result<()> {
    match command {
        BacktestsCommand::List { limit, json } => {
            let limit = u32::try_from(limit).map_err(|_| {
                AppError::Invalid(FieldError::new(
                    "limit",
                    format!("is {limit}; give 1 to 1000"),
                ))
            })?;
            let runs = app.backtest_runs(None, limit).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&runs)?);
                return Ok(());
            }
            print_runs(&runs)
        }
        BacktestsCommand::Show { id, json } => print_run(&app.backtest_show(id).await?, json, true),
        BacktestsCommand::Remove { id } => {
            app.backtest_remove(id).await?;
            println!("Removed backtest run {id}.");
            Ok(())
        }
        BacktestsCommand::Export { id, format } => {
            let format = match format {
                FormatArg::Csv => ExportFormat::Csv,
                FormatArg::Json => ExportFormat::Json,
            };
            let text = app.backtest_export_text(id, format).await?;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            Ok(())
        }
    }
}

fn data_source(args: &BacktestArgs) -> Result<DataSource, AppError> {
    if let Some(path) = &args.csv {
        return Ok(DataSource::Csv { path: path.clone() });
    }
    if let Some(dataset) = &args.dataset {
        return Ok(DataSource::Recording {
            dataset: dataset.clone(),
        });
    }
    let (Some(account), Some(symbol), Some(interval), Some(from), Some(to)) = (
        &args.account,
        &args.symbol,
        &args.interval,
        &args.from,
        &args.to,
    ) else {
        return Err(FieldError::new(
            "data",
            "give --csv FILE, --dataset NAME, or --account A --symbol S --interval I --from T --to T",
        )
        .into());
    };
    Ok(DataSource::History {
        account: account.clone(),
        symbol: symbol.clone(),
        interval: interval.parse()?,
        from: instant("from", from)?,
        to: instant("to", to)?,
    })
}

/// `name=value` pairs: `true`/`false`, or a number.
fn parse_params(pairs: &[String]) -> Result<BTreeMap<String, ParamValue>, AppError> {
    let mut params = BTreeMap::new();
    for pair in pairs {
        let Some((name, value)) = pair.split_once('=') else {
            return Err(FieldError::new("param", format!("`{pair}` is not NAME=VALUE")).into());
        };
        let name = name.trim();
        let value = value.trim();
        let parsed = match value {
            "true" => ParamValue::Bool(true),
            "false" => ParamValue::Bool(false),
            _ => match value.parse::<f64>() {
                Ok(number) if number.is_finite() => ParamValue::Number(number),
                _ => {
                    return Err(FieldError::new(
                        format!("params.{name}"),
                        format!("`{value}` is not a number or true/false"),
                    )
                    .into());
                }
            },
        };
        params.insert(name.to_owned(), parsed);
    }
    Ok(params)
}

/// Prints the job's progress on one stderr line while it runs.
/// Ctrl-C cancels the job (it stops within a few thousand candles, and nothing is kept); the
/// command then exits with 130.
fn cancel_on_ctrl_c(app: &App, job: &str) -> tokio::task::JoinHandle<()> {
    let app = app.clone();
    let job = job.to_owned();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            app.backtest_cancel(&job);
        }
    })
}

fn show_progress(app: &App, job: &str) -> tokio::task::JoinHandle<()> {
    let mut events = app.subscribe();
    let job = job.to_owned();
    let tty = std::io::stderr().is_terminal();
    tokio::spawn(async move {
        while let Ok(event) = events.recv().await {
            if let AppEvent::BacktestProgress {
                job: of,
                phase,
                done,
                total,
            } = event
                && of == job
            {
                let what = match phase {
                    BacktestPhase::Fetching => "fetching candles",
                    BacktestPhase::Running => "running",
                    BacktestPhase::Sweeping => "sweeping",
                };
                if tty {
                    eprint!("\r\x1b[K{what}: {done}/{total}");
                } else if done == total {
                    eprintln!("{what}: {done}/{total}");
                }
            }
        }
    })
}
