#!/usr/bin/env bash
# Real-systemd test of Vigie's unit (issue 5): boots a private systemd as PID 1 in new namespaces, installs
# systemd/vigie.service and VIGIE_BIN in it, and checks readiness, alerts, reload, bad reload, log rotation,
# clean stop and no duplicates across a restart, against feeds served on 127.0.0.1.
#
#   Tests/Support/systemd-test.sh VIGIE_BIN          (as root; `make systemd-test`, part of `make test`)
#
# How the private systemd is booted (nothing it does reaches the host):
#   - the launcher moves itself into a fresh cgroup /vigie-systemd-test.PID of the host's cgroup v2 hierarchy and
#     runs `unshare --cgroup --uts --ipc --mount --pid --fork --kill-child --mount-proc THIS-SCRIPT __boot`;
#   - `__boot` (PID 1 of the new PID namespace) runs `mount --make-rprivate /`, mounts that cgroup (its own cgroup
#     namespace) as a cgroup2 file system on /sys/fs/cgroup, tmpfs on /run /tmp /var/tmp /var/lib /var/log, a
#     minimal private /dev, /proc/sys read-only, overlays on /etc and /usr/local/bin (so /etc/vigie and
#     /usr/local/bin/vigie can be written without touching the host), tmpfs on /etc/systemd/system with the masks
#     below, sets container=other and execs /usr/lib/systemd/systemd --system --unit=multi-user.target;
#   - everything else is driven from outside with `nsenter -t PID -m -p systemctl|journalctl|...`;
#   - at the end (and on any failure, signal or timeout: trap) `systemctl poweroff --force`, SIGKILL to its PID 1 if
#     it lingers, then the cgroup, the feed server and the work directory are removed. If this script is
#     SIGKILLed, the kernel still kills the namespace (parent-death signals on the launcher and on PID 1).
#
# Steps (each prints PASS or FAIL): boot; install + enable the unit (systemd-analyze verify silent); its
# systemd-analyze security score <= 2.0; `vigie --help` under the unit's sandbox; start (Type=notify: READY=1) and
# STATUS=; an alert from the loopback feed in /var/log/vigie/alerts.jsonl (mode 0640, dynamic user); a keyword added
# + `systemctl reload` -> its alert; a broken config + reload -> still active, same PID, error at priority err in
# `journalctl -u vigie`, old config still alerting; logrotate with Config/logrotate/vigie (SIGUSR1) -> next alert in
# the new file; watchdog pinged; `systemctl stop` -> exit status 0 within 5 s; start again -> no duplicate alert;
# poweroff; the host unchanged. Then "N passed, N failed".
#
# Beyond issue 5's recipe (unshare --mount --pid --fork --mount-proc, tmpfs on /run /tmp /var/tmp /var/lib /var/log
# /etc/systemd/system, masks, container=other): --cgroup and a private cgroup2 mount (otherwise systemd creates its
# slices at the root of the host's cgroup hierarchies and moves itself out of this sandbox's memory cgroup);
# --uts --ipc (PID 1 sets the hostname); a private /dev (journald and PID 1 create /dev/log, /dev/initctl,
# /dev/mqueue... in the shared devtmpfs); overlays for /etc/vigie and /usr/local/bin/vigie; more masks (below).
# The feeds come from a small static server written here, not Tests/Support/fixture_server.py: its items are dated
# 2024 (older than the default 24 h backlog, so a first poll alerts nothing) and cannot change during the test.
#
# Environment: VIGIE_SYSTEMD_TEST_TIMEOUT (global limit, default 300 s), VIGIE_SYSTEMD_TEST_WAIT (limit for each
# awaited event, default 30 s), VIGIE_SYSTEMD_TEST_INTERVAL (the feeds' poll interval, default 2s),
# VIGIE_SYSTEMD_TEST_WATCHDOG (WatchdogSec= for the test, default 6, so that a daemon which never pings is caught
# within the test; 0 keeps the unit's 60 s), VIGIE_UNIT and VIGIE_LOGROTATE (files under test), KEEP=1 (keep the
# work directory). Exit status: 0 when every step passed (or when the test is skipped because unshare or systemd is
# unavailable), 1 otherwise, 2 on a usage error. Under CI=true a skip is a failure: it says why and exits 1.
# shellcheck disable=SC2016  # single-quoted scripts for `sh -c` get their values as arguments, on purpose
set -uo pipefail

if [[ "${1:-}" == __boot ]]; then
    # ---- PID 1 of the private namespaces: prepare the file systems, then become systemd. -------------------------
    # Never on the host: these mounts are only harmless inside the new mount namespace, as its PID 1.
    [[ $$ == 1 && -n "${VIGIE_TEST_MASKED:-}" ]] || { echo "__boot is internal to $0" >&2; exit 2; }
    set -e
    mount --make-rprivate /
    umount -R /sys/fs/cgroup 2>/dev/null || umount -l /sys/fs/cgroup 2>/dev/null || true
    mount -t cgroup2 -o rw,nosuid,nodev,noexec cgroup2 /sys/fs/cgroup
    mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
    t=/run/vigie-test
    mkdir -p $t/etc.upper $t/etc.work $t/bin.upper $t/bin.work $t/hostdev
    mount -t overlay overlay -o lowerdir=/etc,upperdir=$t/etc.upper,workdir=$t/etc.work /etc
    mount -t overlay overlay -o lowerdir=/usr/local/bin,upperdir=$t/bin.upper,workdir=$t/bin.work /usr/local/bin
    for d in /tmp /var/tmp; do mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$d"; done
    for d in /var/lib /var/log /etc/systemd/system; do mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs "$d"; done
    # A private /dev: the host's is a shared devtmpfs, where journald and PID 1 would create /dev/log, /dev/initctl…
    mount --bind /dev $t/hostdev
    mount -t tmpfs -o mode=0755,nosuid tmpfs /dev
    for n in null zero full random urandom tty; do
        touch /dev/$n
        mount --bind $t/hostdev/$n /dev/$n
    done
    touch /dev/console
    mount --bind /dev/null /dev/console
    mkdir /dev/pts /dev/shm
    mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts
    ln -s pts/ptmx /dev/ptmx
    mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
    ln -s /proc/self/fd /dev/fd
    ln -s /proc/self/fd/0 /dev/stdin
    ln -s /proc/self/fd/1 /dev/stdout
    ln -s /proc/self/fd/2 /dev/stderr
    umount $t/hostdev
    rmdir $t/hostdev
    # /proc/sys read-only, as in a container: most kernel parameters are global, and PID 1 raises fs.file-max and
    # fs.nr_open at boot (seen: fs.file-max went from 2466116 to 2^63-1 on a fresh host). The service's
    # ProtectKernelTunables makes it read-only for Vigie anyway.
    mount --bind /proc/sys /proc/sys
    mount -o remount,bind,ro /proc/sys
    # A binary with the Swift runtime linked in (make build) runs here with the toolchain hidden, as on a server.
    if [[ -n "${VIGIE_TEST_HIDE:-}" ]]; then mount -t tmpfs -o mode=0755,ro tmpfs "$VIGIE_TEST_HIDE"; fi
    # Units this boot must not run (see the comment at MASKED below), linked to /dev/null.
    for u in $VIGIE_TEST_MASKED; do ln -s /dev/null "/etc/systemd/system/$u"; done
    export container=other
    exec /usr/lib/systemd/systemd --system --unit=multi-user.target
fi

# Units masked in the private boot, and why:
#  systemd-tmpfiles-setup.service systemd-tmpfiles-clean.timer: clean and populate /tmp, /var (issue 5: without the
#    tmpfs they clean the host's /tmp); not needed.
#  systemd-tmpfiles-setup-dev.service kmod-static-nodes.service: create device nodes (in the host's devtmpfs
#    without the private /dev); not needed.
#  systemd-sysctl.service: writes kernel parameters, most of which are global (fs.protected_*, ...).
#  systemd-binfmt.service proc-sys-fs-binfmt_misc.automount proc-sys-fs-binfmt_misc.mount: register binfmt
#    handlers in the host kernel.
#  systemd-modules-load.service modprobe@.service: load kernel modules (global; modprobe is absent here anyway).
#  systemd-remount-fs.service: remounts / from /etc/fstab; the superblock is the host's.
#  systemd-sysusers.service systemd-firstboot.service systemd-machine-id-commit.service ldconfig.service
#    systemd-update-done.service systemd-hwdb-update.service systemd-journal-catalog-update.service
#    systemd-random-seed.service systemd-repart.service: persistent host state (/etc, /var); /etc is an overlay
#    here, but they are useless for the test and only slow the boot.
#  systemd-journal-flush.service: no persistent journal here (/var/log is a tmpfs), and journald would write a
#    line to the host's kernel log.
#  systemd-timesyncd.service: would set the host clock.
#  systemd-logind.service getty.target console-getty.service: no seats or logins; logind also needs /run/user.
#  systemd-pstore.service e2scrub_reap.service: host maintenance.
MASKED="systemd-tmpfiles-setup.service systemd-tmpfiles-clean.timer systemd-tmpfiles-setup-dev.service
kmod-static-nodes.service systemd-sysctl.service systemd-binfmt.service proc-sys-fs-binfmt_misc.automount
proc-sys-fs-binfmt_misc.mount systemd-modules-load.service modprobe@.service systemd-remount-fs.service
systemd-sysusers.service systemd-firstboot.service systemd-machine-id-commit.service ldconfig.service
systemd-update-done.service systemd-hwdb-update.service systemd-journal-catalog-update.service
systemd-random-seed.service systemd-repart.service systemd-journal-flush.service systemd-timesyncd.service
systemd-logind.service getty.target console-getty.service systemd-pstore.service e2scrub_reap.service"

SELF=$(readlink -f "${BASH_SOURCE[0]}")
ROOT=$(cd "$(dirname "$SELF")/../.." && pwd)
UNIT=${VIGIE_UNIT:-$ROOT/systemd/vigie.service}
LOGROTATE_CONF=${VIGIE_LOGROTATE:-$ROOT/Config/logrotate/vigie}
TIMEOUT=${VIGIE_SYSTEMD_TEST_TIMEOUT:-300}
WAIT=${VIGIE_SYSTEMD_TEST_WAIT:-30}
INTERVAL=${VIGIE_SYSTEMD_TEST_INTERVAL:-2s}
WATCHDOG=${VIGIE_SYSTEMD_TEST_WATCHDOG:-6}
ALERTS=/var/log/vigie/alerts.jsonl

if [[ $# -ne 1 || "$1" == -* ]]; then
    echo "usage: $0 VIGIE_BIN   (run as root: boots a private systemd)" >&2
    exit 2
fi
VIGIE_BIN=$(readlink -f "$1" 2>/dev/null || true)
if [[ -z "$VIGIE_BIN" || ! -f "$VIGIE_BIN" || ! -x "$VIGIE_BIN" ]]; then
    echo "systemd-test: FAIL: $1 is not an executable file" >&2
    exit 2
fi
for f in "$UNIT" "$LOGROTATE_CONF"; do
    [[ -f "$f" ]] || { echo "systemd-test: FAIL: $f is missing" >&2; exit 2; }
done

skip() {
    if [[ "${CI:-}" == true ]]; then
        echo "systemd-test: FAIL: $* -- the real-systemd test cannot run here, and CI=true does not accept a skip." >&2
        exit 1
    fi
    echo "systemd-test: SKIPPED: $* -- the real-systemd test did not run (this is not a pass)."
    exit 0
}

# ---- Skip only when the mechanism is genuinely unavailable. ----------------------------------------------------
[[ "$(uname -s)" == Linux ]] || skip "not Linux"
[[ $EUID -eq 0 ]] || skip "not root (unshare of mount and PID namespaces and booting systemd need root)"
for c in unshare nsenter setpriv timeout python3 systemctl; do
    command -v "$c" >/dev/null || skip "$c is not installed"
done
[[ -x /usr/lib/systemd/systemd ]] || skip "/usr/lib/systemd/systemd is not installed"
if ! probe=$(unshare --cgroup --uts --ipc --mount --pid --fork --mount-proc true 2>&1); then
    skip "unshare cannot create namespaces here: $probe"
fi
if [[ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" == cgroup2fs ]]; then
    CGROOT=/sys/fs/cgroup
elif [[ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" == cgroup2fs ]]; then
    CGROOT=/sys/fs/cgroup/unified
else
    skip "no cgroup v2 hierarchy is mounted (needed to give the private systemd its own cgroup)"
fi
grep -qw overlay /proc/filesystems || skip "the kernel has no overlay file system (needed for a private /etc)"

# ---- Bookkeeping. -------------------------------------------------------------------------------------------------
PASSED=0
FAILED=0
SYSPID=
LAUNCHER=
SERVER=
TIMER=
CGDIR=
WORK=$(mktemp -d "/tmp/vigie-systemd-test.$$.XXXXXX")
START=$SECONDS

pass() { PASSED=$((PASSED + 1)); echo "PASS: $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*"; }
note() { echo "      $*"; }
# A failure after which the remaining steps cannot mean anything.
abort() {
    fail "$*"
    echo "      (remaining steps not run)"
    exit 1
}

# Runs a command inside the private systemd's mount and PID namespaces, bounded in time.
ns() { timeout -k 5 "${NS_TIMEOUT:-30}" nsenter -t "$SYSPID" -m -p -- "$@"; }
sctl() { ns systemctl --no-pager "$@"; }
prop() { sctl show -p "$1" --value vigie.service 2>/dev/null; }
# Writes stdin to PATH inside the namespaces.
put() { ns sh -c 'cat > "$1"' sh "$1"; }

is_active() { [[ "$(prop ActiveState)" == active ]]; }
pid1_gone() { ! kill -0 "$SYSPID" 2>/dev/null; }
cgroup_removed() {
    find "$CGDIR" -depth -type d -exec rmdir {} + 2>/dev/null
    [[ ! -d "$CGDIR" ]]
}

# until_true SECONDS COMMAND...: polls COMMAND every 0.25 s; status 1 if it never succeeded in time.
until_true() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS >= deadline)) && return 1
        sleep 0.25
    done
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM HUP
    [[ -n "$TIMER" ]] && kill $(pgrep -P "$TIMER") "$TIMER" 2>/dev/null
    if [[ -n "$SYSPID" ]] && kill -0 "$SYSPID" 2>/dev/null; then
        if ((FAILED > 0)); then
            echo "---- journalctl -u vigie.service (last 40 lines, inside the private systemd)"
            NS_TIMEOUT=10 ns journalctl --no-pager -q -n 40 -u vigie.service 2>&1 | sed 's/^/    /'
        fi
        NS_TIMEOUT=10 ns systemctl poweroff --force >/dev/null 2>&1
        until_true 10 pid1_gone || kill -KILL "$SYSPID" 2>/dev/null
    fi
    if [[ -n "$LAUNCHER" ]]; then
        kill -KILL "$LAUNCHER" 2>/dev/null
        wait "$LAUNCHER" 2>/dev/null
    fi
    if [[ -n "$SERVER" ]]; then
        kill "$SERVER" 2>/dev/null
        wait "$SERVER" 2>/dev/null
    fi
    if [[ -n "$CGDIR" && -d "$CGDIR" ]]; then
        # The processes are gone a moment after PID 1; then the empty cgroups can be removed, deepest first.
        until_true 5 cgroup_removed || echo "warning: could not remove $CGDIR"
    fi
    if [[ "${KEEP:-0}" == 1 ]]; then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
    if ((status == 124)); then fail "global timeout of ${TIMEOUT}s reached"; fi
    echo "systemd-test: $PASSED passed, $FAILED failed ($((SECONDS - START)) s)"
    ((FAILED == 0 && status == 0)) && exit 0
    exit 1
}
trap cleanup EXIT
trap 'exit 1' INT HUP
trap 'exit 124' TERM
# The global timer (its output away from our stdout, so that a pipe reading this script is not held open).
(sleep "$TIMEOUT" && kill -TERM $$) >/dev/null 2>&1 &
TIMER=$!

# What an earlier run that was SIGKILLed left behind (its namespaces died with it): empty cgroups, work directories.
for old in "$CGROOT"/vigie-systemd-test.* /tmp/vigie-systemd-test.*; do
    pid=${old##*/vigie-systemd-test.}
    pid=${pid%%.*}
    if [[ ! -d "$old" || ! "$pid" =~ ^[0-9]+$ ]] || kill -0 "$pid" 2>/dev/null; then continue; fi
    if [[ "$old" == /tmp/* ]]; then rm -rf "$old"; else find "$old" -depth -type d -exec rmdir {} + 2>/dev/null; fi
done

# A host snapshot, compared at the end: the test must leave the host as it found it.
host_snapshot() {
    ls -A /dev
    hostname
    for k in fs.protected_hardlinks fs.protected_symlinks fs.protected_fifos fs.protected_regular fs.file-max \
        fs.nr_open kernel.core_pattern kernel.pid_max; do
        echo "$k=$(sysctl -n "$k" 2>/dev/null)"
    done
    ls -d /etc/vigie /usr/local/bin/vigie /var/lib/vigie /var/log/vigie 2>/dev/null
    ls /etc/systemd/system
}
host_snapshot >"$WORK/host.before"

# ---- The feed server: static files from $WORK/www on 127.0.0.1, every request logged. ----------------------------
mkdir -p "$WORK/www"
cat >"$WORK/server.py" <<'EOF'
import http.server, json, os, sys, threading
root, request_log, lifetime = sys.argv[1], sys.argv[2], float(sys.argv[3])
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(request_log, 'a') as f:
            f.write(self.path + '\n')
        path = os.path.join(root, self.path.split('?')[0].lstrip('/'))
        if '..' in self.path or not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, 'rb') as f:
            body = f.read()
        self.send_response(200)
        self.send_header('Content-Type', 'application/rss+xml; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        self.send_header('Cache-Control', 'no-cache')
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
print(json.dumps({'http': server.server_address[1]}), flush=True)
threading.Timer(lifetime, server.shutdown).start()
server.serve_forever()
EOF
: >"$WORK/requests.log"
setpriv --pdeathsig KILL -- python3 "$WORK/server.py" "$WORK/www" "$WORK/requests.log" "$((TIMEOUT + 30))" \
    >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER=$!
until_true 10 grep -q http "$WORK/server.out" || abort "the feed server did not start: $(cat "$WORK/server.err")"
PORT=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["http"])' <"$WORK/server.out")
BASE="http://127.0.0.1:$PORT"
FEED="$BASE/feed.xml"

# Items: "slug|title", one per line in $WORK/items; each keeps the date it was first published.
: >"$WORK/items"
write_feed() {
    {
        echo '<?xml version="1.0" encoding="utf-8"?>'
        echo '<rss version="2.0"><channel><title>Vigie systemd test</title>'
        echo "<link>$BASE/</link><description>loopback feed</description>"
        tac "$WORK/items" | while IFS='|' read -r slug date title; do
            echo "<item><title>$title</title><link>$BASE/articles/$slug</link>"
            echo "<guid isPermaLink=\"false\">vigie-systemd-test-$slug</guid><pubDate>$date</pubDate>"
            echo "<description>$title, as seen from a loopback feed.</description></item>"
        done
        echo '</channel></rss>'
    } >"$WORK/www/feed.tmp"
    mv "$WORK/www/feed.tmp" "$WORK/www/feed.xml"
}
add_item() {
    echo "$1|$(LC_ALL=C date -u -R)|$2" >>"$WORK/items"
    write_feed
}
requests() { grep -c '^/feed.xml' "$WORK/requests.log"; }

# ---- The alert log, read inside the namespaces. -------------------------------------------------------------------
cat >"$WORK/alerts.py" <<'EOF'
import json, sys
mode, args = sys.argv[1], sys.argv[2:]
records, bad = [], []
for n, line in enumerate(sys.stdin, 1):
    try:
        r = json.loads(line)
        assert isinstance(r, dict)
        records.append(r)
    except Exception:
        bad.append(n)
if mode == 'count':      # records whose link is args[0]
    print(sum(1 for r in records if r.get('link') == args[0]))
elif mode == 'check':    # the record for link args[0] has the fields and the term args[1]
    found = [r for r in records if r.get('link') == args[0]]
    if not found:
        sys.exit('no record')
    r = found[0]
    missing = [k for k in ('time', 'watch', 'title', 'link', 'terms') if k not in r]
    if missing:
        sys.exit(f'fields missing: {missing} in {r}')
    if not any(args[1].lower() in str(t).lower() for t in r['terms']):
        sys.exit(f'terms {r["terms"]!r} do not name {args[1]!r}')
    print(f'watch={r["watch"]!r} terms={r["terms"]!r} title={r["title"]!r}')
elif mode == 'summary':  # total records, duplicates of (watch, link), lines that are not JSON objects
    keys = [(r.get('watch'), r.get('link')) for r in records]
    dups = sorted({k for k in keys if keys.count(k) > 1})
    print(f'{len(records)} {len(dups)} {len(bad)}')
EOF
alert_log() { ns sh -c 'cat "$1" 2>/dev/null; true' sh "$ALERTS"; }
all_alerts() { ns sh -c 'cat "$1" "$1".1 2>/dev/null; true' sh "$ALERTS"; }
alerts_for() { alert_log | python3 "$WORK/alerts.py" count "$1"; }
has_alert() { [[ "$(alerts_for "$1")" -ge 1 ]]; }

write_config() { # $1: an extra line for the watchlist's any = [...]
    put /etc/vigie/vigie.toml <<EOF
# Written by Tests/Support/systemd-test.sh
state_dir = "/var/lib/vigie"
alert_log = "$ALERTS"
watchlists = ["watchlists/*.toml"]

[defaults]
interval = "$INTERVAL"

[[feed]]
url = "$FEED"
name = "loopback"
EOF
}
write_watchlist() {
    put /etc/vigie/watchlists/systemd-test.toml <<EOF
[[watch]]
name = "systemd-test"
any = [$1]
EOF
}

# ---- Boot. --------------------------------------------------------------------------------------------------------
echo "systemd-test: $VIGIE_BIN, unit $UNIT, feeds on $BASE, poll interval $INTERVAL"
# The toolchain's folder (/opt/swift here), hidden in the private boot when the binary does not need it.
HIDE=
if ! ldd "$VIGIE_BIN" 2>/dev/null | grep -q 'libswiftCore\.so' && command -v swift >/dev/null; then
    HIDE=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")")
    [[ -d "$HIDE" && "$HIDE" != / && "$HIDE" != /usr ]] || HIDE=
fi
CGDIR="$CGROOT/vigie-systemd-test.$$"
mkdir "$CGDIR" || abort "cannot create the cgroup $CGDIR"
VIGIE_TEST_HIDE=$HIDE VIGIE_TEST_MASKED=$(tr '\n' ' ' <<<"$MASKED") setpriv --pdeathsig KILL -- sh -c \
    'echo $$ > "$1/cgroup.procs" && exec unshare --cgroup --uts --ipc --mount --pid --fork --kill-child --mount-proc "$2" __boot' \
    sh "$CGDIR" "$SELF" >"$WORK/boot.log" 2>&1 &
LAUNCHER=$!
find_pid1() {
    SYSPID=$(pgrep -P "$LAUNCHER" | head -1)
    [[ -n "$SYSPID" && "$(cat /proc/"$SYSPID"/comm 2>/dev/null)" == systemd ]]
}
boot_started=$SECONDS
until_true 20 find_pid1 || abort "the private systemd did not start: $(tail -5 "$WORK/boot.log")"
until_true 20 ns test -S /run/systemd/private || abort "the private systemd does not answer: $(tail -5 "$WORK/boot.log")"
state=$(NS_TIMEOUT=60 ns systemctl is-system-running --wait 2>&1)
if [[ "$state" == running ]]; then
    pass "private systemd booted as PID 1 (host PID $SYSPID) in $((SECONDS - boot_started)) s: $state"
else
    fail "private systemd booted but is '$state'"
    sctl --failed --plain --no-legend 2>&1 | sed 's/^/      /'
fi

# ---- 1. Install the unit, the binary and a configuration. -------------------------------------------------------
ns mkdir -p /etc/vigie/watchlists
put /usr/local/bin/vigie <"$VIGIE_BIN" && ns chmod 0755 /usr/local/bin/vigie
put /etc/systemd/system/vigie.service <"$UNIT"
if [[ "$WATCHDOG" != 0 ]]; then
    ns mkdir -p /etc/systemd/system/vigie.service.d
    printf '[Service]\nWatchdogSec=%s\n' "$WATCHDOG" | put /etc/systemd/system/vigie.service.d/systemd-test.conf
fi
write_config
write_watchlist '"Zanzibar"'
add_item a "Zanzibar observatory opens to the public"
add_item b "Nothing to see in this one"
verify=$(ns systemd-analyze verify /etc/systemd/system/vigie.service 2>&1)
sctl daemon-reload && sctl enable vigie.service >/dev/null 2>&1
if [[ "$(prop LoadState)" == loaded && "$(prop UnitFileState)" == enabled && -z "$verify" ]]; then
    pass "unit installed, loaded and enabled; systemd-analyze verify is silent"
else
    abort "unit not installed cleanly: LoadState=$(prop LoadState) UnitFileState=$(prop UnitFileState) $verify"
fi

exposure=$(ns systemd-analyze security --no-pager vigie.service 2>&1 | sed -n 's/.*Overall exposure level for vigie.service: //p')
if [[ -n "$exposure" ]] && awk -v e="${exposure%% *}" 'BEGIN { exit !(e <= 2.0) }'; then
    pass "systemd-analyze security vigie.service: $exposure (goal: 2.0 or lower)"
else
    fail "systemd-analyze security vigie.service: '${exposure:-no score}' (goal: 2.0 or lower)"
fi

# ---- 2. The binary runs under the unit's sandbox (seccomp, MemoryDenyWriteExecute, ProcSubset, ...). ------------
{
    echo '[Service]'
    echo 'Type=oneshot'
    echo 'ExecStart=/usr/local/bin/vigie --help'
    sed -n '/^\[Service\]/,/^\[/p' "$UNIT" | grep -v -E '^(\[|#|$|Type=|NotifyAccess=|ExecStart=|ExecReload=|Watchdog|Restart)'
} | put /etc/systemd/system/vigie-sandbox-check.service
sctl daemon-reload
if NS_TIMEOUT=40 sctl start vigie-sandbox-check.service 2>/dev/null &&
    [[ "$(sctl show -p Result --value vigie-sandbox-check.service)" == success ]]; then
    if [[ -n "$HIDE" ]]; then
        pass "'vigie --help' runs under the unit's sandbox and exits 0, with $HIDE hidden (Swift runtime linked in)"
    else
        pass "'vigie --help' runs under the unit's sandbox and exits 0 (dynamically linked: the toolchain stays visible)"
    fi
else
    fail "'vigie --help' fails under the unit's sandbox: $(sctl show -p Result,ExecMainCode,ExecMainStatus --value \
        vigie-sandbox-check.service | tr '\n' ' ')"
    ns journalctl --no-pager -q -n 15 -u vigie-sandbox-check.service | sed 's/^/      /'
fi

# ---- 3. Start: Type=notify, so `systemctl start` returns once the daemon sent READY=1. ---------------------------
t0=$SECONDS
if NS_TIMEOUT=$((WAIT + 10)) sctl start vigie.service; then
    state="$(prop ActiveState)/$(prop SubState)"
    if [[ "$state" == active/running ]]; then
        pass "vigie.service started and became active (READY=1) in $((SECONDS - t0)) s; status: '$(prop StatusText)'"
    else
        abort "vigie.service started but is $state"
    fi
else
    abort "systemctl start vigie.service failed ($(prop ActiveState)/$(prop SubState), Result=$(prop Result))"
fi
MAINPID=$(prop MainPID)
if [[ -n "$(prop StatusText)" ]]; then pass "the daemon reports STATUS="; else fail "the daemon sent no STATUS="; fi
ready_at=$(prop ExecMainStartTimestampMonotonic)

# ---- 4. An alert from the loopback feed lands in the alert log. ------------------------------------------------
if until_true "$WAIT" has_alert "$BASE/articles/a"; then
    pass "alert from the loopback feed in $ALERTS: $(alert_log | python3 "$WORK/alerts.py" check \
        "$BASE/articles/a" Zanzibar 2>&1)"
    meta=$(ns stat -c '%a %U' -L "$ALERTS")
    if [[ "${meta%% *}" == 640 && "${meta#* }" != root ]]; then
        pass "alert log has mode 0640 and belongs to the service's dynamic user ($meta)"
    else
        fail "alert log mode/owner is '$meta' (want 640 and the dynamic user)"
    fi
else
    fail "no alert for $BASE/articles/a in $ALERTS after ${WAIT}s (feed requests: $(requests))"
fi

# ---- 5. A new keyword, `systemctl reload`, then an item that only the new keyword matches. -----------------------
write_watchlist '"Zanzibar", "Quokka"'
if sctl reload vigie.service; then
    sleep 1
    until_true "$WAIT" is_active
    add_item c "Quokka sighting reported"
    if until_true "$WAIT" has_alert "$BASE/articles/c"; then
        pass "after reload, the new keyword alerts: $(alert_log | python3 "$WORK/alerts.py" check \
            "$BASE/articles/c" Quokka 2>&1)"
    else
        fail "after reload, no alert for the new keyword's item $BASE/articles/c"
    fi
else
    fail "systemctl reload vigie.service failed"
fi

# ---- 6. A broken configuration: reload keeps the service and the old configuration, and says why. ---------------
sleep 1
since=$(ns date '+%Y-%m-%d %H:%M:%S')
ns sh -c 'cp /etc/vigie/vigie.toml /etc/vigie/vigie.toml.good && echo "this is [not TOML" >> /etc/vigie/vigie.toml'
sctl reload vigie.service
sleep 2
until_true "$WAIT" is_active
if [[ "$(prop ActiveState)/$(prop SubState)" == active/running && "$(prop MainPID)" == "$MAINPID" &&
    "$(prop NRestarts)" == 0 ]]; then
    pass "broken config + reload: still active, same main PID, no restart"
else
    fail "broken config + reload: $(prop ActiveState)/$(prop SubState), MainPID $(prop MainPID) (was $MAINPID), NRestarts=$(prop NRestarts)"
fi
errors=$(ns journalctl --no-pager -q -o cat -p err -u vigie.service --since "$since" 2>&1)
if [[ -n "$errors" ]]; then
    pass "the reload error is in the journal at priority err: $(head -1 <<<"$errors")"
else
    fail "no error (priority err or higher) from vigie.service in the journal after the bad reload"
    ns journalctl --no-pager -q -o cat -u vigie.service --since "$since" | sed 's/^/      /'
fi
add_item d "Zanzibar ferry timetable changes"
if until_true "$WAIT" has_alert "$BASE/articles/d"; then
    pass "with the broken config on disk, the old configuration still alerts"
else
    fail "with the broken config on disk, no alert for $BASE/articles/d (old configuration not kept?)"
fi
ns mv /etc/vigie/vigie.toml.good /etc/vigie/vigie.toml
sctl reload vigie.service
sleep 1
until_true "$WAIT" is_active

# ---- 7. Log rotation with the shipped logrotate file, run the way Debian's logrotate.service runs it. ------------
put /etc/logrotate.d/vigie <"$LOGROTATE_CONF"
before=$(alert_log | python3 "$WORK/alerts.py" summary | cut -d' ' -f1)
if ns test -x /usr/sbin/logrotate; then
    {
        echo '[Service]'
        echo 'Type=oneshot'
        echo 'ExecStart=/usr/sbin/logrotate --force --state /var/lib/vigie-test-logrotate.status /etc/logrotate.d/vigie'
        grep -E '^(LockPersonality|MemoryDenyWriteExecute|Private|Protect|Restrict|Nice|IOScheduling)' \
            /lib/systemd/system/logrotate.service 2>/dev/null
    } | put /etc/systemd/system/vigie-logrotate-test.service
    sctl daemon-reload
    how="logrotate --force, in a unit sandboxed like logrotate.service"
    NS_TIMEOUT=40 sctl start vigie-logrotate-test.service ||
        ns journalctl --no-pager -q -n 10 -u vigie-logrotate-test.service | sed 's/^/      /'
else
    how="mv + systemctl kill -s USR1 (logrotate is not installed)"
    ns mv "$ALERTS" "$ALERTS.1"
    sctl kill -s USR1 --kill-who=main vigie.service
fi
rotated=$(ns sh -c 'cat "$1".1 2>/dev/null' sh "$ALERTS" | python3 "$WORK/alerts.py" summary | cut -d' ' -f1)
sleep 1
add_item e "Zanzibar library reopens after rotation"
if [[ "$rotated" == "$before" && "$before" -gt 0 ]] && until_true "$WAIT" has_alert "$BASE/articles/e"; then
    pass "log rotation ($how): $rotated alerts in alerts.jsonl.1, the next alert in a fresh alerts.jsonl"
else
    fail "log rotation ($how): $before alerts before, ${rotated:-0} in alerts.jsonl.1, new alert in alerts.jsonl: $(alerts_for "$BASE/articles/e")"
fi
[[ "$(prop MainPID)" == "$MAINPID" ]] || fail "the main PID changed during the test ($MAINPID -> $(prop MainPID))"

# ---- 8. The watchdog (WatchdogSec=$WATCHDOG for the test): pinged, never fired. ----------------------------------
if [[ "$WATCHDOG" != 0 ]]; then
    # Alive for longer than WatchdogSec without a restart, and a ping later than half the interval after the start.
    (((SECONDS - t0) > WATCHDOG + 1)) || sleep $((WATCHDOG + 2 - (SECONDS - t0)))
    last_ping=$(prop WatchdogTimestampMonotonic)
    if [[ "$(prop NRestarts)" == 0 && "$(prop MainPID)" == "$MAINPID" &&
        "${last_ping:-0}" -gt $((ready_at + WATCHDOG * 500000)) ]]; then
        pass "watchdog pinged (WATCHDOG=1) and never fired over $((SECONDS - t0)) s with WatchdogSec=$WATCHDOG"
    else
        fail "watchdog: NRestarts=$(prop NRestarts), last ping at ${last_ping:-none} (service started at $ready_at)"
    fi
fi

# ---- 9. Stop: SIGTERM, clean exit 0 within 5 s. ----------------------------------------------------------------
count_before_stop=$(all_alerts | python3 "$WORK/alerts.py" summary | cut -d' ' -f1)
t_stop=$(date +%s%N)
NS_TIMEOUT=20 sctl stop vigie.service
stop_ms=$((($(date +%s%N) - t_stop) / 1000000))
code=$(prop ExecMainCode)
status=$(prop ExecMainStatus)
if [[ "$(prop ActiveState)" == inactive && "$code" == 1 && "$status" == 0 && "$stop_ms" -le 5000 ]]; then
    pass "stopped cleanly in $stop_ms ms: exited with status 0 (ExecMainCode=1 ExecMainStatus=0)"
else
    fail "stop: $(prop ActiveState)/$(prop Result), ExecMainCode=$code (1 = exited, 2 = killed) ExecMainStatus=$status, $stop_ms ms"
fi

# ---- 10. Start again: the items already alerted do not alert a second time. ------------------------------------
if NS_TIMEOUT=$((WAIT + 10)) sctl start vigie.service; then
    polls=$(requests)
    polled_twice() { (($(requests) >= polls + 2)); }
    # Two polls after the restart: the daemon has certainly seen every item again.
    if until_true "$WAIT" polled_twice; then
        sleep 1
        read -r total dups bad < <(all_alerts | python3 "$WORK/alerts.py" summary)
        if [[ "$total" == "$count_before_stop" && "$dups" == 0 && "$bad" == 0 ]]; then
            pass "restarted: no duplicate alerts ($total alerts, as before the stop)"
        else
            fail "restarted: $total alerts (was $count_before_stop), $dups duplicated (watch, link), $bad bad lines"
        fi
    else
        fail "restarted, but the feed was not polled twice within ${WAIT}s"
    fi
else
    fail "second start failed ($(prop ActiveState)/$(prop Result))"
fi

# ---- 11. Power off, clean up, and check the host was left as it was. -------------------------------------------
NS_TIMEOUT=10 ns systemctl poweroff --force >/dev/null 2>&1
if until_true 15 pid1_gone; then
    pass "private systemd powered off"
else
    fail "private systemd still running 15 s after poweroff --force (killed)"
    kill -KILL "$SYSPID" 2>/dev/null
fi
wait "$LAUNCHER" 2>/dev/null
LAUNCHER=
until_true 5 cgroup_removed
host_snapshot >"$WORK/host.after"
if diff -u "$WORK/host.before" "$WORK/host.after" >"$WORK/host.diff" && [[ ! -d "$CGDIR" ]]; then
    pass "the host is as it was (/dev, hostname, sysctls, /etc, cgroups)"
else
    fail "the host changed: $(cat "$WORK/host.diff") $([[ -d "$CGDIR" ]] && echo "$CGDIR left")"
fi
