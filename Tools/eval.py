#!/usr/bin/env python3
"""Detection precision and recall of `vigie match` on the labelled dev sets, beside a naive keyword baseline,
overall and per language.

Usage: python3 Tools/eval.py [--vigie .build/release/vigie] [--dev FILE]... [--feed FILE]
                             [--watchlist Config/watchlists/ai-alliance.toml]
                             [--precision-goal 0.97] [--recall-goal 0.95] [--min-language-items 10]

--dev defaults to both labelled sets, Tests/Fixtures/eval/detection-dev.tsv (60 items, EN/FR) and
detection-world.tsv (159 verbatim real items in six languages, with their URLs); give --dev once or more to score
other files (same columns: id, label, entities, lang, title, summary; more columns are ignored). Item ids must be
unique across the files.

As in production, the dev set's items go through the real parser and matcher: they are written into an RSS 2.0
feed (title and summary escaped as real feeds escape them: HTML in a summary arrives as &lt;p&gt;…), and
`vigie match --json --watchlist W FEED` prints one JSON object per match (item, watch, level, entities, terms,
fields, score, snippet).

Scoring, per item (labels in the TSV's header comment):
  alliance  correct when a match of watch "ai-alliance" is present;
  member    correct when a match of watch "members" names every listed entity (it may name more: they are shown);
  none      correct when there is no match at all.
An item with at least one match is a predicted positive. precision = correct positives / predicted positives (an
alert on a positive item that is wrong, e.g. missing an entity, counts against both), recall = correct positives /
positive items. Every miss and false alarm is listed.

The baseline is what keyword alert services do: a case-insensitive substring search, in the title and the raw
summary, of every name and alias of the reference lists (Tests/Fixtures/eval/members.tsv for watch "members",
naming the entities found; alliance-names.txt for watch "ai-alliance"), with no context, case or word rules.

Scores are given overall and for each language (the `lang` column); the goal (precision >= --precision-goal,
recall >= --recall-goal) holds overall and for every language with at least --min-language-items items.
Exit status 0 when Vigie meets it, 1 otherwise.
"""
import argparse, csv, json, os, re, subprocess, sys, tempfile
from xml.sax.saxutils import escape

FIXTURES = os.path.join('Tests', 'Fixtures', 'eval')


def read_dev(path):
    with open(path, encoding='utf-8') as f:
        lines = [line for line in f if not line.startswith('#')]
    rows = list(csv.DictReader(lines, delimiter='\t', quoting=csv.QUOTE_NONE))
    for row in rows:
        if 'entities' in row:
            row['entities'] = [e.strip() for e in row['entities'].split(',') if e.strip()]
    return rows


def write_feed(rows, path, title='Vigie detection dev set', description='Hand-labelled news items (EN/FR)',
               date=None):
    """The rows as an RSS 2.0 feed (id as guid, title, summary as description); `date(row)` gives an item's
    pubDate, or None for none."""
    items = []
    for row in rows:
        published = date(row) if date else None
        items.append(
            '    <item>\n'
            f'      <guid isPermaLink="false">{escape(row["id"])}</guid>\n'
            f'      <title>{escape(row["title"])}</title>\n'
            f'      <link>https://news.example.org/{escape(row["id"])}</link>\n'
            + (f'      <pubDate>{published}</pubDate>\n' if published else '')
            + f'      <description>{escape(row["summary"])}</description>\n'
            '    </item>\n')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n  <channel>\n'
                f'    <title>{escape(title)}</title>\n    <link>https://news.example.org/</link>\n'
                f'    <description>{escape(description)}</description>\n'
                + ''.join(items) + '  </channel>\n</rss>\n')


def run_vigie(vigie, watchlist, feed):
    cmd = [vigie, 'match', '--json', '--watchlist', watchlist, feed]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f'eval: `{" ".join(cmd)}` failed (exit {p.returncode}): {p.stderr.strip()}')
    matches = {}
    for line in p.stdout.splitlines():
        if line.strip():
            match = json.loads(line)
            matches.setdefault(match['item'], []).append(match)
    return matches, cmd


def reference_names():
    """Names and aliases per watch, from the reference lists."""
    members = []
    with open(os.path.join(FIXTURES, 'members.tsv'), encoding='utf-8') as f:
        lines = [line for line in f if not line.startswith('#')]
    for row in csv.DictReader(lines, delimiter='\t', quoting=csv.QUOTE_NONE):
        names = [row['name']] + [a.strip() for a in row['aliases'].split('|') if a.strip()]
        members.append((row['name'], names))
    alliance = []
    with open(os.path.join(FIXTURES, 'alliance-names.txt'), encoding='utf-8') as f:
        for line in f:
            if line.startswith('# ==== Confusables'):
                break
            if line.startswith('#') or not line.strip():
                continue
            line = re.sub(r'\s{2,}#.*$', '', line.rstrip('\n'))
            alliance += [name.strip() for name in line.split('|') if name.strip()]
    return alliance, members


def run_baseline(rows):
    alliance, members = reference_names()
    matches = {}
    for row in rows:
        text = (row['title'] + '\n' + row['summary']).lower()
        found = []
        if any(name.lower() in text for name in alliance):
            found.append({'watch': 'ai-alliance', 'entities': []})
        entities = [canonical for canonical, names in members if any(n.lower() in text for n in names)]
        if entities:
            found.append({'watch': 'members', 'entities': entities})
        if found:
            matches[row['id']] = found
    return matches


def score(rows, matches):
    correct, predicted, positives = 0, 0, 0
    misses, false_alarms, notes = [], [], []
    for row in rows:
        found = matches.get(row['id'], [])
        label = row['label']
        if found:
            predicted += 1
        describe = '; '.join(f'{m["watch"]}: {", ".join(m["entities"]) or "-"}'
                             + (f' (terms: {", ".join(m["terms"])})' if m.get('terms') else '') for m in found)
        if label == 'none':
            if found:
                false_alarms.append(f'{row["id"]} [none] {row["title"]!r} -> {describe}')
            continue
        positives += 1
        if label == 'alliance':
            ok = any(m['watch'] == 'ai-alliance' for m in found)
            why = 'no ai-alliance alert'
        else:
            named = set()
            for m in found:
                if m['watch'] == 'members':
                    named |= set(m['entities'])
            missing = [e for e in row['entities'] if e not in named]
            ok = any(m['watch'] == 'members' for m in found) and not missing
            why = 'no members alert' if not any(m['watch'] == 'members' for m in found) else \
                f'members alert without {", ".join(missing)}'
            extra = sorted(named - set(row['entities']))
            if ok and extra:
                notes.append(f'{row["id"]} also names {", ".join(extra)}')
        if ok:
            correct += 1
        else:
            misses.append(f'{row["id"]} [{label}{": " + ", ".join(row["entities"]) if row["entities"] else ""}] '
                          f'{row["title"]!r}: {why}' + (f' (got {describe})' if found else ''))
    precision = correct / predicted if predicted else 0.0
    recall = correct / positives if positives else 0.0
    return dict(correct=correct, predicted=predicted, positives=positives, precision=precision, recall=recall,
                misses=misses, false_alarms=false_alarms, notes=notes)


def table(results, rows):
    print('| detector | correct | alerted items | positives | precision | recall |')
    print('|---|---|---|---|---|---|')
    for name, r in results:
        print(f'| {name} | {r["correct"]} | {r["predicted"]} | {r["positives"]} | {r["precision"]:.3f} | '
              f'{r["recall"]:.3f} |')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--vigie', default='.build/release/vigie')
    parser.add_argument('--dev', action='append',
                        help='a labelled TSV (repeatable; default: detection-dev.tsv and detection-world.tsv)')
    parser.add_argument('--watchlist', default=os.path.join('Config', 'watchlists', 'ai-alliance.toml'))
    parser.add_argument('--feed', help='keep the generated RSS feed at this path')
    parser.add_argument('--precision-goal', type=float, default=0.97)
    parser.add_argument('--recall-goal', type=float, default=0.95)
    parser.add_argument('--min-language-items', type=int, default=10)
    args = parser.parse_args()

    paths = args.dev or [os.path.join(FIXTURES, 'detection-dev.tsv'), os.path.join(FIXTURES, 'detection-world.tsv')]
    rows = []
    for path in paths:
        rows += read_dev(path)
    ids = [r['id'] for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        sys.exit(f'eval: item ids used twice across {", ".join(paths)}: {", ".join(duplicates)}')
    with tempfile.TemporaryDirectory() as tmp:
        feed = args.feed or os.path.join(tmp, 'detection-dev.xml')
        write_feed(rows, feed)
        ours, cmd = run_vigie(args.vigie, args.watchlist, feed)
    baseline = run_baseline(rows)
    names = ('Vigie (`vigie match`, default watchlist)', 'naive baseline (substring search of every name and alias)')
    results = [(names[0], score(rows, ours)), (names[1], score(rows, baseline))]

    labels = {label: sum(1 for r in rows if r['label'] == label) for label in ('alliance', 'member', 'none')}
    print(f'Dev sets: {len(rows)} items ({labels["alliance"]} alliance, {labels["member"]} member, '
          f'{labels["none"]} none): {", ".join(paths)}')
    print(f'Command: {" ".join(cmd[:-1])} <feed of the dev sets>\n')
    print('Overall:\n')
    table(results, rows)

    failures = []
    ours_result = results[0][1]
    if ours_result['precision'] < args.precision_goal or ours_result['recall'] < args.recall_goal:
        failures.append('overall')
    languages = sorted({r['lang'] or '?' for r in rows}, key=lambda l: (-sum(1 for r in rows if (r['lang'] or '?') == l), l))
    print('\nPer language (Vigie | naive baseline):\n')
    print('| lang | items | positives | precision | recall | baseline precision | baseline recall |')
    print('|---|---|---|---|---|---|---|')
    for lang in languages:
        subset = [r for r in rows if (r['lang'] or '?') == lang]
        mine, naive = score(subset, ours), score(subset, baseline)
        counted = len(subset) >= args.min_language_items
        print(f'| {lang} | {len(subset)} | {mine["positives"]} | {mine["precision"]:.3f} | {mine["recall"]:.3f} | '
              f'{naive["precision"]:.3f} | {naive["recall"]:.3f} |' + ('' if counted else ' (too few for the goal)'))
        if counted and (mine['precision'] < args.precision_goal or mine['recall'] < args.recall_goal):
            failures.append(lang)

    for name, r in results:
        print(f'\n{name}: {len(r["misses"])} misses, {len(r["false_alarms"])} false alarms')
        for line in r['misses']:
            print(f'  miss: {line}')
        for line in r['false_alarms']:
            print(f'  false alarm: {line}')
        for line in r['notes']:
            print(f'  note: {line}')
    goal = (f'precision at least {args.precision_goal} and recall at least {args.recall_goal}, overall and for '
            f'every language with at least {args.min_language_items} items')
    if failures:
        print(f'\nGoal not met ({goal}): {", ".join(failures)}.')
        return 1
    print(f'\nGoal met: {goal}.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
