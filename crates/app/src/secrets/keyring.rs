//! The OS keyring behind [`SecretVault`]: where the shells keep exchange keys and the webhook
//! signing key (design rule 9).
//!
//! Each secret is one keyring entry: service [`SERVICE`], user = the secret's name. The store is
//! the platform's own — the Secret Service (gnome-keyring, KWallet) over a pure-Rust D-Bus
//! client on Linux and the BSDs, so no libsecret or libdbus is needed; the login Keychain on
//! macOS; the Credential Manager on Windows.
//!
//! The connection is opened on first use, not when the App starts: a CLI command that never
//! reads a secret works on a server with no desktop session. A failed connection is not
//! remembered, so a keyring that starts (or is unlocked) later is picked up on the next call.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use keyring_core::api::CredentialStore;
use keyring_core::{Entry, Error as KeyringError};
use secrecy::{ExposeSecret, SecretString};

use super::{SecretError, SecretVault};

/// The keyring service every Pilothouse secret is filed under.
pub const SERVICE: &str = "dev.pilothouse";

/// Secrets in the OS keyring. Calls block (D-Bus, Keychain): call them off the async runtime.
pub struct KeyringVault {
    service: String,
    /// The platform store, once a connection succeeded.
    store: Mutex<Option<Arc<CredentialStore>>>,
}

impl KeyringVault {
    /// The vault the shells use: entries under [`SERVICE`].
    pub fn new() -> Self {
        Self::for_service(SERVICE)
    }

    /// A vault filing its entries under another service name (tests keep theirs apart).
    pub fn for_service(service: &str) -> Self {
        Self {
            service: service.to_owned(),
            store: Mutex::new(None),
        }
    }

    /// The keyring entry for `name`, connecting to the store first if needed.
    fn entry(&self, name: &str) -> Result<Entry, SecretError> {
        let store = self.store()?;
        Entry::new_in_store(&store, &self.service, name).map_err(|e| refused(name, e))
    }

    fn store(&self) -> Result<Arc<CredentialStore>, SecretError> {
        let mut slot = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(store) = slot.as_ref() {
            return Ok(store.clone());
        }
        let store = open_platform_store()?;
        *slot = Some(store.clone());
        Ok(store)
    }

    /// Forgets the connection after a platform failure (the keyring daemon restarted, the
    /// session bus went away), so the next call connects afresh.
    fn forget_store_after(&self, error: &KeyringError) {
        if matches!(error, KeyringError::PlatformFailure(_)) {
            *self.store.lock().unwrap_or_else(PoisonError::into_inner) = None;
        }
    }
}

impl Default for KeyringVault {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for KeyringVault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyringVault")
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

impl SecretVault for KeyringVault {
    fn get(&self, name: &str) -> Result<Option<SecretString>, SecretError> {
        let entry = self.entry(name)?;
        match entry.get_password() {
            Ok(value) => Ok(Some(SecretString::from(value))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(KeyringError::Ambiguous(_)) => Err(SecretError::Refused(format!(
                "the keyring holds more than one `{name}` entry for {}; remove the extra ones",
                self.service
            ))),
            Err(error) => {
                self.forget_store_after(&error);
                Err(classify(name, error))
            }
        }
    }

    fn set(&self, name: &str, value: &SecretString) -> Result<(), SecretError> {
        let entry = self.entry(name)?;
        let result = match entry.set_password(value.expose_secret()) {
            // Duplicates (written by another tool): replace them all with the one value.
            Err(KeyringError::Ambiguous(duplicates)) => {
                delete_all(&duplicates).and_then(|()| entry.set_password(value.expose_secret()))
            }
            other => other,
        };
        result.map_err(|error| {
            self.forget_store_after(&error);
            classify(name, error)
        })
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        let entry = self.entry(name)?;
        let result = match entry.delete_credential() {
            Err(KeyringError::NoEntry) => Ok(()),
            Err(KeyringError::Ambiguous(duplicates)) => delete_all(&duplicates),
            other => other,
        };
        result.map_err(|error| {
            self.forget_store_after(&error);
            classify(name, error)
        })
    }
}

fn delete_all(entries: &[Entry]) -> Result<(), KeyringError> {
    for entry in entries {
        match entry.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// Connects to this platform's keyring.
fn open_platform_store() -> Result<Arc<CredentialStore>, SecretError> {
    #[cfg(all(
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    ))]
    {
        match zbus_secret_service_keyring_store::Store::new() {
            Ok(store) => Ok(store),
            Err(error) => Err(SecretError::Unavailable(format!(
                "no Secret Service answered on the D-Bus session bus ({}); start a keyring \
                 such as gnome-keyring or KWallet in this desktop session",
                describe(&error)
            ))),
        }
    }
    #[cfg(target_os = "macos")]
    {
        match apple_native_keyring_store::keychain::Store::new() {
            Ok(store) => Ok(store),
            Err(error) => Err(SecretError::Unavailable(format!(
                "the macOS Keychain could not be opened: {}",
                describe(&error)
            ))),
        }
    }
    #[cfg(target_os = "windows")]
    {
        match windows_native_keyring_store::Store::new() {
            Ok(store) => Ok(store),
            Err(error) => Err(SecretError::Unavailable(format!(
                "the Windows Credential Manager could not be opened: {}",
                describe(&error)
            ))),
        }
    }
    #[cfg(not(any(
        target_os = "macos",
        target_os = "windows",
        all(
            unix,
            not(any(target_os = "macos", target_os = "ios", target_os = "android"))
        )
    )))]
    {
        Err(SecretError::Unavailable(
            "this platform has no supported OS keyring".to_owned(),
        ))
    }
}

/// What a failed keyring call means for the caller. Never includes a secret: keyring errors
/// carry at most the bytes of a badly encoded value, and those are not shown.
fn classify(name: &str, error: KeyringError) -> SecretError {
    match error {
        KeyringError::NoStorageAccess(cause) => SecretError::Unavailable(format!(
            "the keyring is locked, has no default collection, or refused access to `{name}` \
             ({cause}); unlock it (or create a default keyring) and try again"
        )),
        KeyringError::NoDefaultStore => {
            SecretError::Unavailable("no keyring store is configured".to_owned())
        }
        other => refused(name, other),
    }
}

fn refused(name: &str, error: KeyringError) -> SecretError {
    SecretError::Refused(format!("`{name}`: {}", describe(&error)))
}

/// A keyring error in words, without the raw bytes some variants carry.
fn describe(error: &KeyringError) -> String {
    match error {
        KeyringError::BadEncoding(_) => "the stored value is not UTF-8 text".to_owned(),
        KeyringError::BadDataFormat(_, cause) => format!("the stored value is malformed: {cause}"),
        KeyringError::PlatformFailure(cause) => cause.to_string(),
        KeyringError::NoStorageAccess(cause) => format!("no access: {cause}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(message: &str) -> Box<dyn std::error::Error + Send + Sync> {
        message.into()
    }

    #[test]
    fn a_locked_keyring_is_unavailable_not_refused() {
        let error = classify(
            "k",
            KeyringError::NoStorageAccess(boxed("collection is locked")),
        );
        assert!(
            matches!(&error, SecretError::Unavailable(m) if m.contains("locked")),
            "the UI tells the trader to unlock the keyring: {error:?}"
        );
    }

    #[test]
    fn a_badly_encoded_value_is_never_echoed() {
        let error = classify("k", KeyringError::BadEncoding(b"canary-\xff".to_vec()));
        assert!(
            !error.to_string().contains("canary"),
            "the stored bytes may be a secret: {error}"
        );
        let error = classify(
            "k",
            KeyringError::BadDataFormat(b"canary".to_vec(), boxed("bad")),
        );
        assert!(!error.to_string().contains("canary"), "{error}");
    }

    #[test]
    fn a_vault_connects_only_when_first_used() {
        let vault = KeyringVault::default();
        let connected = vault
            .store
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some();
        assert!(!connected, "opening an App must not need a keyring");
        assert!(format!("{vault:?}").contains(SERVICE));
    }
}
