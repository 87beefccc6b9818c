//! The simulated account a backtest runs: starting cash, commission, whole or fractional units,
//! long-only or with shorts — checked once, with the input named when it is refused.

use crate::FieldError;

/// Largest commission accepted: 10 % of the notional per fill (real venues charge ≤ 0.1 %).
pub const MAX_COMMISSION: f64 = 0.1;

/// The account and costs of one backtest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BacktestSettings {
    /// Starting cash in the quote currency.
    pub cash: f64,
    /// Commission per fill as a fraction of the notional (`0.001` = 0.1 %), entry and exit.
    pub commission: f64,
    /// Entries are floored to a whole unit (backtesting.py's only mode); otherwise to 1e-8.
    pub whole_units: bool,
    /// A SELL opens a short (and reverses a long at one fill); otherwise it only closes.
    pub allow_short: bool,
}

impl Default for BacktestSettings {
    /// backtesting.py's defaults: 10,000 cash, no commission, whole units, long-only.
    fn default() -> Self {
        Self {
            cash: 10_000.0,
            commission: 0.0,
            whole_units: true,
            allow_short: false,
        }
    }
}

impl BacktestSettings {
    /// Reads the cash and commission as the trader typed them (fields `cash`, `commission`).
    pub fn check(
        cash: &str,
        commission: &str,
        whole_units: bool,
        allow_short: bool,
    ) -> Result<Self, FieldError> {
        let cash = number("cash", cash)?;
        if cash <= 0.0 {
            return Err(FieldError::new(
                "cash",
                format!("is {cash}; start with more than 0"),
            ));
        }
        let commission = number("commission", commission)?;
        if !(0.0..=MAX_COMMISSION).contains(&commission) {
            return Err(FieldError::new(
                "commission",
                format!(
                    "is {commission}; give a fraction of the notional from 0 to {MAX_COMMISSION} \
                     (0.001 = 0.1 %)"
                ),
            ));
        }
        Ok(Self {
            cash,
            commission,
            whole_units,
            allow_short,
        })
    }
}

fn number(field: &str, text: &str) -> Result<f64, FieldError> {
    let text = text.trim();
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(n),
        _ => Err(FieldError::new(
            field,
            format!("is `{text}`; give a number"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_name_the_input_they_refuse() {
        let field = |r: Result<BacktestSettings, FieldError>| r.err().map(|e| e.field);
        assert_eq!(
            field(BacktestSettings::check("abc", "0", true, false)),
            Some("cash".into()),
            "cash must be a number"
        );
        assert_eq!(
            field(BacktestSettings::check("0", "0", true, false)),
            Some("cash".into()),
            "nothing to trade with"
        );
        assert_eq!(
            field(BacktestSettings::check("100", "-0.1", true, false)),
            Some("commission".into()),
            "a rebate is not a commission"
        );
        assert_eq!(
            field(BacktestSettings::check("100", "0.5", true, false)),
            Some("commission".into()),
            "50 % per fill is a typo"
        );
        assert_eq!(
            field(BacktestSettings::check("100", "NaN", true, false)),
            Some("commission".into()),
            "NaN is not a number here"
        );
        let ok = BacktestSettings::check(" 10000 ", "0.002", false, true);
        assert_eq!(
            ok,
            Ok(BacktestSettings {
                cash: 10_000.0,
                commission: 0.002,
                whole_units: false,
                allow_short: true
            }),
            "valid settings are read as given"
        );
    }
}
