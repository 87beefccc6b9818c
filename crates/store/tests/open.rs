//! Opening unlucky data dirs: many processes migrating one database at once, a database from a
//! newer Pilothouse, a file where the directory should be, a damaged database. Each pool here
//! is its own SQLite connection set, so to SQLite's locking they are separate processes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::borrow::Cow;
use std::path::Path;

use pilothouse_store::{Store, StoreError, known_schema_version};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

/// A database in `dir` with every migration but the last applied: a data dir one upgrade behind.
async fn one_migration_behind(dir: &Path) -> anyhow::Result<()> {
    let pool = pool(&dir.join("pilothouse.db"), true).await?;
    let mut migrator =
        Migrator::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations")).await?;
    let all = migrator.migrations.to_vec();
    migrator.migrations = Cow::Owned(all[..all.len() - 1].to_vec());
    migrator.run(&pool).await?;
    pool.close().await;
    Ok(())
}

async fn pool(path: &Path, create: bool) -> anyhow::Result<SqlitePool> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(create);
    Ok(SqlitePool::connect_with(options).await?)
}

async fn open_many_at_once(dir: &Path, n: usize) -> Vec<Result<Store, StoreError>> {
    let opens = (0..n).map(|_| {
        let dir = dir.to_path_buf();
        tokio::spawn(async move { Store::open_in(&dir).await })
    });
    let mut results = Vec::new();
    for open in opens.collect::<Vec<_>>() {
        results.push(open.await.expect("an open does not panic"));
    }
    results
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_opens_of_a_new_database_do_not_race_on_the_migrations() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    for result in open_many_at_once(dir.path(), 20).await {
        let store = result.expect("every process starting at once gets a migrated database");
        store.close().await;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_opens_of_a_database_one_migration_behind_do_not_race() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    one_migration_behind(dir.path()).await?;
    for result in open_many_at_once(dir.path(), 20).await {
        let store = result.expect("every process opening after an upgrade gets the new schema");
        store.close().await;
    }
    Ok(())
}

#[tokio::test]
async fn a_database_from_a_newer_version_is_refused_by_its_schema_number() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    Store::open_in(dir.path()).await?.close().await;
    let newer = known_schema_version() + 1;
    let db = dir.path().join("pilothouse.db");
    let pool = pool(&db, false).await?;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (?, 'from the future', 1, x'00', 0)",
    )
    .bind(newer)
    .execute(&pool)
    .await?;
    pool.close().await;

    let error = Store::open_in(dir.path()).await.unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(&format!(
            "this database was written by a newer version (schema {newer}); this build knows up to {}",
            known_schema_version()
        )),
        "says why in the trader's words, with both schema numbers: {message}"
    );
    assert!(
        message.contains(&db.display().to_string()),
        "names the file: {message}"
    );
    assert!(
        error.is_unusable_data(),
        "the shells report it as unusable data"
    );
    Ok(())
}

#[tokio::test]
async fn a_data_dir_that_is_a_file_or_holds_a_damaged_database_is_named_in_one_error()
-> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x")?;
    let message = Store::open_in(&file).await.unwrap_err().to_string();
    assert!(
        message.contains(&file.display().to_string()) && message.contains("not a directory"),
        "a file given as the data dir is named and explained: {message}"
    );

    let damaged = dir.path().join("damaged");
    std::fs::create_dir(&damaged)?;
    std::fs::write(damaged.join("pilothouse.db"), vec![b'z'; 8192])?;
    let error = Store::open_in(&damaged).await.unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(&damaged.join("pilothouse.db").display().to_string())
            && message.contains("not a database"),
        "a damaged database is named and explained: {message}"
    );
    assert!(
        error.is_unusable_data(),
        "the shells report it as unusable data"
    );
    Ok(())
}
