//! Start-up with 10,000 schedules: opening the App on a database that holds them and running
//! the first scheduler tick, which loads every schedule and computes its next fire (the
//! issue's target: 200 ms to the first computed next-fire for all). Figures in BENCHMARKS.md.
//!
//! The schedules mix what traders write — every N minutes, weekday mornings in New York,
//! hourly in Sydney, daily in Kolkata — at every minute offset, so 10,000 schedules hold 240
//! distinct expressions (the store parses each distinct one once per load). None is due during
//! the measurement, so the tick measures loading and planning, not running jobs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches: a failed unwrap is a failed run

use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use pilothouse_app::core::LiveClock;
use pilothouse_app::core::schedule::{JobKind, ScheduleInput};
use pilothouse_app::scheduler::JobRegistry;
use pilothouse_app::secrets::MemoryVault;
use pilothouse_app::{App, AppConfig};
use pilothouse_testkit::jobs::ScriptedJob;

const SCHEDULES: usize = 10_000;

/// Expression shapes (`{m}` is the minute offset) and their zones.
const SHAPES: &[(&str, &str)] = &[
    ("{m}-59/5 * * * *", "UTC"),
    ("{m} 9 * * MON-FRI", "America/New_York"),
    ("{m} * * * *", "Australia/Sydney"),
    ("{m} 6 * * *", "Asia/Kolkata"),
];

fn config(dir: &std::path::Path) -> AppConfig {
    AppConfig {
        data_dir: dir.to_path_buf(),
        clock: Arc::new(LiveClock),
        shell: "bench",
        jobs: JobRegistry::empty().with(JobKind::SyncPatterns, ScriptedJob::new()),
        secrets: Arc::new(MemoryVault::default()),
    }
}

fn startup(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    rt.block_on(async {
        let app = App::open(config(dir.path())).await.unwrap();
        for i in 0..SCHEDULES {
            let (shape, zone) = SHAPES[i % SHAPES.len()];
            let minute = (i / SHAPES.len()) % 60;
            let cron = shape.replace("{m}", &minute.to_string());
            let name = format!("schedule {i:05}");
            let input = ScheduleInput::cron(&name, JobKind::SyncPatterns, &cron, zone);
            app.schedule_create(&input).await.unwrap();
        }
        app.shutdown().await;
    });

    let mut group = c.benchmark_group("scheduler");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("startup_10k_schedules", |b| {
        b.to_async(&rt).iter(|| async {
            let app = App::open(config(dir.path())).await.unwrap();
            let next = app.scheduler_tick().await.unwrap();
            assert!(next.is_some(), "every schedule has a next fire");
            app.shutdown().await;
        });
    });
    // The part of the above that is opening and closing the App itself, for comparison.
    group.bench_function("open_and_shutdown_only", |b| {
        b.to_async(&rt).iter(|| async {
            let app = App::open(config(dir.path())).await.unwrap();
            app.shutdown().await;
        });
    });
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
