//! Futures scenarios at 10× on BTCUSDT: isolated margin, the liquidation estimate, realised
//! PnL on close, liquidation by a crossing candle, stop-loss before take-profit, reduce-only.
//!
//! Shared opening: 10 000 USDT, leverage 10, market buy 0.1 at last 50 000.
//! Fill 50 000 × 1.0002 = 50 010; notional 5 001; margin 5 001 / 10 = 500.1;
//! taker fee 5 001 × 0.0005 = 2.5005; free 10 000 − 500.1 − 2.5005 = 9 497.3995.
//! Liquidation: 50 010 × (1 − 1/10 + 0.004) = 50 010 × 0.904 = 45 209.04.

use super::*;
use crate::market::{ExchangeError, OrderStatus};

fn long_at_10x() -> PaperAccount {
    let mut account = futures(&[("USDT", "10000")]);
    account.set_leverage(&btcusdt(), 10).unwrap();
    let buy = order("open", Side::Buy, OrderKind::Market, "0.1");
    account.put(&buy, "50000", 0);
    account
}

fn reduce_only(request: OrderRequest) -> OrderRequest {
    OrderRequest {
        reduce_only: true,
        ..request
    }
}

#[test]
fn a_10x_long_holds_a_tenth_of_its_notional_as_margin_and_knows_its_liquidation_price() {
    let account = long_at_10x();
    let report = account.order(&id("open")).unwrap();
    assert_eq!(report.fills[0].price, d("50010"));
    assert_eq!(report.fills[0].fee, d("2.5005"));
    // Free 9 497.3995; the 500.1 margin shows as locked.
    assert_eq!(held(&account, "USDT"), (d("9497.3995"), d("500.1")));
    let position = account.position(&btcusdt()).unwrap();
    assert_eq!(
        (position.quantity, position.entry_price),
        (d("0.1"), d("50010"))
    );
    assert_eq!(position.leverage, 10);
    assert_eq!(position.liquidation_price, Some(d("45209.04")));
    // Marked at the last price seen, 50 000: (50 000 − 50 010) × 0.1 = −1.
    assert_eq!(position.unrealized_pnl, d("-1"));
}

#[test]
fn closing_a_long_realises_its_pnl_and_returns_the_margin() {
    let mut account = long_at_10x();
    let close = reduce_only(order("close", Side::Sell, OrderKind::Market, "0.1"));
    let report = account.put(&close, "52000", 10);
    // Fill 52 000 × 0.9998 = 51 989.6. PnL (51 989.6 − 50 010) × 0.1 = 197.96.
    // Fee 5 198.96 × 0.0005 = 2.59948. Back: 500.1 + 197.96 − 2.59948 = 695.46052.
    // Free 9 497.3995 + 695.46052 = 10 192.86002 (= 10 000 + 197.96 − 2.5005 − 2.59948).
    assert_eq!(report.fills[0].price, d("51989.6"));
    assert_eq!(report.fills[0].fee, d("2.59948"));
    assert_eq!(account.realized_pnl(&btcusdt()), d("197.96"));
    assert_eq!(held(&account, "USDT"), (d("10192.86002"), d("0")));
    assert!(account.positions().is_empty(), "the position is closed");
}

#[test]
fn a_candle_crossing_the_liquidation_price_closes_the_position_and_the_margin_is_lost() {
    let mut account = long_at_10x();
    let near = candle(5, "50000", "50500", "45300", "46000");
    assert!(
        account.on_candle(&btcusdt(), &near).is_empty(),
        "45 300 > 45 209.04"
    );

    let through = candle(10, "46000", "46500", "45000", "45500");
    let reports = account.on_candle(&btcusdt(), &through);
    assert_eq!(reports.len(), 1);
    let liquidation = &reports[0];
    assert!(
        liquidation
            .client_order_id
            .as_str()
            .starts_with("autoclose-")
    );
    assert_eq!(
        (liquidation.side, liquidation.status),
        (Side::Sell, OrderStatus::Filled)
    );
    assert_eq!(
        liquidation.fills[0].price,
        d("45209.04"),
        "closed at the liquidation price"
    );
    let note = liquidation.note.clone().unwrap_or_default();
    assert!(
        note.contains("liquidated") && note.contains("45209.04") && note.contains("500.1 USDT"),
        "the note must say what happened and what it cost: {note}"
    );
    // The margin is gone; the free balance is what was left after opening.
    assert_eq!(held(&account, "USDT"), (d("9497.3995"), d("0")));
    assert_eq!(account.realized_pnl(&btcusdt()), d("-500.1"));
    assert!(account.position(&btcusdt()).is_none());
}

#[test]
fn a_stop_loss_and_a_take_profit_in_one_candle_close_at_the_stop_loss_and_cancel_the_other() {
    let mut account = long_at_10x();
    let sl = reduce_only(order("sl", Side::Sell, stop("49000"), "0.1"));
    let tp = reduce_only(order("tp", Side::Sell, limit("52000"), "0.1"));
    for request in [&sl, &tp] {
        account.put(request, "50000", 1);
    }
    assert_eq!(
        held(&account, "USDT"),
        (d("9497.3995"), d("500.1")),
        "exits lock nothing"
    );

    let both = candle(5, "50000", "52500", "48500", "51000");
    let reports = account.on_candle(&btcusdt(), &both);
    let what: Vec<_> = reports
        .iter()
        .map(|r| (r.client_order_id.as_str(), r.status))
        .collect();
    assert_eq!(
        what,
        [("sl", OrderStatus::Filled), ("tp", OrderStatus::Cancelled)]
    );
    let note = reports[0].note.clone().unwrap_or_default();
    assert!(note.contains("assumed to hit first"), "{note}");
    assert!(
        reports[1]
            .note
            .clone()
            .unwrap_or_default()
            .contains("order sl")
    );
    // SL fill 49 000 × 0.9998 = 48 990.2; PnL (48 990.2 − 50 010) × 0.1 = −101.98;
    // fee 4 899.02 × 0.0005 = 2.44951; back 500.1 − 101.98 − 2.44951 = 395.67049;
    // free 9 497.3995 + 395.67049 = 9 893.06999.
    assert_eq!(reports[0].fills[0].price, d("48990.2"));
    assert_eq!(account.realized_pnl(&btcusdt()), d("-101.98"));
    assert_eq!(held(&account, "USDT"), (d("9893.06999"), d("0")));
}

#[test]
fn a_take_profit_alone_fills_at_its_limit_with_the_maker_fee() {
    let mut account = long_at_10x();
    let sl = reduce_only(order("sl", Side::Sell, stop("49000"), "0.1"));
    let tp = reduce_only(order("tp", Side::Sell, limit("52000"), "0.1"));
    for request in [&sl, &tp] {
        account.put(request, "50000", 1);
    }
    let up = candle(5, "50000", "52500", "49500", "52100");
    let reports = account.on_candle(&btcusdt(), &up);
    assert_eq!(reports[0].client_order_id.as_str(), "tp");
    assert_eq!(reports[0].note, None, "no stop-loss was in range");
    assert_eq!(
        reports[1].status,
        OrderStatus::Cancelled,
        "the stop-loss has nothing left"
    );
    // PnL (52 000 − 50 010) × 0.1 = 199; maker fee 5 200 × 0.0002 = 1.04;
    // back 500.1 + 199 − 1.04 = 698.06; free 9 497.3995 + 698.06 = 10 195.4595.
    assert_eq!(held(&account, "USDT"), (d("10195.4595"), d("0")));
}

#[test]
fn a_short_is_liquidated_when_the_high_crosses_its_mirrored_liquidation_price() {
    let mut account = futures(&[("USDT", "10000")]);
    account.set_leverage(&btcusdt(), 10).unwrap();
    let sell = order("short", Side::Sell, OrderKind::Market, "0.1");
    account.put(&sell, "50000", 0);
    // Fill 50 000 × 0.9998 = 49 990; margin 499.9; fee 2.4995; free 9 497.6005.
    // Liquidation 49 990 × (1 + 0.1 − 0.004) = 49 990 × 1.096 = 54 789.04.
    let position = account.position(&btcusdt()).unwrap();
    assert_eq!(position.quantity, d("-0.1"));
    assert_eq!(position.liquidation_price, Some(d("54789.04")));
    let spike = candle(5, "50000", "55000", "49000", "54000");
    let reports = account.on_candle(&btcusdt(), &spike);
    assert_eq!(reports[0].side, Side::Buy);
    assert_eq!(held(&account, "USDT"), (d("9497.6005"), d("0")));
}

#[test]
fn a_resting_futures_order_locks_margin_and_fee_and_refusals_change_nothing() {
    let mut account = futures(&[("USDT", "10000")]);
    account.set_leverage(&btcusdt(), 10).unwrap();
    let dip = order("dip", Side::Buy, limit("49000"), "0.1");
    account.put(&dip, "50000", 0);
    // 4 900 / 10 = 490 margin + 4 900 × 0.0002 = 0.98 fee → 490.98 locked.
    assert_eq!(held(&account, "USDT"), (d("9509.02"), d("490.98")));
    let before = account.clone();

    let err = account.set_leverage(&btcusdt(), 126).unwrap_err();
    assert!(
        matches!(err, ExchangeError::Invalid(ref e) if e.field == "leverage"),
        "{err}"
    );
    assert!(
        account.set_leverage(&btcusdt(), 20).is_err(),
        "orders are open at 10×"
    );
    let refusals = [
        // 2 × 50 010 / 10 = 10 002 margin alone exceeds 9 509.02.
        order("huge", Side::Buy, OrderKind::Market, "2"),
        reduce_only(order("ro", Side::Sell, OrderKind::Market, "0.1")),
        reduce_only(order("ro-tp", Side::Sell, limit("52000"), "0.1")),
    ];
    for request in refusals {
        let result = account.place(&request, d("50000"), &filters(), ASSETS, t(1));
        assert!(
            result.is_err(),
            "{} must be refused",
            request.client_order_id
        );
    }
    assert_eq!(account, before, "refusals change nothing");

    account.cancel(&btcusdt(), &id("dip"), t(2)).unwrap();
    assert_eq!(
        held(&account, "USDT"),
        (d("10000"), d("0")),
        "cancel releases the margin"
    );
}
