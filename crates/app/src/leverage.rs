//! Futures leverage per account and symbol: on a paper futures account it is kept in the
//! simulated account (saved like any other change); on Binance USD-M it is set on the venue,
//! which needs the account live with its keys, like an order. Spot has none. Not an order, so
//! the emergency pause does not refuse it (lowering leverage is a way to take risk off).

use pilothouse_core::market::{Symbol, Venue};
use pilothouse_core::paper::{MAX_LEVERAGE, PaperMode};
use pilothouse_core::{FieldError, LogType, NewLogEntry, Severity};

use crate::{App, AppError};

impl App {
    /// Sets `symbol`'s leverage on futures `account` (1 to 125) and returns the leverage in
    /// force. Refused with field `leverage` out of range, on spot, or (paper) while the symbol
    /// has a position or open orders.
    pub async fn set_leverage(
        &self,
        account: &str,
        symbol: &Symbol,
        leverage: u32,
    ) -> Result<u32, AppError> {
        if !(1..=MAX_LEVERAGE).contains(&leverage) {
            return Err(FieldError::new(
                "leverage",
                format!("is {leverage}; use 1 to {MAX_LEVERAGE}"),
            )
            .into());
        }
        let cleared = self.clear_account(account).await?;
        let account = &cleared.account;
        let set = match account.venue {
            Venue::Paper => self.paper_set_leverage(account, symbol, leverage).await?,
            Venue::BinanceUsdm => cleared.client.set_leverage(symbol, leverage).await?,
            Venue::BinanceSpot => {
                return Err(FieldError::new(
                    "leverage",
                    format!("'{}' trades spot, which has no leverage", account.name),
                )
                .into());
            }
        };
        let message = format!("Leverage of {symbol} on '{}' set to {set}×", account.name);
        let entry = NewLogEntry::new(
            LogType::Trade,
            Severity::Info,
            "orders",
            "leverage_set",
            message,
        );
        if let Err(error) = self.log(entry).await {
            tracing::warn!(%error, "could not log a leverage change");
        }
        Ok(set)
    }

    async fn paper_set_leverage(
        &self,
        account: &pilothouse_core::market::Account,
        symbol: &Symbol,
        leverage: u32,
    ) -> Result<u32, AppError> {
        if self.paper_mode(account.id).await? == PaperMode::Spot {
            return Err(FieldError::new(
                "leverage",
                format!(
                    "'{}' is a spot paper account, which has no leverage",
                    account.name
                ),
            )
            .into());
        }
        self.paper_change(account, |state| state.set_leverage(symbol, leverage))
            .await
    }
}
