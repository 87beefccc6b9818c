//! Feeding candles: each candle counts once however fetches overlap, and the account watches
//! only the symbols that can still change it, from the right instant.

use chrono::TimeDelta;

use super::*;
use crate::market::OrderStatus;

#[test]
fn a_candle_fed_twice_fills_an_order_once() {
    let mut account = spot(&[("USDT", "10000")]);
    let buy = order("dip-1", Side::Buy, limit("29000"), "0.1");
    account.put(&buy, "30000", 0);
    let through = candle(0, "30000", "30100", "28900", "29500");
    let reports = account.feed(&btcusdt(), std::slice::from_ref(&through));
    assert_eq!(reports.len(), 1, "the low 28 900 reaches the 29 000 limit");
    assert_eq!(reports[0].status, OrderStatus::Filled);
    let after_first = account.clone();

    // A second buy rests; the next fetch overlaps and returns the same candle again.
    let again = order("dip-2", Side::Buy, limit("29000"), "0.1");
    account.put(&again, "29500", 3);
    let reports = account.feed(&btcusdt(), std::slice::from_ref(&through));
    assert!(
        reports.is_empty(),
        "a candle already fed must not fill the order placed inside it a second time"
    );
    assert_eq!(account.fed_through(&btcusdt()), Some(through.close_time));
    assert_eq!(
        after_first.balance("BTC").free,
        account.balance("BTC").free,
        "only the first buy has filled"
    );
}

#[test]
fn the_account_watches_symbols_with_resting_orders_from_their_placement() {
    let mut account = spot(&[("USDT", "10000")]);
    assert!(
        account.watched().is_empty(),
        "nothing rests, nothing to feed"
    );
    let buy = order("dip-1", Side::Buy, limit("29000"), "0.1");
    account.put(&buy, "30000", 7);
    assert_eq!(
        account.watched(),
        vec![(btcusdt(), t(7) - TimeDelta::milliseconds(1))],
        "the candle containing the placement counts, earlier ones do not"
    );
    let quiet = candle(5, "30000", "30100", "29900", "30000");
    assert!(
        account
            .feed(&btcusdt(), std::slice::from_ref(&quiet))
            .is_empty()
    );
    assert_eq!(
        account.watched(),
        vec![(btcusdt(), quiet.close_time)],
        "after a feed, candles from its close on"
    );
    account.cancel(&btcusdt(), &id("dip-1"), t(12)).unwrap();
    assert!(
        account.watched().is_empty(),
        "a cancelled order no longer needs candles"
    );
}

#[test]
fn an_old_feed_mark_does_not_reach_back_before_a_new_order() {
    let mut account = spot(&[("USDT", "10000")]);
    let first = order("dip-1", Side::Buy, limit("20000"), "0.1");
    account.put(&first, "30000", 0);
    account.feed(&btcusdt(), &[candle(0, "30000", "30100", "29900", "30000")]);
    account.cancel(&btcusdt(), &id("dip-1"), t(6)).unwrap();
    let later = order("dip-2", Side::Buy, limit("20000"), "0.1");
    account.put(&later, "30000", 600);
    assert_eq!(
        account.watched(),
        vec![(btcusdt(), t(600) - TimeDelta::milliseconds(1))],
        "ten hours of candles between the two orders cannot matter"
    );
}

#[test]
fn an_account_saved_before_feeding_existed_still_loads() {
    let account = spot(&[("USDT", "10000")]);
    let mut json: serde_json::Value = serde_json::to_value(&account).unwrap();
    json.as_object_mut().unwrap().remove("fed");
    let restored: PaperAccount = serde_json::from_value(json).unwrap();
    assert_eq!(
        restored, account,
        "a missing feed mark means nothing was fed"
    );
}
