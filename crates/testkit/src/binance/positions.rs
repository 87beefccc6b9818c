//! USD-M futures positions and margin: one-way positions (`positionSide=BOTH`) with entry
//! price, PnL realized when reducing and unrealized at the current close, commissions charged
//! to the USDT wallet, cross margin (what an order may still use), and the account endpoints
//! that report them (`leverage`, `/fapi/v2/account`, `balance`, `positionRisk`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::Venue;
use super::errors::ApiError;
use super::market::{fmt_dec, round};
use super::orders::{Exchange, Execution, Fill, Order, Side};
use super::params::Params;
use super::symbols::SymbolSpec;

/// Leverage of a symbol nobody has set (Binance's default).
pub const DEFAULT_LEVERAGE: u32 = 20;
/// The highest leverage the fake's brackets allow.
pub const MAX_LEVERAGE: u32 = 75;
const TAKER_RATE: Decimal = Decimal::from_parts(5, 0, 0, false, 4);
const MAKER_RATE: Decimal = Decimal::from_parts(2, 0, 0, false, 4);

/// A position in one symbol (one-way mode): `amount` > 0 long, < 0 short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuturesPosition {
    pub symbol: String,
    pub amount: Decimal,
    pub entry_price: Decimal,
    pub leverage: u32,
    pub update_time_ms: i64,
}

/// The futures wallet and positions.
#[derive(Debug, Default)]
pub(crate) struct FuturesAccount {
    /// Wallet balance per margin asset (realized PnL and commissions included).
    pub wallet: BTreeMap<String, Decimal>,
    pub positions: BTreeMap<String, FuturesPosition>,
}

impl FuturesPosition {
    fn flat(symbol: &str) -> Self {
        Self {
            symbol: symbol.to_owned(),
            amount: Decimal::ZERO,
            entry_price: Decimal::ZERO,
            leverage: DEFAULT_LEVERAGE,
            update_time_ms: 0,
        }
    }
}

impl FuturesAccount {
    pub fn position(&mut self, symbol: &str) -> &mut FuturesPosition {
        self.positions
            .entry(symbol.to_owned())
            .or_insert_with(|| FuturesPosition::flat(symbol))
    }

    /// The position in `symbol`, flat if there never was one.
    pub fn position_or_flat(&self, symbol: &str) -> FuturesPosition {
        self.positions
            .get(symbol)
            .cloned()
            .unwrap_or_else(|| FuturesPosition::flat(symbol))
    }

    /// Applies a fill to the position: entry price averaged when adding, PnL realized when
    /// reducing, commission charged to the wallet.
    pub fn settle(&mut self, order: &Order, spec: &SymbolSpec, execution: Execution) -> Fill {
        let Execution {
            qty,
            price,
            maker,
            trade_id,
            now_ms,
        } = execution;
        let signed = match order.side {
            Side::Buy => qty,
            Side::Sell => -qty,
        };
        let position = self.position(&order.symbol);
        let old = position.amount;
        let new = old + signed;
        let mut realized = Decimal::ZERO;
        if old.is_zero() || old.is_sign_positive() == signed.is_sign_positive() {
            position.entry_price = (old.abs() * position.entry_price + qty * price) / new.abs();
        } else {
            let closing = qty.min(old.abs());
            let direction = if old.is_sign_positive() {
                Decimal::ONE
            } else {
                Decimal::NEGATIVE_ONE
            };
            realized = closing * (price - position.entry_price) * direction;
            if new.is_zero() {
                position.entry_price = Decimal::ZERO;
            } else if new.is_sign_positive() != old.is_sign_positive() {
                position.entry_price = price;
            }
        }
        position.amount = new;
        position.update_time_ms = now_ms;
        let rate = if maker { MAKER_RATE } else { TAKER_RATE };
        let commission = round(qty * price * rate, 8);
        *self.wallet.entry(spec.quote.to_owned()).or_default() += realized - commission;
        Fill {
            trade_id,
            price,
            qty,
            commission,
            commission_asset: spec.quote.to_owned(),
            maker,
            time_ms: now_ms,
        }
    }
}

impl Exchange {
    pub(crate) fn mark(&self, symbol: &str) -> Decimal {
        self.market
            .series(symbol)
            .map_or(Decimal::ZERO, |s| s.current().close)
    }

    pub(crate) fn unrealized(&self, p: &FuturesPosition) -> Decimal {
        p.amount * (self.mark(&p.symbol) - p.entry_price)
    }

    pub(crate) fn leverage_of(&self, symbol: &str) -> Decimal {
        let leverage = self
            .futures
            .positions
            .get(symbol)
            .map_or(DEFAULT_LEVERAGE, |p| p.leverage);
        Decimal::from(leverage)
    }

    /// Wallet + unrealized PnL − margin held by positions and open orders (cross margin).
    pub(crate) fn available(&self, asset: &str) -> Decimal {
        let wallet = self.futures.wallet.get(asset).copied().unwrap_or_default();
        let positions = self.futures.positions.values();
        let (pnl, position_margin) = positions.fold((Decimal::ZERO, Decimal::ZERO), |acc, p| {
            let margin = p.amount.abs() * self.mark(&p.symbol) / self.leverage_of(&p.symbol);
            (acc.0 + self.unrealized(p), acc.1 + margin)
        });
        let open = self
            .orders
            .iter()
            .filter(|o| o.venue == Venue::UsdMFutures && o.is_open());
        let order_margin: Decimal = open
            .map(|o| o.remaining() * o.price / self.leverage_of(&o.symbol))
            .sum();
        wallet + pnl - position_margin - order_margin
    }

    /// `POST /fapi/v1/leverage`.
    pub fn futures_leverage(&mut self, params: &Params) -> Result<Value, ApiError> {
        let symbol = params.required("symbol")?;
        self.market.listed_on(Venue::UsdMFutures, symbol)?;
        let leverage = params
            .long("leverage")?
            .ok_or_else(|| ApiError::mandatory("leverage"))?;
        let leverage = u32::try_from(leverage)
            .ok()
            .filter(|l| (1..=MAX_LEVERAGE).contains(l))
            .ok_or_else(|| ApiError::bad(-4028, format!("Leverage {leverage} is not valid")))?;
        self.futures.position(symbol).leverage = leverage;
        Ok(json!({"leverage": leverage, "maxNotionalValue": "5000000", "symbol": symbol}))
    }

    /// `GET /fapi/v2/positionRisk`: every listed symbol (or one), flat ones included.
    pub fn futures_position_risk(&self, params: &Params) -> Result<Value, ApiError> {
        let symbol = params.get("symbol");
        if let Some(symbol) = symbol {
            self.market.listed_on(Venue::UsdMFutures, symbol)?;
        }
        let symbols: Vec<String> = self
            .market
            .on(Venue::UsdMFutures)
            .map(|s| s.spec.symbol.to_owned())
            .filter(|s| symbol.is_none_or(|wanted| wanted == s))
            .collect();
        let rows = symbols.iter().map(|s| {
            let p = self.futures.position_or_flat(s);
            position_json(&p, self.mark(s), self.unrealized(&p))
        });
        Ok(Value::Array(rows.collect()))
    }

    /// `GET /fapi/v2/balance`.
    pub fn futures_balance(&self, now_ms: i64) -> Value {
        let rows = self.futures.wallet.iter().map(|(asset, wallet)| {
            let pnl: Decimal = self
                .futures
                .positions
                .values()
                .map(|p| self.unrealized(p))
                .sum();
            let available = fmt_dec(self.available(asset), 8);
            json!({"accountAlias": "SgsRmYFzuXsR", "asset": asset,
                   "balance": fmt_dec(*wallet, 8), "crossWalletBalance": fmt_dec(*wallet, 8),
                   "crossUnPnl": fmt_dec(pnl, 8), "availableBalance": available,
                   "maxWithdrawAmount": available, "marginAvailable": true,
                   "updateTime": now_ms})
        });
        Value::Array(rows.collect())
    }

    /// `GET /fapi/v2/account`.
    pub fn futures_account(&self, now_ms: i64) -> Value {
        let wallet: Decimal = self.futures.wallet.values().copied().sum();
        let pnl: Decimal = self
            .futures
            .positions
            .values()
            .map(|p| self.unrealized(p))
            .sum();
        let available: Decimal = self.futures.wallet.keys().map(|a| self.available(a)).sum();
        let d = |v: Decimal| fmt_dec(v, 8);
        let positions: Vec<Value> = self
            .futures
            .positions
            .values()
            .map(|p| position_json(p, self.mark(&p.symbol), self.unrealized(p)))
            .collect();
        json!({
            "feeTier": 0, "canTrade": true, "canDeposit": true, "canWithdraw": true,
            "updateTime": 0, "multiAssetsMargin": false, "tradeGroupId": -1,
            "totalWalletBalance": d(wallet), "totalUnrealizedProfit": d(pnl),
            "totalMarginBalance": d(wallet + pnl), "totalCrossWalletBalance": d(wallet),
            "totalCrossUnPnl": d(pnl), "availableBalance": d(available),
            "maxWithdrawAmount": d(available),
            "assets": self.futures_balance(now_ms), "positions": positions,
        })
    }
}

fn position_json(p: &FuturesPosition, mark: Decimal, unrealized: Decimal) -> Value {
    let d = |v: Decimal| fmt_dec(v, 8);
    json!({
        "symbol": p.symbol, "positionAmt": p.amount.normalize().to_string(),
        "entryPrice": d(p.entry_price), "breakEvenPrice": d(p.entry_price),
        "markPrice": d(mark), "unRealizedProfit": d(unrealized), "liquidationPrice": "0",
        "leverage": p.leverage.to_string(), "maxNotionalValue": "5000000",
        "marginType": "cross", "isolatedMargin": "0.00000000", "isAutoAddMargin": "false",
        "positionSide": "BOTH", "notional": d(p.amount * mark), "isolatedWallet": "0",
        "updateTime": p.update_time_ms,
    })
}
