//! Writing and reading the typed log through the App.

use pilothouse_core::log::MAX_PAGE;
use pilothouse_core::{FieldError, LogFilter, LogPage, NewLogEntry};

use crate::{App, AppError};

impl App {
    /// Writes `entry` to the log; returns once it is committed (batched with concurrent writes).
    pub async fn log(&self, entry: NewLogEntry) -> Result<(), AppError> {
        entry.validate()?;
        self.inner.logs.write(entry).await
    }

    /// One page of entries matching `filter`, newest first, older than `before` if given.
    pub async fn logs_page(
        &self,
        filter: &LogFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<LogPage, AppError> {
        filter.validate()?;
        if limit == 0 || limit > MAX_PAGE {
            return Err(
                FieldError::new("limit", format!("must be between 1 and {MAX_PAGE}")).into(),
            );
        }
        Ok(self.inner.store.log_page(filter, before, limit).await?)
    }
}
