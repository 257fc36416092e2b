#!/usr/bin/env bash
# Builds and runs Vigie's libFuzzer targets (the Fuzzing/ package): `make fuzz`.
#
#   Tools/fuzz.sh [parser|matcher|all] [SECONDS]      default: all, 600 seconds per target
#
# parser:  FeedParser().parse(bytes) on mutated feed documents, seeded with the feed corpus ($CORPUS, default
#          ../shared/corpus, files under 64 KiB) and the feeds under Tests/Fixtures.
# matcher: a Matcher built once from Config/watchlists/ai-alliance.toml, then match() on mutated text (first line =
#          title, second = summary, the rest = content), seeded with the titles and summaries of
#          Tests/Fixtures/eval/detection-dev.tsv.
# The fuzzers are built with -sanitize=fuzzer,address in .build-fuzz. The growing corpus is kept in
# .build-fuzz/work/<target>/corpus (FUZZ_WORK moves it), crash, timeout and out-of-memory inputs in
# .build-fuzz/work/<target>/artifacts, the log in .build-fuzz/work/<target>/fuzz.log. A finding makes the script
# exit non-zero; turn the input into a regression test under Tests/Fixtures/fuzz-regressions/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${1:-all}
SECONDS_PER_TARGET=${2:-600}
CORPUS=${CORPUS:-../shared/corpus}
SWIFT=${SWIFT:-swift}
SCRATCH=${FUZZ_SCRATCH:-$ROOT/.build-fuzz}
WORK=${FUZZ_WORK:-$SCRATCH/work}

case "$TARGET" in
    parser | matcher | all) ;;
    *) echo "usage: $0 [parser|matcher|all] [SECONDS]" >&2; exit 2 ;;
esac

"$SWIFT" build -c release --package-path Fuzzing --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address
BIN=$("$SWIFT" build -c release --package-path Fuzzing --scratch-path "$SCRATCH" --show-bin-path)

# Seeds, rebuilt each run (the fuzzer reads them; it writes new inputs only to the first directory).
seed_parser() {
    local dir=$WORK/parser/seeds
    rm -rf "$dir" && mkdir -p "$dir"
    local n=0
    for src in "$CORPUS" Tests/Fixtures; do
        [ -d "$src" ] || continue
        while IFS= read -r -d '' f; do
            n=$((n + 1)); cp "$f" "$dir/seed-$n"
        done < <(find "$src" -type f -size -64k \( -name '*.xml' -o -name '*.rss' -o -name '*.atom' \
            -o -name '*.rdf' -o -name '*.json' -o -name '*.html' -o -name '*.opml' -o -name '*.gz' \) -print0)
    done
    [ -d "$CORPUS" ] || echo "fuzz: $CORPUS not found; seeding the parser with Tests/Fixtures only" >&2
}

seed_matcher() {
    local dir=$WORK/matcher/seeds
    rm -rf "$dir" && mkdir -p "$dir"
    # Columns: id, label, entities, lang, title, summary.
    awk -F'\t' -v dir="$dir" '!/^#/ && NF >= 6 { printf "%s\n%s\n", $5, $6 > (dir "/" $1); close(dir "/" $1) }' \
        Tests/Fixtures/eval/detection-dev.tsv
}

run() {
    local name=$1 exe=$2
    local dir=$WORK/$name
    mkdir -p "$dir/corpus" "$dir/artifacts"
    echo "fuzz: $name for $SECONDS_PER_TARGET s; log $dir/fuzz.log"
    local status=0
    VIGIE_FUZZ_WATCHLIST=$ROOT/Config/watchlists/ai-alliance.toml \
        ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} \
        nice -n "${FUZZ_NICE:-0}" "$BIN/$exe" "$dir/corpus" "$dir/seeds" \
        -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
        >"$dir/fuzz.log" 2>&1 || status=$?
    grep -E '^(stat::|#[0-9]+ +DONE)' "$dir/fuzz.log" || true
    local kept found
    kept=$(find "$dir/corpus" -type f | wc -l)
    found=$(find "$dir/artifacts" -type f | wc -l)
    echo "fuzz: $name corpus $kept files; artifacts (crash/timeout/oom inputs): $found"
    if [ "$status" -ne 0 ]; then
        echo "fuzz: $name FOUND A PROBLEM (exit $status); see $dir/fuzz.log and $dir/artifacts" >&2
        grep -m1 -A30 -E 'ERROR: (libFuzzer|AddressSanitizer)|Fatal error' "$dir/fuzz.log" >&2 \
            || tail -40 "$dir/fuzz.log" >&2
    fi
    return "$status"
}

status=0
if [ "$TARGET" = parser ] || [ "$TARGET" = all ]; then
    seed_parser
    run parser FuzzParser || status=1
fi
if [ "$TARGET" = matcher ] || [ "$TARGET" = all ]; then
    seed_matcher
    run matcher FuzzMatcher || status=1
fi
exit "$status"
