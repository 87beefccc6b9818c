//! A webhook receiver for tests: a real HTTP server on 127.0.0.1 that records every request
//! (headers and exact body bytes), checks Pilothouse's signature the way a trader's receiver
//! would, and answers as a test tells it to — fail the next N requests, answer slowly — so a
//! test can prove what the `webhook` job really sends and how it takes a refusal.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// The path [`WebhookReceiver::url`] points at.
pub const HOOK_PATH: &str = "/hook";

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    pub method: Method,
    /// Path and query.
    pub uri: String,
    pub headers: HeaderMap,
    /// The body's exact bytes (what the signature covers).
    pub body: Bytes,
    /// Whether the signature matched the receiver's key; `None` when it was given no key.
    pub signature_valid: Option<bool>,
}

impl ReceivedRequest {
    /// A header's value, if present and text (names are case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> anyhow::Result<Value> {
        serde_json::from_slice(&self.body).context("the webhook body is not JSON")
    }

    /// Checks `X-Pilothouse-Signature` against `key`, as a receiver in any language would:
    /// `sha256=` + lowercase hex HMAC-SHA256(key text, "<X-Pilothouse-Timestamp>.<body>").
    pub fn verify_signature(&self, key: &str) -> anyhow::Result<()> {
        let timestamp = self
            .header("x-pilothouse-timestamp")
            .context("no X-Pilothouse-Timestamp header")?;
        let signature = self
            .header("x-pilothouse-signature")
            .context("no X-Pilothouse-Signature header")?;
        let hex_part = signature
            .strip_prefix("sha256=")
            .with_context(|| format!("`{signature}` does not start with sha256="))?;
        if !hex_part
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        {
            bail!("`{hex_part}` is not lowercase hex");
        }
        let expected = hex::decode(hex_part).context("the signature is not hex")?;
        mac(key, timestamp, &self.body)?
            .verify_slice(&expected)
            .map_err(|_| anyhow!("the signature does not match the timestamp and body"))
    }
}

/// `sha256=` + lowercase hex HMAC-SHA256 of `"<timestamp>.<body>"` under `key`.
pub fn signature_of(key: &str, timestamp: &str, body: &[u8]) -> anyhow::Result<String> {
    let mac = mac(key, timestamp, body)?;
    Ok(format!(
        "sha256={}",
        hex::encode(mac.finalize().into_bytes())
    ))
}

fn mac(key: &str, timestamp: &str, body: &[u8]) -> anyhow::Result<Hmac<Sha256>> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes())
        .map_err(|e| anyhow!("HMAC refused the key: {e}"))?;
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    Ok(mac)
}

/// How the receiver answers.
#[derive(Debug)]
struct Script {
    /// Requests still to fail, and with which status.
    failures_left: u32,
    failure_status: StatusCode,
    /// Sent as `Location` with those failures (to offer a redirect).
    location: Option<String>,
    /// Wait before answering.
    delay: Duration,
    /// When set, requests with a bad signature get 401.
    key: Option<String>,
}

#[derive(Debug)]
struct Shared {
    requests: Mutex<Vec<ReceivedRequest>>,
    script: Mutex<Script>,
    arrived: Notify,
}

/// A running receiver; stops when dropped.
#[derive(Debug)]
pub struct WebhookReceiver {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl WebhookReceiver {
    /// Starts a receiver on a free port of 127.0.0.1 that answers 200 to everything.
    pub async fn start() -> anyhow::Result<Self> {
        let shared = Arc::new(Shared {
            requests: Mutex::new(Vec::new()),
            script: Mutex::new(Script {
                failures_left: 0,
                failure_status: StatusCode::SERVICE_UNAVAILABLE,
                location: None,
                delay: Duration::ZERO,
                key: None,
            }),
            arrived: Notify::new(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .context("binding the webhook receiver")?;
        let addr = listener
            .local_addr()
            .context("reading the receiver's port")?;
        let router = Router::new().fallback(receive).with_state(shared.clone());
        let server = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                eprintln!("the test webhook receiver stopped: {error}");
            }
        });
        Ok(Self {
            addr,
            shared,
            server,
        })
    }

    /// The URL to give a webhook schedule.
    pub fn url(&self) -> String {
        format!("http://{}{HOOK_PATH}", self.addr)
    }

    /// Where the receiver listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request so far, oldest first.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Answers the next `count` requests with `status` (e.g. 503) instead of 200.
    pub fn fail_next(&self, count: u32, status: u16) -> anyhow::Result<()> {
        let status = StatusCode::from_u16(status).context("not an HTTP status")?;
        let mut script = lock(&self.shared.script);
        script.failures_left = count;
        script.failure_status = status;
        script.location = None;
        Ok(())
    }

    /// Answers the next `count` requests with `307 Temporary Redirect` to `location`.
    pub fn redirect_next(&self, count: u32, location: &str) {
        let mut script = lock(&self.shared.script);
        script.failures_left = count;
        script.failure_status = StatusCode::TEMPORARY_REDIRECT;
        script.location = Some(location.to_owned());
    }

    /// Waits `by` before answering each request from now on.
    pub fn delay_answers(&self, by: Duration) {
        lock(&self.shared.script).delay = by;
    }

    /// Checks every request's signature against `key`, answering 401 to a bad one (and
    /// recording whether it matched in [`ReceivedRequest::signature_valid`]).
    pub fn require_key(&self, key: &str) {
        lock(&self.shared.script).key = Some(key.to_owned());
    }

    /// Waits up to `within` until at least `count` requests have arrived, and returns them.
    pub async fn wait_for(
        &self,
        count: usize,
        within: Duration,
    ) -> anyhow::Result<Vec<ReceivedRequest>> {
        tokio::time::timeout(within, async {
            loop {
                let notified = self.shared.arrived.notified();
                let requests = self.requests();
                if requests.len() >= count {
                    return requests;
                }
                notified.await;
            }
        })
        .await
        .with_context(|| {
            format!(
                "waiting for {count} webhook requests; {} arrived",
                self.requests().len()
            )
        })
    }
}

impl Drop for WebhookReceiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn receive(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut request = ReceivedRequest {
        method,
        uri: uri.to_string(),
        headers,
        body,
        signature_valid: None,
    };
    let (fail, location, delay) = {
        let mut script = lock(&shared.script);
        if let Some(key) = &script.key {
            request.signature_valid = Some(request.verify_signature(key).is_ok());
        }
        let fail = (script.failures_left > 0).then_some(script.failure_status);
        script.failures_left = script.failures_left.saturating_sub(1);
        (fail, script.location.clone(), script.delay)
    };
    let signature_valid = request.signature_valid;
    let count = {
        let mut requests = lock(&shared.requests);
        requests.push(request);
        requests.len()
    };
    shared.arrived.notify_waiters();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if let Some(status) = fail {
        let mut response =
            (status, "the test receiver was told to fail this request").into_response();
        if let Some(location) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    if signature_valid == Some(false) {
        return (StatusCode::UNAUTHORIZED, "the signature does not match").into_response();
    }
    (StatusCode::OK, format!("{{\"received\":{count}}}")).into_response()
}
