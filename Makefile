# Pilothouse: `make run` launches the desktop app, `make test` runs every test tier.
# Both install what is missing first (apt-get for system packages, cargo for tauri-driver,
# npm ci for the UI), so a fresh Debian/Ubuntu machine needs nothing but this repository.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
# Build outside the clone so a fresh clone reuses earlier builds (CI keeps this directory).
export CARGO_TARGET_DIR ?= $(HOME)/.cache/pilothouse/target
export CARGO_TERM_COLOR ?= never

APT_PACKAGES := build-essential pkg-config curl file libssl-dev libwebkit2gtk-4.1-dev \
	libayatana-appindicator3-dev librsvg2-dev libxdo-dev libsecret-1-dev \
	xvfb xauth webkit2gtk-driver gnome-keyring dbus-x11 nodejs npm
ARTIFACTS := target/test-artifacts
BIN := $(CARGO_TARGET_DIR)/debug

.PHONY: run test bench setup ui lint rust-tests ui-tests summary clean-artifacts

## run: build and launch the desktop app (embedded SQLite in the OS data dir, paper mode)
run: setup ui
	cargo build --release -p pilothouse-desktop -p pilothouse-cli
	$(CARGO_TARGET_DIR)/release/pilothouse-desktop

## test: every tier — lints, Rust unit/store/app/CLI/journey tests, desktop e2e, UI tests
test: setup ui lint clean-artifacts
	cargo build -p pilothouse-desktop -p pilothouse-cli
	$(MAKE) --no-print-directory -k rust-tests ui-tests || true
	$(MAKE) --no-print-directory summary

## bench: criterion benchmarks and the desktop start-up measurement (figures go to BENCHMARKS.md)
bench: setup ui
	cargo bench -p pilothouse-store --bench logs
	cargo bench -p pilothouse-core --bench cron
	cargo bench -p pilothouse-core --bench paper
	cargo bench -p pilothouse-core --bench indicators
	cargo bench -p pilothouse-core --bench backtest
	cargo bench -p pilothouse-app --bench scheduler_startup
	cargo bench -p pilothouse-app --bench scheduler_lateness
	cargo bench -p pilothouse-app --bench candle_budget
	cargo bench -p pilothouse-exchange --bench klines
	cargo build --release -p pilothouse-desktop
	scripts/desktop-bench.sh $(CARGO_TARGET_DIR)/release/pilothouse-desktop

setup:
	@scripts/setup.sh $(APT_PACKAGES)

ui:
	cd ui && npm ci --no-audit --no-fund --loglevel=error
	cd ui && npm run build

lint:
	cargo fmt --all --check
	scripts/check-core-deps.sh
	cargo test --quiet -p pilothouse-core -p pilothouse-app --lib export_bindings >/dev/null
	@git diff --exit-code --stat -- ui/src/bindings && test -z "$$(git status --porcelain -- ui/src/bindings)" \
		|| { echo "ui/src/bindings is stale: run the tests and commit the regenerated files"; exit 1; }
	cargo clippy --workspace --all-targets --quiet -- -D warnings
	cd ui && npm run --silent check

clean-artifacts:
	@rm -rf $(ARTIFACTS) target/nextest/ci/junit.xml && mkdir -p $(ARTIFACTS)

# The whole suite runs inside one D-Bus session (Secret Service for keyring tests) on a
# virtual display (the desktop e2e tests drive the real app through tauri-driver).
rust-tests:
	PILOTHOUSE_BIN_DIR=$(BIN) dbus-run-session -- scripts/with-keyring.sh \
		xvfb-run -a -s "-screen 0 1440x900x24" \
		cargo nextest run --workspace --profile ci --no-fail-fast

ui-tests:
	cd ui && VITEST_JUNIT=../$(ARTIFACTS)/vitest-junit.xml npm test --silent
	scripts/ui-node18.sh

summary:
	@scripts/summary.sh target/nextest/ci/junit.xml $(ARTIFACTS)/vitest-junit.xml
