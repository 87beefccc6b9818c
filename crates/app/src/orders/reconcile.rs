//! Reconciling the order journal with the venues when the App starts (design rule 5): every
//! order that is not final is asked about — by client order id, on its venue or in its paper
//! account — before any bot runs, and what changed while the App was closed (filled,
//! cancelled, never received) is recorded, logged, published and kept for the Orders screen.

use pilothouse_core::market::{ClientOrderId, Execution, OrderStatus, ReconcileChange, Venue};
use pilothouse_core::{LogType, NewLogEntry, Severity};
use serde_json::json;

use super::store_report;
use crate::{App, AppError};

impl App {
    /// What reconciling the journal changed when this App started: orders filled, cancelled
    /// or unknown to their venue while it was closed.
    pub fn reconciled_on_start(&self) -> Vec<ReconcileChange> {
        match self.inner.reconciled.lock() {
            Ok(changes) => changes.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Asks the venue about every order that is not final and records what it says: filled,
    /// cancelled, still open, or never received (→ rejected). Logs a SYSTEM warning per
    /// change. An order whose venue cannot be asked now is left as it is, for next time.
    pub async fn reconcile_orders(&self) -> Result<Vec<ReconcileChange>, AppError> {
        let mut changes = Vec::new();
        for record in self.inner.store.non_final_orders().await? {
            let account = match self.inner.store.account(record.account_id).await {
                Ok(account) => account,
                Err(error) => {
                    tracing::warn!(%error, order = %record.client_order_id, "no account to reconcile with");
                    continue;
                }
            };
            let id = &record.client_order_id;
            // A paper order is looked up in the saved paper account: its state and the journal
            // are saved together, so one it does not know was never placed.
            let looked_up = if account.venue == Venue::Paper {
                self.paper_order(&account, id).await
            } else {
                let Some(credentials) = self.credentials(account.id).await? else {
                    tracing::warn!(order = %id, "cannot reconcile: no keys");
                    continue;
                };
                let client = self.client(&account, Some(credentials))?;
                Execution::order(client.as_ref(), &record.symbol, id)
                    .await
                    .map_err(AppError::from)
            };
            let change = match looked_up {
                Ok(Some(report)) => {
                    // Same status and quantity: nothing changed, unless the venue now lists
                    // fills (and fees) the journal does not have yet.
                    let new_fills = !report.fills.is_empty() && report.fills != record.fills;
                    if report.status == record.status
                        && report.executed_quantity == record.executed_quantity
                        && !new_fills
                    {
                        continue;
                    }
                    store_report(self, id, &report).await?;
                    ReconcileChange {
                        client_order_id: id.clone(),
                        account: account.name.clone(),
                        symbol: record.symbol.clone(),
                        before: record.status,
                        after: report.status,
                        message: format!(
                            "Order {id} on '{}' is {} on the venue (was {} in the journal)",
                            account.name,
                            report.status.as_str(),
                            record.status.as_str()
                        ),
                    }
                }
                Ok(None) => {
                    if !matches!(
                        record.status,
                        OrderStatus::New | OrderStatus::Sent | OrderStatus::Unknown
                    ) {
                        tracing::warn!(order = %id, "an acknowledged order is unknown to the venue");
                        continue;
                    }
                    self.inner
                        .store
                        .mark_order(
                            id,
                            OrderStatus::Rejected,
                            None,
                            Some("the venue never received it"),
                            self.now(),
                        )
                        .await?;
                    ReconcileChange {
                        client_order_id: id.clone(),
                        account: account.name.clone(),
                        symbol: record.symbol.clone(),
                        before: record.status,
                        after: OrderStatus::Rejected,
                        message: format!(
                            "Order {id} on '{}': the venue never received it",
                            account.name
                        ),
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, order = %id, "could not reconcile an order now");
                    continue;
                }
            };
            let entry = NewLogEntry::new(
                LogType::System,
                Severity::Warning,
                "system",
                "order_reconciled",
                change.message.clone(),
            )
            .with_data(json!({
                "client_order_id": change.client_order_id,
                "before": change.before,
                "after": change.after,
            }));
            if let Err(error) = self.log(entry).await {
                tracing::warn!(%error, "could not log a reconciled order");
            }
            changes.push(change);
        }
        let ids: Vec<&ClientOrderId> = changes.iter().map(|c| &c.client_order_id).collect();
        self.publish_orders(&ids).await;
        if let Ok(mut kept) = self.inner.reconciled.lock() {
            kept.extend(changes.iter().cloned());
        }
        Ok(changes)
    }
}
