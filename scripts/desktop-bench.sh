#!/usr/bin/env bash
# Desktop start-up and idle cost, as BENCHMARKS.md reports them:
# - cold start: from exec to the UI's first rendered screen (the UI calls `ui_ready` once it is
#   on screen; the app logs it), measured from outside over RUNS launches; median reported;
# - idle memory: PSS summed over the app and all its processes (WebKit web/network processes),
#   after IDLE_SECONDS at rest;
# - idle CPU: CPU time of those processes over IDLE_SECONDS, as % of one core.
# Runs under its own Xvfb and D-Bus session, on a temp data dir.
set -euo pipefail
app=${1:?usage: desktop-bench.sh PATH/TO/pilothouse-desktop}
runs=${RUNS:-7}
idle=${IDLE_SECONDS:-20}

if [ -z "${DISPLAY:-}" ] || [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1440x900x24" "$0" "$@"
fi

now_ms() { date +%s%3N; }
descendants() { local p=$1; echo "$p"; for c in $(pgrep -P "$p"); do descendants "$c"; done; }

starts=()
for run in $(seq 1 "$runs"); do
  home=$(mktemp -d)
  out="$home/stderr.log"
  t0=$(now_ms)
  XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache XDG_DATA_HOME=$home/xdg \
    PILOTHOUSE_LOG=info "$app" --data-dir "$home/data" 2>"$out" >/dev/null &
  pid=$!
  until grep -q "first screen rendered" "$out" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the app exited early:"; cat "$out"; exit 1; }
    [ $(( $(now_ms) - t0 )) -lt 30000 ] || { echo "no first screen within 30 s"; cat "$out"; exit 1; }
    sleep 0.005
  done
  t1=$(now_ms)
  starts+=($((t1 - t0)))
  echo "run $run: first screen after $((t1 - t0)) ms (app's own figure: $(grep -o 'cold_start_ms=[0-9]*' "$out" | head -1))"
  if [ "$run" -eq "$runs" ]; then
    sleep "$idle"
    pids=$(descendants "$pid")
    pss=0; ticks0=0
    for p in $pids; do
      kb=$(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null || echo 0)
      pss=$((pss + kb))
      ticks0=$((ticks0 + $(awk '{print $14 + $15}' /proc/"$p"/stat)))
    done
    sleep "$idle"
    ticks1=0
    for p in $pids; do ticks1=$((ticks1 + $(awk '{print $14 + $15}' /proc/"$p"/stat 2>/dev/null || echo 0))); done
    hz=$(getconf CLK_TCK)
    echo "processes: $(for p in $pids; do tr '\0' ' ' </proc/"$p"/cmdline | awk '{print $1}' | xargs basename; done | tr '\n' ' ')"
    for p in $pids; do
      echo "  $(tr '\0' ' ' </proc/"$p"/cmdline | awk '{print $1}' | xargs basename): $(( $(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup) / 1024 )) MiB"
    done
    echo "idle memory (PSS, all processes): $((pss / 1024)) MiB"
    awk -v t=$((ticks1 - ticks0)) -v hz="$hz" -v s="$idle" \
      'BEGIN { printf "idle CPU over %d s: %.2f %% of one core\n", s, 100 * t / hz / s }'
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$home"
done
sorted=$(printf '%s\n' "${starts[@]}" | sort -n)
median=$(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted")
echo "cold start to first screen over $runs runs: median ${median} ms (min $(head -1 <<<"$sorted"), max $(tail -1 <<<"$sorted"))"
