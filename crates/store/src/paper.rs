//! Paper accounts' simulated state: one JSON document (core's `PaperAccount`) per account.
//! The store does not read the document; it keeps it, and writes it in the same transaction as
//! the journal row of the order that changed it, so the paper account and the journal never
//! disagree after a crash.

use chrono::{DateTime, Utc};
use pilothouse_core::market::{ClientOrderId, OrderRecord, OrderReport, OrderStatus};

use sqlx::Row;

use crate::orders::mark;
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
    /// Saved; the journal rows as they now are, one per update given.
    Saved(Vec<OrderRecord>),
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

    /// Where paper account `account_id`'s prices come from (core's `PaperMarket` as JSON) and
    /// since when (ms); `None` for an account whose state was never written.
    pub async fn paper_market(&self, account_id: i64) -> Result<Option<(String, i64)>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let row =
            sqlx::query("SELECT market, market_since_ms FROM paper_accounts WHERE account_id = ?")
                .bind(account_id)
                .fetch_optional(&mut *conn)
                .await?;
        match row {
            Some(row) => Ok(Some((
                row.try_get("market")?,
                row.try_get("market_since_ms")?,
            ))),
            None => Ok(None),
        }
    }

    /// Saves the state of paper account `account_id` (created or replaced) and moves the
    /// orders of `journal` with it — in one transaction: all change or none does.
    /// `expected` is the state the change was made to (`None`: the account had none yet); when
    /// the stored one differs nothing is written and [`PaperSave::Stale`] is returned.
    pub async fn save_paper_state(
        &self,
        account_id: i64,
        expected: Option<&str>,
        state: &str,
        journal: &[JournalUpdate<'_>],
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
            let mut moved = Vec::with_capacity(journal.len());
            for update in journal {
                moved.push(
                    mark(
                        tx,
                        update.client_order_id,
                        update.status,
                        update.report,
                        update.error,
                        now,
                    )
                    .await?,
                );
            }
            Ok(PaperSave::Saved(moved))
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
            paper: None,
        };
        let account = store.insert_account(&spec, now).await?;
        assert_eq!(store.paper_state(account.id).await?, None);
        let saved = store
            .save_paper_state(account.id, None, "{\"v\":1}", &[], now)
            .await?;
        assert_eq!(saved, PaperSave::Saved(Vec::new()));
        assert_eq!(
            store
                .save_paper_state(account.id, None, "{\"v\":2}", &[], now)
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
                .save_paper_state(account.id, Some("{\"v\":1}"), "{\"v\":3}", &[update], now)
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
