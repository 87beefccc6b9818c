//! The key webhook deliveries are signed with, so a receiver can tell a Pilothouse POST from a
//! forged one. It lives in the OS keyring like every other secret (design rule 9); it is made
//! on first use, so a trader who never schedules a webhook never gets one.
//!
//! The key is the text `whsec_` + 64 lowercase hex digits (32 bytes from the OS random source).
//! Receivers use that whole text, prefix included, as the HMAC key.

use std::path::Path;

use secrecy::SecretString;
use tokio::sync::Mutex;

use crate::secrets::{SecretVault, blocking};
use crate::{App, AppError};

/// The keyring name of the webhook signing key.
const KEY_NAME: &str = "webhook-signing-key";

/// What every signing key starts with, so a trader recognises one when pasting it.
const KEY_PREFIX: &str = "whsec_";

/// Random bytes in a key.
const KEY_BYTES: usize = 32;

/// One get-or-create (or rotation) at a time in this process: two deliveries starting together
/// must not each create, store and sign with a different first key.
static KEY_LOCK: Mutex<()> = Mutex::const_new(());

impl App {
    /// The key webhook bodies are signed with, created (and stored in the keyring) on first use.
    pub async fn webhook_signing_key(&self) -> Result<SecretString, AppError> {
        let _one_at_a_time = KEY_LOCK.lock().await;
        let vault = self.inner.secrets.clone();
        blocking(move || {
            if let Some(key) = vault.get(KEY_NAME)? {
                return Ok(key);
            }
            store_new_key(vault.as_ref())
        })
        .await
    }

    /// Replaces the signing key with a new random one and returns it. Receivers must be given
    /// the new key: deliveries from now on are signed with it.
    pub async fn rotate_webhook_signing_key(&self) -> Result<SecretString, AppError> {
        let _one_at_a_time = KEY_LOCK.lock().await;
        let vault = self.inner.secrets.clone();
        blocking(move || store_new_key(vault.as_ref())).await
    }
}

/// Stores a fresh key and returns what the vault then holds: if another process stored its own
/// key at the same moment, both use the one that won.
fn store_new_key(vault: &dyn SecretVault) -> Result<SecretString, AppError> {
    let key = new_key()?;
    vault.set(KEY_NAME, &key)?;
    Ok(vault.get(KEY_NAME)?.unwrap_or(key))
}

fn new_key() -> Result<SecretString, AppError> {
    let mut bytes = [0u8; KEY_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| {
        AppError::io(
            "reading",
            Path::new("the OS random source"),
            std::io::Error::from(e),
        )
    })?;
    let key = SecretString::from(format!("{KEY_PREFIX}{}", hex::encode(bytes)));
    bytes.fill(0);
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_prefixed_hex_of_32_random_bytes() {
        use secrecy::ExposeSecret;
        let a = new_key().expect("the OS random source works");
        let b = new_key().expect("the OS random source works");
        let a = a.expose_secret();
        let hex_part = a.strip_prefix(KEY_PREFIX).unwrap_or_default();
        assert_eq!(hex_part.len(), 64, "{KEY_BYTES} bytes as hex");
        assert!(
            hex_part
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
            "lowercase hex"
        );
        assert_ne!(a, b.expose_secret(), "each key is random");
    }
}
