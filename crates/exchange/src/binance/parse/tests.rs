//! The parsers over Binance's own documented payloads (tests/fixtures, see its README).

use chrono::DateTime;
use pilothouse_core::market::{OrderStatus, Side};
use rust_decimal::Decimal;

use super::*;

const SPOT: &str = "binance-spot";
const USDM: &str = "binance-usdm";

fn d(text: &str) -> Decimal {
    text.parse().unwrap_or_default()
}

macro_rules! fixture {
    ($path:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/",
            $path
        ))
        .as_slice()
    };
}

#[test]
fn the_documented_kline_becomes_a_candle_with_exact_decimals() {
    let candles = klines(SPOT, fixture!("spot/klines.json")).unwrap_or_default();
    assert_eq!(candles.len(), 1);
    let candle = &candles[0];
    assert_eq!(
        candle.open_time,
        DateTime::from_timestamp_millis(1_499_040_000_000).unwrap_or_default()
    );
    assert_eq!(
        candle.close_time,
        DateTime::from_timestamp_millis(1_499_644_799_999).unwrap_or_default()
    );
    assert_eq!(
        [
            candle.open,
            candle.high,
            candle.low,
            candle.close,
            candle.volume
        ],
        [
            d("0.01634790"),
            d("0.80000000"),
            d("0.01575800"),
            d("0.01577100"),
            d("148976.11427815")
        ],
        "prices come from Binance's strings, not through f64"
    );
}

#[test]
fn a_kline_that_is_too_short_or_not_a_number_is_malformed() {
    for body in [
        br#"[[1499040000000,"1","2","3"]]"#.as_slice(),
        br#"[[1499040000000,"x","2","3","4","5",1499644799999]]"#.as_slice(),
        b"<html>".as_slice(),
    ] {
        assert!(
            matches!(klines(SPOT, body), Err(ExchangeError::Malformed { .. })),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn spot_exchange_info_filters_become_symbol_rules() {
    let symbols = exchange_info(SPOT, fixture!("spot/exchange_info.json")).unwrap_or_default();
    assert_eq!(symbols.len(), 1);
    let ethbtc = &symbols[0];
    assert_eq!(ethbtc.symbol.as_str(), "ETHBTC");
    assert_eq!(
        (ethbtc.base_asset.as_str(), ethbtc.quote_asset.as_str()),
        ("ETH", "BTC")
    );
    assert!(ethbtc.trading);
    assert_eq!(
        ethbtc.filters,
        SymbolFilters {
            tick_size: d("0.000001"),
            step_size: d("0.001"),
            min_qty: d("0.001"),
            max_qty: d("100000"),
            min_notional: d("0.001"),
        },
        "PRICE_FILTER, LOT_SIZE and MIN_NOTIONAL; the other filters are ignored"
    );
}

#[test]
fn usdm_exchange_info_reads_the_notional_field_of_min_notional() {
    let symbols = exchange_info(USDM, fixture!("usdm/exchange_info.json")).unwrap_or_default();
    let blz = symbols
        .first()
        .map(|s| (s.symbol.as_str().to_owned(), s.filters.clone()));
    assert_eq!(
        blz,
        Some((
            "BLZUSDT".to_owned(),
            SymbolFilters {
                tick_size: d("0.0001"),
                step_size: d("1"),
                min_qty: d("1"),
                max_qty: d("10000000"),
                min_notional: d("5.0"),
            }
        ))
    );
}

#[test]
fn spots_newer_notional_filter_and_unknown_statuses_and_symbols_are_handled() {
    let body = br#"{"symbols":[
        {"symbol":"BNBBTC","status":"BREAK","baseAsset":"BNB","quoteAsset":"BTC","filters":[
            {"filterType":"NOTIONAL","minNotional":"10.00000000","applyMinToMarket":false,
             "maxNotional":"10000.00000000","applyMaxToMarket":false,"avgPriceMins":5},
            {"filterType":"SOMETHING_NEW","x":1}]},
        {"symbol":"XYZUSDT","status":"A_STATUS_FROM_NEXT_YEAR","baseAsset":"XYZ","quoteAsset":"USDT"},
        {"symbol":"BTCUSDT_250926","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT"}]}"#;
    let symbols = exchange_info(SPOT, body).unwrap_or_default();
    let names: Vec<_> = symbols.iter().map(|s| s.symbol.as_str()).collect();
    assert_eq!(
        names,
        ["BNBBTC", "XYZUSDT"],
        "a delivery contract Pilothouse cannot name is skipped, not fatal"
    );
    assert_eq!(symbols[0].filters.min_notional, d("10"));
    assert!(
        !symbols[0].trading && !symbols[1].trading,
        "only TRADING trades"
    );
}

#[test]
fn a_full_spot_order_answer_keeps_every_fill_and_fee() {
    let report = order(SPOT, fixture!("spot/new_order_full.json"));
    let Ok(report) = report else {
        panic!("{report:?}");
    };
    assert_eq!(report.client_order_id.as_str(), "6gCrw2kRUAF9CvJDGP16IP");
    assert_eq!(report.venue_order_id.as_deref(), Some("28"));
    assert_eq!(
        (report.side, report.status),
        (Side::Sell, OrderStatus::Filled)
    );
    assert_eq!(report.executed_quantity, d("10"));
    assert_eq!(report.fills.len(), 5);
    assert_eq!(report.fills[1].fee, d("19.995"));
    assert_eq!(report.fills[1].fee_asset, "USDT");
    assert_eq!(
        report.average_price(),
        Some(d("3998.3")),
        "(4000 + 5 × 3999 + 2 × 3998 + 3997 + 3995) / 10"
    );
    assert_eq!(report.note, None);
}

#[test]
fn a_spot_cancel_reports_the_cancelled_orders_own_client_id() {
    let report = order(SPOT, fixture!("spot/cancel_order.json"));
    assert_eq!(
        report.map(|r| (r.client_order_id.as_str().to_owned(), r.status)),
        Ok(("myOrder1".to_owned(), OrderStatus::Cancelled)),
        "clientOrderId is the cancel's own id; origClientOrderId is the order's"
    );
}

#[test]
fn queried_and_open_spot_orders_are_acknowledged_without_fills() {
    let queried = order(SPOT, fixture!("spot/query_order.json"));
    assert_eq!(
        queried.map(|r| (r.status, r.fills.len())),
        Ok((OrderStatus::Acknowledged, 0))
    );
    let open = orders(SPOT, fixture!("spot/open_orders.json")).unwrap_or_default();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].symbol.as_str(), "LTCBTC");
}

#[test]
fn usdm_orders_parse_and_a_filled_one_gets_one_fill_at_the_average_price() {
    for fixture in [
        fixture!("usdm/new_order.json").to_vec(),
        fixture!("usdm/query_order.json").to_vec(),
    ] {
        let report = order(USDM, &fixture);
        assert!(
            matches!(&report, Ok(r) if r.status == OrderStatus::Acknowledged && r.fills.is_empty()),
            "{report:?}"
        );
    }
    let filled = String::from_utf8_lossy(fixture!("usdm/new_order.json"))
        .replace(r#""executedQty": "0""#, r#""executedQty": "10""#)
        .replace(r#""avgPrice": "0.00000""#, r#""avgPrice": "7200.5""#)
        .replace(r#""status": "NEW""#, r#""status": "FILLED""#);
    let report = order(USDM, filled.as_bytes());
    let Ok(report) = report else {
        panic!("{report:?}");
    };
    assert_eq!(report.average_price(), Some(d("7200.5")));
    assert!(
        report.note.as_deref().is_some_and(|n| n.contains("fee")),
        "the report must say the fee is unknown, not pretend it was zero: {:?}",
        report.note
    );
}

#[test]
fn an_unknown_order_status_is_malformed_not_guessed() {
    let body = String::from_utf8_lossy(fixture!("spot/query_order.json"))
        .replace(r#""status": "NEW""#, r#""status": "TELEPORTED""#);
    assert!(matches!(
        order(SPOT, body.as_bytes()),
        Err(ExchangeError::Malformed { .. })
    ));
}

#[test]
fn spot_account_gives_non_zero_balances_and_permissions() {
    let balances = spot_balances(SPOT, fixture!("spot/account.json")).unwrap_or_default();
    assert_eq!(balances.len(), 2);
    assert_eq!(balances[0].asset, "BTC");
    assert_eq!(balances[0].free, d("4723846.89208129"));
    assert_eq!(
        permissions(SPOT, fixture!("spot/account.json")),
        Ok(AccountPermissions {
            can_trade: true,
            can_withdraw: true,
            ip_restricted: None
        })
    );
}

#[test]
fn usdm_balance_holds_what_is_not_available_as_locked_margin() {
    let balances = futures_balances(USDM, fixture!("usdm/balance.json")).unwrap_or_default();
    assert_eq!(
        balances,
        vec![Balance {
            asset: "USDT".into(),
            free: d("23.72469206"),
            locked: d("122583.62668697"),
        }]
    );
    assert_eq!(
        permissions(USDM, fixture!("usdm/account.json")).map(|p| p.can_withdraw),
        Ok(true)
    );
}

#[test]
fn usdm_position_risk_keeps_only_open_positions() {
    let positions = positions(USDM, fixture!("usdm/position_risk.json")).unwrap_or_default();
    assert_eq!(
        positions,
        vec![Position {
            symbol: Symbol::parse("BTCUSDT").unwrap_or_else(|e| panic!("{e}")),
            quantity: d("0.001"),
            entry_price: d("22185.2"),
            leverage: 4,
            liquidation_price: Some(d("19731.45529116")),
            unrealized_pnl: d("-1.06214947"),
        }],
        "the zero SHORT leg of the hedge-mode example is not a position"
    );
}

#[test]
fn server_time_is_read_in_ms() {
    assert_eq!(
        server_time(SPOT, br#"{"serverTime": 1499827319559}"#),
        Ok(1_499_827_319_559)
    );
}

#[test]
fn the_keys_own_restrictions_narrow_the_accounts_permissions() {
    let account = permissions(SPOT, fixture!("spot/account.json")).unwrap_or(AccountPermissions {
        can_trade: false,
        can_withdraw: false,
        ip_restricted: None,
    });
    assert_eq!(
        key_restrictions(SPOT, account, fixture!("spot/api_restrictions.json")),
        Ok(AccountPermissions {
            can_trade: false,
            can_withdraw: false,
            ip_restricted: Some(false),
        }),
        "the account may trade and withdraw, but this key may do neither"
    );
}

#[test]
fn the_ticker_price_is_read_exactly() {
    assert_eq!(
        ticker_price(SPOT, fixture!("spot/ticker_price.json")),
        Ok(d("4.000002"))
    );
}

/// A spot order as the query answers it once it has executed: totals, no fills.
const SPOT_FILLED_QUERY: &str = r#"{"symbol": "BNBBTC", "orderId": 100234, "orderListId": -1,
    "clientOrderId": "myOrder1", "price": "0.0", "origQty": "12.0", "executedQty": "12.00000000",
    "cummulativeQuoteQty": "48.000012", "status": "FILLED", "timeInForce": "GTC",
    "type": "MARKET", "side": "BUY", "time": 1499865549590, "updateTime": 1499865549590}"#;

#[test]
fn a_queried_order_takes_its_fills_and_fees_from_its_trade_list() {
    let queried = queried_order(SPOT, SPOT_FILLED_QUERY.as_bytes()).map_err(|e| e.to_string());
    let Ok(queried) = queried else {
        panic!("{queried:?}");
    };
    assert!(queried.has_executed() && queried.order_id() == 100_234);
    let report = order_with_trades(SPOT, queried, fixture!("spot/my_trades.json"));
    let Ok(report) = report else {
        panic!("{report:?}");
    };
    assert_eq!(report.status, OrderStatus::Filled);
    assert_eq!(report.fills.len(), 1);
    assert_eq!(
        report.fills[0].fee,
        d("10.1"),
        "the fee comes from the trade"
    );
    assert_eq!(report.fills[0].fee_asset, "BNB");
    assert_eq!(report.fills[0].price, d("4.000001"));
    assert_eq!(report.note, None, "nothing was estimated");
}

#[test]
fn a_trade_of_another_order_is_malformed_and_a_short_list_falls_back_to_the_average() {
    let queried = |text: &str| queried_order(SPOT, text.as_bytes()).map_err(|e| e.to_string());
    let Ok(order) = queried(SPOT_FILLED_QUERY) else {
        panic!("the query parses");
    };
    let other = order_with_trades(USDM, order, fixture!("usdm/user_trades.json"));
    assert!(
        matches!(other, Err(ExchangeError::Malformed { .. })),
        "order 25851813's trade is not order 100234's: {other:?}"
    );
    let Ok(order) = queried(SPOT_FILLED_QUERY) else {
        panic!("the query parses");
    };
    let report = order_with_trades(SPOT, order, b"[]");
    let Ok(report) = report else {
        panic!("{report:?}");
    };
    assert_eq!(report.fills.len(), 1, "one fill at the average price");
    assert_eq!(report.fills[0].fee, Decimal::ZERO);
    assert!(
        report.note.is_some_and(|n| n.contains("trade list")),
        "the note says the fee is unknown because the trade list lags"
    );
}
