//! Feeding a paper account the candles that came after its orders: which symbols it watches
//! (those with resting orders or an open futures position) and from when, and a feed that
//! takes every candle once however the fetches overlap — the app fetches with a margin, after
//! a restart or a sleep, and the same candle must never fill an order twice.

use chrono::{DateTime, TimeDelta, Utc};

use super::PaperAccount;
use crate::market::{Candle, OrderReport, Symbol};

impl PaperAccount {
    /// Each symbol whose candles can change the account, with the instant after which they
    /// matter: candles closing at or before it were fed already, or closed before the oldest
    /// resting order or open position began.
    pub fn watched(&self) -> Vec<(Symbol, DateTime<Utc>)> {
        let starts = self
            .open
            .values()
            .map(|o| (&o.request.symbol, o.placed_at))
            .chain(self.positions.iter().map(|(s, p)| (s, p.opened_at)));
        let mut earliest: std::collections::BTreeMap<&Symbol, DateTime<Utc>> = Default::default();
        for (symbol, start) in starts {
            let slot = earliest.entry(symbol).or_insert(start);
            *slot = (*slot).min(start);
        }
        earliest
            .into_iter()
            .map(|(symbol, start)| {
                let before_start = start - TimeDelta::milliseconds(1);
                let since = self
                    .fed
                    .get(symbol)
                    .map_or(before_start, |fed| (*fed).max(before_start));
                (symbol.clone(), since)
            })
            .collect()
    }

    /// When the last candle of `symbol` fed to the account closed.
    pub fn fed_through(&self, symbol: &Symbol) -> Option<DateTime<Utc>> {
        self.fed.get(symbol).copied()
    }

    /// Feeds `candles` of `symbol` (oldest first, final ones only) and reports every order
    /// they changed. A candle closing at or before the last one fed is skipped.
    pub fn feed(&mut self, symbol: &Symbol, candles: &[Candle]) -> Vec<OrderReport> {
        let mut reports = Vec::new();
        for candle in candles {
            if self
                .fed
                .get(symbol)
                .is_some_and(|fed| candle.close_time <= *fed)
            {
                continue;
            }
            reports.extend(self.on_candle(symbol, candle));
            self.fed.insert(symbol.clone(), candle.close_time);
        }
        reports
    }
}
