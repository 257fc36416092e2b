#!/usr/bin/env python3
"""Whole-cycle benchmark (issue 10): `vigie run --once` over 10,000 loopback feeds, fresh (200s) then unchanged
(304s), each beside curl doing the same transfers.

Usage: python3 Tools/bench-cycle.py --vigie .build/release/vigie [--vigie OTHER | --baseline OLD]...
                                    [--feeds 10000] [--items 20] [--big-every 2000] [--big-items 1000]
                                    [--concurrency 32] [--per-host 1000] [--delay-ms 0] [--runs 1]
                                    [--timeout 1800] [--keep DIR]

What it does, all in one run (everything on 127.0.0.1, every command bounded by --timeout):
  1. Starts Tests/Support/fixture_server.py (stdin is a pipe, so the server dies with this script) and builds
     --feeds URLs http://127.0.0.1:PORT/news?id=fN (N = 1..feeds): realistic RSS documents of --items items
     (default 20, ~70 KB) with a few KB of HTML per item, some about the AI Alliance and IBM, so the default
     watchlist raises alerts; feed 1 and every --big-every-th after it has --big-items items instead (default
     1000: ~3.5 MB). Each has an ETag and a Last-Modified and answers 304 to a matching conditional request.
  2. Writes, for each Vigie binary, a vigie.toml in its own temporary folder: one [[feed]] table per URL,
     state_dir and alert_log in that folder, this repository's Config/watchlists/*.toml as watchlists,
     log_level "info" (as the shipped configuration), [defaults] backlog "3650d" (the items are from 2024: all
     may alert), [fetch] concurrency 32 and per_host 1000 (every feed is on one host; curl's --parallel-max
     has no per-host cap, so Vigie gets the same parallelism). `vigie config check` must accept it.
  3. One untimed warm-up pass with curl over every URL, which also reads each URL's ETag
     (-w '%{http_code} %header{etag}'), so that curl's second cycle can send what Vigie stored.
  4. Times, interleaved (for each run: every Vigie binary then curl, cycle 1 then cycle 2):
       cycle 1   `vigie run --once --config vigie.toml` on a fresh state: every feed 200, parsed, matched, its
                 items and alerts recorded, the alert log appended;
                 `curl -q --parallel --parallel-max 32 -s --no-progress-meter -K CONFIG` (CONFIG: `url` and
                 `output = "/dev/null"` per URL; curl 7.88's -s alone leaves the --parallel progress meter on):
                 the same transfers, bodies thrown away. The floor.
       cycle 2   the same `vigie run --once` again: every feed must answer 304 from the stored validators;
                 curl with a CONFIG sending, per URL, `header = "If-None-Match: ETAG"` (one group per URL,
                 separated by `next`), so that it gets the same 304s.
     With --runs > 1 every run starts from a fresh state again; the best run of each tool and cycle (by wall
     time) is reported. For each: wall time (time.perf_counter around the process), user and system CPU time
     (os.wait4's rusage), peak RSS (GNU time's %M: `apt-get install -y time`; without it, wait4's ru_maxrss, an
     upper bound, flagged), and the server's counters (/_stats, reset before each command: requests, 200s, 304s,
     conditional requests, body bytes), the alert lines written, and Vigie's own "poll cycle done" log line.
  5. Checks: cycle 1 got N 200s for every tool with the same body bytes, Vigie failed 0 and wrote alerts; cycle 2
     got N 304s from N conditional requests and zero body bytes for every tool, and Vigie wrote no alert line.
     Printed as PASS/FAIL; the script exits 1 if one fails.
`--vigie` may be given more than once, and `--baseline PATH` adds a binary listed first: a before/after
comparison on the same server in the same run. Rows are labelled with the binary's path and `--version`.
Output: a markdown table per cycle (requests, statuses, body MB, alert lines, wall, user, sys, CPU, peak RSS,
and Vigie/curl ratios of wall, CPU and RSS), the checks, the exact commands and the machine's facts, to paste
into BENCHMARKS.md. The facts include the load average before and after, the file system of the work folder
(--keep DIR, else a folder under $TMPDIR) and the latency of an fsync there: Vigie syncs its alert log and its
state as it records them, so on a real disk its wall time depends on that latency, which curl never pays.

Robustness: the soft open-files limit (ulimit -n) is raised as Tools/bench-fetch.py does (to feeds + 512 when
the hard limit allows; at least 4 sockets per transfer in flight + 512 are required, else the script stops and
says so); proxy variables, JOURNAL_STREAM and NOTIFY_SOCKET are removed from the tools' environment (no_proxy set
for 127.0.0.1); each measured command runs in its own process group, killed whole at --timeout or if this
script stops. The server is a Python asyncio process on the same cores as the tool measured: it builds and
sends the same documents to every tool, so it costs each the same.
"""
import argparse, json, os, platform, re, resource, select, shlex, shutil, signal, subprocess, sys, tempfile
import threading, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SERVER = os.path.join(ROOT, 'Tests', 'Support', 'fixture_server.py')
WATCHLISTS = os.path.join(ROOT, 'Config', 'watchlists', '*.toml')
PROXY_VARS = ('http_proxy', 'https_proxy', 'all_proxy', 'ftp_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY',
              'FTP_PROXY')
SYSTEMD_VARS = ('JOURNAL_STREAM', 'NOTIFY_SOCKET', 'WATCHDOG_USEC', 'WATCHDOG_PID', 'LISTEN_FDS', 'LISTEN_PID')
GNU_TIME = '/usr/bin/time' if os.access('/usr/bin/time', os.X_OK) else None
MIB = 1 << 20


def fail(msg):
    sys.exit(f'bench-cycle: {msg}')


def ensure_open_files(wanted, needed):
    """Raises the soft RLIMIT_NOFILE towards `wanted` (children inherit it); stops if `needed` is out of reach."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ensure_open_files.before = soft
    unlimited = resource.RLIM_INFINITY
    if soft != unlimited and soft < wanted:
        if hard != unlimited and hard < needed:
            fail(f'the open-files limit is {soft} (hard {hard}); {needed} are needed: raise the hard limit '
                 f'(ulimit -Hn / limits.conf) and run again')
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == unlimited else min(wanted, hard), hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def tool_env():
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS + SYSTEMD_VARS}
    env['no_proxy'] = env['NO_PROXY'] = '127.0.0.1,localhost'
    return env


class FixtureServer:
    """fixture_server.py as a child: its stdin is our pipe, so it exits with us whatever happens."""

    def __init__(self, workdir):
        self.stderr = open(os.path.join(workdir, 'fixture_server.stderr'), 'w+b')
        self.cmd = [sys.executable, SERVER, '--host', '127.0.0.1', '--port', '0']
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr)
        ready, _, _ = select.select([self.proc.stdout], [], [], 20)
        line = self.proc.stdout.readline() if ready else b''
        try:
            self.port = json.loads(line)['http']
        except (ValueError, KeyError, TypeError):
            self.stop()
            self.stderr.seek(0)
            fail(f'fixture server did not start ({line!r}): {self.stderr.read().decode(errors="replace")[-500:]}')
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def get(self, path):
        with self.opener.open(f'http://127.0.0.1:{self.port}{path}', timeout=30) as r:
            return json.loads(r.read())

    def stats(self):
        return self.get('/_stats')

    def reset(self):
        self.get('/_stats/reset')

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_measured(cmd, workdir, name, timeout, env, cwd=None):
    """Runs cmd with stdout/stderr to files; returns wall, user, sys, peak RSS (KiB), exit code, stdout, stderr.

    The command runs in its own process group (GNU time and what it runs), killed whole at `timeout` or when
    this script is interrupted. CPU times are os.wait4's rusage (through GNU time: it includes the command's).
    Peak RSS comes from GNU time's %M: Linux's ru_maxrss of a child this script forks directly also counts the
    memory of the forked copy of this Python process before exec."""
    out_path, err_path = os.path.join(workdir, f'{name}.stdout'), os.path.join(workdir, f'{name}.stderr')
    rss_path = os.path.join(workdir, f'{name}.maxrss')
    if GNU_TIME:
        cmd = [GNU_TIME, '-q', '-f', '%M', '-o', rss_path, *cmd]
    with open(out_path, 'wb') as out, open(err_path, 'wb') as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd,
                                start_new_session=True)
        timer = threading.Timer(timeout, kill_group, (proc,))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            kill_group(proc)
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        kill_group(proc)  # nothing may outlive its measure
    rc = os.waitstatus_to_exitcode(status)
    with open(out_path, encoding='utf-8', errors='replace') as f:
        stdout = f.read()
    with open(err_path, encoding='utf-8', errors='replace') as f:
        stderr = f.read()
    rss_kib, rss_exact = usage.ru_maxrss, False
    if GNU_TIME:
        try:
            with open(rss_path, encoding='utf-8') as f:
                rss_kib, rss_exact = int(f.read().split()[-1]), True
        except (OSError, ValueError, IndexError):
            pass  # killed before GNU time could write it: keep the (upper-bound) wait4 figure
    return dict(wall=wall, user=usage.ru_utime, sys=usage.ru_stime, rss_kib=rss_kib, rss_exact=rss_exact, rc=rc,
                stdout=stdout, stderr=stderr, timed_out=wall >= timeout and rc < 0)


def first_line(cmd, timeout=30):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=tool_env())
        return ((p.stdout or p.stderr).strip().splitlines() or ['?'])[0]
    except (OSError, subprocess.TimeoutExpired) as e:
        return f'unavailable ({e})'


def cpu_model():
    try:
        with open('/proc/cpuinfo', encoding='utf-8') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or '?'


def load_average():
    try:
        return ' '.join(f'{x:.2f}' for x in os.getloadavg())
    except OSError:
        return '?'


SUMMARY = re.compile(r'poll cycle done((?: [a-z_]+=\S+)+)')
LEVEL = re.compile(r'^(?:\S+Z |<\d>)?(TRACE|DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL)\b')


def vigie_log(stderr):
    """Vigie's "poll cycle done" counters and its log lines per level (with the first warning or worse)."""
    summary = None
    for m in SUMMARY.finditer(stderr):
        summary = dict(kv.split('=', 1) for kv in m.group(1).split())
    levels, worst = {}, []
    for line in stderr.splitlines():
        m = LEVEL.match(line)
        level = m.group(1) if m else 'OTHER'
        levels[level] = levels.get(level, 0) + 1
        if level in ('WARNING', 'ERROR', 'CRITICAL', 'OTHER') and len(worst) < 3:
            worst.append(line[:200])
    return summary, levels, worst


def filesystem(path):
    """(mount point, type, device) of the file system holding `path`."""
    path, best = os.path.realpath(path), ('/', '?', '?')
    try:
        with open('/proc/self/mounts', encoding='utf-8') as f:
            for line in f:
                dev, mnt, kind = line.split()[:3]
                mnt = mnt.replace('\\040', ' ')
                if (path == mnt or path.startswith(mnt.rstrip('/') + '/')) and len(mnt) >= len(best[0]):
                    best = (mnt, kind, dev)
    except OSError:
        pass
    return best


def fsync_latency(folder, count=20):
    """Median and worst seconds of `count` appends of one alert-sized line, each followed by fsync, in `folder`:
    the alert log and the state are written there, so this is what each of their syncs costs."""
    path = os.path.join(folder, 'fsync-probe')
    times = []
    with open(path, 'ab') as f:
        for _ in range(count):
            start = time.perf_counter()
            f.write(b'x' * 600 + b'\n')
            f.flush()
            os.fsync(f.fileno())
            times.append(time.perf_counter() - start)
    os.remove(path)
    times.sort()
    return times[len(times) // 2], times[-1]


def count_lines(path):
    try:
        with open(path, 'rb') as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


def display(path):
    rel = os.path.relpath(path)
    return rel if not rel.startswith('..') else path


class Vigie:
    """One binary under test, with its own folder, configuration, state and alert log per run."""

    def __init__(self, path, role, index):
        self.path = os.path.abspath(path)
        if not (os.path.isfile(self.path) and os.access(self.path, os.X_OK)):
            fail(f'{path}: no such executable (build it: make build)')
        self.version = first_line([self.path, '--version'])
        self.index = index
        self.label = f'Vigie {role}: `{display(self.path)}` ({self.version})' if role else \
            f'Vigie `{display(self.path)}` ({self.version})'
        self.tag = f'vigie{index}'


def write_config(folder, urls, args):
    """A fresh `folder` (a --keep folder's earlier state is removed) holding vigie.toml; returns its path."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    lines = ['# written by Tools/bench-cycle.py', 'state_dir = "state"', 'alert_log = "alerts.jsonl"',
             f'watchlists = [{json.dumps(WATCHLISTS)}]', 'log_level = "info"', '',
             '[defaults]', 'interval = "15m"', 'backlog = "3650d"', '',
             '[fetch]', f'concurrency = {args.concurrency}', f'per_host = {args.per_host}']
    if args.fetch_timeout:
        lines.append(f'timeout = "{args.fetch_timeout}"')
    lines.append('')
    for url in urls:
        lines += ['[[feed]]', f'url = "{url}"']
    path = os.path.join(folder, 'vigie.toml')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--vigie', action='append', default=[], help='a vigie binary (release build); may be repeated')
    ap.add_argument('--baseline', action='append', default=[], help='a "before" vigie binary, listed first')
    ap.add_argument('--feeds', type=int, default=10000, help='number of feeds (default %(default)s)')
    ap.add_argument('--items', type=int, default=20, help='items per feed (default %(default)s)')
    ap.add_argument('--big-every', type=int, default=2000, help='feed 1 and every Nth after it is big '
                    '(default %(default)s; 0: none)')
    ap.add_argument('--big-items', type=int, default=1000, help='items of a big feed (default %(default)s: ~3.5 MB)')
    ap.add_argument('--concurrency', type=int, default=32, help='transfers in flight, Vigie and curl '
                    '(default %(default)s)')
    ap.add_argument('--per-host', type=int, default=1000, help="Vigie's [fetch] per_host (default %(default)s)")
    ap.add_argument('--fetch-timeout', help="Vigie's [fetch] timeout, e.g. 120s (default: Vigie's own, 60s)")
    ap.add_argument('--delay-ms', type=int, default=0, help="server's delay per answer (default %(default)s)")
    ap.add_argument('--runs', type=int, default=1, help='runs of every tool and cycle, best kept (default %(default)s)')
    ap.add_argument('--timeout', type=float, default=1800, help='limit per command, seconds (default %(default)s)')
    ap.add_argument('--keep', metavar='DIR', help='keep the configurations, states, logs and outputs in DIR')
    args = ap.parse_args()
    if not args.vigie and not args.baseline:
        ap.error('--vigie is required')
    if min(args.feeds, args.runs, args.concurrency, args.per_host) < 1 or args.items < 0 or args.big_every < 0:
        ap.error('--feeds, --runs, --concurrency and --per-host must be positive')
    if not shutil.which('curl'):
        fail('curl is not installed (apt-get install -y curl)')
    vigies = [Vigie(p, 'before' if len(args.baseline) == 1 else f'baseline {i + 1}', i)
              for i, p in enumerate(args.baseline)]
    vigies += [Vigie(p, ('after' if args.baseline else f'{i + 1}') if len(args.vigie) + len(args.baseline) > 1
                     else '', len(vigies) + i) for i, p in enumerate(args.vigie)]
    soft, hard = ensure_open_files(args.feeds + 512, 4 * args.concurrency + 512)

    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        workdir = os.path.abspath(args.keep)
    else:
        tmp = tempfile.TemporaryDirectory(prefix='bench-cycle-')
        workdir = tmp.name
    env = tool_env()
    load_before = load_average()
    fs = filesystem(workdir)
    fsync_median, fsync_worst = fsync_latency(workdir)
    machine_disk = (f'work folder {workdir} on {fs[1]} ({fs[2]} at {fs[0]}); fsync of a 601-byte append there: '
                    f'median {fsync_median * 1000:.1f} ms, worst {fsync_worst * 1000:.1f} ms of 20')
    server = FixtureServer(workdir)
    try:
        return bench(args, vigies, server, workdir, env, soft, hard, load_before, machine_disk)
    finally:
        server.stop()


def curl_configs(folder, urls, concurrency, env, timeout):
    """curl's base command and its two commands, cycle 1 (CONFIG200: `url` and `output = "/dev/null"` per URL) and
    cycle 2 (CONFIG304: the same with `header = "If-None-Match: ETAG"`, one `next` group per URL), written in
    `folder` after an untimed warm-up pass of the first that reads every URL's ETag."""
    curl_200 = os.path.join(folder, 'curl-200.cfg')
    with open(curl_200, 'w') as f:
        f.write(''.join(f'url = "{u}"\noutput = "/dev/null"\n' for u in urls))
    curl_base = ['curl', '-q', '--parallel', '--parallel-max', str(concurrency), '-s', '--no-progress-meter']
    try:
        warm = subprocess.run([*curl_base, '-w', r'%{url_effective} %{http_code} %header{etag}\n', '-K', curl_200],
                              env=env, timeout=timeout, capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        fail(f'the warm-up pass of curl did not finish in {timeout:.0f} s')
    etags = {}
    for line in warm.stdout.splitlines():
        parts = line.split(' ', 2)
        if len(parts) == 3 and parts[1] == '200' and parts[2]:
            etags[parts[0]] = parts[2]
    missing = [u for u in urls if u not in etags]
    if missing:
        fail(f'the warm-up pass got no 200 with an ETag for {len(missing)} of {len(urls)} URLs (curl exit '
             f'{warm.returncode}), e.g. {missing[0]}: {warm.stderr.strip()[:300]}')
    curl_304 = os.path.join(folder, 'curl-304.cfg')
    with open(curl_304, 'w') as f:
        f.write('next\n'.join(f'url = "{u}"\noutput = "/dev/null"\nheader = "If-None-Match: '
                              f'{etags[u].replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"\n'
                              for u in urls))
    return curl_base, {1: [*curl_base, '-K', curl_200], 2: [*curl_base, '-K', curl_304]}


def bench(args, vigies, server, workdir, env, soft, hard, load_before, machine_disk):
    n, port = args.feeds, server.port
    delay = f'&ms={args.delay_ms}' if args.delay_ms else ''

    def big(i):
        return args.big_every > 0 and (i - 1) % args.big_every == 0

    urls = [f'http://127.0.0.1:{port}/news?id=f{i}' + (f'&items={args.big_items}' if big(i) else
                                                        f'&items={args.items}' if args.items != 20 else '') + delay
            for i in range(1, n + 1)]
    n_big = sum(1 for i in range(1, n + 1) if big(i))

    # every Vigie must accept its configuration (untimed; the figure is shown as the cost of loading it)
    config_check = {}
    for v in vigies:
        cfg = write_config(os.path.join(workdir, f'{v.tag}-check'), urls, args)
        r = run_measured([v.path, 'config', 'check', '--config', cfg], workdir, f'{v.tag}-config-check',
                         args.timeout, env)
        if r['rc'] != 0:
            fail(f'`{v.path} config check` refused the generated configuration (exit {r["rc"]}): '
                 + ' / '.join((r['stderr'] + r['stdout']).strip().splitlines()[:3]))
        config_check[v.tag] = r

    # curl configurations; the warm-up reads every ETag
    curl_base, curl_cmds = curl_configs(workdir, urls, args.concurrency, env, args.timeout)

    results = {}  # (cycle, name) -> list of runs

    def measure(cycle, name, cmd, tag, alert_log=None, **kw):
        server.reset()
        before = count_lines(alert_log) if alert_log else 0
        r = run_measured(cmd, workdir, tag, args.timeout, env, **kw)
        r['stats'] = server.stats()
        r['alert_lines'] = count_lines(alert_log) - before if alert_log else None
        if alert_log:
            r['summary'], r['levels'], r['worst'] = vigie_log(r['stderr'])
        results.setdefault((cycle, name), []).append(r)
        return r

    curl_name = f'curl --parallel-max {args.concurrency}'
    vigie_cmds = {}
    for run in range(args.runs):
        order = vigies[run % len(vigies):] + vigies[:run % len(vigies)]  # whose turn is first rotates
        folders = {v.tag: os.path.join(workdir, f'run{run + 1}-{v.tag}') for v in vigies}
        configs = {v.tag: write_config(folders[v.tag], urls, args) for v in vigies}
        for cycle in (1, 2):
            for v in order:
                cmd = [v.path, 'run', '--once', '--config', configs[v.tag]]
                vigie_cmds[v.tag] = cmd
                measure(cycle, v.label, cmd, f'run{run + 1}-{v.tag}-cycle{cycle}',
                        alert_log=os.path.join(folders[v.tag], 'alerts.jsonl'), cwd=folders[v.tag])
            measure(cycle, curl_name, curl_cmds[cycle], f'run{run + 1}-curl-cycle{cycle}')
    load_after = load_average()

    # ----------------------------------------------------------------------------------------------- report
    names = [v.label for v in vigies] + [curl_name]
    best = {key: min(runs, key=lambda r: r['wall']) for key, runs in results.items()}
    ok = True
    checks = []
    today = time.strftime('%Y-%m-%d')
    feeds_desc = (f'{n - n_big} of {args.items} items (~70 KB)' if args.items == 20 else
                  f'{n - n_big} of {args.items} items') + (f' and {n_big} of {args.big_items} items' if n_big else '')
    print(f'## Whole cycles: `vigie run --once` over {n} feeds on 127.0.0.1, beside curl — {today}\n')
    print(f'Feeds: {feeds_desc}; concurrency {args.concurrency} for every tool'
          + (f'; the server waits {args.delay_ms} ms before each answer' if args.delay_ms else '')
          + f'. {"Best of " + str(args.runs) + " interleaved runs" if args.runs > 1 else "One run"} per tool and '
          f'cycle; the server counted requests, statuses and body bytes for each command. Load average '
          f'{load_before} before, {load_after} after.\n')
    titles = {1: 'Cycle 1: fresh state (every feed 200: parse, match, record, alert)',
              2: 'Cycle 2: the same command again (every feed 304 from the stored validators)'}
    for cycle in (1, 2):
        curl = best[(cycle, curl_name)]
        curl_cpu = curl['user'] + curl['sys']
        print(f'### {titles[cycle]}\n')
        print('| tool | requests | 200 | 304 | conditional | body MB | alert lines | wall s | user s | sys s | CPU s '
              '| peak RSS MiB | wall / curl | CPU / curl | RSS / curl | notes |')
        print('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
        for name in names:
            r = best[(cycle, name)]
            st = r['stats']
            cpu = r['user'] + r['sys']
            note = []
            if r['timed_out']:
                note.append(f'killed after {args.timeout:.0f} s')
            elif r['rc'] != 0:
                note.append(f'exit {r["rc"]}')
            if not r['rss_exact']:
                note.append('RSS: wait4 upper bound')
            if name != curl_name:
                s = r['summary']
                note.append('no "poll cycle done" line' if s is None else
                            'log: ' + ', '.join(f'{k} {s[k]}' for k in ('polled', 'fetched', 'not_modified',
                                                                         'failed', 'new_items', 'alerts') if k in s))
                levels = r['levels']
                note.append('log lines: ' + ', '.join(f'{levels[k]} {k.lower()}' for k in
                                                      ('CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'OTHER')
                                                      if k in levels))
                note += [f'first: `{w}`' for w in r['worst'][:1]]
            ratios = ('-', '-', '-') if name == curl_name else (
                f'{r["wall"] / curl["wall"]:.2f}', f'{cpu / curl_cpu:.2f}' if curl_cpu else '-',
                f'{r["rss_kib"] / curl["rss_kib"]:.2f}' if curl['rss_kib'] else '-')
            alerts = '-' if r['alert_lines'] is None else str(r['alert_lines'])
            print(f'| {name} | {st["requests"]} | {st["ok"]} | {st["not_modified"]} | {st["conditional_requests"]} | '
                  f'{st["body_bytes"] / MIB:.1f} | {alerts} | {r["wall"]:.2f} | {r["user"]:.2f} | {r["sys"]:.2f} | '
                  f'{cpu:.2f} | {r["rss_kib"] / 1024:.1f} | {ratios[0]} | {ratios[1]} | {ratios[2]} | '
                  f'{"; ".join(note)} |')
        print()

    # checks, over every run (not only the best ones)
    for (cycle, name), runs in sorted(results.items()):
        for i, r in enumerate(runs):
            st = r['stats']
            where = f'cycle {cycle}, {name}' + (f', run {i + 1}' if args.runs > 1 else '')
            c = [('exit 0', r['rc'] == 0 and not r['timed_out']), (f'{n} requests', st['requests'] == n)]
            if cycle == 1:
                body = best[(1, curl_name)]['stats']['body_bytes']
                c += [(f'{n} × 200', st['ok'] == n), ("the same body bytes as curl's", st['body_bytes'] == body)]
                if name != curl_name:
                    s = r['summary'] or {}
                    c += [('Vigie: fetched N, failed 0', s.get('fetched') == str(n) and s.get('failed') == '0'),
                          ('alert lines written (> 0)', (r['alert_lines'] or 0) > 0),
                          ('as many alert lines as alerts logged', str(r['alert_lines']) == s.get('alerts'))]
            else:
                c += [(f'{n} × 304', st['not_modified'] == n and st['ok'] == 0),
                      (f'{n} conditional requests', st['conditional_requests'] == n),
                      ('zero body bytes', st['body_bytes'] == 0)]
                if name != curl_name:
                    s = r['summary'] or {}
                    c += [('Vigie: not_modified N, failed 0', s.get('not_modified') == str(n) and
                           s.get('failed') == '0'), ('no alert line written', r['alert_lines'] == 0)]
            for label, good in c:
                checks.append((where, label, good))
    passed = all(good for _, _, good in checks)
    ok = ok and passed
    print(f'### Checks: **{"PASS" if passed else "FAIL"}**\n')
    failed = [(w, l) for w, l, good in checks if not good]
    if failed:
        for where, label in failed:
            print(f'- FAILED: {where}: {label}')
    else:
        print(f'- every cycle 1: {n} × 200, the same body bytes for Vigie and curl, Vigie fetched {n} and failed 0, '
              f'its alert lines = its "alerts" count')
        print(f'- every cycle 2: {n} conditional requests, {n} × 304, zero body bytes, no alert line written')
    if len(vigies) > 1:
        first = vigies[0]
        print()
        for v in vigies[1:]:
            for cycle in (1, 2):
                a, b = best[(cycle, first.label)], best[(cycle, v.label)]
                print(f'- cycle {cycle}: {v.label} against {first.label}: wall {b["wall"] / a["wall"]:.2f}×, CPU '
                      f'{(b["user"] + b["sys"]) / max(a["user"] + a["sys"], 1e-9):.2f}×, peak RSS '
                      f'{b["rss_kib"] / max(a["rss_kib"], 1):.2f}×')

    print(f'\nCommand: `{shlex.join([sys.executable, *sys.argv])}` (cwd {os.getcwd()})')
    print(f'- server: `{shlex.join(server.cmd)}`; URLs `http://127.0.0.1:{port}/news?id=fN`, N = 1..{n}'
          + ('' if not n_big else f', `&items={args.big_items}` for N = 1' if n_big == 1 else
             f', `&items={args.big_items}` for N = 1, {1 + args.big_every}, ... ({n_big} feeds)')
          + (f', `&items={args.items}` for the others' if args.items != 20 else '') + (f', `{delay}`' if delay else ''))
    print(f'- VIGIE.TOML (one per binary and run, in a fresh folder): `state_dir = "state"`, `alert_log = '
          f'"alerts.jsonl"`, `watchlists = ["{display(WATCHLISTS)}"]` (absolute), `log_level = "info"`, '
          f'`[defaults] interval = "15m"`, `backlog = "3650d"`, `[fetch] concurrency = {args.concurrency}`, '
          f'`per_host = {args.per_host}`' + (f', `timeout = "{args.fetch_timeout}"`' if args.fetch_timeout else '')
          + f', then one `[[feed]] url = "URL"` per URL')
    for v in vigies:
        shown = [*vigie_cmds[v.tag][:-1], 'VIGIE.TOML']
        cc = config_check[v.tag]
        print(f'- {v.label}: `{shlex.join([display(shown[0]), *shown[1:]])}` (cwd: its folder), twice: cycle 1 on '
              f'no state, cycle 2 on the state cycle 1 left; `vigie config check --config VIGIE.TOML` (untimed check) '
              f'took {cc["wall"]:.2f} s, {cc["user"] + cc["sys"]:.2f} s CPU, {cc["rss_kib"] / 1024:.1f} MiB')
    print(f"- warm-up (untimed), which also reads each URL's ETag: `{shlex.join(curl_base)} -w "
          f"'%{{url_effective}} %{{http_code}} %header{{etag}}\\n' -K CONFIG200`")
    print(f'- curl cycle 1: `{shlex.join(curl_base)} -K CONFIG200` (CONFIG200: `url = "URL"` and '
          f'`output = "/dev/null"` per URL)')
    print(f'- curl cycle 2: `{shlex.join(curl_base)} -K CONFIG304` (CONFIG304: per URL `url = "URL"`, '
          f'`output = "/dev/null"`, `header = "If-None-Match: ETAG"`, groups separated by `next`)')
    rss_how = ("GNU time's %M (/usr/bin/time -q -f %M wraps each command)" if GNU_TIME else
               'os.wait4 ru_maxrss: AN UPPER BOUND, it includes this script\'s memory at fork (apt-get install -y '
               'time for the exact figure)')
    print(f'- timing: wall = time.perf_counter() around the process; user/sys CPU = os.wait4 rusage of the '
          f'process; peak RSS = {rss_how}; the server\'s /_stats reset before each command')
    print('\nMachine:')
    print(f'- nproc {os.cpu_count()}, CPU {cpu_model()}, {platform.platform()}, open files limit {soft} '
          f'(hard {hard}' + (f', raised from {ensure_open_files.before}' if ensure_open_files.before != soft else '')
          + f'), load average {load_before} before the run, {load_after} after')
    for v in vigies:
        kind = 'DEBUG build: not representative' if f'{os.sep}debug{os.sep}' in v.path else 'release build'
        print(f'- vigie {v.version} ({v.path}, {kind})')
    print(f'- {first_line(["curl", "--version"])}')
    print(f'- {machine_disk}')
    print(f'- fixture server: Python {platform.python_version()} asyncio, on the same machine')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
