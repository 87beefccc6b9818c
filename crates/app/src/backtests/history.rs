//! An account's candle history over a range, for backtests: read from the database where it
//! was fetched before, fetched from the venue's public data (in pages of 1,000, on the venue's
//! shared weight budget) only for the spans never asked for, and kept so the next run over the
//! same range sends no request.
//!
//! Why not the in-memory candle cache: that cache keeps the latest candles bots trade on (a
//! few thousand per key); a backtest reads months. The database is this range cache, keyed by
//! the same source key, and like the cache it holds final candles only — a candle that can
//! still change never enters history.

use chrono::{DateTime, TimeDelta, Utc};
use pilothouse_core::FieldError;
use pilothouse_core::market::{Account, Candle, Interval, KlineRange, MAX_KLINES, Symbol, Venue};
use pilothouse_core::paper::PaperMarket;
use pilothouse_store::candles::{HistoryKey, Span};

use super::progress::Progress;
use crate::paper::PriceSource;
use crate::{App, AppError};

/// Most candles one history may span (ten years of one-minute candles).
pub const MAX_HISTORY: i64 = 10 * 366 * 24 * 60;

/// Which history to read.
#[derive(Debug, Clone)]
pub struct HistoryRange {
    pub account: String,
    pub symbol: Symbol,
    pub interval: Interval,
    /// The first candle's open time (inclusive).
    pub from: DateTime<Utc>,
    /// The last candle's open time (inclusive); capped to the last final candle.
    pub to: DateTime<Utc>,
}

impl HistoryRange {
    /// Refuses a backwards or oversized range (fields `from`, `to`).
    fn check(&self) -> Result<(), FieldError> {
        if self.to < self.from {
            return Err(FieldError::new(
                "to",
                format!("{} is before `from` ({})", self.to, self.from),
            ));
        }
        let candles =
            (self.to - self.from).num_milliseconds() / self.interval.length().num_milliseconds();
        if candles > MAX_HISTORY {
            return Err(FieldError::new(
                "from",
                format!(
                    "the range spans {candles} {} candles; at most {MAX_HISTORY} are read at once",
                    self.interval
                ),
            ));
        }
        Ok(())
    }
}

impl App {
    /// The final candles of `range`, oldest first: what the database holds, plus what the
    /// venue sends for the spans it does not (kept for next time). `progress` hears how many
    /// of the missing candles have arrived.
    pub(crate) async fn history(
        &self,
        range: &HistoryRange,
        progress: &Progress,
    ) -> Result<Vec<Candle>, AppError> {
        range.check()?;
        let account = self.account(&range.account).await?;
        let source = self.history_source(&account).await?;
        let source_key = source.cache_key();
        let key = HistoryKey {
            source: &source_key,
            symbol: &range.symbol,
            interval: range.interval,
        };
        let length = range.interval.length();
        // A candle opening at or before this instant has closed: only those are history.
        let last_final = self.now() - length;
        let span = Span {
            from: range.from,
            to: range.to.min(last_final),
        };
        if span.to < span.from {
            return Err(FieldError::new(
                "from",
                format!(
                    "no {} candle opening at {} has closed yet",
                    range.interval, range.from
                ),
            )
            .into());
        }
        let gaps = self.inner.store.history_gaps(key, span).await?;
        let missing: u64 = gaps.iter().map(|gap| candles_in(*gap, length)).sum();
        let mut fetched = 0u64;
        progress.fetching(fetched, missing);
        for gap in gaps {
            let mut cursor = gap.from;
            while cursor <= gap.to {
                progress.check_cancelled()?;
                let page = source
                    .klines(
                        &range.symbol,
                        range.interval,
                        KlineRange::Between {
                            from: cursor,
                            to: gap.to,
                        },
                    )
                    .await?;
                let page: Vec<Candle> = page
                    .into_iter()
                    .filter(|c| c.open_time >= cursor && c.open_time <= gap.to)
                    .collect();
                // A short page means the venue has nothing more in the gap: all of it is known.
                let covered_to = match page.last() {
                    Some(last) if page.len() >= usize::from(MAX_KLINES) => last.open_time,
                    _ => gap.to,
                };
                let covered = Span {
                    from: cursor,
                    to: covered_to,
                };
                self.inner.store.save_history(key, &page, covered).await?;
                fetched = (fetched + candles_in(covered, length)).min(missing);
                progress.fetching(fetched, missing);
                cursor = covered_to + length;
            }
        }
        Ok(self.inner.store.history(key, span).await?)
    }

    /// Where `account`'s history comes from: its venue's public data (a paper account: the
    /// Binance market it prices from). A replay account has no history beyond its recording,
    /// which is chosen as data directly.
    async fn history_source(&self, account: &Account) -> Result<PriceSource, AppError> {
        if account.venue != Venue::Paper {
            let client = self.client(account, None)?;
            let url = (account.base_url.clone())
                .unwrap_or_else(|| client.market().production_url().to_owned());
            return Ok(PriceSource::Binance(client, url));
        }
        if let (PaperMarket::Replay { dataset, .. }, _) = self.paper_market(account.id).await? {
            return Err(FieldError::new(
                "account",
                format!(
                    "`{}` replays the recording `{dataset}`; choose that recording as the data",
                    account.name
                ),
            )
            .into());
        }
        let mode = self.paper_mode(account.id).await?;
        Ok(self.paper_binance(account, mode)?.0)
    }
}

/// How many candles of `length` open inside `span`.
fn candles_in(span: Span, length: TimeDelta) -> u64 {
    let ms = (span.to - span.from).num_milliseconds();
    u64::try_from(ms / length.num_milliseconds().max(1) + 1).unwrap_or(0)
}
