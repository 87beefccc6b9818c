//! The endpoints the fake serves, each with its venue, security type and request weight as
//! Binance's docs list them (klines on futures weigh by `limit`), so an adapter's weight budget
//! is measured against the numbers the real exchange charges.

use axum::http::Method;
use serde_json::{Value, json};

use super::Venue;
use super::auth::{ApiKey, Security};
use super::errors::ApiError;
use super::market::kline_limit;
use super::orders::Exchange;
use super::params::Params;
use super::spot::api_restrictions;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    Ping(Venue),
    Time(Venue),
    ExchangeInfo(Venue),
    Klines(Venue),
    TickerPrice(Venue),
    NewOrder(Venue),
    QueryOrder(Venue),
    CancelOrder(Venue),
    OpenOrders(Venue),
    /// USD-M conditional orders (Algo Service): POST / GET / DELETE `algoOrder`.
    NewAlgoOrder,
    QueryAlgoOrder,
    CancelAlgoOrder,
    OpenAlgoOrders,
    /// `myTrades` on spot, `userTrades` on futures.
    AccountTrades(Venue),
    SpotAccount,
    ApiRestrictions,
    FuturesAccount,
    FuturesBalance,
    FuturesPositionRisk,
    FuturesLeverage,
}

/// What a handler gets besides the exchange.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    pub params: &'a Params,
    pub now_ms: i64,
    /// The authenticated key, for signed endpoints.
    pub key: Option<&'a ApiKey>,
    /// The venue's configured weight limit, published in `exchangeInfo`.
    pub weight_limit: u32,
}

impl Route {
    pub fn find(method: &Method, path: &str) -> Option<Self> {
        use Venue::{Spot, UsdMFutures as Futures};
        let (venue, name) = if let Some(name) = path.strip_prefix("/api/v3/") {
            (Spot, name)
        } else if let Some(name) = path.strip_prefix("/fapi/v1/") {
            (Futures, name)
        } else {
            return match (method.as_str(), path) {
                ("GET", "/fapi/v2/account") => Some(Self::FuturesAccount),
                ("GET", "/fapi/v2/balance") => Some(Self::FuturesBalance),
                ("GET", "/fapi/v2/positionRisk") => Some(Self::FuturesPositionRisk),
                ("GET", "/sapi/v1/account/apiRestrictions") => Some(Self::ApiRestrictions),
                _ => None,
            };
        };
        Some(match (method.as_str(), name, venue) {
            ("GET", "ping", _) => Self::Ping(venue),
            ("GET", "time", _) => Self::Time(venue),
            ("GET", "exchangeInfo", _) => Self::ExchangeInfo(venue),
            ("GET", "klines", _) => Self::Klines(venue),
            ("GET", "ticker/price", _) => Self::TickerPrice(venue),
            ("POST", "order", _) => Self::NewOrder(venue),
            ("GET", "order", _) => Self::QueryOrder(venue),
            ("DELETE", "order", _) => Self::CancelOrder(venue),
            ("GET", "openOrders", _) => Self::OpenOrders(venue),
            ("GET", "myTrades", Spot) => Self::AccountTrades(venue),
            ("GET", "userTrades", Futures) => Self::AccountTrades(venue),
            ("GET", "account", Spot) => Self::SpotAccount,
            ("POST", "leverage", Futures) => Self::FuturesLeverage,
            ("POST", "algoOrder", Futures) => Self::NewAlgoOrder,
            ("GET", "algoOrder", Futures) => Self::QueryAlgoOrder,
            ("DELETE", "algoOrder", Futures) => Self::CancelAlgoOrder,
            ("GET", "openAlgoOrders", Futures) => Self::OpenAlgoOrders,
            _ => return None,
        })
    }

    pub fn venue(self) -> Venue {
        match self {
            Self::Ping(v)
            | Self::Time(v)
            | Self::ExchangeInfo(v)
            | Self::Klines(v)
            | Self::TickerPrice(v)
            | Self::NewOrder(v)
            | Self::QueryOrder(v)
            | Self::CancelOrder(v)
            | Self::OpenOrders(v)
            | Self::AccountTrades(v) => v,
            Self::SpotAccount | Self::ApiRestrictions => Venue::Spot,
            Self::FuturesAccount
            | Self::FuturesBalance
            | Self::FuturesPositionRisk
            | Self::FuturesLeverage
            | Self::NewAlgoOrder
            | Self::QueryAlgoOrder
            | Self::CancelAlgoOrder
            | Self::OpenAlgoOrders => Venue::UsdMFutures,
        }
    }

    pub fn security(self) -> Security {
        match self {
            Self::Ping(_)
            | Self::Time(_)
            | Self::ExchangeInfo(_)
            | Self::Klines(_)
            | Self::TickerPrice(_) => Security::None,
            Self::NewOrder(_)
            | Self::CancelOrder(_)
            | Self::FuturesLeverage
            | Self::NewAlgoOrder
            | Self::CancelAlgoOrder => Security::Trade,
            Self::QueryOrder(_)
            | Self::OpenOrders(_)
            | Self::AccountTrades(_)
            | Self::SpotAccount
            | Self::ApiRestrictions
            | Self::FuturesAccount
            | Self::FuturesBalance
            | Self::FuturesPositionRisk
            | Self::QueryAlgoOrder
            | Self::OpenAlgoOrders => Security::UserData,
        }
    }

    /// The request weight Binance charges (IP limit, `X-MBX-USED-WEIGHT-1M`).
    pub fn weight(self, params: &Params) -> u32 {
        use Venue::{Spot, UsdMFutures as Futures};
        let one_symbol = params.has("symbol");
        match self {
            Self::Ping(_) | Self::Time(_) => 1,
            Self::ExchangeInfo(Spot) => 20,
            Self::ExchangeInfo(Futures) => 1,
            Self::Klines(Spot) => 2,
            Self::Klines(Futures) => match kline_limit(Futures, params).unwrap_or(500) {
                0..100 => 1,
                100..500 => 2,
                500..=1000 => 5,
                _ => 10,
            },
            Self::TickerPrice(Spot) => {
                if one_symbol {
                    2
                } else {
                    4
                }
            }
            Self::TickerPrice(Futures) => {
                if one_symbol {
                    1
                } else {
                    2
                }
            }
            Self::NewOrder(Spot) => 1,
            // Futures orders count against the order-rate limits, not the IP weight.
            Self::NewOrder(Futures) | Self::NewAlgoOrder => 0,
            Self::QueryAlgoOrder | Self::CancelAlgoOrder => 1,
            Self::OpenAlgoOrders => {
                if one_symbol {
                    1
                } else {
                    40
                }
            }
            Self::QueryOrder(Spot) => 4,
            Self::QueryOrder(Futures) | Self::CancelOrder(_) => 1,
            Self::OpenOrders(Spot) => {
                if one_symbol {
                    6
                } else {
                    80
                }
            }
            Self::OpenOrders(Futures) => {
                if one_symbol {
                    1
                } else {
                    40
                }
            }
            // Spot: 5 with `orderId`, 20 without; futures: 5.
            Self::AccountTrades(Spot) => {
                if params.has("orderId") {
                    5
                } else {
                    20
                }
            }
            Self::AccountTrades(Futures) => 5,
            Self::SpotAccount => 20,
            Self::ApiRestrictions | Self::FuturesLeverage => 1,
            Self::FuturesAccount | Self::FuturesBalance | Self::FuturesPositionRisk => 5,
        }
    }

    /// Runs the endpoint against the exchange.
    pub fn respond(self, exchange: &mut Exchange, call: &Call<'_>) -> Result<Value, ApiError> {
        let (params, now) = (call.params, call.now_ms);
        match self {
            Self::Ping(_) => Ok(json!({})),
            Self::Time(_) => Ok(json!({ "serverTime": now })),
            Self::ExchangeInfo(venue) => exchange_info(exchange, venue, call),
            Self::Klines(venue) => exchange.market.klines(venue, params),
            Self::TickerPrice(venue) => exchange.market.ticker_price(venue, params, now),
            Self::NewOrder(Venue::Spot) => exchange.spot_new_order(params, now),
            Self::NewOrder(Venue::UsdMFutures) => exchange.futures_new_order(params, now),
            Self::QueryOrder(Venue::Spot) => exchange.spot_query_order(params),
            Self::QueryOrder(Venue::UsdMFutures) => exchange.futures_query_order(params),
            Self::CancelOrder(Venue::Spot) => exchange.spot_cancel_order(params, now),
            Self::CancelOrder(Venue::UsdMFutures) => exchange.futures_cancel_order(params, now),
            Self::OpenOrders(Venue::Spot) => exchange.spot_open_orders(params),
            Self::OpenOrders(Venue::UsdMFutures) => exchange.futures_open_orders(params),
            Self::AccountTrades(Venue::Spot) => exchange.spot_my_trades(params),
            Self::AccountTrades(Venue::UsdMFutures) => exchange.futures_user_trades(params),
            Self::SpotAccount => exchange.spot_account(params, now),
            Self::ApiRestrictions => {
                let key = call.key.ok_or_else(ApiError::key_rejected)?;
                Ok(api_restrictions(key.permissions, key.created_ms))
            }
            Self::FuturesAccount => Ok(exchange.futures_account(now)),
            Self::FuturesBalance => Ok(exchange.futures_balance(now)),
            Self::FuturesPositionRisk => exchange.futures_position_risk(params),
            Self::FuturesLeverage => exchange.futures_leverage(params),
            Self::NewAlgoOrder => exchange.futures_new_algo_order(params, now),
            Self::QueryAlgoOrder => exchange.futures_query_algo_order(params),
            Self::CancelAlgoOrder => exchange.futures_cancel_algo_order(params, now),
            Self::OpenAlgoOrders => exchange.futures_open_algo_orders(params),
        }
    }
}

/// `exchangeInfo`: rate limits, and the listed symbols (spot may ask for `symbol` or a JSON
/// array of `symbols`; an unlisted one is -1121).
fn exchange_info(exchange: &Exchange, venue: Venue, call: &Call<'_>) -> Result<Value, ApiError> {
    let wanted: Option<Vec<String>> =
        match (venue, call.params.get("symbol"), call.params.get("symbols")) {
            (Venue::Spot, Some(one), _) => Some(vec![one.to_owned()]),
            (Venue::Spot, None, Some(list)) => Some(
                serde_json::from_str(list)
                    .map_err(|_| ApiError::illegal_chars("symbols", "JSON array"))?,
            ),
            _ => None,
        };
    let symbols: Vec<Value> = match &wanted {
        Some(names) => names
            .iter()
            .map(|name| Ok(exchange.market.listed_on(venue, name)?.spec.exchange_info()))
            .collect::<Result<_, ApiError>>()?,
        None => exchange
            .market
            .on(venue)
            .map(|s| s.spec.exchange_info())
            .collect(),
    };
    let weight = json!({"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE",
                        "intervalNum": 1, "limit": call.weight_limit});
    let mut info = match venue {
        Venue::Spot => json!({
            "timezone": "UTC", "serverTime": call.now_ms, "exchangeFilters": [],
            "rateLimits": [weight,
                {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 50},
                {"rateLimitType": "ORDERS", "interval": "DAY", "intervalNum": 1, "limit": 160_000},
                {"rateLimitType": "RAW_REQUESTS", "interval": "MINUTE", "intervalNum": 5,
                 "limit": 61_000}],
        }),
        Venue::UsdMFutures => json!({
            "timezone": "UTC", "serverTime": call.now_ms, "futuresType": "U_MARGINED",
            "exchangeFilters": [],
            "rateLimits": [weight,
                {"rateLimitType": "ORDERS", "interval": "MINUTE", "intervalNum": 1, "limit": 1200},
                {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 300}],
            "assets": [{"asset": "USDT", "marginAvailable": true, "autoAssetExchange": "-10000"}],
        }),
    };
    info["symbols"] = Value::Array(symbols);
    Ok(info)
}
