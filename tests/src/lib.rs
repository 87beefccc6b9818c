//! Shared harness for the desktop end-to-end tests: the real built app, driven through
//! tauri-driver and WebKitWebDriver on the display the test runs under (Xvfb in `make test`).

pub mod desktop;
