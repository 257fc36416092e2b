#!/usr/bin/env bash
# The operator's cockpit against a running daemon (issue 14), with the real binary, real files and real signals:
# `vigie status` while the daemon runs (JSON keys, exit 1 while a feed fails, the daemon stopped), a feed turning bad
# and recovering (two feed-health lines, no more), `vigie backtest` of an added and of a removed keyword,
# `vigie alerts` (lines unchanged, filters) and `vigie alerts --follow` across a log rotation, and the metrics file
# parsed by prometheus_client's text parser.
#
#   bash Tools/cockpit-test.sh BIN
#
# Prints one PASS/FAIL line per check and 'N passed, N failed'; exit status 1 on any failure.
set -u
VIGIE=$(readlink -f "${1:?usage: cockpit-test.sh path/to/vigie}")
WORK=$(mktemp -d /tmp/vigie-cockpit-XXXXXX)
source "$(dirname "$(readlink -f "$0")")/test-lib.sh"
DAEMON=
FOLLOW=
STORY=0
cleanup() {
    [ -n "$DAEMON" ] && kill -9 "$DAEMON" 2>/dev/null
    [ -n "$FOLLOW" ] && kill -9 "$FOLLOW" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/watchlists"
printf '[[watch]]\nname = "widgets"\nlevel = "alert"\nany = ["quantum widget"]\n' >"$WORK/watchlists/w.toml"
: >"$WORK/items"
# add N [TITLE]: N new stories in the good feed (a file: URL, rewritten atomically).
add() {
    local i
    for ((i = 0; i < $1; i++)); do
        STORY=$((STORY + 1))
        echo "<item><title>Story $STORY: ${2:-the quantum widget ships}</title>" \
            "<link>https://news.example/$STORY</link><pubDate>Mon, 05 Jan 2026 10:00:00 GMT</pubDate></item>" \
            >>"$WORK/items"
    done
    {
        echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title>'
        cat "$WORK/items"
        echo '</channel></rss>'
    } >"$WORK/feed.tmp"
    mv "$WORK/feed.tmp" "$WORK/good.xml"
}
cp_bad() { cp "$WORK/good.xml" "$WORK/bad.xml"; }
cat >"$WORK/vigie.toml" <<EOF
state_dir = "state"
alert_log = "alerts.jsonl"
watchlists = ["watchlists/*.toml"]
metrics_file = "metrics/vigie.prom"
log_level = "notice"
[defaults]
interval = "1s"
backlog = "3650d"
[health]
failures = 3
[[feed]]
url = "file://$WORK/good.xml"
name = "good"
[[feed]]
url = "file://$WORK/bad.xml"
name = "bad"
EOF
mkdir -p "$WORK/metrics"
add 2
add 1 "a Granite model for the quantum lab"
cp_bad

# count_health: feed-health lines in the log; health_is N: whether there are N.
count_health() { grep -c '"kind":"feed-health"' "$WORK/alerts.jsonl" 2>/dev/null; }
health_is() { test "$(count_health)" = "$1"; }
# status_json: vigie status --json into $WORK/status.json; its exit status into STATUS_EXIT.
status_json() {
    "$VIGIE" status --config "$WORK/vigie.toml" --json >"$WORK/status.json" 2>"$WORK/status.err"
    STATUS_EXIT=$?
}
json() { python3 -c "import json, sys; d = json.load(open('$WORK/status.json')); print($1)"; }

"$VIGIE" run --config "$WORK/vigie.toml" 2>"$WORK/daemon.log" &
DAEMON=$!
check "the daemon writes its first alerts" wait_for 20 test -s "$WORK/alerts.jsonl"
sleep 2

echo "vigie status while the daemon runs"
status_json
check "exit 0 while every feed is well" test "$STATUS_EXIT" = 0
check "the daemon is running, with its pid" test "$(json 'd["daemon"]["running"], d["daemon"]["pid"]')" = "True $DAEMON"
check "every feed has every key" test "$(json 'sorted(d["feeds"][0].keys())')" = \
    "['consecutive_failures', 'current_url', 'enabled', 'health', 'health_since', 'items_seen', 'last_error', 'last_new_item', 'last_poll', 'last_status', 'missed_polls', 'name', 'next_poll', 'url']"
check "items seen and the last new item" test "$(json 'd["feeds"][0]["items_seen"], d["feeds"][0]["last_new_item"] is not None')" = "3 True"
"$VIGIE" status --config "$WORK/vigie.toml" >"$WORK/status.txt" 2>&1
check "the table names the daemon and the feeds" grep -q "daemon: running" "$WORK/status.txt"

echo "a feed turning bad and recovering"
rm "$WORK/bad.xml"
check "after 3 failed polls: one failing line" wait_for 20 health_is 1
sleep 3
check "no more lines while it stays failing" test "$(count_health)" = 1
status_json
check "vigie status exits 1 while a feed fails" test "$STATUS_EXIT" = 1
check "and names it failing with its error" test "$(json '[f["health"] for f in d["feeds"]], d["feeds"][1]["last_error"] is not None')" = "['ok', 'failing'] True"
cp_bad
check "recovered: a second line" wait_for 20 health_is 2
sleep 2
check "exactly two health lines in all" test "$(count_health)" = 2
check "failing then recovered, for the bad feed" test "$(grep '"kind":"feed-health"' "$WORK/alerts.jsonl" |
    python3 -c 'import json, sys; print(" ".join(json.loads(l)["health"] + ":" + json.loads(l)["feed_title"] for l in sys.stdin))')" = "failing:bad recovered:bad"
status_json
check "vigie status exits 0 again" test "$STATUS_EXIT" = 0

echo "vigie backtest"
printf '[[watch]]\nname = "widgets"\nlevel = "alert"\nany = ["quantum widget", "Granite"]\n' >"$WORK/added.toml"
"$VIGIE" backtest --config "$WORK/vigie.toml" --watchlist "$WORK/added.toml" --json >"$WORK/added.jsonl" 2>"$WORK/bt.err"
check "an added keyword: exit 0" test $? = 0
check "an added keyword adds the item it would catch, only that one" test "$(cat "$WORK/added.jsonl")" = \
    '{"change":"added","watch":"widgets","title":"Story 3: a Granite model for the quantum lab","link":"https://news.example/3","published":"2026-01-05T10:00:00Z"}'
add 1 "Granite 4 is released"
sleep 3
"$VIGIE" backtest --config "$WORK/vigie.toml" --watchlist "$WORK/added.toml" --json >"$WORK/added.jsonl" 2>"$WORK/bt.err"
check "an item seen since is tested too" test "$(grep -c '"change":"added"' "$WORK/added.jsonl")" = 2
printf '[[watch]]\nname = "widgets"\nlevel = "alert"\nany = ["zebra"]\n' >"$WORK/removed.toml"
"$VIGIE" backtest --config "$WORK/vigie.toml" --watchlist "$WORK/removed.toml" --json >"$WORK/removed.jsonl"
check "a removed keyword drops what it caught" test "$(python3 -c 'import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(sorted((r["change"], r["title"][:8]) for r in rows))' "$WORK/removed.jsonl")" = \
    "[('dropped', 'Story 1:'), ('dropped', 'Story 2:')]"
"$VIGIE" backtest --config "$WORK/vigie.toml" --watchlist "$WORK/removed.toml" >"$WORK/bt.txt"
check "the table groups by watch" grep -q "watch widgets: 0 added, 2 dropped" "$WORK/bt.txt"
"$VIGIE" backtest --config "$WORK/vigie.toml" --watchlist "$WORK/removed.toml" --since "yesterday" 2>"$WORK/bt.err"
check "a bad --since: exit 64, named" test $? = 64 -a -n "$(grep -- '--since "yesterday"' "$WORK/bt.err")"

echo "vigie alerts"
"$VIGIE" alerts --config "$WORK/vigie.toml" --json >"$WORK/alerts.out" 2>"$WORK/alerts.err"
check "--json prints the log's lines unchanged" cmp -s "$WORK/alerts.out" "$WORK/alerts.jsonl"
"$VIGIE" alerts --config "$WORK/vigie.toml" --json --kind feed-health >"$WORK/health.out"
check "--kind feed-health: the two health lines" test "$(grep -c . "$WORK/health.out")" = 2
"$VIGIE" alerts --config "$WORK/vigie.toml" >"$WORK/alerts.txt"
check "the table has a row per line" test "$(grep -c . "$WORK/alerts.txt")" = "$(grep -c . "$WORK/alerts.jsonl")"
"$VIGIE" alerts --config "$WORK/vigie.toml" --follow --json --kind story --kind coverage >"$WORK/follow.out" 2>"$WORK/follow.err" &
FOLLOW=$!
sleep 1
mv "$WORK/alerts.jsonl" "$WORK/alerts.jsonl.1"
add 1 "the quantum widget, after the rotation"
sleep 1.5
kill -USR1 "$DAEMON"
add 1 "the quantum widget, in the new log"
check "the daemon writes to the new log" wait_for 20 grep -q "in the new log" "$WORK/alerts.jsonl"
sleep 1.5
kill -TERM "$FOLLOW"
wait "$FOLLOW"
check "--follow stops on SIGTERM with status 0" test $? = 0
FOLLOW=
cat "$WORK/alerts.jsonl.1" "$WORK/alerts.jsonl" | grep -v '"kind":"feed-health"' >"$WORK/expected.out"
check "--follow printed every article line across the rotation, once, in order" cmp -s "$WORK/follow.out" "$WORK/expected.out"
check "including the line written to the old file after the rename" grep -q "after the rotation" "$WORK/follow.out"

echo "the metrics file"
check "written after the cycles" test -s "$WORK/metrics/vigie.prom"
python3 "$(dirname "$0")/../Tests/Support/parse_metrics.py" "$WORK/metrics/vigie.prom" >"$WORK/metrics.json"
check "parsed by prometheus_client" test $? = 0
# sample NAME LABELS: the value of one sample (LABELS a Python dict literal), or None.
sample() {
    python3 -c 'import json, sys
families = json.load(open(sys.argv[1]))
want = eval(sys.argv[3])
print(next((float(s["value"]) for f in families for s in f["samples"]
            if s["name"] == sys.argv[2] and s["labels"] == want), None))' "$WORK/metrics.json" "$1" "$2"
}
check "polls counted by outcome" python3 -c "import sys; sys.exit(not $(sample vigie_polls_total '{"outcome": "fetched"}') >= 2)"
check "the failed polls of the bad feed" python3 -c "import sys; sys.exit(not $(sample vigie_polls_total '{"outcome": "failed"}') >= 3)"
check "stories by watch" python3 -c "import sys; sys.exit(not $(sample vigie_stories_total '{"watch": "widgets"}') >= 1)"
check "feeds by status add up to the two feeds" test "$(python3 -c 'import json, sys
families = json.load(open(sys.argv[1]))
print(sum(float(s["value"]) for f in families for s in f["samples"] if s["name"] == "vigie_feeds"))' "$WORK/metrics.json")" = 2.0
check "the state size and the last cycle" python3 -c "import sys, time; sys.exit(not ($(sample vigie_state_size_bytes '{}') > 0 and abs($(sample vigie_last_cycle_timestamp_seconds '{}') - time.time()) < 60))"

echo "the daemon stopped"
kill -TERM "$DAEMON"
wait "$DAEMON"
DAEMON=
status_json
check "vigie status says stopped" test "$(json 'd["daemon"]["running"], d["daemon"]["stopped"] is not None')" = "False True"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
