//! Bringing the schema up to date, safely when many processes open one data dir at once.
//!
//! Why not just `Migrator::run`: for SQLite, sqlx takes no lock, so two processes opening a new
//! (or just-upgraded) database both see a migration as missing and both apply it; the second
//! fails with "table already exists". The emergency pause must never fail because another
//! process is starting, so here the migrations run inside one `BEGIN EXCLUSIVE` transaction and
//! the applied versions are read again under that lock: whoever waited finds the work done.
//! The check before taking the lock keeps the common case (schema current) a plain read, which
//! also works on a read-only database.

use std::path::Path;

use sqlx::SqliteConnection;
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqlitePool;

use crate::StoreError;

static MIGRATOR: Migrator = sqlx::migrate!("../../migrations");

/// The newest schema version this build knows.
pub fn known_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Applies the migrations this database lacks; refuses a database from a newer version.
pub(crate) async fn migrate(pool: &SqlitePool, path: &Path) -> Result<(), StoreError> {
    let open_failed = |e: sqlx::Error| StoreError::open(path, e);
    {
        let mut conn = pool.acquire().await.map_err(open_failed)?;
        if is_current(&mut conn, path).await? {
            return Ok(());
        }
    }
    let mut tx = pool
        .begin_with("BEGIN EXCLUSIVE")
        .await
        .map_err(open_failed)?;
    // Another process may have migrated while this one waited for the lock.
    if !is_current(&mut tx, path).await? {
        // Each migration runs in a savepoint of this transaction. (`run_direct` is `run` on a
        // connection without `Acquire`, whose bounds make this future not `Send`.)
        MIGRATOR
            .run_direct(&mut *tx)
            .await
            .map_err(|source| StoreError::Migrate {
                path: path.display().to_string(),
                source,
            })?;
    }
    tx.commit().await.map_err(open_failed)
}

/// Whether every known migration is applied, unchanged. A version this build does not know
/// means a newer Pilothouse wrote the database: refused, never half-understood.
async fn is_current(conn: &mut SqliteConnection, path: &Path) -> Result<bool, StoreError> {
    let open_failed = |e: sqlx::Error| StoreError::open(path, e);
    let table: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(open_failed)?;
    if table.is_none() {
        return Ok(false);
    }
    let applied: Vec<(i64, bool, Vec<u8>)> =
        sqlx::query_as("SELECT version, success, checksum FROM _sqlx_migrations")
            .fetch_all(&mut *conn)
            .await
            .map_err(open_failed)?;
    let known = known_version();
    if let Some(found) = applied
        .iter()
        .map(|(v, ..)| *v)
        .filter(|v| *v > known)
        .max()
    {
        return Err(StoreError::NewerSchema {
            path: path.display().to_string(),
            found,
            known,
        });
    }
    Ok(MIGRATOR.iter().all(|m| {
        applied.iter().any(|(version, success, checksum)| {
            *version == m.version && *success && checksum.as_slice() == &*m.checksum
        })
    }))
}
