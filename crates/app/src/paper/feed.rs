//! Feeding paper accounts the candles that closed since their orders rested, so limit and stop
//! orders fill (and futures positions liquidate) as the market moves — while the App runs, and
//! on start for everything that happened while it was closed. Candles come through the App's
//! candle cache, so accounts on one symbol share one fetch; only final candles are fed, each
//! once (core's `PaperAccount::feed`).

use std::time::Duration;

use pilothouse_core::market::{Account, OrderRecord, OrderReport, Venue};
use pilothouse_core::{AppEvent, LogType, NewLogEntry, Severity};
use pilothouse_store::paper::JournalUpdate;

use super::kept_changing;
use crate::candles::Window;
use crate::{App, AppError};

/// How often the running App feeds its paper accounts: a 1-minute candle is fed within this of
/// its close.
pub const FEED_EVERY: Duration = Duration::from_secs(15);

impl App {
    /// Checks that Binance answers for paper accounts on its prices, then feeds every paper
    /// account the final candles it has not seen of each symbol it watches, saving each account
    /// with the journal rows of the orders that moved. Returns those rows.
    /// An account whose prices cannot be read now is skipped (logged) and fed next time.
    pub async fn feed_paper_accounts(&self) -> Result<Vec<OrderRecord>, AppError> {
        let mut moved = Vec::new();
        let accounts: Vec<Account> = self
            .inner
            .store
            .accounts()
            .await?
            .into_iter()
            .filter(|a| a.venue == Venue::Paper)
            .collect();
        self.probe_paper_markets(&accounts).await;
        for account in accounts {
            match self.feed_paper_account(&account).await {
                Ok(records) => moved.extend(records),
                Err(error) => {
                    tracing::warn!(%error, account = %account.name, "could not feed the paper account");
                }
            }
        }
        if !moved.is_empty() {
            self.publish(AppEvent::OrdersChanged {
                orders: moved.clone(),
            });
        }
        Ok(moved)
    }

    async fn feed_paper_account(&self, account: &Account) -> Result<Vec<OrderRecord>, AppError> {
        for _ in 0..super::SAVE_ATTEMPTS {
            let (mut state, stored) = self.paper_state(account.id).await?;
            let watched = state.watched();
            if watched.is_empty() {
                return Ok(Vec::new());
            }
            let mode = state.config().mode;
            let now = self.now();
            let mut reports: Vec<OrderReport> = Vec::new();
            for (symbol, after) in watched {
                let window = Window::After(after);
                let candles = self
                    .paper_candles(account, mode, &symbol, None, window)
                    .await?;
                reports.extend(state.feed(&symbol, &candles));
            }
            // Only orders this App journaled move in the journal (a liquidation has none).
            let mut updates = Vec::new();
            for report in &reports {
                let journaled = self
                    .inner
                    .store
                    .order_by_client_id(&report.client_order_id)
                    .await?;
                if journaled.is_some() {
                    updates.push(JournalUpdate {
                        client_order_id: &report.client_order_id,
                        status: report.status,
                        report: Some(report),
                        error: None,
                    });
                }
            }
            if let Some(records) = self
                .save_paper(account.id, stored.as_deref(), &state, &updates, now)
                .await?
            {
                for report in &reports {
                    self.log_paper_fill(account, report).await;
                }
                return Ok(records);
            }
        }
        Err(kept_changing(account, "candles were fed".to_owned()))
    }

    async fn log_paper_fill(&self, account: &Account, report: &OrderReport) {
        let price = report
            .fills
            .first()
            .map(|f| format!(" at {}", f.price))
            .unwrap_or_default();
        let note = report
            .note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        let message = format!(
            "Paper order {} on '{}' {}{price}{note}",
            report.client_order_id,
            account.name,
            report.status.as_str(),
        );
        let entry = NewLogEntry::new(
            LogType::Trade,
            Severity::Info,
            "paper",
            "paper_fill",
            message,
        );
        if let Err(error) = self.log(entry).await {
            tracing::warn!(%error, "could not log a paper fill");
        }
    }

    /// Feeds paper accounts every [`FEED_EVERY`] until shutdown (started with the scheduler).
    pub(crate) fn start_paper_feed(&self) {
        self.every(FEED_EVERY, |app| async move {
            if let Err(error) = app.feed_paper_accounts().await {
                tracing::warn!(%error, "could not feed the paper accounts");
            }
        });
    }
}
