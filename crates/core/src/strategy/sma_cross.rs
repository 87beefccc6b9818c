//! `sma-cross`: the classic moving-average cross, exactly as backtesting.py's `SmaCross`.
//!
//! BUY when the fast SMA crosses above the slow one — `fast[t−1] < slow[t−1]` and
//! `fast[t] > slow[t]`, strictly, both defined — and SELL on the mirror. Confidence grows with
//! how far apart the averages are after the cross: `50 + 50 × min(1, |fast − slow| / slow /
//! 1 %)` (a 1 % gap or more is 100).

use super::params::{Checked, ParamInfo, StrategyInfo};
use super::{Action, Decision, Reason, Strategy, StrategyError, cross};
use crate::FieldError;
use crate::indicator::{Sma, sma_lookback};
use crate::market::Bar;

pub(super) const NAME: &str = "sma-cross";

pub(super) fn info() -> StrategyInfo {
    StrategyInfo {
        name: NAME.to_owned(),
        title: "SMA cross".to_owned(),
        description: "BUY when the fast simple moving average crosses above the slow one, SELL \
                      when it crosses below."
            .to_owned(),
        params: vec![
            ParamInfo::period("fast", "Fast SMA period (candles)", 10, 1, 10_000),
            ParamInfo::period(
                "slow",
                "Slow SMA period (candles); above fast",
                30,
                2,
                10_000,
            ),
        ],
    }
}

pub(super) fn build(params: &Checked<'_>) -> Result<Box<dyn Strategy>, FieldError> {
    let (fast, slow) = (params.period("fast"), params.period("slow"));
    if fast >= slow {
        return Err(FieldError::new(
            "params.fast",
            format!("is {fast}; it must be below slow ({slow})"),
        ));
    }
    let sma = |period| Sma::new(period).map_err(|e| FieldError::new("params.fast", e.to_string()));
    Ok(Box::new(SmaCross {
        fast: sma(fast)?,
        slow: sma(slow)?,
        names: (format!("sma_{fast}"), format!("sma_{slow}")),
        warmup: sma_lookback(slow),
        previous: None,
    }))
}

#[derive(Debug, Clone)]
struct SmaCross {
    fast: Sma,
    slow: Sma,
    names: (String, String),
    warmup: usize,
    /// Both averages on the previous candle, once defined.
    previous: Option<(f64, f64)>,
}

impl Strategy for SmaCross {
    fn name(&self) -> &'static str {
        NAME
    }

    fn warmup(&self) -> usize {
        self.warmup
    }

    fn decide(&mut self, bar: &Bar) -> Result<Decision, StrategyError> {
        let fast = self.fast.push(bar.close)?;
        let slow = self.slow.push(bar.close)?;
        let now = fast.zip(slow);
        let crossed = cross(self.previous, now);
        self.previous = now;
        let (Some(up), Some((fast, slow))) = (crossed, now) else {
            return Ok(Decision::HOLD);
        };
        let gap = ((fast - slow).abs() / slow / 0.01).min(1.0);
        let (action, verb) = if up {
            (Action::Buy, "above")
        } else {
            (Action::Sell, "below")
        };
        let (fast_name, slow_name) = &self.names;
        Ok(Decision {
            action,
            confidence: (50.0 + 50.0 * gap).round() as u8,
            reasons: vec![
                Reason {
                    indicator: fast_name.clone(),
                    value: fast,
                    rule: format!("{fast_name} crossed {verb} {slow_name}"),
                },
                Reason {
                    indicator: slow_name.clone(),
                    value: slow,
                    rule: format!("{slow_name} is the slow average"),
                },
            ],
            stop_loss: None,
            take_profit: None,
        })
    }

    fn overlay_names(&self) -> Vec<String> {
        vec![self.names.0.clone(), self.names.1.clone()]
    }

    fn overlay_values(&self, out: &mut Vec<Option<f64>>) {
        out.push(self.fast.value());
        out.push(self.slow.value());
    }
}
