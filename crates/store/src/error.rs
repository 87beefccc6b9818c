//! What can go wrong below the App: the database itself, or data in it that no longer parses.

/// A failure to read or write the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The data directory cannot hold the database (a file, read-only, not creatable).
    #[error("cannot use the data directory {path}: {problem}")]
    DataDir { path: String, problem: String },
    /// The database file cannot be opened or read (missing permissions, not a database).
    #[error("cannot open the database {path}: {problem}")]
    Open { path: String, problem: String },
    /// A newer Pilothouse wrote this database: this build would misread it, so it stops.
    #[error(
        "cannot open the database {path}: this database was written by a newer version \
         (schema {found}); this build knows up to {known}"
    )]
    NewerSchema {
        path: String,
        found: i64,
        known: i64,
    },
    /// The database can only be read (a read-only mount or file): reading still works.
    #[error("cannot write the database {path}: it is read-only")]
    ReadOnly { path: String },
    #[error("could not bring the database {path} up to date: {source}")]
    Migrate {
        path: String,
        source: sqlx::migrate::MigrateError,
    },
    /// The write breaks a rule only the database can check (a name already taken, an id that
    /// does not exist): the caller's input is at fault, and the error names the field.
    #[error(transparent)]
    Invalid(#[from] pilothouse_core::FieldError),
    /// A stored value that does not parse: the file was edited by hand or by a newer version.
    #[error("stored {what} is unreadable: {detail}")]
    Corrupt { what: &'static str, detail: String },
}

impl StoreError {
    /// The data directory or database cannot be used at all: nothing the command asked for
    /// can happen until the trader fixes the files.
    pub fn is_unusable_data(&self) -> bool {
        matches!(
            self,
            Self::DataDir { .. }
                | Self::Open { .. }
                | Self::NewerSchema { .. }
                | Self::ReadOnly { .. }
                | Self::Migrate { .. }
        )
    }

    pub(crate) fn open(path: &std::path::Path, error: sqlx::Error) -> Self {
        Self::Open {
            path: path.display().to_string(),
            problem: sqlite_problem(&error),
        }
    }

    pub(crate) fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> Self {
        Self::Corrupt {
            what,
            detail: detail.to_string(),
        }
    }
}

/// SQLite's own words for what failed, without sqlx's wrapping ("error returned from
/// database: (code: 26) …"), and with a hint where SQLite's are cryptic.
fn sqlite_problem(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Database(db) => {
            let message = db.message();
            match crate::open::sqlite_code(error) {
                Some(14) => format!("{message} (check that it exists and may be written)"),
                Some(11 | 26) => {
                    format!("{message} (it is not a Pilothouse database, or is damaged)")
                }
                _ => message.to_owned(),
            }
        }
        other => other.to_string(),
    }
}
