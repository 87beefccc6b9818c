//! The time zone a schedule's wall-clock times are read in.
//!
//! Only IANA names (`America/New_York`), never fixed offsets (`-05:00`) or abbreviations
//! (`EST`): an offset freezes a zone's DST rules out of the schedule, and abbreviations are
//! ambiguous (`CST` is three different zones). chrono-tz carries the IANA database.

use std::fmt;
use std::str::FromStr;

use chrono_tz::Tz;

use crate::field::FieldError;

/// A checked IANA time zone name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ZoneName(Tz);

impl ZoneName {
    /// Coordinated Universal Time, the zone of Pilothouse's own schedules.
    pub const UTC: ZoneName = ZoneName(Tz::UTC);

    /// Reads an IANA name exactly as the database spells it, or says it is not one (field
    /// `time_zone`).
    pub fn parse(name: &str) -> Result<ZoneName, FieldError> {
        let trimmed = name.trim();
        trimmed.parse::<Tz>().map(ZoneName).map_err(|_| {
            FieldError::new(
                "time_zone",
                format!(
                    "`{trimmed}` is not an IANA time zone (such as `America/New_York`, \
                     `Europe/London` or `UTC`)"
                ),
            )
        })
    }

    /// The zone's rules, for converting instants and wall-clock times.
    pub fn tz(self) -> Tz {
        self.0
    }

    /// The IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// Every zone name the database knows, sorted: the editor's zone picker.
    pub fn all_names() -> Vec<&'static str> {
        let mut names: Vec<_> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
        names.sort_unstable();
        names
    }
}

impl fmt::Display for ZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ZoneName {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ZoneName::parse(s)
    }
}

serde_as_checked_string!(ZoneName);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_names_are_accepted_and_keep_their_spelling() {
        for name in [
            "America/New_York",
            "Europe/London",
            "Australia/Sydney",
            "Asia/Kolkata",
            "UTC",
        ] {
            let zone = ZoneName::parse(name).unwrap();
            assert_eq!(zone.name(), name, "the zone keeps the name it was given");
        }
    }

    #[test]
    fn unknown_zones_and_offsets_are_refused_naming_the_time_zone_field() {
        for bad in ["Mars/Olympus", "", "-05:00", "EST5EDTX", "america/new york"] {
            let error = ZoneName::parse(bad).expect_err("only IANA names are zones");
            assert_eq!(error.field, "time_zone", "the UI marks the zone picker");
            assert!(
                error.problem.contains("is not an IANA time zone"),
                "the message says what is wrong: {}",
                error.problem
            );
        }
        let error = ZoneName::parse("Mars/Olympus").unwrap_err();
        assert!(
            error
                .problem
                .starts_with("`Mars/Olympus` is not an IANA time zone"),
            "the message quotes the input: {}",
            error.problem
        );
    }

    #[test]
    fn a_zone_serializes_as_its_name_and_reads_back() {
        let zone = ZoneName::parse("Australia/Sydney").unwrap();
        let json = serde_json::to_string(&zone).unwrap();
        assert_eq!(
            json, "\"Australia/Sydney\"",
            "stored and sent as the plain name"
        );
        let back: ZoneName = serde_json::from_str(&json).unwrap();
        assert_eq!(back, zone, "the name reads back as the same zone");
        assert!(
            serde_json::from_str::<ZoneName>("\"Mars/Olympus\"").is_err(),
            "a stored bad zone is refused on reading"
        );
    }
}
