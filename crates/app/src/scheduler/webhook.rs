//! The `webhook` job: POSTs a signed JSON body to a URL of the trader's, so other tools (a chat
//! bot, an automation server, a spreadsheet script) can act on Pilothouse's schedule.
//!
//! What a receiver gets, per attempt:
//!
//! - the body, JSON: `{"schedule": {"id", "name", "kind"}, "run": {"id", "scheduled_for",
//!   "attempt", "trigger"}, "sent_at", "requires_approval", "payload"}` with instants in RFC 3339
//!   UTC and `payload` the schedule's own JSON;
//! - `X-Pilothouse-Delivery: <schedule id>-<scheduled_for in unix ms>`, the same for every
//!   attempt at one fire, so a receiver can drop a retry of something it already handled;
//! - `X-Pilothouse-Attempt: <1, 2, …>` and `X-Pilothouse-Timestamp: <sent_at in unix seconds>`;
//! - `X-Pilothouse-Signature: sha256=<lowercase hex HMAC-SHA256(key, "<timestamp>.<body>")>`,
//!   where `key` is the whole signing key text (`whsec_…`, see [`App::webhook_signing_key`]) and
//!   `body` the exact bytes received. A receiver checks it with a constant-time compare and
//!   refuses timestamps far from its own clock (replays).
//!
//! Redirects are never followed: the signed body goes only to the URL the trader configured, not
//! to wherever a receiver (or someone who took over its address) points it. A 3xx answer fails
//! the run and says so. Errors name the host only: a URL's path or query may hold a token.
//!
//! [`App::webhook_signing_key`]: crate::App::webhook_signing_key

use std::fmt;
use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use futures::future::BoxFuture;
use hmac::{Hmac, Mac};
use pilothouse_core::schedule::{Schedule, ScheduleRun, WebhookParams};
use reqwest::{Client, StatusCode, Url, header};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use sha2::Sha256;

use super::jobs::{Job, JobContext, JobError};

/// How long one POST may take, connecting and reading the answer included. The schedule's own
/// timeout also cancels the job.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How much of a receiver's answer a successful run keeps.
const SUCCESS_EXCERPT_CHARS: usize = 500;

/// How much of a receiver's answer a failed run's message quotes.
const FAILURE_EXCERPT_CHARS: usize = 200;

/// How many bytes of an answer are read at most (enough for either excerpt).
const MAX_ANSWER_BYTES: usize = 8 * 1024;

const USER_AGENT: &str = concat!("Pilothouse/", env!("CARGO_PKG_VERSION"));

/// The header carrying the id that is the same for every attempt at one fire.
const DELIVERY_HEADER: &str = "X-Pilothouse-Delivery";
/// The header carrying the attempt number (1 for the first).
const ATTEMPT_HEADER: &str = "X-Pilothouse-Attempt";
/// The header carrying `sent_at` in unix seconds (the signed timestamp).
const TIMESTAMP_HEADER: &str = "X-Pilothouse-Timestamp";
/// The header carrying `sha256=<hex HMAC>`.
const SIGNATURE_HEADER: &str = "X-Pilothouse-Signature";

/// POSTs the signed body. Holds one HTTP client (connection pool) for all its runs.
#[derive(Default)]
pub struct WebhookJob {
    /// Built on the first run, so registering the job costs nothing; an error is kept and
    /// reported by every run rather than panicking.
    client: OnceLock<Result<Client, String>>,
}

impl WebhookJob {
    pub fn new() -> Self {
        Self::default()
    }

    fn client(&self) -> Result<Client, JobError> {
        self.client
            .get_or_init(build_client)
            .clone()
            .map_err(JobError::new)
    }
}

impl fmt::Debug for WebhookJob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookJob").finish_non_exhaustive()
    }
}

impl Job for WebhookJob {
    fn run(&self, context: JobContext) -> BoxFuture<'static, Result<Value, JobError>> {
        let client = self.client();
        Box::pin(async move { deliver(&client?, context).await })
    }
}

fn build_client() -> Result<Client, String> {
    Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
        .map_err(|e| format!("could not set up the HTTP client: {}", causes(&e)))
}

async fn deliver(client: &Client, context: JobContext) -> Result<Value, JobError> {
    let JobContext { app, schedule, run } = context;
    let params: WebhookParams = serde_json::from_value(schedule.spec.params.clone())
        .map_err(|e| JobError::new(format!("the webhook's parameters are not valid: {e}")))?;
    let url = Url::parse(params.url.trim())
        .map_err(|e| JobError::new(format!("the webhook URL is not valid: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(JobError::new(format!(
            "the webhook URL must start with http:// or https://, not `{}:`",
            url.scheme()
        )));
    }
    let host = host_of(&url);
    let key = app
        .webhook_signing_key()
        .await
        .map_err(|e| JobError::new(format!("could not read the webhook signing key: {e}")))?;

    let sent_at = app.now();
    let timestamp = sent_at.timestamp();
    let body = serde_json::to_vec(&envelope(&schedule, &run, sent_at, params.payload))
        .map_err(|e| JobError::new(format!("could not write the webhook body: {e}")))?;
    let signature = sign(&key, timestamp, &body)?;
    let delivery = delivery_id(&schedule, &run);
    tracing::debug!(%host, %delivery, attempt = run.attempt, "sending a webhook");

    let response = client
        .post(url)
        .header(header::CONTENT_TYPE, "application/json")
        .header(DELIVERY_HEADER, &delivery)
        .header(ATTEMPT_HEADER, run.attempt.to_string())
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await
        .map_err(|e| send_failure(&host, &e))?;

    let status = response.status();
    let answer = read_answer(response).await;
    if status.is_success() {
        Ok(json!({
            "status": status.as_u16(),
            "response": excerpt(&answer, SUCCESS_EXCERPT_CHARS),
        }))
    } else {
        Err(refusal(status, &answer))
    }
}

/// The JSON body of one attempt.
fn envelope(
    schedule: &Schedule,
    run: &ScheduleRun,
    sent_at: DateTime<Utc>,
    payload: Value,
) -> Value {
    json!({
        "schedule": {
            "id": schedule.id,
            "name": schedule.spec.name,
            "kind": schedule.spec.kind,
        },
        "run": {
            "id": run.id,
            "scheduled_for": rfc3339(run.scheduled_for),
            "attempt": run.attempt,
            "trigger": run.trigger,
        },
        "sent_at": rfc3339(sent_at),
        "requires_approval": schedule.spec.requires_approval,
        "payload": payload,
    })
}

fn rfc3339(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The id shared by every attempt at one fire.
fn delivery_id(schedule: &Schedule, run: &ScheduleRun) -> String {
    format!("{}-{}", schedule.id, run.scheduled_for.timestamp_millis())
}

/// `sha256=` + lowercase hex HMAC-SHA256 of `"<timestamp>.<body>"` under the key's text.
fn sign(key: &SecretString, timestamp: i64, body: &[u8]) -> Result<String, JobError> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.expose_secret().as_bytes())
        .map_err(|_| JobError::new("the webhook signing key cannot be used for HMAC"))?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Ok(format!(
        "sha256={}",
        hex::encode(mac.finalize().into_bytes())
    ))
}

/// The host (and port, when given) a URL points at: what error messages name.
fn host_of(url: &Url) -> String {
    let host = url.host_str().unwrap_or("(no host)");
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// Up to [`MAX_ANSWER_BYTES`] of the answer's body, as text.
async fn read_answer(mut response: reqwest::Response) -> String {
    let mut bytes = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                bytes.extend_from_slice(&chunk);
                if bytes.len() >= MAX_ANSWER_BYTES {
                    break;
                }
            }
            Ok(None) => break,
            Err(error) if bytes.is_empty() => {
                return format!("(the answer could not be read: {})", causes(&error));
            }
            Err(_) => break,
        }
    }
    bytes.truncate(MAX_ANSWER_BYTES);
    String::from_utf8_lossy(&bytes).into_owned()
}

fn excerpt(answer: &str, chars: usize) -> String {
    answer.trim().chars().take(chars).collect()
}

/// The run's error for an answer outside 2xx.
fn refusal(status: StatusCode, answer: &str) -> JobError {
    let mut message = format!("the receiver answered {status}");
    let quoted = excerpt(answer, FAILURE_EXCERPT_CHARS);
    if !quoted.is_empty() {
        message.push_str(": ");
        message.push_str(&quoted);
    }
    if status.is_redirection() {
        message.push_str(
            " (redirects are not followed, so the signed body only goes to the URL you set; \
             set the schedule's URL to the new address)",
        );
    }
    JobError::new(message)
}

/// The run's error when no answer came: names the host and the cause, never the URL's path or
/// query, the headers or the key.
fn send_failure(host: &str, error: &reqwest::Error) -> JobError {
    let cause = causes(error);
    let message = if error.is_connect() && error.is_timeout() {
        format!(
            "could not connect to {host} within {} s",
            CONNECT_TIMEOUT.as_secs()
        )
    } else if error.is_timeout() {
        format!(
            "{host} did not answer within {} s",
            REQUEST_TIMEOUT.as_secs()
        )
    } else if error.is_connect() {
        format!("could not connect to {host}: {cause}")
    } else {
        format!("the request to {host} failed: {cause}")
    };
    JobError::new(message)
}

/// The chain of causes under a reqwest error, without the error's own text (which quotes the
/// whole URL).
fn causes(error: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string();
        // hyper's wrapper ("client error (Connect)") says nothing its causes do not.
        if !text.starts_with("client error (") && parts.last() != Some(&text) {
            parts.push(text);
        }
        source = cause.source();
    }
    if parts.is_empty() {
        "no further detail".to_owned()
    } else {
        parts.join(": ")
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use pilothouse_core::schedule::{JobKind, RunStatus, RunTrigger, ScheduleInput, ScheduleRun};

    use super::*;

    fn at(secs: i64, ms: u32) -> DateTime<Utc> {
        Utc.timestamp_opt(secs, ms * 1_000_000)
            .single()
            .unwrap_or(DateTime::UNIX_EPOCH)
    }

    fn fixture() -> (Schedule, ScheduleRun) {
        let mut input = ScheduleInput::cron("Open bell", JobKind::Webhook, "0 9 * * *", "UTC");
        input.params = json!({"url": "https://example.com/hook?token=t0ps3cret"});
        input.requires_approval = true;
        let spec = input.check().expect("a valid schedule");
        let schedule = Schedule {
            id: 7,
            spec,
            created_at: at(1_795_000_000, 0),
            updated_at: at(1_795_000_000, 0),
        };
        let run = ScheduleRun {
            id: 42,
            schedule_id: 7,
            schedule_name: "Open bell".into(),
            kind: JobKind::Webhook,
            scheduled_for: at(1_795_512_600, 250),
            trigger: RunTrigger::Retry,
            attempt: 2,
            status: RunStatus::Running,
            started_at: None,
            finished_at: None,
            duration_ms: None,
            retry_at: None,
            result: None,
            error: None,
            host: "cli".into(),
        };
        (schedule, run)
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body_in_lowercase_hex() {
        // Computed independently: python3 -c "import hmac,hashlib;
        // print(hmac.new(b'whsec_test', b'1795512600.{\"hello\":\"world\"}',
        // hashlib.sha256).hexdigest())"
        let key = SecretString::from("whsec_test");
        let signature = sign(&key, 1_795_512_600, br#"{"hello":"world"}"#);
        assert_eq!(
            signature,
            Ok(
                "sha256=d6f0d9b7432d93f69b2f1fd57db385774491948e5a2f94d26886b6394298c274"
                    .to_owned()
            ),
            "receivers in any language must be able to recompute it"
        );
    }

    #[test]
    fn the_body_names_the_schedule_the_run_and_the_payload() {
        let (schedule, run) = fixture();
        let body = envelope(&schedule, &run, at(1_795_512_661, 0), json!({"desk": "fx"}));
        assert_eq!(
            body,
            json!({
                "schedule": {"id": 7, "name": "Open bell", "kind": "webhook"},
                "run": {
                    "id": 42,
                    "scheduled_for": "2026-11-24T09:30:00.250Z",
                    "attempt": 2,
                    "trigger": "retry",
                },
                "sent_at": "2026-11-24T09:31:01.000Z",
                "requires_approval": true,
                "payload": {"desk": "fx"},
            })
        );
    }

    #[test]
    fn the_delivery_id_depends_on_the_fire_not_the_attempt() {
        let (schedule, mut run) = fixture();
        let first = delivery_id(&schedule, &run);
        run.attempt = 3;
        run.id = 43;
        assert_eq!(delivery_id(&schedule, &run), first);
        assert_eq!(first, "7-1795512600250");
    }

    #[test]
    fn errors_name_the_host_but_not_the_path_or_query() {
        let url = Url::parse("https://user:pw@example.com:8443/hook?token=t0ps3cret")
            .expect("a valid URL");
        assert_eq!(host_of(&url), "example.com:8443");
        let refused = refusal(StatusCode::SERVICE_UNAVAILABLE, "  down for maintenance \n");
        assert_eq!(
            refused.to_string(),
            "the receiver answered 503 Service Unavailable: down for maintenance"
        );
        let moved = refusal(StatusCode::MOVED_PERMANENTLY, "");
        assert!(moved.to_string().contains("redirects are not followed"));
    }

    #[test]
    fn long_answers_are_cut_to_whole_characters() {
        let answer = "é".repeat(1_000);
        assert_eq!(excerpt(&answer, SUCCESS_EXCERPT_CHARS).chars().count(), 500);
    }
}
