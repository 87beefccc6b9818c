//! Tauri commands of Settings → Accounts: one-line delegations to the `App` (design rule 7).
//! API keys come in (the trader types them) and go straight into `SecretString` and the
//! keyring; no command ever returns one (design rule 9).

use pilothouse_app::core::market::{Account, AccountInput, ConnectionReport, VenueBudget};
use pilothouse_app::{ApiError, App};
use secrecy::SecretString;
use tauri::State;

type Reply<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn accounts_list(app: State<'_, App>) -> Reply<Vec<Account>> {
    Ok(app.accounts_list().await?)
}

#[tauri::command]
pub async fn account_add(app: State<'_, App>, input: AccountInput) -> Reply<Account> {
    Ok(app.account_add(&input).await?)
}

#[tauri::command]
pub async fn account_remove(app: State<'_, App>, account: String) -> Reply<Account> {
    Ok(app.account_remove(&account).await?)
}

#[tauri::command]
pub async fn account_set_live(app: State<'_, App>, id: i64, live: bool) -> Reply<Account> {
    Ok(app.account_set_live(id, live).await?)
}

#[tauri::command]
pub async fn keys_set(
    app: State<'_, App>,
    account: String,
    api_key: String,
    secret: String,
) -> Reply<Account> {
    let (api_key, secret) = (SecretString::from(api_key), SecretString::from(secret));
    Ok(app.keys_set(&account, api_key, secret).await?)
}

#[tauri::command]
pub async fn keys_remove(app: State<'_, App>, account: String) -> Reply<Account> {
    Ok(app.keys_remove(&account).await?)
}

#[tauri::command]
pub async fn keys_test(app: State<'_, App>, account: String) -> Reply<ConnectionReport> {
    Ok(app.keys_test(&account).await?)
}

#[tauri::command]
pub fn venue_budgets(app: State<'_, App>) -> Vec<VenueBudget> {
    app.venue_budgets()
}
