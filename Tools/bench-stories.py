#!/usr/bin/env python3
"""Story clustering's cost with few and with many open stories: `vigie bench-stories` on real texts.

Usage: python3 Tools/bench-stories.py [--vigie .build/release/vigie] [--open 100,100000] [--items 20000]

The measured texts are the real headlines and leads of the labelled sets (Tests/Fixtures/eval/stories-dev.tsv and
detection-world.tsv, 269 items in seven languages), written as feeds. For each count of open stories,
`vigie bench-stories` fills a clusterer with that many open stories (the same texts with their names made unique to
each story; --unique-words: every longer word, the worst case for memory), then times assigning --items items (the real texts, round-robin: a mix of new stories and
copies); it prints the items per second and the resident memory after the fill. Goal (issue 12): with 100,000 open
stories an item costs at most 2x what it costs with 100; exit status 1 otherwise.
"""
import argparse, importlib.util, json, os, platform, subprocess, sys, tempfile

HERE = os.path.dirname(__file__)


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--vigie', default='.build/release/vigie')
    parser.add_argument('--open', default='100,100000')
    parser.add_argument('--items', type=int, default=20000)
    parser.add_argument('--unique-words', action='store_true',
                        help='make every longer word of the open stories unique (worst case for memory)')
    args = parser.parse_args()
    stories = load('vigie_eval_stories', 'eval-stories.py')
    detection = load('vigie_eval', 'eval.py')
    with tempfile.TemporaryDirectory() as tmp:
        first = os.path.join(tmp, 'stories.xml')
        second = os.path.join(tmp, 'world.xml')
        stories.write_feed(stories.read_set(os.path.join('Tests', 'Fixtures', 'eval', 'stories-dev.tsv')), first)
        detection.write_feed(detection.read_dev(os.path.join('Tests', 'Fixtures', 'eval', 'detection-world.tsv')),
                             second)
        cmd = [args.vigie, 'bench-stories', '--open', args.open, '--items', str(args.items)]
        cmd += ['--unique-words'] if args.unique_words else []
        cmd += [first, second]
        p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f'bench-stories: `vigie bench-stories` failed (exit {p.returncode}): {p.stderr.strip()[:500]}')
    lines = [json.loads(line) for line in p.stdout.splitlines() if line.startswith('{')]
    base = lines[0]
    print('| open stories | fill (s) | items timed | seconds | items/s | per item vs. smallest | stories opened | '
          'RSS after fill (MiB) |')
    print('|---|---|---|---|---|---|---|---|')
    for line in lines:
        ratio = (line['seconds'] / line['items']) / (base['seconds'] / base['items'])
        print(f'| {line["open_stories"]:,} | {line["fill_seconds"]:.2f} | {line["items"]:,} | {line["seconds"]:.3f} | '
              f'{line["items_per_second"]:,.0f} | {ratio:.2f}× | {line["stories_opened"]:,} | '
              f'{line["rss_kib"] / 1024:.1f} |')
    print(f'\nRSS before any story: {base["rss_kib_before"] / 1024:.1f} MiB.')
    print(f'Command: python3 Tools/bench-stories.py --vigie {args.vigie} --open {args.open} --items {args.items}'
          + (' --unique-words' if args.unique_words else ''))
    print(f'Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, {platform.platform()}')
    ratio = (lines[-1]['seconds'] / lines[-1]['items']) / (base['seconds'] / base['items'])
    if ratio > 2:
        print(f'\nGoal not met: an item costs {ratio:.2f}× with {lines[-1]["open_stories"]:,} open stories.')
        return 1
    print(f'\nGoal met: an item costs {ratio:.2f}× with {lines[-1]["open_stories"]:,} open stories (at most 2×).')
    return 0


if __name__ == '__main__':
    sys.exit(main())
