#!/usr/bin/env python3
"""Matching throughput (items per second) of Vigie's matcher with 50, 500 and 5,000 phrases on the same items.

Usage: python3 Tools/bench-match.py --vigie .build/release/vigie --corpus ../shared/corpus
                                    [--runs N] [--phrases 50,500,5000] [--set real|wellformed]
                                    [--watchlist Config/watchlists/ai-alliance.toml]
                                    [--language LANG [--repeat 100]]

The items are those of the corpus's feed files (MANIFEST.tsv; by default the real-world captures, likely_real =
yes, which carry full articles), plus the labelled dev set written as an RSS feed and the seed article's feed (the
corpus predates the AI Alliance: these make some items match), parsed once by `vigie bench-match` before any
timing. Run from the repository's root. For each phrase count it
builds one watch shaped like the default `members` watch (10 context terms with a 30-word window, the default
watchlist's real member names and aliases while they fit, then generated organisation names with two aliases
each: see Sources/vigie/BenchWatchlist.swift), compiles it into the one automaton, and times only
`Matcher.match` over every item, in-process; the best of N runs is kept. Prints a markdown table (phrases,
distinct patterns, items, text MB, seconds, items/s, time relative to the smallest count) and the exact command.
Goal (issue 4): the largest count costs at most 1.5 times the time of the smallest; exit status 1 otherwise.

--language LANG times text of one language instead: the items of Tests/Fixtures/eval/detection-world.tsv whose
`lang` is LANG (e.g. ja, en), written as one feed --repeat times over (distinct ids), without the corpus; this
measures what normalising and matching cost on Japanese text beside English text of the same origin.
"""
import argparse, csv, importlib.util, json, os, platform, shutil, subprocess, sys, tempfile

EXTENSIONS = ('.xml', '.rss', '.atom', '.rdf')


def select_files(corpus, which):
    with open(os.path.join(corpus, 'MANIFEST.tsv'), newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE))
    files = []
    for row in rows:
        rel = os.path.join(row['corpus'], row['path'])
        if not rel.endswith(EXTENSIONS) or row['gzip'] == 'yes' or not os.path.isfile(os.path.join(corpus, rel)):
            continue
        if row['expat_wellformed'] != 'yes' or (which == 'real' and row['likely_real'] != 'yes'):
            continue
        files.append(rel)
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--vigie', default='.build/release/vigie')
    parser.add_argument('--corpus', default='../shared/corpus')
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--phrases', default='50,500,5000')
    parser.add_argument('--set', choices=('real', 'wellformed'), default='real')
    parser.add_argument('--watchlist', default=os.path.join('Config', 'watchlists', 'ai-alliance.toml'))
    parser.add_argument('--language', help='time the world set\'s items of this language instead of the corpus')
    parser.add_argument('--repeat', type=int, default=100, help='copies of the --language items (default 100)')
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix='vigie-bench-match-')
    spec = importlib.util.spec_from_file_location('vigie_eval', os.path.join(os.path.dirname(__file__), 'eval.py'))
    vigie_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(vigie_eval)
    if args.language:
        rows = [r for r in vigie_eval.read_dev(os.path.join('Tests', 'Fixtures', 'eval', 'detection-world.tsv'))
                if r['lang'] == args.language]
        if not rows:
            sys.exit(f'bench-match: no item of language {args.language!r} in detection-world.tsv')
        copies = [dict(r, id=f'{r["id"]}-{n}') for n in range(args.repeat) for r in rows]
        sample = os.path.join(tmp, f'world-{args.language}.xml')
        vigie_eval.write_feed(copies, sample)
        files = [sample]
    else:
        files = select_files(args.corpus, args.set)
        # The corpus predates the AI Alliance: add the labelled dev set (as an RSS feed, as `make eval` writes it)
        # and the seed article, so that the measured work includes items that match.
        dev_feed = os.path.join(tmp, 'detection-dev.xml')
        vigie_eval.write_feed(
            vigie_eval.read_dev(os.path.join('Tests', 'Fixtures', 'eval', 'detection-dev.tsv')), dev_feed)
        files += [dev_feed, os.path.abspath(os.path.join('Tests', 'Fixtures', 'seed', 'la-tribune-rss20-latin1.xml'))]
    vigie = os.path.abspath(args.vigie)
    watchlist = os.path.abspath(args.watchlist)
    cmd = [vigie, 'bench-match', '--runs', str(args.runs), '--phrases', args.phrases, '--watchlist', watchlist]
    p = subprocess.run(cmd + files, cwd=args.corpus, capture_output=True, text=True)
    shutil.rmtree(tmp, ignore_errors=True)
    if p.returncode != 0:
        sys.exit(f'bench-match: `vigie bench-match` failed (exit {p.returncode}): {p.stderr.strip()[:500]}')
    lines = [json.loads(line) for line in p.stdout.splitlines() if line.startswith('{')]
    base = lines[0]['seconds']
    source = (f'the {args.language} items of detection-world.tsv, {args.repeat} times over' if args.language else
              f'{len(files)} feed files ({args.set} set of {args.corpus}, the dev set as a feed, the seed article)')
    print(f'Items: {lines[0]["items"]:,} items of {source}, '
          f'{lines[0]["text_bytes"] / 1e6:.2f} MB of item text; best of {args.runs} runs.\n')
    print('| phrases | distinct patterns | items | seconds | items/s | time vs. smallest | matches |')
    print('|---|---|---|---|---|---|---|')
    for line in lines:
        print(f'| {line["phrases"]:,} | {line["patterns"]:,} | {line["items"]:,} | {line["seconds"]:.3f} | '
              f'{line["items_per_second"]:,.0f} | {line["seconds"] / base:.2f}× | {line["matches"]:,} |')
    language = f' --language {args.language} --repeat {args.repeat}' if args.language else ''
    print(f'\nCommand: python3 Tools/bench-match.py --vigie {args.vigie} --corpus {args.corpus} --runs {args.runs} '
          f'--phrases {args.phrases} --set {args.set}{language}')
    print(f'  which runs, in {args.corpus}: vigie bench-match --runs {args.runs} --phrases {args.phrases} '
          f'--watchlist {args.watchlist} FILE... ({len(files)} files)')
    print(f'Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, {platform.platform()}')
    ratio = lines[-1]['seconds'] / base
    if ratio > 1.5:
        print(f'\nGoal not met: {lines[-1]["phrases"]:,} phrases cost {ratio:.2f}× the time of {lines[0]["phrases"]:,}.')
        return 1
    print(f'\nGoal met: {lines[-1]["phrases"]:,} phrases cost {ratio:.2f}× the time of {lines[0]["phrases"]:,} '
          '(at most 1.5×).')
    return 0


if __name__ == '__main__':
    sys.exit(main())
