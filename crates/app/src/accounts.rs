//! Accounts, their API keys and their market data. An account's settings live in SQLite; its
//! API key and secret only in the OS keyring (design rule 9), under `account/<id>/api-key` and
//! `account/<id>/secret` within this installation's namespace (see `secrets::Namespaced`), and
//! reach the venue client as `SecretString`. Every Binance client
//! the App builds draws on the App's one shared weight budget per venue and host.

use std::sync::Arc;

use pilothouse_core::market::{
    Account, AccountInput, AccountSpec, Candle, ConnectionReport, ExchangeError, Execution,
    Interval, KlineRange, MarketData, Symbol, Venue,
};
use pilothouse_core::{AppEvent, FieldError, LogType, NewLogEntry, Severity};
use pilothouse_exchange::{BinanceClient, BinanceConfig, Credentials, Market};
use secrecy::{ExposeSecret, SecretString};

use crate::account_keys::{api_key_name, secret_name};
use crate::secrets::blocking;
use crate::{App, AppError};

impl App {
    /// Every account, by name, with whether its keys are in the keyring (unknown, and saying
    /// why, when the keyring does not answer).
    pub async fn accounts_list(&self) -> Result<Vec<Account>, AppError> {
        let mut accounts = self.inner.store.accounts().await?;
        self.fill_keys_flags(&mut accounts).await?;
        Ok(accounts)
    }

    /// The account named `name_or_id` (an exact name wins over an id); unknown → field `account`.
    pub async fn account(&self, name_or_id: &str) -> Result<Account, AppError> {
        let text = name_or_id.trim();
        let found = match self.inner.store.account_by_name(text).await? {
            Some(account) => account,
            None => match text.parse::<i64>() {
                Ok(id) => self.inner.store.account(id).await?,
                Err(_) => {
                    return Err(FieldError::new(
                        "account",
                        format!("there is no account named `{text}`"),
                    )
                    .into());
                }
            },
        };
        self.with_keys_flag(found).await
    }

    /// Creates an account: `live` only when asked for explicitly, never for paper (field
    /// `live`). A live account without keys still cannot send an order.
    pub async fn account_add(&self, input: &AccountInput) -> Result<Account, AppError> {
        let spec = input.check()?;
        if let Some(paper) = &spec.paper {
            self.check_replay(paper).await?;
        }
        let account = self.inner.store.insert_account(&spec, self.now()).await?;
        self.note(
            "account_added",
            format!("Account '{}' ({}) added", account.name, account.venue),
        )
        .await;
        Ok(account)
    }

    /// Removes an account and its keys from the keyring. Without a keyring the account is
    /// removed all the same; its keys are marked stale (never used again) and the returned
    /// account's `keys_unknown` says they are still stored.
    pub async fn account_remove(&self, name_or_id: &str) -> Result<Account, AppError> {
        let account = self.account(name_or_id).await?;
        // The order journal keeps every order's account: an account with orders stays.
        let filter = pilothouse_store::orders::OrderFilter {
            account_id: Some(account.id),
            limit: 1,
            ..Default::default()
        };
        if !self.inner.store.orders_list(&filter).await?.is_empty() {
            return Err(FieldError::new(
                "account",
                format!(
                    "'{}' has orders in the journal, which keeps the account they were sent \
                     from; remove its keys instead to stop it trading",
                    account.name
                ),
            )
            .into());
        }
        // Keys first: a failure after this leaves an account without keys, never keys without
        // an account.
        let keys_left = if account.venue == Venue::Paper {
            None
        } else {
            self.delete_keys_or_mark_stale(account.id).await?
        };
        self.inner.store.delete_account(account.id).await?;
        self.note(
            "account_removed",
            format!("Account '{}' removed", account.name),
        )
        .await;
        Ok(Account {
            keys_unknown: keys_left.map(|why| format!("keys left in the keyring: {why}")),
            ..account
        })
    }

    /// Switches account `id` to live (real orders) or back. Paper accounts can never be live;
    /// going live needs the account's keys in the keyring (field `live`).
    pub async fn account_set_live(&self, id: i64, live: bool) -> Result<Account, AppError> {
        let account = self
            .with_keys_flag(self.inner.store.account(id).await?)
            .await?;
        if live && account.venue == Venue::Paper {
            return Err(FieldError::new(
                "live",
                "a paper account simulates trades and can never be live",
            )
            .into());
        }
        if live && !account.has_keys {
            return Err(FieldError::new(
                "live",
                format!(
                    "account '{}' has no API keys: set them before switching it to live",
                    account.name
                ),
            )
            .into());
        }
        let spec = AccountSpec {
            name: account.name.clone(),
            venue: account.venue,
            base_url: account.base_url.clone(),
            live,
            paper: None,
        };
        let updated = self
            .inner
            .store
            .update_account(id, &spec, self.now())
            .await?;
        self.note(
            "account_live_changed",
            format!(
                "Account '{}' is now {}",
                updated.name,
                if live {
                    "LIVE (real orders)"
                } else {
                    "not live"
                }
            ),
        )
        .await;
        self.with_keys_flag(updated).await
    }

    /// Stores an account's API key and secret in the keyring, replacing any before. Empty
    /// values are refused (fields `api_key`, `secret`), and paper accounts take no keys.
    pub async fn keys_set(
        &self,
        account: &str,
        api_key: SecretString,
        secret: SecretString,
    ) -> Result<Account, AppError> {
        let account = self.account(account).await?;
        if account.venue == Venue::Paper {
            return Err(FieldError::new(
                "account",
                format!(
                    "'{}' is a paper account: it simulates trades and takes no API keys",
                    account.name
                ),
            )
            .into());
        }
        let api_key = SecretString::from(api_key.expose_secret().trim().to_owned());
        let secret = SecretString::from(secret.expose_secret().trim().to_owned());
        if api_key.expose_secret().is_empty() {
            return Err(FieldError::new("api_key", "is empty").into());
        }
        if secret.expose_secret().is_empty() {
            return Err(FieldError::new("secret", "is empty").into());
        }
        let vault = self.inner.secrets.clone();
        let id = account.id;
        blocking(move || {
            vault.set(&api_key_name(id), &api_key)?;
            vault.set(&secret_name(id), &secret)?;
            Ok(())
        })
        .await?;
        self.keys_renewed(id).await?;
        self.note(
            "keys_set",
            format!("API keys stored for account '{}'", account.name),
        )
        .await;
        self.publish(AppEvent::AccountsChanged);
        Ok(Account {
            has_keys: true,
            ..account
        })
    }

    /// Removes an account's keys from the keyring (none stored is fine).
    pub async fn keys_remove(&self, account: &str) -> Result<Account, AppError> {
        let account = self.account(account).await?;
        self.delete_keys(account.id).await?;
        self.note(
            "keys_removed",
            format!("API keys removed for account '{}'", account.name),
        )
        .await;
        self.publish(AppEvent::AccountsChanged);
        Ok(Account {
            has_keys: false,
            ..account
        })
    }

    /// "Test connection": reads the venue's clock and the key's permissions. A key that can
    /// withdraw funds, wrong keys and missing keys are refused (field `keys`); a key without an
    /// IP restriction is accepted with a warning.
    pub async fn keys_test(&self, account: &str) -> Result<ConnectionReport, AppError> {
        let account = self.account(account).await?;
        if account.venue == Venue::Paper {
            return Err(FieldError::new(
                "account",
                format!(
                    "'{}' is a paper account: it has no keys to test",
                    account.name
                ),
            )
            .into());
        }
        let Some(credentials) = self.credentials(account.id).await? else {
            return Err(FieldError::new(
                "keys",
                format!(
                    "account '{}' has no API keys: set them with `pilothouse keys set {}`",
                    account.name, account.name
                ),
            )
            .into());
        };
        let client = self.client(&account, Some(credentials))?;
        client.sync_time().await.map_err(keys_error)?;
        let permissions = Execution::permissions(client.as_ref())
            .await
            .map_err(keys_error)?;
        if permissions.can_withdraw {
            return Err(FieldError::new(
                "keys",
                "this API key can withdraw funds: Pilothouse refuses it. Create a key with \
                 withdrawals disabled",
            )
            .into());
        }
        let mut warnings = Vec::new();
        match permissions.ip_restricted {
            Some(true) => {}
            Some(false) => warnings.push(
                "the API key has no IP restriction: restrict it to this machine's IP address \
                 on the exchange"
                    .to_owned(),
            ),
            None => warnings.push(
                "the exchange did not say whether the API key is IP-restricted: check that it \
                 is restricted to this machine's IP address"
                    .to_owned(),
            ),
        }
        if !permissions.can_trade {
            warnings.push("the API key cannot trade: enable trading for it".to_owned());
        }
        let offset = client
            .server_time_offset()
            .map_or(0, |offset| offset.num_milliseconds());
        self.note(
            "keys_tested",
            format!(
                "API keys of account '{}' tested: clock offset {offset} ms, {} warning(s)",
                account.name,
                warnings.len()
            ),
        )
        .await;
        Ok(ConnectionReport {
            server_time_offset_ms: offset,
            permissions,
            warnings,
        })
    }

    /// Candles of `symbol` from the account's venue, oldest first: public data, no keys needed.
    /// A paper account reads Binance spot's public endpoints (its base URL, or production).
    pub async fn market_klines(
        &self,
        account: &str,
        symbol: &Symbol,
        interval: Interval,
        range: KlineRange,
    ) -> Result<Vec<Candle>, AppError> {
        let range = range.check()?;
        let account = self.account(account).await?;
        let client = self.client(&account, None)?;
        Ok(client.klines(symbol, interval, range).await?)
    }

    /// A client for `account`'s venue on the App's shared budget: the App's one client for
    /// that venue, URL and key pair (see [`Self::shared_client`]).
    pub(crate) fn client(
        &self,
        account: &Account,
        credentials: Option<Credentials>,
    ) -> Result<Arc<BinanceClient>, AppError> {
        let market = match account.venue {
            Venue::Paper | Venue::BinanceSpot => Market::Spot,
            Venue::BinanceUsdm => Market::UsdM,
        };
        let base_url = account
            .base_url
            .clone()
            .unwrap_or_else(|| market.production_url().to_owned());
        self.shared_client(BinanceConfig::new(market, base_url), credentials)
    }

    /// The App's one client per venue, URL, settings and key pair (none for public data):
    /// built once, because a client holds a connection pool, the venue's clock offset and the
    /// cached exchange info — building one per call cost milliseconds and re-fetched the
    /// exchange info (weight 20) for every order. Keys are told apart by a digest, so keys
    /// replaced from another process get a client of their own.
    pub(crate) fn shared_client(
        &self,
        config: BinanceConfig,
        credentials: Option<Credentials>,
    ) -> Result<Arc<BinanceClient>, AppError> {
        let key = format!(
            "{}|{}|{:?}|{}|{}",
            config.market.venue().as_str(),
            config.base_url,
            config.request_timeout,
            config.read_retries,
            credentials
                .as_ref()
                .map(Credentials::fingerprint)
                .unwrap_or_default()
        );
        let mut clients = match self.inner.clients.lock() {
            Ok(clients) => clients,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(client) = clients.get(&key) {
            return Ok(Arc::clone(client));
        }
        let client = Arc::new(BinanceClient::sharing(
            config,
            credentials,
            &self.inner.budgets,
            Arc::clone(&self.inner.clock),
        )?);
        clients.insert(key, Arc::clone(&client));
        Ok(client)
    }

    /// The account's API key and secret from the keyring, if both are there.
    pub(crate) async fn credentials(&self, id: i64) -> Result<Option<Credentials>, AppError> {
        if self.keys_are_stale(id).await? {
            return Ok(None);
        }
        let vault = self.inner.secrets.clone();
        blocking(move || {
            let api_key = vault.get(&api_key_name(id))?;
            let secret = vault.get(&secret_name(id))?;
            Ok(api_key
                .zip(secret)
                .map(|(api_key, secret)| Credentials::new(api_key, secret)))
        })
        .await
    }

    async fn with_keys_flag(&self, account: Account) -> Result<Account, AppError> {
        let mut one = [account];
        self.fill_keys_flags(&mut one).await?;
        let [account] = one;
        Ok(account)
    }

    /// A system log entry about an account (never a secret in it). A failed write is logged
    /// to tracing and otherwise ignored: the change itself was made.
    async fn note(&self, action: &str, message: String) {
        let entry = NewLogEntry::new(
            LogType::System,
            Severity::Info,
            self.inner.shell,
            action,
            message,
        );
        if let Err(error) = self.log(entry).await {
            tracing::warn!(%error, "could not log an account change");
        }
    }
}

/// Wrong or insufficiently permitted keys are the trader's to fix (field `keys`).
fn keys_error(error: ExchangeError) -> AppError {
    match error {
        ExchangeError::Auth { message, .. } => FieldError::new(
            "keys",
            format!("the exchange refused the API key: {message}"),
        )
        .into(),
        other => other.into(),
    }
}
