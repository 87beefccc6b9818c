//! `pilothouse orders`: place, list and cancel orders. A manual order passes the same gate as a
//! bot's (the emergency pause refuses it, exit 2 naming `order`), is journaled before it is
//! sent, and is sent at most once.

use clap::Subcommand;
use pilothouse_app::core::FieldError;
use pilothouse_app::core::log::MAX_PAGE;
use pilothouse_app::core::market::{OrderInput, OrderQuery, OrderRecord};
use pilothouse_app::core::market::{OrderKind, OrderReport, OrderStatus, Side, Symbol};
use pilothouse_app::{App, AppError};
use rust_decimal::Decimal;

use crate::text::Safe;

#[derive(Debug, Subcommand)]
pub enum OrdersCommand {
    /// Place an order: `pilothouse orders place --account spot --symbol ETHBTC --side BUY
    /// --type MARKET --qty 0.1`.
    Place {
        /// The account: its exact name, or its id. It must be live and have keys.
        #[arg(long)]
        account: String,
        /// The symbol, like BTCUSDT.
        #[arg(long)]
        symbol: String,
        /// BUY or SELL.
        #[arg(long)]
        side: String,
        /// MARKET or LIMIT.
        #[arg(long = "type")]
        kind: String,
        /// The quantity, in the base asset.
        #[arg(long)]
        qty: String,
        /// The limit price (LIMIT orders only).
        #[arg(long)]
        price: Option<String>,
    },
    /// List journaled orders, newest first.
    List {
        /// Only this account's orders.
        #[arg(long)]
        account: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Cancel an open order by its client order id.
    Cancel {
        /// The client order id `orders list` shows (ph-…).
        client_order_id: String,
    },
    /// Set a futures symbol's leverage (1–125) on a USD-M or paper futures account.
    Leverage {
        /// The account: its exact name, or its id.
        #[arg(long)]
        account: String,
        /// The symbol, like BTCUSDT.
        #[arg(long)]
        symbol: String,
        /// The leverage, 1 to 125.
        #[arg(long)]
        leverage: u32,
    },
}

pub async fn run(app: &App, command: OrdersCommand) -> anyhow::Result<()> {
    match command {
        OrdersCommand::Place {
            account,
            symbol,
            side,
            kind,
            qty,
            price,
        } => {
            let side = match side.trim().to_ascii_uppercase().as_str() {
                "BUY" => Side::Buy,
                "SELL" => Side::Sell,
                other => {
                    return Err(invalid(
                        "side",
                        format!("`{other}` is neither BUY nor SELL"),
                    ));
                }
            };
            let kind = match (kind.trim().to_ascii_uppercase().as_str(), price) {
                ("MARKET", None) => OrderKind::Market,
                ("MARKET", Some(_)) => {
                    return Err(invalid("price", "a MARKET order takes no price".into()));
                }
                ("LIMIT", Some(price)) => OrderKind::Limit {
                    price: decimal("price", &price)?,
                },
                ("LIMIT", None) => {
                    return Err(invalid("price", "a LIMIT order needs --price".into()));
                }
                (other, _) => {
                    return Err(invalid(
                        "type",
                        format!("`{other}` is neither MARKET nor LIMIT"),
                    ));
                }
            };
            // Symbol and quantity are checked by the App, as for an order from the screen.
            let input = OrderInput {
                account,
                symbol,
                side,
                kind,
                quantity: qty,
            };
            let report = app.order_place(&input).await?;
            print_report(&report);
            if report.status == OrderStatus::Unknown {
                return Err(crate::exit::OutcomeUnknown(report.client_order_id.to_string()).into());
            }
        }
        OrdersCommand::List {
            account,
            limit,
            json,
        } => {
            // As `logs --limit`: 0 is refused, not read as "everything".
            if !(1..=MAX_PAGE).contains(&limit) {
                return Err(invalid(
                    "limit",
                    format!("must be between 1 and {MAX_PAGE}"),
                ));
            }
            let query = OrderQuery {
                account,
                limit,
                ..OrderQuery::all()
            };
            let orders = app.orders_list(&query).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&orders)?);
            } else if orders.is_empty() {
                println!("No orders.");
            } else {
                orders.iter().for_each(print_record);
            }
        }
        OrdersCommand::Cancel { client_order_id } => {
            let report = app.cancel_order(&client_order_id).await?;
            print_report(&report);
        }
        OrdersCommand::Leverage {
            account,
            symbol,
            leverage,
        } => {
            let symbol = Symbol::parse(&symbol).map_err(AppError::Invalid)?;
            let set = app.set_leverage(&account, &symbol, leverage).await?;
            println!("{symbol} on '{account}' trades at {set}× leverage");
        }
    }
    Ok(())
}

fn invalid(field: &str, problem: String) -> anyhow::Error {
    AppError::Invalid(FieldError::new(field, problem)).into()
}

fn decimal(field: &str, text: &str) -> Result<Decimal, AppError> {
    match text.trim().parse::<Decimal>() {
        Ok(value) if value > Decimal::ZERO => Ok(value),
        _ => Err(
            FieldError::new(field, format!("`{}` is not a positive number", text.trim())).into(),
        ),
    }
}

fn status_word<T: serde::Serialize>(status: &T) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn print_report(report: &OrderReport) {
    println!(
        "Order {}: {} {} executed {}{}",
        report.client_order_id,
        Safe(report.symbol.as_str()),
        status_word(&report.status),
        report.executed_quantity.normalize(),
        report
            .average_price()
            .map(|p| format!(" at avg {}", p.normalize()))
            .unwrap_or_default()
    );
}

fn print_record(order: &OrderRecord) {
    println!(
        "{}  {}  {} {} {}  {}  executed {}{}",
        order.client_order_id,
        order.created_at.format("%Y-%m-%d %H:%M:%S"),
        status_word(&order.side),
        order.quantity.normalize(),
        Safe(order.symbol.as_str()),
        status_word(&order.status),
        order.executed_quantity.normalize(),
        order
            .error
            .as_deref()
            .map(|e| format!("  ({})", Safe(e)))
            .unwrap_or_default()
    );
}
