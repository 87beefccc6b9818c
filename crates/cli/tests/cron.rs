//! `pilothouse cron next` as a trader checks a schedule from a terminal: the real binary, its
//! output lines and its exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::process::{Command, Output};

fn pilothouse(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_pilothouse"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(args)
        .env("PILOTHOUSE_LOG", "warn")
        .output()
        .expect("the pilothouse binary runs")
}

fn lines(out: &Output) -> Vec<String> {
    assert!(
        out.status.success(),
        "cron next succeeds: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn cron_next_prints_one_local_instant_per_line_across_spring_forward() {
    let out = pilothouse(&[
        "cron",
        "next",
        "30 2 * * *",
        "--tz",
        "America/New_York",
        "--from",
        "2026-03-07T00:00:00Z",
        "--count",
        "3",
    ]);
    assert_eq!(
        lines(&out),
        [
            "2026-03-07T02:30:00-05:00",
            // 02:30 does not exist on 8 March: the job runs once when the clock resumes.
            "2026-03-08T03:00:00-04:00",
            "2026-03-09T02:30:00-04:00",
        ],
        "each fire in New York time with that day's offset"
    );
}

#[test]
fn cron_next_lists_ten_by_default_and_accepts_macros() {
    let out = pilothouse(&[
        "cron",
        "next",
        "@hourly",
        "--tz",
        "UTC",
        "--from",
        "2026-03-07T10:15:00+01:00",
    ]);
    let fires = lines(&out);
    assert_eq!(
        fires.len(),
        10,
        "ten fire times unless --count says otherwise"
    );
    assert_eq!(
        fires[0], "2026-03-07T10:00:00+00:00",
        "the first hour after 09:15 UTC"
    );
}

#[test]
fn bad_input_exits_2_naming_the_field() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["cron", "next", "61 * * * *", "--tz", "UTC"],
            "error: cron: minute 61 is out of range 0–59",
        ),
        (
            &["cron", "next", "* * * *", "--tz", "UTC"],
            "error: cron: has 4 fields",
        ),
        (
            &["cron", "next", "* * * * *", "--tz", "Mars/Olympus"],
            "error: time_zone: `Mars/Olympus` is not an IANA time zone",
        ),
        (
            &["cron", "next", "* * * * *", "--tz", "UTC", "--count", "0"],
            "error: count: must be between 1 and 100",
        ),
    ];
    for (args, message) in cases {
        let out = pilothouse(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?} is refused input, exit 2: {stderr}"
        );
        assert!(
            stderr.starts_with(message),
            "{args:?} explains itself: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?} prints no fire times");
    }
    let out = pilothouse(&[
        "cron",
        "next",
        "* * * * *",
        "--tz",
        "UTC",
        "--from",
        "yesterday",
    ]);
    assert_eq!(out.status.code(), Some(2), "a bad --from is refused input");
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("error: from: `yesterday` is not an RFC 3339 time"),
        "the message names --from"
    );
}
