//! The tray menu: the emergency pause as a check item (tray *click* events do not fire on Linux,
//! so the switch lives in the menu), plus Show and Quit. The icon turns red while paused.

use pilothouse_app::App;
use pilothouse_app::core::PauseState;
use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Wry};

const PAUSE_ID: &str = "emergency-pause";
const SHOW_ID: &str = "show";
const QUIT_ID: &str = "quit";
const TRAY_REASON: &str = "Paused from the tray menu";

const RUNNING_ICON: &[u8] = include_bytes!("../../icons/tray-running.png");
const PAUSED_ICON: &[u8] = include_bytes!("../../icons/tray-paused.png");

/// The tray parts that change with the pause state.
struct Tray {
    icon: TrayIcon,
    pause: CheckMenuItem<Wry>,
}

pub fn install(handle: &AppHandle, app: &App) -> tauri::Result<()> {
    let pause = CheckMenuItem::with_id(
        handle,
        PAUSE_ID,
        "Emergency pause",
        true,
        false,
        None::<&str>,
    )?;
    let menu = Menu::with_items(
        handle,
        &[
            &pause,
            &PredefinedMenuItem::separator(handle)?,
            &MenuItem::with_id(handle, SHOW_ID, "Show Pilothouse", true, None::<&str>)?,
            &MenuItem::with_id(handle, QUIT_ID, "Quit Pilothouse", true, None::<&str>)?,
        ],
    )?;
    let icon = TrayIconBuilder::with_id("main")
        .icon(Image::from_bytes(RUNNING_ICON)?)
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(on_menu)
        .build(handle)?;
    handle.manage(Tray { icon, pause });
    show_pause(handle, &app.pause_state());
    Ok(())
}

/// Makes the tray show `state`: check mark, label, icon and tooltip.
pub fn show_pause(handle: &AppHandle, state: &PauseState) {
    let Some(tray) = handle.try_state::<Tray>() else {
        return;
    };
    let (label, tooltip, icon) = if state.paused {
        (
            "Emergency pause — ALL TRADING PAUSED",
            "Pilothouse: ALL TRADING PAUSED",
            PAUSED_ICON,
        )
    } else {
        (
            "Emergency pause",
            "Pilothouse: trading running",
            RUNNING_ICON,
        )
    };
    let shown = tray
        .pause
        .set_checked(state.paused)
        .and_then(|()| tray.pause.set_text(label))
        .and_then(|()| tray.icon.set_tooltip(Some(tooltip)))
        .and_then(|()| tray.icon.set_icon(Some(Image::from_bytes(icon)?)));
    if let Err(error) = shown {
        tracing::warn!(%error, "could not update the tray");
    }
}

pub fn show_main_window(handle: &AppHandle) {
    if let Some(window) = handle.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

fn on_menu(handle: &AppHandle, event: MenuEvent) {
    match event.id().as_ref() {
        PAUSE_ID => toggle_pause(handle),
        SHOW_ID => show_main_window(handle),
        QUIT_ID => handle.exit(0),
        _ => {}
    }
}

/// The check item flips itself when clicked; the App decides, and the tray then shows what holds.
fn toggle_pause(handle: &AppHandle) {
    let handle = handle.clone();
    let app = handle.state::<App>().inner().clone();
    tauri::async_runtime::spawn(async move {
        let result = if app.is_paused() {
            app.resume_all().await
        } else {
            app.pause_all(TRAY_REASON).await
        };
        if let Err(error) = &result {
            tracing::error!(%error, "the tray could not switch the emergency pause");
        }
        show_pause(&handle, &app.pause_state());
    });
}
