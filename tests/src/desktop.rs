//! Launching the built desktop app under tauri-driver and talking WebDriver to it.
//!
//! Every launch gets its own data directory and its own XDG directories, so tests never touch
//! the user's real data, config (window state) or WebKit caches, and can run on a developer's
//! machine beside a running Pilothouse.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use pilothouse_app::core::LiveClock;
use pilothouse_app::scheduler::JobRegistry;
use pilothouse_app::secrets::MemoryVault;
use pilothouse_app::{App, AppConfig};
use tempfile::TempDir;

/// How long a test waits for the UI to show something before failing.
pub const UI_WAIT: Duration = Duration::from_secs(15);

/// A running desktop app and a WebDriver session on its window.
#[derive(Debug)]
pub struct Desktop {
    pub client: Client,
    driver: Child,
    home: TempDir,
}

/// Where the binaries `make test` built live (`PILOTHOUSE_BIN_DIR`, else beside this test).
pub fn bin_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("PILOTHOUSE_BIN_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let exe = std::env::current_exe()?;
    // target/debug/deps/desktop_e2e-… → target/debug
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .context("locating the target directory")
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl Desktop {
    /// Starts the app on a fresh data directory and waits for its first screen.
    pub async fn launch() -> anyhow::Result<Self> {
        let app = bin_dir()?.join("pilothouse-desktop");
        if !app.exists() {
            bail!(
                "{} is not built: run `make test` (it builds the app first)",
                app.display()
            );
        }
        let home = tempfile::tempdir()?;
        let data_dir = home.path().join("data");
        let port = free_port()?;
        let native_port = free_port()?;
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("PILOTHOUSE_DATA_DIR", &data_dir)
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_DATA_HOME", home.path().join("xdg-data"))
            .env("PILOTHOUSE_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting tauri-driver (cargo install --locked tauri-driver)")?;
        let capabilities = serde_json::json!({
            "browserName": "wry",
            "tauri:options": {
                "application": app,
                "args": ["--data-dir", data_dir],
            },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            bail!("capabilities must be a JSON object");
        };
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = None;
        // tauri-driver needs a moment to listen; retry the session for up to 10 s.
        for _ in 0..40 {
            match ClientBuilder::rustls()?
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    let desktop = Self {
                        client,
                        driver,
                        home,
                    };
                    desktop.wait_for("[data-testid=screen-overview]").await?;
                    return Ok(desktop);
                }
                Err(error) => {
                    last_error = Some(error);
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
            }
        }
        let mut driver = driver;
        let _ = driver.kill();
        bail!("no WebDriver session with the app: {last_error:?}")
    }

    /// The data directory the app runs on (open an `App` or run the CLI on it).
    pub fn data_dir(&self) -> PathBuf {
        self.home.path().join("data")
    }

    /// The backend opened beside the running app on its data dir, as the CLI would: to set up
    /// what a test needs and to check what the screen did.
    pub async fn app_beside(&self) -> anyhow::Result<App> {
        Ok(App::open(AppConfig {
            data_dir: self.data_dir(),
            clock: std::sync::Arc::new(LiveClock),
            shell: "cli",
            jobs: JobRegistry::empty(),
            secrets: std::sync::Arc::new(MemoryVault::default()),
        })
        .await?)
    }

    /// Waits for an element matching the CSS `selector` to exist.
    pub async fn wait_for(&self, selector: &str) -> anyhow::Result<Element> {
        self.client
            .wait()
            .at_most(UI_WAIT)
            .for_element(Locator::Css(selector))
            .await
            .with_context(|| format!("waiting for `{selector}`"))
    }

    /// Clicks the element with `data-testid="{id}"`.
    pub async fn click(&self, id: &str) -> anyhow::Result<()> {
        self.wait_for(&format!("[data-testid={id}]"))
            .await?
            .click()
            .await?;
        Ok(())
    }

    /// Clicks `target` until `opened` appears, for a button that opens a part of the screen
    /// (clicking it again is harmless). WebDriver resolves the element, then dispatches the
    /// click at its centre; on a loaded machine a list refresh can re-render the row in between
    /// and the click lands on nothing. Each click gets a few seconds, all of them `UI_WAIT`.
    pub async fn click_until(&self, target: &str, opened: &str) -> anyhow::Result<Element> {
        let deadline = tokio::time::Instant::now() + UI_WAIT;
        loop {
            self.wait_for(target).await?.click().await?;
            let shown = self
                .client
                .wait()
                .at_most(Duration::from_secs(3))
                .for_element(Locator::Css(opened))
                .await;
            match shown {
                Ok(element) => return Ok(element),
                Err(_) if tokio::time::Instant::now() < deadline => continue,
                Err(error) => {
                    return Err(error)
                        .with_context(|| format!("`{target}` never opened `{opened}`"));
                }
            }
        }
    }

    /// Replaces the text of the input with `data-testid="{id}"` by `text`, as typing would.
    pub async fn fill(&self, id: &str, text: &str) -> anyhow::Result<()> {
        let input = self.wait_for(&format!("[data-testid='{id}']")).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    /// Picks the option with `value` in the select with `data-testid="{id}"`.
    pub async fn select(&self, id: &str, value: &str) -> anyhow::Result<()> {
        let select = self.wait_for(&format!("[data-testid='{id}']")).await?;
        select.select_by_value(value).await?;
        Ok(())
    }

    /// Waits until the element matching `selector` has text containing `text`.
    pub async fn wait_for_text(&self, selector: &str, text: &str) -> anyhow::Result<String> {
        let mut seen = String::new();
        for _ in 0..(UI_WAIT.as_millis() / 100) {
            if let Ok(element) = self.client.find(Locator::Css(selector)).await {
                // textContent, not WebDriver's visible text: a cell cut off with an ellipsis
                // still holds its whole text.
                seen = element
                    .prop("textContent")
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                if seen.contains(text) {
                    return Ok(seen);
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let shot = self.screenshot("failed-wait").await;
        bail!("`{selector}` never showed `{text}` (last text: {seen:?}; screen: {shot:?})")
    }

    /// Scrolls the element matching `selector` to the top of the view (before a screenshot).
    pub async fn scroll_to(&self, selector: &str) -> anyhow::Result<()> {
        let element = self.wait_for(selector).await?;
        let arg = serde_json::to_value(&element)?;
        self.client
            .execute("arguments[0].scrollIntoView({block: 'start'});", vec![arg])
            .await?;
        Ok(())
    }

    /// Saves a screenshot under `target/test-artifacts/` (kept by CI), once the page has
    /// painted what it holds: WebKit grabs the last composited frame, which right after a large
    /// change (a screen opened, charts drawn) can still be the empty one before it.
    pub async fn screenshot(&self, name: &str) -> anyhow::Result<PathBuf> {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .context("waiting for the page to paint before a screenshot")?;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/test-artifacts");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.client.screenshot().await?)?;
        Ok(path)
    }

    /// Ends the session and the app.
    pub async fn close(mut self) -> anyhow::Result<()> {
        let closed = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        closed.context("closing the WebDriver session")
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
