//! Where a backtest's candles come from: a built-in recording, a CSV file, or an account's
//! history over a range. Each resolves to one run of final candles of one symbol at one
//! interval, with a content hash so two stored runs can be seen to share their data.

use chrono::{DateTime, Utc};
use pilothouse_core::FieldError;
use pilothouse_core::market::{Candle, Interval, Symbol, parse_candle_csv};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::history::HistoryRange;
use super::progress::Progress;
use crate::{App, AppError};

/// Where the candles of a backtest come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum DataSource {
    /// A recording built into Pilothouse (`ETHBTC-5m`, …).
    Recording { dataset: String },
    /// A CSV file with the columns `pilothouse market klines` writes.
    Csv { path: String },
    /// An account's venue history: candles opening in `[from, to]`.
    History {
        account: String,
        symbol: String,
        interval: Interval,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
}

/// The candles a backtest runs on.
#[derive(Debug, Clone)]
pub(crate) struct Loaded {
    pub symbol: String,
    pub interval: Interval,
    pub candles: Vec<Candle>,
}

impl Loaded {
    /// SHA-256 over every candle's open time and prices, in order.
    pub(crate) fn sha256(&self) -> String {
        let mut hash = Sha256::new();
        for c in &self.candles {
            hash.update(c.open_time.timestamp_millis().to_le_bytes());
            for value in [c.open, c.high, c.low, c.close, c.volume] {
                hash.update(value.to_string().as_bytes());
                hash.update(b",");
            }
        }
        hex::encode(hash.finalize())
    }

    /// The first and last candles' open times.
    pub(crate) fn range(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let first = self
            .candles
            .first()
            .map(|c| c.open_time)
            .unwrap_or_default();
        let last = self.candles.last().map(|c| c.open_time).unwrap_or_default();
        (first, last)
    }
}

impl App {
    /// The candles `source` names; an empty run is refused (field `data`).
    pub(crate) async fn load_candles(
        &self,
        source: &DataSource,
        progress: &Progress,
    ) -> Result<Loaded, AppError> {
        let loaded = match source {
            DataSource::Recording { dataset } => {
                let recording = self
                    .recording(dataset)
                    .await
                    .map_err(|e| rename(e, "data.dataset"))?;
                Loaded {
                    symbol: recording.info.symbol.to_string(),
                    interval: recording.interval,
                    candles: recording.candles.to_vec(),
                }
            }
            DataSource::Csv { path } => read_csv(path).await?,
            DataSource::History {
                account,
                symbol,
                interval,
                from,
                to,
            } => {
                let range = HistoryRange {
                    account: account.clone(),
                    symbol: symbol.parse::<Symbol>()?,
                    interval: *interval,
                    from: *from,
                    to: *to,
                };
                Loaded {
                    symbol: range.symbol.to_string(),
                    interval: range.interval,
                    candles: self.history(&range, progress).await?,
                }
            }
        };
        if loaded.candles.is_empty() {
            return Err(FieldError::new("data", "holds no candles").into());
        }
        Ok(loaded)
    }
}

/// Reads a CSV file of candles off the async runtime; the symbol is the file name's first
/// part (`ETHBTC-5m.csv` → ETHBTC) when that is a symbol, else the file's name.
async fn read_csv(path: &str) -> Result<Loaded, AppError> {
    let path = path.trim().to_owned();
    if path.is_empty() {
        return Err(FieldError::new("data.path", "is empty; give a CSV file's path").into());
    }
    tokio::task::spawn_blocking(move || {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| FieldError::new("data.path", format!("cannot read `{path}`: {e}")))?;
        let (interval, candles) = parse_candle_csv(&text, "data.path")?;
        let stem = std::path::Path::new(&path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let first = stem.split('-').next().unwrap_or_default();
        let symbol = match first.parse::<Symbol>() {
            Ok(symbol) => symbol.to_string(),
            Err(_) => stem,
        };
        Ok(Loaded {
            symbol,
            interval,
            candles,
        })
    })
    .await
    .map_err(|e| AppError::Invalid(FieldError::new("data.path", format!("reading failed: {e}"))))?
}

/// The recording loader names the paper settings' field; here it is the backtest's.
fn rename(error: AppError, field: &str) -> AppError {
    match error {
        AppError::Invalid(e) => AppError::Invalid(FieldError::new(field, e.problem)),
        other => other,
    }
}
