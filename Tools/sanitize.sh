#!/usr/bin/env bash
# Runs the whole `swift test` suite under AddressSanitizer, then under ThreadSanitizer: `make sanitize`.
#
#   Tools/sanitize.sh [address|thread|all]      default: all
#
# Each sanitizer has its own scratch path (.build-asan, .build-tsan) so the normal .build is never rebuilt. The
# logs are .build-<san>/sanitize.log; the script fails when a test fails or a sanitizer reports anything.
# Suppressions for known false positives outside Vigie live in Tools/sanitizers/ (see docs/RELIABILITY.md ("Tools")).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SWIFT=${SWIFT:-swift}
WHICH=${1:-all}

case "$WHICH" in
    address | thread | all) ;;
    *) echo "usage: $0 [address|thread|all]" >&2; exit 2 ;;
esac

run() {
    local san=$1 short=$2
    local scratch=$ROOT/.build-$short
    local log=$scratch/sanitize.log
    mkdir -p "$scratch"
    echo "sanitize: building the tests with --sanitize=$san in $scratch (slow: the first build takes minutes)"
    # Checked by hand: this function runs under `run … || status=1`, where `set -e` does not stop at a failed build.
    if ! "$SWIFT" build --build-tests --sanitize="$san" --scratch-path "$scratch"; then
        echo "sanitize: $san FAILED: the build failed (see above; \`make deps\` installs the C libraries)" >&2
        return 1
    fi
    if [ "$san" = thread ]; then
        # Proof that this run can fail (a real race is reported), and the evidence for VigieSync.Locked.
        bash "$ROOT/Tools/sanitizers/tsan-canary.sh" "$scratch/canary" || return 1
    fi
    echo "sanitize: swift test --sanitize=$san; log $log"
    local status=0
    VIGIE_UNDER_SANITIZER=1 ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1:abort_on_error=1} \
        TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0 second_deadlock_stack=1 \
suppressions=$ROOT/Tools/sanitizers/tsan.supp} \
        "$SWIFT" test --skip-build --sanitize="$san" --scratch-path "$scratch" >"$log" 2>&1 || status=$?
    grep -E 'Test run with|tests? in .* passed|failed' "$log" | tail -3 || true
    local reports
    local pattern='^(==[0-9]+==ERROR: AddressSanitizer|WARNING: ThreadSanitizer|SUMMARY: (Address|Thread)Sanitizer)'
    reports=$(grep -c -E "$pattern" "$log" || true)
    if [ "$status" -ne 0 ] || [ "$reports" -ne 0 ]; then
        echo "sanitize: $san FAILED (exit $status, $reports sanitizer lines); see $log" >&2
        grep -m5 -A40 -E 'ERROR: AddressSanitizer|WARNING: ThreadSanitizer' "$log" >&2 || tail -40 "$log" >&2
        return 1
    fi
    echo "sanitize: $san clean"
}

status=0
if [ "$WHICH" = address ] || [ "$WHICH" = all ]; then run address asan || status=1; fi
if [ "$WHICH" = thread ] || [ "$WHICH" = all ]; then run thread tsan || status=1; fi
exit "$status"
