//! The paper venue of a paper account: a core `PaperAccount` kept in SQLite, filling orders
//! against the account's price source (`market`: Binance's public data or a replay). Symbol
//! rules and base/quote assets come from that source, the market price from its latest candle;
//! no keys are ever used. Resting orders fill as later candles reach them (`feed`).
//!
//! An account's state is written when it is added, with its starting balances (one made
//! before paper settings existed starts on first use with the spot defaults). Every
//! change is saved in the same transaction as the journal rows of the orders it moved, and only
//! if the stored state is still the one it was made to (another task or process may have saved
//! in between: then the change is redone on the new state).

mod feed;
mod market;
mod outage;

pub(crate) use market::PriceSource;

use chrono::{DateTime, Utc};
use pilothouse_core::FieldError;
use pilothouse_core::market::{
    Account, Balance, ExchangeError, OrderRecord, OrderReport, OrderRequest, OrderStatus, Symbol,
};
use pilothouse_core::paper::{
    PaperAccount, PaperMode, PaperOverview, PaperSetup, ReplayDataset, StartingBalance,
};
use pilothouse_store::StoreError;
use pilothouse_store::paper::{JournalUpdate, PaperSave};

use crate::{App, AppError};

/// Settings key: the default paper account was offered once (a trader who removes it does not
/// get it back).
const DEFAULT_PAPER_KEY: &str = "default_paper_account_created";

/// The name of the paper account a new installation starts with.
pub const DEFAULT_PAPER_ACCOUNT: &str = "Paper";

/// How many times a change is redone when another writer saved the account first.
const SAVE_ATTEMPTS: usize = 5;

/// The outcome of running an order on the paper venue.
pub(crate) enum PaperOutcome {
    /// Accepted (filled or resting); state and journal saved together.
    Placed(OrderReport),
    /// Refused by the paper venue; the account is unchanged and the journal says rejected.
    Refused(ExchangeError),
}

/// Why a paper change could not be saved: the account kept changing under it.
fn kept_changing(account: &Account, what: String) -> AppError {
    AppError::Store(StoreError::Corrupt {
        what: "paper account",
        detail: format!("'{}' kept changing while {what}", account.name),
    })
}

impl App {
    /// The balances of paper account `account` (by name or id): the starting balances until it
    /// has traded.
    pub async fn paper_balances(&self, account: &str) -> Result<Vec<Balance>, AppError> {
        let account = self.paper_account(account).await?;
        let (state, _) = self.paper_state(account.id).await?;
        Ok(state.balances())
    }

    /// The paper account named `account`; another venue's is refused (field `account`).
    async fn paper_account(&self, account: &str) -> Result<Account, AppError> {
        let account = self.account(account).await?;
        if account.venue != pilothouse_core::market::Venue::Paper {
            return Err(FieldError::new(
                "account",
                format!(
                    "'{}' is not a paper account: its balances are on the exchange",
                    account.name
                ),
            )
            .into());
        }
        Ok(account)
    }

    /// Gives a new installation one paper account (spot defaults, Binance's prices), once, so
    /// the desktop app can trade on paper from its first start and never with real money by
    /// accident. Does nothing when any account exists or the offer was made before.
    pub async fn ensure_default_paper_account(&self) -> Result<(), AppError> {
        let store = &self.inner.store;
        if store.setting(DEFAULT_PAPER_KEY).await?.is_some() {
            return Ok(());
        }
        if store.accounts().await?.is_empty() {
            let input = pilothouse_core::market::AccountInput {
                name: DEFAULT_PAPER_ACCOUNT.to_owned(),
                venue: pilothouse_core::market::Venue::Paper,
                base_url: None,
                live: false,
                paper: None,
            };
            match self.account_add(&input).await {
                // Another process made it in between: one is enough.
                Ok(_) | Err(AppError::Invalid(_)) => {}
                Err(other) => return Err(other),
            }
        }
        store
            .setting_or_insert(DEFAULT_PAPER_KEY, "1", self.now())
            .await?;
        Ok(())
    }

    /// Paper account `account` (by name or id) as its screen shows it.
    pub async fn paper_overview(&self, account: &str) -> Result<PaperOverview, AppError> {
        let account = self.paper_account(account).await?;
        let (state, _) = self.paper_state(account.id).await?;
        let (market, market_since) = self.paper_market(account.id).await?;
        let config = state.config();
        Ok(PaperOverview {
            account: account.name,
            mode: config.mode,
            market,
            market_since,
            starting_balances: StartingBalance::all(&config.balances),
            balances: state.balances(),
            positions: state.positions(),
            open_orders: state.resting(),
            maker_fee_bps: config.maker_fee_bps.to_string(),
            taker_fee_bps: config.taker_fee_bps.to_string(),
            slippage_bps: config.slippage_bps.to_string(),
        })
    }

    /// The built-in recordings a paper account can replay.
    pub async fn replay_datasets(&self) -> Result<Vec<ReplayDataset>, AppError> {
        let mut datasets = Vec::new();
        for built_in in pilothouse_exchange::replay::BUILT_IN {
            let recording = self.recording(built_in.name).await?;
            let (Some(first), Some(last)) = (recording.candles.first(), recording.candles.last())
            else {
                continue;
            };
            datasets.push(ReplayDataset {
                name: recording.name.clone(),
                symbol: recording.info.symbol.to_string(),
                interval: recording.interval,
                futures: built_in.futures,
                first_open: first.open_time,
                last_open: last.open_time,
            });
        }
        Ok(datasets)
    }

    /// Runs the journaled `order` on paper account `account` and saves the account with the
    /// journal's answer in one transaction. The market is read before the account is touched.
    pub(crate) async fn paper_place(
        &self,
        account: &Account,
        order: &OrderRequest,
    ) -> Result<PaperOutcome, AppError> {
        let mode = self.paper_mode(account.id).await?;
        let symbol = &order.symbol;
        let market = self.paper_quote(account, mode, symbol).await?;
        let assets = (
            market.info.base_asset.as_str(),
            market.info.quote_asset.as_str(),
        );
        let id = &order.client_order_id;
        for _ in 0..SAVE_ATTEMPTS {
            let (mut state, stored) = self.paper_state(account.id).await?;
            let at = self.now();
            match state.place(order, market.last_price, &market.info.filters, assets, at) {
                Ok(report) => {
                    if self
                        .save_with_report(account.id, stored.as_deref(), &state, &report, at)
                        .await?
                    {
                        return Ok(PaperOutcome::Placed(report));
                    }
                }
                Err(error) => {
                    let message = error.to_string();
                    self.inner
                        .store
                        .mark_order(id, OrderStatus::Rejected, None, Some(&message), at)
                        .await?;
                    return Ok(PaperOutcome::Refused(error));
                }
            }
        }
        Err(kept_changing(
            account,
            format!("order {id} was placed; it was not placed"),
        ))
    }

    /// Cancels the open order `id` on paper account `account`, saving the account with the
    /// journal's answer in one transaction.
    pub(crate) async fn paper_cancel(
        &self,
        account: &Account,
        symbol: &Symbol,
        id: &pilothouse_core::market::ClientOrderId,
    ) -> Result<OrderReport, AppError> {
        for _ in 0..SAVE_ATTEMPTS {
            let (mut state, stored) = self.paper_state(account.id).await?;
            let at = self.now();
            let report = state.cancel(symbol, id, at)?;
            if self
                .save_with_report(account.id, stored.as_deref(), &state, &report, at)
                .await?
            {
                return Ok(report);
            }
        }
        Err(kept_changing(account, format!("order {id} was cancelled")))
    }

    /// Applies `change` to paper account `account` and saves it (no order moves with it),
    /// redoing it on the newer state when another writer saved first.
    pub(crate) async fn paper_change<T>(
        &self,
        account: &Account,
        mut change: impl FnMut(&mut PaperAccount) -> Result<T, ExchangeError>,
    ) -> Result<T, AppError> {
        for _ in 0..SAVE_ATTEMPTS {
            let (mut state, stored) = self.paper_state(account.id).await?;
            let answer = change(&mut state)?;
            let at = self.now();
            if self
                .save_paper(account.id, stored.as_deref(), &state, &[], at)
                .await?
                .is_some()
            {
                return Ok(answer);
            }
        }
        Err(kept_changing(
            account,
            "its settings were changed".to_owned(),
        ))
    }

    /// What the paper venue knows of order `id` of `account` (`None`: it never received it).
    pub(crate) async fn paper_order(
        &self,
        account: &Account,
        id: &pilothouse_core::market::ClientOrderId,
    ) -> Result<Option<OrderReport>, AppError> {
        Ok(self.paper_state(account.id).await?.0.order(id))
    }

    /// Whether paper account `account_id` imitates spot or futures.
    pub(crate) async fn paper_mode(&self, account_id: i64) -> Result<PaperMode, AppError> {
        Ok(self.paper_state(account_id).await?.0.config().mode)
    }

    /// The account's state and the stored text it came from (`None` for an account added
    /// before paper settings existed, which starts with the spot defaults on first use).
    async fn paper_state(
        &self,
        account_id: i64,
    ) -> Result<(PaperAccount, Option<String>), AppError> {
        match self.inner.store.paper_state(account_id).await? {
            Some(text) => {
                let state = serde_json::from_str(&text).map_err(|e| {
                    AppError::Store(StoreError::Corrupt {
                        what: "paper account",
                        detail: e.to_string(),
                    })
                })?;
                Ok((state, Some(text)))
            }
            None => {
                let config = PaperSetup::default_for(PaperMode::Spot).check()?;
                Ok((PaperAccount::new(config)?, None))
            }
        }
    }

    /// Saves `state` with its order moved as `report` says, if the stored state is still
    /// `expected`; `false` when another writer saved first.
    async fn save_with_report(
        &self,
        account_id: i64,
        expected: Option<&str>,
        state: &PaperAccount,
        report: &OrderReport,
        at: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        let update = JournalUpdate {
            client_order_id: &report.client_order_id,
            status: report.status,
            report: Some(report),
            error: None,
        };
        let saved = self
            .save_paper(account_id, expected, state, &[update], at)
            .await?;
        Ok(saved.is_some())
    }

    /// Saves `state` with the journal's `updates` if the stored state is still `expected`:
    /// the journal rows as they now are, or `None` when another writer saved first.
    async fn save_paper(
        &self,
        account_id: i64,
        expected: Option<&str>,
        state: &PaperAccount,
        updates: &[JournalUpdate<'_>],
        at: DateTime<Utc>,
    ) -> Result<Option<Vec<OrderRecord>>, AppError> {
        let text = serde_json::to_string(state).map_err(|e| {
            AppError::Store(StoreError::Corrupt {
                what: "paper account",
                detail: e.to_string(),
            })
        })?;
        let saved = self
            .inner
            .store
            .save_paper_state(account_id, expected, &text, updates, at)
            .await?;
        Ok(match saved {
            PaperSave::Saved(records) => Some(records),
            PaperSave::Stale => None,
        })
    }
}
