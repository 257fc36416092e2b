#!/usr/bin/env python3
"""Load and soak test of the daemon (issue 6): many feeds on a loopback server, polled for a long time at accelerated
intervals, with memory, file descriptors and schedule watched.

Usage: python3 Tools/soak.py --vigie .build/release/vigie [--feeds 5000] [--minutes 30] [--interval 60s]
                             [--report FILE]

What it does:
  * starts Tests/Support/fixture_server.py on 127.0.0.1 and writes a configuration with N feeds on it: 85 % normal
    feeds of mixed sizes (/delay?ms=20&id=K&items=3..60, with ETag: later polls are mostly 304s, and 1 in 20 feeds
    changes version every few minutes so new items keep arriving), 10 % slow (/delay?ms=1500), 5 % failing
    (/status/500, /hang with a short timeout, a refused port), every feed with the same `interval`;
    per_host = 64, since every feed is on one host (127.0.0.1);
  * runs `vigie run` for the duration, sampling every 10 s the daemon's RSS (/proc/PID/status VmRSS), its open file
    descriptors (/proc/PID/fd) and the server's request count;
  * checks at the end: RSS at the end within 1.5x of RSS after the first full cycle (flat memory), file descriptors
    at the end within +16 of the first sample after warm-up (no leak), and polls done >= 90 % of what the schedule asks
    (feeds x duration / interval, failing feeds excepted: they back off by design), the daemon alive until SIGTERM and
    exiting 0 within 5 s.
Prints a markdown report (also to --report) and 'N passed, N failed'; exit 1 on any failure.
"""
import argparse, json, os, random, shutil, signal, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rss_kib(pid):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0


def fd_count(pid):
    return len(os.listdir(f'/proc/{pid}/fd'))


def server_stats(port):
    import urllib.request
    with urllib.request.urlopen(f'http://127.0.0.1:{port}/_stats', timeout=5) as r:
        return json.load(r)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--vigie', required=True)
    ap.add_argument('--feeds', type=int, default=5000)
    ap.add_argument('--minutes', type=float, default=30)
    ap.add_argument('--interval', default='60s')
    ap.add_argument('--report')
    args = ap.parse_args()
    interval_s = float(args.interval.rstrip('s'))
    work = tempfile.mkdtemp(prefix='vigie-soak-')
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, 'Tests/Support/fixture_server.py'), '--port', '0'],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    port = json.loads(server.stdout.readline())['http']
    rng = random.Random(7)
    feeds = []
    for n in range(args.feeds):
        r = rng.random()
        if r < 0.05:
            kind = rng.choice(['/status/500', '/hang?max=30', 'refused'])
            if kind == 'refused':
                url = f'http://127.0.0.1:1/feed?n={n}'
            else:
                url = f'http://127.0.0.1:{port}{kind}{"&" if "?" in kind else "?"}n={n}'
            feeds.append(('failing', url))
        elif r < 0.15:
            feeds.append(('slow', f'http://127.0.0.1:{port}/delay?ms=1500&id=s{n}&items={rng.randint(3, 30)}'))
        else:
            feeds.append(('normal', f'http://127.0.0.1:{port}/delay?ms=20&id=n{n}&items={rng.randint(3, 60)}'))
    os.makedirs(os.path.join(work, 'watchlists'))
    with open(os.path.join(work, 'watchlists', 'soak.toml'), 'w') as f:
        f.write('[[watch]]\nname = "soak"\nany = ["item 7"]\n')
    with open(os.path.join(work, 'vigie.toml'), 'w') as f:
        f.write(f'state_dir = "state"\nalert_log = "alerts.jsonl"\nlog_level = "notice"\n'
                f'[defaults]\ninterval = "{args.interval}"\nbacklog = "3650d"\n'
                '[fetch]\nconcurrency = 64\nper_host = 64\ntimeout = "10s"\nconnect_timeout = "3s"\n')
        for _, url in feeds:
            f.write(f'[[feed]]\nurl = "{url}"\n')
    log = open(os.path.join(work, 'vigie.log'), 'w')
    daemon = subprocess.Popen([args.vigie, 'run', '--config', os.path.join(work, 'vigie.toml')], stderr=log)
    start = time.monotonic()
    duration = args.minutes * 60
    samples = []
    while time.monotonic() - start < duration and daemon.poll() is None:
        time.sleep(10)
        if daemon.poll() is not None:
            break
        samples.append((round(time.monotonic() - start), rss_kib(daemon.pid), fd_count(daemon.pid),
                        server_stats(port)['requests']))
    alive = daemon.poll() is None
    stop_start = time.monotonic()
    if alive:
        daemon.send_signal(signal.SIGTERM)
    try:
        code = daemon.wait(timeout=10)
    except subprocess.TimeoutExpired:
        daemon.kill()
        code = 'killed'
    stop_seconds = time.monotonic() - stop_start
    server.stdin.close()
    server.wait(timeout=10)
    elapsed = time.monotonic() - start
    healthy = sum(1 for kind, _ in feeds if kind != 'failing')
    # The first polls are spread over the first minute; then every healthy feed is due once per interval.
    expected = healthy * max(0.0, (elapsed - 60) / interval_s)
    polls = samples[-1][3] if samples else 0
    warm = [s for s in samples if s[0] >= max(interval_s * 1.5, 60)] or samples
    checks = []
    checks.append(('daemon ran for the whole duration', alive))
    checks.append((f'SIGTERM: exit 0 within 5 s (exit {code} after {stop_seconds:.1f} s)', code == 0 and stop_seconds <= 5))
    if warm:
        checks.append((f'memory flat: RSS {warm[0][1] // 1024} MiB after warm-up, {samples[-1][1] // 1024} MiB at the end',
                       samples[-1][1] <= warm[0][1] * 1.5))
        # Open descriptors move with the transfers in flight and the connections cached (up to 2 x concurrency), so
        # a leak shows as a rising ceiling: the second half's highest count above the first half's.
        half = len(warm) // 2
        early, late = max(s[2] for s in warm[:max(half, 1)]), max(s[2] for s in warm[half:])
        checks.append((f'no fd leak: at most {early} fds in the first half after warm-up, {late} in the second',
                       late <= early + 16))
    checks.append((f'polls on schedule: {polls} requests for {expected:.0f} expected from healthy feeds (>= 90 %)',
                   bool(samples) and polls >= 0.9 * expected))
    lines = [f'## Soak: {args.feeds} feeds, {args.minutes:g} min, interval {args.interval} — {time.strftime("%Y-%m-%d")}',
             '', f'Command: `python3 Tools/soak.py --vigie {args.vigie} --feeds {args.feeds} --minutes {args.minutes:g} '
             f'--interval {args.interval}`', '',
             f'Feeds: {sum(1 for k, _ in feeds if k == "normal")} normal, {sum(1 for k, _ in feeds if k == "slow")} slow '
             f'(1.5 s), {sum(1 for k, _ in feeds if k == "failing")} failing.', '',
             '| t (s) | RSS (MiB) | open fds | server requests |', '|---|---|---|---|']
    step = max(1, len(samples) // 12)
    for s in samples[::step] + ([samples[-1]] if samples and (len(samples) - 1) % step else []):
        lines.append(f'| {s[0]} | {s[1] / 1024:.1f} | {s[2]} | {s[3]} |')
    lines.append('')
    for text, ok in checks:
        lines.append(f'- {"PASS" if ok else "FAIL"}: {text}')
    passed = sum(1 for _, ok in checks if ok)
    lines.append('')
    lines.append(f'soak: {passed} passed, {len(checks) - passed} failed')
    if passed < len(checks):
        log.close()
        with open(os.path.join(work, 'vigie.log')) as f:
            lines += ['', 'Last lines of the daemon log:', '```'] + f.read().splitlines()[-15:] + ['```']
    report = '\n'.join(lines) + '\n'
    print(report)
    if args.report:
        with open(args.report, 'w') as f:
            f.write(report)
    shutil.rmtree(work, ignore_errors=True)
    return 0 if passed == len(checks) else 1


if __name__ == '__main__':
    sys.exit(main())
