#!/usr/bin/env python3
"""Sweep the feed corpus through `vigie parse --json` and compare with other parsers' judgements (stdlib only).

Usage: python3 Tools/corpus-check.py --vigie .build/release/vigie --corpus ../shared/corpus [--report F] [--jobs N]

a. Robustness: `vigie parse FILE --json` (a copy of the binary, 10 s timeout, N at a time) on every feed file: .xml
   .rss .atom .rdf and gofeed's JSON Feed inputs, not expected outputs nor LICENSE/SOURCE files; gzip files are
   decompressed first. Crash = signal or exit status not 0/65/66; hang = timeout; bad output = exit 0, no JSON.
b. Expected outputs (gofeed's X.json beside X.xml or X_expected.json beside a JSON Feed X.json; feed-rs's
   X.serde.json beside X.xml): item count, then if it agrees each item's title (whitespace collapsed; theirs also
   tag-stripped by regex and html.unescape'd, as they may keep HTML) and link (whitespace removed). A feed agrees
   when all of these do; the goal is >= 95 % of the feeds.
c. feedparser's suite (feedparser/tests/**): each `Expect:` expression is evaluated against a feedparser-like result
   built from our JSON (build_result) in a namespace that raises NotModelled for keys we lack (links, enclosures,
   encoding, headers, raw date strings...): such cases, those whose expected strings are only markup and those
   needing HTTP headers other than Content-type/-Location are "not modelled". feedparser keeps sanitised HTML where we give plain text, so our text also equals an expected string
   that matches once tag-stripped, entity-decoded and whitespace-collapsed ("loose" passes, counted apart). False
   SkipUnless: skipped. `Header: Content-type: ...charset=X` gives --charset X; http tests get as --base-url the URL
   feedparser's harness serves them at (joined with Content-Location). bozo = warnings printed or exit 65.
Exit 1 on any crash, hang or bad output, or when (b) agrees on fewer than 95 % of feeds. A summary goes to stdout,
the details, grouped by kind, to the markdown report (default corpus-report.md).
"""
import argparse, ast, builtins, collections, concurrent.futures as cf, datetime, gzip, html, json, os, re
import shutil, subprocess, sys, tempfile, time, urllib.parse

TIMEOUT, GOAL, FP = 10, 95.0, 'feedparser/tests/'
TAG_RE = re.compile(r'<[^>]*>')
PROBLEMS = ('crash', 'hang', 'bad-output')


def norm(s):
    return ' '.join((s or '').split())


def plain_variants(s):
    """Readings of a string that may hold HTML: as is, tags stripped then entities decoded, and the reverse."""
    s = s or ''
    return {norm(s), norm(html.unescape(TAG_RE.sub('', s))), norm(html.unescape(TAG_RE.sub(' ', s))),
            norm(TAG_RE.sub('', html.unescape(s)))}


def clip(v, n=110):
    s = v if isinstance(v, str) else repr(v)
    return (s[:n] + '…' if len(s) > n else s).replace('|', '\\|').replace('\n', '\\n')


def by_size(groups):
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


# ---------------------------------------------------------------- discovery and running

def discover(corpus):
    """Feed inputs (paths relative to the corpus) and (input, expected output, source) pairs."""
    inputs, pairs = [], []
    exists = lambda rel: os.path.exists(os.path.join(corpus, rel))
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(root, name), corpus)
            stem, ext = os.path.splitext(rel)
            if ext in ('.xml', '.rss', '.atom', '.rdf'):
                inputs.append(rel)
            elif ext == '.json' and rel.startswith('gofeed/'):
                if exists(stem + '.xml'):
                    pairs.append((stem + '.xml', rel, 'gofeed'))
                elif stem.endswith('_expected'):
                    pairs.append((stem[:-len('_expected')] + '.json', rel, 'gofeed'))
                else:
                    inputs.append(rel)  # a JSON Feed input
            elif ext == '.json' and rel.startswith('feed-rs/'):
                base = stem[:-len('.serde')] if stem.endswith('.serde') else stem
                if exists(base + '.xml'):
                    pairs.append((base + '.xml', rel, 'feed-rs'))
    return inputs, pairs


def run_one(vigie, corpus, tmp, rel, extra):
    path = os.path.join(corpus, rel)
    with open(path, 'rb') as f:
        if f.read(2) == b'\x1f\x8b':  # gzip: parse the decompressed bytes
            path = os.path.join(tmp, rel.replace('/', '__'))
            with gzip.open(os.path.join(corpus, rel)) as src, open(path, 'wb') as dst:
                shutil.copyfileobj(src, dst)
    start = time.perf_counter()
    try:
        p = subprocess.run([vigie, 'parse', path, '--json', *extra], capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return dict(status='hang', rc=None, out=None, err='', secs=TIMEOUT)
    secs, out, status = time.perf_counter() - start, None, 'ok'
    err = [line.strip() for line in p.stderr.decode('utf-8', 'replace').splitlines() if line.strip()]
    err = err[0].split(': ', 2)[-1] if p.returncode == 65 and err else ' / '.join(err[:3])  # drop "vigie: PATH: "
    if p.returncode == 0:
        try:
            out = json.loads(p.stdout)
        except ValueError:
            pass
        status = 'ok' if isinstance(out, dict) else 'bad-output'
    elif p.returncode not in (65, 66):
        status = 'crash'
    return dict(status=status, rc=p.returncode, out=out, err=err, secs=secs)


# ---------------------------------------------------------------- (b) expected outputs

def their_items(source, data):
    """[(title, link)] from a gofeed or feed-rs expected output (link: the first alternate one)."""
    def alt_link(links):
        for link in links or []:
            if isinstance(link, str) or link.get('rel') in (None, '', 'alternate'):
                return link if isinstance(link, str) else link.get('href') or ''
        return ''
    if source == 'feed-rs':
        return [((e.get('title') or {}).get('content') or '', alt_link(e.get('links')))
                for e in data.get('entries') or []]
    items = data.get('items') if 'items' in data else data.get('entries')
    return [(it.get('title') or '', it.get('link') or it.get('url') or alt_link(it.get('links')))
            for it in items or []]


def kind_of(field, ours, theirs):
    if not norm(ours) or not norm(theirs):
        return f'{field}: empty in {"ours" if not norm(ours) else "theirs"}'
    if field == 'title':
        if ''.join(ours.split()) == ''.join(theirs.split()):
            return 'title: whitespace only'
        return 'title: markup / entities' if re.search('[<&]', ours + theirs) else 'title: different text'
    if not urllib.parse.urlsplit(theirs).scheme and urllib.parse.urlsplit(ours).scheme:
        return 'link: relative in theirs, resolved in ours'
    same = ours.rstrip('/').lower() == theirs.rstrip('/').lower()
    return 'link: case / trailing slash' if same else 'link: different URL'


def compare_expected(corpus, pairs, results):
    agree, diffs = 0, collections.defaultdict(list)  # kind -> [(file, field, ours, theirs)]
    for feed, expected, source in pairs:
        with open(os.path.join(corpus, expected), 'rb') as f:
            theirs = their_items(source, json.loads(f.read().decode('utf-8-sig')))
        r, found = results.get((feed, '')), []
        if r is None or r['out'] is None:
            why = 'no such input' if r is None else f"exit {r['rc']} ({r['status']}): {r['err'][:80]}"
            found.append(('not parsed by us', 'feed', why, f'{len(theirs)} items'))
        elif len(r['out']['items']) != len(theirs):
            found.append(('item count', 'items', len(r['out']['items']), len(theirs)))
        else:
            for i, (it, (tt, tl)) in enumerate(zip(r['out']['items'], theirs)):
                ot, ol = it.get('title') or '', it.get('link') or ''
                if plain_variants(ot).isdisjoint(plain_variants(tt)):
                    found.append((kind_of('title', ot, tt), f'items[{i}].title', ot, tt))
                if ''.join(ol.split()) != ''.join(tl.split()):
                    found.append((kind_of('link', ol, tl), f'items[{i}].link', ol, tl))
        agree += not found
        for kind, field, o, t in found:
            diffs[f'{source} / {kind}'].append((feed, field, o, t))
    return agree, diffs


# ---------------------------------------------------------------- (c) feedparser conformance

class NotModelled(Exception):
    """The expectation reads a key that Vigie's model does not have."""


LOOSE = []  # filled when a comparison passed only after stripping markup / collapsing whitespace


class Text(str):
    """Our plain text: equal to a feedparser string also when that string, tag-stripped, matches."""
    def __eq__(self, other):
        if not isinstance(other, str):
            return NotImplemented
        if str.__eq__(self, other):
            return True
        loose = norm(self) in plain_variants(other)
        LOOSE.extend([other] * loose)
        return loose

    def __ne__(self, other):
        return NotImplemented if not isinstance(other, str) else not self.__eq__(other)

    def __contains__(self, sub):
        return str.__contains__(self, sub) or any(v and str.__contains__(self, v) for v in plain_variants(sub))

    __hash__ = str.__hash__


class Node(dict):
    """A feedparser-like dict: keys we do not model raise NotModelled, modelled but absent keys KeyError."""
    MODELLED, ALIASES, LEVEL = frozenset(), {}, ''

    def _key(self, key):
        key = self.ALIASES.get(key, key)
        if key not in self.MODELLED:
            raise NotModelled(f'{self.LEVEL}{key}')
        return key

    def __getitem__(self, key):
        return dict.__getitem__(self, self._key(key))

    def __contains__(self, key):
        return dict.__contains__(self, self._key(key))

    def get(self, key, default=None):
        return dict.get(self, self._key(key), default)

    def __getattr__(self, key):  # feedparser also allows entries[0].title
        if key.startswith('__'):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


SAFE_BUILTINS = {k: getattr(builtins, k) for k in (
    'len', 'isinstance', 'str', 'int', 'float', 'bool', 'tuple', 'list', 'dict', 'set', 'repr', 'abs', 'min',
    'max', 'sorted', 'any', 'all', 'ord', 'chr', 'locals', 'True', 'False', 'None')}
GLOBALS = {'__builtins__': SAFE_BUILTINS, 'datetime': datetime, 'time': time}


class Root(Node):
    MODELLED, ALIASES = frozenset({'bozo', 'feed', 'entries', 'version'}), {'channel': 'feed', 'items': 'entries'}

    def __getitem__(self, key):
        if key in GLOBALS or key in SAFE_BUILTINS:
            raise KeyError(key)  # eval then finds it in the globals / builtins
        return Node.__getitem__(self, key)


def level(name, prefix, modelled, **aliases):
    """A Node class for one level of feedparser's result: the keys it models and feedparser's aliases."""
    return type(name, (Node,), dict(MODELLED=frozenset(modelled.split()), ALIASES=aliases, LEVEL=prefix))


DATES = dict(modified_parsed='updated_parsed', date_parsed='updated_parsed')
FeedNode = level('FeedNode', 'feed.', 'title title_detail link language updated_parsed', **DATES,
                 description='subtitle', tagline='subtitle')
EntryNode = level('EntryNode', 'entries[].', 'title title_detail link id summary summary_detail content author '
                  'published_parsed updated_parsed tags category', **DATES, guid='id', description='summary',
                  description_detail='summary_detail', issued_parsed='published_parsed')
ContentNode = level('ContentNode', 'content[].', 'value')  # also the *_detail dicts: we only have their value
TagNode = level('TagNode', 'tags[].', 'term')


def build_result(out, bozo):
    """A feedparser-like result from our JSON. Null values are absent keys, as in feedparser; the entry summary
    falls back to the content, as feedparser's does; dates become UTC time.struct_time."""
    def node(cls, **kw):
        return cls({k: v for k, v in kw.items() if v is not None})
    text = lambda s: None if s is None else Text(s)
    detail = lambda s: None if s is None else ContentNode(value=Text(s))
    when = lambda s: datetime.datetime.fromisoformat(s.replace('Z', '+00:00')).utctimetuple() if s else None
    entries = []
    for it in out.get('items') or []:
        tags = [TagNode(term=Text(c)) for c in it.get('categories') or []]
        summary = it['summary'] if it.get('summary') is not None else it.get('content')
        entries.append(node(
            EntryNode, title=text(it.get('title')), title_detail=detail(it.get('title')), link=it.get('link'),
            id=it.get('id'), summary=text(summary), summary_detail=detail(summary),
            content=None if it.get('content') is None else [detail(it['content'])],
            published_parsed=when(it.get('published')), updated_parsed=when(it.get('updated')),
            author=text((it.get('authors') or [None])[0]), tags=tags or None, category=tags[0].term if tags else None))
    feed = node(FeedNode, title=text(out.get('title')), title_detail=detail(out.get('title')), link=out.get('link'),
                language=out.get('language'), updated_parsed=when(out.get('updated')))
    return Root(bozo=bozo, feed=feed, entries=entries, version=out.get('format') or '')


def read_case(path):
    """(expect, skip_unless, headers) of a feedparser test file, decoded after BOM sniffing as its harness does."""
    with open(path, 'rb') as f:
        data = f.read()
    for prefix, enc, skip in ((b'\x00\x00\xfe\xff', 'utf-32be', 0), (b'\xff\xfe\x00\x00', 'utf-32le', 0),
                              (b'\x00\x00\x00\x3c', 'utf-32be', 0), (b'\x3c\x00\x00\x00', 'utf-32le', 0),
                              (b'\x00\x3c\x00\x3f', 'utf-16be', 0), (b'\x3c\x00\x3f\x00', 'utf-16le', 0),
                              (b'\xfe\xff', 'utf-16be', 2), (b'\xff\xfe', 'utf-16le', 2), (b'\xef\xbb\xbf', 'utf-8', 3)):
        if data.startswith(prefix):
            text = data[skip:].decode(enc, 'ignore')
            break
    else:
        text = data.decode('utf-8', 'ignore')
    m = re.search(r'Description:\s*(.*?)\s*Expect:\s*(.*)\s*-->', text)
    s = re.search(r'SkipUnless:\s*(.*?)\n', text)
    headers = {k.strip().lower(): v.strip() for k, v in re.findall(r'^Header:\s+([^:]+):(.*)$', text, re.M)}
    return (m.group(2).strip() if m else None), (s.group(1).strip() if s else None), headers


def http_args(rel, headers):
    charset = re.search(r'charset\s*=\s*["\']?([^"\';\s]+)', headers.get('content-type', ''))
    url = urllib.parse.urljoin('http://127.0.0.1:8097/tests/' + rel[len(FP):], headers.get('content-location', ''))
    return (('--charset', charset.group(1)) if charset else ()) + ('--base-url', url)


def evaluate(node, ns):
    return eval(compile(ast.Expression(body=node), '<expect>', 'eval'), GLOBALS, ns)


def unmodelled_key(tree):
    """The first key the expectation reads that we do not model: each lookup in it is evaluated against a result
    where every modelled key is present, so that no branch is cut short by our own values."""
    full = dict(title='', link='', id='', summary='', content='', published='1970-01-01T00:00:00Z', authors=[''])
    full.update(updated=full['published'], categories=[''] * 9)
    for bozo in (False, True):
        ns = build_result(dict(full, language='', format='', items=[full] * 9), bozo)
        for n in ast.walk(tree):
            if isinstance(n, (ast.Subscript, ast.Attribute, ast.Compare, ast.Call, ast.Name)):
                try:
                    evaluate(n, ns)
                except NotModelled as e:
                    return str(e)
                except Exception:
                    pass
    return None


def markup_only(tree):
    """True when every string the expectation compares with is markup with no text in it."""
    consts = [c.value for n in ast.walk(tree) if isinstance(n, ast.Compare)
              for c in [n.left, *n.comparators] if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return bool(consts) and all('<' in c and not min(plain_variants(c), key=len) for c in consts)


def explain(tree, ns):
    """(category, ours, expected) from the first false clause of a failing expectation."""
    def value(node):
        try:
            v = evaluate(node, ns)
            return tuple(v) if isinstance(v, time.struct_time) else v
        except Exception as e:
            return f'{type(e).__name__}: {e}'
    field = lambda n: re.sub(r'\[\d+\]', '[]', ast.unparse(n)).replace("['", '.').replace("']", '').lstrip('.')
    for c in tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) else [tree]:
        try:
            if evaluate(c, ns):
                continue
            what = 'value differs'
        except Exception as e:
            absent = isinstance(e, (LookupError, AttributeError))
            what = f'{type(e).__name__}{" (absent in ours)" * absent}'
        src, compare = ast.unparse(c), isinstance(c, ast.Compare)
        if src == 'not bozo':
            return 'bozo: we warned on a well-formed feed', 'bozo', src
        if src == 'bozo':
            return 'bozo: we did not flag an ill-formed feed', 'not bozo', src
        lhs = c.left if compare else c
        return f'{field(lhs)}: {what}', value(lhs), value(c.comparators[-1]) if compare else True
    return 'expression false as a whole', False, True


def conformance(corpus, results):
    cases = []
    for (rel, key), r in sorted(results.items()):
        if not rel.startswith(FP) or (key == '' and (rel, 'http') in results):
            continue
        expect, skip, headers = read_case(os.path.join(corpus, rel))
        unpassed = sorted(set(headers) - {'content-type', 'content-location'})  # vigie parse takes no others
        case = dict(path=rel[len(FP):], folder=os.path.dirname(rel[len(FP):]), expect=expect, r=r)
        cases.append(case)
        if expect is None:
            case.update(outcome='fail', category='no Expect: comment found', ours='', theirs='')
            continue
        try:
            skipped = skip is not None and not eval(skip)
        except Exception:
            skipped = True
        tree = None if skipped else ast.parse(expect, mode='eval').body
        unknown = None if skipped else unmodelled_key(tree) or (markup_only(tree) and 'markup-only expected strings') \
            or (unpassed and f'HTTP header {unpassed[0]}')
        if skipped or unknown:
            case.update(outcome='skipped' if skipped else 'not-modelled', category=unknown)
            continue
        ns = build_result(r['out'] or {}, r['rc'] == 65 or bool((r['out'] or {}).get('warnings')))
        del LOOSE[:]
        try:
            ok = bool(evaluate(tree, ns))
        except Exception:
            ok = False
        if ok:
            case.update(outcome='pass', loose=bool(LOOSE))
        else:
            case.update(zip(('category', 'ours', 'theirs'), explain(tree, ns)), outcome='fail')
    return cases


# ---------------------------------------------------------------- report and main

def report(path, head, results, pairs, agree, diffs, cases):
    by_status = collections.defaultdict(list)
    for (rel, key), r in sorted(results.items()):
        by_status[r['status']].append((rel, key, r))
    out = [head, '## a. Crashes and hangs\n', 'Exit statuses: '
           f'{dict(collections.Counter(str(r["rc"]) for r in results.values()))}. '
           + ', '.join(f'{s}: {len(by_status[s])}' for s in PROBLEMS) + '.\n']
    out += [f'- {s}: `{rel}` {"(with http args) " if key else ""}exit {r["rc"]}: {clip(r["err"], 200)}'
            for s in PROBLEMS for rel, key, r in by_status[s]]
    out += [f'- exit 66 on an existing file: `{rel}`' for rel, _, r in by_status['ok'] if r['rc'] == 66]
    slow = sorted(results.items(), key=lambda kv: -kv[1]['secs'])[:5]
    out += ['\nSlowest: ' + ', '.join(f'`{rel}` {r["secs"]:.2f} s' for (rel, _), r in slow) + '\n',
            '## b. Expected outputs (gofeed, feed-rs)\n',
            f'{agree}/{len(pairs)} feeds agree on item count, item titles and links: '
            f'**{100.0 * agree / max(len(pairs), 1):.1f} %** (goal >= {GOAL:.0f} %). Titles match when equal after '
            'collapsing whitespace, also with theirs tag-stripped and entity-decoded; titles and links are compared '
            'only when the item counts agree.\n'] + [f'- {kind}: {len(v)}' for kind, v in by_size(diffs)]
    for kind, rows in by_size(diffs):
        out += [f'\n### {kind} ({len(rows)})\n', '| file | field | ours | theirs |', '|---|---|---|---|']
        out += [f'| `{f}` | {fld} | {clip(o)} | {clip(t)} |' for f, fld, o, t in rows]
    n = collections.Counter(c['outcome'] for c in cases)
    out += ['\n## c. feedparser conformance suite\n',
            f'{len(cases)} cases: {n["pass"]} pass ({sum(1 for c in cases if c.get("loose"))} of them only once the '
            'expected string was tag-stripped and whitespace-collapsed: we give plain text where feedparser keeps '
            f'sanitised HTML), {n["fail"]} fail, {n["not-modelled"]} not modelled, {n["skipped"]} skipped. Pass rate '
            f'over modelled cases: **{100.0 * n["pass"] / max(n["pass"] + n["fail"], 1):.1f} %**. bozo = we printed '
            'warnings or exited 65.\n', '| folder | pass | fail | not modelled | skipped | pass rate |',
            '|---|---|---|---|---|---|']
    folders, fails = collections.defaultdict(collections.Counter), collections.defaultdict(list)
    for c in cases:
        folders[c['folder']][c['outcome']] += 1
        if c['outcome'] == 'fail':
            fails[c['category']].append(c)
    for folder, k in sorted(folders.items()):
        rate = f'{100.0 * k["pass"] / (k["pass"] + k["fail"]):.0f} %' if k['pass'] + k['fail'] else '-'
        out.append(f'| {folder} | {k["pass"]} | {k["fail"]} | {k["not-modelled"]} | {k["skipped"]} | {rate} |')
    out += ['\n### Failures by category\n'] + [f'- {k}: {len(v)}' for k, v in by_size(fails)]
    for cat, rows in by_size(fails):
        out += [f'\n#### {cat} ({len(rows)})\n', '| file | expect | ours | expected | our warnings / error |',
                '|---|---|---|---|---|']
        out += [f'| `{c["path"]}` | `{clip(c["expect"], 90)}` | {clip(c["ours"])} | {clip(c["theirs"])} | '
                f'{clip("; ".join((c["r"]["out"] or {}).get("warnings") or [c["r"]["err"]]), 90)} |' for c in rows]
    nm = collections.Counter(c['category'] for c in cases if c['outcome'] == 'not-modelled')
    out += ['\n### Not modelled (first unmodelled key the expectation reads)\n']
    out += [f'- {k}: {v}' for k, v in nm.most_common()]
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')
    return by_status, n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--vigie', required=True, help='the vigie binary (a release build is faster)')
    ap.add_argument('--corpus', required=True, help='the corpus folder (shared/corpus)')
    ap.add_argument('--report', default='corpus-report.md', help='markdown report (default: %(default)s)')
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2, help='parallel runs (default: nproc)')
    args = ap.parse_args()
    vigie, corpus = os.path.abspath(args.vigie), os.path.abspath(args.corpus)
    inputs, pairs = discover(corpus)
    jobs = {(rel, ''): () for rel in inputs}
    jobs.update({(rel, 'http'): http_args(rel, read_case(os.path.join(corpus, rel))[2]) for rel in inputs
                 if rel.startswith(FP) and 'http' in rel[len(FP):]})  # as feedparser's harness decides
    start, results = time.perf_counter(), {}
    with tempfile.TemporaryDirectory() as tmp, cf.ThreadPoolExecutor(args.jobs) as pool:
        binary = shutil.copy2(vigie, os.path.join(tmp, 'vigie'))
        futures = {pool.submit(run_one, binary, corpus, tmp, job[0], extra): job for job, extra in jobs.items()}
        for fut in cf.as_completed(futures):
            results[futures[fut]] = fut.result()
    elapsed = time.perf_counter() - start
    agree, diffs = compare_expected(corpus, pairs, results)
    cases = conformance(corpus, results)
    head = (f'# Corpus check\n\n`{" ".join(sys.argv)}`: {len(results)} runs of `{vigie}` over {len(inputs)} files '
            f'in {elapsed:.0f} s ({args.jobs} workers, {TIMEOUT} s timeout).\n')
    by_status, n = report(args.report, head, results, pairs, agree, diffs, cases)
    bad = [(s, rel) for s in PROBLEMS for rel, _, _ in by_status[s]]
    rate, modelled = 100.0 * agree / max(len(pairs), 1), n['pass'] + n['fail']
    print(f'corpus-check: {len(results)} runs over {len(inputs)} files in {elapsed:.0f} s')
    print('  ' + ', '.join(f'{s}: {len(by_status[s])}' for s in PROBLEMS)
          + ''.join(f'\n    {s}: {rel}' for s, rel in bad[:10]) + ('\n    ...' if len(bad) > 10 else ''))
    print(f'  expected outputs: {agree}/{len(pairs)} feeds agree ({rate:.1f} %, goal >= {GOAL:.0f} %)')
    print(f'  feedparser suite: {n["pass"]}/{modelled} modelled cases pass ({100.0 * n["pass"] / max(modelled, 1):.1f}'
          f' %); {n["not-modelled"]} not modelled, {n["skipped"]} skipped')
    print(f'  details: {args.report}')
    return 1 if bad or rate < GOAL else 0


if __name__ == '__main__':
    sys.exit(main())
