//! How `pilothouse schedules` shows schedules and runs to a person: aligned tables, one line per
//! schedule or run, and a short report of one run's outcome. Scripts use `--json` instead.
//!
//! Times: a schedule's next run (and a one-time job's instant) is shown in the schedule's own
//! zone, with that day's offset, because that is the zone its timing is written in; runs are
//! shown in UTC (`…Z`), whatever their schedule's zone, so history from many zones sorts and
//! compares at a glance. Both are RFC 3339.

use std::io::{Write, stdout};

use chrono::{DateTime, SecondsFormat, Utc};
use pilothouse_app::core::FireTime;

use crate::text::{Safe, safe};
use pilothouse_app::core::schedule::{
    RunPage, RunStatus, Schedule, ScheduleRun, ScheduleSummary, Timing,
};

/// The schedule table of `schedules list`.
pub fn schedules(summaries: &[ScheduleSummary]) -> anyhow::Result<()> {
    if summaries.is_empty() {
        println!("No schedules. Create one with `pilothouse schedules add`.");
        return Ok(());
    }
    let mut table = Table::new([
        "ID", "NAME", "KIND", "TIMING", "ZONE", "ENABLED", "NEXT RUN", "LAST", "FAILS",
    ]);
    for s in summaries {
        let spec = &s.schedule.spec;
        table.row([
            s.schedule.id.to_string(),
            spec.name.clone(),
            spec.kind.to_string(),
            timing(&s.schedule),
            spec.time_zone.to_string(),
            yes_no(spec.enabled).to_owned(),
            next_run(s.next_fire.as_ref()),
            s.last_run
                .as_ref()
                .map_or_else(|| "-".to_owned(), |run| run.status.to_string()),
            s.failure_streak.to_string(),
        ]);
    }
    table.print()
}

/// A schedule just created or changed, with its next run.
pub fn schedule(verb: &str, summary: &ScheduleSummary) -> anyhow::Result<()> {
    let schedule = &summary.schedule;
    let next = summary.next_fire.as_ref();
    let spec = &schedule.spec;
    let mut out = stdout().lock();
    writeln!(
        out,
        "{verb} schedule {} '{}'",
        schedule.id,
        Safe(&spec.name)
    )?;
    writeln!(out, "  kind:     {}", spec.kind)?;
    writeln!(out, "  timing:   {} ({})", timing(schedule), spec.time_zone)?;
    writeln!(out, "  enabled:  {}", yes_no(spec.enabled))?;
    writeln!(out, "  next run: {}", next_run(next))?;
    Ok(())
}

/// A page of `schedules history`, newest first, and how to get the next one.
pub fn history(page: &RunPage) -> anyhow::Result<()> {
    if page.runs.is_empty() {
        println!("No runs.");
        return Ok(());
    }
    let mut table = Table::new([
        "ID",
        "SCHEDULE",
        "SCHEDULED FOR",
        "TRIGGER",
        "ATTEMPT",
        "STATUS",
        "DURATION",
        "ERROR",
    ]);
    for run in &page.runs {
        table.row([
            run.id.to_string(),
            run.schedule_name.clone(),
            utc(run.scheduled_for),
            run.trigger.as_str().to_owned(),
            run.attempt.to_string(),
            run.status.to_string(),
            duration(run.duration_ms),
            problem(run),
        ]);
    }
    table.print()?;
    if let Some(before) = page.next_before {
        println!("more: --before {before}");
    }
    Ok(())
}

/// The dead-letter list.
pub fn dead_letters(runs: &[ScheduleRun]) -> anyhow::Result<()> {
    if runs.is_empty() {
        println!(
            "No dead letters: every run has succeeded, is still being retried, or was settled."
        );
        return Ok(());
    }
    let mut table = Table::new([
        "ID",
        "SCHEDULE",
        "SCHEDULED FOR",
        "ATTEMPTS",
        "FAILED AT",
        "ERROR",
    ]);
    for run in runs {
        table.row([
            run.id.to_string(),
            run.schedule_name.clone(),
            utc(run.scheduled_for),
            run.attempt.to_string(),
            run.finished_at.map_or_else(|| "-".to_owned(), utc),
            one_line(run.error.as_deref().unwrap_or_default()),
        ]);
    }
    table.print()?;
    eprintln!(
        "Run one again with `pilothouse schedules retry ID`, or take it off the list with \
         `pilothouse schedules dismiss ID`."
    );
    Ok(())
}

/// How one run stands or ended, with what happens next.
pub fn outcome(run: &ScheduleRun) -> anyhow::Result<()> {
    let mut out = stdout().lock();
    write!(
        out,
        "Run {} of '{}' ({}, attempt {}): {}",
        run.id,
        Safe(&run.schedule_name),
        run.trigger.as_str(),
        run.attempt,
        run.status
    )?;
    if let Some(ms) = run.duration_ms {
        write!(out, " after {}", duration(Some(ms)))?;
    }
    writeln!(out)?;
    if let Some(result) = &run.result {
        writeln!(out, "  result: {result}")?;
    }
    if let Some(error) = &run.error {
        writeln!(out, "  error:  {}", Safe(&one_line(error)))?;
    }
    match run.status {
        RunStatus::Failed | RunStatus::TimedOut => writeln!(
            out,
            "  next:   attempt {} is due at {}; the desktop app or `pilothouse run` makes it",
            run.attempt + 1,
            run.retry_at.map_or_else(|| "-".to_owned(), utc)
        )?,
        RunStatus::Dead => writeln!(
            out,
            "  next:   none; every attempt failed and the run is on the dead-letter list \
             (`pilothouse schedules retry {}` runs it again)",
            run.id
        )?,
        RunStatus::Queued => writeln!(
            out,
            "  next:   starts when the run of this schedule going on (in another process) ends"
        )?,
        _ => {}
    }
    Ok(())
}

/// `cron EXPR` or `once at INSTANT` (in the schedule's zone).
fn timing(schedule: &Schedule) -> String {
    match &schedule.spec.timing {
        Timing::Cron { expr } => format!("cron {}", expr.as_str()),
        Timing::Once { at } => format!(
            "once at {}",
            at.with_timezone(&schedule.spec.time_zone.tz())
                .to_rfc3339_opts(SecondsFormat::Secs, false)
        ),
    }
}

fn next_run(next: Option<&FireTime>) -> String {
    next.map_or_else(|| "-".to_owned(), |fire| fire.local.clone())
}

/// A run's error, and for a failure still being retried, when the next attempt is due.
fn problem(run: &ScheduleRun) -> String {
    let error = one_line(run.error.as_deref().unwrap_or_default());
    match (run.status, run.retry_at) {
        (RunStatus::Failed | RunStatus::TimedOut, Some(at)) => {
            format!("{error} (retry at {})", utc(at))
        }
        _ => error,
    }
}

/// An instant in UTC, RFC 3339 to the second.
pub fn utc(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn duration(ms: Option<i64>) -> String {
    match ms {
        None => "-".to_owned(),
        Some(ms) if ms < 1_000 => format!("{ms} ms"),
        Some(ms) => format!("{}.{} s", ms / 1_000, (ms % 1_000) / 100),
    }
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

/// Keeps a table row on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Columns padded to their widest cell, two spaces apart; the last column is not padded.
struct Table<const N: usize> {
    header: [&'static str; N],
    rows: Vec<[String; N]>,
}

impl<const N: usize> Table<N> {
    fn new(header: [&'static str; N]) -> Self {
        Self {
            header,
            rows: Vec::new(),
        }
    }

    /// Adds a row; stored text in it is escaped (see [`crate::text`]).
    fn row(&mut self, cells: [String; N]) {
        self.rows.push(cells.map(|cell| safe(&cell).into_owned()));
    }

    fn print(&self) -> anyhow::Result<()> {
        let mut widths = self.header.map(|h| h.chars().count());
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let mut out = stdout().lock();
        let header = self.header.map(str::to_owned);
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::new();
            for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
                if i + 1 == N {
                    line.push_str(cell);
                } else {
                    let pad = width - cell.chars().count();
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(' ', pad + 2));
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_the_unit_that_fits() {
        assert_eq!(duration(None), "-");
        assert_eq!(duration(Some(35)), "35 ms");
        assert_eq!(duration(Some(1_250)), "1.2 s");
        assert_eq!(duration(Some(270_000)), "270.0 s");
    }

    #[test]
    fn an_error_over_several_lines_stays_on_its_row() {
        assert_eq!(one_line("HTTP 503\n  try later "), "HTTP 503 try later");
    }
}
