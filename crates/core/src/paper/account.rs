//! The paper account itself and what can be asked of it: balances, positions, orders by client
//! id, open orders, leverage, and cancelling. Placing orders and feeding candles live in their
//! own files; this one also holds the small bookkeeping steps (locking, releasing) they share.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::state::{Holding, OpenPosition, PaperOrder};
use super::{DEFAULT_LEVERAGE, MAX_LEVERAGE, PaperConfig, PaperMode, VENUE};
use crate::field::FieldError;
use crate::market::{
    Balance, ClientOrderId, ExchangeError, OrderReport, OrderStatus, Position, Symbol,
};

/// A simulated exchange account. All of its state is serde data: save it after every change,
/// restore it with `serde_json::from_str` (or any serde format) on start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperAccount {
    pub(super) config: PaperConfig,
    pub(super) holdings: BTreeMap<String, Holding>,
    /// Futures leverage chosen per symbol; others use [`DEFAULT_LEVERAGE`].
    pub(super) leverage: BTreeMap<Symbol, u32>,
    pub(super) positions: BTreeMap<Symbol, OpenPosition>,
    /// Orders still resting.
    pub(super) open: BTreeMap<ClientOrderId, PaperOrder>,
    /// Filled, cancelled and rejected orders, kept so they can be looked up by client id.
    pub(super) done: BTreeMap<ClientOrderId, PaperOrder>,
    /// The latest price seen per symbol (placement or candle close), for unrealised PnL.
    pub(super) marks: BTreeMap<Symbol, Decimal>,
    /// Futures PnL realised per symbol, fees not included, liquidations included.
    pub(super) realized_pnl: BTreeMap<Symbol, Decimal>,
    /// The last order sequence number handed out.
    pub(super) sequence: u64,
    /// Close time of the last candle fed per symbol (see `feed`).
    #[serde(default)]
    pub(super) fed: BTreeMap<Symbol, DateTime<Utc>>,
}

impl PaperAccount {
    /// Opens an account with `config`'s starting balances, after checking its settings.
    pub fn new(config: PaperConfig) -> Result<Self, FieldError> {
        config.check()?;
        let holdings = config
            .balances
            .iter()
            .map(|(asset, amount)| {
                let holding = Holding {
                    free: *amount,
                    locked: Decimal::ZERO,
                };
                (asset.clone(), holding)
            })
            .collect();
        Ok(Self {
            config,
            holdings,
            leverage: BTreeMap::new(),
            positions: BTreeMap::new(),
            open: BTreeMap::new(),
            done: BTreeMap::new(),
            marks: BTreeMap::new(),
            realized_pnl: BTreeMap::new(),
            sequence: 0,
            fed: BTreeMap::new(),
        })
    }

    pub fn config(&self) -> &PaperConfig {
        &self.config
    }

    /// What the venue knows of order `id`; `None` if it never received it.
    pub fn order(&self, id: &ClientOrderId) -> Option<OrderReport> {
        self.open
            .get(id)
            .or_else(|| self.done.get(id))
            .map(PaperOrder::report)
    }

    /// Resting orders, of one symbol or all, oldest first.
    pub fn open_orders(&self, symbol: Option<&Symbol>) -> Vec<OrderReport> {
        let mut orders: Vec<&PaperOrder> = self
            .open
            .values()
            .filter(|o| symbol.is_none_or(|s| *s == o.request.symbol))
            .collect();
        orders.sort_by_key(|o| o.sequence);
        orders.into_iter().map(PaperOrder::report).collect()
    }

    /// Resting orders with what they asked for, oldest first (for the account's screen).
    pub fn resting(&self) -> Vec<super::PaperOpenOrder> {
        let mut orders: Vec<&PaperOrder> = self.open.values().collect();
        orders.sort_by_key(|o| o.sequence);
        orders
            .into_iter()
            .map(|o| super::PaperOpenOrder {
                request: o.request.clone(),
                status: o.status,
                placed_at: o.placed_at,
            })
            .collect()
    }

    /// Every asset the account has held, by name. On futures, `locked` is what open orders
    /// hold plus the isolated margin of the open positions; `free` is what can still be used.
    pub fn balances(&self) -> Vec<Balance> {
        self.holdings
            .keys()
            .map(|asset| self.balance(asset))
            .collect()
    }

    /// One asset's balance (zero if the account never held it).
    pub fn balance(&self, asset: &str) -> Balance {
        let holding = self.holdings.get(asset).cloned().unwrap_or_default();
        let margins: Decimal = self
            .positions
            .values()
            .filter(|p| p.quote_asset == asset)
            .map(|p| p.margin)
            .sum();
        Balance {
            asset: asset.to_owned(),
            free: holding.free,
            locked: holding.locked + margins,
        }
    }

    /// Open futures positions, by symbol; unrealised PnL is at the latest price seen.
    pub fn positions(&self) -> Vec<Position> {
        self.positions
            .keys()
            .filter_map(|symbol| self.position(symbol))
            .collect()
    }

    /// The open futures position of `symbol`, if any.
    pub fn position(&self, symbol: &Symbol) -> Option<Position> {
        let p = self.positions.get(symbol)?;
        let mark = self.marks.get(symbol).copied().unwrap_or(p.entry_price);
        Some(Position {
            symbol: symbol.clone(),
            quantity: p.quantity,
            entry_price: p.entry_price,
            leverage: p.leverage,
            liquidation_price: Some(p.liquidation_price()),
            unrealized_pnl: (mark - p.entry_price) * p.quantity,
        })
    }

    /// Futures PnL realised on `symbol` so far (fees not included, liquidations included).
    pub fn realized_pnl(&self, symbol: &Symbol) -> Decimal {
        self.realized_pnl.get(symbol).copied().unwrap_or_default()
    }

    /// The futures leverage of `symbol`.
    pub fn leverage(&self, symbol: &Symbol) -> u32 {
        self.leverage
            .get(symbol)
            .copied()
            .unwrap_or(DEFAULT_LEVERAGE)
    }

    /// Sets the futures leverage of `symbol` (1..=125, field `leverage`). Refused on spot, and
    /// while the symbol has a position or open orders (their margin was worked out at the old
    /// leverage).
    pub fn set_leverage(&mut self, symbol: &Symbol, leverage: u32) -> Result<u32, ExchangeError> {
        if self.config.mode == PaperMode::Spot {
            return Err(refuse("spot accounts have no leverage"));
        }
        if !(1..=MAX_LEVERAGE).contains(&leverage) {
            return Err(FieldError::new(
                "leverage",
                format!("is {leverage}; use 1 to {MAX_LEVERAGE}"),
            )
            .into());
        }
        let busy = self.positions.contains_key(symbol)
            || self.open.values().any(|o| o.request.symbol == *symbol);
        if busy && self.leverage(symbol) != leverage {
            return Err(refuse(format!(
                "{symbol} has a position or open orders; close and cancel them before changing \
                 its leverage"
            )));
        }
        self.leverage.insert(symbol.clone(), leverage);
        Ok(leverage)
    }

    /// Cancels the open order `id` of `symbol` and releases what it locked.
    pub fn cancel(
        &mut self,
        symbol: &Symbol,
        id: &ClientOrderId,
        at: DateTime<Utc>,
    ) -> Result<OrderReport, ExchangeError> {
        let on_symbol = self
            .open
            .get(id)
            .is_some_and(|o| o.request.symbol == *symbol);
        // Removed only when it is this symbol's: a refusal changes nothing.
        let order = if on_symbol {
            self.open.remove(id)
        } else {
            None
        };
        match order {
            Some(order) => Ok(self.finish(order, OrderStatus::Cancelled, at, None)),
            None => {
                let why = match self.done.get(id) {
                    Some(order) => format!("it is already {:?}", order.status).to_lowercase(),
                    None => "the account has no such open order".to_owned(),
                };
                Err(refuse(format!("cannot cancel {id} on {symbol}: {why}")))
            }
        }
    }

    /// Ends an order taken off the book as `status`: releases its lock, files it as done.
    pub(super) fn finish(
        &mut self,
        mut order: PaperOrder,
        status: OrderStatus,
        at: DateTime<Utc>,
        note: Option<String>,
    ) -> OrderReport {
        self.release(&mut order);
        order.status = status;
        order.updated_at = at;
        if note.is_some() {
            order.note = note;
        }
        self.file(order)
    }

    /// Files a final order and returns its report.
    pub(super) fn file(&mut self, order: PaperOrder) -> OrderReport {
        let report = order.report();
        self.done
            .insert(order.request.client_order_id.clone(), order);
        report
    }

    /// Returns an order's locked balance to the free balance.
    pub(super) fn release(&mut self, order: &mut PaperOrder) {
        if let Some(lock) = order.lock.take() {
            let holding = self.holding_mut(&lock.asset);
            holding.locked -= lock.amount;
            holding.free += lock.amount;
        }
    }

    pub(super) fn free(&self, asset: &str) -> Decimal {
        self.holdings.get(asset).map_or(Decimal::ZERO, |h| h.free)
    }

    pub(super) fn holding_mut(&mut self, asset: &str) -> &mut Holding {
        self.holdings.entry(asset.to_owned()).or_default()
    }

    /// Whether `id` was ever used (Binance refuses a reused client order id).
    pub(super) fn knows(&self, id: &ClientOrderId) -> bool {
        self.open.contains_key(id) || self.done.contains_key(id)
    }
}

/// The paper venue's refusal.
pub(super) fn refuse(message: impl Into<String>) -> ExchangeError {
    ExchangeError::Rejected {
        venue: VENUE,
        code: None,
        message: message.into(),
    }
}
