//! Applying a fill to the account, shared by orders filled when placed and orders triggered by
//! a candle: spot fills move the two assets, futures fills move margin between the free balance
//! and the position. By the time these run, every check has passed; they cannot fail.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::PaperAccount;
use super::settle::{self, FuturesFill};
use super::state::PaperOrder;
use crate::market::{Fill, OrderKind, OrderReport, OrderStatus, Side, Symbol};

impl PaperAccount {
    /// Spot: pays for a buy in the quote asset (fee on top) or sells the base asset for the
    /// quote asset (fee deducted), and records the fill on `order`.
    pub(super) fn apply_spot(
        &mut self,
        order: &mut PaperOrder,
        quantity: Decimal,
        price: Decimal,
        rate: Decimal,
    ) {
        let (base, quote) = (order.base_asset.clone(), order.quote_asset.clone());
        match order.request.side {
            Side::Buy => {
                self.holding_mut(&quote).free -= settle::spot_buy_cost(quantity, price, rate);
                self.holding_mut(&base).free += quantity;
            }
            Side::Sell => {
                self.holding_mut(&base).free -= quantity;
                self.holding_mut(&quote).free += settle::spot_sell_proceeds(quantity, price, rate);
            }
        }
        order.fills.push(Fill {
            price,
            quantity,
            fee: settle::fee(quantity, price, rate),
            fee_asset: quote,
        });
    }

    /// Futures: settles a worked-out fill (margin and fee out, released margin and PnL in),
    /// records it on `order`, and cancels the reduce-only orders it left nothing to reduce.
    pub(super) fn apply_futures(
        &mut self,
        order: &mut PaperOrder,
        fill: FuturesFill,
        price: Decimal,
        at: DateTime<Utc>,
    ) -> Vec<OrderReport> {
        let symbol = order.request.symbol.clone();
        let quote = order.quote_asset.clone();
        if fill.filled < order.request.quantity {
            let cut = format!(
                "reduce-only: cut from {} to the position's {}",
                order.request.quantity, fill.filled
            );
            order.note = Some(match order.note.take() {
                Some(note) => format!("{note}; {cut}"),
                None => cut,
            });
        }
        let holding = self.holding_mut(&quote);
        holding.free = holding.free + fill.credit - fill.debit;
        match fill.position {
            Some(position) => self.positions.insert(symbol.clone(), position),
            None => self.positions.remove(&symbol),
        };
        *self.realized_pnl.entry(symbol.clone()).or_default() += fill.realized_pnl;
        order.realized_pnl += fill.realized_pnl;
        order.fills.push(Fill {
            price,
            quantity: fill.filled,
            fee: fill.fee,
            fee_asset: quote,
        });
        let by = format!("order {}", order.request.client_order_id);
        self.cancel_stranded(&symbol, at, &by)
    }

    /// Cancels the reduce-only orders of `symbol` that no longer have a position to reduce
    /// (Binance does the same when a position closes), saying what closed it.
    pub(super) fn cancel_stranded(
        &mut self,
        symbol: &Symbol,
        at: DateTime<Utc>,
        by: &str,
    ) -> Vec<OrderReport> {
        let long = self.positions.get(symbol).map(|p| p.is_long());
        let stranded: Vec<_> = self
            .open
            .values()
            .filter(|o| o.request.symbol == *symbol && o.request.reduce_only)
            .filter(|o| long.is_none_or(|long| long == (o.request.side == Side::Buy)))
            .map(|o| o.request.client_order_id.clone())
            .collect();
        let mut reports = Vec::new();
        for id in stranded {
            let Some(order) = self.open.remove(&id) else {
                continue;
            };
            let wanted = if order.request.side == Side::Buy {
                "short"
            } else {
                "long"
            };
            let what = match order.request.kind {
                OrderKind::StopMarket { .. } => "stop",
                _ => "limit",
            };
            let note = format!(
                "cancelled: a reduce-only {what} order, and {by} left no {wanted} position to \
                 reduce"
            );
            reports.push(self.finish(order, OrderStatus::Cancelled, at, Some(note)));
        }
        reports
    }
}
