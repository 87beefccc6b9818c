//! Many spot symbols at once, for benchmarks that fetch the candles of a thousand markets (a
//! large bot fleet's cycle) from the fake: `SYM0001USDT`, `SYM0002USDT`, … each a symbol of its
//! own, with its own base asset and trading rules, but no fixture of its own. Its candles are
//! derived deterministically from the recorded ETHBTC 5m series: the same times and volumes,
//! every price multiplied by `1000 + n` for `SYMnnnnUSDT` (so SYM0001USDT trades near 50 USDT
//! and no two symbols share a price). All synthetic symbols share the one parsed fixture.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use rust_decimal::Decimal;

use super::Venue;
use super::server::{FakeBinance, lock};
use super::symbols::SymbolSpec;

/// The recorded series every synthetic symbol's candles come from.
const SOURCE: &str = "ETHBTC";
/// `SYM0001USDT` … `SYM9999USDT`.
pub const MAX_SYNTHETIC_SYMBOLS: usize = 9_999;

/// The name of the `n`th synthetic symbol (from 1), e.g. `SYM0001USDT`.
pub fn synthetic_symbol(n: usize) -> String {
    format!("SYM{n:04}USDT")
}

impl FakeBinance {
    /// Lists `SYM0001USDT` … `SYM{count}USDT` on spot (those not yet listed), each trading on
    /// the ETHBTC fixture's candles with prices × `1000 + n` (see the module docs), with
    /// PRICE_FILTER tick 0.01, LOT_SIZE step 0.001 and a 5 USDT NOTIONAL. Returns their names,
    /// in order. At most 9,999.
    pub fn list_synthetic_symbols(&self, count: usize) -> anyhow::Result<Vec<String>> {
        anyhow::ensure!(
            count <= MAX_SYNTHETIC_SYMBOLS,
            "at most {MAX_SYNTHETIC_SYMBOLS} synthetic symbols, not {count}"
        );
        let mut exchange = lock(&self.shared.exchange);
        let source = exchange
            .market
            .series(SOURCE)
            .map(|s| s.spec.clone())
            .ok_or_else(|| anyhow::anyhow!("{SOURCE} is not listed"))?;
        let mut names = Vec::with_capacity(count);
        for n in 1..=count {
            let name = synthetic_symbol(n);
            if exchange.market.series(&name).is_none() {
                let spec = SymbolSpec {
                    symbol: interned(name.clone()),
                    venue: Venue::Spot,
                    base: interned(format!("SYM{n:04}")),
                    quote: "USDT",
                    min_price: Decimal::new(1, 2),
                    max_price: Decimal::new(1_000_000, 0),
                    tick_size: Decimal::new(1, 2),
                    min_qty: Decimal::new(1, 3),
                    max_qty: Decimal::new(100_000, 0),
                    step_size: Decimal::new(1, 3),
                    market_max_qty: Decimal::ZERO,
                    min_notional: Decimal::new(5, 0),
                    ..source.clone()
                };
                let scale = Decimal::from(1_000 + n);
                exchange.market.list(spec, scale)?;
            }
            names.push(name);
        }
        Ok(names)
    }
}

/// `text` as a `&'static str` (symbol specs hold static names), leaked once per distinct name
/// and process: at most two per synthetic symbol, however many fakes list them.
fn interned(text: String) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = lock(NAMES.get_or_init(|| Mutex::new(HashSet::new())));
    if let Some(name) = names.get(text.as_str()) {
        return name;
    }
    let name: &'static str = Box::leak(text.into_boxed_str());
    names.insert(name);
    name
}
