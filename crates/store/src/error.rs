//! What can go wrong below the App: the database itself, or data in it that no longer parses.

/// A failure to read or write the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("could not create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
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
    pub(crate) fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> Self {
        Self::Corrupt {
            what,
            detail: detail.to_string(),
        }
    }
}
