//! A table of indicator columns over a run of candles: what `pilothouse indicators` prints, so a
//! trader can lay our numbers beside TA-Lib's (or a spreadsheet's) and diff them.
//!
//! Each requested indicator is a [`ColumnSpec`], parsed from the flag's text (`--macd 12,26,9`)
//! with errors that name the flag. Columns come in the order the flags were given; a cell is
//! empty (CSV) or `null` (JSON) where the indicator is not yet defined — exactly where TA-Lib's
//! output is NaN. Numbers are printed in the shortest form that reads back as the same `f64`, so
//! a diff against a reference compares the values we computed, not a rounding of them.

use std::fmt::Write as _;

use super::{BandsOut, IndicatorError, MacdOut, atr, bbands, ema, macd, rsi, sma};
use crate::field::FieldError;
use crate::market::Bar;

/// One requested indicator and its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnSpec {
    Sma(usize),
    Ema(usize),
    Rsi(usize),
    Macd {
        fast: usize,
        slow: usize,
        signal: usize,
    },
    Atr(usize),
    Bbands {
        period: usize,
        k: f64,
        /// `k` as the trader typed it (`2`, `2.5`): the column names keep it.
        k_text: String,
    },
}

impl ColumnSpec {
    /// Parses `value` given to flag `--<flag>` (`sma`, `ema`, `rsi`, `atr`: a period; `macd`:
    /// `F,S,SIG`; `bbands`: `N,K`) and checks it as the indicator will. Errors name the flag.
    pub fn parse(flag: &str, value: &str) -> Result<Self, FieldError> {
        let field = format!("--{flag}");
        let bad = |problem: String| FieldError::new(field.as_str(), problem);
        let parts: Vec<&str> = value.split(',').map(str::trim).collect();
        let period = |text: &str, name: &str| {
            text.parse::<usize>().map_err(|_| {
                bad(format!(
                    "{name} `{text}` is not a whole number of candles (in `{value}`)"
                ))
            })
        };
        let spec = match (flag, parts.as_slice()) {
            ("sma", [n]) => Self::Sma(period(n, "period")?),
            ("ema", [n]) => Self::Ema(period(n, "period")?),
            ("rsi", [n]) => Self::Rsi(period(n, "period")?),
            ("atr", [n]) => Self::Atr(period(n, "period")?),
            ("macd", [f, s, sig]) => Self::Macd {
                fast: period(f, "fast")?,
                slow: period(s, "slow")?,
                signal: period(sig, "signal")?,
            },
            ("bbands", [n, k]) => Self::Bbands {
                period: period(n, "period")?,
                k: k.parse::<f64>()
                    .map_err(|_| bad(format!("k `{k}` is not a number (in `{value}`)")))?,
                k_text: (*k).to_owned(),
            },
            ("macd", _) => return Err(bad(format!("`{value}` is not FAST,SLOW,SIGNAL"))),
            ("bbands", _) => return Err(bad(format!("`{value}` is not PERIOD,K"))),
            ("sma" | "ema" | "rsi" | "atr", _) => {
                return Err(bad(format!("`{value}` is not one period")));
            }
            _ => return Err(bad("is not an indicator".to_owned())),
        };
        spec.check().map_err(|e| bad(e.to_string()))?;
        Ok(spec)
    }

    /// The parameter checks of the indicator itself (building its incremental form runs them).
    fn check(&self) -> Result<(), IndicatorError> {
        match *self {
            Self::Sma(n) => super::Sma::new(n).map(drop),
            Self::Ema(n) => super::Ema::new(n).map(drop),
            Self::Rsi(n) => super::Rsi::new(n).map(drop),
            Self::Atr(n) => super::Atr::new(n).map(drop),
            Self::Macd { fast, slow, signal } => super::Macd::new(fast, slow, signal).map(drop),
            Self::Bbands { period, k, .. } => super::Bbands::new(period, k).map(drop),
        }
    }

    /// The flag that asks for this indicator, without its dashes.
    pub fn flag(&self) -> &'static str {
        match self {
            Self::Sma(_) => "sma",
            Self::Ema(_) => "ema",
            Self::Rsi(_) => "rsi",
            Self::Atr(_) => "atr",
            Self::Macd { .. } => "macd",
            Self::Bbands { .. } => "bbands",
        }
    }

    /// The names of the columns this indicator adds, in order.
    pub fn column_names(&self) -> Vec<String> {
        match self {
            Self::Sma(n) => vec![format!("sma_{n}")],
            Self::Ema(n) => vec![format!("ema_{n}")],
            Self::Rsi(n) => vec![format!("rsi_{n}")],
            Self::Atr(n) => vec![format!("atr_{n}")],
            Self::Macd { fast, slow, signal } => ["macd", "macd_signal", "macd_hist"]
                .iter()
                .map(|name| format!("{name}_{fast}_{slow}_{signal}"))
                .collect(),
            Self::Bbands { period, k_text, .. } => ["bb_upper", "bb_middle", "bb_lower"]
                .iter()
                .map(|name| format!("{name}_{period}_{k_text}"))
                .collect(),
        }
    }

    /// Computes this indicator's columns over `bars` (batch form).
    fn compute(&self, bars: &[Bar]) -> Result<Vec<Vec<f64>>, IndicatorError> {
        let close: Vec<f64> = bars.iter().map(|b| b.close).collect();
        let column = || vec![f64::NAN; bars.len()];
        let mut out = vec![column()];
        match *self {
            Self::Sma(n) => sma(&close, n, &mut out[0])?,
            Self::Ema(n) => ema(&close, n, &mut out[0])?,
            Self::Rsi(n) => rsi(&close, n, &mut out[0])?,
            Self::Atr(n) => {
                let high: Vec<f64> = bars.iter().map(|b| b.high).collect();
                let low: Vec<f64> = bars.iter().map(|b| b.low).collect();
                atr(&high, &low, &close, n, &mut out[0])?;
            }
            Self::Macd { fast, slow, signal } => {
                let (mut line, mut sig, mut hist) = (column(), column(), column());
                let target = MacdOut {
                    line: &mut line,
                    signal: &mut sig,
                    hist: &mut hist,
                };
                macd(&close, fast, slow, signal, target)?;
                out = vec![line, sig, hist];
            }
            Self::Bbands { period, k, .. } => {
                let (mut upper, mut middle, mut lower) = (column(), column(), column());
                let target = BandsOut {
                    upper: &mut upper,
                    middle: &mut middle,
                    lower: &mut lower,
                };
                bbands(&close, period, k, target)?;
                out = vec![upper, middle, lower];
            }
        }
        Ok(out)
    }
}

/// Open times and the requested columns, one value per candle (NaN where undefined).
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorTable {
    /// Each candle's open time, ms since the Unix epoch.
    pub open_time: Vec<i64>,
    /// `(name, values)` in the order the indicators were requested.
    pub columns: Vec<(String, Vec<f64>)>,
}

impl IndicatorTable {
    /// Computes every spec over `bars`. The field of an error is the spec's flag.
    pub fn compute(bars: &[Bar], specs: &[ColumnSpec]) -> Result<Self, FieldError> {
        let mut columns = Vec::new();
        for spec in specs {
            let values = spec
                .compute(bars)
                .map_err(|e| FieldError::new(format!("--{}", spec.flag()), e.to_string()))?;
            columns.extend(spec.column_names().into_iter().zip(values));
        }
        Ok(Self {
            open_time: bars.iter().map(|b| b.open_time).collect(),
            columns,
        })
    }

    /// CSV: header `open_time,<columns>`, one row per candle, an empty cell where undefined.
    pub fn to_csv(&self) -> String {
        let mut text = String::from("open_time");
        for (name, _) in &self.columns {
            text.push(',');
            text.push_str(name);
        }
        text.push('\n');
        for (row, open_time) in self.open_time.iter().enumerate() {
            let _ = write!(text, "{open_time}");
            for (_, values) in &self.columns {
                text.push(',');
                if let Some(value) = defined(values[row]) {
                    let _ = write!(text, "{value}");
                }
            }
            text.push('\n');
        }
        text
    }

    /// JSON: an array with one object per candle, keys in column order, `null` where
    /// undefined.
    pub fn to_json(&self) -> String {
        let mut text = String::from("[");
        for (row, open_time) in self.open_time.iter().enumerate() {
            if row > 0 {
                text.push(',');
            }
            let _ = write!(text, "\n  {{\"open_time\": {open_time}");
            for (name, values) in &self.columns {
                let _ = write!(text, ", \"{name}\": ");
                match defined(values[row]) {
                    Some(value) => {
                        let _ = write!(text, "{}", json_number(value));
                    }
                    None => text.push_str("null"),
                }
            }
            text.push('}');
        }
        text.push_str(if self.open_time.is_empty() {
            "]\n"
        } else {
            "\n]\n"
        });
        text
    }
}

/// `Some(value)` where the indicator is defined.
fn defined(value: f64) -> Option<f64> {
    (!value.is_nan()).then_some(value)
}

/// A finite `f64` as a JSON number that reads back as the same value (Rust's shortest
/// round-trip form; JSON has no `inf`, and a value this large cannot come from a price).
fn json_number(value: f64) -> String {
    if value.is_finite() {
        format!("{value:?}")
    } else {
        "null".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(closes: &[f64]) -> Vec<Bar> {
        closes
            .iter()
            .enumerate()
            .map(|(i, &close)| Bar {
                open_time: i as i64 * 60_000,
                open: close,
                high: close + 1.0,
                low: close - 1.0,
                close,
                volume: 1.0,
            })
            .collect()
    }

    #[test]
    fn specs_parse_from_the_flag_text_and_name_their_columns() {
        let macd = ColumnSpec::parse("macd", "12, 26,9").expect("spaces around commas are fine");
        assert_eq!(
            macd.column_names(),
            ["macd_12_26_9", "macd_signal_12_26_9", "macd_hist_12_26_9"],
            "MACD adds line, signal and histogram columns named with all three periods"
        );
        let bands = ColumnSpec::parse("bbands", "20,2.5").expect("a fractional k is allowed");
        assert_eq!(
            bands.column_names(),
            ["bb_upper_20_2.5", "bb_middle_20_2.5", "bb_lower_20_2.5"],
            "Bollinger columns keep k as typed"
        );
        assert_eq!(
            ColumnSpec::parse("rsi", "14").map(|s| s.column_names()),
            Ok(vec!["rsi_14".to_owned()]),
            "a single period names one column"
        );
    }

    #[test]
    fn bad_specs_name_the_flag_and_the_problem() {
        let cases = [
            ("sma", "0", "it must be at least 2"),
            ("atr", "x", "`x` is not a whole number"),
            ("macd", "26,12,9", "fast must be below slow"),
            ("macd", "12,26", "is not FAST,SLOW,SIGNAL"),
            ("bbands", "20,-1", "finite number, 0 or more"),
            ("bbands", "20", "is not PERIOD,K"),
            ("ema", "5,6", "is not one period"),
        ];
        for (flag, value, problem) in cases {
            let error = ColumnSpec::parse(flag, value).expect_err("the spec is bad");
            assert_eq!(error.field, format!("--{flag}"), "the error names the flag");
            assert!(
                error.problem.contains(problem),
                "--{flag} {value}: `{}` should say `{problem}`",
                error.problem
            );
        }
    }

    #[test]
    fn csv_has_empty_cells_before_the_first_defined_value_and_round_trips_numbers() {
        let specs = [
            ColumnSpec::parse("sma", "3").expect("valid"),
            ColumnSpec::parse("ema", "2").expect("valid"),
        ];
        let table =
            IndicatorTable::compute(&bars(&[1.0, 2.0, 4.0, 0.1]), &specs).expect("computes");
        assert_eq!(
            table.to_csv(),
            "open_time,sma_3,ema_2\n0,,\n60000,,1.5\n120000,2.3333333333333335,3.1666666666666665\n\
             180000,2.033333333333333,1.1222222222222222\n",
            "columns in flag order, empty where undefined, shortest round-trip numbers (SMA: (1+2+4−1+0.1)/3 = 6.1/3)"
        );
        for line in table.to_csv().lines().skip(3) {
            let value: f64 = line
                .split(',')
                .nth(1)
                .unwrap_or_default()
                .parse()
                .unwrap_or(0.0);
            assert_eq!(
                value.to_string(),
                line.split(',').nth(1).unwrap_or_default(),
                "a printed value reads back as the same f64"
            );
        }
    }

    #[test]
    fn json_is_one_object_per_candle_with_null_where_undefined() {
        let specs = [ColumnSpec::parse("rsi", "2").expect("valid")];
        let table =
            IndicatorTable::compute(&bars(&[1.0, 2.0, 1.0, 3.0]), &specs).expect("computes");
        let json = table.to_json();
        let rows: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(
            rows[0]["rsi_2"],
            serde_json::Value::Null,
            "RSI(2) undefined on bar 0"
        );
        assert_eq!(rows[1]["rsi_2"], serde_json::Value::Null, "and on bar 1");
        assert_eq!(rows[2]["rsi_2"], 50.0, "one gain and one loss of 1: RSI 50");
        assert_eq!(rows[3]["open_time"], 180_000, "open times are kept");
        assert!(
            json.find("\"open_time\"") < json.find("\"rsi_2\""),
            "keys come in column order"
        );
    }
}
