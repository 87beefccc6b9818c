//! The classification table of the module doc, one row at a time.

use std::time::Duration;

use chrono::{DateTime, TimeDelta};

use super::*;

const V: &str = "binance-spot";

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_764_000_000_000).unwrap_or_default()
}

fn answer(call: Call, status: u16, body: &str) -> ExchangeError {
    classify(
        V,
        call,
        StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT),
        None,
        body.as_bytes(),
        now(),
    )
}

#[test]
fn a_429_is_rate_limited_with_its_retry_after() {
    let error = classify(
        V,
        Call::Read,
        StatusCode::TOO_MANY_REQUESTS,
        Some(Duration::from_secs(7)),
        br#"{"code":-1003,"msg":"Too much request weight used"}"#,
        now(),
    );
    assert_eq!(
        error,
        ExchangeError::RateLimited {
            venue: V,
            retry_after: Some(Duration::from_secs(7))
        }
    );
}

#[test]
fn a_418_is_a_ban_until_retry_after_or_the_time_in_its_message() {
    let by_header = classify(
        V,
        Call::Read,
        StatusCode::IM_A_TEAPOT,
        Some(Duration::from_secs(120)),
        b"",
        now(),
    );
    assert_eq!(
        by_header,
        ExchangeError::Banned {
            venue: V,
            until: now() + TimeDelta::seconds(120)
        }
    );
    let by_message = answer(
        Call::Read,
        418,
        r#"{"code":-1003,"msg":"Way too much request weight used; IP banned until 1764000300000. Please use WebSocket Streams."}"#,
    );
    assert_eq!(
        by_message,
        ExchangeError::Banned {
            venue: V,
            until: now() + TimeDelta::seconds(300)
        }
    );
}

#[test]
fn a_5xx_leaves_an_order_unknown_but_a_read_merely_unavailable() {
    assert!(matches!(
        answer(Call::Write, 503, "Service Unavailable"),
        ExchangeError::UnknownOutcome { .. }
    ));
    assert!(matches!(
        answer(Call::Read, 502, ""),
        ExchangeError::Unavailable { .. }
    ));
    assert!(answer(Call::Read, 500, "").is_retryable());
}

#[test]
fn code_1007_leaves_an_order_unknown_whatever_the_status() {
    let body = r#"{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}"#;
    for status in [400, 408, 503] {
        assert!(
            matches!(
                answer(Call::Write, status, body),
                ExchangeError::UnknownOutcome { .. }
            ),
            "HTTP {status}"
        );
    }
}

#[test]
fn clock_auth_and_other_codes_are_told_apart() {
    let skew = r#"{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}"#;
    assert!(matches!(
        answer(Call::Write, 400, skew),
        ExchangeError::ClockSkew { .. }
    ));
    for code in [-2014, -2015, -1022] {
        let body = format!(r#"{{"code":{code},"msg":"no"}}"#);
        assert!(
            matches!(answer(Call::Read, 401, &body), ExchangeError::Auth { .. }),
            "{code}"
        );
    }
    assert_eq!(
        answer(
            Call::Write,
            400,
            r#"{"code":-1013,"msg":"Filter failure: LOT_SIZE"}"#
        ),
        ExchangeError::Rejected {
            venue: V,
            code: Some(-1013),
            message: "Filter failure: LOT_SIZE".into()
        }
    );
}

#[test]
fn an_unparsable_error_body_is_malformed_for_a_read_and_unknown_for_a_write() {
    assert!(matches!(
        answer(Call::Read, 400, "<html>oops</html>"),
        ExchangeError::Malformed { .. }
    ));
    assert!(matches!(
        answer(Call::Write, 400, "<html>oops</html>"),
        ExchangeError::UnknownOutcome { .. }
    ));
}
