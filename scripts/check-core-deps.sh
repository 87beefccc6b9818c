#!/usr/bin/env bash
# Design rule 1: the domain crate depends on no runtime or IO crate.
set -euo pipefail
bad=$(cargo tree -p pilothouse-core -e normal --prefix none | grep -oE '^(tauri|sqlx|reqwest|tokio)[a-z0-9_-]* ' | sort -u || true)
if [ -n "$bad" ]; then
  echo "pilothouse-core must not depend on runtime or IO crates, found: $bad"
  exit 1
fi
