//! The bridge to core's backtester: requests checked into plans (strategy, parameters and
//! settings validated before any candle is loaded, so bad input fails fast and names its
//! field), plans run over loaded candles with progress and cancellation, and the shapes the
//! screen and the CLI read (chart overlays, the trades as CSV).

use pilothouse_core::FieldError;
use pilothouse_core::backtest::{self, BacktestError, BacktestSettings, parse_sweep};
use pilothouse_core::event::BacktestPhase;
use pilothouse_core::market::{Bar, Candle};
use pilothouse_core::strategy::{self, Overlay};

pub use pilothouse_core::backtest::{BacktestHeadline, BacktestReport, RankBy, SweepRow};
pub use pilothouse_core::strategy::{ParamValue, StrategyInfo};

use super::data::Loaded;
use super::progress::Progress;
use super::stored::TRADE_CSV_HEADER;
use super::{BacktestSettingsInput, Params, SweepOutcome, SweepRequest};
use crate::AppError;

/// The strategies a backtest can run.
pub(super) fn strategies() -> Vec<StrategyInfo> {
    strategy::strategies()
}

/// A checked backtest: a strategy that builds with these parameters, and valid settings.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    strategy: String,
    params: Params,
    settings: BacktestSettings,
}

impl Plan {
    pub(super) fn check(
        strategy_name: &str,
        params: &Params,
        settings: &BacktestSettingsInput,
    ) -> Result<Self, AppError> {
        let (built, params) = strategy::build(strategy_name, params)?;
        Ok(Self {
            strategy: built.name().to_owned(),
            params,
            settings: check_settings(settings)?,
        })
    }

    pub(super) fn strategy_name(&self) -> &str {
        &self.strategy
    }

    /// Every parameter the run used, defaults included.
    pub(super) fn params(&self) -> &Params {
        &self.params
    }

    /// Runs the plan over `loaded` (call on a blocking thread).
    pub(super) fn run(
        &self,
        loaded: &Loaded,
        progress: &Progress,
    ) -> Result<BacktestReport, AppError> {
        let (mut built, _) = strategy::build(&self.strategy, &self.params)?;
        let bars = bars(&loaded.candles);
        let mut report = |done: usize, total: usize| {
            progress.computing(BacktestPhase::Running, done as u64, total as u64);
        };
        backtest::run_with(
            &bars,
            interval_ms(loaded),
            built.as_mut(),
            &self.settings,
            &mut report,
            progress.cancel_flag(),
        )
        .map_err(app_error)
    }
}

/// A checked sweep: the strategy, the grid and the settings.
#[derive(Debug, Clone)]
pub(super) struct SweepPlan {
    strategy: String,
    params: Params,
    grid: Vec<(String, Vec<f64>)>,
    settings: BacktestSettings,
    rank_by: RankBy,
}

impl SweepPlan {
    pub(super) fn check(request: &SweepRequest) -> Result<Self, AppError> {
        let info = strategy::info(&request.strategy)?;
        if request.sweeps.is_empty() {
            return Err(FieldError::new("sweep", "give at least one parameter to sweep").into());
        }
        let grid = request
            .sweeps
            .iter()
            .map(|text| parse_sweep(text))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            strategy: info.name,
            params: request.params.clone(),
            grid,
            settings: check_settings(&request.settings)?,
            rank_by: request.rank_by,
        })
    }

    /// Runs every combination on all cores (call on a blocking thread).
    pub(super) fn run(
        &self,
        loaded: &Loaded,
        progress: &Progress,
    ) -> Result<SweepOutcome, AppError> {
        let bars = bars(&loaded.candles);
        let report = |done: usize, total: usize| {
            progress.computing(BacktestPhase::Sweeping, done as u64, total as u64);
        };
        let result = backtest::sweep(
            &bars,
            interval_ms(loaded),
            &self.strategy,
            &self.params,
            &self.grid,
            &self.settings,
            self.rank_by,
            &report,
            progress.cancel_flag(),
        )
        .map_err(app_error)?;
        Ok(SweepOutcome {
            rows: result.rows,
            skipped_invalid: result.skipped_invalid,
            candle_count: bars.len() as u64,
        })
    }
}

/// The strategy's chart lines over `candles`, one value per candle.
pub(super) fn overlays(
    strategy_name: &str,
    params: &Params,
    candles: &[Candle],
) -> Result<Vec<Overlay>, AppError> {
    let (mut built, _) = strategy::build(strategy_name, params)?;
    Ok(strategy::overlays(built.as_mut(), &bars(candles))
        .map_err(|e| FieldError::new("data", e.to_string()))?)
}

/// The trades of `report` as CSV, with [`TRADE_CSV_HEADER`]; numbers as they round-trip.
pub(super) fn trades_csv(report: &BacktestReport) -> String {
    let mut text = TRADE_CSV_HEADER.join(",");
    text.push('\n');
    for t in &report.trades {
        text.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\n",
            t.side.as_str(),
            t.entry_time,
            t.exit_time,
            t.entry_price,
            t.exit_price,
            t.quantity,
            t.pnl,
            t.return_pct,
            t.exit_reason.as_str(),
        ));
    }
    text
}

fn check_settings(input: &BacktestSettingsInput) -> Result<BacktestSettings, AppError> {
    Ok(BacktestSettings::check(
        &input.cash,
        &input.commission,
        input.whole_units,
        input.allow_short,
    )?)
}

fn bars(candles: &[Candle]) -> Vec<Bar> {
    candles.iter().map(Bar::from_candle).collect()
}

fn interval_ms(loaded: &Loaded) -> i64 {
    loaded.interval.length().num_milliseconds()
}

fn app_error(error: BacktestError) -> AppError {
    match error {
        BacktestError::Cancelled => AppError::Cancelled,
        BacktestError::Invalid(field) => AppError::Invalid(field),
        other => AppError::Invalid(FieldError::new("data", other.to_string())),
    }
}
