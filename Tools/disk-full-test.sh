#!/usr/bin/env bash
# Disk full (issue 6): the alert log, then the state and the log together, on a tiny tmpfs that is full while new
# alerts arrive. Checks that each write fails with a logged error naming the path, that the daemon keeps running,
# and that once space returns the pending alerts are written: none lost, none doubled (also across a restart),
# and `PRAGMA integrity_check` is "ok".
#
#   bash Tools/disk-full-test.sh BIN          (root; everything happens in a private mount namespace)
#
# Where unshare or mount is unavailable (not root, no namespaces) it prints SKIPPED and exits 0; under CI=true it
# says why and exits 1 instead (a test that did not run is not a pass).
set -u
skip() { # skip REASON
    if [ "${CI:-}" = true ]; then
        echo "disk-full-test: FAIL: $1 -- the test cannot run here, and CI=true does not accept a skip" >&2
        exit 1
    fi
    echo "disk-full-test: SKIPPED ($1)"
    exit 0
}
VIGIE=$(readlink -f "${1:?usage: disk-full-test.sh path/to/vigie}")

if [ -z "${VIGIE_DISKFULL_NS:-}" ]; then
    if [ "$(id -u)" != 0 ] || ! unshare --mount --propagation private true 2>/dev/null; then
        skip "needs root and unshare --mount; no private mount namespace here"
    fi
    exec unshare --mount --propagation private env VIGIE_DISKFULL_NS=1 bash "$0" "$@"
fi

WORK=$(mktemp -d /tmp/vigie-diskfull-XXXXXX)
source "$(dirname "$(readlink -f "$0")")/test-lib.sh"
DAEMON=
cleanup() {
    [ -n "$DAEMON" ] && kill -9 "$DAEMON" 2>/dev/null
    umount "$WORK/logfs" "$WORK/statefs" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/logfs" "$WORK/statefs" "$WORK/watchlists"
# The state keeps the text of new items (for vigie backtest): 4 MiB leaves it room in case 1.
if ! mount -t tmpfs -o size=256k tmpfs "$WORK/logfs" || ! mount -t tmpfs -o size=4m tmpfs "$WORK/statefs"; then
    trap - EXIT
    rm -rf "$WORK"
    skip "cannot mount a tmpfs"
fi

# feed NAME FIRST LAST: an RSS file (read with a file: URL) of matching stories FIRST..LAST, each with a long
# description so that an alert line is about 1 KiB.
feed() {
    python3 - "$WORK/$1.xml" "$2" "$3" <<'EOF'
import sys
path, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
items = "".join(
    f"<item><title>Story {n}: the quantum widget ships</title><link>https://news.example/{n}</link>"
    f"<pubDate>Mon, 05 Jan 2026 10:{n % 60:02d}:00 GMT</pubDate>"
    f"<description>The quantum widget, story {n}. {'Lorem ipsum dolor sit amet. ' * 30}</description></item>"
    for n in range(first, last + 1))
with open(path + ".tmp", "w") as f:
    f.write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Disk</title>{items}</channel></rss>')
import os
os.replace(path + ".tmp", path)
EOF
}
# fill DIR: fills the file system with one file, until ENOSPC.
fill() { dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null; sync; }
# alerts: "LINES KEYS" of the alert log (and its lines that are not valid JSON counted as keys -1).
alerts() {
    python3 - "$1" <<'EOF'
import json, sys
try:
    lines = [l for l in open(sys.argv[1], "rb").read().split(b"\n") if l.strip()]
except FileNotFoundError:
    lines = []
try:
    keys = {json.loads(l)["key"] for l in lines}
    print(len(lines), len(keys))
except Exception:
    print(len(lines), -1)
EOF
}
wait_alerts() { # wait_alerts LOG N SECONDS: until the log holds N lines
    local deadline=$((SECONDS + $3))
    while [ $SECONDS -lt $deadline ]; do
        [ "$(alerts "$1")" = "$2 $2" ] && return 0
        sleep 0.2
    done
    return 1
}
config() { # config STATE_DIR ALERT_LOG
    cat >"$WORK/vigie.toml" <<EOF
state_dir = "$1"
alert_log = "$2"
watchlists = ["watchlists/*.toml"]
[defaults]
interval = "1s"
backlog = "3650d"
[[feed]]
url = "file://$WORK/a.xml"
name = "a"
EOF
}
printf '[[watch]]\nname = "disk"\nlevel = "alert"\nany = ["quantum widget"]\n' >"$WORK/watchlists/disk.toml"
running() { kill -0 "$DAEMON" 2>/dev/null; }
integrity() {
    python3 -c "import sqlite3, sys
sys.exit(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0] != 'ok')" "$1/state.sqlite"
}

echo "disk-full-test: case 1 — the alert log's file system is full (the state has room)"
LOG=$WORK/logfs/alerts.jsonl
config "$WORK/statefs/state1" "$LOG"
feed a 1 2
"$VIGIE" run --config "$WORK/vigie.toml" 2>"$WORK/run1.err" &
DAEMON=$!
wait_alerts "$LOG" 2 20
check "2 alerts written before the disk fills" [ "$(alerts "$LOG")" = "2 2" ]
fill "$WORK/logfs"
feed a 1 40
sleep 4
check "the daemon keeps running with a full disk" running
check "the error is logged, naming the alert log and the full disk" \
    grep -Eq "cannot write alerts.*$LOG.*(No space left on device|is the file system full)" "$WORK/run1.err"
# The first failure is usually a short write (the last free page), later ones ENOSPC: show one of each.
grep "cannot write alerts" "$WORK/run1.err" | cut -d' ' -f3- | sort -u | cut -c1-300 | sed 's/^/        /'
PENDING=$(sqlite3 -readonly "$WORK/statefs/state1/state.sqlite" \
    "SELECT count(*) FROM alerts WHERE state='pending'" 2>/dev/null || echo "?")
echo "        alerts in the log: $(alerts "$LOG" | cut -d' ' -f1), pending in the state: $PENDING"
check "the new alerts are pending, not lost" [ "$PENDING" -gt 0 ] 2>/dev/null
rm -f "$WORK/logfs/filler"
check "once space returns, all 40 alerts are in the log exactly once" wait_alerts "$LOG" 40 20
kill -TERM "$DAEMON"
wait "$DAEMON"
check "SIGTERM: exit status 0" [ $? = 0 ]
DAEMON=
"$VIGIE" run --once --config "$WORK/vigie.toml" 2>>"$WORK/run1.err"
check "a restart writes no second copy" [ "$(alerts "$LOG")" = "40 40" ]
check "PRAGMA integrity_check is ok" integrity "$WORK/statefs/state1"

echo "disk-full-test: case 2 — the state and the log share one full file system"
# Case 1's state is not needed any more: its room goes to this case's state and log (512 KiB in all).
rm -rf "$WORK/statefs/state1"
LOG=$WORK/statefs/alerts.jsonl
umount "$WORK/logfs"
config "$WORK/statefs/state2" "$LOG"
feed a 1 2
"$VIGIE" run --config "$WORK/vigie.toml" 2>"$WORK/run2.err" &
DAEMON=$!
wait_alerts "$LOG" 2 20
check "2 alerts written before the disk fills" [ "$(alerts "$LOG")" = "2 2" ]
fill "$WORK/statefs"
feed a 1 40
sleep 4
check "the daemon keeps running with a full disk" running
check "an error is logged naming the state or the log and the full disk" \
    grep -Eq "(state.sqlite|$LOG).*(No space left on device|disk is full|file system full)" "$WORK/run2.err"
grep "ERROR" "$WORK/run2.err" | cut -d' ' -f3- | sort -u | cut -c1-300 | sed 's/^/        /'
echo "        alerts in the log: $(alerts "$LOG" | cut -d' ' -f1)"
rm -f "$WORK/statefs/filler"
check "once space returns, all 40 alerts are in the log exactly once" wait_alerts "$LOG" 40 20
kill -TERM "$DAEMON"
wait "$DAEMON"
check "SIGTERM: exit status 0" [ $? = 0 ]
DAEMON=
"$VIGIE" run --once --config "$WORK/vigie.toml" 2>>"$WORK/run2.err"
check "a restart writes no second copy" [ "$(alerts "$LOG")" = "40 40" ]
check "PRAGMA integrity_check is ok" integrity "$WORK/statefs/state2"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
