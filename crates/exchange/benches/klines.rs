//! Fetching and parsing 1,000 candles (a bot's longest history request): one GET
//! `/api/v3/klines?limit=1000` to the fake Binance on 127.0.0.1 through the whole adapter
//! (shared budget, HTTP, Binance's array format → `Candle` with exact decimals). The figure is
//! the adapter's own cost per call; a real venue adds its network round trip on top.
//!
//! Two figures: against the fake Binance (which renders the 1,000 rows anew for every request),
//! and against a loopback socket replaying the fake's answer byte for byte, which leaves only
//! the adapter's own cost (budget, HTTP client, parse). Weight limits are lifted so the run
//! measures the adapter, not the wait for the next minute.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches: a failed unwrap is a failed run

use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use criterion::{Criterion, criterion_group, criterion_main};
use pilothouse_core::LiveClock;
use pilothouse_core::market::{Interval, KlineRange, MarketData, Symbol};
use pilothouse_exchange::{BinanceClient, BinanceConfig, Market, WeightBudget};
use pilothouse_testkit::binance::{FakeBinance, Venue};

fn klines(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (binance, client) = runtime.block_on(async {
        let binance = FakeBinance::start().await.unwrap();
        binance.set_weight_limit(Venue::Spot, u32::MAX);
        let budget = Arc::new(WeightBudget::new(
            Market::Spot.venue(),
            u32::MAX,
            Arc::new(LiveClock),
        ));
        let config = BinanceConfig::new(Market::Spot, binance.base_url());
        let client = BinanceClient::new(config, None, budget, Arc::new(LiveClock)).unwrap();
        (binance, client)
    });
    let symbol = Symbol::parse("ETHBTC").unwrap();
    let candles = runtime
        .block_on(client.klines(&symbol, Interval::M5, KlineRange::Latest(1000)))
        .unwrap();
    assert_eq!(candles.len(), 1000, "the bench measures what it says");

    c.bench_function("fetch + parse 1000 klines (fake Binance, loopback)", |b| {
        b.to_async(&runtime).iter(|| async {
            let candles = client
                .klines(&symbol, Interval::M5, KlineRange::Latest(1000))
                .await
                .unwrap();
            std::hint::black_box(candles)
        });
    });

    // The same answer, replayed: the klines body the fake rendered, behind a minimal HTTP/1.1
    // keep-alive server that only waits for the end of each request's headers.
    let body = runtime.block_on(async {
        let url = format!(
            "{}/api/v3/klines?symbol=ETHBTC&interval=5m&limit=1000",
            binance.base_url()
        );
        reqwest::get(url).await.unwrap().bytes().await.unwrap()
    });
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(&body);
    let answer: Arc<[u8]> = answer.into();
    let replay_url = runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let answer = Arc::clone(&answer);
                tokio::spawn(async move {
                    let mut seen = Vec::new();
                    let mut buffer = [0_u8; 4096];
                    while let Ok(read) = socket.read(&mut buffer).await {
                        if read == 0 {
                            break;
                        }
                        seen.extend_from_slice(&buffer[..read]);
                        while let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                            seen.drain(..end + 4);
                            if socket.write_all(&answer).await.is_err() {
                                return;
                            }
                        }
                    }
                });
            }
        });
        url
    });
    let budget = Arc::new(WeightBudget::new(
        Market::Spot.venue(),
        u32::MAX,
        Arc::new(LiveClock),
    ));
    let config = BinanceConfig::new(Market::Spot, replay_url);
    let replay = BinanceClient::new(config, None, budget, Arc::new(LiveClock)).unwrap();
    c.bench_function(
        "fetch + parse 1000 klines (replayed answer, loopback)",
        |b| {
            b.to_async(&runtime).iter(|| async {
                let candles = replay
                    .klines(&symbol, Interval::M5, KlineRange::Latest(1000))
                    .await
                    .unwrap();
                std::hint::black_box(candles)
            });
        },
    );
    drop(binance);
}

criterion_group!(benches, klines);
criterion_main!(benches);
