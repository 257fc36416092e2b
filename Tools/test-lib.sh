# Shared by the shell tests (cockpit, disk-full, fault cases, man pages): `source "$(dirname "$0")/test-lib.sh"`.
# Counts checks in PASSED and FAILED; each script ends with `echo "$PASSED passed, $FAILED failed"`.
PASSED=0
FAILED=0

# check NAME COMMAND...: runs COMMAND; prints PASS or FAIL with NAME and counts it.
check() {
    local name=$1
    shift
    if "$@"; then
        echo "  PASS  $name"
        PASSED=$((PASSED + 1))
    else
        echo "  FAIL  $name"
        FAILED=$((FAILED + 1))
    fi
}

# info TEXT...: a detail under the checks, indented.
info() { echo "        $*"; }

# wait_for SECONDS COMMAND...: true as soon as COMMAND succeeds, else false after SECONDS.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    while [ $SECONDS -lt $deadline ]; do
        "$@" && return 0
        sleep 0.2
    done
    "$@"
}
