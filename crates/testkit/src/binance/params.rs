//! Request parameters the way Binance reads them: from the query string and, for POST / PUT /
//! DELETE, from an `application/x-www-form-urlencoded` body, the query string winning when a
//! name is in both; with Binance's own refusals for a missing (-1102) or malformed (-1100) value.

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::errors::ApiError;

/// The pattern Binance documents for DECIMAL parameters.
const DECIMAL_PATTERN: &str = r"^([0-9]{1,20})(\.[0-9]{1,20})?$";
/// The pattern Binance documents for LONG / INT parameters.
const INTEGER_PATTERN: &str = "^[0-9]{1,20}$";
/// The pattern Binance documents for client order ids.
const CLIENT_ID_PATTERN: &str = r"^[\.A-Z\:/a-z0-9_-]{1,36}$";

/// The decoded parameters of one request.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    values: HashMap<String, String>,
}

impl Params {
    /// Query-string parameters first, then body parameters whose names the query lacks.
    pub fn parse(query: &str, body: &[u8]) -> Self {
        let mut values = HashMap::new();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            values
                .entry(name.into_owned())
                .or_insert(value.into_owned());
        }
        for (name, value) in form_urlencoded::parse(body) {
            values
                .entry(name.into_owned())
                .or_insert(value.into_owned());
        }
        Self { values }
    }

    /// The value of `name`, treating an empty value as absent (as Binance does).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.get(name).ok_or_else(|| ApiError::mandatory(name))
    }

    /// A DECIMAL parameter, checked against Binance's pattern.
    pub fn decimal(&self, name: &str) -> Result<Option<Decimal>, ApiError> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        let (whole, fraction) = raw.split_once('.').unwrap_or((raw, "0"));
        let well_formed = [whole, fraction]
            .iter()
            .all(|part| (1..=20).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            return Err(ApiError::illegal_chars(name, DECIMAL_PATTERN));
        }
        Decimal::from_str(raw)
            .map(|value| Some(value.normalize()))
            .map_err(|_| ApiError::illegal_chars(name, DECIMAL_PATTERN))
    }

    /// A LONG parameter (times in ms, order ids), checked against Binance's pattern.
    pub fn long(&self, name: &str) -> Result<Option<i64>, ApiError> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        if raw.is_empty() || raw.len() > 20 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ApiError::illegal_chars(name, INTEGER_PATTERN));
        }
        raw.parse()
            .map(Some)
            .map_err(|_| ApiError::illegal_chars(name, INTEGER_PATTERN))
    }

    /// One of a parameter's documented values, or -1100 naming them.
    pub fn one_of<'a>(&self, name: &str, legal: &[&'a str]) -> Result<Option<&'a str>, ApiError> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        legal
            .iter()
            .find(|candidate| **candidate == raw)
            .map(|found| Some(*found))
            .ok_or_else(|| ApiError::illegal_chars(name, &legal.join(", ")))
    }

    /// `newClientOrderId` / `origClientOrderId`, checked against Binance's pattern.
    pub fn client_order_id(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        let legal = raw.len() <= 36
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '/' | '_' | '-'));
        if legal {
            Ok(Some(raw.to_owned()))
        } else {
            Err(ApiError::illegal_chars(name, CLIENT_ID_PATTERN))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_wins_over_the_body_as_binance_documents() {
        let params = Params::parse("symbol=ETHBTC", b"symbol=ALTBTC&side=BUY");
        assert_eq!(params.get("symbol"), Some("ETHBTC"), "query beats body");
        assert_eq!(params.get("side"), Some("BUY"), "body-only names are read");
    }

    #[test]
    fn decimals_outside_binances_pattern_are_refused_with_1100() {
        let params = Params::parse("a=1e-3&b=.5&c=0.10&d=-1", b"");
        for name in ["a", "b", "d"] {
            let error = params.decimal(name).expect_err(name);
            assert_eq!(error.code, -1100, "`{name}` is not a Binance DECIMAL");
        }
        assert_eq!(
            params.decimal("c").ok().flatten(),
            Some(Decimal::new(1, 1)),
            "trailing zeros are fine"
        );
    }
}
