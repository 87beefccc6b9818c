use chrono::{Datelike, TimeZone, Utc, Weekday};

use super::*;
use crate::cron::{ZoneName, upcoming};

fn refused(text: &str) -> String {
    let error = CronExpr::parse(text).expect_err("the expression must be refused");
    assert_eq!(
        error.field, "cron",
        "errors name the cron field for `{text}`"
    );
    error.problem
}

#[test]
fn standard_five_and_six_field_expressions_are_accepted() {
    for text in [
        "* * * * *",
        "*/5 * * * *",
        "0 9 * * MON-FRI",
        "0 9 * * mon-fri",
        "15 8,12,18 * JAN,jul *",
        "0-30/10 8-18/2 1-15 1-6 0-6",
        "0 0 * * 7",
        "0 0 * * FRI-SUN",
        "30 0 9 * * *",
        "*/10 * * * * *",
        "  0 9 * * 1  ",
    ] {
        assert!(CronExpr::parse(text).is_ok(), "`{text}` is standard cron");
    }
}

#[test]
fn the_text_is_kept_trimmed_for_display_and_serialized_as_a_string() {
    let expr = CronExpr::parse("  0 9 * * mon-fri ").unwrap();
    assert_eq!(expr.as_str(), "0 9 * * mon-fri", "displayed as written");
    assert_eq!(
        expr.to_string(),
        "0 9 * * mon-fri",
        "Display shows the text"
    );
    let json = serde_json::to_string(&expr).unwrap();
    assert_eq!(json, "\"0 9 * * mon-fri\"", "stored as the plain text");
    let back: CronExpr = serde_json::from_str(&json).unwrap();
    assert_eq!(back, expr, "reads back as the same expression");
    assert!(
        serde_json::from_str::<CronExpr>("\"61 * * * *\"").is_err(),
        "a stored bad expression is refused on reading"
    );
}

#[test]
fn macros_mean_their_vixie_cron_expansions_in_any_letter_case() {
    for (name, fields) in MACROS {
        let expanded = CronExpr::parse(fields).unwrap();
        for written in [name.to_owned(), name.to_ascii_uppercase()] {
            let expr = CronExpr::parse(&written).unwrap();
            assert_eq!(expr.as_str(), written, "the macro is kept as written");
            assert_eq!(
                expr.cron(),
                expanded.cron(),
                "{written} fires exactly when {fields} does"
            );
        }
    }
    assert_eq!(
        CronExpr::parse("@midnight").unwrap().cron(),
        CronExpr::parse("0 0 * * *").unwrap().cron(),
        "@midnight is every day at 00:00"
    );
    assert_eq!(
        CronExpr::parse("@weekly").unwrap().cron(),
        CronExpr::parse("0 0 * * SUN").unwrap().cron(),
        "@weekly is Sunday 00:00"
    );
}

#[test]
fn names_equal_numbers_in_any_letter_case() {
    let pairs = [
        ("0 9 * * MON-FRI", "0 9 * * 1-5"),
        ("0 9 * * Sun", "0 9 * * 0"),
        ("0 9 * * FRI-SUN", "0 9 * * 5-7"),
        ("0 9 * jan-Mar *", "0 9 * 1-3 *"),
    ];
    for (named, numbered) in pairs {
        assert_eq!(
            CronExpr::parse(named).unwrap().cron(),
            CronExpr::parse(numbered).unwrap().cron(),
            "`{named}` means `{numbered}`"
        );
    }
}

#[test]
fn both_day_fields_restricted_fire_on_either_as_in_posix_cron() {
    let expr = CronExpr::parse("0 0 13 * FRI").unwrap();
    let from = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let fires = upcoming(&expr, ZoneName::UTC, from, 8);
    let days: Vec<(u32, Weekday)> = fires.iter().map(|f| (f.at.day(), f.at.weekday())).collect();
    // March 2026: Fridays 6, 13, 20, 27; the 13th is itself a Friday. April: 3, 10, 13 (Mon), 17.
    assert_eq!(
        days,
        vec![
            (6, Weekday::Fri),
            (13, Weekday::Fri),
            (20, Weekday::Fri),
            (27, Weekday::Fri),
            (3, Weekday::Fri),
            (10, Weekday::Fri),
            (13, Weekday::Mon),
            (17, Weekday::Fri),
        ],
        "every Friday and every 13th fire, not only Friday the 13th"
    );
}

#[test]
fn a_lone_star_day_field_leaves_the_other_in_charge() {
    let expr = CronExpr::parse("0 0 * * MON").unwrap();
    let from = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    assert!(
        upcoming(&expr, ZoneName::UTC, from, 10)
            .iter()
            .all(|f| f.at.weekday() == Weekday::Mon),
        "with day-of-month `*`, only Mondays fire"
    );
}

#[test]
fn the_hour_field_alone_decides_whether_a_job_is_fixed_time() {
    for text in [
        "30 2 * * *",
        "*/15 2 * * *",
        "* 1 * * *",
        "30 1,2 * * *",
        "0 1-3 * * *",
        "@daily",
    ] {
        assert!(
            CronExpr::parse(text).unwrap().is_fixed_time(),
            "`{text}` names its hours"
        );
    }
    for text in [
        "*/15 * * * *",
        "0 * * * *",
        "0 */2 * * *",
        "0 1-5/2 * * *",
        "@hourly",
        "0 0-23/1 * * *",
    ] {
        assert!(
            !CronExpr::parse(text).unwrap().is_fixed_time(),
            "`{text}` has `*` or a step in the hour field"
        );
    }
}

/// Each `(text, fragment, why)`: `text` is refused with a message containing `fragment`.
fn assert_refused_saying(cases: &[(&str, &str, &str)]) {
    for (text, fragment, why) in cases {
        let problem = refused(text);
        assert!(
            problem.contains(fragment),
            "{why}: `{text}` gave `{problem}`"
        );
    }
}

#[test]
fn empty_input_and_a_wrong_field_count_are_refused_with_the_count() {
    assert_refused_saying(&[
        ("", "is empty", "an empty expression"),
        ("   ", "is empty", "a blank expression"),
        (
            "* * * *",
            "has 4 fields; expected 5",
            "four fields are too few",
        ),
        (
            "0 0 0 * * * 2026",
            "has 7 fields",
            "a year field is not accepted",
        ),
        ("garbage", "has 1 field;", "one word is one field"),
    ]);
}

#[test]
fn out_of_range_values_name_the_field_and_its_range() {
    let cases = [
        ("61 * * * *", "minute 61 is out of range 0–59"),
        ("* 24 * * *", "hour 24 is out of range 0–23"),
        ("* * 0 * *", "day-of-month 0 is out of range 1–31"),
        ("* * 32 * *", "day-of-month 32 is out of range 1–31"),
        ("* * * 13 *", "month 13 is out of range 1–12"),
        ("* * * * 8", "day-of-week 8 is out of range 0–7"),
        ("60 * * * * *", "second 60 is out of range 0–59"),
        ("* 1-99 * * *", "hour 99 is out of range 0–23"),
    ];
    for (text, problem) in cases {
        assert_eq!(
            refused(text),
            problem,
            "`{text}` names the field and the range"
        );
    }
}

#[test]
fn a_zero_or_oversized_step_is_refused() {
    assert_eq!(
        refused("*/0 * * * *"),
        "minute step `*/0` must be at least 1",
        "a step of 0 would never advance"
    );
    assert_eq!(
        refused("0 */0 * * *"),
        "hour step `*/0` must be at least 1",
        "the hour field is named"
    );
    assert!(
        refused("*/60 * * * *").starts_with("minute step 60"),
        "a step past the field's width selects one value by accident"
    );
    assert!(
        refused("*/x * * * *").contains("`x` is not a number"),
        "a step is a number"
    );
}

#[test]
fn garbage_and_extensions_are_refused_naming_the_field() {
    let cases = [
        ("x * * * *", "`x` in the minute field is not a number"),
        (
            "* * * FOO *",
            "`FOO` is not a month number (1–12) or name (JAN–DEC)",
        ),
        (
            "* * * * MONDAY",
            "`MONDAY` is not a day-of-week number (0–7) or name (SUN–SAT)",
        ),
        (
            "* * * MON *",
            "`MON` is not a month number (1–12) or name (JAN–DEC)",
        ),
        ("* * L * *", "`L` in the day-of-month field is not a number"),
        (
            "* * * * 5#2",
            "`5#2` is not a day-of-week number (0–7) or name (SUN–SAT)",
        ),
        ("* * ? * *", "`?` in the day-of-month field is not a number"),
        (
            "-1 * * * *",
            "minute range `-1` needs a number on both sides of `-`",
        ),
    ];
    for (text, problem) in cases {
        assert_eq!(
            refused(text),
            problem,
            "`{text}` is refused with a clear reason"
        );
    }
    let long = "* ".repeat(200);
    assert_refused_saying(&[
        (
            "5-1 * * * *",
            "runs backwards",
            "reversed ranges are refused",
        ),
        (
            "1,,2 * * * *",
            "empty list item",
            "empty list items are refused",
        ),
        (
            "5/15 * * * *",
            "a step needs `*` or a range",
            "a step after one value is read differently by different crons",
        ),
        (
            "@often",
            "`@often` is not a macro",
            "unknown macros are refused",
        ),
        (&long, "at most 256", "absurd lengths are refused"),
    ]);
}

#[test]
fn a_day_that_no_selected_month_has_is_refused_because_it_never_fires() {
    assert_refused_saying(&[
        ("0 0 31 2 *", "never occurs", "February has no 31st"),
        (
            "0 0 30,31 2 *",
            "never occurs",
            "February has neither a 30th nor a 31st",
        ),
    ]);
    for (text, why) in [
        ("0 0 29 2 *", "February 29th exists in leap years"),
        ("0 0 31 2,3 *", "March has a 31st"),
        (
            "0 0 31 2 MON",
            "with a weekday too, Mondays in February fire",
        ),
    ] {
        assert!(CronExpr::parse(text).is_ok(), "{why}");
    }
}
