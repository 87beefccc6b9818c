//! Text from the database on a terminal. Names, reasons and messages may hold newlines and
//! escape sequences (typed by anyone who can run a command); printed raw, a newline forges a
//! log line (`x\n2026-01-01 … resume_all: forged`) and ESC rewrites the screen. Every text
//! output of the CLI passes stored strings through [`Safe`]; JSON and CSV escape on their own.

use std::borrow::Cow;
use std::fmt;

/// `text` with every control character shown as an escape (`\n`, `\u{1b}`), so it stays on
/// its line and cannot drive the terminal. Also the bidirectional overrides, which reorder
/// what a reader sees.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Displays a string through [`safe`], honouring width and alignment (`{:<24}`).
pub struct Safe<'a>(pub &'a str);

impl fmt::Display for Safe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&safe(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_escapes_and_nul_are_shown_not_obeyed() {
        assert_eq!(
            safe("x\n2026 CRITICAL forged"),
            "x\\n2026 CRITICAL forged",
            "a newline cannot start a forged line"
        );
        assert_eq!(
            safe("\u{1b}[2J\0"),
            "\\u{1b}[2J\\u{0}",
            "ESC and NUL are visible"
        );
        assert_eq!(safe("\u{202e}txt"), "\\u{202e}txt", "no reordering");
        assert!(
            matches!(safe("plain café"), Cow::Borrowed(_)),
            "ordinary text is not copied"
        );
        assert_eq!(
            format!("[{:<5}]", Safe("a\tb")),
            "[a\\tb ]",
            "width still applies"
        );
    }
}
