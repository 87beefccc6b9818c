//! A cron expression in plain English, for the schedule editor: "At 09:00 on Monday through
//! Friday", "Every 15 minutes", "At minute 0 past every hour".
//!
//! Written here rather than taken from a crate: croner 4's `describe` produces phrases such as
//! "At every 15 minutes." and "At 00:00, on day 1." and spells out weekday ranges one by one,
//! and the dedicated crates (cron-descriptor 0.1, cronspeak 0.1) are young single-author ports
//! that parse the text again with their own grammar, so their reading could differ from the one
//! that runs the job. This one reads the fields [`CronExpr`] already parsed, so it describes
//! exactly what fires. It is built from the selected values, never from guesses about intent:
//! a shape it has no short phrase for is described by listing each field's values.

use super::CronExpr;
use super::expr::{Field, Unit};

#[cfg(test)]
mod tests;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Monday first, as a trader's week reads.
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
/// Most clock times spelled out one by one ("At 09:00 and 17:00").
const MAX_CLOCK_TIMES: usize = 4;

/// An English sentence saying when `expr` fires, in its zone's wall-clock time.
pub fn describe(expr: &CronExpr) -> String {
    let fields = expr.fields();
    let parts = [
        time_phrase(fields.second.as_ref(), &fields.minute, &fields.hour),
        day_phrase(&fields.day_of_month, &fields.day_of_week),
        month_phrase(&fields.month),
    ];
    let sentence = parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => sentence,
    }
}

/// How a time field selects its values.
enum Shape {
    /// Every value of the field.
    All,
    /// Every `n`th value from the field's first, evenly through the cycle (`*/15` minutes).
    Every(u8),
    /// Anything else: these values.
    Values(Vec<u8>),
}

fn shape(field: &Field, unit: Unit) -> Shape {
    let (min, max) = unit.bounds();
    let values: Vec<u8> = field.values().collect();
    let cycle = usize::from(max - min) + 1;
    if values.len() == cycle {
        return Shape::All;
    }
    if let [first, second, ..] = values.as_slice() {
        let n = second - first;
        let even = *first == min
            && cycle % usize::from(n) == 0
            && values.len() == cycle / usize::from(n)
            && values.windows(2).all(|w| w[1] - w[0] == n);
        if even {
            return Shape::Every(n);
        }
    }
    Shape::Values(values)
}

fn time_phrase(second: Option<&Field>, minute: &Field, hour: &Field) -> String {
    let seconds = second.map(|s| shape(s, Unit::Second));
    let at_zero_seconds = match &seconds {
        None => true,
        Some(Shape::Values(v)) => v.as_slice() == [0],
        Some(_) => false,
    };
    if let Some(times) = clock_times(second, minute, hour, at_zero_seconds) {
        return format!("at {}", join(&times));
    }
    let mut phrases = Vec::new();
    let sub_minute = !at_zero_seconds;
    let mut at_some_seconds = false;
    match seconds {
        Some(Shape::All) if sub_minute => phrases.push("every second".to_owned()),
        Some(Shape::Every(n)) => phrases.push(format!("every {n} seconds")),
        Some(Shape::Values(v)) if sub_minute => {
            at_some_seconds = true;
            phrases.push(format!("at {}", counted("second", &v, number)));
        }
        _ => {}
    }
    let minutes: Vec<u8> = minute.values().collect();
    let mut at_some_minutes = false;
    match (shape(minute, Unit::Minute), sub_minute) {
        (Shape::All, true) if at_some_seconds => phrases.push("of every minute".to_owned()),
        (Shape::All, true) => {}
        (Shape::All, false) => phrases.push("every minute".to_owned()),
        (Shape::Every(n), false) => phrases.push(format!("every {n} minutes")),
        (Shape::Every(_) | Shape::Values(_), true) => {
            phrases.push(format!("during {}", counted("minute", &minutes, number)));
        }
        (Shape::Values(v), false) => {
            at_some_minutes = true;
            phrases.push(format!("at {}", counted("minute", &v, number)));
        }
    }
    let hours: Vec<u8> = hour.values().collect();
    match (shape(hour, Unit::Hour), at_some_minutes) {
        (Shape::All, true) => phrases.push("past every hour".to_owned()),
        (Shape::All, false) => {}
        (Shape::Every(n), true) => phrases.push(format!("past every {n} hours")),
        (Shape::Values(_), true) => {
            phrases.push(format!("past {}", counted("hour", &hours, number)))
        }
        (Shape::Every(_) | Shape::Values(_), false) => {
            let after_minutes = phrases.last().is_some_and(|p| p.starts_with("during "));
            let joint = if after_minutes { "of" } else { "during" };
            phrases.push(format!("{joint} {}", counted("hour", &hours, number)));
        }
    }
    phrases.join(" ")
}

/// "09:00", "17:30:15": every combination of a few single values, or `None` when the fields
/// select too many times to read out.
fn clock_times(
    second: Option<&Field>,
    minute: &Field,
    hour: &Field,
    at_zero_seconds: bool,
) -> Option<Vec<String>> {
    let seconds: Vec<u8> = second.map_or_else(|| vec![0], |s| s.values().collect());
    let minutes: Vec<u8> = minute.values().collect();
    let hours: Vec<u8> = hour.values().collect();
    if seconds.len() * minutes.len() * hours.len() > MAX_CLOCK_TIMES {
        return None;
    }
    let mut times = Vec::new();
    for h in &hours {
        for m in &minutes {
            for s in &seconds {
                times.push(if at_zero_seconds {
                    format!("{h:02}:{m:02}")
                } else {
                    format!("{h:02}:{m:02}:{s:02}")
                });
            }
        }
    }
    Some(times)
}

fn day_phrase(day_of_month: &Field, day_of_week: &Field) -> String {
    let days = || {
        let v: Vec<u8> = day_of_month.values().collect();
        format!("on {} of the month", counted("day", &v, number))
    };
    let weekdays = || {
        // Monday = 1 … Sunday = 7, so a Monday-first week reads in order.
        let mut v: Vec<u8> = day_of_week
            .values()
            .map(|d| if d == 0 { 7 } else { d })
            .collect();
        v.sort_unstable();
        format!(
            "on {}",
            listed(&v, |d| WEEKDAYS[usize::from(d - 1)].to_owned())
        )
    };
    match (day_of_month.is_any(), day_of_week.is_any()) {
        (true, true) => String::new(),
        (false, true) => days(),
        (true, false) => weekdays(),
        // POSIX: either day field matching is enough.
        (false, false) => format!("{}, and {}", days(), weekdays()),
    }
}

fn month_phrase(month: &Field) -> String {
    if month.is_any() || matches!(shape(month, Unit::Month), Shape::All) {
        return String::new();
    }
    let v: Vec<u8> = month.values().collect();
    format!(
        "in {}",
        listed(&v, |m| MONTHS[usize::from(m - 1)].to_owned())
    )
}

fn number(v: u8) -> String {
    v.to_string()
}

/// "minute 5", "minutes 1 through 5", "hours 9 and 17".
fn counted(noun: &str, values: &[u8], name: fn(u8) -> String) -> String {
    let plural = if values.len() == 1 { "" } else { "s" };
    format!("{noun}{plural} {}", listed(values, name))
}

/// Sorted values as English: runs of three or more as "a through b", the rest listed, the last
/// joined with "and".
fn listed(values: &[u8], name: impl Fn(u8) -> String) -> String {
    let mut items = Vec::new();
    let mut i = 0;
    while i < values.len() {
        let mut j = i;
        while j + 1 < values.len() && values[j + 1] == values[j] + 1 {
            j += 1;
        }
        if j >= i + 2 {
            items.push(format!("{} through {}", name(values[i]), name(values[j])));
        } else {
            items.extend(values[i..=j].iter().map(|v| name(*v)));
        }
        i = j + 1;
    }
    join(&items)
}

fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
