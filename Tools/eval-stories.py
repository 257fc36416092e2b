#!/usr/bin/env python3
"""Story clustering quality of `vigie stories` on a labelled set: B-cubed and pairwise precision, recall and F1.

Usage: python3 Tools/eval-stories.py [--vigie .build/release/vigie] [--set Tests/Fixtures/eval/stories-dev.tsv]
                                     [--window 72h] [--feed FILE] [--explain]

The set's items (columns id, story, outlet, lang, published, title, summary, source; see its header) are written
into one RSS 2.0 feed in file order (a `pubDate` where `published` is given: a day at 12:00 UTC, a month as its
first day), and `vigie stories --json FEED` clusters them as the daemon would, every item (no watchlist): dated
items in date order, undated ones after them in file order. The predicted story of each item is compared with its
label:

- B-cubed: for each item, precision = the share of its predicted story that has its label, recall = the share of
  its labelled story that is in its predicted story; averaged over items; F1 their harmonic mean.
- Pairwise: over all pairs of items, a pair is positive when both are in one story; precision, recall and F1 of
  the predicted positive pairs.
- Near-miss pairs: two items of different labelled stories about the same subject, i.e. whose labels start with
  the same word once digits are dropped (`ibm-hashicorp-deal-…` and `ibm-hashicorp-ftc-…`, `starcoder-…` and
  `starcoder2-…`, `nasa-ibm-…`): none may be merged.

Every false merge (a predicted story holding two labels) and every split is listed. Exit status 0 when B-cubed F1
>= 0.90, B-cubed precision >= 0.95 and no near-miss pair is merged, 1 otherwise.
"""
import argparse, collections, datetime, importlib.util, itertools, json, os, re, subprocess, sys, tempfile

DEFAULT_SET = os.path.join('Tests', 'Fixtures', 'eval', 'stories-dev.tsv')
_spec = importlib.util.spec_from_file_location('vigie_eval', os.path.join(os.path.dirname(__file__), 'eval.py'))
EVAL = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(EVAL)
read_set = EVAL.read_dev  # the same TSV reading (comment lines skipped, tab-separated, no quoting)
MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']


def rfc822(published):
    m = re.fullmatch(r'(\d{4})-(\d{2})(?:-(\d{2}))?', published.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    weekday = datetime.date(year, month, day).strftime('%a')
    return f'{weekday}, {day:02d} {MONTHS[month - 1]} {year} 12:00:00 GMT'


def write_feed(rows, path):
    """The set as an RSS 2.0 feed, with a pubDate where `published` is given (Tools/eval.py writes it)."""
    EVAL.write_feed(rows, path, title='Vigie stories dev set', description='Real items grouped by event',
                    date=lambda row: rfc822(row.get('published') or ''))


def subject(label):
    return re.sub(r'\d+', '', label.split('-')[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--vigie', default='.build/release/vigie')
    parser.add_argument('--set', default=DEFAULT_SET)
    parser.add_argument('--window', default='72h')
    parser.add_argument('--feed', help='keep the generated feed at this path')
    parser.add_argument('--explain', action='store_true', help='also print `vigie stories --explain`')
    parser.add_argument('--option', action='append', default=[],
                        help='an option for `vigie stories` (repeatable), e.g. --option=--coverage-score=0.3')
    args = parser.parse_args()

    rows = read_set(args.set)
    gold = {r['id']: r['story'] for r in rows}
    titles = {r['id']: r['title'] for r in rows}
    with tempfile.TemporaryDirectory() as tmp:
        feed = args.feed or os.path.join(tmp, 'stories.xml')
        write_feed(rows, feed)
        cmd = [args.vigie, 'stories', '--json', '--window', args.window] + args.option + [feed]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f'eval-stories: `{" ".join(cmd)}` failed (exit {p.returncode}): {p.stderr.strip()}')
        if args.explain:
            print(subprocess.run([args.vigie, 'stories', '--explain', '--window', args.window] + args.option + [feed],
                                 capture_output=True, text=True).stdout)
    predicted = {}
    for line in p.stdout.splitlines():
        record = json.loads(line)
        predicted[record['item']] = record['story']
    missing = sorted(set(gold) - set(predicted))
    if missing:
        sys.exit(f'eval-stories: vigie stories gave no story for {", ".join(missing)}')

    by_pred = collections.defaultdict(set)
    by_gold = collections.defaultdict(set)
    for item in gold:
        by_pred[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = sum(len({j for j in by_pred[predicted[i]] if gold[j] == gold[i]}) / len(by_pred[predicted[i]])
                    for i in gold) / len(gold)
    recall = sum(len({j for j in by_gold[gold[i]] if predicted[j] == predicted[i]}) / len(by_gold[gold[i]])
                 for i in gold) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    pairs = list(itertools.combinations(sorted(gold), 2))
    same_gold = {(a, b) for a, b in pairs if gold[a] == gold[b]}
    same_pred = {(a, b) for a, b in pairs if predicted[a] == predicted[b]}
    tp = len(same_gold & same_pred)
    pair_p = tp / len(same_pred) if same_pred else 1.0
    pair_r = tp / len(same_gold) if same_gold else 1.0
    pair_f = 2 * pair_p * pair_r / (pair_p + pair_r) if pair_p + pair_r else 0.0
    near = {(a, b) for a, b in pairs if gold[a] != gold[b] and subject(gold[a]) == subject(gold[b])}
    near_merged = sorted(near & same_pred)

    print(f'Stories set: {len(rows)} items in {len(by_gold)} labelled stories, {args.set}')
    print(f'Command: {" ".join(cmd[:-1])} <feed of the set>\n')
    print('| measure | precision | recall | F1 |')
    print('|---|---|---|---|')
    print(f'| B-cubed | {precision:.3f} | {recall:.3f} | {f1:.3f} |')
    print(f'| pairwise ({len(same_gold)} same-story pairs) | {pair_p:.3f} | {pair_r:.3f} | {pair_f:.3f} |')
    print(f'\nPredicted stories: {len(by_pred)} (labelled: {len(by_gold)}); near-miss pairs: {len(near)}, '
          f'merged: {len(near_merged)}')
    print('\nFalse merges (a predicted story holding several labels):')
    merges = 0
    for story, items in sorted(by_pred.items()):
        labels = collections.Counter(gold[i] for i in items)
        if len(labels) > 1:
            merges += 1
            print(f'  {story}: ' + '; '.join(f'{label} ({", ".join(sorted(i for i in items if gold[i] == label))})'
                                             for label in sorted(labels)))
    if not merges:
        print('  none')
    print('\nSplits (a labelled story over several predicted ones):')
    splits = 0
    for label, items in sorted(by_gold.items()):
        stories = collections.defaultdict(list)
        for i in sorted(items):
            stories[predicted[i]].append(i)
        if len(stories) > 1:
            splits += 1
            print(f'  {label}: ' + ' | '.join(', '.join(group) for group in stories.values()))
    if not splits:
        print('  none')
    for a, b in near_merged:
        print(f'  near-miss merged: {a} ({gold[a]}) + {b} ({gold[b]})')
    ok = f1 >= 0.90 and precision >= 0.95 and not near_merged
    print('\nGoal ' + ('met' if ok else 'not met') + ': B-cubed F1 >= 0.90, B-cubed precision >= 0.95, '
          'no near-miss pair merged.')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
