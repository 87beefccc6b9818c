//! Market data from real recorded candles: each listed symbol replays its fixture CSV (embedded
//! at build time, so tests never read /work/shared at run time) up to a "current candle" the
//! test moves; `klines` answers in Binance's exact array format and `ticker/price` quotes the
//! current close, which is also the price MARKET orders fill at.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use super::Venue;
use super::errors::ApiError;
use super::params::Params;
use super::symbols::{SymbolSpec, listed};

/// One recorded candle (a fixture row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candle {
    pub open_time_ms: i64,
    pub open: Decimal,
    pub high: Decimal,
    pub low: Decimal,
    pub close: Decimal,
    pub volume: Decimal,
}

/// Every interval Binance names, with its length where it is fixed.
const INTERVALS: [(&str, Option<i64>); 16] = [
    ("1s", Some(1_000)),
    ("1m", Some(60_000)),
    ("3m", Some(180_000)),
    ("5m", Some(300_000)),
    ("15m", Some(900_000)),
    ("30m", Some(1_800_000)),
    ("1h", Some(3_600_000)),
    ("2h", Some(7_200_000)),
    ("4h", Some(14_400_000)),
    ("6h", Some(21_600_000)),
    ("8h", Some(28_800_000)),
    ("12h", Some(43_200_000)),
    ("1d", Some(86_400_000)),
    ("3d", None),
    ("1w", None),
    ("1M", None),
];

/// Length of a fixed interval the fake can serve (`3d`, `1w`, `1M` are calendar-aligned on
/// Binance and not served).
pub(crate) fn interval_ms(interval: &str) -> Option<i64> {
    INTERVALS
        .iter()
        .find(|(name, _)| *name == interval)
        .and_then(|(_, ms)| *ms)
}

/// `value` with exactly `decimals` decimals, as Binance prints numbers ("0.09840000").
/// Halves round away from zero.
pub(crate) fn fmt_dec(value: Decimal, decimals: u32) -> String {
    let mut value = round(value, decimals);
    value.rescale(decimals);
    value.to_string()
}

/// `value` rounded to `decimals`, halves away from zero (how amounts are usually rounded).
pub(crate) fn round(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// One symbol's candles and where "now" is in them.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    pub spec: SymbolSpec,
    candles: Arc<Vec<Candle>>,
    base_ms: i64,
    cursor: usize,
    /// Prices are the fixture's times this (one for a listed symbol; see `synthetic`), so many
    /// synthetic symbols share one copy of a fixture.
    price_scale: Decimal,
}

impl Series {
    /// The candle the market is in now; its close is the current price.
    pub fn current(&self) -> Candle {
        self.scaled(self.candles[self.cursor])
    }

    fn scaled(&self, candle: Candle) -> Candle {
        if self.price_scale == Decimal::ONE {
            return candle;
        }
        let price = |p: Decimal| round(p * self.price_scale, self.spec.price_decimals);
        Candle {
            open: price(candle.open),
            high: price(candle.high),
            low: price(candle.low),
            close: price(candle.close),
            ..candle
        }
    }

    /// Candles up to and including the current one.
    fn visible(&self) -> &[Candle] {
        &self.candles[..=self.cursor]
    }

    /// Moves "now" to the last candle opening at or before `open_time_ms`, returning the
    /// candles the market passed through on the way (empty when it moved back).
    pub fn move_to(&mut self, open_time_ms: i64) -> Result<Vec<Candle>, String> {
        let index = self
            .candles
            .partition_point(|c| c.open_time_ms <= open_time_ms)
            .checked_sub(1)
            .ok_or_else(|| {
                format!(
                    "{} has no candle at or before {open_time_ms}",
                    self.spec.symbol
                )
            })?;
        let passed = self
            .candles
            .get(self.cursor + 1..=index)
            .unwrap_or(&[])
            .iter()
            .map(|c| self.scaled(*c))
            .collect();
        self.cursor = index;
        Ok(passed)
    }

    /// The open time of the candle `steps` after the current one (clamped to the last).
    pub fn open_time_after(&self, steps: usize) -> i64 {
        let index = (self.cursor + steps).min(self.candles.len() - 1);
        self.candles[index].open_time_ms
    }

    /// The visible candles at `interval`: the fixture's own, or whole multiples of it
    /// aggregated into UTC-aligned buckets (open of the first, close of the last) — unscaled:
    /// a synthetic symbol's prices are scaled by the caller, on the rows it answers.
    fn at_interval(&self, interval: &str) -> Result<(Vec<Candle>, i64), ApiError> {
        let ms = interval_ms(interval).ok_or_else(ApiError::invalid_interval)?;
        if ms == self.base_ms {
            return Ok((self.visible().to_vec(), ms));
        }
        if ms < self.base_ms || ms % self.base_ms != 0 {
            return Err(ApiError::invalid_interval());
        }
        let mut out: Vec<Candle> = Vec::new();
        for c in self.visible() {
            let bucket = c.open_time_ms - c.open_time_ms.rem_euclid(ms);
            match out.last_mut() {
                Some(last) if last.open_time_ms == bucket => {
                    last.high = last.high.max(c.high);
                    last.low = last.low.min(c.low);
                    last.close = c.close;
                    last.volume += c.volume;
                }
                _ => out.push(Candle {
                    open_time_ms: bucket,
                    ..*c
                }),
            }
        }
        Ok((out, ms))
    }
}

/// Every listed symbol's series.
#[derive(Debug, Clone)]
pub(crate) struct Market {
    series: Vec<Series>,
}

type Fixtures = HashMap<&'static str, Arc<Vec<Candle>>>;

/// The listed symbols' fixtures, parsed once per process.
fn fixtures() -> anyhow::Result<&'static Fixtures> {
    static PARSED: OnceLock<Result<Fixtures, String>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            listed()
                .into_iter()
                .map(|spec| Ok((spec.symbol, Arc::new(parse_fixture(&spec)?))))
                .collect()
        })
        .as_ref()
        .map_err(|e| anyhow::anyhow!("{e}"))
}

impl Market {
    /// Every listed symbol, "now" at its fixture's last candle.
    pub fn load() -> anyhow::Result<Self> {
        let mut market = Self { series: Vec::new() };
        for spec in listed() {
            market.list(spec, Decimal::ONE)?;
        }
        Ok(market)
    }

    /// Lists `spec`, trading on the candles of its `fixture_of` symbol (its own for a listed
    /// symbol) with prices times `price_scale`; "now" at the last candle.
    pub fn list(&mut self, spec: SymbolSpec, price_scale: Decimal) -> anyhow::Result<()> {
        let candles = fixtures()?
            .get(spec.fixture_of)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("no candles for {}", spec.fixture_of))?;
        let base_ms = interval_ms(spec.interval)
            .ok_or_else(|| anyhow::anyhow!("{} has no fixed interval", spec.interval))?;
        let cursor = candles.len() - 1;
        self.series.push(Series {
            spec,
            candles,
            base_ms,
            cursor,
            price_scale,
        });
        Ok(())
    }

    pub fn series(&self, symbol: &str) -> Option<&Series> {
        self.series.iter().find(|s| s.spec.symbol == symbol)
    }

    pub fn series_mut(&mut self, symbol: &str) -> Option<&mut Series> {
        self.series.iter_mut().find(|s| s.spec.symbol == symbol)
    }

    /// The series of `symbol` on `venue`, or -1121.
    pub fn listed_on(&self, venue: Venue, symbol: &str) -> Result<&Series, ApiError> {
        self.series(symbol)
            .filter(|s| s.spec.venue == venue)
            .ok_or_else(ApiError::invalid_symbol)
    }

    pub fn on(&self, venue: Venue) -> impl Iterator<Item = &Series> {
        self.series.iter().filter(move |s| s.spec.venue == venue)
    }

    /// `GET /api/v3/klines` and `GET /fapi/v1/klines`.
    pub fn klines(&self, venue: Venue, params: &Params) -> Result<Value, ApiError> {
        let series = self.listed_on(venue, params.required("symbol")?)?;
        let (candles, ms) = series.at_interval(params.required("interval")?)?;
        let limit = kline_limit(venue, params)?;
        let start = params.long("startTime")?;
        let end = params.long("endTime")?;
        if let (Some(s), Some(e)) = (start, end)
            && s > e
        {
            return Err(ApiError::bad(-1023, "Start time is greater than end time."));
        }
        let in_range = |c: &&Candle| {
            start.is_none_or(|s| c.open_time_ms >= s) && end.is_none_or(|e| c.open_time_ms <= e)
        };
        let selected: Vec<&Candle> = candles.iter().filter(in_range).collect();
        let chosen = if start.is_some() {
            &selected[..selected.len().min(limit)]
        } else {
            &selected[selected.len().saturating_sub(limit)..]
        };
        let spec = &series.spec;
        // Scaled after choosing: a synthetic symbol's answer costs its rows, not its series.
        let rows = chosen.iter().map(|c| series.scaled(**c)).map(|c| {
            json!([
                c.open_time_ms,
                fmt_dec(c.open, spec.price_decimals),
                fmt_dec(c.high, spec.price_decimals),
                fmt_dec(c.low, spec.price_decimals),
                fmt_dec(c.close, spec.price_decimals),
                fmt_dec(c.volume, spec.qty_decimals),
                c.open_time_ms + ms - 1,
                fmt_dec(c.volume * c.close, spec.price_decimals + spec.qty_decimals),
                0,
                fmt_dec(Decimal::ZERO, spec.qty_decimals),
                fmt_dec(Decimal::ZERO, spec.price_decimals + spec.qty_decimals),
                "0"
            ])
        });
        Ok(Value::Array(rows.collect()))
    }

    /// `GET /api/v3/ticker/price` and `GET /fapi/v1/ticker/price`: the current close.
    pub fn ticker_price(
        &self,
        venue: Venue,
        params: &Params,
        now_ms: i64,
    ) -> Result<Value, ApiError> {
        let quote = |s: &Series| match venue {
            Venue::Spot => json!({"symbol": s.spec.symbol,
                                  "price": fmt_dec(s.current().close, s.spec.price_decimals)}),
            Venue::UsdMFutures => json!({"symbol": s.spec.symbol,
                                         "price": fmt_dec(s.current().close, s.spec.price_decimals),
                                         "time": now_ms}),
        };
        match params.get("symbol") {
            Some(symbol) => Ok(quote(self.listed_on(venue, symbol)?)),
            None => Ok(Value::Array(self.on(venue).map(quote).collect())),
        }
    }
}

/// `limit`: default 500; at most 1000 on spot, 1500 on futures.
pub(crate) fn kline_limit(venue: Venue, params: &Params) -> Result<usize, ApiError> {
    let max = match venue {
        Venue::Spot => 1_000,
        Venue::UsdMFutures => 1_500,
    };
    match params.long("limit")? {
        None => Ok(500),
        Some(limit) if (1..=max).contains(&limit) => Ok(usize::try_from(limit).unwrap_or(500)),
        Some(_) => Err(ApiError::invalid_value("limit")),
    }
}

fn parse_fixture(spec: &SymbolSpec) -> Result<Vec<Candle>, String> {
    let decimal = |text: &str, line: usize| {
        Decimal::from_str(text).map_err(|e| format!("{} line {line}: `{text}`: {e}", spec.symbol))
    };
    let mut candles = Vec::new();
    for (index, line) in spec.fixture.lines().enumerate().skip(1) {
        let fields: Vec<&str> = line.trim().split(',').collect();
        let [time, open, high, low, close, volume] = fields[..] else {
            continue;
        };
        candles.push(Candle {
            open_time_ms: time
                .parse()
                .map_err(|e| format!("{} line {}: `{time}`: {e}", spec.symbol, index + 1))?,
            open: decimal(open, index + 1)?,
            high: decimal(high, index + 1)?,
            low: decimal(low, index + 1)?,
            close: decimal(close, index + 1)?,
            volume: decimal(volume, index + 1)?,
        });
    }
    if candles.is_empty() {
        return Err(format!("the {} fixture has no candles", spec.symbol));
    }
    Ok(candles)
}
