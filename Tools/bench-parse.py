#!/usr/bin/env python3
"""Feed parsing throughput (MB/s) of Vigie against libxml2's floor and Python's feedparser, on the same files.

Usage: python3 Tools/bench-parse.py --vigie .build/release/vigie --corpus ../shared/corpus
                                    [--runs N] [--set wellformed|real|all] [--exclude LIST] [--no-feedparser]

The file set comes from the corpus's MANIFEST.tsv, never gzip-compressed files (Vigie's parser takes no gzip):
  wellformed (default)  every .xml/.rss/.atom/.rdf file that expat finds well-formed (~5,100 files, ~11.5 MB):
                        all three tools parse them, and xmllint's floor is meaningful only on well-formed XML;
  real                  the same restricted to the real-world captures (likely_real = yes; ~240 files, ~8.7 MB),
                        i.e. larger feeds, where per-document overhead matters less;
  all                   every non-gzip feed file, ill-formed ones included.
--exclude LIST leaves out the corpus-relative paths listed in file LIST, one a line (e.g. files that crash Vigie:
one crash aborts `vigie bench-parse`, and the script then stops with its message).
Tools, each timed as the best of N runs (time.perf_counter):
  Vigie      `vigie bench-parse --runs N FILE...`: reads every file first, then parses them all N times in-process
             and prints one JSON line {"files", "bytes", "seconds" (best run), "items", "failures"}; a release build
             is expected (a debug build is flagged in the output).
  xmllint    `xmllint --stream --noout --nonet FILE...`: one process for all files (libxml2's reader, no tree), timed
             from outside, so its start-up and file reads are included; ill-formed files only add error output.
  feedparser `feedparser.parse(data)` on each file's bytes, read beforehand, in this Python process.
MB = 10^6 bytes. Prints a markdown table (tool, files, MB, seconds, MB/s, Vigie's speed ratio against each other
tool), the exact commands, and the machine's facts (nproc, CPU model, versions). Needs feedparser
(`pip install feedparser`) unless --no-feedparser.
"""
import argparse, csv, json, os, platform, shlex, subprocess, sys, time

EXTENSIONS = ('.xml', '.rss', '.atom', '.rdf')


def select_files(corpus, which, exclude):
    """Paths relative to the corpus, in MANIFEST order, and their total size in bytes."""
    with open(os.path.join(corpus, 'MANIFEST.tsv'), newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE))
    files = []
    for row in rows:
        rel = os.path.join(row['corpus'], row['path'])
        if not rel.endswith(EXTENSIONS) or row['gzip'] == 'yes' or not os.path.isfile(os.path.join(corpus, rel)):
            continue
        if which in ('wellformed', 'real') and row['expat_wellformed'] != 'yes':
            continue
        if which == 'real' and row['likely_real'] != 'yes' or rel in exclude:
            continue
        files.append(rel)
    return files, sum(os.path.getsize(os.path.join(corpus, rel)) for rel in files)


def bench_vigie(vigie, corpus, files, runs):
    cmd = [vigie, 'bench-parse', '--runs', str(runs), *files]
    p = subprocess.run(cmd, cwd=corpus, capture_output=True, text=True)
    if p.returncode != 0:
        reason = ' / '.join(p.stderr.strip().splitlines()[:2])
        sys.exit(f'bench-parse: `vigie bench-parse` failed (exit {p.returncode}): {reason}\n(a file that crashes '
                 'Vigie aborts the whole run: leave such files out with --exclude; corpus-check lists them)')
    line = json.loads(p.stdout.strip().splitlines()[-1])
    note = f'{line.get("failures", 0)} not parsed as feeds' if line.get('failures') else ''
    return dict(files=line['files'], bytes=line['bytes'], seconds=line['seconds'], note=note), cmd


def bench_xmllint(corpus, files, runs):
    cmd = ['xmllint', '--stream', '--noout', '--nonet', *files]
    best, rc = float('inf'), 0
    for _ in range(runs):
        start = time.perf_counter()
        rc = subprocess.run(cmd, cwd=corpus, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        best = min(best, time.perf_counter() - start)
    note = f'exit {rc}: errors reported on some files (e.g. undeclared namespace prefixes)' if rc else ''
    return dict(files=len(files), seconds=best, note=note), cmd


def bench_feedparser(corpus, files, runs):
    import feedparser
    documents = []
    for rel in files:
        with open(os.path.join(corpus, rel), 'rb') as f:
            documents.append(f.read())
    best, bozo = float('inf'), 0
    for _ in range(runs):
        bozo, start = 0, time.perf_counter()
        for data in documents:
            bozo += bool(feedparser.parse(data).bozo)
        best = min(best, time.perf_counter() - start)
    return dict(files=len(files), seconds=best, note=f'{bozo} bozo' if bozo else ''), feedparser.__version__


def first_line(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return ((p.stdout or p.stderr).strip().splitlines() or ['?'])[0]
    except OSError as e:
        return f'unavailable ({e.strerror})'


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
    ap.add_argument('--vigie', required=True, help='the vigie binary (release build)')
    ap.add_argument('--corpus', required=True, help='the corpus folder (shared/corpus)')
    ap.add_argument('--runs', type=int, default=3, help='runs per tool, the best is kept (default: %(default)s)')
    ap.add_argument('--set', dest='which', choices=('wellformed', 'real', 'all'), default='wellformed',
                    help='which files (default: %(default)s; see the top of this file)')
    ap.add_argument('--exclude', metavar='LIST', help='file listing corpus-relative paths to leave out')
    ap.add_argument('--no-feedparser', action='store_true', help='skip the feedparser measurement')
    args = ap.parse_args()
    vigie, corpus, runs = os.path.abspath(args.vigie), os.path.abspath(args.corpus), max(args.runs, 1)
    exclude = set()
    if args.exclude:
        with open(args.exclude, encoding='utf-8') as f:
            exclude = {line.strip() for line in f if line.strip()}
    files, total = select_files(corpus, args.which, exclude)
    if not files:
        sys.exit('bench-parse: no files selected')

    results, commands = [], []
    vigie_result, cmd = bench_vigie(vigie, corpus, files, runs)
    if vigie_result['bytes'] != total:
        vigie_result['note'] += f' (counted {vigie_result["bytes"]} bytes, the files hold {total})'
    results.append(('Vigie', vigie_result))
    commands.append(f'{shlex.join(cmd[:4])} <{len(files)} files>')
    xmllint_result, cmd = bench_xmllint(corpus, files, runs)
    results.append(('xmllint --stream', xmllint_result))
    commands.append(f'{shlex.join(cmd[:4])} <{len(files)} files>  (timed from outside, best of {runs})')
    feedparser_version = 'not measured'
    if not args.no_feedparser:
        try:
            fp_result, feedparser_version = bench_feedparser(corpus, files, runs)
            results.append(('feedparser', fp_result))
            commands.append(f'feedparser.parse(bytes) for each file, in-process, best of {runs}')
        except ImportError:
            feedparser_version = 'not installed (pip install feedparser)'

    mb = total / 1e6
    speed = {name: mb / r['seconds'] for name, r in results}
    left_out = f', {len(exclude)} paths excluded by {args.exclude}' if exclude else ''
    print(f'## Parsing throughput: {args.which} set{left_out}: {len(files)} files, {mb:.2f} MB, best of {runs} runs\n')
    print('| tool | files | MB | seconds | MB/s | Vigie/tool (speed) | notes |')
    print('|---|---|---|---|---|---|---|')
    for name, r in results:
        ratio = '-' if name == 'Vigie' else f'{speed["Vigie"] / speed[name]:.2f}'
        print(f'| {name} | {r["files"]} | {mb:.2f} | {r["seconds"]:.3f} | {speed[name]:.1f} | {ratio} | '
              f'{r["note"].strip()} |')
    print('\nRatios: ' + ', '.join(f'Vigie/{name} = {speed["Vigie"] / speed[name]:.2f}'
                                   for name, _ in results if name != 'Vigie'))
    print(f'\nCommand: `{shlex.join([sys.executable, *sys.argv])}` (cwd {os.getcwd()})')
    for line in commands:
        print(f'- `{line}`' if not line.startswith('feedparser') else f'- {line}')
    build = 'DEBUG build: not representative' if f'{os.sep}debug{os.sep}' in vigie else 'release build'
    print('\nMachine:')
    print(f'- nproc {os.cpu_count()}, CPU {cpu_model()}, {platform.platform()}')
    print(f'- vigie {first_line([vigie, "--version"])} ({vigie}, {build})')
    print(f'- {first_line(["xmllint", "--version"])}')
    print(f'- feedparser {feedparser_version}, Python {platform.python_version()}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
