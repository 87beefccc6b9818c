//! Telling the trader why Pilothouse did not start (the database unreadable or from a newer
//! version, the data directory not writable): a native error dialog, shown by a bare Tauri app
//! with no window and no backend, so it works exactly when the real app could not.

use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

/// Shows `message` in an error dialog and waits until it is closed. Does nothing without a
/// display (a server, an SSH session): stderr already said it.
pub fn show(mut context: tauri::Context<tauri::Wry>, message: &str) {
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()))
        || !cfg!(target_os = "linux");
    if !has_display {
        return;
    }
    // The configured main window would load the UI, which needs the backend that failed.
    context.config_mut().app.windows.clear();
    let text = format!(
        "{message}\n\nNothing was changed. When the data directory is usable, its diagnostics log has the \
         details (PILOTHOUSE_LOG=debug for more)."
    );
    let shown = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                handle
                    .dialog()
                    .message(text)
                    .title("Pilothouse could not start")
                    .kind(MessageDialogKind::Error)
                    .blocking_show();
                handle.exit(1);
            });
            Ok(())
        })
        .build(context);
    match shown {
        Ok(app) => app.run(|_, _| {}),
        Err(error) => eprintln!("(could not show the error dialog either: {error})"),
    }
}
