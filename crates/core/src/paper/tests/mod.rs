//! Scenario tests of the paper account, worked by hand to the last digit (the arithmetic is in
//! the comments), plus a property test over random order and candle sequences. Shared
//! builders live here so each scenario reads as the trader's story.

mod feed;
mod futures;
mod props;
mod spot;

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use rust_decimal::Decimal;

use super::{PaperAccount, PaperConfig, PaperMode};
use crate::market::{
    Balance, Candle, ClientOrderId, OrderKind, OrderReport, OrderRequest, Side, Symbol,
    SymbolFilters,
};

pub(super) const ASSETS: (&str, &str) = ("BTC", "USDT");

pub(super) fn d(text: &str) -> Decimal {
    text.parse()
        .unwrap_or_else(|e| panic!("{text} is not a decimal: {e}"))
}

/// `minutes` after 2026-01-05 00:00 UTC.
pub(super) fn t(minutes: i64) -> DateTime<Utc> {
    let start = Utc.with_ymd_and_hms(2026, 1, 5, 0, 0, 0).single();
    start.unwrap_or_default() + TimeDelta::minutes(minutes)
}

pub(super) fn btcusdt() -> Symbol {
    Symbol::parse("BTCUSDT").unwrap_or_else(|e| panic!("{e}"))
}

/// BTCUSDT-like rules, loose enough not to get in the way of the arithmetic.
pub(super) fn filters() -> SymbolFilters {
    SymbolFilters {
        tick_size: d("0.01"),
        step_size: d("0.001"),
        min_qty: d("0.001"),
        max_qty: d("1000"),
        min_notional: d("5"),
    }
}

pub(super) fn order(id: &str, side: Side, kind: OrderKind, quantity: &str) -> OrderRequest {
    OrderRequest {
        client_order_id: ClientOrderId::parse(id).unwrap_or_else(|e| panic!("{e}")),
        symbol: btcusdt(),
        side,
        kind,
        quantity: d(quantity),
        reduce_only: false,
    }
}

pub(super) fn limit(price: &str) -> OrderKind {
    OrderKind::Limit { price: d(price) }
}

pub(super) fn stop(price: &str) -> OrderKind {
    OrderKind::StopMarket { stop: d(price) }
}

pub(super) fn id(text: &str) -> ClientOrderId {
    ClientOrderId::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

/// The 5-minute candle opening `minutes` after the start.
pub(super) fn candle(minutes: i64, open: &str, high: &str, low: &str, close: &str) -> Candle {
    Candle {
        open_time: t(minutes),
        close_time: t(minutes + 5) - TimeDelta::milliseconds(1),
        open: d(open),
        high: d(high),
        low: d(low),
        close: d(close),
        volume: Decimal::ONE,
    }
}

fn account(mode: PaperMode, balances: &[(&str, &str)], fees: (&str, &str, &str)) -> PaperAccount {
    let config = PaperConfig {
        mode,
        balances: balances
            .iter()
            .map(|(asset, amount)| ((*asset).to_owned(), d(amount)))
            .collect::<BTreeMap<_, _>>(),
        maker_fee_bps: d(fees.0),
        taker_fee_bps: d(fees.1),
        slippage_bps: d(fees.2),
    };
    PaperAccount::new(config).unwrap_or_else(|e| panic!("{e}"))
}

/// Spot: maker 8 bps (0.08 %), taker 10 bps (0.1 %), slippage 5 bps (0.05 %).
pub(super) fn spot(balances: &[(&str, &str)]) -> PaperAccount {
    account(PaperMode::Spot, balances, ("8", "10", "5"))
}

/// Futures: maker 2 bps (0.02 %), taker 5 bps (0.05 %), slippage 2 bps (0.02 %).
pub(super) fn futures(balances: &[(&str, &str)]) -> PaperAccount {
    account(PaperMode::Futures, balances, ("2", "5", "2"))
}

/// Placing an order the scenario expects to be accepted, with the BTCUSDT rules, at `last`
/// (the market price) `minute` minutes in.
pub(super) trait Accepts {
    fn put(&mut self, request: &OrderRequest, last: &str, minute: i64) -> OrderReport;
}

impl Accepts for PaperAccount {
    fn put(&mut self, request: &OrderRequest, last: &str, minute: i64) -> OrderReport {
        self.place(request, d(last), &filters(), ASSETS, t(minute))
            .unwrap_or_else(|e| panic!("{} was refused: {e}", request.client_order_id))
    }
}

/// `(free, locked)` of `asset`.
pub(super) fn held(account: &PaperAccount, asset: &str) -> (Decimal, Decimal) {
    let Balance { free, locked, .. } = account.balance(asset);
    (free, locked)
}
