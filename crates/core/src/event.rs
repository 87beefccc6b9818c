//! Domain events: what happened, published by the App on one broadcast channel. The desktop
//! shell forwards them to the UI and the tray, the CLI prints them (design rule 8), so no screen
//! ever polls for something an event can tell it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::log::LogEntry;
use crate::market::{MarketOutage, OrderRecord, VenueBudget};
use crate::pause::PauseState;
use crate::schedule::ScheduleRun;

/// Something the UI, the tray or a CLI follower may want to react to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum AppEvent {
    /// The emergency pause was switched (here or by another process on the same database).
    PauseChanged { state: PauseState },
    /// Entries were committed to the log, oldest first.
    LogsAppended { entries: Vec<LogEntry> },
    /// A schedule was created, changed, enabled, disabled or removed.
    SchedulesChanged,
    /// A run was claimed, started, finished, retried or settled.
    RunChanged { run: ScheduleRun },
    /// A schedule failed `failures` times in a row (raised once per streak).
    ScheduleAlert {
        #[ts(type = "number")]
        schedule_id: i64,
        schedule_name: String,
        failures: u32,
        error: String,
    },
    /// What the venues' request budgets hold now (after requests, a 429 or a 418).
    BudgetsChanged { budgets: Vec<VenueBudget> },
    /// Binance's public market data stopped or started answering (paper accounts then trade
    /// a stand-in replay); the outages that hold now.
    MarketOutagesChanged { outages: Vec<MarketOutage> },
    /// Accounts were added, removed, switched live or paper, or had their keys changed (here
    /// or by another process on the same database).
    AccountsChanged,
    /// Journaled orders changed (placed, filled, cancelled, reconciled), as they now are.
    OrdersChanged { orders: Vec<OrderRecord> },
    /// A long backtest job (named by its caller) moved on: `done` of `total` in `phase`.
    BacktestProgress {
        job: String,
        phase: BacktestPhase,
        #[ts(type = "number")]
        done: u64,
        #[ts(type = "number")]
        total: u64,
    },
    /// A backtest run was kept or removed.
    BacktestRunsChanged,
}

/// What a backtest job is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BacktestPhase {
    /// Candles missing from the history are arriving from the venue (`done` of `total`).
    Fetching,
    /// The strategy runs over the candles (`done` of `total` candles).
    Running,
    /// A sweep's combinations are running (`done` of `total` combinations).
    Sweeping,
}
