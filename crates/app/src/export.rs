//! Exporting the log under the current filter, as CSV for spreadsheets or JSON for scripts.
//!
//! The file is written beside its final name and renamed only when complete, so a crash or a
//! full disk never leaves a truncated export that looks finished.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use pilothouse_core::log::MAX_PAGE;
use pilothouse_core::{LogEntry, LogFilter};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{App, AppError};

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    Csv,
    Json,
}

impl ExportFormat {
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }
}

/// Where an export went and how much it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportSummary {
    pub path: String,
    #[ts(type = "number")]
    pub rows: u64,
}

/// The CSV columns of an exported entry, in order.
pub const CSV_HEADER: [&str; 9] = [
    "id", "time", "type", "severity", "source", "bot_id", "action", "message", "data",
];

impl App {
    /// Writes every entry matching `filter` (newest first) to a new file in `dir`.
    pub async fn export_logs(
        &self,
        filter: &LogFilter,
        format: ExportFormat,
        dir: &Path,
    ) -> Result<ExportSummary, AppError> {
        filter.validate()?;
        std::fs::create_dir_all(dir).map_err(|e| AppError::io("could not create", dir, e))?;
        let stamp = self.inner.clock.now().format("%Y%m%d-%H%M%S");
        let path = dir.join(format!("pilothouse-logs-{stamp}.{}", format.extension()));
        let partial = path.with_extension("partial");
        let result = self.write_export(filter, format, &partial).await;
        let rows = match result {
            Ok(rows) => rows,
            Err(error) => {
                let _ = std::fs::remove_file(&partial);
                return Err(error);
            }
        };
        std::fs::rename(&partial, &path).map_err(|e| AppError::io("could not finish", &path, e))?;
        Ok(ExportSummary {
            path: path.display().to_string(),
            rows,
        })
    }

    async fn write_export(
        &self,
        filter: &LogFilter,
        format: ExportFormat,
        path: &Path,
    ) -> Result<u64, AppError> {
        let failed = |e: std::io::Error| AppError::io("could not write", path, e);
        let file = File::create(path).map_err(failed)?;
        let mut sink = Sink::new(format, BufWriter::new(file)).map_err(failed)?;
        let mut before = None;
        loop {
            let page = self.inner.store.log_page(filter, before, MAX_PAGE).await?;
            for entry in &page.entries {
                sink.write(entry).map_err(failed)?;
            }
            match page.next_before {
                Some(next) => before = Some(next),
                None => break,
            }
        }
        sink.finish().map_err(failed)
    }
}

/// Writes `bytes` as file `name` in `dir` (created if missing): beside its final name first,
/// renamed when complete, so a crash or a full disk never leaves a truncated file behind.
pub(crate) fn write_whole(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, AppError> {
    std::fs::create_dir_all(dir).map_err(|e| AppError::io("could not create", dir, e))?;
    let path = dir.join(name);
    let partial = path.with_extension("partial");
    if let Err(e) = std::fs::write(&partial, bytes) {
        let _ = std::fs::remove_file(&partial);
        return Err(AppError::io("could not write", &partial, e));
    }
    std::fs::rename(&partial, &path).map_err(|e| AppError::io("could not finish", &path, e))?;
    Ok(path)
}

/// Writes entries one by one in the chosen format.
enum Sink {
    Csv(Box<csv::Writer<BufWriter<File>>>, u64),
    Json(BufWriter<File>, u64),
}

impl Sink {
    fn new(format: ExportFormat, out: BufWriter<File>) -> std::io::Result<Self> {
        Ok(match format {
            ExportFormat::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(CSV_HEADER)?;
                Self::Csv(Box::new(csv), 0)
            }
            ExportFormat::Json => {
                let mut out = out;
                out.write_all(b"[")?;
                Self::Json(out, 0)
            }
        })
    }

    fn write(&mut self, e: &LogEntry) -> std::io::Result<()> {
        match self {
            Self::Csv(csv, rows) => {
                csv.write_record(csv_row(e))?;
                *rows += 1;
            }
            Self::Json(out, rows) => {
                if *rows > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(b"\n")?;
                serde_json::to_writer(&mut *out, e)?;
                *rows += 1;
            }
        }
        Ok(())
    }

    fn finish(self) -> std::io::Result<u64> {
        match self {
            Self::Csv(mut csv, rows) => {
                csv.flush()?;
                let out = csv.into_inner().map_err(|e| e.into_error())?;
                out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                Ok(rows)
            }
            Self::Json(mut out, rows) => {
                out.write_all(b"\n]\n")?;
                out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                Ok(rows)
            }
        }
    }
}

/// One entry as a CSV record under [`CSV_HEADER`].
pub fn csv_row(e: &LogEntry) -> [String; 9] {
    [
        e.id.to_string(),
        e.time.to_rfc3339(),
        e.log_type.to_string(),
        e.severity.to_string(),
        e.source.clone(),
        e.bot_id.clone().unwrap_or_default(),
        e.action.clone(),
        e.message.clone(),
        if e.data.is_null() {
            String::new()
        } else {
            e.data.to_string()
        },
    ]
}
