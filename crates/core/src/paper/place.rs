//! Placing an order on the paper account. Everything is checked first — the symbol's rules,
//! the account's balances or margin, reduce-only — and only then does the account change, so a
//! refused order leaves it exactly as it was. Market orders (and limits already marketable)
//! fill at once as a taker; limits and stops rest with the balance they will need locked.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::account::refuse;
use super::settle::{self, FuturesTrade};
use super::state::{Lock, PaperOrder};
use super::{PaperAccount, PaperMode};
use crate::field::FieldError;
use crate::market::{
    ExchangeError, OrderKind, OrderReport, OrderRequest, OrderStatus, Side, SymbolFilters,
};

/// Largest notional the paper venue simulates (10^18 of the quote asset): far beyond any real
/// account, and far enough below `Decimal`'s range that no later sum can overflow.
const MAX_NOTIONAL: i64 = 1_000_000_000_000_000_000;

/// How an accepted order executes.
enum Plan {
    /// Fills now at `price` as a taker.
    Now {
        price: Decimal,
        note: Option<String>,
    },
    /// Rests until a candle reaches it, then fills at `price` paying `rate`.
    Rest { price: Decimal, rate: Decimal },
}

impl PaperAccount {
    /// Places `request` while the market is at `last_price`. `assets` are the symbol's base and
    /// quote assets (`("BTC", "USDT")`); on futures the quote asset is the margin asset.
    ///
    /// Refusals: [`ExchangeError::Invalid`] for input that breaks a rule (symbol filters,
    /// leverage, `reduce_only` on spot), [`ExchangeError::Rejected`] for what the venue would
    /// refuse (insufficient balance or margin, a reused client order id, a stop that would
    /// trigger at once, a reduce-only order with nothing to reduce). Either way nothing changes.
    pub fn place(
        &mut self,
        request: &OrderRequest,
        last_price: Decimal,
        filters: &SymbolFilters,
        assets: (&str, &str),
        at: DateTime<Utc>,
    ) -> Result<OrderReport, ExchangeError> {
        let (base, quote) = assets;
        if base.trim().is_empty() || quote.trim().is_empty() || base == quote {
            return Err(FieldError::new(
                "assets",
                format!("`{base}` and `{quote}` are not a base and a quote asset"),
            )
            .into());
        }
        if last_price <= Decimal::ZERO {
            return Err(FieldError::new(
                "last_price",
                format!("is {last_price}; a market price is above 0"),
            )
            .into());
        }
        let id = &request.client_order_id;
        if self.knows(id) {
            return Err(refuse(format!(
                "client order id {id} was already used; every order needs a new one"
            )));
        }
        if self.config.mode == PaperMode::Spot && request.reduce_only {
            return Err(FieldError::new(
                "reduce_only",
                "applies to futures only; a spot sell can only sell what the account holds",
            )
            .into());
        }
        let plan = self.plan(request, last_price, filters)?;
        let (fill_price, fee_rate, note) = match &plan {
            Plan::Now { price, note } => (*price, self.config.taker_rate(), note.clone()),
            Plan::Rest { price, rate } => (*price, *rate, None),
        };
        let order = PaperOrder {
            request: request.clone(),
            base_asset: base.to_owned(),
            quote_asset: quote.to_owned(),
            sequence: self.sequence + 1,
            status: OrderStatus::Acknowledged,
            placed_at: at,
            updated_at: at,
            fill_price,
            fee_rate,
            lock: None,
            fills: Vec::new(),
            realized_pnl: Decimal::ZERO,
            note,
        };
        let now = matches!(plan, Plan::Now { .. });
        let report = match (self.config.mode, now) {
            (PaperMode::Spot, true) => self.fill_spot_now(order)?,
            (PaperMode::Futures, true) => self.fill_futures_now(order, at)?,
            (_, false) => self.rest(order)?,
        };
        self.sequence += 1;
        self.marks.insert(request.symbol.clone(), last_price);
        Ok(report)
    }

    /// Checks the order against the symbol's rules and decides how it executes.
    fn plan(
        &self,
        request: &OrderRequest,
        last: Decimal,
        filters: &SymbolFilters,
    ) -> Result<Plan, ExchangeError> {
        let buy = request.side == Side::Buy;
        let (price, is_the_orders) = match request.kind {
            OrderKind::Market => (last, false),
            OrderKind::Limit { price } => (price, true),
            OrderKind::StopMarket { stop } => (stop, true),
        };
        let fits = request
            .quantity
            .checked_mul(price)
            .is_some_and(|notional| notional.abs() <= Decimal::from(MAX_NOTIONAL));
        if !fits {
            return Err(FieldError::new(
                "quantity",
                format!(
                    "{} × {price} is beyond what the paper venue simulates",
                    request.quantity
                ),
            )
            .into());
        }
        filters.check(request.quantity, price, is_the_orders)?;
        Ok(match request.kind {
            OrderKind::Market => Plan::Now {
                price: self.config.slipped(last, buy),
                note: None,
            },
            OrderKind::Limit { price } if (buy && price >= last) || (!buy && price <= last) => {
                // Like a venue, a limit the market has already passed fills at once, at the
                // market (with slippage) but never beyond the limit.
                let slipped = self.config.slipped(last, buy);
                Plan::Now {
                    price: if buy {
                        price.min(slipped)
                    } else {
                        price.max(slipped)
                    },
                    note: Some(format!(
                        "the limit {price} was marketable at {last}: filled at once as a taker"
                    )),
                }
            }
            OrderKind::Limit { price } => Plan::Rest {
                price,
                rate: self.config.maker_rate(),
            },
            OrderKind::StopMarket { stop } if (buy && stop <= last) || (!buy && stop >= last) => {
                let side = if buy { "buy" } else { "sell" };
                return Err(refuse(format!(
                    "the {side} stop {stop} would trigger immediately: the market is at {last}"
                )));
            }
            OrderKind::StopMarket { stop } => Plan::Rest {
                price: self.config.slipped(stop, buy),
                rate: self.config.taker_rate(),
            },
        })
    }

    fn fill_spot_now(&mut self, mut order: PaperOrder) -> Result<OrderReport, ExchangeError> {
        let (quantity, price, rate) = (order.request.quantity, order.fill_price, order.fee_rate);
        let (asset, needed, what) = match order.request.side {
            Side::Buy => (
                &order.quote_asset,
                settle::spot_buy_cost(quantity, price, rate),
                format!("buying {quantity} {} at {price}", order.base_asset),
            ),
            Side::Sell => (
                &order.base_asset,
                quantity,
                format!("selling {quantity} {}", order.base_asset),
            ),
        };
        check_free(asset, needed, self.free(asset), &what)?;
        self.apply_spot(&mut order, quantity, price, rate);
        order.status = OrderStatus::Filled;
        Ok(self.file(order))
    }

    fn fill_futures_now(
        &mut self,
        mut order: PaperOrder,
        at: DateTime<Utc>,
    ) -> Result<OrderReport, ExchangeError> {
        let symbol = &order.request.symbol;
        let position = self.positions.get(symbol);
        check_margin_asset(position.map(|p| p.quote_asset.as_str()), &order.quote_asset)?;
        let trade = FuturesTrade {
            side: order.request.side,
            quantity: order.request.quantity,
            price: order.fill_price,
            fee_rate: order.fee_rate,
            leverage: self.leverage(symbol),
            reduce_only: order.request.reduce_only,
            base_asset: &order.base_asset,
            quote_asset: &order.quote_asset,
            at,
        };
        let fill = settle::futures(position, &trade).map_err(refuse)?;
        let free = self.free(&order.quote_asset);
        let what = format!(
            "{} {} {symbol} at {} with {}× leverage",
            if trade.side == Side::Buy {
                "buying"
            } else {
                "selling"
            },
            trade.quantity,
            trade.price,
            trade.leverage
        );
        check_free(&order.quote_asset, fill.debit, free + fill.credit, &what)?;
        let price = order.fill_price;
        order.status = OrderStatus::Filled;
        // Reduce-only orders this fill strands are cancelled; their reports stay queryable.
        self.apply_futures(&mut order, fill, price, at);
        Ok(self.file(order))
    }

    /// Puts a limit or stop order on the book with what it will need locked: spot buys lock
    /// the quote asset (cost and fee at the fill price), spot sells the base asset, futures
    /// orders that may open a position the margin and fee; futures reduce-only orders nothing.
    fn rest(&mut self, mut order: PaperOrder) -> Result<OrderReport, ExchangeError> {
        let (quantity, price, rate) = (order.request.quantity, order.fill_price, order.fee_rate);
        let buy = order.request.side == Side::Buy;
        let lock = match self.config.mode {
            PaperMode::Spot if buy => Some(Lock {
                asset: order.quote_asset.clone(),
                amount: settle::spot_buy_cost(quantity, price, rate),
            }),
            PaperMode::Spot => Some(Lock {
                asset: order.base_asset.clone(),
                amount: quantity,
            }),
            PaperMode::Futures => {
                let position = self.positions.get(&order.request.symbol);
                check_margin_asset(position.map(|p| p.quote_asset.as_str()), &order.quote_asset)?;
                if order.request.reduce_only {
                    if position.is_none_or(|p| p.is_long() == buy) {
                        let (side, wanted) = if buy {
                            ("buy", "short")
                        } else {
                            ("sell", "long")
                        };
                        return Err(refuse(format!(
                            "a reduce-only {side} order needs a {wanted} position to reduce, and \
                             there is none"
                        )));
                    }
                    None
                } else {
                    let leverage = self.leverage(&order.request.symbol);
                    Some(Lock {
                        asset: order.quote_asset.clone(),
                        amount: settle::futures_open_cost(quantity, price, leverage, rate),
                    })
                }
            }
        };
        if let Some(lock) = &lock {
            let what = format!("resting this order at {price}");
            check_free(&lock.asset, lock.amount, self.free(&lock.asset), &what)?;
            let holding = self.holding_mut(&lock.asset);
            holding.free -= lock.amount;
            holding.locked += lock.amount;
        }
        order.lock = lock;
        let report = order.report();
        self.open
            .insert(order.request.client_order_id.clone(), order);
        Ok(report)
    }
}

/// Refuses when `needed` of `asset` is more than `free`, saying what needed it.
fn check_free(
    asset: &str,
    needed: Decimal,
    free: Decimal,
    what: &str,
) -> Result<(), ExchangeError> {
    if needed <= free {
        return Ok(());
    }
    Err(refuse(format!(
        "insufficient {asset} balance: {what} needs {} {asset} (fee included), and {} is free",
        needed.normalize(),
        free.normalize()
    )))
}

/// Refuses an order whose quote asset is not the margin asset of the symbol's position.
fn check_margin_asset(position: Option<&str>, quote: &str) -> Result<(), ExchangeError> {
    match position {
        Some(margin) if margin != quote => Err(FieldError::new(
            "assets",
            format!("the position's margin is in {margin}, not {quote}"),
        )
        .into()),
        _ => Ok(()),
    }
}
