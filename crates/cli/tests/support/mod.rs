//! What the CLI tests share: running the real `pilothouse` binary on a data directory, reading
//! its outcome, and skipping loudly where there is no keyring to test against.
//!
//! Each test file compiles its own copy and uses only some of these.
#![allow(dead_code, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `pilothouse --data-dir DATA_DIR ARGS…` with nothing on stdin.
pub fn pilothouse(data_dir: &Path, args: &[&str]) -> Output {
    pilothouse_with_stdin(data_dir, args, "")
}

/// Runs `pilothouse --data-dir DATA_DIR ARGS…` with `stdin` piped in.
pub fn pilothouse_with_stdin(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pilothouse"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("PILOTHOUSE_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the pilothouse binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin is written");
    child
        .wait_with_output()
        .expect("the pilothouse binary ends")
}

/// The command succeeded; its stdout.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "succeeds: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Refused input: exit code 2, and the message names the field.
pub fn refused(out: &Output, field: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{field}:")),
        "names `{field}`: {stderr}"
    );
}

/// Whether there is a session bus to find the Secret Service on. Without one (a plain
/// `cargo test` on a server) the test says loudly that it skipped; `make test` always has one.
pub fn session_bus_or_skip(test: &str, target: &str) -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return true;
    }
    let _ = writeln!(
        std::io::stderr(),
        "\n!!! SKIPPED {test}: no D-Bus session, so no Secret Service.\n!!! Run it with: \
         dbus-run-session -- scripts/with-keyring.sh cargo test -p pilothouse-cli --test {target}\n"
    );
    false
}
