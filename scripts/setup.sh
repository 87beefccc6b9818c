#!/usr/bin/env bash
# Installs what Pilothouse needs to build and test, and only what is missing:
# Debian packages (apt-get, as root or through sudo), Rust (rustup) and tauri-driver (cargo).
set -euo pipefail

missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
# A Node.js from elsewhere (nvm, NodeSource) is fine: only install Debian's when there is none.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for pkg in "${missing[@]}"; do [[ $pkg == nodejs || $pkg == npm ]] || filtered+=("$pkg"); done
  missing=("${filtered[@]}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The UI's build tools need Node.js 18.19 or newer (Debian 12/13 and Ubuntu 24.04 package it).
node_version=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
node_major=${node_version%%.*}
node_minor=${node_version#*.}; node_minor=${node_minor%%.*}
if [ "$node_major" -lt 18 ] || { [ "$node_major" -eq 18 ] && [ "$node_minor" -lt 19 ]; }; then
  echo "Node.js $node_version is too old for the UI's build tools: install Node.js 18.19 or newer" \
    "(e.g. from NodeSource) and run make again." >&2
  exit 1
fi

if ! command -v cargo >/dev/null; then
  echo "Installing Rust (rustup)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  export PATH="$HOME/.cargo/bin:$PATH"
fi
command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest
command -v tauri-driver >/dev/null || cargo install --locked tauri-driver
