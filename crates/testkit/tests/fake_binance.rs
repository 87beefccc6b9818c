#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The fake Binance behaves like Binance where adapters depend on it: signatures, recvWindow,
//! klines from the fixtures, fills and balances, refusals, injected faults and request weight.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use pilothouse_app::core::{Clock, ManualClock};
use pilothouse_testkit::binance::{
    FakeBinance, KeyPermissions, OrderStatus, Venue, WEIGHT_HEADER, sign,
};
use pilothouse_testkit::t0;
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::Value;

const KEY: &str = "pilothouseTestKey0000000000000000000000000000000000000000000000001";
const SECRET: &str = "pilothouse-test-secret";
/// Binance's documented example key pair.
const DOCS_KEY: &str = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
const DOCS_SECRET: &str = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
const DOCS_QUERY: &str = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
const DOCS_SIGNATURE: &str = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// One answer, read whole.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    fn code(&self) -> i64 {
        self.json()["code"].as_i64().unwrap_or(0)
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }

    fn weight(&self) -> u32 {
        self.header(WEIGHT_HEADER).unwrap().parse().unwrap()
    }
}

/// A test client that signs with the same manual clock the server runs on.
struct Client {
    http: reqwest::Client,
    base: String,
    clock: ManualClock,
}

impl Client {
    fn new(binance: &FakeBinance, clock: &ManualClock) -> Self {
        Self::with_timeout(binance, clock, Duration::from_secs(10))
    }

    fn with_timeout(binance: &FakeBinance, clock: &ManualClock, timeout: Duration) -> Self {
        Self {
            http: reqwest::Client::builder().timeout(timeout).build().unwrap(),
            base: binance.base_url(),
            clock: clock.clone(),
        }
    }

    async fn send(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<String>,
    ) -> reqwest::Result<Reply> {
        let mut request = self
            .http
            .request(method, format!("{}{path_and_query}", self.base))
            .header("X-MBX-APIKEY", KEY);
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await?;
        Ok(Reply {
            status,
            headers,
            text,
        })
    }

    async fn get(&self, path_and_query: &str) -> Reply {
        self.send(Method::GET, path_and_query, None).await.unwrap()
    }

    /// `params` + `timestamp` (from the shared clock), signed, in the query string.
    async fn signed(&self, method: Method, path: &str, params: &str) -> Reply {
        let timestamp = self.clock.now().timestamp_millis();
        let payload = if params.is_empty() {
            format!("timestamp={timestamp}")
        } else {
            format!("{params}&timestamp={timestamp}")
        };
        let query = format!("{payload}&signature={}", sign(SECRET, &payload));
        self.send(method, &format!("{path}?{query}"), None)
            .await
            .unwrap()
    }
}

/// A fake on a manual clock at t0 (a minute boundary), with a trading key and a client.
async fn start() -> (FakeBinance, ManualClock, Client) {
    let clock = ManualClock::new(t0());
    let binance = FakeBinance::start_with_clock(Arc::new(clock.clone()))
        .await
        .unwrap();
    binance.add_key(KEY, SECRET, KeyPermissions::TRADING);
    let client = Client::new(&binance, &clock);
    (binance, clock, client)
}

fn at_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap()
}

#[tokio::test]
async fn the_docs_signature_vector_passes_security_and_any_other_signature_gets_1022() {
    let clock = ManualClock::new(at_ms(1_499_827_319_559 + 400));
    let binance = FakeBinance::start_with_clock(Arc::new(clock.clone()))
        .await
        .unwrap();
    binance.add_key(DOCS_KEY, DOCS_SECRET, KeyPermissions::TRADING);
    let http = reqwest::Client::new();
    let post = |query: String, body: Option<&'static str>| {
        let mut request = http
            .post(format!("{}/api/v3/order?{query}", binance.base_url()))
            .header("X-MBX-APIKEY", DOCS_KEY);
        if let Some(body) = body {
            request = request.body(body);
        }
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let json: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
            (status, json["code"].as_i64().unwrap())
        }
    };

    let accepted = post(format!("{DOCS_QUERY}&signature={DOCS_SIGNATURE}"), None).await;
    assert_eq!(
        accepted,
        (400, -1121),
        "the docs vector must pass security and reach order validation (LTCBTC is not listed)"
    );
    let tampered = DOCS_QUERY.replace("quantity=1", "quantity=2");
    assert_eq!(
        post(format!("{tampered}&signature={DOCS_SIGNATURE}"), None).await,
        (400, -1022),
        "a payload changed after signing must be refused"
    );
    let mistyped = "c8db56825ae71d6d79447849e617115f4a920fa2acdcadb9c9ed1f2f6d7d9b7d";
    assert_eq!(
        post(format!("{DOCS_QUERY}&signature={mistyped}"), None).await,
        (400, -1022),
        "a signature that only looks like the docs one must be refused"
    );
    let mixed = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC".to_owned()
        + "&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77";
    assert_eq!(
        post(
            mixed,
            Some("quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
        )
        .await,
        (400, -1121),
        "docs example 3: the signature covers the query string then the body, unjoined"
    );
}

#[tokio::test]
async fn a_server_clock_skewed_past_recv_window_refuses_signed_requests_with_1021() {
    let (binance, clock, client) = start().await;
    binance.skew_clock(TimeDelta::seconds(6));
    let time = client.get("/api/v3/time").await.json();
    assert_eq!(
        time["serverTime"].as_i64(),
        Some((clock.now() + TimeDelta::seconds(6)).timestamp_millis()),
        "`time` must report the skewed clock, which is how a client learns the offset"
    );
    let late = client.signed(Method::GET, "/api/v3/account", "").await;
    assert_eq!(
        (late.status, late.code()),
        (400, -1021),
        "6 s behind > default 5000 ms"
    );
    assert!(
        late.text.contains("outside of the recvWindow"),
        "{}",
        late.text
    );
    let widened = client
        .signed(Method::GET, "/api/v3/account", "recvWindow=10000")
        .await;
    assert_eq!(
        widened.status, 200,
        "a 10 s recvWindow covers a 6 s lag: {}",
        widened.text
    );
    let too_wide = client
        .signed(Method::GET, "/api/v3/account", "recvWindow=60001")
        .await;
    assert_eq!(too_wide.code(), -1131, "recvWindow cannot exceed 60000");

    binance.skew_clock(TimeDelta::seconds(-2));
    let early = client.signed(Method::GET, "/api/v3/account", "").await;
    assert_eq!(
        early.code(),
        -1021,
        "a client 2 s ahead of the server is refused"
    );
    assert!(early.text.contains("1000ms ahead"), "{}", early.text);
}

#[tokio::test]
async fn klines_come_from_the_fixture_in_binance_format_with_times_and_limits() {
    let (_binance, _clock, client) = start().await;
    let first = "/api/v3/klines?symbol=ETHBTC&interval=5m&startTime=1515560100000&limit=3";
    let reply = client.get(first).await;
    assert_eq!(reply.weight(), 2, "spot klines weigh 2");
    let rows = reply.json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3, "limit caps the rows");
    let row = rows[0].as_array().unwrap();
    assert_eq!(row.len(), 12, "Binance's kline array has 12 fields");
    assert_eq!(row[0], 1_515_560_100_000_i64, "open time is the fixture's");
    assert_eq!(row[1], "0.09840000", "open, 8 decimals as a string");
    assert_eq!(row[2], "0.09947660");
    assert_eq!(row[3], "0.09828605");
    assert_eq!(row[4], "0.09947660");
    assert_eq!(row[5], "1820.54447400");
    assert_eq!(
        row[6], 1_515_560_399_999_i64,
        "close time = open + 5 min - 1 ms"
    );
    assert!(
        row[7].as_str().unwrap().parse::<Decimal>().is_ok(),
        "quote volume is a decimal string"
    );
    assert_eq!((row[8].as_i64(), &row[11]), (Some(0), &Value::from("0")));
    assert_eq!(
        rows[2][0], 1_515_560_700_000_i64,
        "rows are consecutive candles"
    );

    let latest = client
        .get("/api/v3/klines?symbol=ETHBTC&interval=5m")
        .await
        .json();
    let latest = latest.as_array().unwrap();
    assert_eq!(latest.len(), 500, "the default limit is 500");
    assert_eq!(
        latest[499][0], 1_517_287_800_000_i64,
        "the newest is the fixture's last candle"
    );

    let hourly = client
        .get("/api/v3/klines?symbol=ETHBTC&interval=1h&startTime=0&limit=2")
        .await
        .json();
    assert_eq!(
        hourly[0][0], 1_515_556_800_000_i64,
        "1h buckets align to the UTC hour"
    );
    assert_eq!(hourly[0][6], 1_515_560_399_999_i64);
    assert_eq!(
        hourly[1][1], "0.09946999",
        "a bucket opens at its first 5m candle's open"
    );

    let smaller = client.get("/api/v3/klines?symbol=ETHBTC&interval=1m").await;
    assert_eq!(
        smaller.code(),
        -1120,
        "an interval finer than the fixture cannot be served"
    );
    let over = client
        .get("/api/v3/klines?symbol=ETHBTC&interval=5m&limit=1001")
        .await;
    assert_eq!(over.code(), -1130, "spot allows at most 1000");
    let unknown = client
        .get("/api/v3/klines?symbol=BTCUSDT&interval=5m")
        .await;
    assert_eq!(unknown.code(), -1121, "an unlisted symbol is invalid");

    let futures = client
        .get("/fapi/v1/klines?symbol=XRPUSDT&interval=5m&limit=1500")
        .await;
    assert_eq!(
        futures.weight(),
        10,
        "futures klines over 1000 rows weigh 10"
    );
    let futures = futures.json();
    assert_eq!(
        futures.as_array().unwrap().len(),
        1500,
        "futures allow 1500"
    );
    assert_eq!(futures[1499][0], 1_637_533_800_000_i64);
    assert_eq!(
        futures[1499][4], "1.0713",
        "futures prices use pricePrecision 4"
    );
}

#[tokio::test]
async fn a_market_buy_fills_at_the_current_close_with_fills_commission_and_balance_changes() {
    let (binance, _clock, client) = start().await;
    binance.set_balance("BTC", dec("1"));
    let close = binance.price("ETHBTC").unwrap();
    assert_eq!(
        close,
        dec("0.10441057"),
        "by default the market is at the fixture's last close"
    );

    let params = "symbol=ETHBTC&side=BUY&type=MARKET&quantity=0.5&newClientOrderId=ph-buy-1";
    let order = client.signed(Method::POST, "/api/v3/order", params).await;
    assert_eq!(order.status, 200, "{}", order.text);
    let order = order.json();
    assert_eq!(order["status"], "FILLED");
    assert_eq!(order["clientOrderId"], "ph-buy-1");
    assert_eq!(order["executedQty"], "0.50000000");
    let fill = &order["fills"][0];
    assert_eq!(
        fill["price"], "0.10441057",
        "MARKET fills at the current close"
    );
    assert_eq!(fill["qty"], "0.50000000");
    assert_eq!(fill["commission"], "0.00050000", "0.1 % of the bought ETH");
    assert_eq!(fill["commissionAsset"], "ETH");

    let spent = dec(order["cummulativeQuoteQty"].as_str().unwrap());
    assert_eq!(spent, dec("0.05220529"), "0.5 × 0.10441057, to 8 decimals");
    assert_eq!(
        binance.balance("BTC").free,
        dec("1") - spent,
        "the quote paid leaves BTC"
    );
    assert_eq!(
        binance.balance("ETH").free,
        dec("0.4995"),
        "bought minus commission"
    );

    let account = client
        .signed(Method::GET, "/api/v3/account", "omitZeroBalances=true")
        .await;
    let balances = account.json()["balances"].clone();
    let eth = balances
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["asset"] == "ETH")
        .unwrap();
    assert_eq!(
        eth["free"], "0.49950000",
        "the account endpoint shows the same balance"
    );
    assert_eq!(
        account.json()["canWithdraw"],
        true,
        "a real account can withdraw by default"
    );
}

#[tokio::test]
async fn an_order_beyond_the_free_balance_is_refused_with_2010_and_changes_nothing() {
    let (binance, _clock, client) = start().await;
    binance.set_balance("BTC", dec("0.01"));
    let buy = "symbol=ETHBTC&side=BUY&type=MARKET&quantity=1";
    let refused = client.signed(Method::POST, "/api/v3/order", buy).await;
    assert_eq!(
        (refused.status, refused.code()),
        (400, -2010),
        "1 ETH costs ~0.104 BTC"
    );
    assert_eq!(
        refused.json()["msg"],
        "Account has insufficient balance for requested action."
    );
    let sell = "symbol=ETHBTC&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2";
    let refused = client.signed(Method::POST, "/api/v3/order", sell).await;
    assert_eq!(refused.code(), -2010, "no ETH to sell");
    assert_eq!(
        binance.balance("BTC").free,
        dec("0.01"),
        "a refusal moves no funds"
    );
    assert!(
        binance.orders().is_empty(),
        "a refused order does not exist"
    );
}

#[tokio::test]
async fn orders_breaking_the_symbol_filters_are_refused_with_binances_codes() {
    let (binance, _clock, client) = start().await;
    binance.set_balance("BTC", dec("10"));
    let limit = |qty: &str, price: &str| {
        format!("symbol=ETHBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity={qty}&price={price}")
    };
    let cases = [
        (
            limit("1", "0.100005"),
            -1013,
            "Filter failure: PRICE_FILTER",
        ),
        (limit("0.00005", "0.1"), -1013, "Filter failure: LOT_SIZE"),
        (limit("0.00015", "0.1"), -1013, "Filter failure: LOT_SIZE"),
        (limit("0.0001", "0.1"), -1013, "Filter failure: NOTIONAL"),
        (
            limit("1.000000001", "0.1"),
            -1111,
            "Parameter 'quantity' has too much precision.",
        ),
        (
            limit("1", "1e-1"),
            -1100,
            "Illegal characters found in parameter 'price'",
        ),
        (
            "symbol=ETHBTC&side=BUY&type=LIMIT&quantity=1&price=0.1".to_owned(),
            -1102,
            "timeInForce",
        ),
        (
            "symbol=ETHBTC&side=BUY&type=STOP&quantity=1".to_owned(),
            -1116,
            "Invalid orderType.",
        ),
    ];
    for (params, code, msg) in cases {
        let reply = client.signed(Method::POST, "/api/v3/order", &params).await;
        assert_eq!(reply.code(), code, "{params} → {}", reply.text);
        assert!(
            reply.json()["msg"].as_str().unwrap().contains(msg),
            "{}",
            reply.text
        );
    }
    let info = client
        .get("/api/v3/exchangeInfo?symbol=ETHBTC")
        .await
        .json();
    let filters = &info["symbols"][0]["filters"];
    assert_eq!(
        filters[0]["tickSize"], "0.00001000",
        "the rules refused above are published"
    );
    assert_eq!(filters[1]["stepSize"], "0.00010000");
    let futures = client.get("/fapi/v1/exchangeInfo").await.json();
    let xrp = &futures["symbols"][0];
    assert_eq!(
        (&xrp["symbol"], &xrp["pricePrecision"]),
        (&Value::from("XRPUSDT"), &Value::from(4))
    );
    assert_eq!(xrp["filters"][4]["notional"], "5", "USD-M MIN_NOTIONAL");
    let unlisted = client.get("/api/v3/exchangeInfo?symbol=FOOBAR").await;
    assert_eq!(unlisted.code(), -1121);
}

#[tokio::test]
async fn a_limit_order_rests_with_funds_locked_until_filled_or_cancelled() {
    let (binance, _clock, client) = start().await;
    binance.set_balance("BTC", dec("1"));
    let rest = "symbol=ETHBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=2&price=0.1&newClientOrderId=ph-rest";
    let placed = client
        .signed(Method::POST, "/api/v3/order", rest)
        .await
        .json();
    assert_eq!(
        placed["status"], "NEW",
        "below the market, a LIMIT buy rests"
    );
    assert_eq!(
        binance.balance("BTC").locked,
        dec("0.2"),
        "2 × 0.1 BTC is locked"
    );
    let before = binance.used_weight(Venue::Spot);
    let open = client
        .signed(Method::GET, "/api/v3/openOrders", "symbol=ETHBTC")
        .await;
    assert_eq!(
        open.weight() - before,
        6,
        "openOrders for one symbol weighs 6"
    );
    assert_eq!(open.json()[0]["clientOrderId"], "ph-rest");
    let again = client.signed(Method::POST, "/api/v3/order", rest).await;
    assert_eq!(
        again.code(),
        -2010,
        "a client order id in use on an open order is a duplicate"
    );

    let filled = binance.fill_order("ph-rest").unwrap();
    assert_eq!(filled.status, OrderStatus::Filled);
    let queried = client
        .signed(
            Method::GET,
            "/api/v3/order",
            "symbol=ETHBTC&origClientOrderId=ph-rest",
        )
        .await
        .json();
    assert_eq!(
        queried["status"], "FILLED",
        "the adapter sees the fill the test made"
    );
    assert_eq!(
        binance.balance("BTC"),
        pilothouse_testkit::binance::SpotBalance {
            free: dec("0.8"),
            locked: Decimal::ZERO
        }
    );
    assert_eq!(binance.balance("ETH").free, dec("1.998"));

    let other = "symbol=ETHBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.09&newClientOrderId=ph-cancel";
    client.signed(Method::POST, "/api/v3/order", other).await;
    let cancel = "symbol=ETHBTC&origClientOrderId=ph-cancel";
    let cancelled = client
        .signed(Method::DELETE, "/api/v3/order", cancel)
        .await
        .json();
    assert_eq!(cancelled["status"], "CANCELED");
    assert_eq!(cancelled["origClientOrderId"], "ph-cancel");
    assert_eq!(
        binance.balance("BTC").locked,
        Decimal::ZERO,
        "cancelling unlocks"
    );
    let twice = client.signed(Method::DELETE, "/api/v3/order", cancel).await;
    assert_eq!(twice.code(), -2011, "a closed order cannot be cancelled");
    let unknown = client
        .signed(
            Method::GET,
            "/api/v3/order",
            "symbol=ETHBTC&origClientOrderId=never",
        )
        .await;
    assert_eq!(unknown.code(), -2013, "an order that never existed");
}

#[tokio::test]
async fn moving_the_market_through_a_resting_limit_price_fills_it() {
    let (binance, _clock, client) = start().await;
    binance.set_balance("BTC", dec("1"));
    binance
        .set_market_time("ETHBTC", at_ms(1_515_560_100_000))
        .unwrap();
    assert_eq!(binance.price("ETHBTC").unwrap(), dec("0.0994766"));
    let buy = "symbol=ETHBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.099&newClientOrderId=ph-dip";
    let placed = client
        .signed(Method::POST, "/api/v3/order", buy)
        .await
        .json();
    assert_eq!(placed["status"], "NEW");
    binance.advance_market("ETHBTC", 1).unwrap();
    let order = binance.order("ph-dip").unwrap();
    assert_eq!(
        order.status,
        OrderStatus::Filled,
        "the next candle's low is 0.099"
    );
    assert_eq!(
        order.fills[0].price,
        dec("0.099"),
        "a resting order fills at its own price"
    );
    let latest = client
        .get("/api/v3/klines?symbol=ETHBTC&interval=5m&limit=1")
        .await
        .json();
    assert_eq!(
        latest[0][0], 1_515_560_400_000_i64,
        "klines end at the market's current candle"
    );
}

#[tokio::test]
async fn each_fault_hits_the_next_matching_request_once_then_the_server_is_healthy() {
    let (binance, _clock, client) = start().await;
    type Inject = fn(&FakeBinance);
    let cases: [(Inject, u16, Option<&str>); 6] = [
        (
            |b| b.rate_limit_next("/api/v3/time", 1, Duration::from_secs(7)),
            429,
            Some("7"),
        ),
        (
            |b| b.ban_next("/api/v3/time", 1, Duration::from_secs(120)),
            418,
            Some("120"),
        ),
        (|b| b.server_error_next("/api/v3/time", 1, 500), 500, None),
        (|b| b.server_error_next("/api/v3/time", 1, 502), 502, None),
        (|b| b.server_error_next("/api/v3/time", 1, 503), 503, None),
        (|b| b.malformed_json_next("/api/v3/time", 1), 200, None),
    ];
    for (inject, status, retry_after) in cases {
        inject(&binance);
        let other = client.get("/api/v3/ping").await;
        assert_eq!(other.status, 200, "a fault on /time leaves /ping alone");
        let faulted = client.get("/api/v3/time").await;
        assert_eq!(faulted.status, status, "{}", faulted.text);
        assert_eq!(faulted.header("retry-after").as_deref(), retry_after);
        if status == 200 {
            assert!(
                serde_json::from_str::<Value>(&faulted.text).is_err(),
                "malformed: `{}`",
                faulted.text
            );
        }
        let healthy = client.get("/api/v3/time").await;
        assert_eq!(healthy.status, 200, "the fault applies once");
        assert!(healthy.json()["serverTime"].is_i64());
    }
    assert_eq!(binance.pending_faults(), 0);
}

#[tokio::test]
async fn a_slow_answer_arrives_after_its_delay_and_a_hung_one_never_does() {
    let (binance, clock, client) = start().await;
    binance.slow_next("/api/v3/time", 1, Duration::from_millis(400));
    let mut slow = Box::pin(client.get("/api/v3/time"));
    assert!(
        tokio::time::timeout(Duration::from_millis(150), &mut slow)
            .await
            .is_err(),
        "the answer must not come before the delay"
    );
    assert_eq!(slow.await.status, 200, "but it does come");

    binance.hang_next("/api/v3/time", 1);
    let impatient = Client::with_timeout(&binance, &clock, Duration::from_millis(300));
    let hung = impatient.send(Method::GET, "/api/v3/time", None).await;
    assert!(
        hung.is_err_and(|e| e.is_timeout()),
        "only the client's timeout ends it"
    );
    assert_eq!(
        impatient.get("/api/v3/time").await.status,
        200,
        "the next request is answered"
    );
}

#[tokio::test]
async fn an_unknown_outcome_order_was_placed_and_is_queryable_by_orig_client_order_id() {
    let (binance, _clock, client) = start().await;
    binance.set_balance("BTC", dec("1"));
    binance.unknown_outcome_next(Method::POST, "/api/v3/order", 1);
    let params = "symbol=ETHBTC&side=BUY&type=MARKET&quantity=0.1&newClientOrderId=ph-unknown";
    let unknown = client.signed(Method::POST, "/api/v3/order", params).await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (408, -1007),
        "{}",
        unknown.text
    );
    assert!(unknown.text.contains("execution status unknown"));

    let looked_up = client
        .signed(
            Method::GET,
            "/api/v3/order",
            "symbol=ETHBTC&origClientOrderId=ph-unknown",
        )
        .await;
    assert_eq!(
        looked_up.status, 200,
        "the order exists although the answer said unknown"
    );
    assert_eq!(looked_up.json()["status"], "FILLED");
    assert!(
        binance.balance("BTC").free < dec("1"),
        "and it was paid for"
    );
    assert_eq!(binance.orders().len(), 1, "exactly one order was placed");
}

#[tokio::test]
async fn used_weight_is_reported_and_429_then_418_kick_in_over_the_limit() {
    let (binance, clock, client) = start().await;
    binance.set_weight_limit(Venue::Spot, 10);
    let klines = "/api/v3/klines?symbol=ETHBTC&interval=5m&limit=1";
    for expected in [2, 4, 6, 8, 10] {
        let reply = client.get(klines).await;
        assert_eq!(
            (reply.status, reply.weight()),
            (200, expected),
            "weight accumulates"
        );
    }
    for expected in [12, 14, 16] {
        let reply = client.get(klines).await;
        assert_eq!(reply.status, 429, "over the limit of 10");
        assert_eq!(reply.code(), -1003);
        assert_eq!(reply.weight(), expected, "refused requests still count");
        assert_eq!(
            reply.header("retry-after").as_deref(),
            Some("60"),
            "until the next minute"
        );
    }
    let banned = client.get(klines).await;
    assert_eq!(banned.status, 418, "ignoring three 429s gets the IP banned");
    assert_eq!(
        banned.header("retry-after").as_deref(),
        Some("120"),
        "first ban: 2 minutes"
    );
    assert!(banned.text.contains("IP banned until"), "{}", banned.text);

    clock.advance(TimeDelta::seconds(60));
    assert_eq!(
        client.get(klines).await.status,
        418,
        "a new minute does not lift a ban"
    );
    clock.advance(TimeDelta::seconds(60));
    let lifted = client.get(klines).await;
    assert_eq!(
        (lifted.status, lifted.weight()),
        (200, 2),
        "after the ban, a fresh window"
    );
    assert_eq!(
        binance.max_used_weight(Venue::Spot),
        18,
        "the busiest minute carried 18"
    );
    assert_eq!(
        binance.max_used_weight(Venue::UsdMFutures),
        0,
        "futures weight is separate"
    );
    assert_eq!(binance.request_count(), 11);
}

#[tokio::test]
async fn a_futures_market_order_opens_a_position_acks_new_and_charges_usdt_commission() {
    let (binance, _clock, client) = start().await;
    binance.set_futures_balance("USDT", dec("1000"));
    let leverage = client
        .signed(
            Method::POST,
            "/fapi/v1/leverage",
            "symbol=XRPUSDT&leverage=10",
        )
        .await;
    assert_eq!(leverage.json()["leverage"], 10, "{}", leverage.text);

    let buy = "symbol=XRPUSDT&side=BUY&type=MARKET&quantity=100&newClientOrderId=ph-long";
    let ack = client.signed(Method::POST, "/fapi/v1/order", buy).await;
    assert_eq!(
        ack.weight(),
        leverage.weight(),
        "futures orders add no IP weight (the header is the minute's total)"
    );
    let ack = ack.json();
    assert_eq!(
        ack["status"], "NEW",
        "futures ACK answers NEW although the order filled"
    );
    assert_eq!(ack["executedQty"], "0.0");
    let query = "symbol=XRPUSDT&origClientOrderId=ph-long";
    let filled = client
        .signed(Method::GET, "/fapi/v1/order", query)
        .await
        .json();
    assert_eq!(filled["status"], "FILLED", "querying reveals the fill");
    assert_eq!(filled["avgPrice"], "1.07130");

    let risk = client
        .signed(Method::GET, "/fapi/v2/positionRisk", "symbol=XRPUSDT")
        .await
        .json();
    assert_eq!(risk[0]["positionAmt"], "100");
    assert_eq!(risk[0]["entryPrice"], "1.07130000");
    assert_eq!(risk[0]["leverage"], "10");
    let commission = dec("100") * dec("1.0713") * dec("0.0005");
    assert_eq!(
        binance.futures_balance("USDT"),
        dec("1000") - commission,
        "taker 0.05 %"
    );

    let close =
        "symbol=XRPUSDT&side=SELL&type=MARKET&quantity=100&reduceOnly=true&newOrderRespType=RESULT";
    let closed = client
        .signed(Method::POST, "/fapi/v1/order", close)
        .await
        .json();
    assert_eq!(closed["status"], "FILLED", "RESULT shows the final state");
    assert_eq!(
        binance.position("XRPUSDT").amount,
        Decimal::ZERO,
        "flat again"
    );
    let more = client.signed(Method::POST, "/fapi/v1/order", close).await;
    assert_eq!(more.code(), -2022, "nothing left to reduce");

    binance.set_futures_balance("USDT", dec("1"));
    let big = "symbol=XRPUSDT&side=BUY&type=MARKET&quantity=1000";
    let refused = client.signed(Method::POST, "/fapi/v1/order", big).await;
    assert_eq!(
        refused.code(),
        -2019,
        "1000 XRP at 10× needs ~107 USDT of margin"
    );
    let before = binance.used_weight(Venue::UsdMFutures);
    let balance = client.signed(Method::GET, "/fapi/v2/balance", "").await;
    assert_eq!(balance.weight() - before, 5, "v2/balance weighs 5");
    assert_eq!(balance.json()[0]["asset"], "USDT");
}

#[tokio::test]
async fn keys_are_checked_for_format_existence_and_permission() {
    let (binance, _clock, client) = start().await;
    let reader = "readerKey000000000000000000000000000000000000000000000000000000001";
    binance.add_key(reader, SECRET, KeyPermissions::READ_ONLY);
    let http = reqwest::Client::new();
    let order = "symbol=ETHBTC&side=BUY&type=MARKET&quantity=1&timestamp=".to_owned()
        + &t0().timestamp_millis().to_string();
    let url = format!(
        "{}/api/v3/order?{order}&signature={}",
        binance.base_url(),
        sign(SECRET, &order)
    );
    let code = |request: reqwest::RequestBuilder| async move {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let json: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
        (status, json["code"].as_i64().unwrap())
    };
    assert_eq!(code(http.post(&url)).await, (401, -2014), "no key header");
    assert_eq!(
        code(http.post(&url).header("X-MBX-APIKEY", "bad key!")).await,
        (401, -2014)
    );
    assert_eq!(
        code(http.post(&url).header("X-MBX-APIKEY", "unknownKey")).await,
        (401, -2015)
    );
    assert_eq!(
        code(http.post(&url).header("X-MBX-APIKEY", reader)).await,
        (401, -2015),
        "a read-only key cannot trade"
    );
    let restrictions = client
        .signed(Method::GET, "/sapi/v1/account/apiRestrictions", "")
        .await
        .json();
    assert_eq!(restrictions["enableSpotAndMarginTrading"], true);
    assert_eq!(
        restrictions["enableWithdrawals"], false,
        "the trading key cannot withdraw"
    );
}
