//! `pilothouse schedules` and `pilothouse webhook-key` as a trader uses them from a terminal or
//! a script: the real binary on a temp data dir, its output and its exit codes, with webhooks
//! delivered to a real HTTP receiver on 127.0.0.1.
//!
//! Webhook deliveries are signed with a key from the OS keyring, so the tests that run a webhook
//! need the Secret Service: `make test` runs them inside `dbus-run-session` with an unlocked
//! throwaway gnome-keyring (scripts/with-keyring.sh). A bare `cargo test` outside any D-Bus
//! session skips those, loudly; the rest run anywhere.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::io::Write;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use pilothouse_testkit::webhook::WebhookReceiver;
use serde_json::Value;
use tokio::sync::Mutex;

/// Keyring tests one at a time: they share the one signing key, and one of them rotates it.
static KEYRING: Mutex<()> = Mutex::const_new(());

async fn pilothouse(data_dir: &Path, args: &[&str]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_pilothouse"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("PILOTHOUSE_LOG", "warn")
        .output()
        .await
        .expect("the pilothouse binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs a command that must succeed, and returns its stdout.
async fn ok(data_dir: &Path, args: &[&str]) -> String {
    let out = pilothouse(data_dir, args).await;
    assert!(
        out.status.success(),
        "`pilothouse {}` succeeds: {}{}",
        args.join(" "),
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// Runs a command that prints JSON, and parses it.
async fn json(data_dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(data_dir, args).await).expect("--json prints JSON")
}

/// Adds a webhook schedule named `name` on weekdays at 09:00 New York time, posting to `url`.
async fn add_hook(data_dir: &Path, name: &str, url: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "schedules",
        "add",
        name,
        "--kind",
        "webhook",
        "--cron",
        "0 9 * * MON-FRI",
        "--tz",
        "America/New_York",
        "--url",
        url,
        "--payload",
        r#"{"note": "market open"}"#,
    ];
    args.extend_from_slice(extra);
    ok(data_dir, &args).await
}

/// Whether there is a session bus to find the Secret Service on. Without one (a plain
/// `cargo test` on a server) a webhook cannot be signed, and the test says it skipped.
fn session_bus_or_skip(test: &str) -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return true;
    }
    let _ = writeln!(
        std::io::stderr(),
        "\n!!! SKIPPED {test}: DBUS_SESSION_BUS_ADDRESS is unset, so there is no keyring to sign \
         webhooks with.\n!!! Run it with: dbus-run-session -- scripts/with-keyring.sh cargo test \
         -p pilothouse-cli --test schedules\n"
    );
    false
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("instants are RFC 3339")
        .with_timezone(&Utc)
}

#[tokio::test]
async fn an_added_schedule_is_listed_with_its_next_run_in_its_own_zone() {
    let dir = tempfile::tempdir().unwrap();
    let added = add_hook(dir.path(), "Open bell", "http://127.0.0.1:9/hook", &[]).await;
    let next = added
        .lines()
        .find_map(|l| l.trim().strip_prefix("next run:"))
        .map(str::trim)
        .expect("add prints the next run")
        .to_owned();
    assert!(
        next.contains("T09:00:00-05:00") || next.contains("T09:00:00-04:00"),
        "the next run is 09:00 New York wall-clock time, with that day's offset: {next}"
    );

    let once = ok(
        dir.path(),
        &[
            "schedules",
            "add",
            "Deadline",
            "--kind",
            "webhook",
            "--at",
            "2099-12-01T09:00:00-05:00",
            "--tz",
            "Europe/Paris",
            "--url",
            "http://127.0.0.1:9/hook",
        ],
    )
    .await;
    assert!(
        once.contains("next run: 2099-12-01T15:00:00+01:00"),
        "a one-time job's instant is shown in its schedule's zone: {once}"
    );

    let table = ok(dir.path(), &["schedules", "list"]).await;
    let row = table
        .lines()
        .find(|l| l.contains("Open bell"))
        .unwrap_or_else(|| panic!("the list shows the schedule: {table}"));
    for column in ["webhook", "cron 0 9 * * MON-FRI", "America/New_York", &next] {
        assert!(row.contains(column), "the row shows `{column}`: {row}");
    }
    assert!(
        table.contains("once at 2099-12-01T15:00:00+01:00"),
        "a one-time job's timing says when: {table}"
    );

    let listed = json(dir.path(), &["schedules", "list", "--json"]).await;
    let bell = listed
        .as_array()
        .and_then(|all| all.iter().find(|s| s["schedule"]["name"] == "Open bell"))
        .expect("the JSON lists the schedule");
    assert_eq!(
        bell["schedule"]["params"],
        serde_json::json!({"url": "http://127.0.0.1:9/hook", "payload": {"note": "market open"}}),
        "--url and --payload become the webhook's parameters"
    );
    assert_eq!(
        bell["next_fire"]["local"], next,
        "the table and the JSON agree on the next run"
    );
    assert_eq!(
        bell["schedule"]["max_attempts"], 3,
        "settings not given keep core's defaults"
    );
}

#[tokio::test]
async fn refused_input_exits_2_names_the_flag_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let hook = ["--kind", "webhook", "--url", "http://127.0.0.1:9/hook"];
    let cases: [(Vec<&str>, &str); 6] = [
        ([&hook[..], &["--cron", "*/0 * * * *"]].concat(), "cron:"),
        (vec!["--kind", "teleport", "--cron", "* * * * *"], "--kind"),
        (vec!["--kind", "run-bots", "--cron", "* * * * *"], "kind:"),
        (
            [&hook[..], &["--cron", "* * * * *", "--tz", "Mars/Olympus"]].concat(),
            "tz:",
        ),
        (
            [&hook[..], &["--cron", "* * * * *", "--backoff", "0"]].concat(),
            "backoff:",
        ),
        (
            vec![
                "--kind",
                "webhook",
                "--cron",
                "* * * * *",
                "--url",
                "ftp://x.io",
            ],
            "url:",
        ),
    ];
    for (flags, named) in cases {
        let out = pilothouse(
            dir.path(),
            &[&["schedules", "add", "bad"], &flags[..]].concat(),
        )
        .await;
        assert_eq!(
            out.status.code(),
            Some(2),
            "refused input is exit code 2 ({flags:?}): {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains(named),
            "the error names `{named}`, the flag to fix: {}",
            stderr(&out)
        );
        if flags.contains(&"run-bots") {
            assert!(
                stderr(&out).contains("cannot run in this version"),
                "a kind without its feature is refused, never stored to fail at every fire"
            );
        }
    }

    let out = pilothouse(dir.path(), &["schedules", "remove", "nobody"]).await;
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown schedule is bad input"
    );
    assert!(
        stderr(&out).contains("schedule: no schedule named `nobody`"),
        "{}",
        stderr(&out)
    );

    assert_eq!(
        json(dir.path(), &["schedules", "list", "--json"]).await,
        serde_json::json!([]),
        "no refused schedule was stored"
    );
}

#[tokio::test]
async fn disable_enable_edit_and_remove_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    add_hook(dir.path(), "Open bell", "http://127.0.0.1:9/hook", &[]).await;
    let listed = json(dir.path(), &["schedules", "list", "--json"]).await;
    let id = listed[0]["schedule"]["id"].as_i64().unwrap().to_string();

    let disabled = ok(dir.path(), &["schedules", "disable", "Open bell"]).await;
    assert!(disabled.contains("enabled:  no") && disabled.contains("next run: -"));
    let listed = json(dir.path(), &["schedules", "list", "--json"]).await;
    assert_eq!(listed[0]["schedule"]["enabled"], false);
    assert_eq!(
        listed[0]["next_fire"],
        Value::Null,
        "a disabled schedule has no next run"
    );

    // By id this time: a schedule is named by its name or its id.
    ok(dir.path(), &["schedules", "enable", &id]).await;
    let listed = json(dir.path(), &["schedules", "list", "--json"]).await;
    assert_eq!(listed[0]["schedule"]["enabled"], true);
    assert!(
        listed[0]["next_fire"]["local"].is_string(),
        "enabled again, it has a next run"
    );

    let edited = ok(
        dir.path(),
        &[
            "schedules",
            "edit",
            "Open bell",
            "--name",
            "Closing bell",
            "--cron",
            "0 16 * * MON-FRI",
            "--max-attempts",
            "5",
        ],
    )
    .await;
    assert!(
        edited.contains("T16:00:00-0"),
        "edit prints the new next run: {edited}"
    );
    let spec = &json(dir.path(), &["schedules", "list", "--json"]).await[0]["schedule"];
    assert_eq!(spec["name"], "Closing bell");
    assert_eq!(spec["timing"]["expr"], "0 16 * * MON-FRI");
    assert_eq!(spec["max_attempts"], 5);
    assert_eq!(
        (
            spec["time_zone"].as_str(),
            &spec["params"]["payload"]["note"]
        ),
        (Some("America/New_York"), &Value::from("market open")),
        "edit changes only the flags given: zone and payload stay"
    );

    let out = pilothouse(dir.path(), &["schedules", "edit", &id, "--timeout", "0"]).await;
    assert_eq!(out.status.code(), Some(2), "edit is checked like add");
    assert!(stderr(&out).contains("timeout:"), "{}", stderr(&out));

    let removed = ok(dir.path(), &["schedules", "remove", "Closing bell"]).await;
    assert!(removed.contains("Removed schedule") && removed.contains("Closing bell"));
    assert_eq!(
        json(dir.path(), &["schedules", "list", "--json"]).await,
        serde_json::json!([])
    );
    let again = pilothouse(dir.path(), &["schedules", "remove", &id]).await;
    assert_eq!(
        again.status.code(),
        Some(2),
        "a removed schedule is gone, not hidden"
    );
}

#[tokio::test]
async fn run_now_delivers_to_the_receiver_and_history_shows_a_succeeded_run() {
    if !session_bus_or_skip("run_now_delivers_to_the_receiver_and_history_shows_a_succeeded_run") {
        return;
    }
    let _keyring = KEYRING.lock().await;
    let receiver = WebhookReceiver::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    add_hook(dir.path(), "Open bell", &receiver.url(), &["--disabled"]).await;

    let report = ok(dir.path(), &["schedules", "run-now", "Open bell"]).await;
    assert!(
        report.contains("run_now, attempt 1): succeeded"),
        "run-now reports the attempt's outcome, even for a disabled schedule: {report}"
    );
    let requests = receiver.requests();
    assert_eq!(requests.len(), 1, "one POST per run");
    let body = requests[0].json().unwrap();
    assert_eq!(body["payload"]["note"], "market open");
    assert_eq!(body["run"]["trigger"], "run_now");

    let table = ok(dir.path(), &["schedules", "history", "Open bell"]).await;
    let row = table.lines().nth(1).unwrap_or_default();
    for column in ["Open bell", "run_now", "succeeded"] {
        assert!(
            row.contains(column),
            "the newest history row shows `{column}`: {table}"
        );
    }
    let page = json(dir.path(), &["schedules", "history", "--json"]).await;
    assert_eq!(page["runs"][0]["status"], "succeeded");
    assert_eq!(page["runs"][0]["result"]["status"], 200);
    assert_eq!(page["next_before"], Value::Null, "one run: no next page");
}

#[tokio::test]
async fn run_now_against_a_failing_receiver_exits_1_and_history_shows_when_it_retries() {
    if !session_bus_or_skip(
        "run_now_against_a_failing_receiver_exits_1_and_history_shows_when_it_retries",
    ) {
        return;
    }
    let _keyring = KEYRING.lock().await;
    let receiver = WebhookReceiver::start().await.unwrap();
    receiver.fail_next(10, 503).unwrap();
    let dir = tempfile::tempdir().unwrap();
    add_hook(
        dir.path(),
        "Open bell",
        &receiver.url(),
        &["--backoff", "600"],
    )
    .await;

    let out = pilothouse(dir.path(), &["schedules", "run-now", "Open bell"]).await;
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed run is a failed command, for scripts: {}{}",
        stdout(&out),
        stderr(&out)
    );
    let report = stdout(&out);
    assert!(
        report.contains("failed") && report.contains("503"),
        "the report says what the receiver answered: {report}"
    );
    assert!(
        report.contains("attempt 2 is due at"),
        "the report says when the retry comes: {report}"
    );

    let page = json(
        dir.path(),
        &["schedules", "history", "--status", "failed", "--json"],
    )
    .await;
    let run = &page["runs"][0];
    assert_eq!(run["status"], "failed", "{page}");
    let retry_at = utc(run["retry_at"]
        .as_str()
        .expect("a failed run has a retry time"));
    let finished = utc(run["finished_at"].as_str().unwrap());
    assert!(
        retry_at >= finished + chrono::Duration::seconds(480),
        "the retry waits --backoff, less at most 20 % jitter"
    );
    let shown = retry_at.to_rfc3339_opts(SecondsFormat::Secs, true);
    assert!(
        report.contains(&shown),
        "run-now's retry time is the stored one, in UTC: {report}"
    );
    let table = ok(dir.path(), &["schedules", "history"]).await;
    assert!(
        table.contains(&format!("(retry at {shown})")),
        "the history row says when the failed run is retried: {table}"
    );
    assert!(
        ok(dir.path(), &["schedules", "dead-letters"])
            .await
            .contains("No dead letters"),
        "a run with attempts left is not a dead letter"
    );
}

#[tokio::test]
async fn webhook_key_show_prints_the_key_deliveries_are_signed_with() {
    if !session_bus_or_skip("webhook_key_show_prints_the_key_deliveries_are_signed_with") {
        return;
    }
    let _keyring = KEYRING.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let out = pilothouse(dir.path(), &["webhook-key", "show"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let key = stdout(&out).trim().to_owned();
    assert!(key.starts_with("whsec_"), "stdout holds the key alone");
    assert!(
        stderr(&out).contains("secret"),
        "the key is printed with a reminder that it is secret"
    );

    let receiver = WebhookReceiver::start().await.unwrap();
    receiver.require_key(&key);
    add_hook(dir.path(), "Signed", &receiver.url(), &[]).await;
    ok(dir.path(), &["schedules", "run-now", "Signed"]).await;
    let requests = receiver.wait_for(1, Duration::from_secs(5)).await.unwrap();
    assert_eq!(
        requests[0].signature_valid,
        Some(true),
        "a receiver given the printed key accepts the delivery"
    );

    // Rotating replaces the key in the keyring: only a throwaway keyring (with-keyring.sh
    // starting its own) may have it rotated, never a developer's desktop keyring.
    let throwaway = std::env::var("GNOME_KEYRING_CONTROL")
        .is_ok_and(|control| control.contains("pilothouse-keyring."));
    if !throwaway {
        let _ = writeln!(
            std::io::stderr(),
            "\n!!! SKIPPED the rotation part of webhook_key_show_prints_the_key_deliveries_are_\
             signed_with: this session's keyring is not a throwaway one from with-keyring.sh\n"
        );
        return;
    }
    let rotated = ok(dir.path(), &["webhook-key", "rotate"]).await;
    let rotated = rotated.trim();
    assert!(rotated.starts_with("whsec_") && rotated != key, "a new key");
    assert_eq!(
        ok(dir.path(), &["webhook-key", "show"]).await.trim(),
        rotated,
        "show prints the rotated key from then on"
    );
}
