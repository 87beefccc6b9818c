//! Parameter sweeps: one strategy over every combination of a grid of parameter values, on
//! the same candles, in parallel on all cores (rayon), ranked by the figure the trader cares
//! about. A combination the strategy refuses (a fast period not below the slow one) is
//! skipped and counted, not an error; a value no combination could take (a period of 0, a
//! parameter the strategy does not have) fails the whole sweep, naming it.

use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{BacktestError, BacktestHeadline, BacktestSettings, run_with};
use crate::FieldError;
use crate::market::Bar;
use crate::strategy::{self, ParamValue, Params};

/// Most values one swept parameter may take, and most combinations one sweep may run.
pub const MAX_SWEEP_VALUES: usize = 10_000;
pub const MAX_COMBINATIONS: usize = 100_000;

/// The figure a sweep's rows are ranked by, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum RankBy {
    /// Highest total return.
    #[default]
    Return,
    /// Highest Sharpe ratio.
    Sharpe,
    /// Highest profit factor.
    ProfitFactor,
    /// Smallest maximum drawdown.
    Drawdown,
}

impl FromStr for RankBy {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "return" => Ok(Self::Return),
            "sharpe" => Ok(Self::Sharpe),
            "profit-factor" => Ok(Self::ProfitFactor),
            "drawdown" => Ok(Self::Drawdown),
            other => Err(FieldError::new(
                "rank_by",
                format!(
                    "`{other}` is not a ranking; use return, sharpe, profit-factor or drawdown"
                ),
            )),
        }
    }
}

/// One combination's parameters and figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SweepRow {
    pub params: Params,
    pub headline: BacktestHeadline,
}

/// Every valid combination, best first, and how many were skipped as invalid.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepResult {
    pub rows: Vec<SweepRow>,
    pub skipped_invalid: u64,
}

/// Reads `name=start..end:step` (the end included), `name=a,b,c` or `name=v` (field `sweep`).
pub fn parse_sweep(text: &str) -> Result<(String, Vec<f64>), FieldError> {
    let bad = |problem: String| FieldError::new("sweep", format!("`{text}`: {problem}"));
    let (name, values) = text
        .split_once('=')
        .ok_or_else(|| bad("write name=start..end:step or name=a,b,c".into()))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(bad("the parameter's name is missing before `=`".into()));
    }
    let number = |s: &str| -> Result<f64, FieldError> {
        match s.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(n),
            _ => Err(bad(format!("`{}` is not a number", s.trim()))),
        }
    };
    let values = if let Some((start, rest)) = values.split_once("..") {
        let (end, step) = rest.split_once(':').unwrap_or((rest, "1"));
        let (start, end, step) = (number(start)?, number(end)?, number(step)?);
        if step <= 0.0 {
            return Err(bad(format!("the step is {step}; it must be above 0")));
        }
        if end < start {
            return Err(bad(format!(
                "the range ends ({end}) before it starts ({start})"
            )));
        }
        let count = ((end - start) / step + 1e-9).floor() + 1.0;
        if count > MAX_SWEEP_VALUES as f64 {
            return Err(bad(format!(
                "{count} values; sweep at most {MAX_SWEEP_VALUES}"
            )));
        }
        // Each value from the start (not by adding steps), so 0.1 steps do not drift.
        (0..count as usize)
            .map(|i| start + step * i as f64)
            .collect()
    } else {
        values
            .split(',')
            .map(number)
            .collect::<Result<Vec<_>, _>>()?
    };
    if values.len() > MAX_SWEEP_VALUES {
        return Err(bad(format!(
            "{} values; sweep at most {MAX_SWEEP_VALUES}",
            values.len()
        )));
    }
    Ok((name.to_owned(), values))
}

/// Runs `strategy_name` with `base` parameters over every combination of `grid` (each swept
/// parameter with its values, the last one varying fastest), ranked by `rank_by`.
/// `progress(done, total)` counts finished combinations (it is called from worker threads).
#[allow(clippy::too_many_arguments)]
pub fn sweep(
    bars: &[Bar],
    interval_ms: i64,
    strategy_name: &str,
    base: &Params,
    grid: &[(String, Vec<f64>)],
    settings: &BacktestSettings,
    rank_by: RankBy,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<SweepResult, BacktestError> {
    let combinations = combinations(strategy_name, base, grid)?;
    let total = combinations.len();
    let done = AtomicUsize::new(0);
    progress(0, total);
    let outcomes: Vec<Option<SweepRow>> = combinations
        .into_par_iter()
        .map(|params| {
            let row = match strategy::build(strategy_name, &params) {
                Ok((mut strategy, params)) => {
                    let mut quiet = |_, _| {};
                    let report = run_with(
                        bars,
                        interval_ms,
                        strategy.as_mut(),
                        settings,
                        &mut quiet,
                        cancel,
                    )?;
                    Some(SweepRow {
                        params,
                        headline: report.headline,
                    })
                }
                Err(_) => None,
            };
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            Ok(row)
        })
        .collect::<Result<_, BacktestError>>()?;
    let skipped_invalid = outcomes.iter().filter(|o| o.is_none()).count() as u64;
    let mut rows: Vec<SweepRow> = outcomes.into_iter().flatten().collect();
    rank(&mut rows, rank_by);
    Ok(SweepResult {
        rows,
        skipped_invalid,
    })
}

/// Every combination of the grid over `base`, each value checked against the strategy's
/// parameters first (a value no combination could take fails the sweep, naming it).
fn combinations(
    strategy_name: &str,
    base: &Params,
    grid: &[(String, Vec<f64>)],
) -> Result<Vec<Params>, FieldError> {
    let info = strategy::info(strategy_name)?;
    let mut total: usize = 1;
    for (name, values) in grid {
        if values.is_empty() {
            return Err(FieldError::new("sweep", format!("`{name}` has no values")));
        }
        if grid.iter().filter(|(n, _)| n == name).count() > 1 {
            return Err(FieldError::new("sweep", format!("`{name}` is swept twice")));
        }
        for value in values {
            let mut one = base.clone();
            one.insert(name.clone(), ParamValue::Number(*value));
            info.complete(&one)?;
        }
        total = total.saturating_mul(values.len());
    }
    if total > MAX_COMBINATIONS {
        return Err(FieldError::new(
            "sweep",
            format!("{total} combinations; sweep at most {MAX_COMBINATIONS}"),
        ));
    }
    let mut all = vec![base.clone()];
    for (name, values) in grid {
        all = all
            .into_iter()
            .flat_map(|params| {
                values.iter().map(move |v| {
                    let mut next = params.clone();
                    next.insert(name.clone(), ParamValue::Number(*v));
                    next
                })
            })
            .collect();
    }
    Ok(all)
}

/// Best first; a figure that is undefined (no trades, no loss) ranks last; ties keep the
/// grid's order, so the ranking is deterministic.
fn rank(rows: &mut [SweepRow], rank_by: RankBy) {
    let key = |row: &SweepRow| -> Option<f64> {
        let h = &row.headline;
        match rank_by {
            RankBy::Return => Some(h.total_return_pct),
            RankBy::Sharpe => h.sharpe,
            RankBy::ProfitFactor => h.profit_factor,
            RankBy::Drawdown => Some(-h.max_drawdown_pct),
        }
    };
    rows.sort_by(|a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}
