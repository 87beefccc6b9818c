//! Properties of next-fire computation over generated expressions, zones and start instants,
//! checked against a brute-force reading of the DST policy minute by minute.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;

use super::*;

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

#[test]
fn the_next_fire_is_strictly_after_the_given_instant() {
    let expr = CronExpr::parse("0 9 * * *").unwrap();
    let at_nine = utc("2026-03-04T09:00:00Z");
    assert_eq!(
        next_after(&expr, ZoneName::UTC, at_nine),
        Some(utc("2026-03-05T09:00:00Z")),
        "a fire exactly at `after` is not next: it is the one that just ran"
    );
    assert_eq!(
        next_after(&expr, ZoneName::UTC, at_nine - TimeDelta::milliseconds(1)),
        Some(at_nine),
        "a millisecond before, it is next"
    );
    assert_eq!(
        next_after(&expr, ZoneName::UTC, at_nine + TimeDelta::milliseconds(1)),
        Some(utc("2026-03-05T09:00:00Z")),
        "a millisecond after, it is behind"
    );
}

#[test]
fn a_leading_seconds_field_fires_on_seconds() {
    let expr = CronExpr::parse("*/10 * * * * *").unwrap();
    let fires = upcoming(&expr, ZoneName::UTC, utc("2026-03-04T09:00:05Z"), 3);
    let at: Vec<_> = fires.iter().map(|f| f.at).collect();
    assert_eq!(
        at,
        [
            utc("2026-03-04T09:00:10Z"),
            utc("2026-03-04T09:00:20Z"),
            utc("2026-03-04T09:00:30Z")
        ],
        "every 10 seconds, on the tens"
    );
}

#[test]
fn a_fire_time_carries_the_zone_offset_and_serializes_for_the_ui() {
    let expr = CronExpr::parse("0 9 * * MON-FRI").unwrap();
    let zone = ZoneName::parse("America/New_York").unwrap();
    let fire = upcoming(&expr, zone, utc("2026-03-04T00:00:00Z"), 1).remove(0);
    assert_eq!(
        fire.local, "2026-03-04T09:00:00-05:00",
        "local time with EST's offset"
    );
    let json = serde_json::to_value(&fire).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"at": "2026-03-04T14:00:00Z", "local": "2026-03-04T09:00:00-05:00", "dst": null}),
        "the UI reads the instant, the local time and the DST note"
    );
    let note = serde_json::to_value(DstNote::ShiftedFromGap).unwrap();
    assert_eq!(note, "shifted_from_gap", "DST notes are snake_case strings");
}

/// Zones with their 2026 transitions (UTC), so generated starts land near them.
const ZONES: [(&str, [&str; 2]); 7] = [
    ("UTC", ["2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z"]),
    (
        "America/New_York",
        ["2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z"],
    ),
    (
        "Europe/London",
        ["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z"],
    ),
    (
        "Australia/Sydney",
        ["2026-04-04T16:00:00Z", "2026-10-03T16:00:00Z"],
    ),
    (
        "Asia/Kolkata",
        ["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z"],
    ),
    // Half-hour DST, and a half-hour offset.
    (
        "Australia/Lord_Howe",
        ["2026-04-04T15:00:00Z", "2026-10-03T15:30:00Z"],
    ),
    (
        "America/St_Johns",
        ["2026-03-08T05:30:00Z", "2026-11-01T04:30:00Z"],
    ),
];

fn minute_field() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_owned()),
        (1u8..=30).prop_map(|n| format!("*/{n}")),
        (0u8..60).prop_map(|a| a.to_string()),
        (0u8..60, 0u8..60).prop_map(|(a, b)| format!("{a},{b}")),
        (0u8..30, 30u8..60, 1u8..=20).prop_map(|(a, b, n)| format!("{a}-{b}/{n}")),
    ]
}

fn hour_field() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_owned()),
        (1u8..=12).prop_map(|n| format!("*/{n}")),
        (0u8..24).prop_map(|a| a.to_string()),
        (0u8..4).prop_map(|a| a.to_string()), // the hours DST transitions touch
        (0u8..24, 0u8..24).prop_map(|(a, b)| format!("{a},{b}")),
        (0u8..4, 1u8..4).prop_map(|(a, len)| format!("{a}-{}", a + len)),
    ]
}

fn day_fields() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("* * *".to_owned()),
        (1u8..=28).prop_map(|d| format!("{d} * *")),
        (0u8..7, 0u8..7).prop_map(|(a, b)| format!("* * {}-{}", a.min(b), a.max(b))),
        ((1u8..=28), (0u8..7)).prop_map(|(d, w)| format!("{d} * {w}")),
        (1u8..=12).prop_map(|m| format!("* {m} *")),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    (minute_field(), hour_field(), day_fields()).prop_map(|(m, h, d)| format!("{m} {h} {d}"))
}

fn zone_and_start() -> impl Strategy<Value = (ZoneName, DateTime<Utc>)> {
    (
        0..ZONES.len(),
        0usize..2,
        -3 * 3600i64..3 * 3600,
        0i64..6 * 365 * 86_400,
        any::<bool>(),
    )
        .prop_map(|(zone, transition, near, anywhere, close)| {
            let (name, transitions) = ZONES[zone];
            let start = if close {
                utc(transitions[transition]) + TimeDelta::seconds(near)
            } else {
                utc("2024-01-01T00:00:00Z") + TimeDelta::seconds(anywhere)
            };
            (ZoneName::parse(name).unwrap(), start)
        })
}

/// What the policy says fires in `(after, until]`, found by trying every whole minute.
fn brute_force(
    expr: &CronExpr,
    tz: Tz,
    after: DateTime<Utc>,
    until: DateTime<Utc>,
) -> BTreeSet<DateTime<Utc>> {
    let matches = |w: NaiveDateTime| expr.cron().is_time_matching(&w).unwrap();
    let mut fires = BTreeSet::new();
    if expr.is_fixed_time() {
        // Every matching wall minute, resolved: the only instant, the first of two, or the
        // first existing minute after a gap.
        let mut wall = (after - TimeDelta::days(1))
            .naive_utc()
            .with_second(0)
            .unwrap()
            .with_nanosecond(0)
            .unwrap();
        let wall_end = (until + TimeDelta::days(1)).naive_utc();
        while wall <= wall_end {
            if matches(wall) {
                let mut resolved = wall;
                let at = loop {
                    if let Some(at) = tz.from_local_datetime(&resolved).earliest() {
                        break at.with_timezone(&Utc);
                    }
                    resolved += TimeDelta::minutes(1);
                };
                if at > after && at <= until {
                    fires.insert(at);
                }
            }
            wall += TimeDelta::minutes(1);
        }
    } else {
        let mut at = after.with_second(0).unwrap().with_nanosecond(0).unwrap();
        while at <= until {
            if at > after && matches(at.with_timezone(&tz).naive_local()) {
                fires.insert(at);
            }
            at += TimeDelta::minutes(1);
        }
    }
    fires
}

fn twenty_fires(text: &str, zone: ZoneName, after: DateTime<Utc>) -> (CronExpr, Vec<FireTime>) {
    let expr = CronExpr::parse(text).unwrap();
    let fires = upcoming(&expr, zone, after, 20);
    assert_eq!(fires.len(), 20, "`{text}` keeps firing");
    (expr, fires)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fires_increase_strictly_match_the_expression_and_agree_with_next_after(
        text in expression(),
        (zone, after) in zone_and_start(),
    ) {
        let (expr, fires) = twenty_fires(&text, zone, after);
        prop_assert_eq!(next_after(&expr, zone, after), Some(fires[0].at), "next_after is the first upcoming");
        prop_assert!(fires[0].at > after, "the first fire is strictly after the start");
        for pair in fires.windows(2) {
            prop_assert!(pair[0].at < pair[1].at, "fires strictly increase, so none repeats: {:?}", pair);
        }
        for fire in &fires {
            let local = fire.at.with_timezone(&zone.tz()).naive_local();
            if fire.dst == Some(DstNote::ShiftedFromGap) {
                let before = (fire.at - TimeDelta::seconds(1)).with_timezone(&zone.tz()).naive_local();
                prop_assert!(local - before > TimeDelta::seconds(1), "a shifted fire sits right after a gap: {:?}", fire);
            } else {
                prop_assert!(expr.cron().is_time_matching(&local).unwrap(), "{} matches `{}` locally", fire.local, text);
            }
        }
    }

    #[test]
    fn no_fire_the_policy_calls_for_is_missed_or_added(
        text in expression(),
        (zone, after) in zone_and_start(),
    ) {
        let (expr, fires) = twenty_fires(&text, zone, after);
        // Brute force spans two days at most; the fires listed cover it when the last is past it.
        let until = fires.last().unwrap().at.min(after + TimeDelta::days(2));
        let found: BTreeSet<_> = fires.iter().map(|f| f.at).filter(|at| *at <= until).collect();
        prop_assert_eq!(found, brute_force(&expr, zone.tz(), after, until), "`{}` in {} from {}", text, zone, after);
    }
}
