//! Secrets — exchange API keys, the webhook signing key — live only in the OS keyring (design
//! rule 9), never in SQLite, logs, events, exports or IPC responses. The App reaches them
//! through a [`SecretVault`]: the keyring in the shells, memory in tests.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use secrecy::{ExposeSecret, SecretString};

use crate::AppError;

mod keyring;

pub use keyring::KeyringVault;

/// Why a secret could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// No keyring answers (no Secret Service on this desktop session, or it is locked).
    #[error("the OS keyring is not available: {0}")]
    Unavailable(String),
    /// The keyring answered with an error.
    #[error("the OS keyring refused: {0}")]
    Refused(String),
}

/// A store of named secrets. Calls may block (the keyring talks over D-Bus): the App calls
/// them from blocking threads.
pub trait SecretVault: Send + Sync + fmt::Debug {
    /// The secret stored under `name`, if any.
    fn get(&self, name: &str) -> Result<Option<SecretString>, SecretError>;
    /// Stores `value` under `name`, replacing any before.
    fn set(&self, name: &str, value: &SecretString) -> Result<(), SecretError>;
    /// Removes `name`; removing a missing secret is not an error.
    fn delete(&self, name: &str) -> Result<(), SecretError>;
}

/// Runs a vault call on a blocking thread: the keyring talks over D-Bus and may wait.
pub(crate) async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(call).await.map_err(|e| {
        AppError::Secrets(SecretError::Refused(format!(
            "the keyring call did not finish: {e}"
        )))
    })?
}

/// One installation's part of a shared vault: every name is prefixed with the installation's
/// id, so a second data directory on the same machine (a test profile, a paper-only copy) never
/// reads or overwrites this one's keys in the one OS keyring.
#[derive(Debug)]
pub(crate) struct Namespaced {
    inner: Arc<dyn SecretVault>,
    prefix: String,
}

impl Namespaced {
    pub(crate) fn new(inner: Arc<dyn SecretVault>, installation: &str) -> Self {
        Self {
            inner,
            prefix: format!("{installation}/"),
        }
    }

    fn name(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }
}

impl SecretVault for Namespaced {
    fn get(&self, name: &str) -> Result<Option<SecretString>, SecretError> {
        self.inner.get(&self.name(name))
    }

    fn set(&self, name: &str, value: &SecretString) -> Result<(), SecretError> {
        self.inner.set(&self.name(name), value)
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        self.inner.delete(&self.name(name))
    }
}

/// Secrets in memory, for tests: gone when the process ends.
#[derive(Default)]
pub struct MemoryVault {
    secrets: Mutex<BTreeMap<String, SecretString>>,
}

impl fmt::Debug for MemoryVault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemoryVault")
    }
}

impl SecretVault for MemoryVault {
    fn get(&self, name: &str) -> Result<Option<SecretString>, SecretError> {
        let secrets = self.secrets.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(secrets
            .get(name)
            .map(|s| SecretString::from(s.expose_secret().to_owned())))
    }

    fn set(&self, name: &str, value: &SecretString) -> Result<(), SecretError> {
        let mut secrets = self.secrets.lock().unwrap_or_else(PoisonError::into_inner);
        secrets.insert(
            name.to_owned(),
            SecretString::from(value.expose_secret().to_owned()),
        );
        Ok(())
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        let mut secrets = self.secrets.lock().unwrap_or_else(PoisonError::into_inner);
        secrets.remove(name);
        Ok(())
    }
}
