//! The order journal (design rule 5): an order is written here, with its client order id and
//! status `new`, before its request is sent; every later answer from the venue updates it in one
//! transaction, fills included. Fills are replaced, not appended, from each report that lists
//! them, so a report seen twice (the answer, then a lookup) records its fills once.

use chrono::{DateTime, Utc};
use pilothouse_core::FieldError;
use pilothouse_core::market::{
    ClientOrderId, Fill, OrderRecord, OrderReport, OrderRequest, OrderStatus, Side, Symbol,
};
use rust_decimal::Decimal;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use crate::time::{from_ms, to_ms};
use crate::{Store, StoreError};

const COLUMNS: &str = "id, client_order_id, account_id, symbol, side, kind, quantity, \
    reduce_only, origin, status, venue_order_id, executed_quantity, error, note, created_ms, \
    updated_ms";

/// The most orders one listing returns.
pub const MAX_LIST: u32 = 1_000;

/// Which orders a listing returns, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderFilter {
    pub account_id: Option<i64>,
    pub status: Option<OrderStatus>,
    /// Only orders older than this journal id (the next page of a listing).
    pub before_id: Option<i64>,
    /// At most this many (capped at [`MAX_LIST`]; 0 means the cap).
    pub limit: u32,
}

fn side_str(side: Side) -> &'static str {
    match side {
        Side::Buy => "BUY",
        Side::Sell => "SELL",
    }
}

impl Store {
    /// Journals `order` with status `new`, before anything is sent. A client order id already
    /// in the journal is refused (field `client_order_id`).
    pub async fn journal_new_order(
        &self,
        order: &OrderRequest,
        account_id: i64,
        origin: &str,
        now: DateTime<Utc>,
    ) -> Result<OrderRecord, StoreError> {
        let kind =
            serde_json::to_string(&order.kind).map_err(|e| StoreError::corrupt("order kind", e))?;
        self.write(async |tx| {
            let taken: Option<i64> =
                sqlx::query_scalar("SELECT id FROM orders WHERE client_order_id = ?")
                    .bind(order.client_order_id.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            if taken.is_some() {
                return Err(StoreError::Invalid(FieldError::new(
                    "client_order_id",
                    format!("`{}` is already journaled", order.client_order_id),
                )));
            }
            sqlx::query(
                "INSERT INTO orders (client_order_id, account_id, symbol, side, kind, quantity,
                     reduce_only, origin, status, created_ms, updated_ms)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?)",
            )
            .bind(order.client_order_id.as_str())
            .bind(account_id)
            .bind(order.symbol.as_str())
            .bind(side_str(order.side))
            .bind(&kind)
            .bind(order.quantity.to_string())
            .bind(order.reduce_only)
            .bind(origin)
            .bind(to_ms(now))
            .bind(to_ms(now))
            .execute(&mut *tx)
            .await?;
            fetch(tx, &order.client_order_id).await
        })
        .await
    }

    /// Moves order `id` to `status`. With a `report`: its executed quantity, venue id and note
    /// are recorded, and its fills replace the stored ones when it lists any (a lookup that
    /// lists none keeps those already recorded). `error` replaces the stored error when given.
    /// An unknown id is refused (field `client_order_id`).
    pub async fn mark_order(
        &self,
        id: &ClientOrderId,
        status: OrderStatus,
        report: Option<&OrderReport>,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<OrderRecord, StoreError> {
        self.write(async |tx| mark(tx, id, status, report, error, now).await)
            .await
    }

    /// The journaled order `id`, if any.
    pub async fn order_by_client_id(
        &self,
        id: &ClientOrderId,
    ) -> Result<Option<OrderRecord>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        match fetch(&mut conn, id).await {
            Ok(order) => Ok(Some(order)),
            Err(StoreError::Invalid(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// Every order that is not final yet (new, sent, acknowledged, partially filled, unknown),
    /// oldest first.
    pub async fn non_final_orders(&self) -> Result<Vec<OrderRecord>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM orders
             WHERE status NOT IN ('filled', 'cancelled', 'rejected') ORDER BY id"
        ))
        .fetch_all(&mut *conn)
        .await?;
        with_fills(&mut conn, rows).await
    }

    /// Orders matching `filter`, newest first.
    pub async fn orders_list(&self, filter: &OrderFilter) -> Result<Vec<OrderRecord>, StoreError> {
        let limit = match filter.limit {
            0 => MAX_LIST,
            n => n.min(MAX_LIST),
        };
        let mut conn = self.pool().acquire().await?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM orders
             WHERE (? IS NULL OR account_id = ?) AND (? IS NULL OR status = ?)
               AND (? IS NULL OR id < ?)
             ORDER BY id DESC LIMIT ?"
        ))
        .bind(filter.account_id)
        .bind(filter.account_id)
        .bind(filter.status.map(OrderStatus::as_str))
        .bind(filter.status.map(OrderStatus::as_str))
        .bind(filter.before_id)
        .bind(filter.before_id)
        .bind(i64::from(limit))
        .fetch_all(&mut *conn)
        .await?;
        with_fills(&mut conn, rows).await
    }
}

/// [`Store::mark_order`] inside a caller's transaction, so another table can change with it.
pub(crate) async fn mark(
    tx: &mut SqliteConnection,
    id: &ClientOrderId,
    status: OrderStatus,
    report: Option<&OrderReport>,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> Result<OrderRecord, StoreError> {
    let order_id: i64 = order_id(tx, id).await?;
    sqlx::query(
        "UPDATE orders SET status = ?, error = COALESCE(?, error), updated_ms = ?
         WHERE id = ?",
    )
    .bind(status.as_str())
    .bind(error)
    .bind(to_ms(now))
    .bind(order_id)
    .execute(&mut *tx)
    .await?;
    if let Some(report) = report {
        sqlx::query(
            "UPDATE orders SET executed_quantity = ?,
                 venue_order_id = COALESCE(?, venue_order_id), note = COALESCE(?, note)
             WHERE id = ?",
        )
        .bind(report.executed_quantity.to_string())
        .bind(report.venue_order_id.as_deref())
        .bind(report.note.as_deref())
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
        if !report.fills.is_empty() {
            sqlx::query("DELETE FROM order_fills WHERE order_id = ?")
                .bind(order_id)
                .execute(&mut *tx)
                .await?;
            for fill in &report.fills {
                sqlx::query(
                    "INSERT INTO order_fills
                         (order_id, price, quantity, fee, fee_asset, recorded_ms)
                     VALUES (?, ?, ?, ?, ?, ?)",
                )
                .bind(order_id)
                .bind(fill.price.to_string())
                .bind(fill.quantity.to_string())
                .bind(fill.fee.to_string())
                .bind(&fill.fee_asset)
                .bind(to_ms(now))
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    fetch(tx, id).await
}

async fn order_id(conn: &mut SqliteConnection, id: &ClientOrderId) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT id FROM orders WHERE client_order_id = ?")
        .bind(id.as_str())
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| not_found(id))
}

fn not_found(id: &ClientOrderId) -> StoreError {
    StoreError::Invalid(FieldError::new(
        "client_order_id",
        format!("there is no order `{id}` in the journal"),
    ))
}

async fn fetch(conn: &mut SqliteConnection, id: &ClientOrderId) -> Result<OrderRecord, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM orders WHERE client_order_id = ?"
    ))
    .bind(id.as_str())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| not_found(id))?;
    let mut order = record(&row)?;
    order.fills = fills(conn, order.id).await?;
    Ok(order)
}

async fn with_fills(
    conn: &mut SqliteConnection,
    rows: Vec<SqliteRow>,
) -> Result<Vec<OrderRecord>, StoreError> {
    let mut orders = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut order = record(row)?;
        order.fills = fills(conn, order.id).await?;
        orders.push(order);
    }
    Ok(orders)
}

async fn fills(conn: &mut SqliteConnection, order_id: i64) -> Result<Vec<Fill>, StoreError> {
    let rows = sqlx::query(
        "SELECT price, quantity, fee, fee_asset FROM order_fills WHERE order_id = ? ORDER BY id",
    )
    .bind(order_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Fill {
                price: decimal(row, "price")?,
                quantity: decimal(row, "quantity")?,
                fee: decimal(row, "fee")?,
                fee_asset: row.try_get("fee_asset")?,
            })
        })
        .collect()
}

fn decimal(row: &SqliteRow, column: &str) -> Result<Decimal, StoreError> {
    let text: String = row.try_get(column)?;
    text.parse()
        .map_err(|e| StoreError::corrupt("order amount", format!("{column} `{text}`: {e}")))
}

fn record(row: &SqliteRow) -> Result<OrderRecord, StoreError> {
    let client_order_id: String = row.try_get("client_order_id")?;
    let symbol: String = row.try_get("symbol")?;
    let side: String = row.try_get("side")?;
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    Ok(OrderRecord {
        id: row.try_get("id")?,
        client_order_id: ClientOrderId::parse(&client_order_id)
            .map_err(|e| StoreError::corrupt("client order id", e))?,
        account_id: row.try_get("account_id")?,
        symbol: Symbol::parse(&symbol).map_err(|e| StoreError::corrupt("order symbol", e))?,
        side: match side.as_str() {
            "BUY" => Side::Buy,
            "SELL" => Side::Sell,
            other => return Err(StoreError::corrupt("order side", other)),
        },
        kind: serde_json::from_str(&kind).map_err(|e| StoreError::corrupt("order kind", e))?,
        quantity: decimal(row, "quantity")?,
        reduce_only: row.try_get("reduce_only")?,
        origin: row.try_get("origin")?,
        status: status
            .parse()
            .map_err(|e| StoreError::corrupt("order status", e))?,
        venue_order_id: row.try_get("venue_order_id")?,
        executed_quantity: decimal(row, "executed_quantity")?,
        error: row.try_get("error")?,
        note: row.try_get("note")?,
        fills: Vec::new(),
        created_at: from_ms(row.try_get("created_ms")?)?,
        updated_at: from_ms(row.try_get("updated_ms")?)?,
    })
}

#[cfg(test)]
mod tests {
    use pilothouse_core::market::{AccountSpec, OrderKind, Venue};

    use super::*;

    #[tokio::test]
    async fn a_report_seen_twice_records_its_fills_once() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::corrupt("tempdir", e))?;
        let store = Store::open_in(dir.path()).await?;
        let now = DateTime::from_timestamp_millis(1_700_000_000_000).unwrap_or_default();
        let spec = AccountSpec {
            name: "spot".into(),
            venue: Venue::BinanceSpot,
            base_url: None,
            live: true,
            paper: None,
        };
        let account = store.insert_account(&spec, now).await?;
        let id = ClientOrderId::parse("ph-1-1-abcd")?;
        let request = OrderRequest {
            client_order_id: id.clone(),
            symbol: Symbol::parse("ETHBTC")?,
            side: Side::Buy,
            kind: OrderKind::Limit {
                price: Decimal::new(5, 2),
            },
            quantity: Decimal::new(15, 1),
            reduce_only: false,
        };
        let new = store
            .journal_new_order(&request, account.id, "manual", now)
            .await?;
        assert_eq!(new.status, OrderStatus::New);
        assert_eq!(new.request(), request);
        assert!(matches!(
            store.journal_new_order(&request, account.id, "manual", now).await,
            Err(StoreError::Invalid(f)) if f.field == "client_order_id"
        ));
        let report = OrderReport {
            client_order_id: id.clone(),
            venue_order_id: Some("42".into()),
            symbol: request.symbol.clone(),
            side: Side::Buy,
            status: OrderStatus::Filled,
            executed_quantity: request.quantity,
            fills: vec![Fill {
                price: Decimal::new(5, 2),
                quantity: request.quantity,
                fee: Decimal::new(15, 4),
                fee_asset: "ETH".into(),
            }],
            note: None,
        };
        for _ in 0..2 {
            store
                .mark_order(&id, OrderStatus::Filled, Some(&report), None, now)
                .await?;
        }
        let lookup = OrderReport {
            fills: Vec::new(),
            ..report.clone()
        };
        let done = store
            .mark_order(&id, OrderStatus::Filled, Some(&lookup), None, now)
            .await?;
        assert_eq!(done.fills, report.fills);
        assert_eq!(done.venue_order_id.as_deref(), Some("42"));
        assert!(store.non_final_orders().await?.is_empty());
        let filter = OrderFilter {
            account_id: Some(account.id),
            status: Some(OrderStatus::Filled),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(store.orders_list(&filter).await?, vec![done]);
        store.close().await;
        Ok(())
    }
}
