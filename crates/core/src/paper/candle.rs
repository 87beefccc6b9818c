//! Feeding a candle to the paper account: the resting orders and open positions of its symbol
//! meet the candle's range, in the order the price is assumed to have visited them (see
//! [`CandlePath`]). Buy limits fill when the low reaches them and sell limits when the high
//! does, at the limit price with the maker fee; stops trigger when the market trades through
//! them and fill at the stop with slippage and the taker fee; a futures position whose
//! liquidation price is crossed is closed there and loses its margin.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::PaperAccount;
use super::PaperMode;
use super::path::CandlePath;
use super::settle::{self, FuturesTrade};
use super::state::PaperOrder;
use crate::market::{
    Candle, ClientOrderId, Fill, OrderKind, OrderReport, OrderRequest, OrderStatus, Side, Symbol,
};

/// What happens next on the candle's path.
enum Event {
    Trigger(ClientOrderId),
    Liquidate,
}

impl PaperAccount {
    /// Runs `candle` of `symbol` against the account and reports every order it changed, in
    /// the order it happened (liquidations are reported as orders with an `autoclose-` id,
    /// like Binance's). Orders placed after the candle closed are left alone; a candle that
    /// contains the instant an order was placed counts in full, as candles carry no time
    /// inside them. A malformed candle (low above high, open or close outside them, a price
    /// not above 0) is ignored. Fills are stamped with the candle's close time.
    pub fn on_candle(&mut self, symbol: &Symbol, candle: &Candle) -> Vec<OrderReport> {
        let sane = candle.low > Decimal::ZERO
            && candle.low <= candle.open.min(candle.close)
            && candle.high >= candle.open.max(candle.close);
        if !sane {
            return Vec::new();
        }
        let short = self.positions.get(symbol).is_some_and(|p| !p.is_long());
        let path = CandlePath::new(candle, !short);
        let mut from = Decimal::ZERO;
        let mut reports = Vec::new();
        while let Some((at, event)) = self.next_event(symbol, candle, &path, from) {
            from = at;
            match event {
                Event::Trigger(id) => reports.extend(self.trigger(&id, candle)),
                Event::Liquidate => reports.extend(self.liquidate(symbol, candle)),
            }
        }
        self.marks.insert(symbol.clone(), candle.close);
        reports
    }

    /// The first thing the path reaches at `from` or later. Ties: a liquidation first (the
    /// worse outcome), then stops, then limits, then the older order.
    fn next_event(
        &self,
        symbol: &Symbol,
        candle: &Candle,
        path: &CandlePath,
        from: Decimal,
    ) -> Option<(Decimal, Event)> {
        let live = |placed: DateTime<Utc>| placed <= candle.close_time;
        let liquidation = self
            .positions
            .get(symbol)
            .filter(|p| live(p.opened_at))
            .and_then(|p| path.first_reach(p.liquidation_price(), p.is_long(), from))
            .map(|at| ((at, 0, 0), Event::Liquidate));
        let orders = self
            .open
            .values()
            .filter(|o| o.request.symbol == *symbol && live(o.placed_at))
            .filter_map(|o| {
                let (level, down) = o.trigger()?;
                let at = path.first_reach(level, down, from)?;
                let rank = if o.is_stop() { 1 } else { 2 };
                let event = Event::Trigger(o.request.client_order_id.clone());
                Some(((at, rank, o.sequence), event))
            });
        liquidation
            .into_iter()
            .chain(orders)
            .min_by_key(|(key, _)| *key)
            .map(|((at, _, _), event)| (at, event))
    }

    /// Fills the triggered order `id` at its fill price, and whatever that strands.
    fn trigger(&mut self, id: &ClientOrderId, candle: &Candle) -> Vec<OrderReport> {
        let Some(mut order) = self.open.remove(id) else {
            return Vec::new();
        };
        let at = candle.close_time;
        if order.is_stop()
            && let Some(note) = self.stop_loss_first_note(&order, candle)
        {
            order.note = Some(note);
        }
        self.release(&mut order);
        let (quantity, price, rate) = (order.request.quantity, order.fill_price, order.fee_rate);
        order.updated_at = at;
        if self.config.mode == PaperMode::Spot {
            // The lock released above is exactly the cost (buys) or quantity (sells).
            self.apply_spot(&mut order, quantity, price, rate);
            order.status = OrderStatus::Filled;
            return vec![self.file(order)];
        }
        let trade = FuturesTrade {
            side: order.request.side,
            quantity,
            price,
            fee_rate: rate,
            leverage: self.leverage(&order.request.symbol),
            reduce_only: order.request.reduce_only,
            base_asset: &order.base_asset,
            quote_asset: &order.quote_asset,
            at,
        };
        let position = self.positions.get(&order.request.symbol);
        let fill = match settle::futures(position, &trade) {
            Ok(fill) if fill.debit <= self.free(&order.quote_asset) + fill.credit => fill,
            Ok(_) => {
                let note = "rejected when it triggered: not enough free margin".to_owned();
                return vec![self.finish(order, OrderStatus::Rejected, at, Some(note))];
            }
            Err(why) => {
                let note = format!("cancelled when it triggered: {why}");
                return vec![self.finish(order, OrderStatus::Cancelled, at, Some(note))];
            }
        };
        order.status = OrderStatus::Filled;
        let stranded = self.apply_futures(&mut order, fill, price, at);
        let mut reports = vec![self.file(order)];
        reports.extend(stranded);
        reports
    }

    /// When a stop-loss triggers and a take-profit of the same position (a limit on the same
    /// side) also lies inside the candle, the note saying the stop-loss was assumed first.
    fn stop_loss_first_note(&self, stop: &PaperOrder, candle: &Candle) -> Option<String> {
        let side = stop.request.side;
        let protects = match self.config.mode {
            PaperMode::Spot => side == Side::Sell,
            PaperMode::Futures => self
                .positions
                .get(&stop.request.symbol)
                .is_some_and(|p| p.is_long() != (side == Side::Buy)),
        };
        let (OrderKind::StopMarket { stop: level }, true) = (&stop.request.kind, protects) else {
            return None;
        };
        let take_profit = self
            .open
            .values()
            .filter(|o| o.request.symbol == stop.request.symbol && o.request.side == side)
            .filter(|o| o.placed_at <= candle.close_time)
            .find_map(|o| match o.request.kind {
                OrderKind::Limit { price } if side == Side::Sell && candle.high >= price => {
                    Some(price)
                }
                OrderKind::Limit { price } if side == Side::Buy && candle.low <= price => {
                    Some(price)
                }
                _ => None,
            })?;
        Some(format!(
            "stop-loss {level} and take-profit {take_profit} were both inside the candle opened \
             {} (low {}, high {}); the stop-loss was assumed to hit first (the conservative \
             assumption)",
            candle.open_time.to_rfc3339(),
            candle.low,
            candle.high
        ))
    }

    /// Closes `symbol`'s position at its liquidation price; its isolated margin is lost.
    fn liquidate(&mut self, symbol: &Symbol, candle: &Candle) -> Vec<OrderReport> {
        let Some(position) = self.positions.remove(symbol) else {
            return Vec::new();
        };
        let at = candle.close_time;
        let price = position.liquidation_price();
        let (side, extreme, word) = if position.is_long() {
            (Side::Sell, candle.low, "low")
        } else {
            (Side::Buy, candle.high, "high")
        };
        *self.realized_pnl.entry(symbol.clone()).or_default() -= position.margin;
        // Binance names its liquidation orders `autoclose-…`; skip any a trader used.
        let (id, client_order_id) = loop {
            self.sequence += 1;
            let id = format!("autoclose-{}", self.sequence);
            if let Ok(parsed) = ClientOrderId::parse(&id)
                && !self.knows(&parsed)
            {
                break (id, parsed);
            }
        };
        let note = format!(
            "liquidated: the candle's {word} {extreme} crossed the liquidation price {} \
             ({}× isolated, entry {}); the position was closed there and its margin of {} {} \
             was lost",
            price.normalize(),
            position.leverage,
            position.entry_price.normalize(),
            position.margin.normalize(),
            position.quote_asset
        );
        let quantity = position.quantity.abs();
        let order = PaperOrder {
            request: OrderRequest {
                client_order_id,
                symbol: symbol.clone(),
                side,
                kind: OrderKind::Market,
                quantity,
                reduce_only: true,
            },
            base_asset: position.base_asset.clone(),
            quote_asset: position.quote_asset.clone(),
            sequence: self.sequence,
            status: OrderStatus::Filled,
            placed_at: at,
            updated_at: at,
            fill_price: price,
            fee_rate: Decimal::ZERO,
            lock: None,
            fills: vec![Fill {
                price,
                quantity,
                fee: Decimal::ZERO,
                fee_asset: position.quote_asset.clone(),
            }],
            realized_pnl: -position.margin,
            note: Some(note),
        };
        let mut reports = vec![self.file(order)];
        reports.extend(self.cancel_stranded(symbol, at, &format!("liquidation {id}")));
        reports
    }
}
