//! Orders: the one gate every order passes (design rule 4), the journal written before the
//! request (rule 5), and (in `reconcile`) the journal checked against the venues on start. An order
//! is sent at most once: when its answer is lost it is looked up by client order id (rule 10).
//!
//! The gate checks, in this order: the emergency pause, that the account exists, and then for a
//! real venue that the account is live and that its keys are in the keyring. A paper account
//! passes once the pause and the account are checked: it is never live and needs no keys (its
//! orders go to the simulated venue in `paper/`, journaled the same way). The venue — real or
//! paper — then applies the symbol's filters.

use std::sync::Arc;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use pilothouse_core::market::{
    Account, ClientOrderId, ExchangeError, Execution, OrderInput, OrderKind, OrderQuery,
    OrderRecord, OrderReport, OrderRequest, OrderStatus, Side, Symbol, Venue,
};
use pilothouse_core::{AppEvent, FieldError, LogType, NewLogEntry, Severity};
use pilothouse_exchange::BinanceClient;
use pilothouse_store::orders::OrderFilter;
use rust_decimal::Decimal;
use serde_json::json;

use crate::paper::PaperOutcome;

mod reconcile;
use crate::{App, AppError};

/// The first wait before looking up an order whose outcome is unknown; doubled each try.
const LOOKUP_FIRST_DELAY: Duration = Duration::from_millis(200);
/// How many lookups follow the first one before the order is left to reconciliation.
const LOOKUP_RETRIES: usize = 4;

/// A value that passed the order gate. Only this module can make one, and only a checked order
/// is ever sent.
#[derive(Debug, Clone)]
pub struct Checked<T>(T);

impl<T> Checked<T> {
    pub fn get(&self) -> &T {
        &self.0
    }
}

/// An account that passed the gate, with a client holding its keys (for a paper account: a
/// public client for the market data its fills are priced with).
pub(crate) struct Cleared {
    pub(crate) account: Account,
    pub(crate) client: Arc<BinanceClient>,
}

impl App {
    /// Places a manual order on `account` through the gate; see the module docs. Returns what
    /// the venue said, or the journal's view (`unknown`) when the venue could not say yet.
    pub async fn place_order(
        &self,
        account: &str,
        symbol: &Symbol,
        side: Side,
        kind: OrderKind,
        quantity: Decimal,
    ) -> Result<OrderReport, AppError> {
        let cleared = self.clear(account).await?;
        let request = OrderRequest {
            client_order_id: new_client_order_id(cleared.account.id, self.now())?,
            symbol: symbol.clone(),
            side,
            kind,
            quantity,
            reduce_only: false,
        };
        let id = request.client_order_id.clone();
        let sent = self.send(Checked(request), &cleared, "manual").await;
        self.publish_orders(&[&id]).await;
        sent
    }

    /// Places the manual order the trader entered (checked first, fields named).
    pub async fn order_place(&self, input: &OrderInput) -> Result<OrderReport, AppError> {
        let (symbol, quantity) = input.check()?;
        let report = self
            .place_order(
                &input.account,
                &symbol,
                input.side,
                input.kind.clone(),
                quantity,
            )
            .await?;
        Ok(report)
    }

    /// Publishes the journal rows of `ids` as they now are.
    pub(crate) async fn publish_orders(&self, ids: &[&ClientOrderId]) {
        let mut orders = Vec::new();
        for id in ids {
            match self.inner.store.order_by_client_id(id).await {
                Ok(Some(order)) => orders.push(order),
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "could not read an order to publish"),
            }
        }
        if !orders.is_empty() {
            self.publish(AppEvent::OrdersChanged { orders });
        }
    }

    /// The gate: pause, account, then (real venues only) live and keys — in that order.
    async fn clear(&self, account: &str) -> Result<Cleared, AppError> {
        if self.is_paused() {
            return Err(AppError::Paused {
                reason: self.pause_state().reason.unwrap_or_default(),
            });
        }
        self.clear_account(account).await
    }

    /// The gate's account steps (after the pause): the account, then (real venues only) live
    /// and keys. Also what a leverage change needs.
    pub(crate) async fn clear_account(&self, account: &str) -> Result<Cleared, AppError> {
        let account = self.account(account).await?;
        if account.venue == Venue::Paper {
            let client = self.client(&account, None)?;
            return Ok(Cleared { account, client });
        }
        if !account.live {
            return Err(FieldError::new(
                "account",
                format!(
                    "account '{}' is not live: switch it to live before it may send real orders",
                    account.name
                ),
            )
            .into());
        }
        let Some(credentials) = self.credentials(account.id).await? else {
            return Err(FieldError::new(
                "account",
                format!(
                    "account '{}' has no API keys: set them with `pilothouse keys set {}`",
                    account.name, account.name
                ),
            )
            .into());
        };
        let client = self.client(&account, Some(credentials))?;
        Ok(Cleared { account, client })
    }

    /// Journals, sends once, records the answer.
    async fn send(
        &self,
        order: Checked<OrderRequest>,
        cleared: &Cleared,
        origin: &str,
    ) -> Result<OrderReport, AppError> {
        let order = order.0;
        let id = &order.client_order_id;
        let store = &self.inner.store;
        store
            .journal_new_order(&order, cleared.account.id, origin, self.now())
            .await?;
        store
            .mark_order(id, OrderStatus::Sent, None, None, self.now())
            .await?;
        if cleared.account.venue == Venue::Paper {
            return self.send_paper(&order, cleared).await;
        }
        match Execution::place(cleared.client.as_ref(), &order).await {
            Ok(report) => {
                store
                    .mark_order(id, report.status, Some(&report), None, self.now())
                    .await?;
                self.log_placed(&order, &cleared.account.name, &report)
                    .await;
                Ok(report)
            }
            Err(
                error @ (ExchangeError::UnknownOutcome { .. }
                | ExchangeError::Unavailable { .. }
                | ExchangeError::Malformed { .. }),
            ) => {
                let message = error.to_string();
                store
                    .mark_order(id, OrderStatus::Unknown, None, Some(&message), self.now())
                    .await?;
                self.trade_log(
                    Severity::Warning,
                    "order_unknown",
                    format!(
                        "Order {id} on '{}': the venue did not say whether it was placed; \
                         looking it up (it is never sent again)",
                        cleared.account.name
                    ),
                    id,
                    OrderStatus::Unknown,
                )
                .await;
                self.look_up(cleared, &order).await
            }
            Err(error) => {
                let message = error.to_string();
                store
                    .mark_order(id, OrderStatus::Rejected, None, Some(&message), self.now())
                    .await?;
                self.log_rejected(id, &cleared.account.name, &message).await;
                Err(error.into())
            }
        }
    }

    /// The paper venue's half of [`Self::send`]: the order is journaled and `sent`; the paper
    /// account and the journal's answer are then saved together.
    async fn send_paper(
        &self,
        order: &OrderRequest,
        cleared: &Cleared,
    ) -> Result<OrderReport, AppError> {
        let id = &order.client_order_id;
        let outcome = match self.paper_place(&cleared.account, order).await {
            Ok(outcome) => outcome,
            Err(error) => {
                // The market could not be read: the paper account was not touched.
                let message = error.to_string();
                self.inner
                    .store
                    .mark_order(id, OrderStatus::Rejected, None, Some(&message), self.now())
                    .await?;
                return Err(error);
            }
        };
        match outcome {
            PaperOutcome::Placed(report) => {
                self.log_placed(order, &cleared.account.name, &report).await;
                Ok(report)
            }
            PaperOutcome::Refused(error) => {
                self.log_rejected(id, &cleared.account.name, &error.to_string())
                    .await;
                Err(error.into())
            }
        }
    }

    /// After an unknown outcome: asks the venue by client order id with backoff. What it says
    /// is recorded; if it cannot say, the order stays `unknown` for reconciliation.
    async fn look_up(
        &self,
        cleared: &Cleared,
        order: &OrderRequest,
    ) -> Result<OrderReport, AppError> {
        let id = &order.client_order_id;
        let backoff = ExponentialBuilder::default()
            .with_min_delay(LOOKUP_FIRST_DELAY)
            .with_max_times(LOOKUP_RETRIES);
        let found = (|| async {
            match Execution::order(cleared.client.as_ref(), &order.symbol, id).await {
                Ok(Some(report)) => Ok(report),
                Ok(None) => Err(None),
                Err(error) => Err(Some(error)),
            }
        })
        .retry(backoff)
        .await;
        match found {
            Ok(report) => {
                store_report(self, id, &report).await?;
                self.trade_log(
                    Severity::Info,
                    "order_found",
                    format!(
                        "Order {id} found on the venue after an unknown outcome: {}",
                        report.status.as_str()
                    ),
                    id,
                    report.status,
                )
                .await;
                Ok(report)
            }
            Err(why) => {
                if let Some(error) = why {
                    tracing::warn!(%error, order = %id, "could not look up an order");
                }
                let record = self.journaled(id).await?;
                Ok(report_of(&record))
            }
        }
    }

    /// Cancels the open order `client_order_id` (not refused by the pause: cancelling only
    /// lowers risk).
    pub async fn cancel_order(&self, client_order_id: &str) -> Result<OrderReport, AppError> {
        let id = ClientOrderId::parse(client_order_id.trim())?;
        let record = self.journaled(&id).await?;
        if record.status.is_final() {
            return Err(FieldError::new(
                "client_order_id",
                format!("order {id} is already {}", record.status.as_str()),
            )
            .into());
        }
        let account = self.inner.store.account(record.account_id).await?;
        if account.venue == Venue::Paper {
            let report = self.paper_cancel(&account, &record.symbol, &id).await?;
            self.trade_log(
                Severity::Info,
                "order_cancelled",
                format!("Order {id} on paper account '{}' cancelled", account.name),
                &id,
                report.status,
            )
            .await;
            self.publish_orders(&[&id]).await;
            return Ok(report);
        }
        let credentials = self.credentials(account.id).await?;
        let client = self.client(&account, credentials)?;
        let report = Execution::cancel(client.as_ref(), &record.symbol, &id).await?;
        store_report(self, &id, &report).await?;
        self.trade_log(
            Severity::Info,
            "order_cancelled",
            format!("Order {id} on '{}' cancelled", account.name),
            &id,
            report.status,
        )
        .await;
        self.publish_orders(&[&id]).await;
        Ok(report)
    }

    /// Journaled orders matching `query`, newest first.
    pub async fn orders_list(&self, query: &OrderQuery) -> Result<Vec<OrderRecord>, AppError> {
        let account_id = match &query.account {
            Some(name) => Some(self.account(name).await?.id),
            None => None,
        };
        let filter = OrderFilter {
            account_id,
            status: query.status,
            before_id: query.before_id,
            limit: query.limit,
        };
        Ok(self.inner.store.orders_list(&filter).await?)
    }

    async fn journaled(&self, id: &ClientOrderId) -> Result<OrderRecord, AppError> {
        self.inner
            .store
            .order_by_client_id(id)
            .await?
            .ok_or_else(|| {
                FieldError::new(
                    "client_order_id",
                    format!("there is no order `{id}` in the journal"),
                )
                .into()
            })
    }

    /// The INFO entry for an order the venue (or the paper account) took.
    async fn log_placed(&self, order: &OrderRequest, account: &str, report: &OrderReport) {
        let message = format!(
            "{} {} {} on '{account}': {}",
            side_word(order.side),
            order.quantity,
            order.symbol,
            report.status.as_str()
        );
        let id = &order.client_order_id;
        self.trade_log(Severity::Info, "order_placed", message, id, report.status)
            .await;
    }

    /// The ERROR entry for an order the venue (or the paper account) refused.
    async fn log_rejected(&self, id: &ClientOrderId, account: &str, why: &str) {
        let message = format!("Order {id} on '{account}' refused: {why}");
        self.trade_log(
            Severity::Error,
            "order_rejected",
            message,
            id,
            OrderStatus::Rejected,
        )
        .await;
    }

    /// A TRADE log entry about order `id` (never a key or secret in it). A failed write is
    /// logged to tracing: the order itself is journaled.
    async fn trade_log(
        &self,
        severity: Severity,
        action: &str,
        message: String,
        id: &ClientOrderId,
        status: OrderStatus,
    ) {
        let entry = NewLogEntry::new(LogType::Trade, severity, self.inner.shell, action, message)
            .with_data(json!({ "client_order_id": id, "status": status }));
        if let Err(error) = self.log(entry).await {
            tracing::warn!(%error, "could not log an order");
        }
    }
}

async fn store_report(app: &App, id: &ClientOrderId, report: &OrderReport) -> Result<(), AppError> {
    app.inner
        .store
        .mark_order(id, report.status, Some(report), None, app.now())
        .await?;
    Ok(())
}

/// The journal's view of an order, as a report.
fn report_of(record: &OrderRecord) -> OrderReport {
    OrderReport {
        client_order_id: record.client_order_id.clone(),
        venue_order_id: record.venue_order_id.clone(),
        symbol: record.symbol.clone(),
        side: record.side,
        status: record.status,
        executed_quantity: record.executed_quantity,
        fills: record.fills.clone(),
        note: record.note.clone(),
    }
}

fn side_word(side: Side) -> &'static str {
    match side {
        Side::Buy => "BUY",
        Side::Sell => "SELL",
    }
}

/// `ph-<account id>-<unix ms>-<4 random hex>`: unique per order, within Binance's 36 characters.
fn new_client_order_id(
    account_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ClientOrderId, AppError> {
    let mut bytes = [0u8; 2];
    getrandom::fill(&mut bytes).map_err(|e| {
        AppError::io(
            "reading",
            std::path::Path::new("the OS random source"),
            std::io::Error::from(e),
        )
    })?;
    Ok(ClientOrderId::parse(&format!(
        "ph-{account_id}-{}-{}",
        now.timestamp_millis(),
        hex::encode(bytes)
    ))?)
}
