//! Spot scenarios: market fills with slippage and fees, resting limits and stops, the
//! stop-loss-first rule, refusals that change nothing, cancels that release the lock.

use super::*;
use crate::market::{ExchangeError, OrderStatus};

#[test]
fn a_market_buy_pays_the_slipped_price_plus_the_taker_fee_in_the_quote_asset() {
    let mut account = spot(&[("USDT", "10000")]);
    let buy = order("buy-1", Side::Buy, OrderKind::Market, "0.1");
    let report = account.put(&buy, "30000", 0);
    // Fill: 30 000 × (1 + 0.0005) = 30 015. Notional 0.1 × 30 015 = 3 001.5.
    // Fee: 3 001.5 × 0.001 = 3.0015 USDT. Paid: 3 001.5 + 3.0015 = 3 004.5015.
    assert_eq!(report.status, OrderStatus::Filled);
    assert_eq!(report.executed_quantity, d("0.1"));
    assert_eq!(report.fills[0].price, d("30015"), "a buy pays up");
    assert_eq!(report.fills[0].fee, d("3.0015"));
    assert_eq!(
        report.fills[0].fee_asset, "USDT",
        "fees are in the quote asset"
    );
    // USDT: 10 000 − 3 004.5015 = 6 995.4985; the base arrives whole.
    assert_eq!(held(&account, "USDT"), (d("6995.4985"), d("0")));
    assert_eq!(held(&account, "BTC"), (d("0.1"), d("0")));

    let sell = order("sell-1", Side::Sell, OrderKind::Market, "0.1");
    let report = account.put(&sell, "31000", 1);
    // Fill: 31 000 × (1 − 0.0005) = 30 984.5. Notional 3 098.45, fee 3.09845,
    // received 3 098.45 − 3.09845 = 3 095.35155. USDT: 6 995.4985 + 3 095.35155 = 10 090.85005.
    assert_eq!(report.fills[0].price, d("30984.5"), "a sell receives less");
    assert_eq!(held(&account, "USDT"), (d("10090.85005"), d("0")));
    assert_eq!(held(&account, "BTC"), (d("0"), d("0")));
}

#[test]
fn a_limit_buy_rests_locked_and_fills_at_its_limit_when_a_candles_low_reaches_it() {
    let mut account = spot(&[("USDT", "10000")]);
    let buy = order("dip-1", Side::Buy, limit("29000"), "0.2");
    let report = account.put(&buy, "30000", 0);
    assert_eq!(report.status, OrderStatus::Acknowledged);
    // Lock: 0.2 × 29 000 = 5 800, + maker fee 5 800 × 0.0008 = 4.64 → 5 804.64.
    // Free: 10 000 − 5 804.64 = 4 195.36.
    assert_eq!(held(&account, "USDT"), (d("4195.36"), d("5804.64")));

    let above = candle(5, "30000", "30200", "29100", "29500");
    assert!(
        account.on_candle(&btcusdt(), &above).is_empty(),
        "low 29 100 > 29 000"
    );
    assert_eq!(account.open_orders(None).len(), 1);

    let through = candle(10, "29500", "29600", "28950", "29300");
    let reports = account.on_candle(&btcusdt(), &through);
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].status, OrderStatus::Filled);
    // At the limit, not at the low (28 950); maker fee 4.64 exactly as locked.
    assert_eq!(reports[0].fills[0].price, d("29000"));
    assert_eq!(reports[0].fills[0].fee, d("4.64"));
    assert_eq!(held(&account, "USDT"), (d("4195.36"), d("0")));
    assert_eq!(held(&account, "BTC"), (d("0.2"), d("0")));
    assert_eq!(account.order(&id("dip-1")), Some(reports[0].clone()));
}

#[test]
fn a_stop_loss_and_a_take_profit_in_one_candle_fill_stop_loss_first_and_say_so() {
    let mut account = spot(&[("BTC", "0.2"), ("USDT", "0")]);
    let sl = order("sl", Side::Sell, stop("29000"), "0.1");
    let tp = order("tp", Side::Sell, limit("31000"), "0.1");
    account.put(&sl, "30000", 0);
    account.put(&tp, "30000", 0);
    assert_eq!(
        held(&account, "BTC"),
        (d("0"), d("0.2")),
        "each sell locks its BTC"
    );

    let wide = candle(5, "30000", "31500", "28500", "30000");
    let reports = account.on_candle(&btcusdt(), &wide);
    let order_of_fills: Vec<_> = reports.iter().map(|r| r.client_order_id.as_str()).collect();
    assert_eq!(
        order_of_fills,
        ["sl", "tp"],
        "the adverse move is assumed first"
    );
    // SL: 29 000 × 0.9995 = 28 985.5; notional 2 898.55, taker fee 2.89855 → 2 895.65145.
    assert_eq!(reports[0].fills[0].price, d("28985.5"));
    let note = reports[0].note.clone().unwrap_or_default();
    assert!(
        note.contains("stop-loss 29000 and take-profit 31000") && note.contains("assumed"),
        "the trader must learn the order was assumed: {note}"
    );
    // TP: 3 100 at the limit, maker fee 2.48 → 3 097.52. USDT: 2 895.65145 + 3 097.52.
    assert_eq!(held(&account, "USDT"), (d("5993.17145"), d("0")));
    assert_eq!(held(&account, "BTC"), (d("0"), d("0")));
}

#[test]
fn an_order_the_balance_cannot_cover_is_refused_and_nothing_changes() {
    let mut account = spot(&[("USDT", "10000")]);
    account
        .place(
            &order("rest", Side::Buy, limit("20000"), "0.1"),
            d("30000"),
            &filters(),
            ASSETS,
            t(0),
        )
        .unwrap();
    let before = account.clone();

    // Resting: 0.1 × 20 000 = 2 000 + 1.6 maker fee = 2 001.6 locked, 7 998.4 free.
    // 1 × 30 015 + 30.015 fee = 30 045.015 > 7 998.4.
    let too_big = order("big", Side::Buy, OrderKind::Market, "1");
    let err = account
        .place(&too_big, d("30000"), &filters(), ASSETS, t(1))
        .unwrap_err();
    assert!(
        matches!(&err, ExchangeError::Rejected { message, .. }
            if message.contains("insufficient USDT") && message.contains("30045.015")),
        "the refusal must say what was missing: {err}"
    );
    let refusals = [
        order("no-btc", Side::Sell, OrderKind::Market, "0.1"),
        order("no-btc-2", Side::Sell, limit("40000"), "0.1"),
        order("big-limit", Side::Buy, limit("29000"), "0.3"),
        order("now-stop", Side::Sell, stop("30500"), "0.1"),
        order("rest", Side::Buy, limit("20000"), "0.1"),
        OrderRequest {
            reduce_only: true,
            ..order("ro", Side::Sell, OrderKind::Market, "0.1")
        },
        order("tiny", Side::Buy, OrderKind::Market, "0.0001"),
    ];
    for request in refusals {
        let result = account.place(&request, d("30000"), &filters(), ASSETS, t(1));
        assert!(
            result.is_err(),
            "{} must be refused",
            request.client_order_id
        );
    }
    assert_eq!(account, before, "a refused order changes nothing at all");
    assert_eq!(account.order(&id("big")), None, "and leaves no trace");
}

#[test]
fn cancelling_a_resting_order_releases_its_lock() {
    let mut account = spot(&[("USDT", "10000")]);
    account
        .place(
            &order("dip", Side::Buy, limit("29000"), "0.2"),
            d("30000"),
            &filters(),
            ASSETS,
            t(0),
        )
        .unwrap();
    assert_eq!(held(&account, "USDT"), (d("4195.36"), d("5804.64")));

    let report = account.cancel(&btcusdt(), &id("dip"), t(1)).unwrap();
    assert_eq!(report.status, OrderStatus::Cancelled);
    assert_eq!(
        held(&account, "USDT"),
        (d("10000"), d("0")),
        "all of it back"
    );
    assert!(account.open_orders(Some(&btcusdt())).is_empty());

    let before = account.clone();
    assert!(
        account.cancel(&btcusdt(), &id("dip"), t(2)).is_err(),
        "already cancelled"
    );
    assert!(
        account.cancel(&btcusdt(), &id("never"), t(2)).is_err(),
        "never placed"
    );
    assert_eq!(account, before);
    let filled = candle(5, "29500", "29600", "28000", "29000");
    assert!(
        account.on_candle(&btcusdt(), &filled).is_empty(),
        "a cancelled order never fills"
    );
}

#[test]
fn a_limit_the_market_already_passed_fills_at_once_as_a_taker_but_not_beyond_its_limit() {
    let mut account = spot(&[("USDT", "10000")]);
    let buy = order("eager", Side::Buy, limit("30100"), "0.1");
    let report = account.put(&buy, "30000", 0);
    // min(30 100, 30 000 × 1.0005 = 30 015) = 30 015; taker fee 3.0015.
    assert_eq!(report.status, OrderStatus::Filled);
    assert_eq!(report.fills[0].price, d("30015"));
    assert_eq!(report.fills[0].fee, d("3.0015"));
    let tight = order("tight", Side::Buy, limit("30005"), "0.1");
    let report = account.put(&tight, "30000", 0);
    assert_eq!(report.fills[0].price, d("30005"), "never above the limit");
}

#[test]
fn a_candle_that_closed_before_the_order_was_placed_does_not_fill_it() {
    let mut account = spot(&[("USDT", "10000")]);
    account
        .place(
            &order("late", Side::Buy, limit("29000"), "0.1"),
            d("30000"),
            &filters(),
            ASSETS,
            t(20),
        )
        .unwrap();
    let earlier = candle(0, "30000", "30000", "28000", "29500");
    assert!(
        account.on_candle(&btcusdt(), &earlier).is_empty(),
        "that dip was before it"
    );
    let broken = Candle {
        low: d("31000"),
        ..candle(20, "30000", "30500", "28000", "30000")
    };
    assert!(
        account.on_candle(&btcusdt(), &broken).is_empty(),
        "low above open: ignored"
    );
}

#[test]
fn the_account_survives_a_save_and_restore_unchanged() {
    let mut account = spot(&[("USDT", "10000")]);
    account
        .place(
            &order("dip", Side::Buy, limit("29000"), "0.2"),
            d("30000"),
            &filters(),
            ASSETS,
            t(0),
        )
        .unwrap();
    account.put(
        &order("now", Side::Buy, OrderKind::Market, "0.1"),
        "30000",
        1,
    );
    let saved = serde_json::to_string(&account).unwrap();
    assert!(
        saved.contains("\"amount\":\"5804.64\""),
        "money is saved as text: {saved}"
    );
    let restored: PaperAccount = serde_json::from_str(&saved).unwrap();
    assert_eq!(restored, account);
}
