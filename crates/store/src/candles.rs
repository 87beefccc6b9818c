//! Candle history: final candles a venue sent for backtests, kept so that a second run over the
//! same range sends no request. Alongside the candles, the spans that were asked for and
//! answered are recorded (`candle_coverage`): a span where the venue has no candles at all (a
//! listing gap, a halt) is then known to be empty and is not asked for again either.
//!
//! A history is keyed by its source (venue and host), symbol and interval; instants are candle
//! open times in milliseconds.

use chrono::{DateTime, Utc};
use pilothouse_core::market::{Candle, Interval, Symbol};
use rust_decimal::Decimal;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::time::{from_ms, to_ms};
use crate::{Store, StoreError};

/// Which history: where the candles came from, of what, at which interval.
#[derive(Debug, Clone, Copy)]
pub struct HistoryKey<'a> {
    /// The venue and host (`binance:https://api.binance.com`).
    pub source: &'a str,
    pub symbol: &'a Symbol,
    pub interval: Interval,
}

/// A span of candle open times, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Store {
    /// The parts of `span` not yet covered by history of `key`, oldest first: what must be
    /// fetched before `span` can be read from here alone.
    pub async fn history_gaps(
        &self,
        key: HistoryKey<'_>,
        span: Span,
    ) -> Result<Vec<Span>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let rows = sqlx::query(
            "SELECT from_ms, to_ms FROM candle_coverage
             WHERE source = ? AND symbol = ? AND interval = ? AND to_ms >= ? AND from_ms <= ?
             ORDER BY from_ms",
        )
        .bind(key.source)
        .bind(key.symbol.as_str())
        .bind(key.interval.as_str())
        .bind(to_ms(span.from))
        .bind(to_ms(span.to))
        .fetch_all(&mut *conn)
        .await?;
        let step = key.interval.length().num_milliseconds();
        let mut gaps = Vec::new();
        let mut next = to_ms(span.from);
        let end = to_ms(span.to);
        for row in rows {
            let (from, to): (i64, i64) = (row.try_get("from_ms")?, row.try_get("to_ms")?);
            if from > next {
                gaps.push((next, (from - step).min(end)));
            }
            next = next.max(to.saturating_add(step));
            if next > end {
                break;
            }
        }
        if next <= end {
            gaps.push((next, end));
        }
        gaps.into_iter()
            .filter(|(from, to)| from <= to)
            .map(|(from, to)| {
                Ok(Span {
                    from: from_ms(from)?,
                    to: from_ms(to)?,
                })
            })
            .collect()
    }

    /// Keeps `candles` (final candles of `key`) and records `covered` as answered, in one
    /// transaction: a crash never leaves a span marked covered without its candles. Candles
    /// already kept are replaced by the newer copy.
    pub async fn save_history(
        &self,
        key: HistoryKey<'_>,
        candles: &[Candle],
        covered: Span,
    ) -> Result<(), StoreError> {
        self.write(async |tx| {
            for candle in candles {
                sqlx::query(
                    "INSERT OR REPLACE INTO candles (source, symbol, interval, open_time_ms,
                        close_time_ms, open, high, low, close, volume)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(key.source)
                .bind(key.symbol.as_str())
                .bind(key.interval.as_str())
                .bind(to_ms(candle.open_time))
                .bind(to_ms(candle.close_time))
                .bind(candle.open.to_string())
                .bind(candle.high.to_string())
                .bind(candle.low.to_string())
                .bind(candle.close.to_string())
                .bind(candle.volume.to_string())
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "INSERT INTO candle_coverage (source, symbol, interval, from_ms, to_ms)
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(key.source)
            .bind(key.symbol.as_str())
            .bind(key.interval.as_str())
            .bind(to_ms(covered.from))
            .bind(to_ms(covered.to))
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
        .await
    }

    /// The kept candles of `key` opening inside `span`, oldest first.
    pub async fn history(
        &self,
        key: HistoryKey<'_>,
        span: Span,
    ) -> Result<Vec<Candle>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let rows = sqlx::query(
            "SELECT open_time_ms, close_time_ms, open, high, low, close, volume FROM candles
             WHERE source = ? AND symbol = ? AND interval = ? AND open_time_ms BETWEEN ? AND ?
             ORDER BY open_time_ms",
        )
        .bind(key.source)
        .bind(key.symbol.as_str())
        .bind(key.interval.as_str())
        .bind(to_ms(span.from))
        .bind(to_ms(span.to))
        .fetch_all(&mut *conn)
        .await?;
        rows.iter().map(candle).collect()
    }
}

fn candle(row: &SqliteRow) -> Result<Candle, StoreError> {
    Ok(Candle {
        open_time: from_ms(row.try_get("open_time_ms")?)?,
        close_time: from_ms(row.try_get("close_time_ms")?)?,
        open: price(row, "open")?,
        high: price(row, "high")?,
        low: price(row, "low")?,
        close: price(row, "close")?,
        volume: price(row, "volume")?,
    })
}

fn price(row: &SqliteRow, column: &str) -> Result<Decimal, StoreError> {
    let text: String = row.try_get(column)?;
    text.parse()
        .map_err(|e| StoreError::corrupt("candle", format!("{column} `{text}`: {e}")))
}
