//! `pilothouse webhook-key`: the key webhook deliveries are signed with, for setting up a
//! receiver on a server without the desktop app. The key is the trader's own secret, kept in the
//! OS keyring; it is printed only when asked for by name, on stdout alone (so it can be piped
//! into a receiver's configuration), with a reminder on stderr that it is secret.

use clap::Subcommand;
use pilothouse_app::App;
use secrecy::ExposeSecret;

#[derive(Debug, Subcommand)]
pub enum WebhookKeyCommand {
    /// Print the signing key.
    ///
    /// The key is `whsec_` + 64 hex digits, created in the OS keyring if no webhook has needed
    /// one yet. Receivers verify `X-Pilothouse-Signature: sha256=<hex>`, the
    /// HMAC-SHA256 under this whole text of `<X-Pilothouse-Timestamp>.<body>`.
    Show,
    /// Replace the signing key with a new random one and print it.
    ///
    /// Deliveries from now on are signed with the new key: give it to every receiver, the old
    /// one no longer verifies.
    Rotate,
}

pub async fn run(app: &App, command: WebhookKeyCommand) -> anyhow::Result<()> {
    let key = match command {
        WebhookKeyCommand::Show => {
            let key = app.webhook_signing_key().await?;
            eprintln!(
                "The webhook signing key follows. It is a secret: give it only to your \
                 receivers, and rotate it (`pilothouse webhook-key rotate`) if it leaks."
            );
            key
        }
        WebhookKeyCommand::Rotate => {
            let key = app.rotate_webhook_signing_key().await?;
            eprintln!(
                "New webhook signing key (a secret) follows. Deliveries from now on are signed \
                 with it: give it to every receiver; the old key no longer verifies."
            );
            key
        }
    };
    println!("{}", key.expose_secret());
    Ok(())
}
