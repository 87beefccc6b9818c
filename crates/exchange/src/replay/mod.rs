//! The replay venue: recorded candles played back on the wall clock (see
//! [`ReplayTimeline`]), for paper accounts that trade without a network — offline demos, and
//! the stand-in the App uses while Binance's public data does not answer. It implements the
//! [`MarketData`] port like the Binance adapter, so a paper account cannot tell the two apart
//! except by the prices.
//!
//! A dataset is one of the [built-in recordings](BUILT_IN) or a CSV file (the columns of
//! `pilothouse market klines`) named `SYMBOL-anything.csv`, whose symbol rules are derived from
//! its prices (tick = the finest price step written in it).

mod datasets;

use std::path::Path;
use std::sync::Arc;

use pilothouse_core::market::{
    Candle, ExchangeError, Interval, KlineRange, MAX_KLINES, MarketData, ReplayTimeline, Symbol,
    SymbolInfo, parse_candle_csv,
};
use pilothouse_core::{Clock, FieldError};

pub use datasets::{BUILT_IN, Recording};

/// The venue name in the replay's errors.
pub const VENUE: &str = "replay";

/// A recording being replayed.
#[derive(Debug, Clone)]
pub struct Replay {
    recording: Arc<Recording>,
    timeline: ReplayTimeline,
    clock: Arc<dyn Clock>,
}

impl Replay {
    /// Replays `recording` from `timeline.started` at `timeline.speed` (its interval is the
    /// recording's own).
    pub fn new(
        recording: Arc<Recording>,
        started: chrono::DateTime<chrono::Utc>,
        speed: u32,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let timeline = ReplayTimeline {
            started,
            speed,
            interval: recording.interval,
        };
        Self {
            recording,
            timeline,
            clock,
        }
    }

    pub fn recording(&self) -> &Recording {
        &self.recording
    }

    pub fn started(&self) -> chrono::DateTime<chrono::Utc> {
        self.timeline.started
    }

    pub fn speed(&self) -> u32 {
        self.timeline.speed
    }

    /// The latest final candle's close: the replay's last trade price.
    pub fn last_price(&self, symbol: &Symbol) -> Result<rust_decimal::Decimal, ExchangeError> {
        self.check_symbol(symbol)?;
        let latest = self
            .timeline
            .latest(&self.recording.candles, self.clock.now(), 1);
        latest
            .last()
            .map(|c| c.close)
            .ok_or_else(|| ExchangeError::Rejected {
                venue: VENUE,
                code: None,
                message: format!(
                    "the replay of {} has not closed its first candle yet; try again in a moment",
                    self.recording.name
                ),
            })
    }

    fn check_symbol(&self, symbol: &Symbol) -> Result<(), ExchangeError> {
        if *symbol == self.recording.info.symbol {
            return Ok(());
        }
        Err(FieldError::new(
            "symbol",
            format!(
                "the replay of {} trades only {}, not {symbol}",
                self.recording.name, self.recording.info.symbol
            ),
        )
        .into())
    }

    fn candles(
        &self,
        symbol: &Symbol,
        interval: Interval,
        range: KlineRange,
    ) -> Result<Vec<Candle>, ExchangeError> {
        self.check_symbol(symbol)?;
        if interval != self.recording.interval {
            return Err(FieldError::new(
                "interval",
                format!(
                    "the replay of {} has {} candles only, not {interval}",
                    self.recording.name, self.recording.interval
                ),
            )
            .into());
        }
        let (now, all) = (self.clock.now(), &self.recording.candles);
        Ok(match range.check()? {
            KlineRange::Latest(n) => self.timeline.latest(all, now, usize::from(n)),
            KlineRange::Between { from, to } => {
                self.timeline
                    .between(all, now, from, to, usize::from(MAX_KLINES))
            }
        })
    }
}

impl MarketData for Replay {
    fn klines(
        &self,
        symbol: &Symbol,
        interval: Interval,
        range: KlineRange,
    ) -> crate::BoxFuture<'_, Result<Vec<Candle>, ExchangeError>> {
        let result = self.candles(symbol, interval, range);
        Box::pin(async move { result })
    }

    fn exchange_info(&self) -> crate::BoxFuture<'_, Result<Vec<SymbolInfo>, ExchangeError>> {
        let info = vec![self.recording.info.clone()];
        Box::pin(async move { Ok(info) })
    }
}

/// Loads `dataset`: a built-in name, or else a CSV file at that path. Errors name `field`.
pub fn load_recording(dataset: &str, field: &str) -> Result<Recording, FieldError> {
    let dataset = dataset.trim();
    if let Some(built_in) = datasets::built_in(dataset, field)? {
        return Ok(built_in);
    }
    let path = Path::new(dataset);
    let text = std::fs::read_to_string(path).map_err(|e| {
        let names: Vec<&str> = BUILT_IN.iter().map(|d| d.name).collect();
        FieldError::new(
            field,
            format!(
                "`{dataset}` is neither a built-in dataset ({}) nor a readable CSV file: {e}",
                names.join(", ")
            ),
        )
    })?;
    let (interval, candles) = parse_candle_csv(&text, field)?;
    datasets::from_file(path, interval, candles, field)
}
