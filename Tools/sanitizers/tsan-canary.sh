#!/usr/bin/env bash
# ThreadSanitizer canaries, run by `Tools/sanitize.sh thread` before the suite: proof that the run can fail, and
# the evidence for VigieSync.Locked (docs/RELIABILITY.md, "Sanitizers").
#
#   racy    two threads, one counter, no lock            must be reported, or the TSan run proves nothing
#   mutex   the same under Synchronization.Mutex         reported on Linux (futexes are invisible to TSan): why
#                                                        Vigie uses Locked; a note, not a failure, if it stops
#   locked  the same under VigieSync.Locked              must be exact and not reported
set -euo pipefail
cd "$(dirname "$0")/../.."
SWIFTC=${SWIFTC:-swiftc}
DIR=${1:-.build-tsan/canary}
mkdir -p "$DIR"
SRC=Tools/sanitizers/canary
PATTERN='^(WARNING: ThreadSanitizer|SUMMARY: ThreadSanitizer)'

# Builds the canary `name` from the file `main` (and any further files) into $DIR/name; exits on a failed build.
# Called directly, never in `$(...)`, so that its `exit` ends the script.
build() {
    local name=$1 main=$2
    shift 2
    # Top-level code must be in a file called main.swift once there are several files.
    mkdir -p "$DIR/$name.src"
    cp "$main" "$DIR/$name.src/main.swift"
    "$SWIFTC" -sanitize=thread -g -swift-version 6 -o "$DIR/$name" "$DIR/$name.src/main.swift" "$SRC/Threads.swift" "$@" \
        2>"$DIR/$name.build.log" || {
        echo "tsan-canary: $name did not build:" >&2
        cat "$DIR/$name.build.log" >&2
        exit 1
    }
}

# Runs the canary `name` and prints how many TSan report lines it produced (its output in $DIR/name.log).
reports() {
    TSAN_OPTIONS="halt_on_error=0" "$DIR/$1" >"$DIR/$1.log" 2>&1 || true
    grep -c -E "$PATTERN" "$DIR/$1.log" || true
}

build racy "$SRC/racy.swift"
build mutex "$SRC/mutex.swift"
build locked "$SRC/locked.swift" Sources/VigieSync/Locked.swift

status=0
# TSan's detection is probabilistic (it keeps a few past accesses per 8 bytes and evicts at random): the racy
# canary gets three runs, and must be reported in one. It was reported in 55 runs of 55, 15 with both cores busy.
for _ in 1 2 3; do
    racy=$(reports racy)
    [ "$racy" -gt 0 ] && break
done
if [ "$racy" -gt 0 ]; then
    echo "tsan-canary: racy: reported ($racy lines), as it must be: $(grep '^racy:' "$DIR/racy.log")"
else
    echo "tsan-canary: racy: NOT reported in 3 runs: ThreadSanitizer is not working, a clean suite would mean nothing" >&2
    status=1
fi
mutex=$(reports mutex)
if [ "$mutex" -gt 0 ]; then
    echo "tsan-canary: mutex: reported ($mutex lines) though the count is exact: $(grep '^mutex:' "$DIR/mutex.log")"
else
    echo "tsan-canary: mutex: not reported: this toolchain's TSan sees Mutex; VigieSync.Locked could become Mutex"
fi
locked=$(reports locked)
if [ "$locked" -eq 0 ] && grep -q '^locked: 40000 of 40000$' "$DIR/locked.log"; then
    echo "tsan-canary: locked: clean and exact, as it must be"
else
    echo "tsan-canary: locked: FAILED ($locked report lines); see $DIR/locked.log" >&2
    status=1
fi
exit "$status"
