//! Bad input is refused with an error that names the field and the problem, so the UI can put
//! the message beside the input and the CLI can print it as is.

use serde::Serialize;
use ts_rs::TS;

/// A value the user gave that cannot be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, TS)]
#[error("{field}: {problem}")]
#[ts(export)]
pub struct FieldError {
    /// The input's name as the user sees it (`reason`, `limit`, `severity`, …).
    pub field: String,
    /// What is wrong with it, in words a trader understands.
    pub problem: String,
}

impl FieldError {
    /// A new error for `field`.
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            problem: problem.into(),
        }
    }
}
