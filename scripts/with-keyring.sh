#!/bin/sh
# Run a command against a real, private, unlocked Secret Service (gnome-keyring) so keychain
# tests never touch a user's own keyring:
#
#   scripts/with-keyring.sh npx vitest run
#
# - HOME and XDG_* point into a fresh temp folder (removed at exit), so the login keyring that
#   gnome-keyring creates lives there;
# - dbus-run-session starts a private session bus (DBUS_SESSION_BUS_ADDRESS is set for the
#   command) and stops it when the command ends;
# - gnome-keyring-daemon --unlock, fed a random password on stdin, creates the "login" keyring
#   with that password, unlocks it and claims org.freedesktop.secrets before the command starts;
# - works as root with no X11/Wayland display (DISPLAY and WAYLAND_DISPLAY are unset on purpose,
#   so nothing ever tries to show an unlock prompt);
# - the exit status is the command's.
#
# Needs the Debian packages dbus (dbus-run-session, dbus-send) and gnome-keyring.
set -u

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 64
fi
for tool in dbus-run-session dbus-daemon dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring.sh: '$tool' not found; install the Debian packages dbus and gnome-keyring" >&2
    exit 127
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/with-keyring.XXXXXXXX") || exit 1
cleanup() {
  # The keyring daemon leaves when its bus goes away; give it a moment to stop writing.
  i=0
  while [ -e "$tmp" ] && [ $i -lt 20 ]; do
    rm -rf "$tmp" 2>/dev/null || sleep 0.1
    i=$((i + 1))
  done
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -m 700 "$tmp/home" "$tmp/run" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/state" || exit 1
export HOME="$tmp/home"
export XDG_RUNTIME_DIR="$tmp/run"
export XDG_DATA_HOME="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CACHE_HOME="$tmp/cache"
export XDG_STATE_HOME="$tmp/state"
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL

# dbus-daemon's own chatter (as root: "Failed to set fd limit"; service activation notes) goes to
# a log file instead of the command's stderr; it is printed only if the setup fails.
daemon_log="$tmp/dbus-daemon.log"
cat >"$tmp/dbus-daemon" <<EOF
#!/bin/sh
exec dbus-daemon "\$@" 2>>"$daemon_log"
EOF
chmod 700 "$tmp/dbus-daemon"

WITH_KEYRING_PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
WITH_KEYRING_TMP="$tmp"
export WITH_KEYRING_PASSWORD WITH_KEYRING_TMP

# The session runs in the background in its own process group (setsid), so that a signal to
# this script can end all of it: dbus-run-session itself dies on SIGTERM and would leave
# dbus-daemon, the keyring daemon and the command behind. A background job starts with SIGINT
# and SIGQUIT ignored and stdin on /dev/null; the command gets both back (where coreutils'
# env knows --default-signal) and keeps this script's stdin.
defaults=
if env --default-signal=INT,QUIT true 2>/dev/null; then
  defaults="env --default-signal=INT,QUIT"
fi
exec 3<&0
# shellcheck disable=SC2016,SC2086 # expanded by the inner shell; $defaults is split on purpose
setsid $defaults dbus-run-session --dbus-daemon="$tmp/dbus-daemon" -- sh -c '
  pw=$WITH_KEYRING_PASSWORD
  unset WITH_KEYRING_PASSWORD
  log="$WITH_KEYRING_TMP/gnome-keyring.log"
  if ! printf "%s" "$pw" | gnome-keyring-daemon --unlock --components=secrets >"$log" 2>&1; then
    echo "with-keyring.sh: gnome-keyring-daemon --unlock failed:" >&2
    cat "$log" "$WITH_KEYRING_TMP/dbus-daemon.log" >&2
    exit 70
  fi
  # The daemon must own org.freedesktop.secrets before the command runs; otherwise D-Bus would
  # activate a second, locked daemon on first use.
  i=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
    i=$((i + 1))
    if [ $i -ge 100 ]; then
      echo "with-keyring.sh: gnome-keyring did not claim org.freedesktop.secrets within 10 s" >&2
      cat "$log" "$WITH_KEYRING_TMP/dbus-daemon.log" >&2
      exit 70
    fi
    sleep 0.1
  done
  unset WITH_KEYRING_TMP
  export OPTIPLAN_PRIVATE_KEYRING=1
  exec "$@"
' with-keyring "$@" 0<&3 3<&- &
pid=$!
exec 3<&-
# HUP/INT/TERM here → SIGTERM to the whole session (dash's kill takes "-PGID", not "-- -PGID").
signal_rc=
forward() {
  signal_rc=$1
  kill -TERM "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
}
trap 'forward 129' HUP
trap 'forward 130' INT
trap 'forward 143' TERM
# wait returns early when a trap runs; keep waiting until the session has really ended.
while :; do
  wait "$pid"
  rc=$?
  kill -0 "$pid" 2>/dev/null || break
done
# Anything of the session still running (the keyring daemon leaves on its own, a bit later).
kill -TERM "-$pid" 2>/dev/null
exit "${signal_rc:-$rc}"
