//! Accounts: name, venue, base URL and whether they trade live. Never their keys: those live
//! only in the OS keyring (design rule 9). `has_keys` is always `false` here; the App fills it
//! in from the keyring.

use chrono::{DateTime, Utc};
use pilothouse_core::FieldError;
use pilothouse_core::market::{Account, AccountSpec, PaperSpec, Venue};
use pilothouse_core::paper::PaperAccount;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use crate::time::{from_ms, to_ms};
use crate::unique_name::{Named, name_free};
use crate::{Store, StoreError};

const COLUMNS: &str = "id, name, venue, base_url, live, created_ms, updated_ms";

impl Store {
    /// Stores a new account, and a paper account's opening state and price source with it. A
    /// name already in use is refused (field `name`).
    pub async fn insert_account(
        &self,
        spec: &AccountSpec,
        now: DateTime<Utc>,
    ) -> Result<Account, StoreError> {
        self.write(async |tx| {
            name_free(tx, Named::Account, &spec.name, None).await?;
            let id: i64 = sqlx::query(
                "INSERT INTO accounts (name, venue, base_url, live, created_ms, updated_ms)
                 VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(&spec.name)
            .bind(spec.venue.as_str())
            .bind(spec.base_url.as_deref())
            .bind(spec.live)
            .bind(to_ms(now))
            .bind(to_ms(now))
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
            if let Some(paper) = &spec.paper {
                open_paper_account(tx, id, paper, now).await?;
            }
            fetch(tx, id).await
        })
        .await
    }

    /// Replaces account `id`'s settings (its venue included; a paper account's state is left
    /// as it is). A name taken by another account
    /// is refused (field `name`), an unknown id (field `account`).
    pub async fn update_account(
        &self,
        id: i64,
        spec: &AccountSpec,
        now: DateTime<Utc>,
    ) -> Result<Account, StoreError> {
        self.write(async |tx| {
            fetch(tx, id).await?;
            name_free(tx, Named::Account, &spec.name, Some(id)).await?;
            sqlx::query(
                "UPDATE accounts SET name = ?, venue = ?, base_url = ?, live = ?, updated_ms = ?
                 WHERE id = ?",
            )
            .bind(&spec.name)
            .bind(spec.venue.as_str())
            .bind(spec.base_url.as_deref())
            .bind(spec.live)
            .bind(to_ms(now))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            fetch(tx, id).await
        })
        .await
    }

    /// A value that changes whenever an account is added, changed or removed (by any process).
    pub async fn accounts_version(&self) -> Result<String, StoreError> {
        let mut conn = self.pool().acquire().await?;
        Ok(sqlx::query_scalar(
            "SELECT count(*) || ':' || coalesce(max(updated_ms), 0) || ':' || coalesce(max(id), 0)
             FROM accounts",
        )
        .fetch_one(&mut *conn)
        .await?)
    }

    /// Removes account `id`; an unknown id is refused (field `account`).
    pub async fn delete_account(&self, id: i64) -> Result<(), StoreError> {
        self.write(async |tx| {
            let deleted = sqlx::query("DELETE FROM accounts WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if deleted == 0 {
                return Err(not_found(id));
            }
            Ok(())
        })
        .await
    }

    /// One account; an unknown id is refused (field `account`).
    pub async fn account(&self, id: i64) -> Result<Account, StoreError> {
        let mut conn = self.pool().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// The account named exactly `name`, if any.
    pub async fn account_by_name(&self, name: &str) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM accounts WHERE name = ?"))
            .bind(name)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(account).transpose()
    }

    /// Every account, by name.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM accounts ORDER BY name"))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(account).collect()
    }
}

fn not_found(id: i64) -> StoreError {
    StoreError::Invalid(FieldError::new(
        "account",
        format!("there is no account {id}"),
    ))
}

async fn fetch(conn: &mut SqliteConnection, id: i64) -> Result<Account, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM accounts WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map_or(Err(not_found(id)), account)
}

fn account(row: &SqliteRow) -> Result<Account, StoreError> {
    let venue: String = row.try_get("venue")?;
    let venue: Venue = venue
        .parse()
        .map_err(|e: FieldError| StoreError::corrupt("account venue", e.problem))?;
    Ok(Account {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        venue,
        base_url: row.try_get("base_url")?,
        live: row.try_get("live")?,
        has_keys: false,
        keys_unknown: None,
        created_at: from_ms(row.try_get("created_ms")?)?,
        updated_at: from_ms(row.try_get("updated_ms")?)?,
    })
}

/// Writes the opening state of paper account `id`: its starting balances and price source.
async fn open_paper_account(
    tx: &mut SqliteConnection,
    id: i64,
    paper: &PaperSpec,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let state = PaperAccount::new(paper.config.clone()).map_err(StoreError::Invalid)?;
    let state =
        serde_json::to_string(&state).map_err(|e| StoreError::corrupt("paper account", e))?;
    let market =
        serde_json::to_string(&paper.market).map_err(|e| StoreError::corrupt("paper market", e))?;
    sqlx::query(
        "INSERT INTO paper_accounts (account_id, state, updated_ms, market, market_since_ms)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(state)
    .bind(to_ms(now))
    .bind(market)
    .bind(to_ms(now))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, venue: Venue) -> AccountSpec {
        AccountSpec {
            name: name.into(),
            venue,
            base_url: None,
            live: false,
            paper: None,
        }
    }

    #[tokio::test]
    async fn accounts_round_trip_and_names_are_unique() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::corrupt("tempdir", e))?;
        let store = Store::open_in(dir.path()).await?;
        let now = DateTime::from_timestamp_millis(1_700_000_000_000).unwrap_or_default();
        let paper = store
            .insert_account(&spec("paper", Venue::Paper), now)
            .await?;
        assert_eq!(store.account(paper.id).await?, paper);
        let taken = store
            .insert_account(&spec("paper", Venue::BinanceSpot), now)
            .await;
        assert!(matches!(taken, Err(StoreError::Invalid(f)) if f.field == "name"));
        let mut live = spec("spot", Venue::BinanceSpot);
        live.live = true;
        let spot = store.insert_account(&live, now).await?;
        assert!(spot.live);
        // The database itself refuses a live paper account.
        let mut bad = spec("paper", Venue::Paper);
        bad.live = true;
        assert!(store.update_account(paper.id, &bad, now).await.is_err());
        assert_eq!(store.accounts().await?.len(), 2);
        store.delete_account(paper.id).await?;
        assert!(matches!(
            store.delete_account(paper.id).await,
            Err(StoreError::Invalid(f)) if f.field == "account"
        ));
        assert_eq!(store.account_by_name("spot").await?, Some(spot));
        store.close().await;
        Ok(())
    }
}
