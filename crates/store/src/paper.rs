//! Paper accounts' simulated state: one JSON document (core's `PaperAccount`) per account.
//! The store does not read the document; it keeps it, and writes it in the same transaction as
//! the journal row of the order that changed it, so the paper account and the journal never
//! disagree after a crash.

use chrono::{DateTime, Utc};
use pilothouse_core::market::{ClientOrderId, OrderReport, OrderStatus};

use crate::orders::{OrderRecord, mark};
use crate::time::to_ms;
use crate::{Store, StoreError};

/// How a journaled order moves along with a paper state change (see [`Store::mark_order`]).
#[derive(Debug, Clone, Copy)]
pub struct JournalUpdate<'a> {
    pub client_order_id: &'a ClientOrderId,
    pub status: OrderStatus,
    pub report: Option<&'a OrderReport>,
    pub error: Option<&'a str>,
}

/// What [`Store::save_paper_state`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaperSave {
    /// Saved; the journal row as it now is, when one was moved.
    Saved(Option<Box<OrderRecord>>),
    /// Not saved: the stored state is no longer the one the change was made to (another
    /// process or task saved first). Reload and redo the change.
    Stale,
}

impl Store {
    /// The stored state of paper account `account_id`, if it has been used yet.
    pub async fn paper_state(&self, account_id: i64) -> Result<Option<String>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        Ok(
            sqlx::query_scalar("SELECT state FROM paper_accounts WHERE account_id = ?")
                .bind(account_id)
                .fetch_optional(&mut *conn)
                .await?,
        )
    }

    /// Saves the state of paper account `account_id` (created or replaced) and, when given,
    /// moves its order in the journal — in one transaction: both change or neither does.
    /// `expected` is the state the change was made to (`None`: the account had none yet); when
    /// the stored one differs nothing is written and [`PaperSave::Stale`] is returned.
    pub async fn save_paper_state(
        &self,
        account_id: i64,
        expected: Option<&str>,
        state: &str,
        journal: Option<JournalUpdate<'_>>,
        now: DateTime<Utc>,
    ) -> Result<PaperSave, StoreError> {
        self.write(async |tx| {
            let stored: Option<String> =
                sqlx::query_scalar("SELECT state FROM paper_accounts WHERE account_id = ?")
                    .bind(account_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if stored.as_deref() != expected {
                return Ok(PaperSave::Stale);
            }
            sqlx::query(
                "INSERT INTO paper_accounts (account_id, state, updated_ms) VALUES (?, ?, ?)
                 ON CONFLICT (account_id) DO UPDATE
                 SET state = excluded.state, updated_ms = excluded.updated_ms",
            )
            .bind(account_id)
            .bind(state)
            .bind(to_ms(now))
            .execute(&mut *tx)
            .await?;
            match journal {
                Some(update) => Ok(PaperSave::Saved(Some(Box::new(
                    mark(
                        tx,
                        update.client_order_id,
                        update.status,
                        update.report,
                        update.error,
                        now,
                    )
                    .await?,
                )))),
                None => Ok(PaperSave::Saved(None)),
            }
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use pilothouse_core::market::{AccountSpec, Venue};

    use super::*;

    #[tokio::test]
    async fn state_and_journal_change_together_or_not_at_all() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::corrupt("tempdir", e))?;
        let store = Store::open_in(dir.path()).await?;
        let now = DateTime::from_timestamp_millis(1_700_000_000_000).unwrap_or_default();
        let spec = AccountSpec {
            name: "paper".into(),
            venue: Venue::Paper,
            base_url: None,
            live: false,
        };
        let account = store.insert_account(&spec, now).await?;
        assert_eq!(store.paper_state(account.id).await?, None);
        let saved = store
            .save_paper_state(account.id, None, "{\"v\":1}", None, now)
            .await?;
        assert_eq!(saved, PaperSave::Saved(None));
        assert_eq!(
            store
                .save_paper_state(account.id, None, "{\"v\":2}", None, now)
                .await?,
            PaperSave::Stale,
            "made to an older state"
        );
        let unknown = ClientOrderId::parse("ph-1-1-dead")?;
        let update = JournalUpdate {
            client_order_id: &unknown,
            status: OrderStatus::Filled,
            report: None,
            error: None,
        };
        assert!(matches!(
            store
                .save_paper_state(account.id, Some("{\"v\":1}"), "{\"v\":3}", Some(update), now)
                .await,
            Err(StoreError::Invalid(f)) if f.field == "client_order_id"
        ));
        assert_eq!(
            store.paper_state(account.id).await?.as_deref(),
            Some("{\"v\":1}"),
            "a failed journal update leaves the state as it was"
        );
        store.close().await;
        Ok(())
    }
}
