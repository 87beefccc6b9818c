use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use super::*;

fn entry(log_type: LogType, severity: Severity, message: &str) -> LogEntry {
    NewLogEntry::new(log_type, severity, "system", "pause_all", message).into_entry(
        1,
        Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).single().unwrap(),
    )
}

#[test]
fn names_parse_in_any_case_and_unknown_names_are_refused_with_the_field() {
    assert_eq!("trade".parse::<LogType>(), Ok(LogType::Trade));
    assert_eq!(" Critical ".parse::<Severity>(), Ok(Severity::Critical));
    let err = "LOUD".parse::<Severity>().unwrap_err();
    assert_eq!(err.field, "severity", "the error must name the field");
    assert!(
        err.problem.contains("INFO, WARNING"),
        "and list what is allowed: {err}"
    );
}

#[test]
fn severities_order_from_info_to_critical() {
    assert!(Severity::Info < Severity::Warning);
    assert!(Severity::Error < Severity::Critical);
}

#[test]
fn empty_filter_matches_everything() {
    assert!(LogFilter::default().matches(&entry(LogType::Trade, Severity::Info, "bought")));
}

#[test]
fn type_and_severity_lists_are_any_of() {
    let filter = LogFilter {
        types: vec![LogType::Safety, LogType::System],
        severities: vec![Severity::Critical],
        ..LogFilter::default()
    };
    assert!(filter.matches(&entry(LogType::System, Severity::Critical, "paused")));
    assert!(
        !filter.matches(&entry(LogType::Trade, Severity::Critical, "x")),
        "type not listed"
    );
    assert!(
        !filter.matches(&entry(LogType::System, Severity::Info, "x")),
        "severity not listed"
    );
}

#[test]
fn text_matches_word_prefixes_in_any_case_across_message_action_and_source() {
    let e = entry(
        LogType::System,
        Severity::Critical,
        "Emergency pause: market crash",
    );
    let text = |t: &str| LogFilter {
        text: Some(t.into()),
        ..LogFilter::default()
    };
    assert!(text("emerg").matches(&e), "prefix of a message word");
    assert!(
        text("CRASH market").matches(&e),
        "all words, any order, any case"
    );
    assert!(text("pause_all").matches(&e), "action words count");
    assert!(!text("rash").matches(&e), "a word's middle is not a prefix");
    assert!(!text("market boom").matches(&e), "every word must be found");
}

#[test]
fn since_after_until_is_refused_naming_since() {
    let filter = LogFilter {
        since: Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).single(),
        until: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single(),
        ..LogFilter::default()
    };
    assert_eq!(filter.validate().unwrap_err().field, "since");
}

#[test]
fn entries_without_source_or_message_are_refused() {
    let mut e = NewLogEntry::new(LogType::System, Severity::Info, " ", "a", "m");
    assert_eq!(e.validate().unwrap_err().field, "source");
    e.source = "system".into();
    e.message = String::new();
    assert_eq!(e.validate().unwrap_err().field, "message");
}

proptest! {
    #[test]
    fn words_are_lowercase_alphanumeric_and_never_empty(text in ".{0,64}") {
        for w in words(&text) {
            prop_assert!(!w.is_empty());
            prop_assert!(w.chars().all(char::is_alphanumeric));
            prop_assert_eq!(w.to_lowercase(), w.clone());
        }
    }

    #[test]
    fn any_word_of_a_message_finds_it(message in "[a-zA-Z0-9 ,.:_-]{1,64}") {
        let e = entry(LogType::Analysis, Severity::Info, &message);
        for w in words(&message) {
            let filter = LogFilter { text: Some(w.clone()), ..LogFilter::default() };
            prop_assert!(filter.matches(&e), "word {w:?} of {message:?} must match");
        }
    }
}
