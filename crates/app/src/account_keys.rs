//! Whether an account has API keys, when the OS keyring may not answer (a server without a
//! Secret Service, a locked keyring). Listing and removing accounts never need the keys: the
//! flag is then unknown and says why (`keys_unknown`), and an account removed while the keyring
//! is away leaves its keys marked stale. Account ids can be reused, so a stale id's keys are
//! never taken for a later account's; they are deleted once the keyring answers again.

use pilothouse_core::market::{Account, Venue};

use crate::secrets::{SecretError, SecretVault, blocking};
use crate::{App, AppError};

/// The setting holding the ids whose stored keys belong to a removed account (JSON array).
const STALE_KEYS: &str = "stale_key_accounts";

pub(crate) fn api_key_name(id: i64) -> String {
    format!("account/{id}/api-key")
}

pub(crate) fn secret_name(id: i64) -> String {
    format!("account/{id}/secret")
}

impl App {
    /// Fills `has_keys` of every account from the keyring; without a keyring leaves it
    /// `false` with `keys_unknown` saying why. Paper accounts never ask the keyring.
    pub(crate) async fn fill_keys_flags(&self, accounts: &mut [Account]) -> Result<(), AppError> {
        let ids: Vec<i64> = accounts
            .iter()
            .filter(|a| a.venue != Venue::Paper)
            .map(|a| a.id)
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        let stale = self.stale_key_ids().await?;
        let vault = self.inner.secrets.clone();
        let to_purge = stale.clone();
        let present = blocking(move || {
            purge(vault.as_ref(), &to_purge)?;
            ids.into_iter()
                .map(|id| Ok((id, keys_present(vault.as_ref(), id)?)))
                .collect::<Result<Vec<_>, AppError>>()
        })
        .await;
        match present {
            Ok(present) => {
                if !stale.is_empty() {
                    self.set_stale_key_ids(&[]).await?;
                }
                for account in accounts.iter_mut() {
                    account.has_keys = present.iter().any(|(id, has)| *id == account.id && *has);
                }
            }
            Err(AppError::Secrets(SecretError::Unavailable(why))) => {
                for account in accounts.iter_mut().filter(|a| a.venue != Venue::Paper) {
                    account.has_keys = false;
                    account.keys_unknown = Some(format!("keyring unavailable: {why}"));
                }
            }
            Err(other) => return Err(other),
        }
        Ok(())
    }

    /// Removes account `id`'s keys. Without a keyring, marks them stale instead and returns
    /// why they are still stored.
    pub(crate) async fn delete_keys_or_mark_stale(
        &self,
        id: i64,
    ) -> Result<Option<String>, AppError> {
        match self.delete_keys(id).await {
            Ok(()) => Ok(None),
            Err(AppError::Secrets(SecretError::Unavailable(why))) => {
                let mut stale = self.stale_key_ids().await?;
                stale.push(id);
                self.set_stale_key_ids(&stale).await?;
                Ok(Some(why))
            }
            Err(other) => Err(other),
        }
    }

    /// Whether keys stored under `id` belong to a removed account.
    pub(crate) async fn keys_are_stale(&self, id: i64) -> Result<bool, AppError> {
        Ok(self.stale_key_ids().await?.contains(&id))
    }

    /// Keys were just stored for `id`: they are this account's, not stale.
    pub(crate) async fn keys_renewed(&self, id: i64) -> Result<(), AppError> {
        let stale = self.stale_key_ids().await?;
        if stale.contains(&id) {
            let kept: Vec<i64> = stale.into_iter().filter(|s| *s != id).collect();
            self.set_stale_key_ids(&kept).await?;
        }
        Ok(())
    }

    pub(crate) async fn delete_keys(&self, id: i64) -> Result<(), AppError> {
        let vault = self.inner.secrets.clone();
        blocking(move || purge(vault.as_ref(), &[id])).await
    }

    async fn stale_key_ids(&self) -> Result<Vec<i64>, AppError> {
        let stored = self.inner.store.setting(STALE_KEYS).await?;
        // An unreadable list is treated as empty: it only ever hides keys, never shows them.
        Ok(stored
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    async fn set_stale_key_ids(&self, ids: &[i64]) -> Result<(), AppError> {
        let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned());
        Ok(self
            .inner
            .store
            .set_setting(STALE_KEYS, &json, self.now())
            .await?)
    }
}

fn purge(vault: &dyn SecretVault, ids: &[i64]) -> Result<(), AppError> {
    for id in ids {
        vault.delete(&api_key_name(*id))?;
        vault.delete(&secret_name(*id))?;
    }
    Ok(())
}

fn keys_present(vault: &dyn SecretVault, id: i64) -> Result<bool, AppError> {
    Ok(vault.get(&api_key_name(id))?.is_some() && vault.get(&secret_name(id))?.is_some())
}
