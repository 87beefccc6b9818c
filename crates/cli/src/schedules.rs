//! `pilothouse schedules`: everything the Schedules screen does, from a terminal or a script —
//! create, change, pause and remove schedules, run one now, read the history and settle dead
//! letters. Each command resolves the schedule it names, calls the App and prints; every rule
//! (what a valid schedule is, when it fires, how a run is retried) lives in core and the App.
//!
//! - `input`: flags → `ScheduleInput`, and refusals renamed after the flag typed;
//! - `values`: the words `--kind`, `--status`, `--missed` and `--overlap` take;
//! - `print`: the tables and the run report.

mod input;
mod print;
mod values;

use anyhow::bail;
use clap::Subcommand;
use pilothouse_app::core::FieldError;
use pilothouse_app::core::schedule::{
    DeadLetterAction, MAX_RUN_PAGE, RunFilter, RunStatus, ScheduleRun, ScheduleSummary,
};
use pilothouse_app::{App, AppError};

use self::input::{ScheduleFlags, edited_input, name_the_flag, new_input};
use self::values::{KindArg, StatusArg};

const ADD_EXAMPLES: &str = "\
Examples:
  # POST to your receiver at 09:00 New York time on weekdays (DST follows the zone)
  pilothouse schedules add 'Open bell' --kind webhook --cron '0 9 * * MON-FRI' \\
      --tz America/New_York --url https://hooks.example.com/pilothouse \\
      --payload '{\"note\": \"market open\"}'

  # One POST at a deadline, up to 5 attempts, the first retry about 30 s after a failure
  pilothouse schedules add 'Quarter close' --kind webhook --at 2026-12-31T16:00:00-05:00 \\
      --tz America/New_York --url https://hooks.example.com/q4 --max-attempts 5 --backoff 30

  # Created disabled: try it by hand, then let it run on its timing
  pilothouse schedules add nightly --kind webhook --cron @daily --url http://127.0.0.1:8080/in \\
      --disabled
  pilothouse schedules run-now nightly
  pilothouse schedules enable nightly

Check an expression's fire times first:
  pilothouse cron next '0 9 * * MON-FRI' --tz America/New_York

Receivers check each delivery's signature with the key `pilothouse webhook-key show` prints.
A refused schedule exits with code 2 and names the flag (`cron: …`); nothing is stored.";

const EDIT_EXAMPLES: &str = "\
Examples:
  pilothouse schedules edit 'Open bell' --cron '30 9 * * MON-FRI'
  pilothouse schedules edit 3 --url https://hooks.example.com/v2 --max-attempts 5
  pilothouse schedules edit 'Open bell' --name 'Opening bell' --requires-approval=false";

const TIMES: &str = "Run times are shown in UTC (RFC 3339, `Z`).";

/// `SCHEDULE` arguments: a schedule's exact name, or its id.
const SCHEDULE_HELP: &str = "The schedule: its exact name, or its id (a name wins over an id)";

#[derive(Debug, Subcommand)]
pub enum SchedulesCommand {
    /// List every schedule with its next run and how it last went.
    ///
    /// Columns: id, name, kind, timing, zone, enabled, next run (in the schedule's own zone,
    /// RFC 3339 with that day's offset; `-` when disabled or a one-time job that already ran),
    /// the last run's status, and how many attempts in a row failed.
    List {
        /// Print the schedules as JSON (next_fire.at in UTC, next_fire.local in the zone).
        #[arg(long)]
        json: bool,
    },
    /// Create a schedule.
    ///
    /// Says what runs (--kind), when (--cron or --at, read in --tz), and how misses, failures
    /// and overlaps are handled; every setting not given keeps its default. Prints the schedule
    /// with its next run.
    #[command(after_help = ADD_EXAMPLES)]
    Add {
        /// A name for the schedule, unique (up to 80 characters).
        name: String,
        /// What the schedule runs. Kinds this version cannot run yet are refused.
        #[arg(long, value_enum, value_name = "KIND")]
        kind: KindArg,
        #[command(flatten)]
        flags: ScheduleFlags,
    },
    /// Change a schedule's settings.
    ///
    /// Only the flags given change; everything else stays as stored. Prints the schedule with
    /// its next run.
    #[command(after_help = EDIT_EXAMPLES)]
    Edit {
        #[arg(value_name = "SCHEDULE", help = SCHEDULE_HELP)]
        schedule: String,
        /// Rename the schedule.
        #[arg(long, value_name = "NEW_NAME")]
        name: Option<String>,
        /// Run another kind of job; its parameters start empty unless --params, --url or
        /// --payload give them.
        #[arg(long, value_enum, value_name = "KIND")]
        kind: Option<KindArg>,
        #[command(flatten)]
        flags: ScheduleFlags,
    },
    /// Delete a schedule and its run history.
    ///
    /// A run going on finishes but is not recorded.
    Remove {
        #[arg(value_name = "SCHEDULE", help = SCHEDULE_HELP)]
        schedule: String,
    },
    /// Let a disabled schedule fire on its timing again.
    ///
    /// It fires from its next fire after now: fires that passed while it was disabled are
    /// neither counted as missed nor made up.
    Enable {
        #[arg(value_name = "SCHEDULE", help = SCHEDULE_HELP)]
        schedule: String,
    },
    /// Stop a schedule from firing on its timing until it is enabled again.
    ///
    /// `run-now` still runs it. A run going on finishes.
    Disable {
        #[arg(value_name = "SCHEDULE", help = SCHEDULE_HELP)]
        schedule: String,
    },
    /// Run a schedule once now and report how it went.
    ///
    /// Runs whatever the schedule's timing (enabled or not), in this process, and waits for the
    /// attempt to end. Exit code 0 when it succeeded, 1 otherwise (failed, timed out, skipped by
    /// the emergency pause or the overlap policy, queued behind a run going on elsewhere). A
    /// failed attempt is retried later by the schedule's policy: the report says when it is
    /// due; the desktop app or `pilothouse run` makes the retry, this command does not wait.
    #[command(after_help = TIMES)]
    RunNow {
        #[arg(value_name = "SCHEDULE", help = SCHEDULE_HELP)]
        schedule: String,
    },
    /// Show the run history, newest first.
    ///
    /// One row per attempt of every fire: run id, schedule, the fire it belongs to, trigger,
    /// attempt, status, duration and error (for a failure still being retried, with when the
    /// next attempt is due). When there are older runs, the last line is `more: --before ID`.
    #[command(after_help = TIMES)]
    History {
        /// Only this schedule's runs: its exact name, or its id.
        #[arg(value_name = "SCHEDULE")]
        schedule: Option<String>,
        /// Only runs in these statuses (repeat or comma-separate).
        #[arg(
            long = "status",
            value_enum,
            value_delimiter = ',',
            value_name = "STATUS"
        )]
        statuses: Vec<StatusArg>,
        #[arg(
            long,
            default_value_t = 50,
            value_name = "N",
            help = format!("How many runs to show (1–{MAX_RUN_PAGE})")
        )]
        limit: u32,
        /// Only runs older than this run id: the `--before` the previous page ended with.
        #[arg(long, value_name = "RUN_ID")]
        before: Option<i64>,
        /// Print the page as JSON (`runs` and `next_before`).
        #[arg(long)]
        json: bool,
    },
    /// List the dead letters: runs whose every attempt failed.
    ///
    /// Newest first; a dead letter leaves the list when it is retried or dismissed.
    #[command(after_help = TIMES)]
    DeadLetters {
        /// Print the runs as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run a dead letter's fire once more now and report how it went.
    ///
    /// Runs in this process and waits for the attempt to end; a failure is not retried again.
    /// Exit code 0 when it succeeded, 1 otherwise.
    #[command(after_help = TIMES)]
    Retry {
        /// The dead letter's run id (`dead-letters` lists them).
        run_id: i64,
    },
    /// Take a dead letter off the list without running it again.
    ///
    /// The history keeps the run.
    Dismiss {
        /// The dead letter's run id (`dead-letters` lists them).
        run_id: i64,
    },
}

pub async fn run(app: &App, command: SchedulesCommand) -> anyhow::Result<()> {
    match command {
        SchedulesCommand::List { json } => {
            let summaries = app.schedules_list().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&summaries)?);
                Ok(())
            } else {
                print::schedules(&summaries)
            }
        }
        SchedulesCommand::Add { name, kind, flags } => {
            let input = new_input(&name, kind.0, flags);
            let schedule = app.schedule_create(&input).await.map_err(name_the_flag)?;
            print::schedule("Created", &app.schedule_summary(schedule.id).await?)
        }
        SchedulesCommand::Edit {
            schedule,
            name,
            kind,
            flags,
        } => {
            let current = resolve(app, &schedule).await?.schedule;
            let input = edited_input(current.spec.to_input(), name, kind.map(|k| k.0), flags);
            let schedule = app
                .schedule_update(current.id, &input)
                .await
                .map_err(name_the_flag)?;
            print::schedule("Updated", &app.schedule_summary(schedule.id).await?)
        }
        SchedulesCommand::Remove { schedule } => {
            let schedule = resolve(app, &schedule).await?.schedule;
            app.schedule_delete(schedule.id).await?;
            println!(
                "Removed schedule {} '{}' and its run history.",
                schedule.id,
                crate::text::Safe(&schedule.spec.name)
            );
            Ok(())
        }
        SchedulesCommand::Enable { schedule } => set_enabled(app, &schedule, true).await,
        SchedulesCommand::Disable { schedule } => set_enabled(app, &schedule, false).await,
        SchedulesCommand::RunNow { schedule } => {
            let id = resolve(app, &schedule).await?.schedule.id;
            let run = app.schedule_run_now(id).await?;
            report(app, run).await
        }
        SchedulesCommand::History {
            schedule,
            statuses,
            limit,
            before,
            json,
        } => {
            let schedule_id = match schedule {
                Some(name) => Some(resolve(app, &name).await?.schedule.id),
                None => None,
            };
            let filter = RunFilter {
                schedule_id,
                statuses: statuses.into_iter().map(|s| s.0).collect(),
                before,
                limit,
            };
            let page = app.schedule_runs(&filter).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&page)?);
                Ok(())
            } else {
                print::history(&page)
            }
        }
        SchedulesCommand::DeadLetters { json } => {
            let runs = app.dead_letters().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&runs)?);
                Ok(())
            } else {
                print::dead_letters(&runs)
            }
        }
        SchedulesCommand::Retry { run_id } => {
            let run = app
                .dead_letter_settle(run_id, DeadLetterAction::Retry)
                .await?;
            report(app, run).await
        }
        SchedulesCommand::Dismiss { run_id } => {
            let run = app
                .dead_letter_settle(run_id, DeadLetterAction::Dismiss)
                .await?;
            println!(
                "Dismissed run {} of '{}' (scheduled for {}); the history keeps it.",
                run.id,
                crate::text::Safe(&run.schedule_name),
                print::utc(run.scheduled_for)
            );
            Ok(())
        }
    }
}

async fn set_enabled(app: &App, schedule: &str, enabled: bool) -> anyhow::Result<()> {
    let id = resolve(app, schedule).await?.schedule.id;
    let schedule = app.schedule_set_enabled(id, enabled).await?;
    let verb = if enabled { "Enabled" } else { "Disabled" };
    print::schedule(verb, &app.schedule_summary(schedule.id).await?)
}

/// Reports `run` (as claimed): waits for the attempt this process started to end and reads how
/// it ended. Fails (exit code 1) unless it succeeded.
async fn report(app: &App, run: ScheduleRun) -> anyhow::Result<()> {
    let run = if run.status == RunStatus::Running {
        app.scheduler_idle().await;
        app.schedule_run(run.id).await?
    } else {
        run
    };
    print::outcome(&run)?;
    if run.status != RunStatus::Succeeded {
        bail!(
            "run {} of '{}' did not succeed: {}",
            run.id,
            run.schedule_name,
            run.status
        );
    }
    Ok(())
}

/// The schedule `text` names: the one with that exact name, else the one with that id.
async fn resolve(app: &App, text: &str) -> Result<ScheduleSummary, AppError> {
    let summaries = app.schedules_list().await?;
    pick(summaries, text).ok_or_else(|| {
        let problem = match text.trim().parse::<i64>() {
            Ok(id) => format!("no schedule named `{text}`, and none with id {id}"),
            Err(_) => format!("no schedule named `{text}`"),
        };
        FieldError::new("schedule", problem).into()
    })
}

fn pick(summaries: Vec<ScheduleSummary>, text: &str) -> Option<ScheduleSummary> {
    let id = text.trim().parse::<i64>().ok();
    let (named, others): (Vec<_>, Vec<_>) = summaries
        .into_iter()
        .partition(|s| s.schedule.spec.name == text);
    named
        .into_iter()
        .next()
        .or_else(|| others.into_iter().find(|s| Some(s.schedule.id) == id))
}
