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

    /// The same error for a field nested in `parent` (`balances` in `paper` → `paper.balances`).
    pub fn within(self, parent: &str) -> Self {
        Self {
            field: format!("{parent}.{}", self.field),
            problem: self.problem,
        }
    }
}

/// Longest URL accepted anywhere (webhooks, venue base URLs).
pub const MAX_URL_LEN: usize = 2048;

/// Reads `text` as an `http://` or `https://` URL with a host, or says what is wrong with it
/// (field `field`).
pub fn http_url(field: &str, text: &str) -> Result<url::Url, FieldError> {
    let text = text.trim();
    if text.len() > MAX_URL_LEN {
        return Err(FieldError::new(
            field,
            format!("is longer than {MAX_URL_LEN} characters"),
        ));
    }
    let url = url::Url::parse(text)
        .map_err(|e| FieldError::new(field, format!("`{text}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FieldError::new(
            field,
            format!(
                "must start with http:// or https://, not `{}:`",
                url.scheme()
            ),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FieldError::new(field, format!("`{text}` has no host")));
    }
    Ok(url)
}
