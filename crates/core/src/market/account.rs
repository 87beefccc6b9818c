//! Accounts: where bots trade. A paper account simulates fills on real prices (never real
//! money); a Binance account trades spot or USD-M futures with API keys that live only in the
//! OS keyring, never here (design rule 9).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{AccountPermissions, Venue};
use crate::field::{FieldError, http_url};
use crate::paper::{PaperConfig, PaperMarket, PaperMode, PaperSetup};

/// The longest account name, in characters.
pub const MAX_ACCOUNT_NAME: usize = 64;

/// An account as the trader enters it (Settings, `pilothouse accounts add`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccountInput {
    pub name: String,
    pub venue: Venue,
    /// The venue's API root (a testnet, a fake server); `None` for its production URL.
    pub base_url: Option<String>,
    /// Whether orders go to the venue with real money. Never for paper accounts.
    pub live: bool,
    /// A paper account's settings; `None`: the spot defaults. Only for paper accounts.
    #[serde(default)]
    pub paper: Option<PaperSetup>,
}

/// A checked paper setup: the simulated account's configuration and its price source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperSpec {
    pub config: PaperConfig,
    pub market: PaperMarket,
}

/// An [`AccountInput`] that passed [`AccountInput::check`]: trimmed and valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSpec {
    pub name: String,
    pub venue: Venue,
    pub base_url: Option<String>,
    pub live: bool,
    /// Set for (and only for) a paper account.
    pub paper: Option<PaperSpec>,
}

impl AccountInput {
    /// Refuses an empty or over-long name (field `name`), a base URL that is not http(s) with a
    /// host (field `base_url`), a live paper account (field `live`), paper settings on a real
    /// venue (field `paper`) and bad paper settings (fields `paper.…`).
    pub fn check(&self) -> Result<AccountSpec, FieldError> {
        let name = self.name.trim();
        let length = name.chars().count();
        if length == 0 || length > MAX_ACCOUNT_NAME {
            return Err(FieldError::new(
                "name",
                format!("must be 1 to {MAX_ACCOUNT_NAME} characters, not {length}"),
            ));
        }
        let base_url = match self.base_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(check_base_url(text)?),
        };
        if self.live && self.venue == Venue::Paper {
            return Err(FieldError::new(
                "live",
                "a paper account simulates trades and can never be live",
            ));
        }
        let paper = match (&self.paper, self.venue) {
            (None, Venue::Paper) => Some(PaperSetup::default_for(PaperMode::Spot)),
            (Some(setup), Venue::Paper) => Some(setup.clone()),
            (None, _) => None,
            (Some(_), venue) => {
                return Err(FieldError::new(
                    "paper",
                    format!("only paper accounts have paper settings, not {venue}"),
                ));
            }
        };
        let paper = match paper {
            Some(setup) => Some(PaperSpec {
                config: setup.check()?,
                market: setup.market,
            }),
            None => None,
        };
        Ok(AccountSpec {
            name: name.to_owned(),
            venue: self.venue,
            base_url,
            live: self.live,
            paper,
        })
    }
}

fn check_base_url(text: &str) -> Result<String, FieldError> {
    http_url("base_url", text).map(|_| text.trim().trim_end_matches('/').to_owned())
}

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Account {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub venue: Venue,
    /// `None`: the venue's production URL.
    pub base_url: Option<String>,
    pub live: bool,
    /// Whether an API key and secret are in the keyring for it (never the keys themselves).
    pub has_keys: bool,
    /// Why `has_keys` is not known (the OS keyring did not answer), or what is left of the
    /// keys after a removal; absent when all is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub keys_unknown: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What "Test connection" found: the clock offset, the key's permissions, and what to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionReport {
    /// The venue's clock minus ours, in ms.
    #[ts(type = "number")]
    pub server_time_offset_ms: i64,
    pub permissions: AccountPermissions,
    /// Things that work but should be fixed (a key without an IP restriction).
    pub warnings: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(venue: Venue, base_url: Option<&str>, live: bool) -> AccountInput {
        AccountInput {
            name: " main ".into(),
            venue,
            base_url: base_url.map(str::to_owned),
            live,
            paper: None,
        }
    }

    fn field(result: Result<AccountSpec, FieldError>) -> Option<String> {
        result.err().map(|e| e.field)
    }

    #[test]
    fn an_account_is_checked() {
        let spec = input(
            Venue::BinanceSpot,
            Some("https://testnet.binance.vision/"),
            true,
        )
        .check()
        .ok();
        assert_eq!(spec.as_ref().map(|s| s.name.as_str()), Some("main"));
        assert_eq!(
            spec.and_then(|s| s.base_url).as_deref(),
            Some("https://testnet.binance.vision")
        );
        assert_eq!(
            field(input(Venue::Paper, None, true).check()).as_deref(),
            Some("live")
        );
        for bad in ["ftp://x.example", "not a url", "file:///tmp"] {
            assert_eq!(
                field(input(Venue::BinanceUsdm, Some(bad), false).check()).as_deref(),
                Some("base_url"),
                "{bad}"
            );
        }
        let mut long = input(Venue::Paper, None, false);
        long.name = "x".repeat(65);
        assert_eq!(field(long.check()).as_deref(), Some("name"));
        long.name = "  ".into();
        assert_eq!(field(long.check()).as_deref(), Some("name"));
    }

    #[test]
    fn paper_settings_belong_to_paper_accounts_only() {
        let plain = input(Venue::Paper, None, false).check().ok();
        let paper = plain.and_then(|s| s.paper);
        assert_eq!(
            paper.map(|p| p.config.mode),
            Some(PaperMode::Spot),
            "a paper account without settings gets the spot defaults"
        );
        let mut futures = input(Venue::Paper, None, false);
        futures.paper = Some(PaperSetup::default_for(PaperMode::Futures));
        let spec = futures.check().ok().and_then(|s| s.paper);
        assert_eq!(spec.map(|p| p.config.mode), Some(PaperMode::Futures));
        let mut real = input(Venue::BinanceSpot, None, false);
        real.paper = Some(PaperSetup::default_for(PaperMode::Spot));
        assert_eq!(field(real.check()).as_deref(), Some("paper"));
        let mut bad = input(Venue::Paper, None, false);
        let mut setup = PaperSetup::default_for(PaperMode::Spot);
        setup.slippage_bps = rust_decimal::Decimal::from(-1);
        bad.paper = Some(setup);
        assert_eq!(field(bad.check()).as_deref(), Some("paper.slippage_bps"));
    }
}
