//! The budget's rules, driven by a manual clock: nothing here sleeps to let a minute pass.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use pilothouse_core::ManualClock;
use pilothouse_core::market::{ExchangeError, Venue};

use super::*;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 8, 30, 0)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH)
}

fn budget(limit: u32) -> (ManualClock, Arc<WeightBudget>) {
    let clock = ManualClock::new(start());
    let budget = Arc::new(WeightBudget::new(
        Venue::BinanceSpot,
        limit,
        Arc::new(clock.clone()),
    ));
    (clock, budget)
}

/// Whether `acquire(weight)` completes within a short real-time bound (the reservation is
/// released at once, as if the answer had arrived).
async fn granted(budget: &WeightBudget, weight: u32) -> bool {
    tokio::time::timeout(Duration::from_millis(200), budget.acquire(weight))
        .await
        .is_ok_and(|result| result.is_ok())
}

#[tokio::test]
async fn weight_is_granted_up_to_the_limit_and_then_waits_for_the_next_minute() {
    let (clock, budget) = budget(10);
    assert!(granted(&budget, 6).await, "6 of 10 fits");
    assert!(granted(&budget, 4).await, "exactly the limit fits");
    assert!(!granted(&budget, 1).await, "the 11th unit must wait");

    let waiter = tokio::spawn({
        let budget = Arc::clone(&budget);
        async move { budget.acquire(3).await.map(|_answered| ()) }
    });
    clock.advance(TimeDelta::seconds(60));
    let result = tokio::time::timeout(Duration::from_secs(2), waiter).await;
    assert!(
        matches!(result, Ok(Ok(Ok(())))),
        "a new minute must release the waiter: {result:?}"
    );
    assert_eq!(
        budget.snapshot().used,
        3,
        "the new minute counts only the waiter"
    );
}

#[tokio::test]
async fn a_higher_count_from_the_venue_slows_us_down_and_a_lower_one_is_ignored() {
    let (_clock, budget) = budget(100);
    assert!(granted(&budget, 10).await);
    budget.observe_used(95);
    assert_eq!(budget.snapshot().used, 95, "the venue saw more than we did");
    assert!(!granted(&budget, 10).await, "95 + 10 passes the limit");
    budget.observe_used(5);
    assert_eq!(
        budget.snapshot().used,
        95,
        "a lower figure never lowers our count"
    );
}

#[tokio::test]
async fn a_429_pauses_every_request_until_retry_after() {
    let (clock, budget) = budget(1000);
    budget.pause_for(Duration::from_secs(30));
    assert_eq!(
        budget.snapshot().paused_until,
        Some(start() + TimeDelta::seconds(30))
    );
    assert!(!granted(&budget, 1).await, "paused: even weight 1 waits");
    clock.advance(TimeDelta::seconds(30));
    assert!(granted(&budget, 1).await, "the pause is over");
}

#[tokio::test]
async fn a_418_refuses_at_once_without_waiting_until_the_ban_ends() {
    let (clock, budget) = budget(1000);
    let until = start() + TimeDelta::minutes(2);
    budget.ban_until(until);
    let refused = tokio::time::timeout(Duration::from_millis(200), budget.acquire(1)).await;
    assert_eq!(
        refused.map(|r| r.map(|_answered| ())),
        Ok(Err(ExchangeError::Banned {
            venue: "binance-spot",
            until
        })),
        "a banned venue answers Banned immediately, naming the end of the ban"
    );
    clock.set(until);
    assert!(granted(&budget, 1).await, "the ban ends at `until`");
    assert_eq!(budget.snapshot().banned_until, None);
}

#[tokio::test]
async fn a_request_heavier_than_the_limit_still_goes_alone_in_a_fresh_minute() {
    let (_clock, budget) = budget(10);
    assert!(granted(&budget, 50).await, "weight is capped at the limit");
    assert_eq!(budget.snapshot().used, 10);
}

#[test]
fn adapters_of_one_venue_and_host_share_one_budget() {
    let budgets = Budgets::new();
    let clock: Arc<dyn pilothouse_core::Clock> = Arc::new(ManualClock::new(start()));
    let a = budgets.get(
        Venue::BinanceSpot,
        "api.binance.com",
        6000,
        Arc::clone(&clock),
    );
    let b = budgets.get(Venue::BinanceSpot, "api.binance.com", 1, Arc::clone(&clock));
    let futures = budgets.get(Venue::BinanceUsdm, "fapi.binance.com", 2400, clock);
    assert!(
        Arc::ptr_eq(&a, &b),
        "the second adapter must share the first one's budget"
    );
    assert_eq!(b.limit(), 6000, "the first caller's limit stands");
    assert!(!Arc::ptr_eq(&a, &futures), "futures have their own limit");
    assert_eq!(budgets.snapshots().len(), 2);
}

#[tokio::test]
async fn weight_still_in_flight_when_the_minute_turns_counts_in_the_new_minute() {
    let (clock, budget) = budget(10);
    let straggler = budget.acquire(4).await;
    assert!(straggler.is_ok());
    clock.advance(TimeDelta::seconds(60));
    assert_eq!(
        budget.snapshot().used,
        4,
        "the unanswered request may yet be counted by the venue in this minute"
    );
    assert!(!granted(&budget, 7).await, "4 in flight + 7 would pass 10");
    drop(straggler);
    assert_eq!(budget.snapshot().in_flight, 0, "its answer arrived");
    assert!(granted(&budget, 6).await, "4 + 6 fits");
}
