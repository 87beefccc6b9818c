#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring) on the D-Bus session bus,
# so the keyring tests exercise the OS keyring instead of a mock:
#
#     dbus-run-session -- scripts/with-keyring.sh cargo test -p pilothouse-app --test keyring
#
# Outside a D-Bus session it starts one itself (re-running under dbus-run-session).
#
# The keyring is a throwaway: its files live in a fresh temporary directory (never the user's
# own ~/.local/share/keyrings), it holds only what the tests store, and the directory is removed
# when the command ends. gnome-keyring only creates (and unlocks) a default "login" collection
# when given a non-empty password, so it gets a fixed test password instead of an empty one.

set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

if [[ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]]; then
  command -v dbus-run-session >/dev/null || {
    echo "with-keyring.sh: dbus-run-session is missing (apt-get install dbus-bin)" >&2
    exit 1
  }
  exec dbus-run-session -- "$0" "$@"
fi

command -v gnome-keyring-daemon >/dev/null || {
  echo "with-keyring.sh: gnome-keyring-daemon is missing (apt-get install gnome-keyring)" >&2
  exit 1
}

secret_service_owned() {
  command -v dbus-send >/dev/null || return 1
  dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true
}

# A desktop session that already runs a keyring keeps it: the tests only add and delete their
# own canary entries.
if secret_service_owned; then
  echo "with-keyring.sh: a Secret Service already runs on this session bus; using it" >&2
  exec "$@"
fi

keyring_dir=$(mktemp -d "${TMPDIR:-/tmp}/pilothouse-keyring.XXXXXX")
mkdir -m 700 "$keyring_dir/data" "$keyring_dir/control"

# The daemon reads the login password from stdin, creates the login collection with it, makes it
# the default collection, unlocks it, and prints the variables its clients need.
started=$(printf '%s' 'pilothouse-test-keyring' |
  XDG_DATA_HOME="$keyring_dir/data" gnome-keyring-daemon --unlock --daemonize \
    --components=secrets --control-directory="$keyring_dir/control") || {
  echo "with-keyring.sh: gnome-keyring-daemon did not start" >&2
  rm -rf "$keyring_dir"
  exit 1
}
while IFS= read -r line; do
  if [[ "$line" == *=* ]]; then export "${line?}"; fi
done <<<"$started"

# --daemonize returns before the daemon owns its bus name; a client calling in that gap would
# make D-Bus activate a second, default-configured daemon. Wait for ours (NameHasOwner does not
# activate anything), then check it has an unlocked default collection: failing here, with a
# clear message, beats failing in every keyring test.
if command -v dbus-send >/dev/null; then
  owned=false
  for _ in $(seq 50); do
    if secret_service_owned; then
      owned=true
      break
    fi
    sleep 0.1
  done
  if [[ "$owned" != true ]]; then
    echo "with-keyring.sh: gnome-keyring-daemon did not claim org.freedesktop.secrets" >&2
    rm -rf "$keyring_dir"
    exit 1
  fi
  default=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.secrets \
    /org/freedesktop/secrets org.freedesktop.Secret.Service.ReadAlias string:default 2>&1) || {
    echo "with-keyring.sh: the Secret Service does not answer: $default" >&2
    rm -rf "$keyring_dir"
    exit 1
  }
  if [[ "$(echo "$default" | tr -d '[:space:]')" == "/" ]]; then
    echo "with-keyring.sh: gnome-keyring started without a default collection" >&2
    rm -rf "$keyring_dir"
    exit 1
  fi
fi

# Remove the throwaway keyring once the command (which keeps this process id) has ended.
(
  while kill -0 "$$" 2>/dev/null; do sleep 2; done
  rm -rf "$keyring_dir"
) </dev/null >/dev/null 2>&1 &
disown

exec "$@"
