//! The three markets the fake lists (ETHBTC and ALTBTC spot, XRPUSDT USD-M perpetual), with
//! real-looking trading rules: what `exchangeInfo` publishes and what a new order must pass
//! (PRICE_FILTER, LOT_SIZE, NOTIONAL / MIN_NOTIONAL), refused with Binance's own codes, so an
//! adapter's rounding to tick and step size is tested against the rules it reads.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::Venue;
use super::errors::ApiError;
use super::market::fmt_dec;

/// One listed symbol and its rules.
#[derive(Debug, Clone)]
pub(crate) struct SymbolSpec {
    pub symbol: &'static str,
    pub venue: Venue,
    pub base: &'static str,
    pub quote: &'static str,
    /// The candles the symbol trades on (a copy of /work/shared/data/candles, embedded).
    pub fixture: &'static str,
    /// The listed symbol whose fixture those candles are (itself, or the source of a synthetic
    /// symbol's).
    pub fixture_of: &'static str,
    /// The fixture's interval: the one interval served as recorded.
    pub interval: &'static str,
    /// Decimals in price strings (8 on spot; `pricePrecision` on futures).
    pub price_decimals: u32,
    /// Decimals in quantity strings (8 on spot; `quantityPrecision` on futures).
    pub qty_decimals: u32,
    pub min_price: Decimal,
    pub max_price: Decimal,
    pub tick_size: Decimal,
    pub min_qty: Decimal,
    pub max_qty: Decimal,
    pub step_size: Decimal,
    /// MARKET_LOT_SIZE `maxQty` (futures only; spot publishes 0, i.e. no extra limit).
    pub market_max_qty: Decimal,
    pub min_notional: Decimal,
}

/// Open orders one symbol may carry (MAX_NUM_ORDERS).
pub(crate) const MAX_OPEN_ORDERS: usize = 200;

/// Every listed symbol.
pub(crate) fn listed() -> Vec<SymbolSpec> {
    vec![
        SymbolSpec {
            symbol: "ETHBTC",
            fixture_of: "ETHBTC",
            venue: Venue::Spot,
            base: "ETH",
            quote: "BTC",
            fixture: include_str!("../../../exchange/data/ETHBTC-5m.csv"),
            interval: "5m",
            price_decimals: 8,
            qty_decimals: 8,
            min_price: Decimal::new(1, 5),
            max_price: Decimal::new(922_327, 0),
            tick_size: Decimal::new(1, 5),
            min_qty: Decimal::new(1, 4),
            max_qty: Decimal::new(100_000, 0),
            step_size: Decimal::new(1, 4),
            market_max_qty: Decimal::ZERO,
            min_notional: Decimal::new(1, 4),
        },
        SymbolSpec {
            symbol: "ALTBTC",
            fixture_of: "ALTBTC",
            venue: Venue::Spot,
            base: "ALT",
            quote: "BTC",
            fixture: include_str!("../../../exchange/data/ALTBTC-1m.csv"),
            interval: "1m",
            price_decimals: 8,
            qty_decimals: 8,
            min_price: Decimal::new(1, 8),
            max_price: Decimal::new(1_000, 0),
            tick_size: Decimal::new(1, 8),
            min_qty: Decimal::ONE,
            max_qty: Decimal::new(92_141_578, 0),
            step_size: Decimal::ONE,
            market_max_qty: Decimal::ZERO,
            min_notional: Decimal::new(1, 4),
        },
        SymbolSpec {
            symbol: "XRPUSDT",
            fixture_of: "XRPUSDT",
            venue: Venue::UsdMFutures,
            base: "XRP",
            quote: "USDT",
            fixture: include_str!("../../../exchange/data/XRPUSDT-perp-5m.csv"),
            interval: "5m",
            price_decimals: 4,
            qty_decimals: 1,
            min_price: Decimal::new(143, 4),
            max_price: Decimal::new(100_000, 0),
            tick_size: Decimal::new(1, 4),
            min_qty: Decimal::new(1, 1),
            max_qty: Decimal::new(10_000_000, 0),
            step_size: Decimal::new(1, 1),
            market_max_qty: Decimal::new(2_000_000, 0),
            min_notional: Decimal::new(5, 0),
        },
    ]
}

impl SymbolSpec {
    /// The symbol's entry in `exchangeInfo`, as its venue publishes it.
    pub fn exchange_info(&self) -> Value {
        match self.venue {
            Venue::Spot => self.spot_info(),
            Venue::UsdMFutures => self.futures_info(),
        }
    }

    fn spot_info(&self) -> Value {
        let d = |v: Decimal| fmt_dec(v, 8);
        json!({
            "symbol": self.symbol, "status": "TRADING",
            "baseAsset": self.base, "baseAssetPrecision": 8,
            "quoteAsset": self.quote, "quotePrecision": 8, "quoteAssetPrecision": 8,
            "baseCommissionPrecision": 8, "quoteCommissionPrecision": 8,
            "orderTypes": ["LIMIT", "MARKET"],
            "icebergAllowed": false, "ocoAllowed": false, "otoAllowed": false,
            "quoteOrderQtyMarketAllowed": true, "allowTrailingStop": false,
            "cancelReplaceAllowed": false, "isSpotTradingAllowed": true,
            "isMarginTradingAllowed": false,
            "filters": [
                {"filterType": "PRICE_FILTER", "minPrice": d(self.min_price),
                 "maxPrice": d(self.max_price), "tickSize": d(self.tick_size)},
                {"filterType": "LOT_SIZE", "minQty": d(self.min_qty),
                 "maxQty": d(self.max_qty), "stepSize": d(self.step_size)},
                {"filterType": "MARKET_LOT_SIZE", "minQty": d(Decimal::ZERO),
                 "maxQty": d(self.market_max_qty), "stepSize": d(Decimal::ZERO)},
                {"filterType": "NOTIONAL", "minNotional": d(self.min_notional),
                 "applyMinToMarket": true, "maxNotional": d(Decimal::new(9_000_000, 0)),
                 "applyMaxToMarket": false, "avgPriceMins": 5},
                {"filterType": "MAX_NUM_ORDERS", "maxNumOrders": MAX_OPEN_ORDERS},
            ],
            "permissions": [], "permissionSets": [["SPOT"]],
            "defaultSelfTradePreventionMode": "EXPIRE_MAKER",
            "allowedSelfTradePreventionModes": ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"],
        })
    }

    fn futures_info(&self) -> Value {
        let p = |v: Decimal| v.normalize().to_string();
        json!({
            "symbol": self.symbol, "pair": self.symbol, "contractType": "PERPETUAL",
            "deliveryDate": 4_133_404_800_000_i64, "onboardDate": 1_569_398_400_000_i64,
            "status": "TRADING", "maintMarginPercent": "2.5000",
            "requiredMarginPercent": "5.0000", "baseAsset": self.base,
            "quoteAsset": self.quote, "marginAsset": self.quote,
            "pricePrecision": self.price_decimals, "quantityPrecision": self.qty_decimals,
            "baseAssetPrecision": 8, "quotePrecision": 8, "underlyingType": "COIN",
            "underlyingSubType": [], "settlePlan": 0, "triggerProtect": "0.0500",
            "liquidationFee": "0.012500", "marketTakeBound": "0.05",
            "filters": [
                {"filterType": "PRICE_FILTER", "minPrice": p(self.min_price),
                 "maxPrice": p(self.max_price), "tickSize": p(self.tick_size)},
                {"filterType": "LOT_SIZE", "minQty": p(self.min_qty),
                 "maxQty": p(self.max_qty), "stepSize": p(self.step_size)},
                {"filterType": "MARKET_LOT_SIZE", "minQty": p(self.min_qty),
                 "maxQty": p(self.market_max_qty), "stepSize": p(self.step_size)},
                {"filterType": "MAX_NUM_ORDERS", "limit": MAX_OPEN_ORDERS},
                {"filterType": "MIN_NOTIONAL", "notional": p(self.min_notional)},
            ],
            "orderTypes": ["LIMIT", "MARKET"],
            "timeInForce": ["GTC", "IOC", "FOK", "GTX"],
        })
    }

    /// Checks an order's price (LIMIT only), quantity and notional against the filters.
    /// `notional_price` is the limit price, or the current price for a MARKET order.
    pub fn check_order(
        &self,
        price: Option<Decimal>,
        qty: Decimal,
        notional_price: Decimal,
        is_market: bool,
    ) -> Result<(), ApiError> {
        match self.venue {
            Venue::Spot => self.check_spot(price, qty, notional_price),
            Venue::UsdMFutures => self.check_futures(price, qty, notional_price, is_market),
        }
    }

    fn check_spot(
        &self,
        price: Option<Decimal>,
        qty: Decimal,
        at: Decimal,
    ) -> Result<(), ApiError> {
        if qty.scale() > self.qty_decimals {
            return Err(ApiError::too_much_precision("quantity"));
        }
        if let Some(price) = price {
            if price.scale() > self.price_decimals {
                return Err(ApiError::too_much_precision("price"));
            }
            if price < self.min_price
                || price > self.max_price
                || !on_grid(price, self.min_price, self.tick_size)
            {
                return Err(ApiError::filter("PRICE_FILTER"));
            }
        }
        if qty < self.min_qty || qty > self.max_qty || !on_grid(qty, self.min_qty, self.step_size) {
            return Err(ApiError::filter("LOT_SIZE"));
        }
        if qty * at < self.min_notional {
            return Err(ApiError::filter("NOTIONAL"));
        }
        Ok(())
    }

    fn check_futures(
        &self,
        price: Option<Decimal>,
        qty: Decimal,
        at: Decimal,
        is_market: bool,
    ) -> Result<(), ApiError> {
        if qty.scale() > self.qty_decimals || price.is_some_and(|p| p.scale() > self.price_decimals)
        {
            return Err(ApiError::futures_precision());
        }
        if let Some(price) = price {
            if price < self.min_price {
                return Err(ApiError::bad(-4013, "Price less than min price."));
            }
            if price > self.max_price {
                let max = self.max_price.normalize();
                return Err(ApiError::bad(
                    -4016,
                    format!("Limit price can't be higher than {max}."),
                ));
            }
            if !on_grid(price, self.min_price, self.tick_size) {
                return Err(ApiError::bad(-4014, "Price not increased by tick size."));
            }
        }
        let max_qty = if is_market {
            self.market_max_qty
        } else {
            self.max_qty
        };
        if qty <= Decimal::ZERO {
            return Err(ApiError::bad(-4003, "Quantity less than or equal to zero."));
        }
        if qty < self.min_qty {
            return Err(ApiError::bad(-4004, "Quantity less than min quantity."));
        }
        if qty > max_qty {
            return Err(ApiError::bad(-4005, "Quantity greater than max quantity."));
        }
        if !on_grid(qty, self.min_qty, self.step_size) {
            return Err(ApiError::bad(-4023, "Quantity not increased by step size."));
        }
        if qty * at < self.min_notional {
            let min = self.min_notional.normalize();
            return Err(ApiError::bad(
                -4164,
                format!(
                    "Order's notional must be no smaller than {min} (unless you choose reduce only)."
                ),
            ));
        }
        Ok(())
    }
}

/// Whether `value` is `start` plus a whole number of `step`s.
fn on_grid(value: Decimal, start: Decimal, step: Decimal) -> bool {
    step.is_zero() || ((value - start) % step).is_zero()
}
