//! Typed strategy parameters: what each strategy takes (name, kind, default, range), and the
//! one check every value passes before a strategy is built — so `--param fast=abc`, a period
//! of 0 or a name the strategy does not take are refused with the parameter named
//! (`params.fast`), the same way from the CLI and the screen.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::FieldError;

/// A parameter's value: a number (integers are whole numbers) or a switch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum ParamValue {
    Bool(bool),
    Number(f64),
}

/// A strategy's parameters by name.
pub type Params = BTreeMap<String, ParamValue>;

/// What kind of value a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ParamKind {
    /// A whole number (a period).
    Integer,
    /// Any number in the range (a multiple, a threshold).
    Number,
    Bool,
}

/// One parameter a strategy takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ParamInfo {
    pub name: String,
    pub description: String,
    pub kind: ParamKind,
    pub default: ParamValue,
    /// The smallest and largest value accepted (numbers only).
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// A strategy in the catalogue, with its parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StrategyInfo {
    pub name: String,
    pub title: String,
    /// Its rules in a sentence or two.
    pub description: String,
    pub params: Vec<ParamInfo>,
}

impl ParamInfo {
    /// A period: a whole number in `min..=max`.
    pub(super) fn period(name: &str, description: &str, default: u32, min: u32, max: u32) -> Self {
        Self {
            name: name.to_owned(),
            description: description.to_owned(),
            kind: ParamKind::Integer,
            default: ParamValue::Number(f64::from(default)),
            min: Some(f64::from(min)),
            max: Some(f64::from(max)),
        }
    }

    /// A number in `min..=max`.
    pub(super) fn number(name: &str, description: &str, default: f64, min: f64, max: f64) -> Self {
        Self {
            name: name.to_owned(),
            description: description.to_owned(),
            kind: ParamKind::Number,
            default: ParamValue::Number(default),
            min: Some(min),
            max: Some(max),
        }
    }

    /// Refuses a value of the wrong kind or out of range (field `params.<name>`).
    fn check(&self, value: ParamValue) -> Result<ParamValue, FieldError> {
        let field = format!("params.{}", self.name);
        match (self.kind, value) {
            (ParamKind::Bool, ParamValue::Bool(_)) => Ok(value),
            (ParamKind::Bool, ParamValue::Number(n)) => Err(FieldError::new(
                field,
                format!("is {n}; give true or false"),
            )),
            (_, ParamValue::Bool(b)) => {
                Err(FieldError::new(field, format!("is {b}; give a number")))
            }
            (kind, ParamValue::Number(n)) => {
                if !n.is_finite() {
                    return Err(FieldError::new(field, "is not a finite number"));
                }
                if kind == ParamKind::Integer && n.fract() != 0.0 {
                    return Err(FieldError::new(
                        field,
                        format!("is {n}; give a whole number"),
                    ));
                }
                let (min, max) = (
                    self.min.unwrap_or(f64::NEG_INFINITY),
                    self.max.unwrap_or(f64::INFINITY),
                );
                if n < min || n > max {
                    return Err(FieldError::new(
                        field,
                        format!("is {n}; give a value from {min} to {max}"),
                    ));
                }
                Ok(value)
            }
        }
    }
}

impl StrategyInfo {
    /// `given` checked against this strategy's parameters, with the defaults filled in.
    pub fn complete(&self, given: &Params) -> Result<Params, FieldError> {
        if let Some(unknown) = given
            .keys()
            .find(|name| !self.params.iter().any(|p| &p.name == *name))
        {
            return Err(self.unknown(unknown));
        }
        self.params
            .iter()
            .map(|p| {
                let value = given.get(&p.name).copied().unwrap_or(p.default);
                Ok((p.name.clone(), p.check(value)?))
            })
            .collect()
    }

    fn unknown(&self, name: &str) -> FieldError {
        let names: Vec<&str> = self.params.iter().map(|p| p.name.as_str()).collect();
        FieldError::new(
            format!("params.{name}"),
            format!(
                "is not a parameter of {}; it takes {}",
                self.name,
                names.join(", ")
            ),
        )
    }

    /// Reads `text` (`14`, `2.5`, `true`) as a value of parameter `name` (CLI `--param`).
    pub fn parse_value(&self, name: &str, text: &str) -> Result<ParamValue, FieldError> {
        let field = format!("params.{name}");
        let kind = self
            .params
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.kind)
            .ok_or_else(|| self.unknown(name))?;
        let text = text.trim();
        match kind {
            ParamKind::Bool => text
                .parse::<bool>()
                .map(ParamValue::Bool)
                .map_err(|_| FieldError::new(field, format!("is `{text}`; give true or false"))),
            ParamKind::Integer | ParamKind::Number => text
                .parse::<f64>()
                .map(ParamValue::Number)
                .map_err(|_| FieldError::new(field, format!("is `{text}`; give a number"))),
        }
    }
}

/// Reads checked parameters by name, for a strategy's constructor.
pub(super) struct Checked<'a>(pub(super) &'a Params);

impl Checked<'_> {
    /// A number parameter (the catalogue put every one in).
    pub(super) fn number(&self, name: &str) -> f64 {
        match self.0.get(name) {
            Some(ParamValue::Number(n)) => *n,
            _ => f64::NAN,
        }
    }

    /// A period: a checked whole number, at least 1.
    pub(super) fn period(&self, name: &str) -> usize {
        let n = self.number(name);
        if n.is_finite() && n >= 1.0 {
            n as usize
        } else {
            1
        }
    }
}
