//! The shared weight budget under load: fifty bots fetching candles at once through one budget
//! never make the venue count more than its limit in any minute, so none of them is ever answered
//! 429 (the fake Binance counts weight per minute of its clock and remembers the busiest one).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use common::{Venue, symbol};
use pilothouse_core::market::{Interval, KlineRange, MarketData};
use pilothouse_exchange::{BinanceClient, BinanceConfig, Budgets, Market};
use pilothouse_testkit::binance::Venue as FakeVenue;

const BOTS: usize = 50;
const FETCHES_PER_BOT: usize = 6;
const LIMIT: u32 = 120;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_bots_sharing_one_budget_never_exceed_the_limit_in_any_minute() {
    let venue = Venue::start().await;
    venue.binance.set_weight_limit(FakeVenue::Spot, LIMIT);
    let budgets = Budgets::new();
    // The App's budget for the venue, sized to the venue's limit before any adapter asks.
    let host = venue.binance.addr().to_string();
    budgets.get(Market::Spot.venue(), &host, LIMIT, venue.clock());

    // Each bot has its own adapter, as bots do; all of them draw on the one budget.
    let mut bots = Vec::new();
    for _ in 0..BOTS {
        let config = BinanceConfig::new(Market::Spot, venue.binance.base_url());
        let client = BinanceClient::sharing(config, None, &budgets, venue.clock()).unwrap();
        let client = Arc::new(client);
        bots.push(tokio::spawn(async move {
            for _ in 0..FETCHES_PER_BOT {
                client
                    .klines(&symbol("ETHBTC"), Interval::M5, KlineRange::Latest(50))
                    .await?;
            }
            Ok::<_, pilothouse_core::market::ExchangeError>(())
        }));
    }

    // Time passes only as the test moves it: a minute every 100 ms of real time.
    let clock = venue.clock.clone();
    let ticking = tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(10)).await;
            clock.advance(TimeDelta::seconds(6));
        }
    });
    for bot in bots {
        tokio::time::timeout(Duration::from_secs(60), bot)
            .await
            .expect("every bot finishes")
            .unwrap()
            .expect("no bot's fetch fails");
    }
    ticking.abort();

    let weight = BOTS * FETCHES_PER_BOT * 2;
    assert!(
        weight > 4 * LIMIT as usize,
        "the load spans several minutes"
    );
    assert_eq!(
        venue.binance.request_count(),
        BOTS * FETCHES_PER_BOT,
        "no request was refused and sent again"
    );
    let busiest = venue.binance.max_used_weight(FakeVenue::Spot);
    assert!(
        busiest <= LIMIT,
        "the venue counted {busiest} weight in one minute; the limit is {LIMIT}"
    );
    assert_eq!(budgets.snapshots().len(), 1, "one budget for the venue");
}
