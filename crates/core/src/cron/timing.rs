//! When a schedule fires: the next instants of a [`CronExpr`] read in a [`ZoneName`], with the
//! DST policy of the [module docs](super) applied.
//!
//! croner walks wall-clock time here (over `NaiveDateTime`, where no hour is skipped or
//! repeated) and this module decides what each matching wall time means as a real instant.
//! croner can resolve zones itself, but it calls a job fixed-time only when its seconds, minute
//! and hour are all single values, so `*/15 2 * * *` would silently not run on a spring-forward
//! day and `30 1,2 * * *` would run twice on a fall-back day; Pilothouse's policy reads the hour
//! field alone (as Vixie cron does) and so resolves wall times itself.

use chrono::offset::LocalResult;
use chrono::{DateTime, NaiveDateTime, SecondsFormat, TimeDelta, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{CronExpr, ZoneName};

#[cfg(test)]
mod dst_tests;
#[cfg(test)]
mod tests;

/// How a daylight-saving transition changed this fire; the UI flags every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DstNote {
    /// The wall time was skipped when the clocks went forward; a fixed-time job fires once, at
    /// the first instant after the gap.
    ShiftedFromGap,
    /// The wall time happened twice when the clocks went back; this is the first. A fixed-time
    /// job fires only here.
    RepeatedHourFirst,
    /// The second of a wall time that happened twice; only jobs with `*` or a step in the hour
    /// field fire here.
    RepeatedHourSecond,
}

/// One instant a schedule fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FireTime {
    /// The instant.
    pub at: DateTime<Utc>,
    /// The same instant in the schedule's zone, RFC 3339 with that zone's offset then
    /// (`2026-03-08T03:00:00-04:00`).
    pub local: String,
    /// Set when a DST transition changed this fire.
    pub dst: Option<DstNote>,
}

impl FireTime {
    /// `at`, shown in `zone`, with the DST note that applies.
    pub fn new(at: DateTime<Utc>, zone: ZoneName, dst: Option<DstNote>) -> FireTime {
        FireTime {
            at,
            local: at
                .with_timezone(&zone.tz())
                .to_rfc3339_opts(SecondsFormat::Secs, false),
            dst,
        }
    }
}

/// The first instant strictly after `after` at which `expr` fires in `zone`; `None` if it never
/// fires again (croner searches up to the year 5000).
pub fn next_after(expr: &CronExpr, zone: ZoneName, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    next_fire(expr, zone.tz(), after).map(|(at, _)| at)
}

/// The next `count` fires strictly after `after`, earliest first, each with its local time and
/// DST note.
pub fn upcoming(
    expr: &CronExpr,
    zone: ZoneName,
    after: DateTime<Utc>,
    count: usize,
) -> Vec<FireTime> {
    let mut fires = Vec::with_capacity(count);
    let mut from = after;
    while fires.len() < count {
        let Some((at, dst)) = next_fire(expr, zone.tz(), from) else {
            break;
        };
        fires.push(FireTime::new(at, zone, dst));
        from = at;
    }
    fires
}

/// The policy itself. Fires are whole seconds, so "after `after`" is "after its whole second".
fn next_fire(
    expr: &CronExpr,
    tz: Tz,
    after: DateTime<Utc>,
) -> Option<(DateTime<Utc>, Option<DstNote>)> {
    let after = after.with_nanosecond(0)?;
    let local = after.with_timezone(&tz).naive_local();
    let ahead = next_from_wall_clock(expr, tz, after, local)?;
    if expr.is_fixed_time() {
        return Some(ahead);
    }
    // On the first pass through a repeated hour, the second pass of wall times already behind
    // us is still ahead in real time; the wall-clock walk above cannot see it.
    match second_pass_fire(expr, tz, after, local) {
        Some(second) if second < ahead.0 => Some((second, Some(DstNote::RepeatedHourSecond))),
        _ => Some(ahead),
    }
}

/// Walks matching wall times after `local` and returns the first that the policy fires at after
/// `after`.
fn next_from_wall_clock(
    expr: &CronExpr,
    tz: Tz,
    after: DateTime<Utc>,
    local: NaiveDateTime,
) -> Option<(DateTime<Utc>, Option<DstNote>)> {
    let fixed_time = expr.is_fixed_time();
    let mut wall = local;
    loop {
        wall = expr.cron().find_next_occurrence(&wall, false).ok()?;
        match tz.from_local_datetime(&wall) {
            LocalResult::Single(at) => {
                let at = at.with_timezone(&Utc);
                if at > after {
                    return Some((at, None));
                }
            }
            LocalResult::Ambiguous(first, second) => {
                let (first, second) = (first.with_timezone(&Utc), second.with_timezone(&Utc));
                if first > after {
                    return Some((first, Some(DstNote::RepeatedHourFirst)));
                }
                if !fixed_time && second > after {
                    return Some((second, Some(DstNote::RepeatedHourSecond)));
                }
            }
            LocalResult::None if fixed_time => {
                // Every skipped wall time of one gap lands on the same instant, so a job
                // with several times in the gap fires there once; later ones are behind it.
                let at = first_instant_after_gap(tz, wall)?;
                if at > after {
                    return Some((at, Some(DstNote::ShiftedFromGap)));
                }
            }
            LocalResult::None => {}
        }
    }
}

/// For a job with `*` or a step in the hour field, when `after` is on the first pass of a
/// repeated hour: the second pass of the earliest matching wall time of that hour up to now.
fn second_pass_fire(
    expr: &CronExpr,
    tz: Tz,
    after: DateTime<Utc>,
    local: NaiveDateTime,
) -> Option<DateTime<Utc>> {
    let LocalResult::Ambiguous(_, second) = tz.from_local_datetime(&local) else {
        return None;
    };
    if second.with_timezone(&Utc) <= after {
        return None; // already on the second pass
    }
    let start = earliest_wall_time(local, |w| {
        matches!(tz.from_local_datetime(&w), LocalResult::Ambiguous(..))
    });
    let wall = expr.cron().find_next_occurrence(&start, true).ok()?;
    if wall > local {
        return None;
    }
    match tz.from_local_datetime(&wall) {
        LocalResult::Ambiguous(_, second) => Some(second.with_timezone(&Utc)),
        _ => None,
    }
}

/// The first real instant after the gap that skipped `wall`: the instant of the first wall
/// time after `wall` that exists.
fn first_instant_after_gap(tz: Tz, wall: NaiveDateTime) -> Option<DateTime<Utc>> {
    let exists = |w: NaiveDateTime| !matches!(tz.from_local_datetime(&w), LocalResult::None);
    // Gaps are an hour or less almost everywhere, a day at most (Samoa, 2011).
    let hour = TimeDelta::hours(1);
    let mut below = wall;
    let mut above = wall + hour;
    for _ in 0..48 {
        if exists(above) {
            break;
        }
        below = above;
        above += hour;
    }
    let end = first_where(below, above, exists)?;
    tz.from_local_datetime(&end)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// The earliest wall time `w <= local` such that `holds` is true for all of `w..=local`, given
/// that `holds(local)`; spans of a day at most.
fn earliest_wall_time(
    local: NaiveDateTime,
    holds: impl Fn(NaiveDateTime) -> bool,
) -> NaiveDateTime {
    let hour = TimeDelta::hours(1);
    let mut inside = local;
    let mut outside = local - hour;
    for _ in 0..48 {
        if !holds(outside) {
            break;
        }
        inside = outside;
        outside -= hour;
    }
    first_where(outside, inside, holds).unwrap_or(inside)
}

/// Bisects whole seconds between `below` (where `holds` is false) and `above` (where it is
/// true) for the first second where it holds.
fn first_where(
    mut below: NaiveDateTime,
    mut above: NaiveDateTime,
    holds: impl Fn(NaiveDateTime) -> bool,
) -> Option<NaiveDateTime> {
    if !holds(above) {
        return None;
    }
    while (above - below).num_seconds() > 1 {
        let middle = below + TimeDelta::seconds((above - below).num_seconds() / 2);
        if holds(middle) {
            above = middle;
        } else {
            below = middle;
        }
    }
    Some(above)
}
