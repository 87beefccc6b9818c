//! Output formats: aligned text for people, JSON lines and CSV for scripts.

use std::io::{Write, stdout};
use std::sync::Mutex;

use chrono::Local;
use pilothouse_app::AppStatus;
use pilothouse_app::core::LogEntry;
use pilothouse_app::export::{CSV_HEADER, csv_row};

use crate::args::Format;
use crate::text::Safe;

/// Prints log entries in one format; CSV gets its header once.
pub struct Printer {
    format: Format,
    csv: Mutex<csv::Writer<std::io::Stdout>>,
}

impl Printer {
    pub fn new(format: Format) -> Self {
        Self {
            format,
            csv: Mutex::new(csv::Writer::from_writer(stdout())),
        }
    }

    pub fn start(&self) -> anyhow::Result<()> {
        if self.format == Format::Csv {
            self.with_csv(|csv| csv.write_record(CSV_HEADER))?;
        }
        Ok(())
    }

    pub fn entry(&self, e: &LogEntry) -> anyhow::Result<()> {
        match self.format {
            Format::Text => {
                let mut out = stdout().lock();
                let bot = e
                    .bot_id
                    .as_deref()
                    .map(|b| format!(" [{}]", Safe(b)))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{time}  {sev:<8} {ty:<8} {src}{bot} {action}: {msg}",
                    time = e.time.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S %Z"),
                    sev = e.severity.as_str(),
                    ty = e.log_type.as_str(),
                    src = Safe(&e.source),
                    action = Safe(&e.action),
                    msg = Safe(&e.message),
                )?;
            }
            Format::Json => {
                let mut out = stdout().lock();
                serde_json::to_writer(&mut out, e)?;
                writeln!(out)?;
            }
            Format::Csv => {
                self.with_csv(|csv| csv.write_record(csv_row(e)))?;
                self.with_csv(csv::Writer::flush)?;
            }
        }
        Ok(())
    }

    pub fn finish(&self) -> anyhow::Result<()> {
        self.with_csv(csv::Writer::flush)?;
        Ok(())
    }

    fn with_csv<T, E: std::error::Error + Send + Sync + 'static>(
        &self,
        f: impl FnOnce(&mut csv::Writer<std::io::Stdout>) -> Result<T, E>,
    ) -> anyhow::Result<T> {
        let mut csv = self
            .csv
            .lock()
            .map_err(|_| anyhow::anyhow!("output writer poisoned"))?;
        Ok(f(&mut csv)?)
    }
}

pub fn print_status(status: &AppStatus, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(status)?);
        return Ok(());
    }
    let pause = &status.pause;
    if pause.paused {
        println!(
            "Trading:   ALL TRADING PAUSED — {} (by {}, since {})",
            Safe(pause.reason.as_deref().unwrap_or_default()),
            Safe(pause.changed_by.as_deref().unwrap_or("?")),
            pause
                .changed_at
                .map(|t| t
                    .with_timezone(&Local)
                    .format("%Y-%m-%d %H:%M:%S %Z")
                    .to_string())
                .unwrap_or_default(),
        );
    } else {
        println!("Trading:   running");
    }
    println!("Mode:      {}", status.mode);
    println!("Version:   {}", status.version);
    println!("Data dir:  {}", Safe(&status.data_dir));
    println!("Database:  {}", Safe(&status.database));
    Ok(())
}
