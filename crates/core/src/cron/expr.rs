//! A cron expression the trader typed, checked field by field before anything runs it.
//!
//! croner parses and matches the expression, but its errors do not say which field is wrong
//! ("Number out of bounds"), and it accepts extensions (`L`, `W`, `#`, `?`, a leading `+`,
//! a year field) whose meaning a trader would have to look up. So this module reads the
//! standard grammar itself — numbers, names, `*`, ranges, steps and lists in 5 fields, or 6
//! with a leading seconds field, plus the `@` macros — refuses anything else with a message
//! that names the field, and hands croner a canonical numeric form of what it accepted. The
//! parsed fields are kept too: [`describe`](super::describe) and the DST policy read them.

use std::fmt;
use std::str::FromStr;

use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};

use crate::field::FieldError;

#[cfg(test)]
mod tests;

/// The input's name in every error this module returns.
const FIELD: &str = "cron";
/// Longest expression accepted; a real one is a few dozen characters.
pub const MAX_EXPR_LEN: usize = 256;

/// One of the six positions of a cron expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

const MONTH_NAMES: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAY_NAMES: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl Unit {
    /// The field's name as the trader reads it in an error.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::DayOfMonth => "day-of-month",
            Unit::Month => "month",
            Unit::DayOfWeek => "day-of-week",
        }
    }

    /// Smallest and largest value written in this field (day-of-week 7 is Sunday again).
    pub(crate) const fn bounds(self) -> (u8, u8) {
        match self {
            Unit::Second | Unit::Minute => (0, 59),
            Unit::Hour => (0, 23),
            Unit::DayOfMonth => (1, 31),
            Unit::Month => (1, 12),
            Unit::DayOfWeek => (0, 7),
        }
    }

    /// The value a three-letter name stands for, if this field has names.
    fn named_value(self, name: &str, ends_range: bool) -> Option<u8> {
        let upper = name.to_ascii_uppercase();
        let position = |names: &[&str]| names.iter().position(|n| *n == upper);
        match self {
            Unit::Month => position(&MONTH_NAMES).and_then(|i| u8::try_from(i + 1).ok()),
            // `FRI-SUN` means Friday through Sunday, so Sunday closing a range is 7.
            Unit::DayOfWeek => match position(&WEEKDAY_NAMES) {
                Some(0) if ends_range => Some(7),
                found => found.and_then(|i| u8::try_from(i).ok()),
            },
            _ => None,
        }
    }

    fn refuse(self, problem: String) -> FieldError {
        FieldError::new(FIELD, problem)
    }
}

/// One field as written: its items (`1-5`, `*/15`, `MON`) and the set of values they select.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    /// Bit `v` is set when value `v` is selected (day-of-week 7 is folded into 0).
    values: u64,
    /// The field is exactly `*`: croner and POSIX call such a day field unrestricted.
    lone_star: bool,
    /// Some item is `*` or carries a step: the field follows the clock rather than naming times.
    wildcard_or_step: bool,
    /// The accepted items in croner's numeric syntax, comma-joined.
    canonical: String,
}

impl Field {
    fn parse(text: &str, unit: Unit) -> Result<Self, FieldError> {
        let (min, max) = unit.bounds();
        let mut field = Field {
            values: 0,
            lone_star: text == "*",
            wildcard_or_step: false,
            canonical: String::new(),
        };
        for item in text.split(',') {
            if item.is_empty() {
                return Err(unit.refuse(format!(
                    "the {} field `{text}` has an empty list item",
                    unit.name()
                )));
            }
            let (base, step) = match item.split_once('/') {
                Some((base, step)) => (base, Some(parse_step(step, item, unit)?)),
                None => (item, None),
            };
            let (start, end) = if base == "*" {
                field.wildcard_or_step = true;
                (min, max)
            } else if let Some((from, to)) = base.split_once('-') {
                if from.is_empty() || to.is_empty() {
                    return Err(unit.refuse(format!(
                        "{} range `{base}` needs a number on both sides of `-`",
                        unit.name()
                    )));
                }
                let (from, to) = (value(from, unit, false)?, value(to, unit, true)?);
                if from > to {
                    return Err(unit.refuse(format!(
                        "{} range `{base}` runs backwards; list both parts instead",
                        unit.name()
                    )));
                }
                (from, to)
            } else {
                let single = value(base, unit, false)?;
                if step.is_some() {
                    return Err(unit.refuse(format!(
                        "{} `{item}`: a step needs `*` or a range before it, like `{single}-{max}/…`",
                        unit.name()
                    )));
                }
                (single, single)
            };
            let step = step.unwrap_or(1);
            field.wildcard_or_step |= step > 1 || item.contains('/');
            for v in (start..=end).step_by(usize::from(step)) {
                // Sunday is 0 and 7; croner and the description both read it as 0.
                let v = if unit == Unit::DayOfWeek && v == 7 {
                    0
                } else {
                    v
                };
                field.values |= 1 << v;
            }
            if !field.canonical.is_empty() {
                field.canonical.push(',');
            }
            field
                .canonical
                .push_str(&match (base == "*", start == end, step) {
                    (true, _, 1) => "*".to_owned(),
                    (true, _, step) => format!("*/{step}"),
                    (false, true, _) => start.to_string(),
                    (false, false, 1) => format!("{start}-{end}"),
                    (false, false, step) => format!("{start}-{end}/{step}"),
                });
        }
        Ok(field)
    }

    /// `*` alone: no restriction at all.
    pub(crate) fn is_any(&self) -> bool {
        self.lone_star
    }

    /// The selected values, smallest first (day-of-week Sunday as 0).
    pub(crate) fn values(&self) -> impl Iterator<Item = u8> + '_ {
        (0..64u8).filter(|v| self.values & (1 << v) != 0)
    }
}

fn parse_step(step: &str, item: &str, unit: Unit) -> Result<u8, FieldError> {
    let (min, max) = unit.bounds();
    let widest = max - min;
    let n: u32 = digits(step).ok_or_else(|| {
        unit.refuse(format!(
            "{} step `{item}`: `{step}` is not a number",
            unit.name()
        ))
    })?;
    if n == 0 {
        return Err(unit.refuse(format!("{} step `{item}` must be at least 1", unit.name())));
    }
    u8::try_from(n)
        .ok()
        .filter(|n| *n <= widest)
        .ok_or_else(|| {
            unit.refuse(format!(
                "{} step {n} in `{item}` is larger than the field allows (1–{widest})",
                unit.name()
            ))
        })
}

/// A number or (in month and day-of-week) a three-letter name, checked against the field's range.
fn value(text: &str, unit: Unit, ends_range: bool) -> Result<u8, FieldError> {
    let (min, max) = unit.bounds();
    if let Some(n) = digits(text) {
        return u8::try_from(n)
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                unit.refuse(format!("{} {n} is out of range {min}–{max}", unit.name()))
            });
    }
    if let Some(v) = unit.named_value(text, ends_range) {
        return Ok(v);
    }
    Err(unit.refuse(match unit {
        Unit::Month => format!("`{text}` is not a month number (1–12) or name (JAN–DEC)"),
        Unit::DayOfWeek => {
            format!("`{text}` is not a day-of-week number (0–7) or name (SUN–SAT)")
        }
        _ => format!("`{text}` in the {} field is not a number", unit.name()),
    }))
}

/// Plain decimal digits (no sign, no spaces), at most 9 of them.
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The parsed fields; `second` is `None` for a 5-field expression (it fires at second 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fields {
    pub second: Option<Field>,
    pub minute: Field,
    pub hour: Field,
    pub day_of_month: Field,
    pub month: Field,
    pub day_of_week: Field,
}

/// What each macro stands for; `@midnight` is Vixie cron's alias of `@daily`.
const MACROS: [(&str, &str); 7] = [
    ("@yearly", "0 0 1 1 *"),
    ("@annually", "0 0 1 1 *"),
    ("@monthly", "0 0 1 * *"),
    ("@weekly", "0 0 * * 0"),
    ("@daily", "0 0 * * *"),
    ("@midnight", "0 0 * * *"),
    ("@hourly", "0 * * * *"),
];

/// A checked cron expression. It keeps the text as typed, for display and storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronExpr {
    text: String,
    fields: Fields,
    cron: Cron,
}

impl CronExpr {
    /// Reads `text`, or says which field is wrong and why (field `cron`).
    pub fn parse(text: &str) -> Result<CronExpr, FieldError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(FieldError::new(
                FIELD,
                "is empty; write 5 fields like `*/5 * * * *` or a macro like `@daily`",
            ));
        }
        if trimmed.len() > MAX_EXPR_LEN {
            return Err(FieldError::new(
                FIELD,
                format!(
                    "is {} characters long; at most {MAX_EXPR_LEN}",
                    trimmed.len()
                ),
            ));
        }
        let expanded = if trimmed.starts_with('@') {
            MACROS
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(trimmed))
                .map(|(_, fields)| *fields)
                .ok_or_else(|| {
                    let names: Vec<_> = MACROS.iter().map(|(name, _)| *name).collect();
                    FieldError::new(
                        FIELD,
                        format!(
                            "`{trimmed}` is not a macro; use one of {}",
                            names.join(", ")
                        ),
                    )
                })?
        } else {
            trimmed
        };
        let parts: Vec<&str> = expanded.split_whitespace().collect();
        let (second, rest) = match parts.as_slice() {
            [minute, hour, dom, month, dow] => (None, [minute, hour, dom, month, dow]),
            [second, minute, hour, dom, month, dow] => {
                (Some(*second), [minute, hour, dom, month, dow])
            }
            _ => {
                return Err(FieldError::new(
                    FIELD,
                    format!(
                        "has {} field{}; expected 5 (minute hour day-of-month month \
                         day-of-week), or 6 with a leading seconds field",
                        parts.len(),
                        if parts.len() == 1 { "" } else { "s" }
                    ),
                ));
            }
        };
        let fields = Fields {
            second: second.map(|s| Field::parse(s, Unit::Second)).transpose()?,
            minute: Field::parse(rest[0], Unit::Minute)?,
            hour: Field::parse(rest[1], Unit::Hour)?,
            day_of_month: Field::parse(rest[2], Unit::DayOfMonth)?,
            month: Field::parse(rest[3], Unit::Month)?,
            day_of_week: Field::parse(rest[4], Unit::DayOfWeek)?,
        };
        check_day_exists(&fields)?;
        let canonical = format!(
            "{} {} {} {} {} {}",
            fields.second.as_ref().map_or("0", |s| &s.canonical),
            fields.minute.canonical,
            fields.hour.canonical,
            fields.day_of_month.canonical,
            fields.month.canonical,
            fields.day_of_week.canonical,
        );
        // Seconds are always written (`0` for 5 fields), years never: croner reads exactly the
        // six fields above, with POSIX's OR of the two day fields (its default).
        let cron = CronParser::builder()
            .seconds(Seconds::Required)
            .year(Year::Disallowed)
            .dom_and_dow(false)
            .build()
            .parse(&canonical)
            .map_err(|e| FieldError::new(FIELD, format!("`{trimmed}` was refused: {e}")))?;
        Ok(CronExpr {
            text: trimmed.to_owned(),
            fields,
            cron,
        })
    }

    /// The expression as the trader wrote it (trimmed).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the DST policy treats this as a fixed-time job: the hour field names hours (no
    /// `*`, no step), so a skipped wall time is shifted and a repeated one runs once.
    pub fn is_fixed_time(&self) -> bool {
        !self.fields.hour.wildcard_or_step
    }

    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }

    pub(crate) fn cron(&self) -> &Cron {
        &self.cron
    }
}

/// Refuses a day-of-month that no selected month has (`0 0 31 2 *`): it would never fire.
fn check_day_exists(fields: &Fields) -> Result<(), FieldError> {
    const LONGEST: [u8; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if fields.day_of_month.is_any() || !fields.day_of_week.is_any() {
        return Ok(());
    }
    let first_day = fields.day_of_month.values().next().unwrap_or(1);
    let fits = fields
        .month
        .values()
        .any(|m| LONGEST[usize::from(m - 1)] >= first_day);
    if fits {
        return Ok(());
    }
    Err(FieldError::new(
        FIELD,
        format!(
            "day-of-month {first_day} never occurs in the selected month{}, so it would never fire",
            if fields.month.values().count() == 1 {
                ""
            } else {
                "s"
            }
        ),
    ))
}

impl fmt::Display for CronExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for CronExpr {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CronExpr::parse(s)
    }
}

serde_as_checked_string!(CronExpr);
