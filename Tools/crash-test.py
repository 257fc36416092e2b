#!/usr/bin/env python3
"""Crash consistency at scale (issue 6): kill `vigie run` with SIGKILL at random moments, N times, and check that
no alert is lost or doubled and that the state database is intact.

USAGE
    python3 Tools/crash-test.py --vigie BIN [--kills N] [--seed S] [--keep]

WHAT IT DOES
    * Starts Tests/Support/fixture_server.py with --root FEEDS (loopback only) serving 4 RSS feeds, and writes a
      configuration with `interval = "1s"`, `backlog = "3650d"` and a one-watch watchlist ("quantum widget").
    * Before every run, and sometimes during one, it appends new items to the feeds (written atomically): stories
      matching the watch, some of them published in 2 or 3 feeds at once (same link: one alert expected), some
      copied under another link (another article of the same story: a "coverage" line expected), and
      items matching nothing.
    * Starts `vigie run --config ...`, lets it run a random time (0 to 1.2 s; a quarter of the runs are killed
      within 80 ms, i.e. during start-up and reconciliation) and kills it with SIGKILL. In about one run in six it
      first sends SIGHUP (killed during the reload); in about one in six, once the daemon has started (its
      reconciliation is done), it rotates the log as logrotate does (alerts.jsonl.K -> .K+1, alerts.jsonl -> .1,
      then SIGUSR1) and kills it 0 to 150 ms later. Vigie's reconciliation looks for a pending alert in
      alerts.jsonl and alerts.jsonl.1 only, so two rotations must not happen with no completed start-up between
      them (logrotate rotates weekly; the harness respects that). Both signals are sent once the daemon has logged
      "vigie started": before it listens, SIGHUP and SIGUSR1 keep their default action and terminate it.
    * The daemon delivers every alert to a webhook sink: Tests/Support/sink_receiver.py on loopback, which checks
      each Standard Webhooks signature and answers as scripted from the seed (one in eight a 503 or a 500,
      retried after 1 to 2 s), so kills land before, during and after deliveries.
    * After the N kills: one settling pass `vigie run --once` on the same state (reconciles, polls everything),
      then `vigie run` until no delivery is pending (the last retries come due) and SIGTERM, then a clean
      reference pass (a fresh state dir, `vigie run --once` against the final feeds, no sink).

CHECKS
    * every line of alerts.jsonl and alerts.jsonl.K is valid JSON, or only spaces (a torn line a crash left
      behind is overwritten with spaces by the reconciliation: JSON Lines readers such as jq skip it);
    * every (watch, key) the reference produces is present exactly once across all those files, and no other one;
    * every alert_id is unique;
    * each story has exactly one "story" line, every "coverage" line names a story that has one (by its
      story_alert_id), and the state records each line's article in the story its line names;
    * every alert was delivered to the sink (a 2xx answer to a request carrying its alert_id as webhook-id), every
      request named an alert of the log and carried that alert's line as body, every signature verified, the
      first deliveries came in the log's order, and no delivery is left pending, failed or given up; deliveries
      made twice (a kill between the receiver's answer and its record) are counted, not failed: the promise is
      at-least-once with one id;
    * `PRAGMA integrity_check` is "ok" on state.sqlite (python3's sqlite3 module).
    Prints a summary and 'N passed, N failed'; exit status 1 on any failure, 2 on a harness problem.
"""

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "Tests", "Support", "fixture_server.py")
RECEIVER = os.path.join(ROOT, "Tests", "Support", "sink_receiver.py")
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
FEEDS = ["wire", "daily", "weekly", "blog"]


class Feeds:
    """The growing feeds: every item ever added stays (the reference pass must see what the daemon saw)."""

    def __init__(self, folder, rng):
        self.folder = folder
        self.rng = rng
        self.items = {name: [] for name in FEEDS}
        self.stories = 0
        self.start = datetime(2026, 1, 1, tzinfo=timezone.utc)
        for name in FEEDS:
            self.write(name)

    def grow(self):
        """Adds 1 to 3 matching stories (each in 1 to 3 feeds) and 0 to 2 non-matching items; rewrites the feeds."""
        touched = set()
        for _ in range(self.rng.randint(1, 3)):
            self.stories += 1
            n = self.stories
            date = format_datetime(self.start + timedelta(minutes=n))
            item = (
                f"<item><title>Story {n}: the quantum widget ships</title>"
                f"<link>https://news.example/story/{n}?utm_source=feed</link>"
                f"<guid isPermaLink=\"false\">story-{n}</guid><pubDate>{date}</pubDate>"
                f"<description>Report {n} on the quantum widget.</description></item>"
            )
            for name in self.rng.sample(FEEDS, self.rng.choice([1, 1, 2, 3])):
                self.items[name].append(item)
                touched.add(name)
            if self.rng.random() < 0.4:
                # A syndicated copy under another link: another article, the same story (a "coverage" line).
                name = self.rng.choice(FEEDS)
                self.items[name].append(
                    item.replace("https://news.example/story/", "https://mirror.example/story/")
                    .replace(f"story-{n}<", f"mirror-{n}<"))
                touched.add(name)
        for _ in range(self.rng.randint(0, 2)):
            self.stories += 1
            n = self.stories
            name = self.rng.choice(FEEDS)
            self.items[name].append(
                f"<item><title>Weather {n}</title><link>https://news.example/weather/{n}</link>"
                f"<description>Nothing to see.</description></item>"
            )
            touched.add(name)
        for name in touched:
            self.write(name)

    def write(self, name):
        body = "\n".join(reversed(self.items[name]))  # newest first, as feeds do
        doc = (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Feed {name}</title><link>https://news.example/{name}</link>\n{body}\n</channel></rss>\n"
        )
        tmp = os.path.join(self.folder, "." + name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(doc)
        os.replace(tmp, os.path.join(self.folder, name))


def start_server(feeds_dir):
    server = subprocess.Popen(
        [sys.executable, SERVER, "--root", feeds_dir, "--port", "0"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline()
    if not line:
        raise SystemExit("crash-test: the fixture server did not start")
    return server, json.loads(line)["http"]


def start_receiver(folder, rng):
    """The webhook receiver: one answer in eight a 503 or a 500 among the first 300, then 200."""
    answers = ",".join(rng.choice(["200"] * 14 + ["503", "500"]) for _ in range(300)) + ",200"
    log = os.path.join(folder, "received.jsonl")
    receiver = subprocess.Popen(
        [sys.executable, RECEIVER, "--port", "0", "--answers", answers, "--secret", SECRET, "--log", log],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = receiver.stdout.readline()
    if not line:
        raise SystemExit("crash-test: the sink receiver did not start")
    return receiver, json.loads(line)["port"], log


def write_config(folder, port, state_dir, sink_port=None):
    watch_dir = os.path.join(folder, "watchlists")
    os.makedirs(watch_dir, exist_ok=True)
    with open(os.path.join(watch_dir, "crash.toml"), "w") as f:
        f.write('[[watch]]\nname = "crash"\nlevel = "alert"\nany = ["quantum widget"]\n')
    path = os.path.join(folder, "vigie.toml" if state_dir == "state" else "reference.toml")
    lines = [
        f'state_dir = "{state_dir}"',
        f'alert_log = "{"alerts.jsonl" if state_dir == "state" else "reference.jsonl"}"',
        'watchlists = ["watchlists/*.toml"]',
        'log_level = "info"',
        "[defaults]",
        'interval = "1s"',
        'backlog = "3650d"',
        "[fetch]",
        'timeout = "5s"',
    ]
    for name in FEEDS:
        lines += ["[[feed]]", f'url = "http://127.0.0.1:{port}/files/{name}"', f'name = "{name}"']
    if sink_port is not None:
        secret = os.path.join(folder, "hook.secret")
        with open(secret, "w") as f:
            f.write(SECRET + "\n")
        os.chmod(secret, 0o600)
        lines += ["[[sink]]", 'name = "hook"', 'type = "webhook"', f'url = "http://127.0.0.1:{sink_port}/hook"',
                  'secret_file = "hook.secret"', 'kinds = ["story", "coverage"]', 'min_backoff = "1s"',
                  'max_backoff = "2s"', 'timeout = "5s"']
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def log_files(folder, base="alerts.jsonl"):
    """The live log and its rotated files, oldest first."""
    rotated = sorted(
        (int(n.rsplit(".", 1)[1]), n) for n in os.listdir(folder)
        if n.startswith(base + ".") and n.rsplit(".", 1)[1].isdigit())
    return [os.path.join(folder, n) for _, n in reversed(rotated)] + [os.path.join(folder, base)]


def rotate(folder):
    """logrotate's way: shift alerts.jsonl.K to .K+1, then alerts.jsonl to .1."""
    base = os.path.join(folder, "alerts.jsonl")
    numbers = sorted((int(n.rsplit(".", 1)[1]) for n in os.listdir(folder)
                      if n.startswith("alerts.jsonl.") and n.rsplit(".", 1)[1].isdigit()), reverse=True)
    for k in numbers:
        os.rename(f"{base}.{k}", f"{base}.{k + 1}")
    if os.path.exists(base):
        os.rename(base, base + ".1")


def wait_for(path, text, deadline):
    while time.monotonic() < deadline:
        try:
            with open(path, errors="replace") as f:
                if text in f.read():
                    return True
        except FileNotFoundError:
            pass
        time.sleep(0.01)
    return False


def read_alerts(paths):
    """(records, invalid lines, blank lines) over the files."""
    records, invalid, blank = [], [], 0
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        if not data:
            continue
        if not data.endswith(b"\n"):
            invalid.append(f"{os.path.basename(path)}: no final newline")
        for number, raw in enumerate(data.split(b"\n")[:-1] if data.endswith(b"\n") else data.split(b"\n"), 1):
            if raw.strip(b" ") == b"":
                blank += 1
                continue
            try:
                records.append(json.loads(raw.decode("utf-8")))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                invalid.append(f"{os.path.basename(path)}:{number}: {error}: {raw[:80]!r}")
    return records, invalid, blank


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vigie", required=True)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    vigie = os.path.abspath(args.vigie)
    folder = tempfile.mkdtemp(prefix="vigie-crash-")
    feeds_dir = os.path.join(folder, "feeds")
    os.makedirs(feeds_dir)
    started = time.monotonic()
    print(f"crash-test: seed {seed}, {args.kills} kills, work folder {folder}", flush=True)

    server, port = start_server(feeds_dir)
    receiver, sink_port, received_path = start_receiver(folder, rng)
    feeds = Feeds(feeds_dir, rng)
    config = write_config(folder, port, "state", sink_port)
    stats = {"reload": 0, "rotate": 0, "early": 0, "reconciled": 0, "repaired": 0, "appended": 0, "found": 0}
    stderr_path = os.path.join(folder, "run.stderr")
    all_stderr_path = os.path.join(folder, "all-runs.stderr")
    failures = []
    try:
        for kill in range(args.kills):
            feeds.grow()
            with open(stderr_path, "w") as err:
                daemon = subprocess.Popen([vigie, "run", "--config", config], stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL, stderr=err)
            mode = rng.random()
            if mode < 0.25:
                stats["early"] += 1
                time.sleep(rng.uniform(0, 0.08))
            elif mode < 0.42:
                # After READY (systemd sends no reload before): a SIGHUP before the daemon listens terminates it.
                if wait_for(stderr_path, "vigie started", time.monotonic() + 10) and daemon.poll() is None:
                    time.sleep(rng.uniform(0, 0.6))
                    daemon.send_signal(signal.SIGHUP)
                    stats["reload"] += 1
                    time.sleep(rng.uniform(0, 0.1))
            elif mode < 0.59:
                if wait_for(stderr_path, "vigie started", time.monotonic() + 10) and daemon.poll() is None:
                    time.sleep(rng.uniform(0, 0.6))
                    rotate(folder)
                    daemon.send_signal(signal.SIGUSR1)
                    stats["rotate"] += 1
                    time.sleep(rng.uniform(0, 0.15))
            else:
                time.sleep(rng.uniform(0, 1.2))
                if rng.random() < 0.3:
                    feeds.grow()  # items appear while it runs
                    time.sleep(rng.uniform(0, 0.3))
            if daemon.poll() is not None:
                failures.append(f"run {kill + 1}: the daemon exited by itself (status {daemon.returncode})")
            daemon.send_signal(signal.SIGKILL)
            daemon.wait()
            with open(stderr_path, errors="replace") as f:
                text = f.read()
            with open(all_stderr_path, "a") as f:
                f.write(text)
            if (kill + 1) % 50 == 0:
                print(f"  {kill + 1} kills, {time.monotonic() - started:.0f} s", flush=True)

        # Settle: one pass on the same state reconciles and polls every feed (the final items included).
        settle = subprocess.run([vigie, "run", "--once", "--config", config], capture_output=True, text=True,
                                timeout=120)
        with open(all_stderr_path, "a") as f:
            f.write(settle.stderr)
        if settle.returncode != 0:
            failures.append(f"settling pass exited {settle.returncode}: {settle.stderr[-500:]}")
        # Deliveries left waiting by the kills (and backing off after a 5xx, 1 to 2 s): a clean run delivers them,
        # then stops (SIGTERM) once none waits, or after 120 s.
        with open(stderr_path, "w") as err:
            drain = subprocess.Popen([vigie, "run", "--config", config], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and drain.poll() is None:
            time.sleep(0.5)
            with sqlite3.connect(f"file:{os.path.join(folder, 'state', 'state.sqlite')}?mode=ro", uri=True) as db:
                if db.execute("SELECT count(*) FROM deliveries WHERE state = 'pending'").fetchone()[0] == 0:
                    break
        drain.send_signal(signal.SIGTERM)
        if drain.wait(timeout=30) != 0:
            failures.append(f"the draining run exited {drain.returncode}")
        with open(stderr_path, errors="replace") as f, open(all_stderr_path, "a") as out:
            out.write(f.read())
        reference_config = write_config(folder, port, "reference-state")
        reference = subprocess.run([vigie, "run", "--once", "--config", reference_config], capture_output=True,
                                   text=True, timeout=120)
        if reference.returncode != 0:
            failures.append(f"reference pass exited {reference.returncode}: {reference.stderr[-500:]}")
    finally:
        server.stdin.close()
        server.wait(timeout=10)
        receiver.stdin.close()
        receiver.wait(timeout=10)
    elapsed = time.monotonic() - started
    with open(all_stderr_path, errors="replace") as f:
        for line in f:
            if "reconciled pending alerts" in line:
                stats["reconciled"] += 1
                stats["repaired"] += "repaired_torn_line=true" in line
                for word in line.split():
                    for key in ("appended", "found"):
                        if word.startswith(key + "="):
                            stats[key] += int(word.split("=", 1)[1].strip('"'))

    files = log_files(folder)
    records, invalid, blank = read_alerts(files)
    expected, ref_invalid, _ = read_alerts([os.path.join(folder, "reference.jsonl")])
    expected_keys = {(r["watch"], r["key"]) for r in expected}
    counts = {}
    for r in records:
        counts[(r.get("watch"), r.get("key"))] = counts.get((r.get("watch"), r.get("key")), 0) + 1
    missing = sorted(expected_keys - counts.keys())
    extra = sorted(set(counts) - expected_keys)
    doubled = sorted(k for k, n in counts.items() if n > 1)
    ids = [r.get("alert_id") for r in records]
    # Stories: each story has exactly one "story" line, and every "coverage" line names a story that has one,
    # through that line's alert_id; every line's story is recorded in the state.
    openers = {}
    story_problems = []
    for r in records:
        if r.get("kind") == "story":
            if r.get("story") in openers:
                story_problems.append(f"story {r.get('story')} opened twice")
            openers[r.get("story")] = r.get("alert_id")
            if r.get("story_alert_id") != r.get("alert_id"):
                story_problems.append(f"{r.get('alert_id')}: story_alert_id is not its own alert_id")
        elif r.get("kind") != "coverage":
            story_problems.append(f"{r.get('alert_id')}: kind {r.get('kind')!r}")
    for r in records:
        if r.get("kind") == "coverage" and openers.get(r.get("story")) != r.get("story_alert_id"):
            story_problems.append(f"{r.get('alert_id')}: coverage of {r.get('story')} without its story line")
    with sqlite3.connect(f"file:{os.path.join(folder, 'state', 'state.sqlite')}?mode=ro", uri=True) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        pending = db.execute("SELECT count(*) FROM alerts WHERE state = 'pending'").fetchone()[0]
        unsettled = dict(db.execute(
            "SELECT state, count(*) FROM deliveries WHERE state != 'delivered' GROUP BY state").fetchall())
        recorded = {row[0]: row[1] for row in db.execute("SELECT article_key, story FROM story_items")}
    for r in records:
        if recorded.get(r.get("key"), r.get("story")) != r.get("story"):
            story_problems.append(f"{r.get('key')}: its line says story {r.get('story')}, the state another")

    # Deliveries: every alert taken (2xx) at least once, only with its own id and line, in the log's order.
    requests = []
    with open(received_path, errors="replace") as f:
        for raw in f:
            try:
                requests.append(json.loads(raw))
            except json.JSONDecodeError:
                pass  # a line being written when the receiver stopped
    lines_by_id = {r.get("alert_id"): json.dumps(r, separators=(",", ":"), ensure_ascii=False) for r in records}
    raw_lines = {}
    for path in files:
        if os.path.exists(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                for raw in f:
                    raw = raw.rstrip("\n")
                    if raw.strip():
                        try:
                            raw_lines[json.loads(raw)["alert_id"]] = raw
                        except (json.JSONDecodeError, KeyError):
                            pass
    delivery_problems = []
    taken = []
    for request in requests:
        rid = request["headers"].get("webhook-id")
        if rid not in raw_lines:
            delivery_problems.append(f"a request for unknown id {rid}")
        elif request["body"] != raw_lines[rid]:
            delivery_problems.append(f"{rid}: a body that is not its line")
        if request.get("signature_ok") is not True:
            delivery_problems.append(f"{rid}: signature not verified")
        if 200 <= request["status"] < 300:
            taken.append(rid)
    first_taken = list(dict.fromkeys(taken))
    log_order = [r.get("alert_id") for r in records]
    undelivered = [i for i in log_order if i not in set(taken)]
    in_order = first_taken == [i for i in log_order if i in set(first_taken)]
    twice = len(taken) - len(set(taken))
    del lines_by_id

    checks = [
        ("the reference pass produced alerts", len(expected_keys) > 0 and not ref_invalid,
         f"{len(expected_keys)} alerts"),
        ("every line is valid JSON (or spaces from torn-line repair)", not invalid,
         f"{len(records)} lines, {blank} blank" + (f"; {invalid[:3]}" if invalid else "")),
        ("no reference alert missing", not missing, f"{len(missing)} missing {missing[:3]}"),
        ("no alert doubled", not doubled, f"{len(doubled)} doubled {doubled[:3]}"),
        ("no extra alert", not extra, f"{len(extra)} extra {extra[:3]}"),
        ("alert_id unique", len(ids) == len(set(ids)), f"{len(ids)} ids"),
        ("one story line per story, every coverage line after its story's", not story_problems,
         f"{len(openers)} stories" + (f"; {story_problems[:3]}" if story_problems else "")),
        ("no alert left pending", pending == 0, f"{pending} pending"),
        ("every alert delivered to the webhook, with its id, line and signature, in order",
         not undelivered and not delivery_problems and in_order and not unsettled,
         f"{len(set(taken))} delivered in {len(requests)} requests ({len(requests) - len(taken)} answered 5xx, "
         f"{twice} delivered twice after a kill)"
         + (f"; undelivered {undelivered[:3]}" if undelivered else "")
         + (f"; {delivery_problems[:3]}" if delivery_problems else "")
         + ("" if in_order else "; first deliveries out of the log's order")
         + (f"; unsettled {unsettled}" if unsettled else "")),
        ("PRAGMA integrity_check", integrity == "ok", integrity),
        ("no harness or run failure", not failures, "; ".join(failures[:3])),
    ]
    print(f"crash-test: {args.kills} SIGKILLs in {elapsed:.1f} s (seed {seed}): {stats['early']} within 80 ms of "
          f"start, {stats['reload']} during a reload, {stats['rotate']} during a log rotation; "
          f"{stats['reconciled']} start-ups reconciled pending alerts ({stats['found']} found in the log, "
          f"{stats['appended']} appended, {stats['repaired']} torn lines repaired)")
    print(f"crash-test: {len(expected_keys)} reference alerts from {feeds.stories} items; the crashed daemon's "
          f"log: {len(records)} alerts in {len(files)} files ({blank} blank lines from torn-line repair)")
    passed = 0
    for name, ok, detail in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {detail}")
        passed += ok
    print(f"{passed} passed, {len(checks) - passed} failed")
    if args.keep or passed != len(checks):
        print(f"crash-test: kept {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if passed == len(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
