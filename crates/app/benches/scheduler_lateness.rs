//! Firing lateness on the live clock: how long after its scheduled instant each fire is
//! claimed and started, with the real runner (tokio-cron-scheduler one-shots armed at the
//! instants core computed, plus the wall-clock re-check).
//!
//! 20 schedules fire every second for 60 seconds: 1,200 fires, 20 of them due at the same
//! instant each second, so the figure includes claiming a burst one transaction at a time.
//! Lateness is `started_at − scheduled_for` as the history records it. tokio-cron-scheduler
//! checks its one-shots every 500 ms, which bounds how late a wake-up can be; the figures
//! printed say what was measured on this machine (recorded in BENCHMARKS.md).
//!
//! Not a criterion bench (it is one long real-time run): `cargo bench -p pilothouse-app
//! --bench scheduler_lateness`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches: a failed unwrap is a failed run

use std::sync::Arc;
use std::time::Duration;

use pilothouse_app::core::LiveClock;
use pilothouse_app::core::schedule::{JobKind, RunFilter, ScheduleInput};
use pilothouse_app::scheduler::JobRegistry;
use pilothouse_app::secrets::MemoryVault;
use pilothouse_app::{App, AppConfig};
use pilothouse_testkit::jobs::ScriptedJob;

const SCHEDULES: usize = 20;
const SECONDS: u64 = 60;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let app = App::open(AppConfig {
        data_dir: dir.path().to_path_buf(),
        clock: Arc::new(LiveClock),
        shell: "bench",
        jobs: JobRegistry::empty().with(JobKind::SyncPatterns, ScriptedJob::new()),
        secrets: Arc::new(MemoryVault::default()),
    })
    .await?;
    for i in 0..SCHEDULES {
        let input = ScheduleInput::cron(
            &format!("every second {i}"),
            JobKind::SyncPatterns,
            "* * * * * *",
            "UTC",
        );
        app.schedule_create(&input).await?;
    }
    app.start_scheduler().await?;
    eprintln!("running {SCHEDULES} schedules every second for {SECONDS} s…");
    tokio::time::sleep(Duration::from_secs(SECONDS)).await;
    app.shutdown().await;

    let app = App::open(AppConfig::live(dir.path().to_path_buf(), "bench")).await?;
    let mut lateness_ms = Vec::new();
    let mut before = None;
    loop {
        let page = app
            .schedule_runs(&RunFilter {
                before,
                limit: 500,
                ..RunFilter::default()
            })
            .await?;
        for run in &page.runs {
            if let Some(started) = run.started_at {
                lateness_ms.push(
                    (started - run.scheduled_for)
                        .num_microseconds()
                        .unwrap_or(0) as f64
                        / 1000.0,
                );
            }
        }
        match page.next_before {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    app.shutdown().await;
    lateness_ms.sort_by(f64::total_cmp);
    let pick = |q: f64| lateness_ms[((lateness_ms.len() - 1) as f64 * q).round() as usize];
    println!(
        "fires: {}  lateness p50 {:.1} ms  p99 {:.1} ms  max {:.1} ms  min {:.1} ms",
        lateness_ms.len(),
        pick(0.5),
        pick(0.99),
        pick(1.0),
        pick(0.0)
    );
    Ok(())
}
