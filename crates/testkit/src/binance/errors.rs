//! Binance's error answers: `{"code": <negative>, "msg": "..."}` with the HTTP status Binance
//! pairs with each code, and the exact messages its error-code list documents, so an adapter
//! under test classifies the same bodies it will meet in production.

use axum::http::StatusCode;
use serde_json::json;

/// One refusal, as Binance sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: i32,
    pub msg: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: i32, msg: impl Into<String>) -> Self {
        Self {
            status,
            code,
            msg: msg.into(),
        }
    }

    /// A 400 with `code` and `msg`: what most request and order refusals look like.
    pub fn bad(code: i32, msg: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, msg)
    }

    pub fn body(&self) -> String {
        json!({ "code": self.code, "msg": self.msg }).to_string()
    }

    /// -1100 for a value outside the parameter's documented pattern.
    pub fn illegal_chars(name: &str, legal: &str) -> Self {
        Self::bad(
            -1100,
            format!("Illegal characters found in parameter '{name}'; legal range is '{legal}'."),
        )
    }

    /// -1102 for a mandatory parameter that is missing or empty.
    pub fn mandatory(name: &str) -> Self {
        Self::bad(
            -1102,
            format!("Mandatory parameter '{name}' was not sent, was empty/null, or malformed."),
        )
    }

    /// -1106 for a parameter this combination does not take.
    pub fn not_required(name: &str) -> Self {
        Self::bad(-1106, format!("Parameter '{name}' sent when not required."))
    }

    /// -1111 for more decimals than the asset allows (spot wording).
    pub fn too_much_precision(name: &str) -> Self {
        Self::bad(-1111, format!("Parameter '{name}' has too much precision."))
    }

    /// -1111 as USD-M futures words it.
    pub fn futures_precision() -> Self {
        Self::bad(
            -1111,
            "Precision is over the maximum defined for this asset.",
        )
    }

    pub fn invalid_symbol() -> Self {
        Self::bad(-1121, "Invalid symbol.")
    }

    pub fn invalid_interval() -> Self {
        Self::bad(-1120, "Invalid interval.")
    }

    /// -1130 for a value of the right shape but out of range (e.g. `limit=5000`).
    pub fn invalid_value(name: &str) -> Self {
        Self::bad(
            -1130,
            format!("Data sent for parameter '{name}' is not valid."),
        )
    }

    /// -1013 for an order that breaks one of the symbol's filters (spot).
    pub fn filter(filter: &str) -> Self {
        Self::bad(-1013, format!("Filter failure: {filter}"))
    }

    pub fn insufficient_balance() -> Self {
        Self::bad(
            -2010,
            "Account has insufficient balance for requested action.",
        )
    }

    pub fn unknown_order() -> Self {
        Self::bad(-2011, "Unknown order sent.")
    }

    pub fn no_such_order() -> Self {
        Self::bad(-2013, "Order does not exist.")
    }

    pub fn key_format() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, -2014, "API-key format invalid.")
    }

    pub fn key_rejected() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            -2015,
            "Invalid API-key, IP, or permissions for action.",
        )
    }

    pub fn bad_signature() -> Self {
        Self::bad(-1022, "Signature for this request is not valid.")
    }

    pub fn outside_recv_window() -> Self {
        Self::bad(
            -1021,
            "Timestamp for this request is outside of the recvWindow.",
        )
    }

    pub fn ahead_of_server() -> Self {
        Self::bad(
            -1021,
            "Timestamp for this request was 1000ms ahead of the server's time.",
        )
    }

    /// The -1007 body: the backend did not answer in time, so nobody knows whether the request
    /// took effect.
    pub fn backend_timeout(status: StatusCode) -> Self {
        Self::new(
            status,
            -1007,
            "Timeout waiting for response from backend server. Send status unknown; execution \
             status unknown.",
        )
    }

    /// The 429 body, naming the limit that was broken.
    pub fn too_much_weight(limit: u32) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            -1003,
            format!(
                "Too much request weight used; current limit is {limit} request weight per 1 \
                 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API."
            ),
        )
    }

    /// The 418 body, naming when the ban lifts (ms since the epoch).
    pub fn banned_until(until_ms: i64) -> Self {
        Self::new(
            StatusCode::IM_A_TEAPOT,
            -1003,
            format!(
                "Way too much request weight used; IP banned until {until_ms}. Please use \
                 WebSocket Streams for live updates to avoid bans."
            ),
        )
    }
}
