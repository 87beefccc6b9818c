//! Forwards the App's domain events to the UI (`app-event`), the tray, and — for CRITICAL log
//! entries — the desktop's notifications, so a trader sees an emergency even with the window
//! hidden.

use pilothouse_app::App;
use pilothouse_app::core::{AppEvent, LogEntry, Severity};
use tauri::{AppHandle, Emitter};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;

use crate::tray;

/// The event name the UI listens to.
pub const APP_EVENT: &str = "app-event";

/// Most notifications raised for one batch of entries; the rest are summarised.
const MAX_NOTIFICATIONS: usize = 3;

pub fn start(handle: AppHandle, app: App) {
    let mut events = app.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => deliver(&handle, &event),
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "the UI fell behind the event stream");
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
}

fn deliver(handle: &AppHandle, event: &AppEvent) {
    if let Err(error) = handle.emit(APP_EVENT, event) {
        tracing::warn!(%error, "could not forward an event to the UI");
    }
    match event {
        AppEvent::PauseChanged { state } => tray::show_pause(handle, state),
        AppEvent::LogsAppended { entries } => notify_critical(handle, entries),
        AppEvent::ScheduleAlert {
            schedule_name,
            failures,
            error,
            ..
        } => notify(
            handle,
            &format!("Pilothouse · schedule '{schedule_name}' failing"),
            &format!("Failed {failures} times in a row. Last error: {error}"),
        ),
        AppEvent::SchedulesChanged
        | AppEvent::RunChanged { .. }
        | AppEvent::BudgetsChanged { .. }
        | AppEvent::MarketOutagesChanged { .. }
        | AppEvent::AccountsChanged
        | AppEvent::OrdersChanged { .. }
        | AppEvent::BacktestProgress { .. }
        | AppEvent::BacktestRunsChanged => {}
    }
}

fn notify_critical(handle: &AppHandle, entries: &[LogEntry]) {
    let critical: Vec<&LogEntry> = entries
        .iter()
        .filter(|e| e.severity == Severity::Critical)
        .collect();
    for entry in critical.iter().take(MAX_NOTIFICATIONS) {
        notify(
            handle,
            &format!("Pilothouse · {}", entry.log_type),
            &entry.message,
        );
    }
    if critical.len() > MAX_NOTIFICATIONS {
        let more = critical.len() - MAX_NOTIFICATIONS;
        notify(
            handle,
            "Pilothouse",
            &format!("{more} more critical events: see Logs"),
        );
    }
}

fn notify(handle: &AppHandle, title: &str, body: &str) {
    if let Err(error) = handle
        .notification()
        .builder()
        .title(title)
        .body(body)
        .show()
    {
        // No notification daemon (a bare X session): the entry is still in the log and the UI.
        tracing::warn!(%error, "could not show a desktop notification");
    }
}
