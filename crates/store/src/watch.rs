//! Noticing what *another process* wrote. The desktop app and the CLI daemon share one database;
//! SQLite's `PRAGMA data_version` changes on a connection exactly when a different connection
//! committed, so one cheap query on a dedicated connection tells whether anything needs
//! re-reading. (File-system notifications on the WAL would fire for our own writes too.)

use sqlx::{Connection, SqliteConnection};

use crate::{Store, StoreError};

/// A dedicated connection that reports whether the database changed since it last looked.
#[derive(Debug)]
pub struct ChangeWatch {
    conn: SqliteConnection,
    seen: i64,
}

impl ChangeWatch {
    /// Opens the watch; the first [`ChangeWatch::changed`] reports changes after this point.
    pub async fn open(store: &Store) -> Result<Self, StoreError> {
        let mut conn = SqliteConnection::connect_with(store.connect_options()).await?;
        let seen = version(&mut conn).await?;
        Ok(Self { conn, seen })
    }

    /// Whether any connection other than this one committed since the last call.
    pub async fn changed(&mut self) -> Result<bool, StoreError> {
        let now = version(&mut self.conn).await?;
        let changed = now != self.seen;
        self.seen = now;
        Ok(changed)
    }
}

async fn version(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("PRAGMA data_version")
        .fetch_one(conn)
        .await?)
}
