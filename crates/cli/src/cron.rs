//! `pilothouse cron next`: the fire times of a cron expression, one RFC 3339 instant with the
//! zone's offset per line, so a trader can check a schedule (and its DST behaviour) from a
//! terminal or a script before creating it.

use chrono::{DateTime, Utc};
use clap::Subcommand;
use pilothouse_app::core::FieldError;
use pilothouse_app::{App, AppError};

#[derive(Debug, Subcommand)]
pub enum CronCommand {
    /// Print the next fire times of EXPR in a time zone, one per line.
    Next {
        /// The cron expression: 5 fields, 6 with leading seconds, or a macro like @daily.
        expr: String,
        /// IANA time zone the expression's wall-clock times are read in.
        #[arg(long = "tz", value_name = "ZONE")]
        time_zone: String,
        /// List fires strictly after this RFC 3339 instant (default: now).
        #[arg(long, value_name = "RFC3339")]
        from: Option<String>,
        /// How many fire times to print (1–100).
        #[arg(long, default_value_t = 10)]
        count: u32,
    },
}

pub fn run(app: &App, command: CronCommand) -> anyhow::Result<()> {
    match command {
        CronCommand::Next {
            expr,
            time_zone,
            from,
            count,
        } => {
            let from = from.as_deref().map(parse_from).transpose()?;
            for fire in app.cron_preview(&expr, &time_zone, from, count)?.fires {
                println!("{}", fire.local);
            }
            Ok(())
        }
    }
}

fn parse_from(text: &str) -> Result<DateTime<Utc>, AppError> {
    DateTime::parse_from_rfc3339(text)
        .map(|instant| instant.with_timezone(&Utc))
        .map_err(|e| {
            FieldError::new("from", format!("`{text}` is not an RFC 3339 time: {e}")).into()
        })
}
