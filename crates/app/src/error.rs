//! Errors of the running system, and the `{code, message}` form they take across IPC.

use pilothouse_core::FieldError;
use pilothouse_core::market::ExchangeError;
use pilothouse_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// Why an App operation failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The caller's input was refused; nothing was changed.
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error(transparent)]
    Store(StoreError),
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: String,
        source: std::io::Error,
    },
    /// The database refused a batch of log entries; the message says why.
    #[error("could not write to the log: {0}")]
    LogWrite(String),
    /// The OS keyring could not be used.
    #[error(transparent)]
    Secrets(#[from] crate::secrets::SecretError),
    /// A venue call failed (unreachable, rate limiting, refused).
    #[error(transparent)]
    Exchange(ExchangeError),
    /// The scheduler's timer could not be started.
    #[error("the scheduler could not start: {0}")]
    Scheduler(String),
    /// The emergency pause refused a trading action (an order); `reason` is the pause's.
    #[error("trading is paused (emergency pause: {reason}); resume trading before placing orders")]
    Paused { reason: String },
    /// The caller cancelled a long job (a backtest, a sweep, a history fetch) before it ended;
    /// nothing of it was kept.
    #[error("cancelled")]
    Cancelled,
    /// The App is shutting down and no longer accepts work.
    #[error("Pilothouse is shutting down")]
    ShuttingDown,
}

impl From<StoreError> for AppError {
    /// The database's own input checks (a name taken, an unknown id) are the caller's fault.
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Invalid(field) => AppError::Invalid(field),
            other => AppError::Store(other),
        }
    }
}

impl From<ExchangeError> for AppError {
    /// Input the adapter refused before sending (a symbol filter, a bad base URL) is the
    /// caller's fault.
    fn from(error: ExchangeError) -> Self {
        match error {
            ExchangeError::Invalid(field) => AppError::Invalid(field),
            other => AppError::Exchange(other),
        }
    }
}

impl AppError {
    pub(crate) fn io(action: &'static str, path: &std::path::Path, source: std::io::Error) -> Self {
        Self::Io {
            action,
            path: path.display().to_string(),
            source,
        }
    }
}

/// What the UI may branch on. Add a code only when a screen behaves differently for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// Show the message beside the named field.
    InvalidInput,
    /// The emergency pause refused it: show the pause, offer to resume.
    Paused,
    /// The trader cancelled it: say so, it is not a failure.
    Cancelled,
    /// Anything else: show the message, the log has the detail.
    Internal,
}

/// An error as it crosses IPC: a code to branch on, a message to show, the field to mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<String>,
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Invalid(e) => Self {
                code: ErrorCode::InvalidInput,
                message: e.to_string(),
                field: Some(e.field),
            },
            AppError::Paused { .. } => Self {
                code: ErrorCode::Paused,
                message: error.to_string(),
                field: None,
            },
            AppError::Cancelled => Self {
                code: ErrorCode::Cancelled,
                message: error.to_string(),
                field: None,
            },
            other => {
                tracing::error!(error = %other, "operation failed");
                Self {
                    code: ErrorCode::Internal,
                    message: other.to_string(),
                    field: None,
                }
            }
        }
    }
}
