//! A symbol's trading rules, applied before an order is sent, so a bad quantity or price is
//! refused here with a clear error instead of by the venue after a round trip (and never half
//! recorded). The rules are Binance's `PRICE_FILTER`, `LOT_SIZE` and `MIN_NOTIONAL`/`NOTIONAL`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::field::FieldError;

/// Tick size, step size and limits of one symbol. A zero tick or step means "no rule".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SymbolFilters {
    /// Prices must be a multiple of this.
    #[ts(type = "string")]
    pub tick_size: Decimal,
    /// Quantities must be a multiple of this.
    #[ts(type = "string")]
    pub step_size: Decimal,
    #[ts(type = "string")]
    pub min_qty: Decimal,
    /// Zero for no maximum.
    #[ts(type = "string")]
    pub max_qty: Decimal,
    /// Smallest price × quantity accepted, in the quote asset.
    #[ts(type = "string")]
    pub min_notional: Decimal,
}

impl SymbolFilters {
    /// Checks an order's quantity and (limit or stop) price against the rules; `price` for a
    /// market order is the latest price, used for the notional check only. Errors name the
    /// field (`quantity`, `price`) and the rule.
    pub fn check(
        &self,
        quantity: Decimal,
        price: Decimal,
        price_is_the_orders: bool,
    ) -> Result<(), FieldError> {
        if quantity <= Decimal::ZERO {
            return Err(FieldError::new(
                "quantity",
                format!("is {quantity}; it must be above 0"),
            ));
        }
        if quantity < self.min_qty {
            return Err(FieldError::new(
                "quantity",
                format!(
                    "{quantity} is below the minimum {}",
                    self.min_qty.normalize()
                ),
            ));
        }
        if !self.max_qty.is_zero() && quantity > self.max_qty {
            return Err(FieldError::new(
                "quantity",
                format!(
                    "{quantity} is above the maximum {}",
                    self.max_qty.normalize()
                ),
            ));
        }
        if !is_multiple(quantity, self.step_size) {
            return Err(FieldError::new(
                "quantity",
                format!(
                    "{quantity} is not a multiple of the step size {} (nearest below: {})",
                    self.step_size.normalize(),
                    self.round_quantity(quantity).normalize()
                ),
            ));
        }
        if price_is_the_orders {
            if price <= Decimal::ZERO {
                return Err(FieldError::new(
                    "price",
                    format!("is {price}; it must be above 0"),
                ));
            }
            if !is_multiple(price, self.tick_size) {
                return Err(FieldError::new(
                    "price",
                    format!(
                        "{price} is not a multiple of the tick size {}",
                        self.tick_size.normalize()
                    ),
                ));
            }
        }
        let notional = quantity * price;
        if notional < self.min_notional {
            return Err(FieldError::new(
                "quantity",
                format!(
                    "{quantity} × {price} = {} is below the minimum order value {}",
                    notional.normalize(),
                    self.min_notional.normalize()
                ),
            ));
        }
        Ok(())
    }

    /// `quantity` rounded down to the step size (what can actually be sent).
    pub fn round_quantity(&self, quantity: Decimal) -> Decimal {
        round_down(quantity, self.step_size)
    }

    /// `price` rounded down to the tick size.
    pub fn round_price(&self, price: Decimal) -> Decimal {
        round_down(price, self.tick_size)
    }
}

fn is_multiple(value: Decimal, unit: Decimal) -> bool {
    unit.is_zero() || (value % unit).is_zero()
}

fn round_down(value: Decimal, unit: Decimal) -> Decimal {
    if unit.is_zero() {
        value
    } else {
        (value / unit).floor() * unit
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap_or_default()
    }

    /// ETHBTC's rules on Binance spot.
    fn ethbtc() -> SymbolFilters {
        SymbolFilters {
            tick_size: d("0.00001"),
            step_size: d("0.0001"),
            min_qty: d("0.0001"),
            max_qty: d("100000"),
            min_notional: d("0.0001"),
        }
    }

    fn field(result: Result<(), FieldError>) -> Option<String> {
        result.err().map(|e| e.field)
    }

    #[test]
    fn a_valid_order_passes() {
        assert_eq!(ethbtc().check(d("0.5"), d("0.05412"), true), Ok(()));
    }

    #[test]
    fn each_rule_names_its_field_and_says_why() {
        let f = ethbtc();
        let step = f
            .check(d("0.00015"), d("0.05"), true)
            .err()
            .map(|e| e.problem);
        assert_eq!(
            step.as_deref(),
            Some("0.00015 is not a multiple of the step size 0.0001 (nearest below: 0.0001)")
        );
        assert_eq!(
            field(f.check(d("0.5"), d("0.054125"), true)),
            Some("price".into())
        );
        assert_eq!(
            field(f.check(d("0"), d("0.05"), true)),
            Some("quantity".into())
        );
        assert_eq!(
            field(f.check(d("0.001"), d("0.05"), true)),
            Some("quantity".into()),
            "notional 0.00005"
        );
        assert_eq!(
            field(f.check(d("200000"), d("0.05"), true)),
            Some("quantity".into())
        );
        // A market order's price is only the latest price: it is not held to the tick size.
        assert_eq!(f.check(d("0.5"), d("0.054125"), false), Ok(()));
    }

    proptest! {
        #[test]
        fn a_quantity_rounded_to_the_step_passes_the_step_rule(units in 1u64..10_000_000) {
            let f = ethbtc();
            let raw = Decimal::new(i64::try_from(units).unwrap_or(1), 7); // 0.0000001 steps
            let rounded = f.round_quantity(raw);
            prop_assert!(rounded <= raw);
            prop_assert!(raw - rounded < f.step_size);
            if rounded >= f.min_qty {
                prop_assert_eq!(f.check(rounded, d("1"), false), Ok(()));
            }
        }
    }
}
