//! The paper venue of a paper account: a core `PaperAccount` kept in SQLite, filling orders
//! against Binance spot's public market data at the account's base URL (production when it has
//! none). Symbol rules and base/quote assets come from the public exchange info, the market
//! price from the latest candle's close; no keys are ever used.
//!
//! An account's state is created on first use with [`PAPER_STARTING_BALANCES`]. Every change is
//! saved in the same transaction as the journal row of the order that made it, and only if the
//! stored state is still the one it was made to (another task or process may have saved in
//! between: then the change is redone on the new state).

use chrono::{DateTime, Utc};
use pilothouse_core::FieldError;
use pilothouse_core::market::{
    Account, Balance, Candle, ExchangeError, Interval, KlineRange, MarketData, OrderReport,
    OrderRequest, OrderStatus, Symbol, SymbolInfo,
};
use pilothouse_core::paper::{PaperAccount, PaperConfig};
use pilothouse_exchange::BinanceClient;
use pilothouse_store::StoreError;
use pilothouse_store::paper::{JournalUpdate, PaperSave};
use rust_decimal::Decimal;

use crate::{App, AppError};

/// What a new paper account starts with: 10 000 USDT and 1 BTC (a spot account, Binance's
/// standard 10 bps fees and 5 bps of slippage).
pub const PAPER_STARTING_BALANCES: [(&str, Decimal); 2] = [
    ("USDT", Decimal::from_parts(10_000, 0, 0, false, 0)),
    ("BTC", Decimal::ONE),
];

/// How many times a change is redone when another writer saved the account first.
const SAVE_ATTEMPTS: usize = 5;

/// The outcome of running an order on the paper venue.
pub(crate) enum PaperOutcome {
    /// Accepted (filled or resting); state and journal saved together.
    Placed(OrderReport),
    /// Refused by the paper venue; the account is unchanged and the journal says rejected.
    Refused(ExchangeError),
}

/// What the paper venue needs to know about the market to place one order.
struct Market {
    info: SymbolInfo,
    last_price: Decimal,
}

impl App {
    /// The balances of paper account `account` (by name or id): the starting balances until it
    /// has traded.
    pub async fn paper_balances(&self, account: &str) -> Result<Vec<Balance>, AppError> {
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
        let (state, _) = self.paper_state(account.id).await?;
        Ok(state.balances())
    }

    /// Runs the journaled `order` on paper account `account` and saves the account with the
    /// journal's answer in one transaction. The market is read before the account is touched.
    pub(crate) async fn paper_place(
        &self,
        account: &Account,
        client: &BinanceClient,
        order: &OrderRequest,
    ) -> Result<PaperOutcome, AppError> {
        let market = paper_market(client, &order.symbol).await?;
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
                    let update = JournalUpdate {
                        client_order_id: id,
                        status: report.status,
                        report: Some(&report),
                        error: None,
                    };
                    if self
                        .save_paper(account.id, stored.as_deref(), &state, Some(update), at)
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
        Err(AppError::Store(StoreError::Corrupt {
            what: "paper account",
            detail: format!(
                "'{}' kept changing while order {id} was placed; it was not placed",
                account.name
            ),
        }))
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
            let update = JournalUpdate {
                client_order_id: id,
                status: report.status,
                report: Some(&report),
                error: None,
            };
            if self
                .save_paper(account.id, stored.as_deref(), &state, Some(update), at)
                .await?
            {
                return Ok(report);
            }
        }
        Err(AppError::Store(StoreError::Corrupt {
            what: "paper account",
            detail: format!(
                "'{}' kept changing while order {id} was cancelled",
                account.name
            ),
        }))
    }

    /// What the paper venue knows of order `id` of `account` (`None`: it never received it).
    pub(crate) async fn paper_order(
        &self,
        account: &Account,
        id: &pilothouse_core::market::ClientOrderId,
    ) -> Result<Option<OrderReport>, AppError> {
        Ok(self.paper_state(account.id).await?.0.order(id))
    }

    /// The account's state and the stored text it came from (`None` before first use, when it
    /// starts with [`PAPER_STARTING_BALANCES`]).
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
                let config = PaperConfig::spot(
                    PAPER_STARTING_BALANCES
                        .iter()
                        .map(|(asset, amount)| ((*asset).to_owned(), *amount)),
                );
                Ok((PaperAccount::new(config)?, None))
            }
        }
    }

    /// Saves `state` if the stored state is still `expected`; `false` when it is not.
    async fn save_paper(
        &self,
        account_id: i64,
        expected: Option<&str>,
        state: &PaperAccount,
        journal: Option<JournalUpdate<'_>>,
        at: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        let text = serde_json::to_string(state).map_err(|e| {
            AppError::Store(StoreError::Corrupt {
                what: "paper account",
                detail: e.to_string(),
            })
        })?;
        let saved = self
            .inner
            .store
            .save_paper_state(account_id, expected, &text, journal, at)
            .await?;
        Ok(matches!(saved, PaperSave::Saved(_)))
    }
}

/// The symbol's rules and its last price. The latest candle's close is the last trade price
/// whatever the interval; 5 minutes is one every Binance symbol (and the test fake) serves.
async fn paper_market(client: &BinanceClient, symbol: &Symbol) -> Result<Market, AppError> {
    let info = client.symbol_info(symbol).await?;
    if !info.trading {
        return Err(
            FieldError::new("symbol", format!("{symbol} is not trading on Binance now")).into(),
        );
    }
    let candles: Vec<Candle> = client
        .klines(symbol, Interval::M5, KlineRange::Latest(1))
        .await?;
    let Some(last) = candles.last() else {
        return Err(AppError::Exchange(ExchangeError::Malformed {
            venue: pilothouse_core::paper::VENUE,
            message: format!("no candle of {symbol} to price the order with"),
        }));
    };
    Ok(Market {
        info,
        last_price: last.close,
    })
}
