//! Key/value settings: small pieces of state that must survive a restart (the emergency pause,
//! user preferences). Values are text, usually JSON, read and written whole.

use crate::time::to_ms;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

impl Store {
    /// The value stored under `key`, if any.
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
                .bind(key)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Stores `value` under `key`, replacing what was there.
    pub async fn set_setting(
        &self,
        key: &str,
        value: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write(async |tx| put(tx, key, value, at).await).await
    }
}

/// Writes a setting inside a caller's transaction.
pub(crate) async fn put(
    conn: &mut SqliteConnection,
    key: &str,
    value: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO settings (key, value, updated_ms) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms",
    )
    .bind(key)
    .bind(value)
    .bind(to_ms(at))
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// The value under `key`, storing `value` first if there is none. Two processes doing this
    /// at once agree on one value: the first write wins and both read it back.
    pub async fn setting_or_insert(
        &self,
        key: &str,
        value: &str,
        at: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        self.write(async |tx| {
            sqlx::query(
                "INSERT INTO settings (key, value, updated_ms) VALUES (?, ?, ?)
                 ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(value)
            .bind(to_ms(at))
            .execute(&mut *tx)
            .await?;
            Ok(
                sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
                    .bind(key)
                    .fetch_one(&mut *tx)
                    .await?,
            )
        })
        .await
    }
}
