//! `trend-momentum` and `safe`: an EMA trend filter, RSI zones and a MACD cross that must agree.
//!
//! The rules (both strategies; `safe` adds what is in brackets, and its defaults are stricter):
//! - BUY when the MACD line crosses above its signal line (strictly, as in `sma-cross`), the
//!   close is above the trend EMA, and the RSI is below `overbought` [and above 50];
//! - SELL on the mirror: MACD crosses below, close below the EMA, RSI above `oversold` [and
//!   below 50];
//! - confidence = `40 + 20 × trend + 20 × room + 20 × push`, rounded, where
//!   `trend = min(1, |close − EMA| / EMA / 2 %)` (how clearly the trend is set),
//!   `room = (overbought − RSI) / (overbought − oversold)` for a BUY and
//!   `(RSI − oversold) / (overbought − oversold)` for a SELL, clamped to 0–1 (how far from
//!   exhaustion), and `push = min(1, |MACD histogram| / (0.1 × ATR))` (how hard the cross is);
//!   [`safe` holds when the confidence is below `min_confidence`];
//! - each signal sets a stop `stop_atr × ATR` and a target `take_atr × ATR` from the close
//!   (0 turns either off).
//!
//! `trend-momentum` is the seeds' "Bitcoin Pro"; `safe` trades less, only when all three
//! indicators agree clearly.

use super::params::{Checked, ParamInfo, StrategyInfo};
use super::{Action, Decision, Reason, Strategy, StrategyError, cross};
use crate::FieldError;
use crate::indicator::{
    Atr, Ema, Macd, Rsi, atr_lookback, ema_lookback, macd_lookback, rsi_lookback,
};
use crate::market::Bar;

pub(super) const TREND_MOMENTUM: &str = "trend-momentum";
pub(super) const SAFE: &str = "safe";

/// The defaults that make the two strategies differ.
struct Defaults {
    ema: u32,
    overbought: f64,
    oversold: f64,
    stop_atr: f64,
    take_atr: f64,
}

pub(super) fn trend_momentum_info() -> StrategyInfo {
    info(
        TREND_MOMENTUM,
        "Trend momentum",
        "BUY on a MACD cross up in an uptrend (close above the EMA) with the RSI not overbought; \
         SELL on the mirror. ATR stop and target.",
        &Defaults {
            ema: 50,
            overbought: 70.0,
            oversold: 30.0,
            stop_atr: 2.0,
            take_atr: 3.0,
        },
        None,
    )
}

pub(super) fn safe_info() -> StrategyInfo {
    info(
        SAFE,
        "Safe",
        "Fewer, stronger signals: the trend-momentum rules with a slower EMA, RSI on the right \
         side of 50, tighter zones and a minimum confidence.",
        &Defaults {
            ema: 100,
            overbought: 65.0,
            oversold: 35.0,
            stop_atr: 1.5,
            take_atr: 3.0,
        },
        Some(ParamInfo::period(
            "min_confidence",
            "Hold below this confidence (0–100)",
            70,
            0,
            100,
        )),
    )
}

fn info(
    name: &str,
    title: &str,
    description: &str,
    d: &Defaults,
    extra: Option<ParamInfo>,
) -> StrategyInfo {
    let mut params = vec![
        ParamInfo::period("ema", "Trend EMA period (candles)", d.ema, 1, 10_000),
        ParamInfo::period("rsi", "RSI period (candles)", 14, 1, 10_000),
        ParamInfo::number(
            "overbought",
            "RSI above this is overbought",
            d.overbought,
            0.0,
            100.0,
        ),
        ParamInfo::number(
            "oversold",
            "RSI below this is oversold",
            d.oversold,
            0.0,
            100.0,
        ),
        ParamInfo::period("macd_fast", "MACD fast EMA period", 12, 1, 10_000),
        ParamInfo::period(
            "macd_slow",
            "MACD slow EMA period; above macd_fast",
            26,
            2,
            10_000,
        ),
        ParamInfo::period("macd_signal", "MACD signal EMA period", 9, 1, 10_000),
        ParamInfo::period("atr", "ATR period for the stop and target", 14, 1, 10_000),
        ParamInfo::number(
            "stop_atr",
            "Stop this many ATRs from the close (0: none)",
            d.stop_atr,
            0.0,
            100.0,
        ),
        ParamInfo::number(
            "take_atr",
            "Target this many ATRs from the close (0: none)",
            d.take_atr,
            0.0,
            100.0,
        ),
    ];
    params.extend(extra);
    StrategyInfo {
        name: name.to_owned(),
        title: title.to_owned(),
        description: description.to_owned(),
        params,
    }
}

pub(super) fn build(name: &'static str, p: &Checked<'_>) -> Result<Box<dyn Strategy>, FieldError> {
    let (overbought, oversold) = (p.number("overbought"), p.number("oversold"));
    if oversold >= overbought {
        return Err(FieldError::new(
            "params.oversold",
            format!("is {oversold}; it must be below overbought ({overbought})"),
        ));
    }
    let (fast, slow, signal) = (
        p.period("macd_fast"),
        p.period("macd_slow"),
        p.period("macd_signal"),
    );
    if fast >= slow {
        return Err(FieldError::new(
            "params.macd_fast",
            format!("is {fast}; it must be below macd_slow ({slow})"),
        ));
    }
    let (ema, rsi, atr) = (p.period("ema"), p.period("rsi"), p.period("atr"));
    let bad = |field: &'static str| {
        move |e: crate::indicator::IndicatorError| FieldError::new(field, e.to_string())
    };
    let safe = name == SAFE;
    Ok(Box::new(Confluence {
        name,
        ema: Ema::new(ema).map_err(bad("params.ema"))?,
        rsi: Rsi::new(rsi).map_err(bad("params.rsi"))?,
        macd: Macd::new(fast, slow, signal).map_err(bad("params.macd_fast"))?,
        atr: Atr::new(atr).map_err(bad("params.atr"))?,
        rules: Rules {
            overbought,
            oversold,
            midline: safe,
            min_confidence: if safe {
                p.number("min_confidence")
            } else {
                0.0
            },
            stop_atr: p.number("stop_atr"),
            take_atr: p.number("take_atr"),
        },
        names: Names {
            ema: format!("ema_{ema}"),
            rsi: format!("rsi_{rsi}"),
            macd: format!("macd_{fast}_{slow}_{signal}"),
        },
        warmup: ema_lookback(ema)
            .max(rsi_lookback(rsi))
            .max(macd_lookback(fast, slow, signal))
            .max(atr_lookback(atr)),
        previous: None,
    }))
}

#[derive(Debug, Clone)]
struct Rules {
    overbought: f64,
    oversold: f64,
    /// `safe`: the RSI must also be on the signal's side of 50.
    midline: bool,
    min_confidence: f64,
    stop_atr: f64,
    take_atr: f64,
}

#[derive(Debug, Clone)]
struct Names {
    ema: String,
    rsi: String,
    macd: String,
}

#[derive(Debug, Clone)]
struct Confluence {
    name: &'static str,
    ema: Ema,
    rsi: Rsi,
    macd: Macd,
    atr: Atr,
    rules: Rules,
    names: Names,
    warmup: usize,
    /// MACD line and signal on the previous candle, once defined.
    previous: Option<(f64, f64)>,
}

impl Strategy for Confluence {
    fn name(&self) -> &'static str {
        self.name
    }

    fn warmup(&self) -> usize {
        self.warmup
    }

    fn decide(&mut self, bar: &Bar) -> Result<Decision, StrategyError> {
        let ema = self.ema.push(bar.close)?;
        let rsi = self.rsi.push(bar.close)?;
        let macd = self.macd.push(bar.close)?;
        let atr = self.atr.push(bar.high, bar.low, bar.close)?;
        let now = macd.map(|m| (m.line, m.signal));
        let crossed = cross(self.previous, now);
        self.previous = now;
        let (Some(up), Some(ema), Some(rsi), Some(macd), Some(atr)) =
            (crossed, ema, rsi, macd, atr)
        else {
            return Ok(Decision::HOLD);
        };
        let r = &self.rules;
        let trending = if up { bar.close > ema } else { bar.close < ema };
        let in_zone = if up {
            rsi < r.overbought
        } else {
            rsi > r.oversold
        };
        let past_midline = !r.midline || if up { rsi > 50.0 } else { rsi < 50.0 };
        if !(trending && in_zone && past_midline) {
            return Ok(Decision::HOLD);
        }
        let span = r.overbought - r.oversold;
        let trend = ((bar.close - ema).abs() / ema / 0.02).min(1.0);
        let room = if up {
            (r.overbought - rsi) / span
        } else {
            (rsi - r.oversold) / span
        }
        .clamp(0.0, 1.0);
        let push = if atr > 0.0 {
            (macd.hist.abs() / (0.1 * atr)).min(1.0)
        } else {
            1.0
        };
        let confidence = (40.0 + 20.0 * trend + 20.0 * room + 20.0 * push).round();
        if confidence < r.min_confidence {
            return Ok(Decision::HOLD);
        }
        let (action, sign, verb) = if up {
            (Action::Buy, 1.0, "above")
        } else {
            (Action::Sell, -1.0, "below")
        };
        let level = |multiple: f64, away: f64| {
            (multiple > 0.0).then_some(bar.close + away * multiple * atr)
        };
        let n = &self.names;
        let mut reasons = vec![
            Reason {
                indicator: n.macd.clone(),
                value: macd.line,
                rule: format!("{} crossed {verb} its signal ({:.8})", n.macd, macd.signal),
            },
            Reason {
                indicator: n.ema.clone(),
                value: ema,
                rule: format!("close {} is {verb} {}", bar.close, n.ema),
            },
            Reason {
                indicator: n.rsi.clone(),
                value: rsi,
                rule: if up {
                    format!("{} is below overbought ({})", n.rsi, r.overbought)
                } else {
                    format!("{} is above oversold ({})", n.rsi, r.oversold)
                },
            },
        ];
        if r.midline {
            reasons.push(Reason {
                indicator: n.rsi.clone(),
                value: rsi,
                rule: format!("{} is {verb} 50", n.rsi),
            });
        }
        Ok(Decision {
            action,
            confidence: confidence.clamp(0.0, 100.0) as u8,
            reasons,
            stop_loss: level(r.stop_atr, -sign),
            take_profit: level(r.take_atr, sign),
        })
    }

    fn overlay_names(&self) -> Vec<String> {
        vec![self.names.ema.clone()]
    }

    fn overlay_values(&self, out: &mut Vec<Option<f64>>) {
        out.push(self.ema.value());
    }
}
