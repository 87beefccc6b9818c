//! The strategies Pilothouse ships, by name: their descriptions for the UI and the CLI, and
//! the one way to build one from checked parameters.

use super::params::{Checked, Params, StrategyInfo};
use super::{Strategy, confluence, sma_cross};
use crate::FieldError;

/// Every strategy with its parameters, in the order the UI lists them.
pub fn strategies() -> Vec<StrategyInfo> {
    vec![
        confluence::trend_momentum_info(),
        confluence::safe_info(),
        sma_cross::info(),
    ]
}

/// The strategy called `name` (field `strategy`).
pub fn info(name: &str) -> Result<StrategyInfo, FieldError> {
    let all = strategies();
    let names: Vec<String> = all.iter().map(|s| s.name.clone()).collect();
    all.into_iter()
        .find(|s| s.name == name.trim())
        .ok_or_else(|| {
            FieldError::new(
                "strategy",
                format!(
                    "`{}` is not a strategy; use one of {}",
                    name.trim(),
                    names.join(", ")
                ),
            )
        })
}

/// A fresh `name` strategy with `given` parameters (defaults for the rest), and the full set
/// of parameters it runs with. Errors name `strategy` or the parameter (`params.fast`).
pub fn build(name: &str, given: &Params) -> Result<(Box<dyn Strategy>, Params), FieldError> {
    let info = info(name)?;
    let params = info.complete(given)?;
    let checked = Checked(&params);
    let strategy = match info.name.as_str() {
        sma_cross::NAME => sma_cross::build(&checked)?,
        confluence::TREND_MOMENTUM => confluence::build(confluence::TREND_MOMENTUM, &checked)?,
        confluence::SAFE => confluence::build(confluence::SAFE, &checked)?,
        other => {
            return Err(FieldError::new(
                "strategy",
                format!("`{other}` has no builder"),
            ));
        }
    };
    Ok((strategy, params))
}
