//! Opening the database: pool settings, schema migration, write transactions.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::SqliteConnection;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::StoreError;

/// How long a writer waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The file name inside the data directory.
pub const DATABASE_FILE: &str = "pilothouse.db";

/// A handle to the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and migrates it to this version.
    pub async fn open_in(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        Self::open(&data_dir.join(DATABASE_FILE)).await
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .min_connections(1)
            .connect_with(connect_options(path))
            .await?;
        sqlx::migrate!("../../migrations").run(&pool).await?;
        Ok(Self {
            pool,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection pool, for modules of this crate.
    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Runs `body` in a write transaction that holds the write lock from its first statement
    /// (`BEGIN IMMEDIATE`), so a read-then-write never meets a busy snapshot half way.
    pub(crate) async fn write<T>(
        &self,
        body: impl AsyncFnOnce(&mut SqliteConnection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.transaction("BEGIN IMMEDIATE", body).await
    }

    /// Runs `body` in a read transaction: every statement in it sees the same snapshot.
    pub(crate) async fn read<T>(
        &self,
        body: impl AsyncFnOnce(&mut SqliteConnection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.transaction("BEGIN", body).await
    }

    /// Runs `body` in a transaction opened by `begin`, and always ends it here: committed when
    /// `body` succeeds, rolled back when it fails. (A dropped sqlx transaction rolls back only
    /// when its pooled connection is next used, keeping other writers — other processes too —
    /// locked out, or a WAL checkpoint held back, until then.)
    async fn transaction<T>(
        &self,
        begin: &'static str,
        body: impl AsyncFnOnce(&mut SqliteConnection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut tx = self.pool.begin_with(begin).await?;
        match body(&mut tx).await {
            Ok(value) => {
                tx.commit().await?;
                Ok(value)
            }
            Err(error) => {
                if let Err(rollback) = tx.rollback().await {
                    tracing::warn!(%rollback, "could not roll back a failed transaction");
                }
                Err(error)
            }
        }
    }

    /// Closes every connection, waiting for those in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

pub(crate) fn connect_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
}

#[doc(hidden)]
impl Store {
    /// The journal mode in force (`wal`): lets tests prove the pool is set up as documented.
    pub async fn journal_mode(&self) -> Result<String, StoreError> {
        Ok(sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&self.pool)
            .await?)
    }
}
