//! Binance's SIGNED endpoints (orders, account) take an HMAC-SHA256 of the exact parameter
//! string, keyed with the API secret, as a lowercase hex `signature` parameter, after
//! `recvWindow` and `timestamp`. Every parameter travels in the query string (never in a body),
//! so the string signed is, byte for byte, the string sent.
//!
//! Keys stay `secrecy::SecretString` from the keyring to this module; they are exposed only to
//! compute a signature and to fill the `X-MBX-APIKEY` header, and never reach a log or `Debug`.

use std::fmt;
use std::fmt::Write as _;

use hmac::{Hmac, Mac};
use pilothouse_core::market::ExchangeError;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// Binance's default receive window, in ms.
pub const DEFAULT_RECV_WINDOW_MS: u32 = 5_000;

/// An API key and its secret.
pub struct Credentials {
    api_key: SecretString,
    secret: SecretString,
}

impl Credentials {
    pub fn new(api_key: SecretString, secret: SecretString) -> Self {
        Self { api_key, secret }
    }

    /// A digest that tells two key pairs apart without revealing either (SHA-256 of both), for
    /// keeping one client per key pair in memory. Never stored or shown.
    pub fn fingerprint(&self) -> String {
        let mut digest = Sha256::new();
        digest.update(self.api_key.expose_secret().as_bytes());
        digest.update([0]);
        digest.update(self.secret.expose_secret().as_bytes());
        hex::encode(digest.finalize())
    }

    /// For the `X-MBX-APIKEY` header only.
    pub(crate) fn api_key(&self) -> &str {
        self.api_key.expose_secret()
    }

    /// `unsigned` (already encoded, possibly empty) + `recvWindow` + `timestamp` + `signature`.
    pub(crate) fn signed_query(
        &self,
        venue: &'static str,
        unsigned: &str,
        recv_window_ms: u32,
        timestamp_ms: i64,
    ) -> Result<String, ExchangeError> {
        let mut query = String::with_capacity(unsigned.len() + 128);
        query.push_str(unsigned);
        if !unsigned.is_empty() {
            query.push('&');
        }
        // Writing to a String cannot fail.
        let _ = write!(
            query,
            "recvWindow={recv_window_ms}&timestamp={timestamp_ms}"
        );
        let signature = signature(venue, &self.secret, &query)?;
        query.push_str("&signature=");
        query.push_str(&signature);
        Ok(query)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials { api_key: [redacted], secret: [redacted] }")
    }
}

/// Lowercase hex HMAC-SHA256 of `payload` keyed with `secret`.
pub(crate) fn signature(
    venue: &'static str,
    secret: &SecretString,
    payload: &str,
) -> Result<String, ExchangeError> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes()).map_err(|_| {
            ExchangeError::Auth {
                venue,
                message: "the API secret cannot key an HMAC".into(),
            }
        })?;
    mac.update(payload.as_bytes());
    Ok(hex::encode(mac.finalize().into_bytes()))
}

/// A URL-encoded parameter string, built in the order the parameters are pushed.
#[derive(Debug, Default, Clone)]
pub(crate) struct Query(String);

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, name: &str, value: impl AsRef<str>) -> &mut Self {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(name);
        self.0.push('=');
        self.0
            .extend(form_urlencoded::byte_serialize(value.as_ref().as_bytes()));
        self
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key pair of Binance's "SIGNED Endpoint Examples for POST /api/v3/order".
    fn documented() -> Credentials {
        Credentials::new(
            "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A".into(),
            "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j".into(),
        )
    }

    #[test]
    fn the_spot_documentation_example_signs_to_its_published_signature() {
        let mut query = Query::new();
        query
            .push("symbol", "LTCBTC")
            .push("side", "BUY")
            .push("type", "LIMIT")
            .push("timeInForce", "GTC")
            .push("quantity", "1")
            .push("price", "0.1");
        let signed = documented()
            .signed_query("binance-spot", query.as_str(), 5000, 1_499_827_319_559)
            .unwrap_or_default();
        assert_eq!(
            signed,
            "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1\
             &recvWindow=5000&timestamp=1499827319559\
             &signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
            "the docs' `echo | openssl dgst -sha256 -hmac` result for example 2 (query string)"
        );
    }

    #[test]
    fn the_futures_documentation_example_signs_to_its_published_signature() {
        let secret: SecretString =
            "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9".into();
        let payload = "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC\
                       &recvWindow=5000&timestamp=1591702613943";
        assert_eq!(
            signature("binance-usdm", &secret, payload).ok().as_deref(),
            Some("3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9")
        );
    }

    #[test]
    fn credentials_never_show_their_secrets_in_debug_output() {
        let shown = format!("{:?}", documented());
        assert!(!shown.contains("vmPUZE6"), "api key leaked: {shown}");
        assert!(!shown.contains("NhqPtmd"), "secret leaked: {shown}");
    }

    #[test]
    fn values_are_url_encoded_so_the_signed_string_is_the_sent_string() {
        let mut query = Query::new();
        query.push("newClientOrderId", "ph:7/a b");
        assert_eq!(query.as_str(), "newClientOrderId=ph%3A7%2Fa+b");
    }
}
