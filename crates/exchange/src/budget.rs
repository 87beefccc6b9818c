//! One request-weight budget per venue and IP, shared by every bot and every adapter of that
//! venue in the process: Binance counts weight per IP, not per caller, so ten bots each keeping
//! politely under the limit would together get the IP banned.
//!
//! Binance counts each route's weight in fixed minute windows and reports the running total in
//! `X-MBX-USED-WEIGHT-1M`. The budget mirrors that: a request reserves its weight in the current
//! minute before it is sent and waits for the next minute when the reservation would pass the
//! limit; a reported total above our count (weight spent by something we did not see) raises the
//! count, so we slow down; a 429 pauses every request to the venue for its `Retry-After`; a 418
//! refuses every request until the ban ends, without sending anything.
//!
//! A request reserved in the last instant of a minute may reach Binance in the next one and be
//! counted there. So the weight of requests still in flight when a minute turns is carried into
//! the new minute's count, and released only when their answers arrive: a burst at the start of a
//! minute can never add up with those stragglers to more than the limit.
//!
//! Why not `governor`: its GCRA refills continuously, so a full burst at a minute's start plus the
//! refill during that minute spends up to twice the limit inside one of Binance's fixed windows
//! (unless the quota is halved, wasting half the allowance); it has no way to absorb the weight
//! the venue reports beyond our own count; and it reads its own monotonic clock, not the
//! [`Clock`] the App passes in (design rule 2), so tests could not drive it. The fixed window
//! below is ~100 lines and matches the venue's own accounting exactly.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use pilothouse_core::Clock;
use pilothouse_core::market::{ExchangeError, Venue};

/// The venue's accounting window.
const WINDOW_MS: i64 = 60_000;

/// Longest single nap while waiting: the clock is re-read this often, so a manual clock moved by
/// a test, or a wall clock that jumped, is noticed promptly.
const MAX_NAP: Duration = Duration::from_millis(50);

/// The shared weight budget of one venue (and IP).
#[derive(Debug)]
pub struct WeightBudget {
    venue: Venue,
    host: String,
    limit: u32,
    clock: Arc<dyn Clock>,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Minutes since the epoch of the window `used` counts.
    window: i64,
    used: u32,
    /// Weight of requests reserved and not yet answered.
    in_flight: u32,
    paused_until: Option<DateTime<Utc>>,
    banned_until: Option<DateTime<Utc>>,
}

/// What the UI shows of a budget: the venue-neutral form core defines.
pub type BudgetSnapshot = pilothouse_core::market::VenueBudget;

/// Weight reserved for one request, held until its answer arrives (then dropped).
#[derive(Debug)]
#[must_use = "the reservation must live until the answer arrives"]
pub struct Reservation<'a> {
    budget: &'a WeightBudget,
    weight: u32,
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut state = self
            .budget
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        state.in_flight = state.in_flight.saturating_sub(self.weight);
    }
}

enum Blocked {
    Banned(DateTime<Utc>),
    For(Duration),
}

impl WeightBudget {
    /// A budget of `limit` weight per minute for `venue`, timed by `clock`.
    pub fn new(venue: Venue, limit: u32, clock: Arc<dyn Clock>) -> Self {
        Self {
            venue,
            host: String::new(),
            limit: limit.max(1),
            clock,
            state: Mutex::new(State::default()),
        }
    }

    /// The same budget, named for `host` (what the UI shows beside the venue).
    pub fn at_host(mut self, host: &str) -> Self {
        host.clone_into(&mut self.host);
        self
    }

    pub fn venue(&self) -> Venue {
        self.venue
    }

    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// Reserves `weight` in the current minute, waiting for a later minute (or the end of a
    /// 429 pause) as long as needed. Refuses at once with `Banned` while a 418 ban lasts.
    /// A request heavier than the whole limit is let through alone in an otherwise empty minute.
    /// Keep the reservation until the answer has arrived.
    pub async fn acquire(&self, weight: u32) -> Result<Reservation<'_>, ExchangeError> {
        loop {
            match self.try_take(weight) {
                Ok(weight) => {
                    return Ok(Reservation {
                        budget: self,
                        weight,
                    });
                }
                Err(Blocked::Banned(until)) => {
                    return Err(ExchangeError::Banned {
                        venue: self.venue.as_str(),
                        until,
                    });
                }
                Err(Blocked::For(wait)) => tokio::time::sleep(wait.min(MAX_NAP)).await,
            }
        }
    }

    fn try_take(&self, weight: u32) -> Result<u32, Blocked> {
        let now = self.clock.now();
        let mut state = self.lock(now);
        if let Some(until) = state.banned_until {
            if until > now {
                return Err(Blocked::Banned(until));
            }
            state.banned_until = None;
        }
        if let Some(until) = state.paused_until {
            if until > now {
                return Err(Blocked::For(until_from(now, until)));
            }
            state.paused_until = None;
        }
        let weight = weight.min(self.limit);
        if state.used.saturating_add(weight) <= self.limit {
            state.used += weight;
            state.in_flight += weight;
            return Ok(weight);
        }
        Err(Blocked::For(until_from(
            now,
            window_start(state.window + 1),
        )))
    }

    /// Takes the venue's own count for the current minute (`X-MBX-USED-WEIGHT-1M`) when it is
    /// higher than ours: weight we did not see (another process on this IP, a request the venue
    /// weighs more than documented) must slow us down. A lower figure is ignored; it may be a
    /// late answer from the previous minute's window.
    pub fn observe_used(&self, reported: u32) {
        let mut state = self.lock(self.clock.now());
        if reported > state.used {
            state.used = reported;
        }
    }

    /// After a 429: nothing more goes to the venue for `retry_after`.
    pub fn pause_for(&self, retry_after: Duration) {
        let now = self.clock.now();
        let until = TimeDelta::from_std(retry_after)
            .ok()
            .and_then(|wait| now.checked_add_signed(wait))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let mut state = self.lock(now);
        state.paused_until = state.paused_until.max(Some(until));
    }

    /// After a 418: every request is refused, unsent, until `until`.
    pub fn ban_until(&self, until: DateTime<Utc>) {
        let mut state = self.lock(self.clock.now());
        state.banned_until = state.banned_until.max(Some(until));
    }

    pub fn snapshot(&self) -> BudgetSnapshot {
        let now = self.clock.now();
        let state = self.lock(now);
        BudgetSnapshot {
            venue: self.venue,
            host: self.host.clone(),
            used: state.used,
            in_flight: state.in_flight,
            limit: self.limit,
            window_start: window_start(state.window),
            paused_until: state.paused_until.filter(|until| *until > now),
            banned_until: state.banned_until.filter(|until| *until > now),
        }
    }

    /// The state, moved on to the minute containing `now` (a new minute starts with the weight
    /// still in flight, which may yet be counted in it).
    fn lock(&self, now: DateTime<Utc>) -> MutexGuard<'_, State> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let window = now.timestamp_millis().div_euclid(WINDOW_MS);
        if window > state.window {
            state.window = window;
            state.used = state.in_flight;
        }
        state
    }
}

fn window_start(window: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(window.saturating_mul(WINDOW_MS))
        .unwrap_or(DateTime::UNIX_EPOCH)
}

fn until_from(now: DateTime<Utc>, until: DateTime<Utc>) -> Duration {
    (until - now).to_std().unwrap_or(Duration::ZERO)
}

/// The process's budgets, one per venue and host: every adapter of a venue asks here, so all of
/// them draw on the same budget. The App holds one `Budgets` for its whole life.
#[derive(Debug, Default)]
pub struct Budgets {
    budgets: Mutex<HashMap<(Venue, String), Arc<WeightBudget>>>,
}

impl Budgets {
    pub fn new() -> Self {
        Self::default()
    }

    /// The budget of `venue` at `host` (the base URL's host: one IP limit per host), created on
    /// first use with `limit` weight per minute; later callers share it as it is.
    pub fn get(
        &self,
        venue: Venue,
        host: &str,
        limit: u32,
        clock: Arc<dyn Clock>,
    ) -> Arc<WeightBudget> {
        let mut budgets = self.budgets.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(
            budgets
                .entry((venue, host.to_owned()))
                .or_insert_with(|| Arc::new(WeightBudget::new(venue, limit, clock).at_host(host))),
        )
    }

    /// Every budget's state, for the UI.
    pub fn snapshots(&self) -> Vec<BudgetSnapshot> {
        let budgets = self.budgets.lock().unwrap_or_else(PoisonError::into_inner);
        budgets.values().map(|budget| budget.snapshot()).collect()
    }
}

#[cfg(test)]
mod tests;
