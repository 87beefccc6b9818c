//! The `webhook` job against a real HTTP receiver on 127.0.0.1: what it signs and sends, how a
//! receiver deduplicates retries, how refusals and unreachable hosts end a run, and the life of
//! the signing key.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use std::time::Duration;

use chrono::{DateTime, Utc};
use pilothouse_app::App;
use pilothouse_app::scheduler::{Job, JobContext, WebhookJob};
use pilothouse_core::schedule::{
    JobKind, RunStatus, RunTrigger, Schedule, ScheduleInput, ScheduleRun,
};
use pilothouse_testkit::webhook::WebhookReceiver;
use pilothouse_testkit::{Workspace, t0};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

const SOON: Duration = Duration::from_secs(5);

fn schedule(id: i64, params: Value) -> anyhow::Result<Schedule> {
    let mut input = ScheduleInput::cron("Open bell", JobKind::Webhook, "30 9 * * *", "UTC");
    input.params = params;
    input.requires_approval = true;
    Ok(Schedule {
        id,
        spec: input.check()?,
        created_at: t0(),
        updated_at: t0(),
    })
}

fn run(id: i64, schedule: &Schedule, scheduled_for: DateTime<Utc>, attempt: u32) -> ScheduleRun {
    ScheduleRun {
        id,
        schedule_id: schedule.id,
        schedule_name: schedule.spec.name.clone(),
        kind: JobKind::Webhook,
        scheduled_for,
        trigger: if attempt == 1 {
            RunTrigger::Schedule
        } else {
            RunTrigger::Retry
        },
        attempt,
        status: RunStatus::Running,
        started_at: None,
        finished_at: None,
        duration_ms: None,
        retry_at: None,
        result: None,
        error: None,
        host: "cli".to_owned(),
    }
}

fn context(app: &App, schedule: &Schedule, run: ScheduleRun) -> JobContext {
    JobContext {
        app: app.clone(),
        schedule: schedule.clone(),
        run,
    }
}

async fn key_of(app: &App) -> anyhow::Result<String> {
    Ok(app.webhook_signing_key().await?.expose_secret().to_owned())
}

#[tokio::test]
async fn a_delivery_is_signed_over_the_exact_body_with_the_apps_key() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;
    let receiver = WebhookReceiver::start().await?;
    let schedule = schedule(
        7,
        json!({"url": receiver.url(), "payload": {"desk": "fx", "size": "0.5"}}),
    )?;
    let fire = t0();

    let result = WebhookJob::new()
        .run(context(&app, &schedule, run(42, &schedule, fire, 1)))
        .await?;

    assert_eq!(
        result["status"], 200,
        "the history shows the receiver's status"
    );
    assert_eq!(
        result["response"], r#"{"received":1}"#,
        "and the start of its answer"
    );
    let requests = receiver.requests();
    assert_eq!(requests.len(), 1, "one attempt is one POST");
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.uri, "/hook");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.header("user-agent"),
        Some(concat!("Pilothouse/", env!("CARGO_PKG_VERSION"))),
        "receivers can tell Pilothouse apart in their logs"
    );
    let sent_at = app.now();
    assert_eq!(
        request.header("x-pilothouse-timestamp"),
        Some(sent_at.timestamp().to_string().as_str()),
        "the signed timestamp is the App clock's, in unix seconds"
    );
    assert_eq!(request.header("x-pilothouse-attempt"), Some("1"));

    let key = key_of(&app).await?;
    request.verify_signature(&key)?;
    let mut tampered = request.clone();
    tampered.body = format!("{} ", String::from_utf8_lossy(&request.body)).into();
    assert!(
        tampered.verify_signature(&key).is_err(),
        "the signature covers every byte of the body"
    );
    assert!(
        request.verify_signature("whsec_someone-else").is_err(),
        "only the App's key produces the signature"
    );

    assert_eq!(
        request.json()?,
        json!({
            "schedule": {"id": 7, "name": "Open bell", "kind": "webhook"},
            "run": {
                "id": 42,
                "scheduled_for": "2026-11-24T08:30:00.000Z",
                "attempt": 1,
                "trigger": "schedule",
            },
            "sent_at": "2026-11-24T08:30:00.000Z",
            "requires_approval": true,
            "payload": {"desk": "fx", "size": "0.5"},
        }),
        "the body says which schedule and fire it is, and carries the trader's payload"
    );
    let body = String::from_utf8_lossy(&request.body);
    assert!(
        !body.contains(&key)
            && !request
                .headers
                .iter()
                .any(|(_, v)| v.as_bytes() == key.as_bytes()),
        "the signing key itself is never sent"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn every_attempt_at_one_fire_carries_the_same_delivery_id() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;
    let receiver = WebhookReceiver::start().await?;
    let schedule = schedule(3, json!({"url": receiver.url()}))?;
    let job = WebhookJob::new();
    let fire = t0();
    receiver.fail_next(1, 503)?;

    let first = job
        .run(context(&app, &schedule, run(10, &schedule, fire, 1)))
        .await;
    assert!(first.is_err(), "the receiver refused the first attempt");
    ws.clock.advance(chrono::Duration::seconds(60));
    job.run(context(&app, &schedule, run(11, &schedule, fire, 2)))
        .await?;
    let next_fire = fire + chrono::Duration::days(1);
    job.run(context(&app, &schedule, run(12, &schedule, next_fire, 1)))
        .await?;

    let requests = receiver.wait_for(3, SOON).await?;
    let ids: Vec<_> = requests
        .iter()
        .map(|r| r.header("x-pilothouse-delivery").unwrap_or_default())
        .collect();
    let expected = format!("3-{}", fire.timestamp_millis());
    assert_eq!(
        ids[..2],
        [expected.as_str(), expected.as_str()],
        "a retry repeats the fire's id, so the receiver can drop a duplicate"
    );
    assert_ne!(ids[2], ids[0], "the next fire is a new delivery");
    let attempts: Vec<_> = requests
        .iter()
        .map(|r| r.header("x-pilothouse-attempt").unwrap_or_default())
        .collect();
    assert_eq!(attempts, ["1", "2", "1"]);
    assert_ne!(
        requests[0].header("x-pilothouse-timestamp"),
        requests[1].header("x-pilothouse-timestamp"),
        "each attempt is signed when it is sent"
    );
    let key = key_of(&app).await?;
    for request in &requests {
        request.verify_signature(&key)?;
    }
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_503_answer_fails_the_run_with_the_status_and_the_receivers_words() -> anyhow::Result<()>
{
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;
    let receiver = WebhookReceiver::start().await?;
    let schedule = schedule(1, json!({"url": receiver.url()}))?;
    receiver.fail_next(1, 503)?;

    let error = WebhookJob::new()
        .run(context(&app, &schedule, run(1, &schedule, t0(), 1)))
        .await
        .expect_err("a 503 is not a delivery");

    assert_eq!(
        error.to_string(),
        "the receiver answered 503 Service Unavailable: the test receiver was told to fail \
         this request",
        "the history says what the receiver answered"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn a_redirect_is_not_followed() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;
    let receiver = WebhookReceiver::start().await?;
    let schedule = schedule(1, json!({"url": receiver.url()}))?;
    receiver.redirect_next(1, &format!("http://{}/elsewhere", receiver.addr()));

    let error = WebhookJob::new()
        .run(context(&app, &schedule, run(1, &schedule, t0(), 1)))
        .await
        .expect_err("a redirect is not a delivery");

    assert!(
        error.to_string().starts_with("the receiver answered 307"),
        "{error}"
    );
    assert_eq!(
        receiver.requests().len(),
        1,
        "the signed body is never replayed to the address a redirect names"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn an_unreachable_host_fails_the_run_naming_the_host_but_not_the_url() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = closed.local_addr()?.port();
    drop(closed);
    let schedule = schedule(
        1,
        json!({"url": format!("http://127.0.0.1:{port}/hook?token=t0ps3cret")}),
    )?;

    let error = WebhookJob::new()
        .run(context(&app, &schedule, run(1, &schedule, t0(), 1)))
        .await
        .expect_err("nothing listens there");

    let message = error.to_string();
    assert!(
        message.starts_with(&format!("could not connect to 127.0.0.1:{port}: ")),
        "the history names the host and why: {message}"
    );
    assert!(
        !message.contains("t0ps3cret") && !message.contains("/hook"),
        "a URL's path and query may hold a token: {message}"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn parameters_the_job_cannot_read_fail_the_run() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;
    let mut schedule = schedule(1, json!({"url": "http://127.0.0.1:9/hook"}))?;
    schedule.spec.params = json!({"address": "http://127.0.0.1:9/hook"});

    let error = WebhookJob::new()
        .run(context(&app, &schedule, run(1, &schedule, t0(), 1)))
        .await
        .expect_err("no url to post to");

    assert!(
        error.to_string().contains("parameters are not valid"),
        "{error}"
    );
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn the_signing_key_is_made_once_and_changes_only_on_rotate() -> anyhow::Result<()> {
    let ws = Workspace::new()?;
    let app = ws.open("cli").await?;

    let racing: Vec<_> = (0..8)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { key_of(&app).await })
        })
        .collect();
    let mut keys = Vec::new();
    for task in racing {
        keys.push(task.await??);
    }
    let first = keys[0].clone();
    assert!(
        keys.iter().all(|k| *k == first),
        "deliveries starting together on first use agree on one key"
    );
    let hex_part = first
        .strip_prefix("whsec_")
        .expect("keys start with whsec_");
    assert_eq!(hex_part.len(), 64, "32 random bytes in hex");
    assert!(hex_part.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(key_of(&app).await?, first, "the key is stable across calls");

    let rotated = app.rotate_webhook_signing_key().await?;
    assert_ne!(rotated.expose_secret(), first, "rotation makes a new key");
    assert_eq!(
        key_of(&app).await?,
        rotated.expose_secret(),
        "and deliveries from then on are signed with it"
    );

    let receiver = WebhookReceiver::start().await?;
    receiver.require_key(rotated.expose_secret());
    let schedule = schedule(1, json!({"url": receiver.url()}))?;
    WebhookJob::new()
        .run(context(&app, &schedule, run(1, &schedule, t0(), 1)))
        .await?;
    assert_eq!(receiver.requests()[0].signature_valid, Some(true));
    app.shutdown().await;
    Ok(())
}

#[tokio::test]
async fn two_data_directories_on_one_keyring_keep_their_own_secrets() -> anyhow::Result<()> {
    use std::sync::Arc;

    use pilothouse_app::AppConfig;
    use pilothouse_app::scheduler::JobRegistry;
    use pilothouse_app::secrets::{MemoryVault, SecretVault};

    let keyring: Arc<dyn SecretVault> = Arc::new(MemoryVault::default());
    let (a, b) = (tempfile::tempdir()?, tempfile::tempdir()?);
    let open = |dir: &std::path::Path| {
        App::open(AppConfig {
            data_dir: dir.to_path_buf(),
            clock: Arc::new(pilothouse_app::core::LiveClock),
            shell: "desktop",
            jobs: JobRegistry::empty(),
            secrets: keyring.clone(),
        })
    };
    let first = open(a.path()).await?;
    let key_a = first.webhook_signing_key().await?;
    first.shutdown().await;
    let second = open(b.path()).await?;
    let key_b = second.webhook_signing_key().await?;
    second.shutdown().await;
    assert_ne!(
        key_a.expose_secret(),
        key_b.expose_secret(),
        "a second data directory must not sign with the first one's key"
    );
    let again = open(a.path()).await?;
    assert_eq!(
        again.webhook_signing_key().await?.expose_secret(),
        key_a.expose_secret(),
        "reopening a data directory finds its own key"
    );
    again.shutdown().await;
    Ok(())
}
