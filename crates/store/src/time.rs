//! Instants are stored as integer milliseconds since the Unix epoch (UTC): compact, indexable,
//! and ordered the same way as the instants they stand for.

use chrono::{DateTime, Utc};

use crate::StoreError;

pub(crate) fn to_ms(instant: DateTime<Utc>) -> i64 {
    instant.timestamp_millis()
}

pub(crate) fn from_ms(ms: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| StoreError::corrupt("time", ms))
}
