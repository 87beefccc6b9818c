//! The DST policy, transition by transition, in zones on both hemispheres and one without DST.
//! Dates are 2026: New York changes on 8 March and 1 November, London on 29 March and
//! 25 October, Sydney goes back on 5 April and forward on 4 October; Kolkata never changes.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};

use super::*;

fn zone(name: &str) -> ZoneName {
    ZoneName::parse(name).unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// Every fire whose instant falls on the local calendar day `date` in `zone`.
fn fires_on(text: &str, zone: ZoneName, date: &str) -> Vec<FireTime> {
    let expr = CronExpr::parse(text).unwrap();
    let day: NaiveDate = date.parse().unwrap();
    let midnight = |d: NaiveDate| {
        zone.tz()
            .from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap())
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    };
    let (start, end) = (midnight(day), midnight(day.succ_opt().unwrap()));
    upcoming(&expr, zone, start - TimeDelta::seconds(1), 200)
        .into_iter()
        .take_while(|f| f.at < end)
        .collect()
}

/// Each `(expression, zone, date, local)`: the job fires exactly once on `date`, at `local`
/// (RFC 3339 with the offset then, which pins the instant), with `note`.
fn assert_only_fire(cases: &[(&str, &str, &str, &str)], note: Option<DstNote>, why: &str) {
    for (text, zone_name, date, local) in cases {
        let fires = fires_on(text, zone(zone_name), date);
        let found: Vec<(&str, Option<DstNote>)> =
            fires.iter().map(|f| (f.local.as_str(), f.dst)).collect();
        assert_eq!(
            found,
            [(*local, note)],
            "`{text}` in {zone_name} on {date}: {why}"
        );
        assert_eq!(
            fires[0].at,
            utc(local),
            "the local time and the instant agree"
        );
    }
}

#[test]
fn a_fixed_time_in_the_skipped_hour_fires_once_at_the_first_instant_after_the_gap() {
    assert_only_fire(
        &[
            (
                "30 2 * * *",
                "America/New_York",
                "2026-03-08",
                "2026-03-08T03:00:00-04:00",
            ),
            (
                "0 30 2 * * *",
                "America/New_York",
                "2026-03-08",
                "2026-03-08T03:00:00-04:00",
            ),
            (
                "30 1 * * *",
                "Europe/London",
                "2026-03-29",
                "2026-03-29T02:00:00+01:00",
            ),
            (
                "30 2 * * *",
                "Australia/Sydney",
                "2026-10-04",
                "2026-10-04T03:00:00+11:00",
            ),
        ],
        Some(DstNote::ShiftedFromGap),
        "the skipped time runs once, when the clock resumes",
    );
    assert_eq!(
        utc("2026-03-08T03:00:00-04:00"),
        utc("2026-03-08T07:00:00Z"),
        "03:00 EDT is 07:00Z"
    );
}

#[test]
fn a_fixed_time_in_the_repeated_hour_fires_once_at_the_first_occurrence() {
    assert_only_fire(
        &[
            (
                "30 1 * * *",
                "America/New_York",
                "2026-11-01",
                "2026-11-01T01:30:00-04:00",
            ),
            (
                "30 1 * * *",
                "Europe/London",
                "2026-10-25",
                "2026-10-25T01:30:00+01:00",
            ),
            (
                "30 2 * * *",
                "Australia/Sydney",
                "2026-04-05",
                "2026-04-05T02:30:00+11:00",
            ),
        ],
        Some(DstNote::RepeatedHourFirst),
        "the first occurrence runs (summer time), the repeat does not",
    );
}

#[test]
fn a_zone_without_dst_fires_at_the_wall_time_on_every_transition_date_elsewhere() {
    let dates = [
        "2026-03-08",
        "2026-03-29",
        "2026-04-05",
        "2026-10-04",
        "2026-10-25",
        "2026-11-01",
    ];
    let locals = dates.map(|date| format!("{date}T02:30:00+05:30"));
    let cases: Vec<_> = dates
        .iter()
        .zip(&locals)
        .map(|(date, local)| ("30 2 * * *", "Asia/Kolkata", *date, local.as_str()))
        .collect();
    assert_only_fire(&cases, None, "Kolkata keeps +05:30 and nothing is flagged");
}

/// Fires of `*/15 * * * *` on `date`, checked to be 15 real minutes apart.
fn quarter_hours(zone_name: &str, date: &str) -> Vec<FireTime> {
    let fires = fires_on("*/15 * * * *", zone(zone_name), date);
    for pair in fires.windows(2) {
        assert_eq!(
            pair[1].at - pair[0].at,
            TimeDelta::minutes(15),
            "{zone_name} on {date}: {} follows {} after exactly 15 real minutes",
            pair[1].local,
            pair[0].local
        );
    }
    fires
}

#[test]
fn every_fifteen_minutes_runs_every_fifteen_real_minutes_through_both_transitions() {
    // 23-hour days have 92 quarter hours, 25-hour days 100, ordinary days 96.
    let cases = [
        ("America/New_York", "2026-03-08", 92),
        ("America/New_York", "2026-11-01", 100),
        ("Europe/London", "2026-03-29", 92),
        ("Europe/London", "2026-10-25", 100),
        ("Australia/Sydney", "2026-10-04", 92),
        ("Australia/Sydney", "2026-04-05", 100),
        ("Asia/Kolkata", "2026-03-08", 96),
        ("Asia/Kolkata", "2026-11-01", 96),
    ];
    for (zone_name, date, expected) in cases {
        let fires = quarter_hours(zone_name, date);
        assert_eq!(
            fires.len(),
            expected,
            "{zone_name} on {date} has {expected} quarter hours"
        );
        let noted = |note| fires.iter().filter(|f| f.dst == Some(note)).count();
        let repeated = if expected == 100 { 4 } else { 0 };
        assert_eq!(
            noted(DstNote::RepeatedHourFirst),
            repeated,
            "{zone_name} {date}: first pass flagged"
        );
        assert_eq!(
            noted(DstNote::RepeatedHourSecond),
            repeated,
            "{zone_name} {date}: second pass flagged"
        );
        assert_eq!(
            noted(DstNote::ShiftedFromGap),
            0,
            "{zone_name} {date}: nothing is shifted for an interval job"
        );
    }
}

#[test]
fn hourly_fires_on_each_real_hour_so_twenty_three_and_twenty_five_times() {
    let ny = zone("America/New_York");
    assert_eq!(
        fires_on("0 * * * *", ny, "2026-03-08").len(),
        23,
        "02:00 does not exist that day"
    );
    assert_eq!(
        fires_on("0 * * * *", ny, "2026-11-01").len(),
        25,
        "01:00 happens twice that day"
    );
}

#[test]
fn a_fixed_hour_with_several_times_in_the_gap_fires_once_there() {
    let ny = zone("America/New_York");
    for text in ["*/15 2 * * *", "* 2 * * *", "0,30 2 * * *", "0 2,3 * * *"] {
        let fires = fires_on(text, ny, "2026-03-08");
        assert_eq!(
            fires.len(),
            1,
            "`{text}`: the skipped hour's runs collapse into one: {fires:?}"
        );
        assert_eq!(
            fires[0].at,
            utc("2026-03-08T07:00:00Z"),
            "`{text}` runs at 03:00 EDT"
        );
        assert_eq!(
            fires[0].dst,
            Some(DstNote::ShiftedFromGap),
            "`{text}`: the UI flags the shift"
        );
    }
    let fires = fires_on("*/15 2 * * *", ny, "2026-03-09");
    assert_eq!(
        fires.len(),
        4,
        "the next day the job runs its four times again"
    );
}

#[test]
fn a_fixed_hour_list_runs_once_per_wall_time_on_the_fall_back_day() {
    let fires = fires_on("30 1,2 * * *", zone("America/New_York"), "2026-11-01");
    let locals: Vec<&str> = fires.iter().map(|f| f.local.as_str()).collect();
    assert_eq!(
        locals,
        ["2026-11-01T01:30:00-04:00", "2026-11-01T02:30:00-05:00"],
        "01:30 runs once (EDT), 02:30 once"
    );
    let fires = fires_on("* 1 * * *", zone("America/New_York"), "2026-11-01");
    assert_eq!(
        fires.len(),
        60,
        "every minute of 01:00–01:59 runs once, in its first pass"
    );
    assert!(
        fires
            .iter()
            .all(|f| f.dst == Some(DstNote::RepeatedHourFirst)),
        "each is flagged as the first of two"
    );
}

#[test]
fn from_inside_the_repeated_hour_the_next_fire_follows_real_time() {
    let ny = zone("America/New_York");
    let cases = [
        // 01:50 EDT is the first pass; the next quarter hour in real time is 01:00 EST.
        (
            "*/15 * * * *",
            "2026-11-01T05:50:00Z",
            "2026-11-01T06:00:00Z",
            "after 01:50 EDT comes 01:00 EST",
        ),
        (
            "*/15 * * * *",
            "2026-11-01T06:50:00Z",
            "2026-11-01T07:00:00Z",
            "after 01:50 EST comes 02:00 EST",
        ),
        (
            "30 1 * * *",
            "2026-11-01T05:40:00Z",
            "2026-11-02T06:30:00Z",
            "a job that ran at 01:30 EDT skips 01:30 EST",
        ),
        (
            "30 1 * * *",
            "2026-11-01T06:10:00Z",
            "2026-11-02T06:30:00Z",
            "also when asked from inside the second pass",
        ),
    ];
    for (text, after, expected, why) in cases {
        let expr = CronExpr::parse(text).unwrap();
        assert_eq!(
            next_after(&expr, ny, utc(after)),
            Some(utc(expected)),
            "`{text}`: {why}"
        );
    }
}

#[test]
fn from_just_before_the_gap_the_shifted_fire_is_next_and_only_once() {
    let ny = zone("America/New_York");
    let expr = CronExpr::parse("30 2 * * *").unwrap();
    let before = utc("2026-03-08T06:59:59Z"); // 01:59:59 EST
    let fires = upcoming(&expr, ny, before, 2);
    assert_eq!(
        fires[0].at,
        utc("2026-03-08T07:00:00Z"),
        "the shifted fire comes first"
    );
    assert_eq!(
        fires[1].at,
        utc("2026-03-09T06:30:00Z"),
        "then 02:30 EDT the next day"
    );
    assert_eq!(fires[1].dst, None, "the next day is ordinary");
}
