//! How a failed command ends: one line on stderr, and an exit code a script can branch on.
//!
//! The codes (also in the README's CLI section): 2 refused input (fix the command), 3 an order
//! the emergency pause refused (resume first), 4 an order whose outcome is unknown (look it up
//! before trying again), 5 a data directory or database that cannot be used (fix the files),
//! 130 a job cancelled (as by Ctrl-C), 1 anything else.

use std::process::ExitCode;

use pilothouse_app::AppError;

/// Refused input.
pub const INVALID: u8 = 2;
/// The emergency pause refused an order.
pub const PAUSED: u8 = 3;
/// An order was sent but its outcome is unknown.
pub const UNKNOWN_OUTCOME: u8 = 4;
/// The data directory or database cannot be used.
pub const UNUSABLE_DATA: u8 = 5;
/// A job was cancelled.
pub const CANCELLED: u8 = 130;

/// Output cut short by its reader (`pilothouse orders list | head -3`) ends the command
/// quietly with success, as it would have had the reader wanted more: `println!` panics on a
/// closed pipe (Rust ignores SIGPIPE), so the panic hook recognises that one panic.
pub fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// Prints the error and picks its exit code; a closed output pipe is no error (see
/// [`quiet_on_broken_pipe`]).
pub fn report(error: &anyhow::Error) -> ExitCode {
    let broken_pipe = error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    eprintln!("error: {}", crate::text::safe(&message(error)));
    ExitCode::from(code(error))
}

/// `orders place` sent the order, but neither the venue's answer nor a look-up by its client
/// order id says whether it was placed. Never send it again blindly.
#[derive(Debug, thiserror::Error)]
#[error(
    "order {0}: the outcome is unknown (the venue may have placed it); it is journaled as \
     unknown and reconciled on the next start; check with `pilothouse orders list` before \
     placing it again"
)]
pub struct OutcomeUnknown(pub String);

fn code(error: &anyhow::Error) -> u8 {
    if error.downcast_ref::<OutcomeUnknown>().is_some() {
        return UNKNOWN_OUTCOME;
    }
    match error.downcast_ref::<AppError>() {
        Some(AppError::Invalid(_)) => INVALID,
        Some(AppError::Paused { .. }) => PAUSED,
        Some(AppError::Cancelled) => CANCELLED,
        Some(AppError::Store(store)) if store.is_unusable_data() => UNUSABLE_DATA,
        _ => 1,
    }
}

/// The error and its causes on one line, each said once: our errors often quote their cause,
/// which then comes again as the next link of the chain ("…locked: …locked: …locked").
pub fn message(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that quotes its cause and also returns it as its source.
    #[derive(Debug)]
    struct Quoting(std::io::Error);

    impl std::fmt::Display for Quoting {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "database error: {}", self.0)
        }
    }

    impl std::error::Error for Quoting {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_cause_quoted_by_its_error_is_said_once() {
        let inner = std::io::Error::other("database is locked");
        let error = anyhow::Error::new(Quoting(inner)).context("could not pause");
        assert_eq!(
            message(&error),
            "could not pause: database error: database is locked",
            "each cause appears once, in order"
        );
    }
}
