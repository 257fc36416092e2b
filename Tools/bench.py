#!/usr/bin/env python3
"""Every benchmark of issue 15 side by side with its peers, in one run, written into BENCHMARKS.md (`make bench`).

Usage: python3 Tools/bench.py --vigie .build/release/vigie [--corpus ../shared/corpus]
                              [--only parse,cycle,idle,instructions] [--feeds 1000,10000] [--idle-minutes 5]
                              [--idle-feeds 1000] [--items 25] [--delay-ms 20] [--concurrency 32]
                              [--parse-runs 3] [--feedparser-runs 1] [--newsboat-timeout 300] [--no-newsboat]
                              [--callgrind-vigie PATH | --callgrind-scratch .build-callgrind] [--instruction-feeds 100]
                              [--keep DIR] [--output BENCHMARKS.md | --no-write] [--note TEXT] [--strict]

Quick look (about 3 minutes once the builds exist):
    python3 Tools/bench.py --vigie .build/release/vigie --feeds 1000 --idle-minutes 1 --feedparser-runs 0

Parts, in this order, each on the same quiet machine in the same run (every ratio is computed between figures of
this run, never across runs); `--only` picks some (names: parse, cycle, idle, instructions; `callgrind` is an
alias of `instructions`):

  parse         A 40 MB HTML-heavy RSS feed, written into the work folder by Tools/make-html-feed.py from --corpus
                (7,351 items, the same bytes every time). Timed on it, each the best of --parse-runs:
                  xmllint      `xmllint --stream --noout --nonet FILE`, its whole process timed from outside: the
                               floor (libxml2's reader, no tree, nothing kept);
                  Vigie        `vigie bench-parse --runs N FILE`: the file read first, then only the parse timed,
                               in-process (its own JSON line);
                  Vigie        `vigie parse --json FILE > /dev/null`: end to end (start-up, read, parse, JSON out);
                  feedparser   `feedparser.parse(bytes)` in a separate python3, timed inside it (--feedparser-runs
                               runs, default 1: it takes ~40 s; 0 leaves it out);
                  newsboat     `newsboat -x reload` on a urls file holding `"exec:cat FILE"`, with a fresh cache and
                               HOME: newsboat reads feeds only through its reload, so this is its parse plus the
                               storing of every item in its SQLite cache (which it syncs), end to end; one run,
                               informative only. Newsboat's real workload, fetching over HTTP, is in the cycles.
                Goals: Vigie at least 0.5x xmllint's speed in-process and end to end; at least 25x feedparser's.
  cycle         For each --feeds count (default 1,000 and 10,000): the issue's setup, feeds of --items items (25)
                from Tests/Support/fixture_server.py's /news on 127.0.0.1, answered after --delay-ms (20) ms, no big
                feeds (as `Tools/bench-cycle.py --items 25 --big-every 0 --delay-ms 20`, whose functions this
                script imports), --concurrency (32) transfers in flight for every tool:
                  cycle 1 (all 200)  `vigie run --once --config vigie.toml` on no state (fetch, parse, match,
                                     record, alert); `curl --parallel --parallel-max 32 -K CONFIG` with the bodies
                                     to /dev/null (the floor); `newsboat -x reload` with `reload-threads 32` and a
                                     fresh cache and HOME;
                  cycle 2 (all 304)  the same three commands again on what cycle 1 left (curl sends the ETags an
                                     untimed warm-up pass read).
                The server counts requests, 200s, 304s, conditional requests and body bytes for every command; the
                checks are bench-cycle.py's (N x 200 with curl's body bytes, N conditional x 304 with no body, Vigie
                failed 0 and wrote as many alert lines as it logged alerts). Newsboat is bounded by
                --newsboat-timeout (killed there, its figures say so and what it did meanwhile). Each count gets
                its own table; then the counts side by side (per-feed CPU), to show how the cost grows.
                Goals: Vigie's wall time within 1.2x curl's, both cycles, at 10,000 feeds; peak RSS at most 80 MB.
  idle          `vigie run --config vigie.toml` (the daemon in the foreground, no systemd) on --idle-feeds (1,000)
                feeds of the same shape with `interval = "1h"`: once every feed has been polled (the "poll cycle
                done" lines, summed) and 5 s more, its CPU time (utime + stime of /proc/PID/stat, all threads) over
                --idle-minutes (5) minutes, as a share of one core; also its peak RSS (VmHWM) and the requests the
                server saw meanwhile (0 expected). Then SIGTERM, which must end it with status 0.
                Goal: below 0.5% of a core; its VmHWM counts for the 80 MB goal.
  instructions  Regression-stable figures: instruction counts, with `valgrind --tool=callgrind` on a release build
                with DWARF 4 debug information (valgrind 3.19 cannot read DWARF 5), made here unless
                --callgrind-vigie is given: `swift build -c release --static-swift-stdlib -Xswiftc -use-ld=lld
                --scratch-path .build-callgrind --product vigie -Xswiftc -g -Xswiftc -debug-info-format=dwarf
                -Xswiftc -dwarf-version=4 -Xcc -gdwarf-4 -Xcxx -gdwarf-4` (incremental after the first time), and, where the
                kernel allows it, `perf stat -e instructions:u` on --vigie itself. Workloads:
                  parse   `vigie bench-parse` on a 4 MB slice (make-html-feed.py --megabytes 4): --runs 2 minus
                          --runs 1, i.e. one parse of the slice, start-up and reading excluded;
                  match   `vigie bench-match --phrases 5000` on bench-match.py's items (the corpus's real
                          captures, the labelled dev set as a feed, the seed article): --runs 2 minus --runs 1, i.e.
                          one matching pass over every item;
                  cycle   `vigie run --once` over --instruction-feeds (100) loopback feeds of the cycles' shape with
                          no delay: cycle 1 (all 200) and cycle 2 (all 304) on its state, start-up included; threads
                          make the count vary a little between runs.
                Each with its wall time from a native run of --vigie. Callgrind's outputs stay in the work folder
                (--keep DIR to look at them with callgrind_annotate); the section lists the parse's costliest
                functions.

Output: the section is printed, and written into --output (BENCHMARKS.md) between `<!-- make bench: begin -->`
and `<!-- make bench: end -->`, replacing what is there (added at the end when the markers are missing; the rest
of the file is kept as it is); --no-write only prints it. It holds the date, the machine (nproc, CPU model,
kernel, memory, load average before and after every part: other work on the machine shows there), the versions,
the exact commands, the tables with the ratios, and PASS/FAIL per goal. Exit status 1 when a measurement is not
valid (a check failed, a tool failed or was killed when it must not be), 0 otherwise: a goal missed is a FAIL in
the section, not an error of the benchmark (--strict makes it one).

Needs curl, xmllint (libxml2-utils), GNU time (time), valgrind for callgrind, newsboat (optional:
`apt-get install -y newsboat`), feedparser (`pip install feedparser`; optional). `make bench` installs them.
The soft open-files limit is raised as bench-cycle.py does; every measured command runs in its own process group,
killed at its time limit or when this script stops.
"""
import argparse, hashlib, importlib.util, json, os, platform, re, shlex, shutil, signal, sqlite3, subprocess, sys
import tempfile, time, types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BEGIN, END = '<!-- make bench: begin -->', '<!-- make bench: end -->'
PARTS = ('parse', 'cycle', 'idle', 'instructions')
MIB = 1 << 20
RSS_GOAL_BYTES = 80e6  # "80 MB", read strictly as 10^6 bytes: 76.3 MiB


def load_tool(name, filename):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, filename))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bc = load_tool('bench_cycle', 'bench-cycle.py')


def fail(msg):
    sys.exit(f'bench: {msg}')


def shown(cmd):
    """A command as the report shows it: paths under the repository relative to it."""
    return shlex.join(bc.display(c) if os.path.isabs(c) and c.startswith(ROOT + os.sep) else c for c in cmd)


def tool_env(home=None):
    env = bc.tool_env()
    if home:
        env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, '.config'),
                   XDG_DATA_HOME=os.path.join(home, '.local', 'share'), XDG_CACHE_HOME=os.path.join(home, '.cache'))
    return env


def verdict(good):
    return '**PASS**' if good else '**FAIL**'


class Run:
    """What one invocation collects: the section's parts, the goals, the checks, and the timings."""

    def __init__(self, args, workdir):
        self.args, self.workdir = args, workdir
        self.sections = []  # markdown blocks, in order
        self.goals = []  # (goal, measured, good or None)
        self.problems = []  # invalid measurements
        self.timings = []  # (part, seconds, load before, load after)
        self.env = bc.tool_env()
        self.server = None

    def serve(self):
        if self.server is None:
            self.server = bc.FixtureServer(self.workdir)
        return self.server

    def measure(self, cmd, tag, timeout=1800, env=None, cwd=None, counted=False):
        """bench-cycle's run_measured (wall, user, sys, peak RSS by GNU time), with the server's counters around it
        when `counted`."""
        if counted:
            self.server.reset()
        r = bc.run_measured(cmd, self.workdir, tag, timeout, env or self.env, cwd)
        if counted:
            r['stats'] = self.server.stats()
        return r


# ------------------------------------------------------------------------------------------------------ parse
FEEDPARSER_SCRIPT = r'''
import json, sys, time, feedparser
data = open(sys.argv[1], 'rb').read()
best, entries, bozo = float('inf'), 0, False
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    d = feedparser.parse(data)
    best = min(best, time.perf_counter() - start)
    entries, bozo = len(d.entries), bool(d.bozo)
print(json.dumps({"seconds": best, "entries": entries, "bozo": bozo, "version": feedparser.__version__}))
'''


def make_html_feed(run, megabytes, name):
    path = os.path.join(run.workdir, name)
    cmd = [sys.executable, os.path.join(HERE, 'make-html-feed.py'), '--corpus', run.args.corpus,
           '--megabytes', str(megabytes), path]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0 or not os.path.isfile(path):
        fail(f'make-html-feed.py failed (exit {p.returncode}): {p.stderr.strip()[:400]}')
    m = re.search(r'(\d+) items', p.stdout)
    return path, int(m.group(1)) if m else None, cmd


def best_of(run, cmd, tag, runs, **kw):
    results = [run.measure(cmd, f'{tag}-{i + 1}', **kw) for i in range(runs)]
    for r in results:
        if r['rc'] != 0:
            return r, results
    return min(results, key=lambda r: r['wall']), results


def part_parse(run):
    args, vigie = run.args, run.args.vigie
    feed, items, gen_cmd = make_html_feed(run, 40, 'html40.xml')
    size = os.path.getsize(feed)
    runs = args.parse_runs
    rows, notes = [], []
    commands = [f'the feed: `{shown(["python3", *gen_cmd[1:-1]])} WORK/html40.xml` ({size:,} bytes, {items:,} items)']

    xmllint_cmd = ['xmllint', '--stream', '--noout', '--nonet', feed]
    x, _ = best_of(run, xmllint_cmd, 'parse-xmllint', runs)
    if x['rc'] != 0:
        run.problems.append(f'xmllint exited {x["rc"]} on the 40 MB feed: {x["stderr"][:200]}')
    rows.append(dict(tool='xmllint --stream', what=f'whole process, best of {runs}', seconds=x['wall'],
                     cpu=x['user'] + x['sys'], rss=x['rss_kib'], note=''))
    commands.append(f'xmllint: `xmllint --stream --noout --nonet FILE`, timed from outside, best of {runs}')

    bp_cmd = [vigie, 'bench-parse', '--runs', str(runs), feed]
    b = run.measure(bp_cmd, 'parse-vigie-bench-parse')
    if b['rc'] != 0:
        fail(f'`vigie bench-parse` failed (exit {b["rc"]}): {b["stderr"].strip()[:400]}')
    line = json.loads(b['stdout'].strip().splitlines()[-1])
    bp_note = f'{line["items"]:,} items' + (f', {line["failures"]} failures' if line.get('failures') else '')
    rows.append(dict(tool='Vigie in-process', what=f'`vigie bench-parse`: parse only, best of {runs}',
                     seconds=line['seconds'], cpu=None, rss=b['rss_kib'],
                     note=bp_note + f'; the process: {b["wall"]:.2f} s wall, {b["user"] + b["sys"]:.2f} s CPU'))
    commands.append(f'Vigie in-process: `{shown([vigie, *bp_cmd[1:-1]])} FILE` (reads the file, then parses it '
                    f'{runs} times, each timed; the best is reported)')
    if line['items'] != items:
        run.problems.append(f'vigie bench-parse found {line["items"]} items, the feed holds {items}')

    pj_cmd = ['sh', '-c', 'exec "$0" parse --json "$1" > /dev/null', vigie, feed]
    j, _ = best_of(run, pj_cmd, 'parse-vigie-json', runs)
    if j['rc'] != 0:
        fail(f'`vigie parse --json` failed (exit {j["rc"]}): {j["stderr"].strip()[:400]}')
    rows.append(dict(tool='Vigie end to end', what=f'`vigie parse --json > /dev/null`, best of {runs}',
                     seconds=j['wall'], cpu=j['user'] + j['sys'], rss=j['rss_kib'], note=''))
    commands.append(f'Vigie end to end: `{shown([vigie])} parse --json FILE > /dev/null`, timed from outside, '
                    f'best of {runs}')

    fp = None
    if args.feedparser_runs > 0:
        fp_cmd = [sys.executable, '-c', FEEDPARSER_SCRIPT, feed, str(args.feedparser_runs)]
        f = run.measure(fp_cmd, 'parse-feedparser', timeout=args.feedparser_runs * 600)
        if f['rc'] != 0:
            notes.append(f'feedparser not measured: exit {f["rc"]}: '
                         + ' / '.join(f['stderr'].strip().splitlines()[-2:]))
        else:
            fp = json.loads(f['stdout'].strip().splitlines()[-1])
            rows.append(dict(tool=f'feedparser {fp["version"]}',
                             what=f'`feedparser.parse(bytes)`, in-process, best of {args.feedparser_runs}',
                             seconds=fp['seconds'], cpu=None, rss=f['rss_kib'],
                             note=f'{fp["entries"]:,} entries' + (', bozo' if fp['bozo'] else '')))
            commands.append(f'feedparser: `python3 -c SCRIPT FILE {args.feedparser_runs}`: reads the file, then '
                            f'times `feedparser.parse(data)` {args.feedparser_runs} time(s) (Python '
                            f'{platform.python_version()}); peak RSS is that whole python3\'s')
    else:
        notes.append('feedparser not measured (--feedparser-runs 0)')

    newsboat = None if args.no_newsboat else shutil.which('newsboat')
    if newsboat:
        home = os.path.join(run.workdir, 'parse-newsboat')
        shutil.rmtree(home, ignore_errors=True)
        os.makedirs(home)
        urls, cfg, cache = (os.path.join(home, x) for x in ('urls', 'config', 'cache.db'))
        with open(urls, 'w') as fh:
            fh.write(f'"exec:cat {feed}"\n')
        open(cfg, 'w').close()
        nb_cmd = [newsboat, '-x', 'reload', '-u', urls, '-c', cache, '-C', cfg, '-q']
        n = run.measure(nb_cmd, 'parse-newsboat', timeout=args.newsboat_timeout, env=tool_env(home), cwd=home)
        stored = sqlite_count(cache, 'rss_item')
        rows.append(dict(tool='newsboat', what='`newsboat -x reload` of `exec:cat FILE`: parse and store, one run',
                         seconds=n['wall'], cpu=n['user'] + n['sys'], rss=n['rss_kib'],
                         note=(f'{stored:,} items stored in its cache' if stored is not None else 'no cache')
                         + (f'; exit {n["rc"]}' if n['rc'] else '')
                         + ('; killed at --newsboat-timeout' if n['timed_out'] else '')))
        commands.append('newsboat: `newsboat -x reload -u URLS -c CACHE -C CONFIG -q` (URLS: `"exec:cat FILE"`; '
                        'empty CONFIG; fresh CACHE, HOME and XDG folders), one run')
    else:
        notes.append('newsboat not measured (' + ('--no-newsboat' if args.no_newsboat else 'not installed') + ')')

    in_process = size / line['seconds']
    end_to_end = size / j['wall']
    out = [f'### Parsing: a 40 MB HTML-heavy feed ({size / 1e6:.1f} MB, {items:,} items)\n',
           'Speeds are MB/s of the feed (10^6 bytes); each ratio is Vigie\'s speed over the tool\'s, in this run.\n',
           '| tool | what is timed | seconds | MB/s | CPU s | peak RSS MiB | Vigie in-process / tool | '
           'Vigie end to end / tool | notes |',
           '|---|---|---|---|---|---|---|---|---|']
    for row in rows:
        speed = size / row['seconds']
        cpu = '-' if row['cpu'] is None else f'{row["cpu"]:.2f}'
        vs = ('-', '-') if row['tool'].startswith('Vigie') else (f'{in_process / speed:.2f}',
                                                                 f'{end_to_end / speed:.2f}')
        out.append(f'| {row["tool"]} | {row["what"]} | {row["seconds"]:.3f} | {speed / 1e6:.1f} | {cpu} | '
                   f'{row["rss"] / 1024:.1f} | {vs[0]} | {vs[1]} | {row["note"]} |')
    x_speed = size / x['wall']
    run.goals.append(('Parsing in-process (`vigie bench-parse`) at least 0.5x `xmllint --stream`\'s speed',
                      f'{in_process / x_speed:.2f}x', in_process / x_speed >= 0.5))
    run.goals.append(('Parsing end to end (`vigie parse --json`) at least 0.5x `xmllint --stream`\'s speed',
                      f'{end_to_end / x_speed:.2f}x', end_to_end / x_speed >= 0.5))
    if fp:
        fp_speed = size / fp['seconds']
        run.goals.append(('Parsing at least 25x feedparser\'s speed (in-process against in-process)',
                          f'{in_process / fp_speed:.1f}x (end to end: {end_to_end / fp_speed:.1f}x)',
                          in_process / fp_speed >= 25))
    out.append('')
    out += [f'- {c}' for c in commands]
    out += [f'- {n}' for n in notes]
    out.append('- newsboat\'s row is its whole reload: it has no parse-only mode, and it writes every item to its '
               'SQLite cache; it is shown for scale, with no goal.' if newsboat else '')
    run.sections.append('\n'.join(line for line in out if line is not None))


def sqlite_count(path, table):
    try:
        con = sqlite3.connect(f'file:{path}?mode=ro', uri=True)
        try:
            return con.execute(f'select count(*) from {table}').fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return None


# ------------------------------------------------------------------------------------------------------ cycles
def feed_urls(port, n, items, delay_ms):
    return [f'http://127.0.0.1:{port}/news?id=f{i}&items={items}' + (f'&ms={delay_ms}' if delay_ms else '')
            for i in range(1, n + 1)]


def config_namespace(args):
    return types.SimpleNamespace(concurrency=args.concurrency, per_host=args.per_host,
                                 fetch_timeout=args.fetch_timeout)


def curl_configs(run, folder, urls):
    """The two curl configurations, after an untimed warm-up pass that reads every URL's ETag (bench-cycle.py's)."""
    return bc.curl_configs(folder, urls, run.args.concurrency, run.env, 1800)


def cycles_for(run, n):
    """Cycle 1 and 2 of Vigie, curl and newsboat over n feeds; returns {(cycle, tool): result}."""
    args, server = run.args, run.serve()
    folder = os.path.join(run.workdir, f'cycles-{n}')
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    urls = feed_urls(server.port, n, args.items, args.delay_ms)
    vigie_dir = os.path.join(folder, 'vigie')
    cfg = bc.write_config(vigie_dir, urls, config_namespace(args))
    check = run.measure([args.vigie, 'config', 'check', '--config', cfg], f'cycles-{n}-config-check')
    if check['rc'] != 0:
        fail(f'`vigie config check` refused the generated configuration: {check["stderr"].strip()[:300]}')
    curl_base, curl_cmds = curl_configs(run, folder, urls)
    newsboat = None if args.no_newsboat else shutil.which('newsboat')
    nb_home = os.path.join(folder, 'newsboat')
    if newsboat:
        os.makedirs(nb_home)
        with open(os.path.join(nb_home, 'urls'), 'w') as f:
            f.write(''.join(u + '\n' for u in urls))
        with open(os.path.join(nb_home, 'config'), 'w') as f:
            f.write(f'reload-threads {args.concurrency}\n')
    alert_log = os.path.join(vigie_dir, 'alerts.jsonl')
    results, commands = {}, {}
    for cycle in (1, 2):
        before = bc.count_lines(alert_log)
        cmd = [args.vigie, 'run', '--once', '--config', cfg]
        r = run.measure(cmd, f'cycles-{n}-vigie-{cycle}', timeout=args.cycle_timeout, cwd=vigie_dir, counted=True)
        r['alert_lines'] = bc.count_lines(alert_log) - before
        r['summary'], r['levels'], r['worst'] = bc.vigie_log(r['stderr'])
        results[(cycle, 'Vigie')] = r
        commands['Vigie'] = f'`{shown(cmd[:-1])} VIGIE.TOML` (cwd its folder), twice on one state'
        results[(cycle, 'curl')] = run.measure(curl_cmds[cycle], f'cycles-{n}-curl-{cycle}',
                                               timeout=args.cycle_timeout, counted=True)
        commands['curl'] = (f'`{shlex.join(curl_base)} -K CONFIG200`, then `-K CONFIG304` (CONFIG200: `url` and '
                            f'`output = "/dev/null"` per URL; CONFIG304 adds `header = "If-None-Match: ETAG"`, one '
                            f'`next` group per URL; the ETags come from an untimed warm-up pass of the first)')
        if newsboat:
            prev = results.get((1, 'newsboat'))
            if cycle == 2 and prev and prev['timed_out']:
                continue
            nb_cmd = [newsboat, '-x', 'reload', '-u', os.path.join(nb_home, 'urls'), '-c',
                      os.path.join(nb_home, 'cache.db'), '-C', os.path.join(nb_home, 'config'), '-q']
            r = run.measure(nb_cmd, f'cycles-{n}-newsboat-{cycle}', timeout=args.newsboat_timeout,
                            env=tool_env(nb_home), cwd=nb_home, counted=True)
            r['items'] = sqlite_count(os.path.join(nb_home, 'cache.db'), 'rss_item')
            results[(cycle, 'newsboat')] = r
            commands['newsboat'] = (f'`newsboat -x reload -u URLS -c CACHE -C CONFIG -q` (CONFIG: `reload-threads '
                                    f'{args.concurrency}`; fresh CACHE, HOME and XDG folders for cycle 1, the same '
                                    f'CACHE for cycle 2), bounded at {args.newsboat_timeout:.0f} s')
    return results, commands, check


def cycle_checks(n, results):
    """bench-cycle.py's checks for Vigie and curl; newsboat's counts are reported, not checked."""
    checks = []
    body = results[(1, 'curl')]['stats']['body_bytes']
    for (cycle, tool), r in sorted(results.items()):
        if tool == 'newsboat':
            continue
        st = r['stats']
        c = [('exit 0', r['rc'] == 0 and not r['timed_out']), (f'{n} requests', st['requests'] == n)]
        if cycle == 1:
            c += [(f'{n} x 200', st['ok'] == n), ("curl's body bytes", st['body_bytes'] == body)]
            if tool == 'Vigie':
                s = r['summary'] or {}
                c += [('fetched N, failed 0', s.get('fetched') == str(n) and s.get('failed') == '0'),
                      ('alert lines = alerts logged', str(r['alert_lines']) == s.get('alerts'))]
        else:
            c += [(f'{n} conditional x 304', st['not_modified'] == n and st['conditional_requests'] == n),
                  ('zero body bytes', st['body_bytes'] == 0)]
            if tool == 'Vigie':
                s = r['summary'] or {}
                c += [('not_modified N, failed 0', s.get('not_modified') == str(n) and s.get('failed') == '0'),
                      ('no alert line', r['alert_lines'] == 0)]
        checks += [(f'{n} feeds, cycle {cycle}, {tool}', label, good) for label, good in c]
    return checks


def part_cycle(run):
    args = run.args
    all_results = {}
    out = [f'### Whole cycles over loopback feeds: Vigie, curl and newsboat\n',
           f'Every feed: `/news` of the fixture server, {args.items} items of HTML-heavy RSS, answered after '
           f'{args.delay_ms} ms, one per URL on 127.0.0.1; {args.concurrency} transfers in flight for every tool. '
           f'Cycle 1: every feed new (200); cycle 2: the same command again (304 from the stored validators). Wall '
           f'time around the process, CPU = user + sys (`wait4`), peak RSS = GNU time\'s %M; the server counted what '
           f'each command asked for. One run per cell. The issue\'s setup names about 226 MB for 10,000 feeds of 25 '
           f'items (~23 KB a feed); the fixture server\'s `/news` documents carry 1.3–4.2 KB of HTML per item, so '
           f'these feeds are about four times as heavy: more parsing and matching per feed, the same transfers '
           f'for every tool.\n']
    commands, checks = {}, []
    for n in args.feeds:
        start, load0 = time.monotonic(), bc.load_average()
        results, cmds, check = cycles_for(run, n)
        all_results[n] = results
        commands.update(cmds)
        checks += cycle_checks(n, results)
        run.timings.append((f'cycles, {n:,} feeds', time.monotonic() - start, load0, bc.load_average()))
        body = results[(1, 'curl')]['stats']['body_bytes']
        out.append(f'#### {n:,} feeds ({body / 1e6:.1f} MB of feed documents in cycle 1, {body / n / 1e3:.1f} KB a '
                   f'feed; `vigie config check` on this configuration: {check["wall"]:.2f} s)\n')
        out.append('| cycle | tool | requests | 200 | 304 | conditional | body MB | wall s | CPU s (user + sys) | '
                   'peak RSS MiB | wall / curl | CPU / curl | notes |')
        out.append('|---|---|---|---|---|---|---|---|---|---|---|---|---|')
        for cycle in (1, 2):
            curl = results[(cycle, 'curl')]
            for tool in ('Vigie', 'curl', 'newsboat'):
                r = results.get((cycle, tool))
                if r is None:
                    if tool == 'newsboat' and (1, 'newsboat') in results:
                        out.append(f'| {cycle} | newsboat | - | - | - | - | - | - | - | - | - | - | not run: cycle '
                                   f'1 was killed at the bound |')
                    continue
                st, cpu = r['stats'], r['user'] + r['sys']
                note = []
                if r['timed_out']:
                    note.append(f'killed at {args.newsboat_timeout if tool == "newsboat" else args.cycle_timeout:.0f}'
                                f' s: the counts are what it asked for until then')
                elif r['rc']:
                    note.append(f'exit {r["rc"]}')
                if tool == 'Vigie':
                    s = r['summary'] or {}
                    note.append('log: ' + ', '.join(f'{k} {s[k]}' for k in ('fetched', 'not_modified', 'failed',
                                                                          'new_items', 'alerts') if k in s)
                                + f'; {r["alert_lines"]} alert lines')
                    if r['worst']:
                        note.append(f'first warning: `{r["worst"][0][:120]}`')
                if tool == 'newsboat' and r.get('items') is not None:
                    note.append(f'{r["items"]:,} items in its cache')
                if tool == 'newsboat' and cycle == 2 and st['conditional_requests'] == 0:
                    note.append('it sent no conditional request, although its cache holds every ETag and '
                                'Last-Modified')
                ratios = ('-', '-') if tool == 'curl' else (f'{r["wall"] / curl["wall"]:.2f}',
                                                            f'{cpu / max(curl["user"] + curl["sys"], 1e-9):.2f}')
                # a command killed at its bound has no rusage of its own (GNU time was killed with it)
                cpu_cell = '-' if r['timed_out'] else f'{cpu:.2f} ({r["user"]:.2f} + {r["sys"]:.2f})'
                rss_cell = '-' if r['timed_out'] else f'{r["rss_kib"] / 1024:.1f}'
                if r['timed_out']:
                    ratios = (f'> {ratios[0]}', '-')
                out.append(f'| {cycle} | {tool} | {st["requests"]} | {st["ok"]} | {st["not_modified"]} | '
                           f'{st["conditional_requests"]} | {st["body_bytes"] / 1e6:.1f} | {r["wall"]:.2f} | '
                           f'{cpu_cell} | {rss_cell} | {ratios[0]} | {ratios[1]} | {"; ".join(note)} |')
        out.append('')
        # the goal is set at 10,000 feeds; at other counts it is shown for information
        for cycle, name in ((1, 'first cycle (all 200)'), (2, 'all-304 cycle')):
            v, c = results[(cycle, 'Vigie')], results[(cycle, 'curl')]
            ratio = v['wall'] / c['wall']
            goal = f'{n:,} feeds, {name}: Vigie\'s wall time within 1.2x curl\'s'
            run.goals.append((goal + ('' if n == 10000 else ' (the goal is set at 10,000 feeds)'),
                              f'{ratio:.2f}x ({v["wall"]:.2f} s against {c["wall"]:.2f} s)', ratio <= 1.2))
        run.rss.append((f'`vigie run --once`, {n:,} feeds', max(results[(c, 'Vigie')]['rss_kib'] for c in (1, 2))))

    if len(args.feeds) > 1:
        counts = args.feeds
        out.append('#### The counts side by side: cost per feed\n')
        out.append('| cycle | tool | ' + ' | '.join(f'{n:,} feeds: wall s / CPU s / RSS MiB' for n in counts)
                   + ' | ' + ' | '.join(f'CPU ms a feed, {n:,}' for n in counts)
                   + f' | CPU a feed, {counts[-1]:,} / {counts[0]:,} |')
        out.append('|---|---|' + '---|' * (2 * len(counts) + 1))
        for cycle in (1, 2):
            for tool in ('Vigie', 'curl', 'newsboat'):
                cells = [all_results[n].get((cycle, tool)) for n in counts]
                if any(r is None for r in cells):
                    continue
                per = [None if r['timed_out'] else (r['user'] + r['sys']) * 1000 / n for r, n in zip(cells, counts)]
                killed = any(r['timed_out'] for r in cells)
                out.append(f'| {cycle} | {tool} | ' + ' | '.join(
                    f'{r["wall"]:.2f} (killed) / - / -' if r['timed_out'] else
                    f'{r["wall"]:.2f} / {r["user"] + r["sys"]:.2f} / {r["rss_kib"] / 1024:.1f}' for r in cells)
                    + ' | ' + ' | '.join('-' if p is None else f'{p:.2f}' for p in per) + ' | '
                    + ('-' if killed else f'{per[-1] / per[0]:.2f}') + ' |')
        out.append('\nLinear growth means the last column stays near 1.00 (the same cost per feed); the wall '
                   'time of a cycle also holds the fixed start-up and the server\'s delay.\n')

    failed = [(w, l) for w, l, good in checks if not good]
    if failed:
        run.problems += [f'{w}: {l}' for w, l in failed]
    out.append(f'Checks (Vigie and curl): {verdict(not failed)}' + (
        ': ' + '; '.join(f'{w}: {l}' for w, l in failed) if failed else
        ' (cycle 1: N x 200, the same body bytes as curl, Vigie fetched N and failed 0, its alert lines = its '
        'alerts; cycle 2: N conditional requests, N x 304, no body byte, no alert line).'))
    out.append('\nCommands:')
    out.append(f'- server: `{shown(run.server.cmd)}`; URLs `http://127.0.0.1:PORT/news?id=fN&items={args.items}'
               + (f'&ms={args.delay_ms}' if args.delay_ms else '') + '`, N = 1..feeds')
    out.append(f'- VIGIE.TOML: written by bench-cycle.py\'s `write_config`: `state_dir = "state"`, `alert_log = '
               f'"alerts.jsonl"`, the repository\'s `Config/watchlists/*.toml`, `log_level = "info"`, `[defaults] '
               f'interval = "15m"`, `backlog = "3650d"`, `[fetch] concurrency = {args.concurrency}`, `per_host = '
               f'{args.per_host}`' + (f', `timeout = "{args.fetch_timeout}"`' if args.fetch_timeout else '')
               + ', one `[[feed]]` per URL')
    for tool in ('Vigie', 'curl', 'newsboat'):
        if tool in commands:
            out.append(f'- {tool}: {commands[tool]}')
    if not commands.get('newsboat'):
        out.append('- newsboat: not measured (' + ('--no-newsboat' if args.no_newsboat else 'not installed') + ')')
    run.sections.append('\n'.join(out))


# ------------------------------------------------------------------------------------------------------ idle
def proc_cpu_seconds(pid):
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')  # utime, stime (fields 14, 15)


def proc_status(pid, key):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith(key + ':'):
                return int(line.split()[1])
    return None


def part_idle(run):
    args, server = run.args, run.serve()
    n = args.idle_feeds
    folder = os.path.join(run.workdir, 'idle')
    urls = feed_urls(server.port, n, args.items, args.delay_ms)
    cfg = bc.write_config(folder, urls, config_namespace(args))
    with open(cfg, encoding='utf-8') as f:
        text = f.read()
    with open(cfg, 'w', encoding='utf-8') as f:
        f.write(text.replace('interval = "15m"', 'interval = "1h"', 1))
    cmd = [args.vigie, 'run', '--config', cfg]
    err_path = os.path.join(folder, 'daemon.stderr')
    server.reset()
    started = time.monotonic()
    with open(err_path, 'wb') as err, open(os.path.join(folder, 'daemon.stdout'), 'wb') as out_f:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out_f, stderr=err, env=run.env, cwd=folder,
                                start_new_session=True)
    try:
        polled = 0
        while polled < n:
            if proc.poll() is not None:
                fail(f'`vigie run` exited ({proc.returncode}) before its first cycle: {open(err_path).read()[-400:]}')
            if time.monotonic() - started > args.cycle_timeout:
                fail(f'`vigie run` did not poll its {n} feeds within {args.cycle_timeout:.0f} s')
            time.sleep(0.5)
            with open(err_path, encoding='utf-8', errors='replace') as f:
                polled = sum(int(m.group(1)) for m in re.finditer(r'poll cycle done .*?\bpolled=(\d+)', f.read()))
        first = time.monotonic() - started
        first_requests = server.stats()['requests']
        time.sleep(5)  # the last alerts and the state's commit after the last cycle line
        cpu_first = proc_cpu_seconds(proc.pid)
        server.reset()
        t0, c0 = time.monotonic(), proc_cpu_seconds(proc.pid)
        time.sleep(args.idle_minutes * 60)
        t1, c1 = time.monotonic(), proc_cpu_seconds(proc.pid)
        idle_requests = server.stats()['requests']
        hwm, rss, threads = (proc_status(proc.pid, k) for k in ('VmHWM', 'VmRSS', 'Threads'))
        alive = proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            rc = 'no exit within 60 s of SIGTERM'
    finally:
        bc.kill_group(proc)
        proc.wait()
    share = (c1 - c0) / (t1 - t0) * 100
    if not alive or rc != 0:
        run.problems.append(f'idle daemon: alive through the idle window: {alive}; exit after SIGTERM: {rc}')
    run.goals.append((f'CPU between polls below 0.5% of a core ({args.idle_minutes:g} idle minutes, {n:,} feeds)',
                      f'{share:.3f}%', share < 0.5))
    run.rss.append((f'`vigie run` (daemon), {n:,} feeds, first cycle and idle (VmHWM)', hwm))
    out = [f'### Idle: the daemon between polls\n',
           f'`{shown(cmd[:-1])} VIGIE.TOML` in the foreground (no systemd), {n:,} feeds of the cycles\' shape '
           f'({args.items} items, {args.delay_ms} ms), VIGIE.TOML as for the cycles but `interval = "1h"`. Its first '
           f'polls (spread over the start-up window) took {first:.1f} s and {cpu_first:.2f} s of CPU '
           f'({first_requests} requests); 5 s later, its CPU time (utime + stime of `/proc/PID/stat`, every thread) '
           f'was read, then again {args.idle_minutes:g} minutes later.\n',
           '| idle window s | CPU s in it | share of one core | requests meanwhile | peak RSS (VmHWM) MiB | RSS at the '
           'end MiB | threads | exit after SIGTERM |',
           '|---|---|---|---|---|---|---|---|',
           f'| {t1 - t0:.1f} | {c1 - c0:.3f} | {share:.3f}% | {idle_requests} | {hwm / 1024:.1f} | {rss / 1024:.1f} | '
           f'{threads} | {rc} |']
    run.sections.append('\n'.join(out))


# ------------------------------------------------------------------------------------------------ instructions
CALLGRIND_FLAGS = ['-c', 'release', '--static-swift-stdlib', '-Xswiftc', '-use-ld=lld', '--product', 'vigie',
                   '-Xswiftc', '-g', '-Xswiftc', '-debug-info-format=dwarf', '-Xswiftc', '-dwarf-version=4',
                   '-Xcc', '-gdwarf-4', '-Xcxx', '-gdwarf-4']


def callgrind_binary(run):
    """--callgrind-vigie, or the DWARF 4 release build in --callgrind-scratch, built (incrementally) now."""
    args = run.args
    if args.callgrind_vigie:
        return os.path.abspath(args.callgrind_vigie), None, 0.0
    scratch = os.path.abspath(args.callgrind_scratch)
    cmd = [os.environ.get('SWIFT', 'swift'), 'build', *CALLGRIND_FLAGS, '--scratch-path', scratch]
    start = time.monotonic()
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        fail(f'the callgrind build failed (exit {p.returncode}): {(p.stdout + p.stderr).strip()[-800:]}')
    path = os.path.join(scratch, 'release', 'vigie')
    return path, cmd, time.monotonic() - start


def dwarf_versions(path):
    """The DWARF versions of the compile units in `path`, by count (readelf)."""
    try:
        p = subprocess.run(['readelf', '--debug-dump=info', path], capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    counts = {}
    for m in re.finditer(r'^\s+Version:\s+(\d+)', p.stdout, re.M):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return counts


def callgrind(run, cmd, tag, cwd=None):
    """Total Ir of cmd under callgrind, the output file, and valgrind's warnings about debug information."""
    out = os.path.join(run.workdir, f'callgrind.{tag}.out')
    r = run.measure(['valgrind', '--tool=callgrind', f'--callgrind-out-file={out}', *cmd], f'callgrind-{tag}',
                    timeout=3600, cwd=cwd, counted=run.server is not None)
    if r['rc'] != 0:
        fail(f'callgrind of `{shown(cmd)}` failed (exit {r["rc"]}): {r["stderr"].strip()[-600:]}')
    total = None
    with open(out, encoding='utf-8', errors='replace') as f:
        for line in f:
            m = re.match(r'(?:summary|totals):\s+(\d+)', line)
            if m:
                total = int(m.group(1))
    warnings = [line for line in r['stderr'].splitlines()
                if re.search(r'DWARF|debuginfo|debug info|parse_CU|Warning', line, re.I)]
    return total, out, warnings, r


def perf_works():
    """Whether `perf stat` counts instructions here (a virtual machine may not expose the counter); the reason
    otherwise, kept in perf_works.reason."""
    if not hasattr(perf_works, 'ok'):
        perf_works.ok, perf_works.reason = False, 'perf is not installed'
        if shutil.which('perf'):
            try:
                p = subprocess.run(['perf', 'stat', '-x', ',', '-e', 'instructions:u', '--', 'true'],
                                   capture_output=True, text=True, timeout=60)
                first = (p.stderr.strip().splitlines() or ['?'])[-1]
                perf_works.ok = first.split(',')[0].strip().isdigit()
                perf_works.reason = f'`perf stat -e instructions:u` printed `{first}` here'
            except (OSError, subprocess.TimeoutExpired) as e:
                perf_works.reason = f'perf failed: {e}'
    return perf_works.ok


def perf_instructions(run, cmd, tag, cwd=None):
    """instructions:u of cmd by `perf stat` (every thread), and the run's wall time; None when perf cannot."""
    if not perf_works():
        return None, None
    out = os.path.join(run.workdir, f'perf.{tag}.csv')
    r = run.measure(['perf', 'stat', '-x', ',', '-e', 'instructions:u', '-o', out, '--', *cmd], f'perf-{tag}',
                    timeout=3600, cwd=cwd, counted=run.server is not None)
    if r['rc'] != 0:
        return None, r
    with open(out, encoding='utf-8', errors='replace') as f:
        for line in f:
            fields = line.split(',')
            if len(fields) > 2 and fields[2].startswith('instructions') and fields[0].strip().isdigit():
                return int(fields[0]), r
    return None, r


def top_functions(path, count=8):
    """The `count` functions of most self cost in a callgrind output, names demangled (swift demangle)."""
    try:
        p = subprocess.run(['callgrind_annotate', '--threshold=100', path], capture_output=True, text=True,
                           timeout=300)
    except (OSError, subprocess.TimeoutExpired):
        return []
    rows = []
    for line in p.stdout.splitlines():
        m = re.match(r'\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(\S.*)$', line)
        if m and ':' in m.group(3) and 'PROGRAM TOTALS' not in line:
            source, name = m.group(3).split(':', 1)  # "file:function [object]", file ??? without line info
            obj = re.search(r'\s\[([^\]]+)\]\s*$', name)
            if obj:
                name = name[:obj.start()]
            where = os.path.basename(obj.group(1)) if obj else ''
            if source != '???':
                where = f'{source} ({where})' if where else source
            rows.append((int(m.group(1).replace(',', '')), float(m.group(2)), name.strip(), where))
        if len(rows) >= count:
            break
    swift = shutil.which(os.environ.get('SWIFT', 'swift'))
    if swift and rows:
        try:
            d = subprocess.run([swift, 'demangle', '--simplified', '--compact'], input='\n'.join(r[2] for r in rows),
                               capture_output=True, text=True, timeout=60)
            names = d.stdout.splitlines()
            if len(names) == len(rows):
                rows = [(a, b, n, w) for (a, b, _, w), n in zip(rows, names)]
        except (OSError, subprocess.TimeoutExpired):
            pass
    return rows


def bench_match_inputs(run):
    """bench-match.py's default items: the corpus's real captures, the dev set as a feed, the seed article."""
    match = load_tool('bench_match', 'bench-match.py')
    ev = load_tool('vigie_eval', 'eval.py')
    files = match.select_files(run.args.corpus, 'real')
    dev = os.path.join(run.workdir, 'detection-dev.xml')
    ev.write_feed(ev.read_dev(os.path.join(ROOT, 'Tests', 'Fixtures', 'eval', 'detection-dev.tsv')), dev)
    return files + [dev, os.path.join(ROOT, 'Tests', 'Fixtures', 'seed', 'la-tribune-rss20-latin1.xml')]


def part_instructions(run):
    args = run.args
    cg_vigie, build_cmd, build_seconds = callgrind_binary(run)
    versions = dwarf_versions(cg_vigie)
    slice_path, slice_items, _ = make_html_feed(run, 4, 'html4.xml')
    slice_size = os.path.getsize(slice_path)
    match_files = bench_match_inputs(run)
    watchlist = os.path.join(ROOT, 'Config', 'watchlists', 'ai-alliance.toml')
    corpus = os.path.abspath(args.corpus)
    server = run.serve()

    def parse_cmd(binary, runs):
        return [binary, 'bench-parse', '--runs', str(runs), slice_path]

    def match_cmd(binary, runs):
        return [binary, 'bench-match', '--runs', str(runs), '--phrases', '5000', '--watchlist', watchlist,
                *match_files]

    rows, warnings, outputs = [], [], {}
    for name, make, cwd in (('parse', parse_cmd, None), ('match', match_cmd, corpus)):
        cg = [callgrind(run, make(cg_vigie, k), f'{name}-runs{k}', cwd=cwd) for k in (1, 2)]
        outputs[name] = cg[1][1]
        warnings += cg[0][2]
        pf = [perf_instructions(run, make(args.vigie, k), f'{name}-runs{k}', cwd=cwd)[0] for k in (1, 2)]
        native = run.measure(make(args.vigie, 3), f'native-{name}', cwd=cwd)
        line = json.loads(native['stdout'].strip().splitlines()[-1])
        rows.append(dict(name=name, cg=None if None in (cg[0][0], cg[1][0]) else cg[1][0] - cg[0][0],
                         cg_total=cg[0][0], perf=None if None in pf else pf[1] - pf[0], wall=line['seconds'],
                         what=(f'one parse of the 4 MB slice ({slice_size / 1e6:.1f} MB, {slice_items} items)'
                               if name == 'parse' else
                               f'one matching pass, 5,000 phrases, {line["items"]:,} items '
                               f'({line["text_bytes"] / 1e6:.2f} MB of text)'),
                         wall_what='best of 3, in-process'))

    n = args.instruction_feeds
    urls = feed_urls(server.port, n, args.items, 0)
    for label, binary, kind in (('callgrind', cg_vigie, 'cg'), ('perf', args.vigie, 'perf'), ('native', args.vigie,
                                                                                             'native')):
        if kind == 'perf' and not perf_works():
            continue
        folder = os.path.join(run.workdir, f'instructions-cycle-{kind}')
        ns = config_namespace(args)
        if kind == 'cg':
            ns.fetch_timeout = ns.fetch_timeout or '600s'  # under callgrind every transfer is slow
        cfg = bc.write_config(folder, urls, ns)
        for cycle in (1, 2):
            cmd = [binary, 'run', '--once', '--config', cfg]
            if kind == 'cg':
                total, out, warn, r = callgrind(run, cmd, f'cycle{cycle}', cwd=folder)
                value = total
                outputs[f'cycle{cycle}'] = out
            elif kind == 'perf':
                value, r = perf_instructions(run, cmd, f'cycle{cycle}', cwd=folder)
            else:
                r = run.measure(cmd, f'native-cycle{cycle}', cwd=folder, counted=True)
                value = r['wall']
            summary, _, _ = bc.vigie_log(r['stderr']) if r else (None, None, None)
            expect = 'fetched' if cycle == 1 else 'not_modified'
            if r is not None and (r['rc'] != 0 or (summary or {}).get(expect) != str(n)):
                run.problems.append(f'instructions, {label} cycle {cycle}: exit {r["rc"]}, summary {summary}')
            row = next((x for x in rows if x['name'] == f'cycle {cycle}'), None)
            if row is None:
                row = dict(name=f'cycle {cycle}', cg=None, cg_total=None, perf=None, wall=None,
                           what=f'`vigie run --once`, {n} feeds of {args.items} items, no delay, '
                                + ('all 200, fresh state' if cycle == 1 else 'all 304, on cycle 1\'s state')
                                + ', start-up included', wall_what='one run')
                rows.append(row)
            row[{'cg': 'cg', 'perf': 'perf', 'native': 'wall'}[kind]] = value

    def fmt(v):
        return '-' if v is None else f'{v:,}'

    out = ['### Instruction counts (regression-stable figures)\n',
           'Instructions executed, which do not depend on the machine\'s load: callgrind\'s Ir on the DWARF 4 '
           'build (deterministic for one thread; the cycle\'s threads make it vary a little) and `perf stat -e '
           'instructions:u` on the measured release binary (user space only), with the wall time of a native run '
           'of the release binary beside them. Parse and match are the difference between `--runs 2` and `--runs '
           '1`: one pass of the work, without start-up, reading and the untimed warm-up.\n',
           '| workload | what | callgrind Ir | perf instructions:u | wall s (native) |',
           '|---|---|---|---|---|']
    for r in rows:
        wall = '-' if r['wall'] is None else f'{r["wall"]:.3f} ({r["wall_what"]})'
        out.append(f'| {r["name"]} | {r["what"]} | {fmt(r["cg"])} | {fmt(r["perf"])} | {wall} |')
    out.append('')
    dwarf = ', '.join(f'{k}: {v}' for k, v in sorted(versions.items())) or 'none found'
    out.append(f'- callgrind binary: `{bc.display(cg_vigie)}`' + (
        f', built by `{shown(build_cmd)}` ({build_seconds:.0f} s this time)' if build_cmd else ' (--callgrind-vigie)')
        + f'; compile units by DWARF version: {dwarf}')
    distinct = sorted(set(w.split('== ', 1)[-1] for w in warnings))
    out.append('- valgrind\'s messages about debug information: ' + (
        'none' if not distinct else '; '.join(f'`{w[:160]}`' for w in distinct[:3])))
    if not perf_works():
        out.append(f'- perf: not counted: {perf_works.reason}')
    out.append(f'- callgrind: `valgrind --tool=callgrind --callgrind-out-file=OUT VIGIE …`; perf: `perf stat -x , -e '
               f'instructions:u -o OUT -- VIGIE …`; parse: `VIGIE bench-parse --runs K SLICE` (K = 1, 2; native: 3); '
               f'match: `VIGIE bench-match --runs K --phrases 5000 --watchlist Config/watchlists/ai-alliance.toml '
               f'FILES` (cwd the corpus; FILES: {len(match_files)} files, bench-match.py\'s default set); cycle: '
               f'`VIGIE run --once --config VIGIE.TOML` twice on one state (as the cycles\' VIGIE.TOML'
               + (', with `[fetch] timeout = "600s"` under callgrind' if not args.fetch_timeout else '') + ')')
    top = top_functions(outputs['parse'])
    if top:
        out.append(f'\nThe parse\'s costliest functions (self Ir, `callgrind_annotate` of the `--runs 2` run, '
                   f'demangled):\n')
        out.append('| self Ir | share | function | source file (object) |')
        out.append('|---|---|---|---|')
        for ir, pct, name, where in top:
            out.append(f'| {ir:,} | {pct:.1f}% | `{name[:110]}` | {where} |')
    run.sections.append('\n'.join(out))


# ------------------------------------------------------------------------------------------------------ report
def tree(args):
    """What was measured: --note, else the repository's commit (and whether the tree had edits)."""
    if args.note:
        return args.note
    try:
        p = subprocess.run(['git', '-C', ROOT, 'describe', '--always', '--dirty'], capture_output=True, text=True,
                           timeout=30)
        return f'the tree of {p.stdout.strip()}' if p.returncode == 0 else 'not a git checkout'
    except (OSError, subprocess.TimeoutExpired):
        return '?'


def versions(args):
    with open(args.vigie, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:12]
    facts = [f'vigie {bc.first_line([args.vigie, "--version"])} (`{bc.display(args.vigie)}`, sha256 {digest}…; '
             f'{tree(args)})',
             bc.first_line(['xmllint', '--version']), bc.first_line(['curl', '--version']),
             f'Python {platform.python_version()}']
    if not args.no_newsboat and shutil.which('newsboat'):
        facts.append(bc.first_line(['newsboat', '--version']))
    if shutil.which('valgrind'):
        facts.append(bc.first_line(['valgrind', '--version']))
    if shutil.which('perf'):
        facts.append(bc.first_line(['perf', '--version']))
    facts.append(bc.first_line([os.environ.get('SWIFT', 'swift'), '--version']))
    return facts


def memory_total():
    try:
        with open('/proc/meminfo') as f:
            return f'{int(f.readline().split()[1]) / (1 << 20):.1f} GiB'
    except (OSError, ValueError, IndexError):
        return '?'


def write_section(path, section):
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except FileNotFoundError:
        text = ''
    block = f'{BEGIN}\n{section.strip()}\n{END}'
    if BEGIN in text and END in text and text.index(BEGIN) < text.index(END):
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip('\n') + ('\n\n' if text else '') + block + '\n'
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--vigie', required=True, help='the vigie binary measured (release build)')
    ap.add_argument('--corpus', default=os.path.join(ROOT, '..', 'shared', 'corpus'), help='the corpus folder')
    ap.add_argument('--only', default=','.join(PARTS), help='parts to run, comma-separated (default: all)')
    ap.add_argument('--feeds', default='1000,10000', help='feed counts of the cycles (default %(default)s)')
    ap.add_argument('--items', type=int, default=25, help='items per feed (default %(default)s)')
    ap.add_argument('--delay-ms', type=int, default=20, help="server's delay per answer (default %(default)s)")
    ap.add_argument('--concurrency', type=int, default=32, help='transfers in flight (default %(default)s)')
    ap.add_argument('--per-host', type=int, default=1000, help="Vigie's [fetch] per_host (default %(default)s)")
    ap.add_argument('--fetch-timeout', help="Vigie's [fetch] timeout, e.g. 120s (default: Vigie's own)")
    ap.add_argument('--cycle-timeout', type=float, default=1800, help='limit per Vigie or curl cycle, seconds')
    ap.add_argument('--newsboat-timeout', type=float, default=300, help='limit per newsboat run (default 300 s)')
    ap.add_argument('--no-newsboat', action='store_true', help='leave newsboat out')
    ap.add_argument('--parse-runs', type=int, default=3, help='runs of xmllint and Vigie (best kept; default 3)')
    ap.add_argument('--feedparser-runs', type=int, default=1, help='runs of feedparser (default 1; 0: none)')
    ap.add_argument('--idle-feeds', type=int, default=1000, help='feeds of the idle daemon (default %(default)s)')
    ap.add_argument('--idle-minutes', type=float, default=5, help='idle window, minutes (default %(default)s)')
    ap.add_argument('--instruction-feeds', type=int, default=100, help='feeds of the counted cycle (default 100)')
    ap.add_argument('--callgrind-vigie', help='a vigie built with DWARF 4 debug information (default: build one)')
    ap.add_argument('--callgrind-scratch', default=os.path.join(ROOT, '.build-callgrind'),
                    help='scratch path of that build (default .build-callgrind)')
    ap.add_argument('--keep', metavar='DIR', help='keep every input, configuration, state and output in DIR')
    ap.add_argument('--output', default=os.path.join(ROOT, 'BENCHMARKS.md'), help='file the section goes into')
    ap.add_argument('--no-write', action='store_true', help='print the section only')
    ap.add_argument('--note', help='what was measured, shown in the section (default: the git commit of the tree)')
    ap.add_argument('--strict', action='store_true', help='exit 1 when a goal is missed too')
    args = ap.parse_args()
    # a SIGTERM unwinds like Ctrl-C, so that every measured command, the daemon and the server are stopped with us
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    only = {'instructions' if p.strip() == 'callgrind' else p.strip() for p in args.only.split(',') if p.strip()}
    if only - set(PARTS):
        ap.error(f'--only: unknown part(s) {", ".join(sorted(only - set(PARTS)))}; known: {", ".join(PARTS)}')
    try:
        args.feeds = [int(x) for x in args.feeds.split(',') if x.strip()]
    except ValueError:
        ap.error('--feeds takes counts such as 1000,10000')
    if not args.feeds or min(args.feeds + [args.items, args.concurrency, args.idle_feeds, args.parse_runs]) < 1:
        ap.error('counts must be positive')
    args.vigie = os.path.abspath(args.vigie)
    args.corpus = os.path.abspath(args.corpus)
    if not (os.path.isfile(args.vigie) and os.access(args.vigie, os.X_OK)):
        fail(f'{args.vigie}: no such executable (make build)')
    needed = [t for t in ('curl', 'xmllint') if not shutil.which(t)]
    if 'instructions' in only and not shutil.which('valgrind') and not args.callgrind_vigie:
        needed.append('valgrind')
    if needed:
        fail(f'missing: {", ".join(needed)} (apt-get install -y curl libxml2-utils valgrind; or `make bench`)')
    if only & {'parse', 'instructions'} and not os.path.isfile(os.path.join(args.corpus, 'MANIFEST.tsv')):
        fail(f'{args.corpus}: not the corpus (no MANIFEST.tsv); give --corpus')
    most = max(args.feeds + [args.idle_feeds, args.instruction_feeds])
    soft, hard = bc.ensure_open_files(most + 512, 4 * args.concurrency + 512)

    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        workdir = os.path.abspath(args.keep)
    else:
        tmp = tempfile.TemporaryDirectory(prefix='vigie-bench-')
        workdir = tmp.name
    run = Run(args, workdir)
    run.rss = []
    started, date = time.monotonic(), time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())
    load_before = bc.load_average()
    try:
        for part, body in (('parse', part_parse), ('cycle', part_cycle), ('idle', part_idle),
                           ('instructions', part_instructions)):
            if part not in only:
                continue
            print(f'bench: {part}…', file=sys.stderr, flush=True)
            t0, l0 = time.monotonic(), bc.load_average()
            body(run)
            if part != 'cycle':  # the cycles time each count themselves
                run.timings.append((part, time.monotonic() - t0, l0, bc.load_average()))
    finally:
        if run.server:
            run.server.stop()
    load_after = bc.load_average()
    if run.rss:
        worst = max(run.rss, key=lambda x: x[1])
        run.goals.append(('Peak RSS at most 80 MB (76.3 MiB)', f'{worst[1] / 1024:.1f} MiB ({worst[0]}); '
                          + ', '.join(f'{w}: {k / 1024:.1f}' for w, k in run.rss if (w, k) != worst),
                          worst[1] * 1024 <= RSS_GOAL_BYTES))

    head = [f'## Everything side by side: `make bench` (issue 15) — {date}\n',
            'Generated by `Tools/bench.py` (its docstring says what each part does); the next `make bench` replaces '
            'this section. Every ratio is between figures of this one run. Parts run: '
            + ', '.join(p for p in PARTS if p in only) + f'; {(time.monotonic() - started) / 60:.1f} minutes in all.\n',
            '| goal (issue 15) | measured | result |', '|---|---|---|']
    head += [f'| {g} | {m} | {verdict(good)} |' for g, m, good in run.goals]
    if run.problems:
        head.append('\n**Measurements not valid:** ' + '; '.join(run.problems))
    head.append('\nMachine and run:')
    head.append(f'- nproc {os.cpu_count()}, CPU {bc.cpu_model()}, {memory_total()} of memory, Linux '
                f'{platform.release()}, {platform.libc_ver()[0]} {platform.libc_ver()[1]}; open files limit {soft}')
    head.append(f'- load average (1, 5, 15 min) {load_before} before the run, {load_after} after; per part:')
    head += [f'  - {p}: {s:.0f} s, load {a} before, {b} after' for p, s, a, b in run.timings]
    head.append(f'- work folder: {"`" + workdir + "`" if args.keep else "a temporary folder"} on '
                f'{bc.filesystem(workdir)[1]}')
    head += [f'- {v}' for v in versions(args)]
    shown_argv = [bc.display(a) if os.path.isabs(a) and a.startswith(ROOT) else a for a in sys.argv]
    head.append(f'- command: `python3 {shlex.join(shown_argv)}` (cwd the repository)')
    section = '\n'.join(head) + '\n\n' + '\n\n'.join(run.sections) + '\n'
    print(section)
    if not args.no_write:
        write_section(args.output, section)
        print(f'bench: section written into {args.output}', file=sys.stderr)
    if run.problems:
        return 1
    return 1 if args.strict and not all(good for _, _, good in run.goals) else 0


if __name__ == '__main__':
    sys.exit(main())
