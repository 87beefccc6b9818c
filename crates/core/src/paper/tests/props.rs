//! Property: whatever a trader or the market does — random orders of every kind, cancels and
//! candles, on spot and futures — no balance ever goes negative, every lock is accounted for
//! by an open order, and a refused operation leaves the account exactly as it was.

use proptest::prelude::*;

use super::*;

#[derive(Debug, Clone)]
enum Step {
    Place {
        buy: bool,
        /// 0 market, 1 limit, 2 stop.
        kind: u8,
        /// Thousandths of BTC.
        milli: u32,
        /// Limit or stop distance from the last price, in basis points.
        offset_bps: i64,
        reduce_only: bool,
    },
    Cancel(usize),
    /// A candle from the last price: up and down reach and the close, in basis points.
    Candle {
        up: u32,
        down: u32,
        close: i64,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (any::<bool>(), 0u8..3, 1u32..3_000, -800i64..800, any::<bool>()).prop_map(
            |(buy, kind, milli, offset_bps, reduce_only)| Step::Place {
                buy,
                kind,
                milli,
                offset_bps,
                reduce_only,
            }
        ),
        1 => (0usize..20).prop_map(Step::Cancel),
        4 => (0u32..1_500, 0u32..1_500, -1_000i64..1_000)
            .prop_map(|(up, down, close)| Step::Candle { up, down, close }),
    ]
}

/// `price` moved by `bps`, to the cent.
fn moved(price: Decimal, bps: i64) -> Decimal {
    (price * (Decimal::ONE + Decimal::new(bps, 4))).round_dp(2)
}

fn check_invariants(account: &PaperAccount) -> Result<(), TestCaseError> {
    for (asset, holding) in &account.holdings {
        prop_assert!(
            holding.free >= Decimal::ZERO,
            "{asset} free {}",
            holding.free
        );
        prop_assert!(
            holding.locked >= Decimal::ZERO,
            "{asset} locked {}",
            holding.locked
        );
        let held_by_orders: Decimal = account
            .open
            .values()
            .filter_map(|o| o.lock.as_ref())
            .filter(|lock| lock.asset == *asset)
            .map(|lock| lock.amount)
            .sum();
        prop_assert_eq!(
            holding.locked,
            held_by_orders,
            "{} lock without an order",
            asset
        );
    }
    for position in account.positions.values() {
        prop_assert!(position.margin >= Decimal::ZERO);
        prop_assert!(!position.quantity.is_zero(), "a flat position is removed");
    }
    Ok(())
}

fn run(mut account: PaperAccount, leverage: u32, steps: Vec<Step>) -> Result<(), TestCaseError> {
    if account.config().mode == PaperMode::Futures {
        account
            .set_leverage(&btcusdt(), leverage)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
    }
    let mut last = d("100");
    let mut minute = 0;
    let mut ids: Vec<ClientOrderId> = Vec::new();
    for (n, step) in steps.into_iter().enumerate() {
        minute += 5;
        let before = account.clone();
        match step {
            Step::Place {
                buy,
                kind,
                milli,
                offset_bps,
                reduce_only,
            } => {
                let price = moved(last, offset_bps).max(d("0.01"));
                let kind = match kind {
                    0 => OrderKind::Market,
                    1 => OrderKind::Limit { price },
                    _ => OrderKind::StopMarket { stop: price },
                };
                let side = if buy { Side::Buy } else { Side::Sell };
                let request = OrderRequest {
                    reduce_only,
                    ..order(&format!("o{n}"), side, kind, "1")
                };
                let request = OrderRequest {
                    quantity: Decimal::new(i64::from(milli), 3),
                    ..request
                };
                let filters = SymbolFilters {
                    min_notional: Decimal::ZERO,
                    ..filters()
                };
                match account.place(&request, last, &filters, ASSETS, t(minute)) {
                    Ok(_) => ids.push(request.client_order_id),
                    Err(_) => prop_assert_eq!(&account, &before, "a refusal changed the account"),
                }
            }
            Step::Cancel(index) => {
                if let Some(id) = ids.get(index)
                    && account.cancel(&btcusdt(), id, t(minute)).is_err()
                {
                    prop_assert_eq!(&account, &before, "a refused cancel changed it");
                }
            }
            Step::Candle { up, down, close } => {
                let high = moved(last, i64::from(up));
                let low = moved(last, -i64::from(down)).max(d("0.01"));
                let close = moved(last, close).clamp(low, high);
                let bar = Candle {
                    open_time: t(minute),
                    close_time: t(minute + 5) - chrono::TimeDelta::milliseconds(1),
                    open: last,
                    high,
                    low,
                    close,
                    volume: Decimal::ONE,
                };
                account.on_candle(&btcusdt(), &bar);
                last = close;
            }
        }
        check_invariants(&account)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn spot_balances_never_go_negative(steps in prop::collection::vec(step(), 1..60)) {
        run(spot(&[("USDT", "1000"), ("BTC", "2")]), 1, steps)?;
    }

    #[test]
    fn futures_balances_never_go_negative(
        leverage in 1u32..=125,
        steps in prop::collection::vec(step(), 1..60),
    ) {
        run(futures(&[("USDT", "1000")]), leverage, steps)?;
    }
}
