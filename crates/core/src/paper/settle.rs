//! The arithmetic of one fill, apart from any account: what a spot trade costs or brings in,
//! and what a futures fill does to a position and its margin. Kept pure so every number can be
//! checked by hand, and so a placement can be fully worked out (and refused) before anything
//! in the account changes.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::MONEY_DECIMALS;
use super::state::OpenPosition;
use crate::market::Side;

/// `amount` as a balance holds it: rounded to [`MONEY_DECIMALS`] places (half to even). Every
/// amount that moves a balance goes through here, so sums and differences of balances and
/// locks are exact and a lock released is exactly the lock taken.
pub(super) fn money(amount: Decimal) -> Decimal {
    amount.round_dp(MONEY_DECIMALS).normalize()
}

/// The notional of `quantity` at `price`, in the quote asset.
fn notional(quantity: Decimal, price: Decimal) -> Decimal {
    money(quantity * price)
}

/// The fee of trading `quantity` at `price`, in the quote asset.
pub(super) fn fee(quantity: Decimal, price: Decimal, rate: Decimal) -> Decimal {
    money(quantity * price * rate)
}

/// What a spot buy costs in the quote asset: the notional plus the fee.
pub(super) fn spot_buy_cost(quantity: Decimal, price: Decimal, rate: Decimal) -> Decimal {
    notional(quantity, price) + fee(quantity, price, rate)
}

/// What a spot sell brings in, in the quote asset: the notional less the fee.
pub(super) fn spot_sell_proceeds(quantity: Decimal, price: Decimal, rate: Decimal) -> Decimal {
    notional(quantity, price) - fee(quantity, price, rate)
}

/// What opening `quantity` at `price` takes from the free margin balance: the isolated margin
/// (notional / leverage) plus the fee.
pub(super) fn futures_open_cost(
    quantity: Decimal,
    price: Decimal,
    leverage: u32,
    rate: Decimal,
) -> Decimal {
    margin(quantity, price, leverage) + fee(quantity, price, rate)
}

/// The isolated margin of `quantity` at `price`: notional / leverage.
fn margin(quantity: Decimal, price: Decimal, leverage: u32) -> Decimal {
    money(quantity * price / Decimal::from(leverage.max(1)))
}

/// One futures fill to work out.
#[derive(Debug, Clone)]
pub(super) struct FuturesTrade<'a> {
    pub side: Side,
    pub quantity: Decimal,
    pub price: Decimal,
    pub fee_rate: Decimal,
    pub leverage: u32,
    pub reduce_only: bool,
    pub base_asset: &'a str,
    pub quote_asset: &'a str,
    pub at: DateTime<Utc>,
}

/// What a futures fill does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FuturesFill {
    /// The position afterwards (`None`: flat).
    pub position: Option<OpenPosition>,
    /// How much filled: a reduce-only order is cut to the position it reduces.
    pub filled: Decimal,
    /// Taken from the free balance: margin and fee of the part that opens or adds.
    pub debit: Decimal,
    /// Returned to the free balance: released margin + PnL − fee of the part that closes,
    /// never below zero (an isolated position can lose its margin, not more).
    pub credit: Decimal,
    pub fee: Decimal,
    /// PnL of the part that closes, fees not included.
    pub realized_pnl: Decimal,
}

/// Works out a futures fill against `position` (one-way mode: a fill against the position
/// first closes it, and whatever is left opens the other way). Refuses, with the reason, a
/// reduce-only order that would not reduce.
pub(super) fn futures(
    position: Option<&OpenPosition>,
    trade: &FuturesTrade<'_>,
) -> Result<FuturesFill, String> {
    let buy = trade.side == Side::Buy;
    let against = position.filter(|p| p.is_long() != buy);
    let closing = against.map_or(Decimal::ZERO, |p| trade.quantity.min(p.quantity.abs()));
    let opening = if trade.reduce_only {
        Decimal::ZERO
    } else {
        trade.quantity - closing
    };
    if trade.reduce_only && closing.is_zero() {
        let needed = if buy { "short" } else { "long" };
        return Err(format!(
            "a reduce-only {} order needs a {needed} position to reduce, and there is none",
            if buy { "buy" } else { "sell" }
        ));
    }

    let mut after = position.cloned();
    let mut credit = Decimal::ZERO;
    let mut realized_pnl = Decimal::ZERO;
    let close_fee = fee(closing, trade.price, trade.fee_rate);
    if let Some(p) = against {
        let size = p.quantity.abs();
        let released = if closing == size {
            p.margin
        } else {
            // Below the margin, so rounding to the grid cannot exceed it.
            money(p.margin * closing / size)
        };
        let direction = if p.is_long() {
            Decimal::ONE
        } else {
            Decimal::NEGATIVE_ONE
        };
        let pnl = money((trade.price - p.entry_price) * closing * direction);
        let raw = released + pnl - close_fee;
        // Isolated: a loss beyond the part's margin is not the trader's (the venue's
        // insurance fund takes it), so the PnL is cut to what leaves nothing.
        (credit, realized_pnl) = if raw < Decimal::ZERO {
            (Decimal::ZERO, close_fee - released)
        } else {
            (raw, pnl)
        };
        after = (closing < size).then(|| OpenPosition {
            quantity: p.quantity - closing * direction,
            margin: p.margin - released,
            ..p.clone()
        });
    }

    let open_fee = fee(opening, trade.price, trade.fee_rate);
    let mut debit = Decimal::ZERO;
    if !opening.is_zero() {
        let margin = margin(opening, trade.price, trade.leverage);
        debit = margin + open_fee;
        let signed = if buy { opening } else { -opening };
        after = Some(match after {
            Some(p) => {
                let size = p.quantity.abs();
                OpenPosition {
                    quantity: p.quantity + signed,
                    entry_price: ((p.entry_price * size + trade.price * opening)
                        / (size + opening))
                        .normalize(),
                    margin: p.margin + margin,
                    ..p
                }
            }
            None => OpenPosition {
                quantity: signed,
                entry_price: trade.price,
                margin,
                leverage: trade.leverage,
                base_asset: trade.base_asset.to_owned(),
                quote_asset: trade.quote_asset.to_owned(),
                opened_at: trade.at,
            },
        });
    }

    Ok(FuturesFill {
        position: after,
        filled: closing + opening,
        debit,
        credit,
        fee: close_fee + open_fee,
        realized_pnl,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap_or_default()
    }

    fn trade(side: Side, quantity: &str, price: &str, reduce_only: bool) -> FuturesTrade<'static> {
        FuturesTrade {
            side,
            quantity: d(quantity),
            price: d(price),
            fee_rate: d("0.0005"),
            leverage: 10,
            reduce_only,
            base_asset: "BTC",
            quote_asset: "USDT",
            at: DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn adding_to_a_long_averages_the_entry_and_adds_margin() {
        let first = futures(None, &trade(Side::Buy, "1", "100", false)).unwrap();
        // margin 1 × 100 / 10 = 10; fee 100 × 0.0005 = 0.05.
        assert_eq!((first.debit, first.credit), (d("10.05"), d("0")));
        let second = futures(
            first.position.as_ref(),
            &trade(Side::Buy, "1", "110", false),
        )
        .unwrap();
        let p = second.position.unwrap();
        // entry (100 + 110) / 2 = 105; margin 10 + 11 = 21.
        assert_eq!(
            (p.quantity, p.entry_price, p.margin),
            (d("2"), d("105"), d("21"))
        );
    }

    #[test]
    fn a_sell_larger_than_a_long_closes_it_and_opens_a_short() {
        let long = futures(None, &trade(Side::Buy, "1", "100", false)).unwrap();
        let flip = futures(long.position.as_ref(), &trade(Side::Sell, "3", "90", false)).unwrap();
        // Close 1: released 10, PnL (90 − 100) × 1 = −10, fee 0.045 → raw −0.045, cut to 0.
        assert_eq!(flip.credit, d("0"), "an isolated loss stops at the margin");
        assert_eq!(flip.realized_pnl, d("0.045") - d("10"));
        // Open 2 short: margin 180 / 10 = 18, fee 0.09.
        assert_eq!(flip.debit, d("18.09"));
        let p = flip.position.unwrap();
        assert_eq!(
            (p.quantity, p.entry_price, p.margin),
            (d("-2"), d("90"), d("18"))
        );
    }

    #[test]
    fn reduce_only_is_cut_to_the_position_and_refused_without_one() {
        assert!(futures(None, &trade(Side::Sell, "1", "100", true)).is_err());
        let long = futures(None, &trade(Side::Buy, "1", "100", false)).unwrap();
        let close = futures(long.position.as_ref(), &trade(Side::Sell, "5", "120", true)).unwrap();
        // Only 1 closes: released 10 + PnL 20 − fee 0.06 = 29.94.
        assert_eq!((close.filled, close.credit), (d("1"), d("29.94")));
        assert_eq!((close.position, close.debit), (None, d("0")));
    }
}
