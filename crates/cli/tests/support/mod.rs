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

/// Runs `pilothouse --data-dir DATA_DIR ARGS…` where no OS keyring answers (a D-Bus session
/// address that leads nowhere), as on a server without a Secret Service.
pub fn pilothouse_without_keyring(data_dir: &Path, args: &[&str]) -> Output {
    let mut command = command(data_dir, args);
    command.env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/pilothouse-test-bus",
    );
    command.output().expect("the pilothouse binary runs")
}

fn command(data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pilothouse"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("PILOTHOUSE_LOG", "warn");
    command
}

/// Runs `pilothouse --data-dir DATA_DIR ARGS…` with `stdin` piped in.
pub fn pilothouse_with_stdin(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = command(data_dir, args)
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

/// The command exited with `code` and its stderr says `says`; `what` names the case in a
/// failure. Returns stderr.
pub fn exits_saying(out: &Output, code: i32, says: &str, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: exit {code}: {stderr}"
    );
    assert!(stderr.contains(says), "{what}: says `{says}`: {stderr}");
    stderr
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

/// Runs `pilothouse --data-dir DATA_DIR ARGS…` with `data_dir` read-only, as after a read-only
/// mount or a `sudo` run. As root (who writes through any mode bits) that takes a private
/// read-only bind mount (`unshare -m`); otherwise the directory's write bits are cleared for the
/// run. `None` (said loudly) when neither can make the directory read-only here.
pub fn pilothouse_read_only(data_dir: &Path, args: &[&str], test: &str) -> Option<Output> {
    const READ_ONLY_MOUNT: &str =
        r#"mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@""#;
    let mounted = Command::new("unshare")
        .args(["-m", "sh", "-c", READ_ONLY_MOUNT, "sh"])
        .arg(data_dir)
        .arg("true")
        .output()
        .is_ok_and(|out| out.status.success());
    if mounted {
        let out = Command::new("unshare")
            .args(["-m", "sh", "-c", READ_ONLY_MOUNT, "sh"])
            .arg(data_dir)
            .arg(env!("CARGO_BIN_EXE_pilothouse"))
            .arg("--data-dir")
            .arg(data_dir)
            .args(args)
            .env("PILOTHOUSE_LOG", "warn") // as `command`, but through `unshare`
            .output()
            .expect("the pilothouse binary runs");
        return Some(out);
    }
    let out = with_write_bits_cleared(data_dir, || {
        if std::fs::write(data_dir.join(".probe"), "").is_ok() {
            return None; // Mode bits do not stop this user.
        }
        Some(pilothouse(data_dir, args))
    });
    if out.is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "\n!!! SKIPPED {test}: cannot make a directory read-only here (root without \
             `unshare -m`).\n"
        );
    }
    out
}

fn with_write_bits_cleared<T>(dir: &Path, run: impl FnOnce() -> T) -> T {
    use std::os::unix::fs::PermissionsExt;
    let paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the data dir is readable")
        .map(|e| e.expect("a directory entry").path())
        .chain([dir.to_path_buf()])
        .collect();
    let set = |mode: u32| {
        for path in &paths {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
                .expect("permissions change");
        }
    };
    set(0o555);
    let result = run();
    set(0o755);
    result
}
