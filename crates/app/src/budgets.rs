//! The venues' request budgets, as the UI shows them live: every Binance client of this App
//! draws on one budget per venue and host, and a change in what they used is published as an
//! event (checked with the other background work every 250 ms), so the screen never polls.

use pilothouse_core::AppEvent;
use pilothouse_core::market::VenueBudget;

use crate::App;

impl App {
    /// Every venue budget this App has drawn on, as of now.
    pub fn venue_budgets(&self) -> Vec<VenueBudget> {
        let mut budgets = self.inner.budgets.snapshots();
        budgets.sort_by_key(|b| b.venue.as_str());
        budgets
    }

    /// Publishes the budgets if they changed since they were last published.
    pub(crate) fn publish_budgets_if_changed(&self) {
        let budgets = self.venue_budgets();
        let changed = {
            let Ok(mut last) = self.inner.last_budgets.lock() else {
                return;
            };
            if *last == budgets {
                false
            } else {
                last.clone_from(&budgets);
                true
            }
        };
        if changed {
            self.publish(AppEvent::BudgetsChanged { budgets });
        }
    }
}
