//! Why a venue call failed, classified the way callers must treat it (design rule 10):
//! retry later, look the order up (its outcome is unknown), or give up and say why.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::field::FieldError;

/// A failed venue call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExchangeError {
    /// Refused before sending: the input breaks a rule (a symbol filter, a missing price).
    #[error(transparent)]
    Invalid(#[from] FieldError),
    /// The venue refused the request (unknown symbol, insufficient balance, filter failure);
    /// `code` is the venue's own.
    #[error("{venue} refused: {message}{}", code.map(|c| format!(" (code {c})")).unwrap_or_default())]
    Rejected {
        venue: &'static str,
        code: Option<i64>,
        message: String,
    },
    /// Too many requests: wait, then retry.
    #[error("{venue} is rate limiting requests; retry after {retry_after:?}")]
    RateLimited {
        venue: &'static str,
        retry_after: Option<Duration>,
    },
    /// The venue banned this IP until `until` (HTTP 418): no request may go out before then.
    #[error("{venue} banned this IP address until {until}")]
    Banned {
        venue: &'static str,
        until: DateTime<Utc>,
    },
    /// The venue could not be reached or failed (network, 5xx) on a request that changes
    /// nothing: safe to retry.
    #[error("{venue} is unavailable: {message}")]
    Unavailable {
        venue: &'static str,
        message: String,
    },
    /// An order request may or may not have been executed (timeout, 5xx, Binance -1007): it
    /// must be looked up by client order id, never sent again blindly.
    #[error("{venue} did not say whether the order was placed: {message}")]
    UnknownOutcome {
        venue: &'static str,
        message: String,
    },
    /// Missing, wrong or insufficiently permitted API keys.
    #[error("{venue} refused the API key: {message}")]
    Auth {
        venue: &'static str,
        message: String,
    },
    /// The local clock is too far from the venue's for signed requests.
    #[error("the clock differs from {venue}'s by more than the receive window: {message}")]
    ClockSkew {
        venue: &'static str,
        message: String,
    },
    /// The venue answered something that does not parse.
    #[error("{venue} answered something unreadable: {message}")]
    Malformed {
        venue: &'static str,
        message: String,
    },
}

impl ExchangeError {
    /// Whether the same request may simply be sent again later.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ExchangeError::RateLimited { .. } | ExchangeError::Unavailable { .. }
        )
    }

    /// How long the venue asked to wait, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ExchangeError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}
