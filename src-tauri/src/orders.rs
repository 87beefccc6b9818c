//! Tauri commands of the Orders screen: one-line delegations to the `App` (design rule 7).
//! A manual order passes the same gate as a bot's (the emergency pause refuses it).

use pilothouse_app::core::market::{
    MarketOutage, OrderInput, OrderQuery, OrderRecord, OrderReport, ReconcileChange, Symbol,
};
use pilothouse_app::core::paper::{PaperOverview, ReplayDataset};
use pilothouse_app::{ApiError, App, AppError};
use tauri::State;

type Reply<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn orders_list(app: State<'_, App>, query: OrderQuery) -> Reply<Vec<OrderRecord>> {
    Ok(app.orders_list(&query).await?)
}

#[tauri::command]
pub async fn order_place(app: State<'_, App>, input: OrderInput) -> Reply<OrderReport> {
    Ok(app.order_place(&input).await?)
}

#[tauri::command]
pub async fn order_cancel(app: State<'_, App>, client_order_id: String) -> Reply<OrderReport> {
    Ok(app.cancel_order(&client_order_id).await?)
}

#[tauri::command]
pub async fn leverage_set(
    app: State<'_, App>,
    account: String,
    symbol: String,
    leverage: u32,
) -> Reply<u32> {
    let symbol = Symbol::parse(&symbol).map_err(AppError::Invalid)?;
    Ok(app.set_leverage(&account, &symbol, leverage).await?)
}

#[tauri::command]
pub fn orders_reconciled(app: State<'_, App>) -> Vec<ReconcileChange> {
    app.reconciled_on_start()
}

#[tauri::command]
pub async fn paper_overview(app: State<'_, App>, account: String) -> Reply<PaperOverview> {
    Ok(app.paper_overview(&account).await?)
}

#[tauri::command]
pub async fn replay_datasets(app: State<'_, App>) -> Reply<Vec<ReplayDataset>> {
    Ok(app.replay_datasets().await?)
}

#[tauri::command]
pub fn market_outages(app: State<'_, App>) -> Vec<MarketOutage> {
    app.market_outages()
}
