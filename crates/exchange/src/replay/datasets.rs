//! The recordings a replay can play: three built in (real candles recorded from Binance, the
//! same ones the tests use, embedded so an offline machine has them), or a CSV file the trader
//! points at. Built-in symbol rules are Binance's for those symbols; a file's are derived from
//! its prices, since nothing else is known about it.

use std::path::Path;
use std::sync::Arc;

use pilothouse_core::FieldError;
use pilothouse_core::market::{
    Candle, Interval, Symbol, SymbolFilters, SymbolInfo, parse_candle_csv,
};
use rust_decimal::Decimal;

/// Candles to replay and the rules of their symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    /// The built-in name, or the file's path.
    pub name: String,
    pub info: SymbolInfo,
    pub interval: Interval,
    pub candles: Arc<[Candle]>,
}

/// A built-in recording.
#[derive(Debug, Clone, Copy)]
pub struct BuiltIn {
    pub name: &'static str,
    /// Whether it is a futures (perpetual) market; otherwise spot.
    pub futures: bool,
    symbol: &'static str,
    assets: (&'static str, &'static str),
    /// tick size, step size, min quantity, max quantity, min notional — as `(mantissa, scale)`.
    rules: [(i64, u32); 5],
    csv: &'static str,
}

/// The built-in recordings (see `crates/exchange/data/README.md` for their origin).
pub const BUILT_IN: [BuiltIn; 3] = [
    BuiltIn {
        name: "ETHBTC-5m",
        futures: false,
        symbol: "ETHBTC",
        assets: ("ETH", "BTC"),
        rules: [(1, 5), (1, 4), (1, 4), (100_000, 0), (1, 4)],
        csv: include_str!("../../data/ETHBTC-5m.csv"),
    },
    BuiltIn {
        name: "ALTBTC-1m",
        futures: false,
        symbol: "ALTBTC",
        assets: ("ALT", "BTC"),
        rules: [(1, 8), (1, 0), (1, 0), (90_000_000, 0), (1, 4)],
        csv: include_str!("../../data/ALTBTC-1m.csv"),
    },
    BuiltIn {
        name: "XRPUSDT-perp-5m",
        futures: true,
        symbol: "XRPUSDT",
        assets: ("XRP", "USDT"),
        rules: [(1, 4), (1, 1), (1, 1), (1_000_000, 0), (5, 0)],
        csv: include_str!("../../data/XRPUSDT-perp-5m.csv"),
    },
];

/// The built-in recording named `name` (case-insensitive), if there is one.
pub(super) fn built_in(name: &str, field: &str) -> Result<Option<Recording>, FieldError> {
    let Some(found) = BUILT_IN.iter().find(|b| b.name.eq_ignore_ascii_case(name)) else {
        return Ok(None);
    };
    let (interval, candles) = parse_candle_csv(found.csv, field)?;
    let [tick, step, min_qty, max_qty, min_notional] = found.rules.map(|(m, s)| Decimal::new(m, s));
    let info = SymbolInfo {
        symbol: Symbol::parse(found.symbol)?,
        base_asset: found.assets.0.to_owned(),
        quote_asset: found.assets.1.to_owned(),
        trading: true,
        filters: SymbolFilters {
            tick_size: tick,
            step_size: step,
            min_qty,
            max_qty,
            min_notional,
        },
    };
    Ok(Some(Recording {
        name: found.name.to_owned(),
        info,
        interval,
        candles: candles.into(),
    }))
}

/// Quote assets a file's symbol may end with, longest first so `FDUSD` wins over `USD`.
const QUOTES: [&str; 7] = ["FDUSD", "USDT", "USDC", "BUSD", "BTC", "ETH", "BNB"];

/// A recording read from the file at `path`, named `SYMBOL-….csv`.
pub(super) fn from_file(
    path: &Path,
    interval: Interval,
    candles: Vec<Candle>,
    field: &str,
) -> Result<Recording, FieldError> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let symbol_text = stem.split(['-', '_', '.']).next().unwrap_or_default();
    let symbol = Symbol::parse(symbol_text).map_err(|_| {
        FieldError::new(
            field,
            format!("name the file SYMBOL-interval.csv (BTCUSDT-1m.csv); `{stem}` has no symbol"),
        )
    })?;
    let quote = QUOTES
        .iter()
        .find(|q| symbol.as_str().len() > q.len() && symbol.as_str().ends_with(*q))
        .ok_or_else(|| {
            FieldError::new(
                field,
                format!(
                    "{symbol} does not end with a quote asset ({})",
                    QUOTES.join(", ")
                ),
            )
        })?;
    let base = &symbol.as_str()[..symbol.as_str().len() - quote.len()];
    let scale = candles
        .iter()
        .flat_map(|c| [c.open, c.high, c.low, c.close])
        .map(|d| d.normalize().scale())
        .max()
        .unwrap_or(0);
    let info = SymbolInfo {
        symbol: symbol.clone(),
        base_asset: base.to_owned(),
        quote_asset: (*quote).to_owned(),
        trading: true,
        filters: SymbolFilters {
            tick_size: Decimal::new(1, scale),
            step_size: Decimal::new(1, 8),
            min_qty: Decimal::new(1, 8),
            max_qty: Decimal::from(1_000_000_000),
            min_notional: Decimal::ZERO,
        },
    };
    Ok(Recording {
        name: path.display().to_string(),
        info,
        interval,
        candles: candles.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_recording_loads_with_its_symbol() {
        for b in BUILT_IN {
            let recording = built_in(b.name, "dataset").unwrap().unwrap();
            assert_eq!(recording.info.symbol.as_str(), b.symbol);
            assert!(
                recording.candles.len() > 1_000,
                "{} is a real recording",
                b.name
            );
        }
        assert!(
            built_in("ethbtc-5M", "dataset").unwrap().is_some(),
            "any case"
        );
        assert!(built_in("BTCUSDT-1m", "dataset").unwrap().is_none());
    }

    #[test]
    fn a_files_symbol_and_tick_come_from_its_name_and_prices() {
        let (interval, candles) =
            parse_candle_csv("0,1.25,1.5,1.125,1.5,3\n60000,1.5,1.5,1.5,1.5,1\n", "f").unwrap();
        let recording = from_file(
            Path::new("/tmp/solusdt-1m.csv"),
            interval,
            candles.clone(),
            "f",
        )
        .unwrap();
        assert_eq!(recording.info.symbol.as_str(), "SOLUSDT");
        assert_eq!(recording.info.base_asset, "SOL");
        assert_eq!(recording.info.quote_asset, "USDT");
        assert_eq!(
            recording.info.filters.tick_size,
            Decimal::new(1, 3),
            "1.125"
        );
        let nameless = from_file(Path::new("/tmp/prices.csv"), interval, candles, "f");
        assert_eq!(nameless.err().map(|e| e.field).as_deref(), Some("f"));
    }
}
