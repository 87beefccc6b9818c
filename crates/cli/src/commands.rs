//! One function per command: parse what is left, call the App, print.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use clap::ArgMatches;
use pilothouse_app::core::{AppEvent, FieldError, LogFilter, LogType, NewLogEntry, Severity};
use pilothouse_app::{App, AppError};
use tokio::sync::broadcast::error::RecvError;

use crate::args::{Command, Format, LogsArgs};
use crate::print::{Printer, print_status};
use crate::text::Safe;

/// `matches` are clap's parsed arguments, for a command that needs more than the derived
/// values (the order of `indicators`' flags).
pub async fn run(app: &App, command: Command, matches: &ArgMatches) -> anyhow::Result<()> {
    match command {
        Command::Run => daemon(app).await,
        Command::PauseAll { reason } => {
            let state = app.pause_all(&reason).await?;
            println!(
                "ALL TRADING PAUSED: {}",
                Safe(&state.reason.unwrap_or_default())
            );
            Ok(())
        }
        Command::ResumeAll => {
            app.resume_all().await?;
            println!("Trading resumed.");
            Ok(())
        }
        Command::Status { json } => print_status(&app.status().await?, json),
        Command::Logs(args) => logs(app, args).await,
        Command::Cron(command) => crate::cron::run(app, command),
        Command::Schedules(command) => crate::schedules::run(app, command).await,
        Command::WebhookKey(command) => crate::webhook_key::run(app, command).await,
        Command::Accounts(command) => crate::accounts::run(app, command).await,
        Command::Keys(command) => crate::keys::run(app, command).await,
        Command::Market(command) => crate::market::run(app, command).await,
        Command::Orders(command) => crate::orders::run(app, command).await,
        Command::Backtest(args) => crate::backtest::backtest(app, *args).await,
        Command::Backtests(command) => crate::backtest::runs(app, command).await,
        Command::Indicators(args) => {
            let matches = matches.subcommand_matches("indicators").unwrap_or(matches);
            crate::indicators::indicators(&args, matches)
        }
    }
}

/// Runs until Ctrl-C: the scheduler fires schedules here (beside or instead of the desktop
/// app; claims keep each fire to one process), and events are printed.
async fn daemon(app: &App) -> anyhow::Result<()> {
    let mut events = app.subscribe();
    let started = NewLogEntry::new(
        LogType::System,
        Severity::Info,
        "cli",
        "daemon_started",
        "Headless daemon started",
    );
    app.log(started).await?;
    app.start_scheduler().await?;
    if app.is_paused() {
        eprintln!(
            "Note: ALL TRADING IS PAUSED ({}). Resume with `pilothouse resume-all`.",
            Safe(&app.pause_state().reason.unwrap_or_default())
        );
    }
    eprintln!(
        "Pilothouse running on {}. Ctrl-C to stop.",
        app.data_dir().display()
    );
    let printer = Printer::new(Format::Text);
    loop {
        tokio::select! {
            signal = tokio::signal::ctrl_c() => {
                signal.context("could not listen for Ctrl-C")?;
                break;
            }
            event = events.recv() => match event {
                Ok(AppEvent::LogsAppended { entries }) => entries.iter().try_for_each(|e| printer.entry(e))?,
                Ok(AppEvent::PauseChanged { state }) => eprintln!(
                    "{}", if state.paused { "ALL TRADING PAUSED" } else { "Trading resumed" }
                ),
                Ok(AppEvent::RunChanged { run }) if !run.status.is_active() => eprintln!(
                    "run {} of '{}' (attempt {}): {}{}",
                    run.id, Safe(&run.schedule_name), run.attempt, run.status,
                    run.error.map(|e| format!(": {}", Safe(&e))).unwrap_or_default()
                ),
                Ok(AppEvent::ScheduleAlert { schedule_name, failures, .. }) => eprintln!(
                    "ALERT: schedule '{}' failed {failures} times in a row", Safe(&schedule_name)
                ),
                Ok(_) => {}
                Err(RecvError::Lagged(n)) => eprintln!("(skipped {n} events: output too slow)"),
                Err(RecvError::Closed) => break,
            },
        }
    }
    let stopped = NewLogEntry::new(
        LogType::System,
        Severity::Info,
        "cli",
        "daemon_stopped",
        "Headless daemon stopped",
    );
    app.log(stopped).await?;
    Ok(())
}

async fn logs(app: &App, args: LogsArgs) -> anyhow::Result<()> {
    let filter = LogFilter {
        types: args.types,
        severities: args.severities,
        source: args.source,
        bot_id: args.bot,
        text: args.search,
        since: args
            .since
            .as_deref()
            .map(|s| parse_since(s, app.now()))
            .transpose()?,
        until: None,
    };
    // Subscribe before reading so nothing written in between is missed.
    let mut events = app.subscribe();
    let page = app.logs_page(&filter, None, args.limit).await?;
    let printer = Printer::new(args.format);
    printer.start()?;
    let mut last = 0;
    for entry in page.entries.iter().rev() {
        printer.entry(entry)?;
        last = entry.id;
    }
    if !args.follow {
        return printer.finish();
    }
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            event = events.recv() => match event {
                Ok(AppEvent::LogsAppended { entries }) => {
                    let seen = last;
                    for entry in entries.iter().filter(|e| e.id > seen) {
                        if filter.matches(entry) {
                            printer.entry(entry)?;
                        }
                        last = entry.id;
                    }
                }
                Ok(_) => {}
                Err(RecvError::Lagged(n)) => eprintln!("(skipped {n} events: output too slow)"),
                Err(RecvError::Closed) => break,
            },
        }
    }
    printer.finish()
}

/// An RFC 3339 instant, or a span back from `now` such as `90m`, `2h`, `7d`.
fn parse_since(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, AppError> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    let refuse = || {
        FieldError::new(
            "since",
            format!("`{text}` is neither an RFC 3339 time nor a span like 90m, 2h, 7d"),
        )
    };
    let Some((number, unit)) = text.char_indices().last().map(|(i, _)| text.split_at(i)) else {
        return Err(refuse().into());
    };
    let n: i64 = number.parse().map_err(|_| refuse())?;
    if n < 0 {
        return Err(FieldError::new(
            "since",
            format!("`{text}` is negative: give a span back from now, like 2h"),
        )
        .into());
    }
    let span = match unit {
        "s" => Duration::try_seconds(n),
        "m" => Duration::try_minutes(n),
        "h" => Duration::try_hours(n),
        "d" => Duration::try_days(n),
        _ => return Err(refuse().into()),
    };
    span.and_then(|span| now.checked_sub_signed(span))
        .ok_or_else(|| {
            FieldError::new(
                "since",
                format!("`{text}` reaches back before any date this can show"),
            )
            .into()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn since_refuses_negative_and_overflowing_spans_by_name_instead_of_panicking() {
        let now = Utc
            .with_ymd_and_hms(2026, 11, 24, 12, 0, 0)
            .single()
            .unwrap();
        assert_eq!(parse_since("2h", now).unwrap(), now - Duration::hours(2));
        assert_eq!(parse_since("7d", now).unwrap(), now - Duration::days(7));
        assert_eq!(
            parse_since("2026-11-24T10:00:00+01:00", now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
                .single()
                .unwrap()
        );
        for bad in [
            "yesterday",
            "5w",
            "",
            "h",
            "-5h",
            "9999999999h",
            "99999999999999d",
            "5é",
        ] {
            let Err(AppError::Invalid(e)) = parse_since(bad, now) else {
                panic!("`{bad}` must be refused as invalid input");
            };
            assert_eq!(e.field, "since");
        }
    }
}
