//! The simulated account: cash, at most one position, and the fills that change them.
//!
//! Its arithmetic is backtesting.py 0.6.6's, down to the order of the floating-point
//! operations, so that the same strategy on the same candles gives the same quantities and
//! the same final equity to the last digit:
//! - an entry's commission leaves the cash at the entry; the exit adds the price move less the
//!   exit's commission; a trade's P&L is the move less both;
//! - an entry is sized with backtesting.py's "all of it" fraction `1 − ε` of the equity,
//!   divided by `price + commission per unit`, floored (to a unit, or to 1e-8 of one);
//! - equity is cash plus the open position's value at the mark price less its cost.

use super::report::{ExitReason, Trade, TradeSide};
use super::settings::BacktestSettings;
use crate::market::Bar;
use crate::strategy::{Action, Decision};

/// backtesting.py's default order size, `1 − ε`: "as much as the equity buys".
const ALL_IN: f64 = 1.0 - f64::EPSILON;

/// The position held now.
#[derive(Debug, Clone, Copy)]
struct Position {
    /// Units, negative for a short.
    size: f64,
    entry_price: f64,
    entry_index: usize,
    entry_time: i64,
    stop_loss: Option<f64>,
    take_profit: Option<f64>,
}

impl Position {
    fn side(&self) -> TradeSide {
        if self.size > 0.0 {
            TradeSide::Long
        } else {
            TradeSide::Short
        }
    }

    /// The move to `price` in cash (backtesting.py's `Trade.pl` before commissions).
    fn move_to(&self, price: f64) -> f64 {
        self.size * (price - self.entry_price)
    }
}

/// Cash, the position, and the trades so far.
#[derive(Debug)]
pub(super) struct Book {
    settings: BacktestSettings,
    cash: f64,
    position: Option<Position>,
    pub(super) trades: Vec<Trade>,
    /// Candles covered by closed trades so far, and the first candle not yet counted.
    pub(super) exposed_bars: usize,
    uncovered_from: usize,
}

impl Book {
    pub(super) fn new(settings: BacktestSettings) -> Self {
        Self {
            settings,
            cash: settings.cash,
            position: None,
            trades: Vec::new(),
            exposed_bars: 0,
            uncovered_from: 0,
        }
    }

    /// Cash plus the open position marked to `price` (backtesting.py marks it as
    /// `price × size − size × entry`, which rounds differently from `size × (price − entry)`).
    pub(super) fn equity(&self, price: f64) -> f64 {
        match &self.position {
            Some(p) => self.cash + (price * p.size - p.size * p.entry_price),
            None => self.cash,
        }
    }

    /// Acts on the previous candle's decision at candle `index`'s open: every BUY or SELL
    /// closes the position held (also one on the same side), then BUY opens a long and SELL a
    /// short when shorts are allowed.
    pub(super) fn act(&mut self, index: usize, bar: &Bar, decision: &Decision) {
        let side = match decision.action {
            Action::Hold => return,
            Action::Buy => Some(TradeSide::Long),
            Action::Sell if self.settings.allow_short => Some(TradeSide::Short),
            Action::Sell => None,
        };
        if let Some(held) = self.position {
            let reason = match side {
                Some(s) if s != held.side() => ExitReason::Reverse,
                _ => ExitReason::Signal,
            };
            self.close(index, bar.open_time, bar.open, reason);
        }
        if let Some(side) = side {
            self.open(index, bar, side, decision);
        }
    }

    fn open(&mut self, index: usize, bar: &Bar, side: TradeSide, decision: &Decision) {
        let price = bar.open;
        let commission = self.settings.commission;
        // backtesting.py: `adjusted_price + commission(size, price) / |size|` for the fraction.
        let per_unit = price + ALL_IN * price * commission / ALL_IN;
        let budget = self.equity(price).max(0.0) * ALL_IN;
        let units = if self.settings.whole_units {
            floor_div(budget, per_unit)
        } else {
            (budget / per_unit * 1e8).floor() / 1e8
        };
        if units.is_nan() || units <= 0.0 {
            return;
        }
        let size = match side {
            TradeSide::Long => units,
            TradeSide::Short => -units,
        };
        self.cash -= units * price * commission;
        self.position = Some(Position {
            size,
            entry_price: price,
            entry_index: index,
            entry_time: bar.open_time,
            stop_loss: decision.stop_loss,
            take_profit: decision.take_profit,
        });
    }

    /// Checks the position's stop, then its take-profit, against candle `index`'s range: the
    /// stop first when both are inside one candle (the pessimistic reading); a gap through
    /// either fills at the open.
    pub(super) fn check_exits(&mut self, index: usize, bar: &Bar) {
        let Some(p) = self.position else { return };
        let long = p.size > 0.0;
        if let Some(stop) = p.stop_loss {
            let hit = if long {
                bar.low <= stop
            } else {
                bar.high >= stop
            };
            if hit {
                let price = if long {
                    bar.open.min(stop)
                } else {
                    bar.open.max(stop)
                };
                self.close(index, bar.open_time, price, ExitReason::StopLoss);
                return;
            }
        }
        if let Some(take) = p.take_profit {
            let hit = if long {
                bar.high >= take
            } else {
                bar.low <= take
            };
            if hit {
                let price = if long {
                    bar.open.max(take)
                } else {
                    bar.open.min(take)
                };
                self.close(index, bar.open_time, price, ExitReason::TakeProfit);
            }
        }
    }

    /// Closes the position at `price` on candle `index`, recording the trade.
    pub(super) fn close(&mut self, index: usize, time: i64, price: f64, reason: ExitReason) {
        let Some(p) = self.position.take() else {
            return;
        };
        let commission = self.settings.commission;
        let units = p.size.abs();
        let exit_fee = units * price * commission;
        self.cash += p.move_to(price) - exit_fee;
        let fees = exit_fee + units * p.entry_price * commission;
        let gross_pct = p.size.signum() * (price / p.entry_price - 1.0);
        self.trades.push(Trade {
            side: p.side(),
            entry_time: p.entry_time,
            exit_time: time,
            entry_price: p.entry_price,
            exit_price: price,
            quantity: units,
            pnl: p.move_to(price) - fees,
            return_pct: (gross_pct - fees / (units * p.entry_price)) * 100.0,
            exit_reason: reason,
        });
        let from = p.entry_index.max(self.uncovered_from);
        if index >= from {
            self.exposed_bars += index - from + 1;
        }
        self.uncovered_from = self.uncovered_from.max(index + 1);
    }

    /// Lists the position still open after the last candle, marked to its close; not a trade
    /// (no exit fee is charged, and it is not counted).
    pub(super) fn list_open(&mut self, last: &Bar) {
        let Some(p) = self.position else { return };
        let price = last.close;
        let units = p.size.abs();
        let entry_fee = units * p.entry_price * self.settings.commission;
        let gross_pct = p.size.signum() * (price / p.entry_price - 1.0);
        self.trades.push(Trade {
            side: p.side(),
            entry_time: p.entry_time,
            exit_time: last.open_time,
            entry_price: p.entry_price,
            exit_price: price,
            quantity: units,
            pnl: p.move_to(price) - entry_fee,
            return_pct: (gross_pct - entry_fee / (units * p.entry_price)) * 100.0,
            exit_reason: ExitReason::Open,
        });
    }

    /// Whether a position is open.
    pub(super) fn holds(&self) -> bool {
        self.position.is_some()
    }

    /// Gives up after the equity reached zero: closes at `price`, and no cash is left.
    pub(super) fn wipe_out(&mut self, index: usize, bar: &Bar) {
        self.close(index, bar.open_time, bar.close, ExitReason::OutOfMoney);
        self.cash = 0.0;
    }
}

/// Python's `a // b` for positive floats (CPython's `float_floor_div`): `(a − fmod(a, b)) / b`
/// rounded to the nearest whole number. It can differ from `floor(a / b)` by one when `a / b`
/// rounds up to a whole number, and backtesting.py sizes orders with it.
fn floor_div(a: f64, b: f64) -> f64 {
    let div = (a - a % b) / b;
    let floor = div.floor();
    if div - floor > 0.5 {
        floor + 1.0
    } else {
        floor
    }
}
