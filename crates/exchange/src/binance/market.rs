//! Binance spot and USD-M futures speak the same protocol (signed query strings, `{code, msg}`
//! errors, weight headers) with different paths, weights and limits. A [`Market`] names those
//! differences in one place, so one client serves both and the weights stay next to the docs
//! they come from.

use pilothouse_core::market::Venue;
use reqwest::Method;

/// Which of Binance's markets a client talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Market {
    /// Spot, `/api/v3`.
    Spot,
    /// USD-M futures, `/fapi/v1` and `/fapi/v2`.
    UsdM,
}

/// One endpoint the adapter calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Time,
    Klines {
        limit: u16,
    },
    ExchangeInfo,
    /// One symbol's latest price.
    TickerPrice,
    NewOrder,
    CancelOrder,
    QueryOrder,
    OpenOrders {
        all_symbols: bool,
    },
    /// USD-M conditional orders on the Algo Service (place, cancel, query, open ones). Spot has
    /// no Algo Service: its stop orders are ordinary orders, so these route to its order paths.
    NewAlgoOrder,
    CancelAlgoOrder,
    QueryAlgoOrder,
    OpenAlgoOrders {
        all_symbols: bool,
    },
    /// One order's trades (`orderId` sent): its fills with prices and fees.
    OrderTrades,
    /// Spot: balances and permissions. Futures: permissions.
    Account,
    /// Futures only: balances.
    Balance,
    /// Futures only.
    PositionRisk,
    /// Futures only: a symbol's leverage (never sent on spot: the adapter refuses first).
    Leverage,
    /// Spot only: the key's own permissions (`/sapi`, on the spot host).
    ApiRestrictions,
}

/// Method, path and request weight of an endpoint on a market.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Route {
    pub method: Method,
    pub path: &'static str,
    pub weight: u32,
}

impl Market {
    pub fn venue(self) -> Venue {
        match self {
            Market::Spot => Venue::BinanceSpot,
            Market::UsdM => Venue::BinanceUsdm,
        }
    }

    /// The name errors carry (`binance-spot`, `binance-usdm`).
    pub(crate) fn name(self) -> &'static str {
        self.venue().as_str()
    }

    /// The documented `REQUEST_WEIGHT` limit per minute and IP.
    pub fn weight_limit(self) -> u32 {
        match self {
            Market::Spot => 6_000,
            Market::UsdM => 2_400,
        }
    }

    pub fn production_url(self) -> &'static str {
        match self {
            Market::Spot => "https://api.binance.com",
            Market::UsdM => "https://fapi.binance.com",
        }
    }

    pub fn testnet_url(self) -> &'static str {
        match self {
            Market::Spot => "https://testnet.binance.vision",
            Market::UsdM => "https://demo-fapi.binance.com",
        }
    }

    /// Whether the market has positions and takes `reduceOnly`.
    pub(crate) fn is_futures(self) -> bool {
        matches!(self, Market::UsdM)
    }

    /// Path and weight as Binance documents them (spot REST API; USD-M futures REST API).
    pub(crate) fn route(self, endpoint: Endpoint) -> Route {
        let (method, path, weight) = match (self, endpoint) {
            (Market::Spot, Endpoint::Time) => (Method::GET, "/api/v3/time", 1),
            (Market::Spot, Endpoint::Klines { .. }) => (Method::GET, "/api/v3/klines", 2),
            (Market::Spot, Endpoint::ExchangeInfo) => (Method::GET, "/api/v3/exchangeInfo", 20),
            (Market::Spot, Endpoint::TickerPrice) => (Method::GET, "/api/v3/ticker/price", 2),
            (Market::Spot, Endpoint::NewOrder | Endpoint::NewAlgoOrder) => {
                (Method::POST, "/api/v3/order", 1)
            }
            (Market::Spot, Endpoint::CancelOrder | Endpoint::CancelAlgoOrder) => {
                (Method::DELETE, "/api/v3/order", 1)
            }
            (Market::Spot, Endpoint::QueryOrder | Endpoint::QueryAlgoOrder) => {
                (Method::GET, "/api/v3/order", 4)
            }
            (
                Market::Spot,
                Endpoint::OpenOrders { all_symbols } | Endpoint::OpenAlgoOrders { all_symbols },
            ) => (
                Method::GET,
                "/api/v3/openOrders",
                if all_symbols { 80 } else { 6 },
            ),
            // 5 with `orderId` (20 without, which the adapter never sends).
            (Market::Spot, Endpoint::OrderTrades) => (Method::GET, "/api/v3/myTrades", 5),
            (
                Market::Spot,
                Endpoint::Account | Endpoint::Balance | Endpoint::PositionRisk | Endpoint::Leverage,
            ) => (Method::GET, "/api/v3/account", 20),
            // Counted by Binance against the separate /sapi limits; charged here to stay safe.
            (_, Endpoint::ApiRestrictions) => (Method::GET, "/sapi/v1/account/apiRestrictions", 1),
            (Market::UsdM, Endpoint::Time) => (Method::GET, "/fapi/v1/time", 1),
            (Market::UsdM, Endpoint::Klines { limit }) => {
                let weight = match limit {
                    0..100 => 1,
                    100..500 => 2,
                    500..=1000 => 5,
                    _ => 10,
                };
                (Method::GET, "/fapi/v1/klines", weight)
            }
            (Market::UsdM, Endpoint::ExchangeInfo) => (Method::GET, "/fapi/v1/exchangeInfo", 1),
            (Market::UsdM, Endpoint::TickerPrice) => (Method::GET, "/fapi/v1/ticker/price", 1),
            // Orders count against the order-rate limits, not the IP weight (0).
            (Market::UsdM, Endpoint::NewOrder) => (Method::POST, "/fapi/v1/order", 0),
            (Market::UsdM, Endpoint::CancelOrder) => (Method::DELETE, "/fapi/v1/order", 1),
            (Market::UsdM, Endpoint::QueryOrder) => (Method::GET, "/fapi/v1/order", 1),
            (Market::UsdM, Endpoint::OpenOrders { all_symbols }) => (
                Method::GET,
                "/fapi/v1/openOrders",
                if all_symbols { 40 } else { 1 },
            ),
            // New Algo Order (0: order-rate limits), Cancel / Query Algo Order (1), Current All
            // Algo Open Orders (1 with a symbol, 40 without).
            (Market::UsdM, Endpoint::NewAlgoOrder) => (Method::POST, "/fapi/v1/algoOrder", 0),
            (Market::UsdM, Endpoint::CancelAlgoOrder) => (Method::DELETE, "/fapi/v1/algoOrder", 1),
            (Market::UsdM, Endpoint::QueryAlgoOrder) => (Method::GET, "/fapi/v1/algoOrder", 1),
            (Market::UsdM, Endpoint::OpenAlgoOrders { all_symbols }) => (
                Method::GET,
                "/fapi/v1/openAlgoOrders",
                if all_symbols { 40 } else { 1 },
            ),
            (Market::UsdM, Endpoint::OrderTrades) => (Method::GET, "/fapi/v1/userTrades", 5),
            (Market::UsdM, Endpoint::Account) => (Method::GET, "/fapi/v2/account", 5),
            (Market::UsdM, Endpoint::Balance) => (Method::GET, "/fapi/v2/balance", 5),
            (Market::UsdM, Endpoint::PositionRisk) => (Method::GET, "/fapi/v2/positionRisk", 5),
            (Market::UsdM, Endpoint::Leverage) => (Method::POST, "/fapi/v1/leverage", 1),
        };
        Route {
            method,
            path,
            weight,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn futures_kline_weight_follows_the_documented_limit_table() {
        let weight = |limit| Market::UsdM.route(Endpoint::Klines { limit }).weight;
        assert_eq!([weight(99), weight(100), weight(499)], [1, 2, 2]);
        assert_eq!([weight(500), weight(1000), weight(1500)], [5, 5, 10]);
        assert_eq!(
            Market::Spot.route(Endpoint::Klines { limit: 1000 }).weight,
            2,
            "spot klines weigh 2 whatever the limit"
        );
    }
}
