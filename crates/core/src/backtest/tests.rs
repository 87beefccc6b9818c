//! The backtester's rules, hand-checked on the first real ETHBTC 5-minute candles with a
//! scripted strategy (it decides what the test says, on the candle the test says), so each
//! fill bar, price, fee and quantity can be worked out on paper.

use std::sync::atomic::AtomicBool;

use super::*;
use crate::strategy::Decision;

/// ETHBTC 5m, 2018-01-10 from 05:35 UTC: open_time, open, high, low, close.
const CANDLES: [(i64, f64, f64, f64, f64); 12] = [
    (1515560100000, 0.0984, 0.0994766, 0.09828605, 0.0994766),
    (1515560400000, 0.09946999, 0.0997238, 0.099, 0.09969),
    (1515560700000, 0.09969, 0.10072981, 0.09900001, 0.09999),
    (1515561000000, 0.09999, 0.10030001, 0.0988, 0.09900001),
    (1515561300000, 0.099, 0.09959999, 0.0987, 0.099),
    (1515561600000, 0.09899779, 0.099, 0.0961, 0.0971),
    (1515561900000, 0.09709011, 0.09867488, 0.097, 0.0978),
    (1515562200000, 0.09780002, 0.09811, 0.09773103, 0.09807),
    (1515562500000, 0.09807, 0.09867488, 0.0979, 0.09809501),
    (1515562800000, 0.09809506, 0.09828, 0.096597, 0.0967983),
    (1515563100000, 0.09659711, 0.09683, 0.095, 0.09607),
    (1515563400000, 0.09652567, 0.097601, 0.09588917, 0.09640003),
];

fn bars() -> Vec<Bar> {
    CANDLES
        .iter()
        .map(|&(open_time, open, high, low, close)| Bar {
            open_time,
            open,
            high,
            low,
            close,
            volume: 1.0,
        })
        .collect()
}

/// Decides `script[i]` on candle `i` (HOLD where the script says nothing).
#[derive(Debug)]
struct Scripted {
    script: Vec<(usize, Action, Option<f64>, Option<f64>)>,
    seen: usize,
}

impl Scripted {
    fn new(script: &[(usize, Action, Option<f64>, Option<f64>)]) -> Self {
        Self {
            script: script.to_vec(),
            seen: 0,
        }
    }
}

impl Strategy for Scripted {
    fn name(&self) -> &'static str {
        "scripted"
    }
    fn warmup(&self) -> usize {
        0
    }
    fn decide(&mut self, _bar: &Bar) -> Result<Decision, StrategyError> {
        let i = self.seen;
        self.seen += 1;
        Ok(match self.script.iter().find(|s| s.0 == i) {
            Some(&(_, action, stop_loss, take_profit)) => Decision {
                action,
                confidence: 100,
                reasons: Vec::new(),
                stop_loss,
                take_profit,
            },
            None => Decision::HOLD,
        })
    }
    fn overlay_names(&self) -> Vec<String> {
        Vec::new()
    }
    fn overlay_values(&self, _out: &mut Vec<Option<f64>>) {}
}

fn settings(commission: f64, allow_short: bool) -> BacktestSettings {
    BacktestSettings {
        cash: 10_000.0,
        commission,
        whole_units: true,
        allow_short,
    }
}

#[test]
fn a_signal_fills_at_the_next_open_with_fees_on_both_fills() {
    let script = [(1, Action::Buy, None, None), (4, Action::Sell, None, None)];
    let report = run(
        &bars(),
        300_000,
        &mut Scripted::new(&script),
        &settings(0.001, false),
    )
    .expect("the run succeeds");
    let [trade] = report.trades.as_slice() else {
        panic!("one trade, got {:?}", report.trades)
    };
    // BUY on candle 1's close fills at candle 2's open, 0.09969. One unit costs
    // 0.09969 × 1.001 = 0.09978969, so 10,000 buys ⌊100,210.75⌋ = 100,210 units.
    assert_eq!(
        (trade.entry_time, trade.entry_price, trade.quantity),
        (1515560700000, 0.09969, 100_210.0),
        "entry: candle 2, its open, whole units"
    );
    // SELL on candle 4's close fills at candle 5's open.
    assert_eq!(
        (trade.exit_time, trade.exit_price),
        (1515561600000, 0.09899779),
        "exit: candle 5's open"
    );
    // Fees: 100,210 × 0.09969 × 0.001 = 9.9899349 in, 100,210 × 0.09899779 × 0.001 out.
    // P&L: 100,210 × (0.09899779 − 0.09969) − both fees.
    assert_eq!(trade.pnl, -89.27686753589987, "the move less both fees");
    assert_eq!(
        trade.return_pct, -0.893668161300031,
        "−0.694 % move less 0.2 % of fees"
    );
    assert_eq!(
        report.headline.final_equity, 9910.7231324641,
        "10,000 − 9.9899349 + move − exit fee"
    );
    assert_eq!(trade.exit_reason, ExitReason::Signal, "a SELL closed it");
    assert_eq!(report.headline.trades_count, 1, "one closed trade");
    assert_eq!(report.equity.len(), 12, "one equity value per candle");
    assert_eq!(report.equity[1], 10_000.0, "flat until the entry");
    assert_eq!(
        report.equity[2],
        10_000.0 - 9.9899349 + 100_210.0 * (0.09999 - 0.09969),
        "marked at candle 2's close after the entry fee"
    );
    assert!(
        (report.headline.exposure_pct - 4.0 / 12.0 * 100.0).abs() < 1e-12,
        "candles 2..=5 held, of 12"
    );
}

#[test]
fn the_stop_comes_first_when_stop_and_target_are_in_one_candle_and_a_gap_fills_at_the_open() {
    let script = [
        (7, Action::Buy, Some(0.0980), Some(0.0986)),
        (9, Action::Buy, Some(0.0970), None),
    ];
    let report = run(
        &bars(),
        300_000,
        &mut Scripted::new(&script),
        &settings(0.001, false),
    )
    .expect("the run succeeds");
    let [first, second] = report.trades.as_slice() else {
        panic!("two trades, got {:?}", report.trades)
    };
    // Candle 8 opens at 0.09807, ranges 0.0979–0.09867488: both 0.0980 and 0.0986 are inside.
    assert_eq!(
        (first.entry_time, first.exit_time),
        (1515562500000, 1515562500000),
        "entered and stopped on candle 8"
    );
    assert_eq!(
        (first.exit_price, first.exit_reason),
        (0.0980, ExitReason::StopLoss),
        "the stop, not the target, at the stop price"
    );
    // 10,000 / (0.09807 × 1.001) = 101,866.1 → 101,866 units; the stop is 0.00007 below.
    assert_eq!(
        first.quantity, 101_866.0,
        "whole units of the equity at the entry"
    );
    assert_eq!(
        first.pnl, -27.103486620000062,
        "101,866 × −0.00007 less both fees (≈ 20 each way)"
    );
    // Candle 10 opens at 0.09659711, already below the 0.0970 stop: filled at the open.
    assert_eq!(
        (second.entry_price, second.exit_price, second.exit_reason),
        (0.09659711, 0.09659711, ExitReason::StopLoss),
        "a gap through the stop fills at the open"
    );
    assert_eq!(
        second.pnl,
        -(second.quantity * 0.09659711 * 0.001 * 2.0),
        "no move: both fees lost"
    );
}

#[test]
fn shorts_reverse_at_one_fill_and_an_open_position_is_marked_not_closed() {
    let script = [(2, Action::Sell, None, None), (6, Action::Buy, None, None)];
    let report = run(
        &bars(),
        300_000,
        &mut Scripted::new(&script),
        &settings(0.0, true),
    )
    .expect("the run succeeds");
    let [short, long] = report.trades.as_slice() else {
        panic!("a short then an open long, got {:?}", report.trades)
    };
    // No commission: 10,000 / 0.09999 = 100,010.001 → 100,010 units short at candle 3's open.
    assert_eq!(
        (short.side, short.entry_price, short.quantity),
        (TradeSide::Short, 0.09999, 100_010.0),
        "short at candle 3's open"
    );
    assert_eq!(
        (short.exit_price, short.exit_reason),
        (0.09780002, ExitReason::Reverse),
        "closed by the BUY at candle 7's open"
    );
    let cash = 10_000.0 - 100_010.0 * (0.09780002 - 0.09999);
    assert_eq!(
        short.pnl,
        -100_010.0 * (0.09780002 - 0.09999),
        "a short gains when the price falls"
    );
    // The long opens at the same fill with the equity left after the close.
    assert_eq!(
        (long.side, long.entry_time, long.quantity),
        (
            TradeSide::Long,
            1515562200000,
            (cash * (1.0 - f64::EPSILON) / 0.09780002).floor()
        ),
        "the reversal buys with the cash after the close"
    );
    assert_eq!(
        (long.exit_reason, long.exit_price),
        (ExitReason::Open, 0.09640003),
        "still open: listed last, at the last close"
    );
    assert_eq!(
        report.headline.trades_count, 1,
        "the open position is not a trade"
    );
    assert_eq!(
        report.headline.final_equity,
        cash + (0.09640003 * long.quantity - long.quantity * 0.09780002),
        "marked to the last close, no exit fee"
    );
}

#[test]
fn the_last_candles_decision_is_not_filled_and_long_only_ignores_a_sell_when_flat() {
    let script = [(3, Action::Sell, None, None), (11, Action::Buy, None, None)];
    let report = run(
        &bars(),
        300_000,
        &mut Scripted::new(&script),
        &settings(0.001, false),
    )
    .expect("the run succeeds");
    assert!(
        report.trades.is_empty(),
        "a SELL while flat and long-only does nothing; the last BUY has no next open"
    );
    assert!(
        report.equity.iter().all(|e| *e == 10_000.0),
        "never in the market"
    );
    assert_eq!(report.headline.win_rate_pct, None, "no trades, no win rate");
}

#[test]
fn cancelling_stops_the_run_and_empty_input_is_refused() {
    let cancel = AtomicBool::new(true);
    let result = run_with(
        &bars(),
        300_000,
        &mut Scripted::new(&[]),
        &settings(0.0, false),
        &mut |_, _| {},
        &cancel,
    );
    assert_eq!(
        result,
        Err(BacktestError::Cancelled),
        "a set flag stops the run before it starts"
    );
    let result = run(&[], 300_000, &mut Scripted::new(&[]), &settings(0.0, false));
    assert_eq!(
        result,
        Err(BacktestError::NoCandles),
        "no candles is an error, not an empty report"
    );
}
