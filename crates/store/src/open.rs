//! Opening the database: pool settings, schema migration, write transactions.
//!
//! Opening is where an unlucky data dir shows up (a file where a directory should be, a
//! read-only directory, a damaged or newer database): each becomes one [`StoreError`] that names
//! the path, never a panic. A database that cannot be written (a read-only mount) is still
//! opened for reading, so `status` answers; writes then fail with SQLite's "readonly" error.

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
    /// How the pool connects (read-write, or read-only): a dedicated connection uses the same.
    options: SqliteConnectOptions,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and migrates it to this version.
    pub async fn open_in(data_dir: &Path) -> Result<Self, StoreError> {
        prepare_data_dir(data_dir)?;
        Self::open(&data_dir.join(DATABASE_FILE)).await
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let options = connect_options(path);
        let (pool, options) = match connect(options.clone()).await {
            Ok(pool) => (pool, options),
            Err(error) if path.is_file() && cannot_write(&error) => {
                tracing::debug!(path = %path.display(), %error, "database is read-only: opened for reading");
                open_read_only(path).await?
            }
            Err(error) => return Err(StoreError::open(path, error)),
        };
        crate::schema::migrate(&pool, path).await?;
        Ok(Self {
            pool,
            path: path.to_path_buf(),
            options,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How to open one more connection like the pool's, for modules of this crate.
    pub(crate) fn connect_options(&self) -> &SqliteConnectOptions {
        &self.options
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
        let mut tx = self
            .pool
            .begin_with(begin)
            .await
            .map_err(|e| self.write_refused(e.into()))?;
        match body(&mut tx).await {
            Ok(value) => {
                tx.commit()
                    .await
                    .map_err(|e| self.write_refused(e.into()))?;
                Ok(value)
            }
            Err(error) => {
                if let Err(rollback) = tx.rollback().await {
                    tracing::warn!(%rollback, "could not roll back a failed transaction");
                }
                Err(self.write_refused(error))
            }
        }
    }

    /// SQLite's "attempt to write a readonly database" as the trader needs it: which file.
    fn write_refused(&self, error: StoreError) -> StoreError {
        match &error {
            StoreError::Database(e) if sqlite_code(e) == Some(8) => StoreError::ReadOnly {
                path: self.path.display().to_string(),
            },
            _ => error,
        }
    }

    /// Closes every connection, waiting for those in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A pool whose first connection has read the schema: SQLite opens files lazily, so only a
/// read tells whether the file (and, in WAL mode, its `-shm` index) can be used.
async fn connect(options: SqliteConnectOptions) -> Result<SqlitePool, sqlx::Error> {
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .min_connections(1)
        .connect_with(options)
        .await?;
    sqlx::query("SELECT 1 FROM sqlite_master LIMIT 1")
        .fetch_optional(&pool)
        .await?;
    Ok(pool)
}

/// The data directory exists as a directory, creating it if it is missing.
fn prepare_data_dir(dir: &Path) -> Result<(), StoreError> {
    let refuse = |problem: String| StoreError::DataDir {
        path: dir.display().to_string(),
        problem,
    };
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(refuse("it is a file, not a directory".to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir_all(dir)
            .map_err(|e| refuse(format!("it does not exist and could not be created: {e}"))),
        Err(e) => Err(refuse(e.to_string())),
    }
}

/// Whether opening failed because the file or its directory cannot be written (SQLite's
/// READONLY or CANTOPEN: WAL needs its `-shm` file beside the database).
fn cannot_write(error: &sqlx::Error) -> bool {
    matches!(sqlite_code(error), Some(8 | 14))
}

/// SQLite's primary result code (extended codes carry it in their low byte).
pub(crate) fn sqlite_code(error: &sqlx::Error) -> Option<i32> {
    let sqlx::Error::Database(db) = error else {
        return None;
    };
    db.code()
        .and_then(|c| c.parse::<i32>().ok())
        .map(|c| c & 0xff)
}

/// Reads a database that cannot be written: through its WAL index if that exists, else as
/// `immutable` (SQLite cannot create the index in a read-only directory, so no process can be
/// writing the file; what a crash left in its WAL is not seen).
async fn open_read_only(path: &Path) -> Result<(SqlitePool, SqliteConnectOptions), StoreError> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .busy_timeout(BUSY_TIMEOUT);
    let options = match connect(options.clone()).await {
        Ok(pool) => return Ok((pool, options)),
        Err(error) if cannot_write(&error) => options.immutable(true),
        Err(error) => return Err(StoreError::open(path, error)),
    };
    let pool = connect(options.clone())
        .await
        .map_err(|e| StoreError::open(path, e))?;
    Ok((pool, options))
}

fn connect_options(path: &Path) -> SqliteConnectOptions {
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
