//! How long computing a fire instant takes: the scheduler computes one per schedule on start
//! (the target is 10,000 schedules in ≤ 200 ms) and one after every run.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a bench that cannot parse its input is broken

use std::hint::black_box;

use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use pilothouse_core::cron::{CronExpr, ZoneName, next_after};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 4, 10, 17, 23)
        .single()
        .unwrap()
}

fn next_after_one(c: &mut Criterion) {
    let cases = [
        ("*/5 * * * *", "UTC"),
        ("0 9 * * MON-FRI", "America/New_York"),
        ("*/10 30 9-17 * * MON-FRI", "Europe/London"),
    ];
    let mut group = c.benchmark_group("next_after");
    for (text, zone) in cases {
        let expr = CronExpr::parse(text).unwrap();
        let zone = ZoneName::parse(zone).unwrap();
        group.bench_function(format!("{text} {zone}"), |b| {
            b.iter(|| next_after(black_box(&expr), zone, black_box(start())));
        });
    }
    group.finish();
}

/// 10,000 schedules as a busy install might hold them: mixed expressions and zones.
fn next_after_ten_thousand(c: &mut Criterion) {
    let texts = [
        "*/5 * * * *",
        "*/15 * * * *",
        "0 9 * * MON-FRI",
        "30 16 * * 1-5",
        "0 */4 * * *",
        "0 0 1 * *",
        "15 8,12,18 * * *",
        "0 30 2 * * *",
    ];
    let zones = [
        "UTC",
        "America/New_York",
        "Europe/London",
        "Australia/Sydney",
        "Asia/Kolkata",
    ];
    let schedules: Vec<(CronExpr, ZoneName)> = (0..10_000)
        .map(|i| {
            (
                CronExpr::parse(texts[i % texts.len()]).unwrap(),
                ZoneName::parse(zones[i % zones.len()]).unwrap(),
            )
        })
        .collect();
    c.bench_function("next_after 10,000 schedules", |b| {
        b.iter(|| {
            schedules
                .iter()
                .filter_map(|(expr, zone)| next_after(expr, *zone, black_box(start())))
                .count()
        });
    });
}

criterion_group!(benches, next_after_one, next_after_ten_thousand);
criterion_main!(benches);
