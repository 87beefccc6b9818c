//! The HTTP side of the fake: a real server on 127.0.0.1 that records every request, applies
//! the faults a test scheduled, charges request weight, checks security and runs the endpoint,
//! in that order, so the adapter under test talks to it exactly as it would to Binance.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use anyhow::Context;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use chrono::{DateTime, TimeDelta, Utc};
use pilothouse_app::core::{Clock, LiveClock};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::auth::{self, ApiKey, SignedRequest};
use super::errors::ApiError;
use super::faults::{Fault, Faults};
use super::market::Market;
use super::orders::Exchange;
use super::params::Params;
use super::routes::{Call, Route};
use super::weight::{Admission, WeightLimiter};
use super::{Venue, WEIGHT_HEADER};

/// One request as it arrived, for assertions.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: Method,
    pub path: String,
    /// The raw query string (what a signature covers), without `?`.
    pub query: String,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The server's clock when it arrived.
    pub server_time: DateTime<Utc>,
}

impl RecordedRequest {
    /// A header's value, if present and text (names are case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A parameter's decoded value, from the query string or else the form body.
    pub fn param(&self, name: &str) -> Option<String> {
        Params::parse(&self.query, &self.body)
            .get(name)
            .map(str::to_owned)
    }
}

/// The server's notion of "now": a clock, plus a skew a test adds to disagree with clients.
#[derive(Debug, Clone)]
pub(crate) struct ServerClock {
    pub clock: Arc<dyn Clock>,
    pub skew: TimeDelta,
}

/// Weight limiters of the two hosts (api.binance.com and fapi.binance.com).
#[derive(Debug)]
pub(crate) struct Limits {
    pub spot: WeightLimiter,
    pub futures: WeightLimiter,
}

impl Limits {
    pub fn of(&mut self, venue: Venue) -> &mut WeightLimiter {
        match venue {
            Venue::Spot => &mut self.spot,
            Venue::UsdMFutures => &mut self.futures,
        }
    }
}

/// Everything the server and the test's handle share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub clock: Mutex<ServerClock>,
    pub keys: Mutex<HashMap<String, ApiKey>>,
    pub exchange: Mutex<Exchange>,
    pub limits: Mutex<Limits>,
    pub faults: Mutex<Faults>,
    pub requests: Mutex<Vec<RecordedRequest>>,
    /// Set when the handle is dropped, to release requests held by [`Fault::Hang`].
    pub shutdown: watch::Sender<bool>,
}

impl Shared {
    pub fn now(&self) -> DateTime<Utc> {
        let clock = lock(&self.clock);
        clock.clock.now() + clock.skew
    }

    pub fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running fake Binance (spot under `/api/v3`, USD-M futures under `/fapi`); stops when
/// dropped. See the module docs for what it simulates.
#[derive(Debug)]
pub struct FakeBinance {
    pub(crate) addr: SocketAddr,
    pub(crate) shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl FakeBinance {
    /// Starts a fake on a free port of 127.0.0.1 whose clock is the wall clock.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with_clock(Arc::new(LiveClock)).await
    }

    /// Starts a fake whose server time comes from `clock` (a `ManualClock` in most tests).
    pub async fn start_with_clock(clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let shared = Arc::new(Shared {
            clock: Mutex::new(ServerClock {
                clock,
                skew: TimeDelta::zero(),
            }),
            keys: Mutex::new(HashMap::new()),
            exchange: Mutex::new(Exchange::new(Market::load()?)),
            limits: Mutex::new(Limits {
                spot: WeightLimiter::new(6_000),
                futures: WeightLimiter::new(2_400),
            }),
            faults: Mutex::new(Faults::default()),
            requests: Mutex::new(Vec::new()),
            shutdown: watch::channel(false).0,
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .context("binding the fake Binance server")?;
        let addr = listener.local_addr().context("reading the fake's port")?;
        let router = Router::new().fallback(answer).with_state(shared.clone());
        let server = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                eprintln!("the fake Binance server stopped: {error}");
            }
        });
        Ok(Self {
            addr,
            shared,
            server,
        })
    }
}

impl Drop for FakeBinance {
    fn drop(&mut self) {
        self.shared.shutdown.send_replace(true);
        self.server.abort();
    }
}

/// An answer before it becomes a `Response`.
#[derive(Debug)]
struct Reply {
    status: StatusCode,
    body: String,
    content_type: &'static str,
    headers: Vec<(HeaderName, String)>,
}

impl Reply {
    fn json(status: StatusCode, body: String) -> Self {
        Self {
            status,
            body,
            content_type: "application/json;charset=UTF-8",
            headers: Vec::new(),
        }
    }

    fn error(error: &ApiError) -> Self {
        Self::json(error.status, error.body())
    }

    fn with(mut self, name: HeaderName, value: impl ToString) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    fn into_response(self) -> Response {
        let mut response = Response::new(Body::from(self.body));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        }
        response
    }
}

async fn answer(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    let query = uri.query().unwrap_or_default().to_owned();
    lock(&shared.requests).push(RecordedRequest {
        method: method.clone(),
        path: path.clone(),
        query: query.clone(),
        headers: headers.clone(),
        body: body.clone(),
        server_time: shared.now(),
    });
    let fault = lock(&shared.faults).take(&method, &path);
    match fault {
        Some(Fault::Slow { delay }) => tokio::time::sleep(delay).await,
        Some(Fault::Hang) => {
            let mut stop = shared.shutdown.subscribe();
            let _stopped = stop.wait_for(|stop| *stop).await;
            return Reply::json(StatusCode::SERVICE_UNAVAILABLE, String::new()).into_response();
        }
        Some(ref f) if !f.processes_request() => return refuse(&shared, f, &path).into_response(),
        _ => {}
    }
    let reply = process(&shared, &method, &path, &query, &headers, &body);
    match fault {
        Some(Fault::UnknownOutcome { status }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::REQUEST_TIMEOUT);
            let mut unknown = Reply::error(&ApiError::backend_timeout(status));
            unknown.headers = reply.headers;
            unknown.into_response()
        }
        Some(Fault::MalformedJson) => {
            let cut = reply.body.len() / 2;
            let body = reply.body.get(..cut).unwrap_or("{").to_owned();
            Reply { body, ..reply }.into_response()
        }
        _ => reply.into_response(),
    }
}

/// The answer to a request a fault stops before the exchange.
fn refuse(shared: &Shared, fault: &Fault, path: &str) -> Reply {
    let venue = if path.starts_with("/fapi") {
        Venue::UsdMFutures
    } else {
        Venue::Spot
    };
    let secs = |d: std::time::Duration| d.as_secs() + u64::from(d.subsec_nanos() > 0);
    match fault {
        Fault::RateLimited { retry_after } => {
            let limit = lock(&shared.limits).of(venue).limit;
            Reply::error(&ApiError::too_much_weight(limit))
                .with(header::RETRY_AFTER, secs(*retry_after))
        }
        Fault::Banned { retry_after } => {
            let until = shared.now_ms() + i64::try_from(retry_after.as_millis()).unwrap_or(0);
            Reply::error(&ApiError::banned_until(until))
                .with(header::RETRY_AFTER, secs(*retry_after))
        }
        Fault::ServerError { status: 500 } => Reply::error(&ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            -1001,
            "Internal error; unable to process your request. Please try again.",
        )),
        Fault::ServerError { status: 503 } => Reply::error(&ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            -1008,
            "Server is currently overloaded with other requests. Please try again in a few minutes.",
        )),
        Fault::ServerError { status } => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_GATEWAY);
            let page = format!("<html><body><h1>{status}</h1></body></html>");
            Reply {
                content_type: "text/html",
                ..Reply::json(status, page)
            }
        }
        _ => Reply::json(StatusCode::INTERNAL_SERVER_ERROR, String::new()),
    }
}

/// Weight, security, then the endpoint itself.
fn process(
    shared: &Shared,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Reply {
    let Some(route) = Route::find(method, path) else {
        return Reply::json(StatusCode::NOT_FOUND, String::new());
    };
    let params = Params::parse(query, body);
    let now_ms = shared.now_ms();
    let venue = route.venue();
    let (admission, weight_limit) = {
        let mut limits = lock(&shared.limits);
        let limiter = limits.of(venue);
        (limiter.admit(route.weight(&params), now_ms), limiter.limit)
    };
    let weight = HeaderName::from_static(WEIGHT_HEADER);
    let used = match admission {
        Admission::Admitted { used } => used,
        Admission::Throttled {
            used,
            retry_after_secs,
        } => {
            return Reply::error(&ApiError::too_much_weight(weight_limit))
                .with(weight, used)
                .with(header::RETRY_AFTER, retry_after_secs);
        }
        Admission::Banned {
            used,
            until_ms,
            retry_after_secs,
        } => {
            return Reply::error(&ApiError::banned_until(until_ms))
                .with(weight, used)
                .with(header::RETRY_AFTER, retry_after_secs);
        }
    };
    let raw_body = String::from_utf8_lossy(body);
    let signed = SignedRequest {
        headers,
        raw_query: query,
        raw_body: &raw_body,
        params: &params,
        server_time_ms: now_ms,
    };
    let key = auth::authenticate(&lock(&shared.keys), &signed, venue, route.security());
    let result = key.and_then(|key| {
        let call = Call {
            params: &params,
            now_ms,
            key: key.as_ref(),
            weight_limit,
        };
        route.respond(&mut lock(&shared.exchange), &call)
    });
    let reply = match result {
        Ok(value) => Reply::json(StatusCode::OK, value.to_string()),
        Err(error) => Reply::error(&error),
    };
    reply.with(weight, used)
}
