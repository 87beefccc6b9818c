//! A paper order fill: one market order placed on a paper account (filters checked, slippage
//! and fee computed, balances moved), and one candle settling 100 resting limit orders. Figures
//! in BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches: a failed unwrap is a failed run

use std::hint::black_box;

use chrono::{TimeDelta, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use pilothouse_core::market::{
    Candle, ClientOrderId, OrderKind, OrderRequest, Side, Symbol, SymbolFilters,
};
use pilothouse_core::paper::{PaperAccount, PaperConfig};
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn filters() -> SymbolFilters {
    SymbolFilters {
        tick_size: d("0.01"),
        step_size: d("0.001"),
        min_qty: d("0.001"),
        max_qty: d("1000"),
        min_notional: d("5"),
    }
}

fn request(i: usize, kind: OrderKind) -> OrderRequest {
    OrderRequest {
        client_order_id: ClientOrderId::parse(&format!("bench-{i}")).unwrap(),
        symbol: Symbol::parse("BTCUSDT").unwrap(),
        side: Side::Buy,
        kind,
        quantity: d("0.01"),
        reduce_only: false,
    }
}

fn account() -> PaperAccount {
    PaperAccount::new(PaperConfig::spot([("USDT".to_owned(), d("10000000"))])).unwrap()
}

fn paper(c: &mut Criterion) {
    let at = Utc.with_ymd_and_hms(2026, 1, 5, 0, 0, 0).unwrap();
    let filters = filters();
    c.bench_function("paper market order fill (spot)", |b| {
        b.iter_batched(
            account,
            |mut account| {
                let report = account
                    .place(
                        &request(0, OrderKind::Market),
                        d("30000"),
                        &filters,
                        ("BTC", "USDT"),
                        at,
                    )
                    .unwrap();
                black_box(report)
            },
            BatchSize::SmallInput,
        );
    });

    let resting = || {
        let mut account = account();
        for i in 0..100 {
            let price = d("29000") - Decimal::from(i);
            let kind = OrderKind::Limit { price };
            account
                .place(&request(i, kind), d("30000"), &filters, ("BTC", "USDT"), at)
                .unwrap();
        }
        account
    };
    let candle = Candle {
        open_time: at + TimeDelta::minutes(5),
        close_time: at + TimeDelta::minutes(10) - TimeDelta::milliseconds(1),
        open: d("30000"),
        high: d("30100"),
        low: d("28800"),
        close: d("29500"),
        volume: d("12"),
    };
    let symbol = Symbol::parse("BTCUSDT").unwrap();
    c.bench_function("paper candle settling 100 resting limits", |b| {
        b.iter_batched(
            resting,
            |mut account| {
                let fills = account.on_candle(&symbol, &candle);
                assert_eq!(fills.len(), 100);
                black_box(fills)
            },
            BatchSize::SmallInput,
        );
    });
}

criterion_group!(benches, paper);
criterion_main!(benches);
