//! Cron schedules as a trader writes them (`0 9 * * MON-FRI` in `America/New_York`), and the
//! instants they fire at.
//!
//! Everything periodic in Pilothouse — the bot cycle, the pattern sync, a trader's morning
//! routine — fires at instants computed here and nowhere else, so the desktop preview, the
//! `pilothouse cron next` command and the scheduler's runner can never disagree. It is pure:
//! time is passed in, nothing reads the clock.
//!
//! # The expression
//!
//! Standard cron: 5 fields (minute hour day-of-month month day-of-week), or 6 with a leading
//! seconds field; numbers, names (`MON`, `JAN`, any case), `*`, ranges (`1-5`), steps
//! (`*/15`, `8-18/2`), lists (`1,15`); the macros `@yearly`, `@annually`, `@monthly`,
//! `@weekly`, `@daily`, `@midnight`, `@hourly`. When both day fields are restricted (anything
//! but a lone `*`), a day matches if EITHER matches, as in POSIX cron: `0 0 13 * FRI` fires on
//! every 13th and on every Friday.
//!
//! # DST policy
//!
//! Wall-clock times are read in the schedule's IANA zone. When the clocks change:
//!
//! - a fixed-time job whose local time falls in a skipped hour fires once, at the first
//!   instant after the gap;
//! - a fixed-time job in a repeated hour fires once (the first occurrence);
//! - jobs with a wildcard or step in the hour field fire on every real instant that matches
//!   (so `*/15 * * * *` runs every 15 real minutes through both transitions).
//!
//! A job is fixed-time when its hour field names hours — single values, lists or ranges, with
//! no `*` and no step — whatever its minute and second fields hold. So `* 2 * * *` on a
//! spring-forward day (02:00–02:59 skipped) fires once at 03:00, and `30 1,2 * * *` on a
//! fall-back day fires at the first 01:30 only. Each fire a transition changed carries a
//! [`DstNote`]. croner 4 resolves zones with the same rules but calls a job fixed-time only
//! when its second, minute and hour are all single values; the `timing` module applies the policy above
//! instead (its module doc says why).

/// Serde as the text the trader typed: written as a string, read back through the same checks
/// as input (a hand-edited bad value is refused on load, not run).
macro_rules! serde_as_checked_string {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

mod describe;
mod expr;
mod preview;
mod timing;
mod zone;

pub use describe::describe;
pub use expr::{CronExpr, MAX_EXPR_LEN};
pub use preview::CronPreview;
pub use timing::{DstNote, FireTime, next_after, upcoming};
pub use zone::ZoneName;
