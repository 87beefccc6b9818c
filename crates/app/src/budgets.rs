//! The venues' request budgets, as the UI shows them live: every Binance client of this App
//! draws on one budget per venue and host, and a change in what they used is published as an
//! event (checked with the other background work every 250 ms), so the screen never polls.
//! A venue that starts rate limiting (429) or bans this IP (418) is also a SAFETY log entry —
//! CRITICAL for a ban, which raises a desktop notification — once per pause or ban.

use pilothouse_core::market::VenueBudget;
use pilothouse_core::{AppEvent, LogType, NewLogEntry, Severity};

use crate::App;

impl App {
    /// Every venue budget this App has drawn on, as of now.
    pub fn venue_budgets(&self) -> Vec<VenueBudget> {
        let mut budgets = self.inner.budgets.snapshots();
        budgets.sort_by(|a, b| (a.venue.as_str(), &a.host).cmp(&(b.venue.as_str(), &b.host)));
        budgets
    }

    /// Publishes the budgets if they changed since they were last published, and logs each
    /// new 429 pause or 418 ban.
    pub(crate) async fn publish_budgets_if_changed(&self) {
        let budgets = self.venue_budgets();
        let previous = {
            let Ok(mut last) = self.inner.last_budgets.lock() else {
                return;
            };
            if *last == budgets {
                return;
            }
            std::mem::replace(&mut *last, budgets.clone())
        };
        for budget in &budgets {
            let before = previous
                .iter()
                .find(|b| b.venue == budget.venue && b.host == budget.host);
            if let Some(entry) = safety_entry(budget, before)
                && let Err(error) = self.log(entry).await
            {
                tracing::warn!(%error, "could not log a venue's rate limit");
            }
        }
        self.publish(AppEvent::BudgetsChanged { budgets });
    }
}

/// The SAFETY entry a budget's change calls for: a ban (CRITICAL) or a pause (WARNING) that
/// was not there before.
fn safety_entry(now: &VenueBudget, before: Option<&VenueBudget>) -> Option<NewLogEntry> {
    let venue = format!("{} ({})", now.venue, now.host);
    if let Some(until) = now.banned_until
        && before.and_then(|b| b.banned_until) != Some(until)
    {
        let message = format!(
            "{venue} banned this IP address until {until} (HTTP 418): every request to it is \
             stopped until then, for all bots"
        );
        return Some(entry(Severity::Critical, "venue_banned", message));
    }
    if let Some(until) = now.paused_until
        && before.and_then(|b| b.paused_until).is_none()
    {
        let message = format!(
            "{venue} is rate limiting this IP (HTTP 429): requests to it wait until {until} and \
             slow down"
        );
        return Some(entry(Severity::Warning, "venue_rate_limited", message));
    }
    None
}

fn entry(severity: Severity, action: &str, message: String) -> NewLogEntry {
    NewLogEntry::new(LogType::Safety, severity, "exchange", action, message)
}
