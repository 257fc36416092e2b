#!/usr/bin/env python3
"""Fetch benchmark (issue 3): one cycle over 1,000 feeds on a loopback server, Vigie against curl and newsboat.

Usage: python3 Tools/bench-fetch.py --vigie .build/release/vigie [--feeds 1000] [--delay-ms 50] [--concurrency 32]
                                    [--runs 3] [--newsboat-runs 1] [--no-newsboat] [--skip-vigie] [--timeout 600]
                                    [--keep DIR]

What it does, all in one run (everything on 127.0.0.1, every command bounded by --timeout):
  1. Starts Tests/Support/fixture_server.py (stdin is a pipe, so the server dies with this script) and builds
     --feeds URLs http://127.0.0.1:PORT/delay?ms=50&id=N (N = 1..feeds): each answers after ~50 ms with a small
     RSS feed, an ETag and a Last-Modified, and 304 to a conditional request that matches.
  2. One untimed warm-up pass with curl, so every tool meets a warm server.
  3. Times one cycle over every URL, best of --runs by wall time (interleaved: Vigie, curl, Vigie, curl...):
       Vigie     `vigie fetch-bench --concurrency 32 --per-host 1000 --validators V URLFILE`: the hidden subcommand
                 that fetches every URL of URLFILE (one a line) once over libcurl multi and prints one JSON line
                 {"urls":N,"ok":N,"not_modified":N,"failed":N,"seconds":S,"body_bytes":B}; --per-host 1000 lifts
                 the per-host cap, since every feed is on one host here. V does not exist yet on each timed run,
                 so the cycle sends no validators and writes them (what the daemon does on a first cycle).
       curl      `curl -q --parallel --parallel-max 32 -s -K CONFIG`: CONFIG has, per URL, `url = "..."` and
                 `output = "/dev/null"` (-o /dev/null for each transfer); -q ignores any ~/.curlrc. The floor.
       newsboat  `newsboat -x reload -u URLS -c CACHE -C CONFIG -q` with HOME and XDG dirs in a temporary folder
                 and a fresh cache each run, so it touches nothing else. Measured twice: with its default
                 parallelism (`reload-threads` defaults to 1: one feed at a time) and with `reload-threads 32`
                 in CONFIG. --newsboat-runs runs each (default 1: the default one takes ~1 min).
     For each: wall time (time.perf_counter around the process), user and system CPU time (os.wait4's rusage of
     the process), peak RSS (GNU time's %M: `apt-get install -y time`; without it, wait4's ru_maxrss, which on
     Linux also counts this script's own memory at fork, so an upper bound, flagged), and the server's own
     counters (/_stats, reset before each run): requests, 200s, 304s, body bytes, so a tool that skipped feeds or
     failed shows.
  4. A second Vigie cycle with the validators written by the last timed run: every feed must answer 304, and
     /_stats must show N 304s, N conditional requests and zero body bytes for that cycle. Printed as PASS/FAIL;
     the script exits 1 if it fails (or if Vigie's first cycle did not get N 200s).
Output: a markdown table (tool, requests, 200, 304, body bytes, wall s, user s, sys s, CPU s, peak RSS MiB, wall
against curl), the goal check (Vigie within 1.2x of curl's wall time), the second-cycle check, the exact
commands, and the machine's facts (nproc, CPU model, versions, open-files limit).

Robustness: the soft open-files limit (ulimit -n) is raised to what 1,000 sockets need if the hard limit allows,
else the script stops and says so; proxy variables are removed from the tools' environment (no_proxy set for
127.0.0.1); a vigie binary without the `fetch-bench` subcommand is detected by a one-URL probe before anything
is timed, and the script stops with a clear message (--skip-vigie measures curl and newsboat only). The server
is a Python asyncio process on the same 2 cores as the tool measured: it costs every tool the same, and its
~50 ms delay dominates each request. Needs curl; newsboat is optional (`apt-get install -y newsboat`; a missing
newsboat is reported, not fatal).
"""
import argparse, json, os, platform, resource, select, shlex, shutil, subprocess, sys, tempfile, threading, time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.normpath(os.path.join(HERE, '..', 'Tests', 'Support', 'fixture_server.py'))
PROXY_VARS = ('http_proxy', 'https_proxy', 'all_proxy', 'ftp_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY',
              'FTP_PROXY')


def fail(msg):
    sys.exit(f'bench-fetch: {msg}')


def ensure_open_files(needed):
    """Raises the soft RLIMIT_NOFILE to at least `needed` (children inherit it); returns (soft, hard)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ensure_open_files.before = soft
    unlimited = resource.RLIM_INFINITY
    if soft != unlimited and soft < needed:
        if hard != unlimited and hard < needed:
            fail(f'the open-files limit is {soft} (hard {hard}); {needed} are needed for the sockets of '
                 f'{needed - 512} feeds: raise the hard limit (ulimit -Hn / limits.conf) and run again')
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed if hard == unlimited else max(needed, min(hard, 65536)),
                                                    hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def tool_env(home=None):
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    env['no_proxy'] = env['NO_PROXY'] = '127.0.0.1,localhost'
    if home:
        env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, '.config'),
                   XDG_DATA_HOME=os.path.join(home, '.local', 'share'), XDG_CACHE_HOME=os.path.join(home, '.cache'))
    return env


class FixtureServer:
    """fixture_server.py as a child: its stdin is our pipe, so it exits with us whatever happens."""

    def __init__(self, workdir):
        self.stderr = open(os.path.join(workdir, 'fixture_server.stderr'), 'w+b')
        self.proc = subprocess.Popen([sys.executable, SERVER, '--port', '0'], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr)
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


GNU_TIME = '/usr/bin/time' if os.access('/usr/bin/time', os.X_OK) else None


def run_measured(cmd, workdir, name, timeout, env, cwd=None):
    """Runs cmd with stdout/stderr to files; returns wall, user, sys, peak RSS (KiB), exit code, stdout, stderr.

    CPU times are os.wait4's rusage of the process (through GNU time when present: its own share is negligible).
    Peak RSS comes from GNU time's %M: Linux's ru_maxrss of a child this script forks directly also counts the
    memory of the forked copy of this Python process before exec, so it would read ~20 MiB for /bin/true."""
    out_path, err_path = os.path.join(workdir, f'{name}.stdout'), os.path.join(workdir, f'{name}.stderr')
    rss_path = os.path.join(workdir, f'{name}.maxrss')
    if GNU_TIME:
        cmd = [GNU_TIME, '-q', '-f', '%M', '-o', rss_path, *cmd]
    with open(out_path, 'wb') as out, open(err_path, 'wb') as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    with open(out_path, encoding='utf-8', errors='replace') as f:
        stdout = f.read()
    with open(err_path, encoding='utf-8', errors='replace') as f:
        stderr = f.read()
    timed_out = wall >= timeout and proc.returncode < 0
    rss_kib = usage.ru_maxrss
    if GNU_TIME:
        try:
            with open(rss_path, encoding='utf-8') as f:
                rss_kib = int(f.read().split()[-1])
        except (OSError, ValueError, IndexError):
            pass  # killed before GNU time could write it: keep the (upper-bound) wait4 figure
    return dict(wall=wall, user=usage.ru_utime, sys=usage.ru_stime, rss_kib=rss_kib,
                rc=proc.returncode, stdout=stdout, stderr=stderr, timed_out=timed_out)


def last_json_line(text):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith('{'):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def probe_vigie(vigie, port, workdir, env):
    """Fails clearly unless `vigie fetch-bench` exists and prints its JSON line."""
    if not (os.path.isfile(vigie) and os.access(vigie, os.X_OK)):
        fail(f'{vigie}: no such executable (build it: make build)')
    url_file = os.path.join(workdir, 'probe-urls.txt')
    with open(url_file, 'w') as f:
        f.write(f'http://127.0.0.1:{port}/feed?id=probe\n')
    cmd = [vigie, 'fetch-bench', '--concurrency', '1', '--per-host', '1', url_file]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    except subprocess.TimeoutExpired:
        fail(f'`{shlex.join(cmd)}` did not finish in 60 s on one local URL')
    line = last_json_line(p.stdout)
    if p.returncode != 0 or line is None:
        said = ' / '.join((p.stderr or p.stdout).strip().splitlines()[:2])
        if any(s in said for s in ('Unexpected argument', 'Unknown', 'unknown', 'Usage')):
            fail(f'{vigie} has no `fetch-bench` subcommand (issue 3 adds it: `vigie fetch-bench --concurrency N '
                 f'--per-host N [--validators FILE] URLFILE`); rebuild from a tree that has it. It said: {said}')
        fail(f'`{shlex.join(cmd)}` failed (exit {p.returncode}, no JSON line): {said}')
    missing = [k for k in ('urls', 'ok', 'not_modified', 'failed', 'seconds', 'body_bytes') if k not in line]
    if missing:
        fail(f'`vigie fetch-bench` printed {line} without {", ".join(missing)}')
    if line['ok'] != 1:
        fail(f'`vigie fetch-bench` could not fetch one local feed: {line}')


def first_line(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--vigie', help='the vigie binary (release build)')
    ap.add_argument('--feeds', type=int, default=1000, help='number of feed URLs (default %(default)s)')
    ap.add_argument('--delay-ms', type=int, default=50, help="server's delay per answer (default %(default)s)")
    ap.add_argument('--concurrency', type=int, default=32, help='parallel transfers for Vigie, curl and the '
                    'second newsboat setting (default %(default)s)')
    ap.add_argument('--runs', type=int, default=3, help='timed runs of Vigie and curl, best kept (default %(default)s)')
    ap.add_argument('--newsboat-runs', type=int, default=1, help='runs of each newsboat setting (default %(default)s)')
    ap.add_argument('--no-newsboat', action='store_true', help='skip newsboat')
    ap.add_argument('--skip-vigie', action='store_true', help='measure curl and newsboat only (no --vigie needed)')
    ap.add_argument('--timeout', type=float, default=600, help='limit per command, seconds (default %(default)s)')
    ap.add_argument('--keep', metavar='DIR', help='keep the URL lists, configs and outputs in DIR')
    args = ap.parse_args()
    if not args.skip_vigie and not args.vigie:
        ap.error('--vigie is required (or --skip-vigie)')
    if args.feeds < 1 or args.runs < 1 or args.concurrency < 1:
        ap.error('--feeds, --runs and --concurrency must be positive')
    vigie = os.path.abspath(args.vigie) if args.vigie else None
    if not shutil.which('curl'):
        fail('curl is not installed (apt-get install -y curl)')
    newsboat = None if args.no_newsboat else shutil.which('newsboat')
    soft, hard = ensure_open_files(args.feeds + 512)

    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        workdir = os.path.abspath(args.keep)
    else:
        tmp = tempfile.TemporaryDirectory(prefix='bench-fetch-')
        workdir = tmp.name
    env = tool_env()
    server = FixtureServer(workdir)
    try:
        return bench(args, vigie, newsboat, server, workdir, env, soft, hard)
    finally:
        server.stop()


def bench(args, vigie, newsboat, server, workdir, env, soft, hard):
    n, port = args.feeds, server.port
    if vigie and not args.skip_vigie:
        probe_vigie(vigie, port, workdir, env)
    urls = [f'http://127.0.0.1:{port}/delay?ms={args.delay_ms}&id={i}' for i in range(1, n + 1)]
    url_file = os.path.join(workdir, 'urls.txt')
    with open(url_file, 'w') as f:
        f.write(''.join(u + '\n' for u in urls))
    curl_cfg = os.path.join(workdir, 'curl.cfg')
    with open(curl_cfg, 'w') as f:
        f.write(''.join(f'url = "{u}"\noutput = "/dev/null"\n' for u in urls))

    curl_cmd = ['curl', '-q', '--parallel', '--parallel-max', str(args.concurrency), '-s', '-K', curl_cfg]
    subprocess.run(curl_cmd, env=env, timeout=args.timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    results = {}  # name -> list of runs
    notes = {}

    def measure(name, cmd, tag, **kw):
        server.reset()
        r = run_measured(cmd, workdir, tag, args.timeout, kw.pop('env', env), **kw)
        r['stats'] = server.stats()
        results.setdefault(name, []).append(r)
        if r['timed_out']:
            notes.setdefault(name, set()).add(f'killed after {args.timeout:.0f} s')
        elif r['rc'] != 0:
            notes.setdefault(name, set()).add(f'exit {r["rc"]}: {" / ".join(r["stderr"].strip().splitlines()[:2])}')
        return r

    vigie_name = f'Vigie (concurrency {args.concurrency})'
    curl_name = f'curl --parallel-max {args.concurrency}'
    validators = None
    vigie_cmd_shown = None
    for i in range(args.runs):
        if vigie and not args.skip_vigie:
            validators = os.path.join(workdir, f'validators-{i + 1}.json')
            if os.path.exists(validators):
                os.remove(validators)
            cmd = [vigie, 'fetch-bench', '--concurrency', str(args.concurrency), '--per-host', str(n),
                   '--validators', validators, url_file]
            vigie_cmd_shown = cmd
            r = measure(vigie_name, cmd, f'vigie-{i + 1}')
            r['line'] = last_json_line(r['stdout'])
        measure(curl_name, curl_cmd, f'curl-{i + 1}')

    newsboat_cmds = []
    if newsboat:
        for threads in (None, args.concurrency):
            label = 'newsboat (default: reload-threads 1)' if threads is None else f'newsboat reload-threads {threads}'
            home = os.path.join(workdir, f'newsboat-home-{threads or "default"}')
            os.makedirs(home, exist_ok=True)
            urls_path, cfg_path, cache = (os.path.join(home, x) for x in ('urls', 'config', 'cache.db'))
            with open(urls_path, 'w') as f:
                f.write(''.join(u + '\n' for u in urls))
            with open(cfg_path, 'w') as f:
                f.write('' if threads is None else f'reload-threads {threads}\n')
            cmd = [newsboat, '-x', 'reload', '-u', urls_path, '-c', cache, '-C', cfg_path, '-q']
            newsboat_cmds.append((label, cmd))
            for i in range(max(args.newsboat_runs, 1)):
                for leftover in (cache, cache + '.lock'):
                    if os.path.exists(leftover):
                        os.remove(leftover)
                measure(label, cmd, f'newsboat-{threads or "default"}-{i + 1}', env=tool_env(home), cwd=home)

    # the second Vigie cycle: conditional requests only
    second = None
    ok = True
    if vigie and not args.skip_vigie:
        cmd = [vigie, 'fetch-bench', '--concurrency', str(args.concurrency), '--per-host', str(n),
               '--validators', validators, url_file]
        if not os.path.exists(validators):
            notes.setdefault(vigie_name, set()).add(f'wrote no validators file ({validators})')
        server.reset()
        second = run_measured(cmd, workdir, 'vigie-second-cycle', args.timeout, env)
        second['stats'] = server.stats()
        second['line'] = last_json_line(second['stdout'])
        second['cmd'] = cmd

    # ----------------------------------------------------------------------------------------------- report
    best = {name: min(runs, key=lambda r: r['wall']) for name, runs in results.items()}
    curl_wall = best[curl_name]['wall']
    print(f'## Fetch: one cycle over {n} feeds on 127.0.0.1, each answered after ~{args.delay_ms} ms — '
          f'{time.strftime("%Y-%m-%d")}\n')
    print(f'Best of {args.runs} runs for Vigie and curl (by wall time), {max(args.newsboat_runs, 1)} for each '
          f'newsboat setting; the server counted requests, statuses and body bytes for each run.\n')
    print('| tool | requests | 200 | 304 | body bytes | wall s | user s | sys s | CPU s | peak RSS MiB | '
          'wall / curl | notes |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|')
    for name, r in best.items():
        st = r['stats']
        note = sorted(notes.get(name, ()))
        if st['ok'] != n:
            note.append(f'{n - st["ok"]} feeds not fetched with a 200')
        line = r.get('line')
        if name == vigie_name:
            if line is None:
                note.append('no JSON line')
            else:
                note.append(f'reported ok {line["ok"]}, failed {line["failed"]}, {line["seconds"]:.3f} s inside')
        ratio = '-' if name == curl_name else f'{r["wall"] / curl_wall:.2f}'
        print(f'| {name} | {st["requests"]} | {st["ok"]} | {st["not_modified"]} | {st["body_bytes"]} | '
              f'{r["wall"]:.3f} | {r["user"]:.3f} | {r["sys"]:.3f} | {r["user"] + r["sys"]:.3f} | '
              f'{r["rss_kib"] / 1024:.1f} | {ratio} | {"; ".join(note)} |')
        if name == vigie_name and (st['ok'] != n or (line or {}).get('ok') != n):
            ok = False

    if vigie_name in best:
        ratio = best[vigie_name]['wall'] / curl_wall
        verdict = 'met' if ratio <= 1.2 else 'NOT met'
        print(f'\nGoal: Vigie within 1.2× of curl\'s wall time: **{ratio:.2f}×** ({verdict})'
              + ''.join(f'; {best[name]["wall"] / best[vigie_name]["wall"]:.1f}× faster than {name}'
                        for name in best if name.startswith('newsboat')))

    if second is not None:
        st, line = second['stats'], second['line'] or {}
        checks = [('every feed answered 304 (server)', st['not_modified'] == n and st['ok'] == 0),
                  (f'{n} conditional requests (server)', st['conditional_requests'] == n and st['requests'] == n),
                  ('zero body bytes sent (server)', st['body_bytes'] == 0),
                  ('Vigie reported not_modified = N, ok = 0, failed = 0',
                   line.get('not_modified') == n and line.get('ok') == 0 and line.get('failed') == 0)]
        passed = all(c for _, c in checks) and second['rc'] == 0
        ok = ok and passed
        print(f'\n### Second Vigie cycle with the stored validators: **{"PASS" if passed else "FAIL"}**\n')
        print(f'- server: {st["requests"]} requests, {st["conditional_requests"]} conditional, '
              f'{st["not_modified"]} × 304, {st["ok"]} × 200, **{st["body_bytes"]} body bytes**')
        print(f'- Vigie: {json.dumps(line) if line else "no JSON line (exit " + str(second["rc"]) + ")"}')
        print(f'- wall {second["wall"]:.3f} s, CPU {second["user"] + second["sys"]:.3f} s, '
              f'peak RSS {second["rss_kib"] / 1024:.1f} MiB')
        for label, good in checks:
            print(f'- {"ok" if good else "FAILED"}: {label}')

    print(f'\nCommand: `{shlex.join([sys.executable, *sys.argv])}` (cwd {os.getcwd()})')
    print(f'- server: `{shlex.join([sys.executable, SERVER, "--port", "0"])}`; URLs '
          f'`http://127.0.0.1:{port}/delay?ms={args.delay_ms}&id=N`, N = 1..{n}, one a line in URLFILE')
    print('- warm-up (untimed): the curl command below, once')
    if vigie_cmd_shown:
        shown = [vigie_cmd_shown[0], *vigie_cmd_shown[1:-3], 'V', 'URLFILE']
        print(f'- `{shlex.join(shown)}` (V: a new validators file each run)')
        print('- second cycle: the same command with the V written by the last timed run')
    print(f'- `{shlex.join(curl_cmd[:-1])} CONFIG` (CONFIG: `url = "URL"` and `output = "/dev/null"` per URL)')
    for label, cmd in newsboat_cmds:
        cfg = 'empty CONFIG' if 'default' in label else f'CONFIG: `reload-threads {args.concurrency}`'
        print(f'- {label}: `newsboat -x reload -u URLFILE -c CACHE -C CONFIG -q` ({cfg}; fresh CACHE, '
              f'HOME and XDG dirs in a temporary folder)')
    if not newsboat:
        print('- newsboat: not measured (' + ('--no-newsboat' if args.no_newsboat else
                                              'not installed: apt-get install -y newsboat') + ')')
    rss_how = ("GNU time's %M (/usr/bin/time -q -f %M wraps each command)" if GNU_TIME else
               'os.wait4 ru_maxrss: AN UPPER BOUND, it includes this script\'s memory at fork (apt-get install -y '
               'time for the exact figure)')
    print(f'- timing: wall = time.perf_counter() around the process; user/sys CPU = os.wait4 rusage of the process; '
          f'peak RSS = {rss_how}')
    print('\nMachine:')
    print(f'- nproc {os.cpu_count()}, CPU {cpu_model()}, {platform.platform()}, open files limit {soft} '
          f'(hard {hard}' + (f', raised from {ensure_open_files.before}' if ensure_open_files.before != soft else '')
          + ')')
    if vigie:
        build = 'DEBUG build: not representative' if f'{os.sep}debug{os.sep}' in vigie else 'release build'
        print(f'- vigie {first_line([vigie, "--version"])} ({vigie}, {build})')
    print(f'- {first_line(["curl", "--version"])}')
    if newsboat:
        print(f'- {first_line([newsboat, "--version"])}')
    print(f'- fixture server: Python {platform.python_version()} asyncio, on the same machine')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
