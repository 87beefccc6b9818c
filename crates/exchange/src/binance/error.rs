//! Turns what Binance answered (or failed to answer) into an [`ExchangeError`] the caller can act
//! on (design rule 10): wait and retry, look the order up because its fate is unknown, or give up
//! and say why. The classes follow Binance's "HTTP Return Codes" and error-code list:
//!
//! - 429 → `RateLimited` with `Retry-After`; 418 → `Banned` until the ban ends;
//! - 5xx, 408, a timeout or a connection cut after sending, and code -1007 → `UnknownOutcome`
//!   for a request that changes something (new order, cancel): Binance says the execution
//!   status is unknown and could have been a success. For a read they are `Unavailable`;
//! - -1021 → `ClockSkew`; -2014, -2015, -1022, -1002 → `Auth`;
//! - any other code → `Rejected { code, msg }`; a body that is not Binance JSON → `Malformed`
//!   (or `UnknownOutcome` for a write, whose effect is then unknown).

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use pilothouse_core::market::ExchangeError;
use reqwest::StatusCode;

use super::models;

/// Binance's "Order does not exist."
pub(super) const NO_SUCH_ORDER: i64 = -2013;
/// "Unknown order sent.": a cancel of an order the venue does not have open.
pub(super) const UNKNOWN_ORDER: i64 = -2011;

/// Whether a request changes something at the venue, which decides what a lost answer means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Call {
    /// Changes nothing: safe to send again.
    Read,
    /// Places or cancels an order: a lost answer leaves its outcome unknown.
    Write,
}

/// The shortest ban Binance hands out, assumed when a 418 says nothing about its end.
const SHORTEST_BAN: TimeDelta = TimeDelta::minutes(2);

/// Classifies a non-2xx answer.
pub(super) fn classify(
    venue: &'static str,
    call: Call,
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
    now: DateTime<Utc>,
) -> ExchangeError {
    let api = serde_json::from_slice::<models::ApiError>(body).ok();
    let message = api
        .as_ref()
        .map(|e| e.msg.clone())
        .unwrap_or_else(|| format!("HTTP {}", status.as_u16()));
    if status == StatusCode::TOO_MANY_REQUESTS {
        return ExchangeError::RateLimited { venue, retry_after };
    }
    if status == StatusCode::IM_A_TEAPOT {
        let until = retry_after
            .and_then(|wait| TimeDelta::from_std(wait).ok())
            .map(|wait| now + wait)
            .or_else(|| banned_until(&message))
            .unwrap_or(now + SHORTEST_BAN);
        return ExchangeError::Banned { venue, until };
    }
    let code = api.as_ref().map(|e| e.code);
    if code == Some(-1007) || status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT {
        return lost(venue, call, message);
    }
    match code {
        Some(-1021) => ExchangeError::ClockSkew { venue, message },
        Some(-2014 | -2015 | -1022 | -1002) => ExchangeError::Auth { venue, message },
        Some(code) => ExchangeError::Rejected {
            venue,
            code: Some(code),
            message,
        },
        None if status == StatusCode::FORBIDDEN => ExchangeError::Rejected {
            venue,
            code: None,
            message: "blocked by the venue's web application firewall (HTTP 403)".into(),
        },
        None => malformed(
            venue,
            call,
            format!(
                "HTTP {} with a body that is not a Binance error",
                status.as_u16()
            ),
        ),
    }
}

/// Classifies a request that got no answer.
pub(super) fn transport(venue: &'static str, call: Call, error: reqwest::Error) -> ExchangeError {
    let error = error.without_url();
    let message = describe(&error);
    // A connection that could not even be opened carried nothing: the order was not sent.
    if error.is_connect() && !error.is_timeout() {
        return ExchangeError::Unavailable { venue, message };
    }
    lost(venue, call, message)
}

/// A success status whose body could not be read to the end.
pub(super) fn body_cut(venue: &'static str, call: Call, error: reqwest::Error) -> ExchangeError {
    lost(venue, call, describe(&error.without_url()))
}

/// An answer that does not parse: `Malformed` for a read; for a write the venue did act on
/// something, so its outcome is unknown.
pub(super) fn malformed(venue: &'static str, call: Call, message: String) -> ExchangeError {
    match call {
        Call::Read => ExchangeError::Malformed { venue, message },
        Call::Write => ExchangeError::UnknownOutcome {
            venue,
            message: format!("unreadable answer: {message}"),
        },
    }
}

fn lost(venue: &'static str, call: Call, message: String) -> ExchangeError {
    match call {
        Call::Read => ExchangeError::Unavailable { venue, message },
        Call::Write => ExchangeError::UnknownOutcome { venue, message },
    }
}

/// `"…IP banned until 1700000000000. …"` → that instant.
fn banned_until(message: &str) -> Option<DateTime<Utc>> {
    let rest = &message[message.find("banned until ")? + "banned until ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    DateTime::from_timestamp_millis(digits.parse().ok()?)
}

/// The error and its causes, in one line.
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests;
