#!/usr/bin/env python3
"""Scripted HTTP/1.1 fixture server for Vigie's fetcher tests and fetch benchmark (issue 3).

Python 3 standard library only: asyncio streams on raw sockets, so every endpoint can misbehave precisely
(trickle, hang, lie about lengths, reset the connection). Binds to loopback only.

USAGE
    python3 Tests/Support/fixture_server.py [--host 127.0.0.1] [--port 0]
                                            [--tls-port 0 [--cert C --key K]] [--root DIR] [--site DIR]
                                            [--verbose] [--ignore-stdin] [--lifetime S] [--idle-timeout S]

    --port 0 / --tls-port 0 pick free ports. TLS is on only when --tls-port is given; --cert/--key default to the
    committed TEST-ONLY self-signed pair Tests/Fixtures/http/selfsigned.pem/.key (CN localhost, SAN localhost and
    127.0.0.1). The TLS port serves exactly the same endpoints, over HTTP/1.1 (ALPN offers http/1.1 only).

START-UP CONTRACT (what a test harness relies on)
    * Once both listeners are bound, ONE line of JSON goes to stdout, then stdout is flushed:
          {"http": 41235, "https": 41236, "pid": 1234}
      "https" is null when TLS is off. Nothing else is ever written to stdout.
    * The server exits (status 0) when its standard input reaches EOF -- so a test process that dies, and with it
      the write end of the pipe, never leaves the server behind -- or on SIGTERM / SIGINT, or after --lifetime
      seconds if given. Give it a pipe as stdin and keep the write end open while you use it: started with stdin
      on /dev/null it exits at once. --ignore-stdin turns the rule off (e.g. `python3 fixture_server.py
      --ignore-stdin &` from a shell script; stop it with kill).
    * Per-request logging goes to stderr, and only with --verbose. Unexpected server bugs always print a traceback
      to stderr.
    From Swift: Process with standardInput = Pipe() (keep the Pipe alive), standardOutput = Pipe(); read one line
    from stdout, decode {"http": Int, "https": Int?, "pid": Int}; to stop, close the stdin pipe's write end (or
    process.terminate()) and wait.

CONNECTIONS
    HTTP/1.1 keep-alive (and HTTP/1.0 with Connection: keep-alive); pipelined requests are answered in order. An
    idle connection is closed after --idle-timeout seconds (default 60). Well-behaved endpoints keep the
    connection open; every misbehaving endpoint closes it after misbehaving. Listen backlog 4096; the soft
    RLIMIT_NOFILE is raised to the hard limit at start-up, so 1,000+ concurrent connections are fine. Request
    bodies (Content-Length or chunked) are read and ignored. HEAD gets the headers of GET without the body.
    Every request answers with Date and "Server: vigie-fixture".

ENDPOINTS  (query parameters are optional unless stated; numbers are bounded, a bad value gives 400)
  Feeds and conditional GET
    /feed?id=X            RSS 2.0 feed: channel title "Feed X", 3 items (title, link, guid isPermaLink="false",
                          pubDate, description), UTF-8 with one non-ASCII character ("café" in the channel
                          description). id defaults to "1". Headers: ETag "X-v1" (X percent-encoded if needed),
                          Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT, Content-Type application/rss+xml;
                          charset=utf-8. Conditional requests as RFC 9110 orders them: when If-None-Match is present
                          it alone decides (weak comparison, lists and * accepted) -> 304; otherwise
                          If-Modified-Since >= Last-Modified -> 304. A 304 carries ETag/Last-Modified and no body.
                            etag=0      no ETag (so If-None-Match never matches: send If-Modified-Since only)
                            lastmod=0   no Last-Modified (If-Modified-Since ignored)
                            ct=TYPE     Content-Type to send instead of the default
                            items=N     N items (0..100000); the ETag becomes "X-v1-nN" when N != 3
                            v=N         version N of the feed (default 1): ETag "X-vN", Last-Modified N-1 days later,
                                        different channel description -- a feed that "changed"
    /delay?ms=50&id=N     waits ms milliseconds (0..600000, default 50), then exactly /feed semantics (all the /feed
                          parameters, 304 included). The benchmark's 1,000 feeds.
    /news?id=X&items=20   a realistic news feed (the whole-cycle benchmark, Tools/bench-cycle.py): RSS 2.0 with the
                          content, dc and atom namespaces, `items` items (default 20, 0..100000) newest first, each
                          with a unique link (guid isPermaLink), pubDate, dc:creator, categories and 1.3-4.2 KB of
                          HTML, 2.8 KB on average (figure, links with utm_ parameters, lists, quotes, entities); by a
                          hash of the id the HTML is escaped in <description>, in CDATA, or in content:encoded
                          beside a plain summary.
                          Item texts come from a fixed pool of 64 articles (seeded generator, same bytes every run),
                          picked by a hash of (id, item number): 2 in 64 are about the AI Alliance (IBM and Meta, in
                          an AI context: the default watchlist's ai-alliance and members watches fire), 2 in 64 about
                          IBM's language models (members fires), 1 in 64 about IBM's dividend (IBM without an AI
                          context: nothing fires). About 70 KB for 20 items, 3.5 MB for 1000. ETag
                          "news-X-vN-nITEMS", Last-Modified and 304s as /feed (etag=0, lastmod=0 too);
                            v=N         version N: the 5(N-1) oldest items dropped, 5(N-1) new ones on top, new ETag
                            ms=M        wait M milliseconds first (0..600000, default 0)

  Content-Encoding (all serve the same document: Tests/Fixtures/http/feed.xml, i.e. /feed?id=compressed)
    /gzip /deflate /br /zstd
                          the document compressed with that coding when the request's Accept-Encoding accepts it
                          (q > 0, by name or by *; x-gzip counts as gzip). Otherwise -- including no Accept-Encoding
                          header at all -- the identity document with no Content-Encoding, like a normal server.
                          Always "Vary: Accept-Encoding". force=1 sends the coding regardless of Accept-Encoding.
                          ETag "compressed-v1-<coding>" (or "compressed-v1" for identity), Last-Modified as /feed,
                          conditional requests honoured. gzip/deflate are made by zlib at start-up (deflate is the
                          zlib wrapper of RFC 9110; /deflate?raw=1 sends raw RFC 1951 data, as some broken servers
                          do); br/zstd are the committed files feed.xml.br / feed.xml.zst. /_stats counts which
                          coding each 200 went out with ("encodings").
    /gzip-bomb?mb=N       gzip of N MiB of zeros (default 100, at most 102400), compressed on the fly by zlib (level
                          9, ~1:1000) and streamed chunked, ~100 KiB on the wire per 100 MiB. Content-Encoding: gzip
                          is sent whatever the Accept-Encoding (a hostile server does not ask). Stops when the client
                          goes away.
    /br-bomb              committed bomb-100MiB.br: 100 MiB of zeros as brotli, Content-Length, Content-Encoding: br,
                          whatever the Accept-Encoding.
    /zstd-bomb            committed bomb-100MiB.zst: the same as zstd.

  Redirects (Location is a path on this server unless stated; the query string of the request is carried to
  the next hop, so /redirect/3?id=z ends at /feed?id=z; abs=1 makes Location absolute from the Host header)
    /redirect/N           a chain of N 302s: /redirect/N -> /redirect/N-1 -> ... -> /redirect/1 -> /feed
                          (N 0..1000; /redirect/0 serves /feed directly)
    /permanent            301 -> /feed
    /permanent308         308 -> /feed
    /temporary307         307 -> /feed
    /redirect-to?url=U&status=S
                          S (300..399, default 302) with Location: U verbatim -- file:///etc/passwd, ftp://...,
                          gopher://..., dict://..., another port... (url is required)
    /redirect-loop        302 -> /redirect-loop, forever

  Status codes
    /status/N             status N (200..599) with a short text/plain body ("N Reason"); no body for 204 and 304
    /retry-after?status=429&seconds=120
    /retry-after?status=503&date=1
                          status (default 503) with Retry-After: seconds (default 120), or with date=1 an HTTP-date
                          in=7200 seconds after the request (computed at request time)

  Slow and stuck servers (all bounded in time; each closes the connection at the end)
    /hang?max=600         reads the request and never answers; holds the socket open until the client closes it or
                          max seconds have passed
    /trickle?interval=1.0&bytes=1&length=1000
                          headers at once with Content-Length: length, then `bytes` bytes of a valid padded RSS
                          document every `interval` seconds (interval >= 0.001) until length bytes are sent
    /slow-headers?interval=10
                          the response head (status line included) one byte every interval seconds, then a feed
    /headers-never-end?interval=0.01&max=600
                          a status line, then "X-Filler-N: ..." header lines, one per interval, never the blank
                          line; stops (closing) when the client goes away or after max seconds
    /many-headers?n=10000 n extra header lines (X-Many-i: value-i, n <= 1000000) then the /feed?id=many body

  Bodies that are too big or broken (each closes the connection at the end, except /big)
    /big?mb=N             N MiB (default 20, fractions allowed, at most 4096; or bytes=B exactly) with
                          Content-Length: a valid XML document padded with spaces inside a comment
    /endless?max=300      chunked body that never ends (64 KiB chunks of RSS items as fast as the client reads)
                          until the client goes away or max seconds have passed; no final chunk
    /huge-length          Content-Length: 5000000000, then the small feed body, then close
    /lie-length?mode=short|long
                          short (default): Content-Length is 1000 bytes more than the body sent, then close
                          (a truncated transfer); long: Content-Length is half the body, and the whole body is sent
                          (excess bytes after the declared body), then close
    /reset                Content-Length 2000, 1000 bytes of body, then a TCP reset (SO_LINGER 0, abort)
    /bad-chunked          Transfer-Encoding: chunked, one valid chunk, then an invalid chunk-size line, then close

  Files
    /files/NAME           the file NAME of the --root folder, read at each request (so a test can add items), ETag
                          from size and mtime, Last-Modified from mtime, 304 on a match; 404 when missing or when
                          --root is not given. NAME may not contain '/' or start with '.'.

  A web site (only with --site DIR; then it replaces every endpoint of this list but /_stats and /_stats/reset)
    /PATH                 the file PATH of the --site folder (a folder: its index.html), read at each request, with
                          ETag, Last-Modified and 304s as /files/NAME, and a Content-Type from its extension (.html
                          text/html, .xml application/xml, .rss application/rss+xml, .atom application/atom+xml,
                          .json application/json, anything else application/octet-stream); the query string is
                          ignored, so /?feed=rss2 is /. Redirects come from the folder's _redirects file: one
                          "PATH LOCATION [STATUS]" a line (status 301 by default; # starts a comment). 404 for
                          anything else, for a name starting with '.', and for _redirects itself. This is the site
                          of `vigie feeds discover`'s test: a page, the feeds it announces, and an HTML page
                          answered with 200 where a feed usually is.

  Introspection (requests to /_stats* are not themselves counted)
    /echo                 JSON of the request: method, target, path, query, version, headers (a list of
                          [name, value] in the order received), body_bytes -- to check User-Agent, extra headers,
                          If-None-Match, Accept-Encoding...
    /_stats               JSON counters since start or last reset: "requests" (total), "by_path" (path without
                          query -> count, unknown paths included), "by_status", "ok" (number of 200s),
                          "not_modified" (304s), "conditional_requests" (requests with If-None-Match or
                          If-Modified-Since), "body_bytes" (bytes written after response heads, chunk framing
                          included: 0 over a cycle of 304s), "encodings" (200s per Content-Encoding),
                          "connections" (accepted), "open_connections" (now), "seconds" (since reset)
    /_stats/reset         zeroes the counters (open_connections excepted); answers {"reset": true}
    anything else         404 "not found" (counted in by_path, so a test can prove a request was or was not made)

FILES READ (Tests/Fixtures/http/, see the README there): feed.xml, feed.xml.br, feed.xml.zst, bomb-100MiB.br,
bomb-100MiB.zst, selfsigned.pem, selfsigned.key. A missing file makes only its endpoints answer 500.
`python3 fixture_server.py --make-fixtures` regenerates the compressed files with the brotli and zstd CLIs.
"""
import argparse
import asyncio
import collections
import email.utils
import functools
import gzip
import http
import ipaddress
import json
import logging
import os
import resource
import signal
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.normpath(os.path.join(HERE, '..', 'Fixtures', 'http'))
LAST_MODIFIED = 1704067200  # Mon, 01 Jan 2024 00:00:00 GMT
DEFAULT_CT = 'application/rss+xml; charset=utf-8'
MIB = 1 << 20
VERBOSE = False


class BadRequest(Exception):
    """A query parameter out of range: answered with 400."""


def http_date(ts):
    return email.utils.formatdate(ts, usegmt=True)


def log(msg):
    if VERBOSE:
        print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------- documents

@functools.lru_cache(maxsize=4096)
def feed_body(feed_id, items=3, version=1):
    """A small valid RSS 2.0 document, deterministic for (id, items, version)."""
    esc = feed_id.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    slug = urllib.parse.quote(feed_id, safe='')
    base = LAST_MODIFIED + (version - 1) * 86400
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0">',
           '<channel>',
           f'<title>Feed {esc}</title>',
           f'<link>https://example.org/feeds/{slug}/</link>',
           f'<description>Fixture feed {esc}, version {version} (café)</description>',
           '<language>en</language>',
           f'<lastBuildDate>{http_date(base)}</lastBuildDate>']
    for i in range(1, items + 1):
        out += ['<item>',
                f'<title>Feed {esc} item {i}</title>',
                f'<link>https://example.org/feeds/{slug}/items/{i}</link>',
                f'<guid isPermaLink="false">{esc}-item-{i}</guid>',
                f'<pubDate>{http_date(base - i * 3600)}</pubDate>',
                f'<description>Item {i} of feed {esc}.</description>',
                '</item>']
    out += ['</channel>', '</rss>', '']
    return '\n'.join(out).encode('utf-8')


# -- /news: realistic news feeds, for the whole-cycle benchmark (Tools/bench-cycle.py). Items are put together from
# a fixed pool of HTML articles built once at start-up from a seeded generator, so a document costs a join, not a
# rendering, and every (id, items, v) gives the same bytes in every run.

NEWS_POOL_SIZE = 64
NEWS_WORDS = (
    'quarter revenue customers platform release storage cloud network service pricing partners engineers '
    'developers security update hardware software research laboratory university funding startup investors '
    'regulators market analysts growth subscription devices battery display factory supply chain shipping '
    'contract government city council transport energy solar wind grid climate report survey results '
    'company board executive strategy merger acquisition shares dividend earnings forecast budget project '
    'launch product version feature users privacy policy court ruling license open source code repository '
    'database server datacenter region latency bandwidth outage incident response team community event '
    'conference keynote roadmap preview beta stable support documentation tutorial benchmark performance'
).split()
NEWS_AUTHORS = ('Camille Martin', 'Jordan Lee', 'Priya Natarajan', 'Lukas Weber', 'Sofia Rossi', 'Ken Sato')
NEWS_TOPICS = {  # sentences that make the default watchlist fire (or, for ibm-plain, look at an item and refuse it)
    'alliance': ('IBM and Meta launched the AI Alliance with more than fifty founding members, from universities '
                 'to startups, to support open innovation in artificial intelligence.',
                 'The AI Alliance said its members will share open models, benchmarks and safety tools.'),
    'ibm-ai': ('IBM released a new family of open language models for enterprise customers on Tuesday.',
               'The generative AI tools run on premises or in the cloud, IBM said.'),
    'ibm-plain': ('IBM raised its quarterly dividend and reported steady revenue from consulting.',),
}
NEWS_TITLES = {'alliance': 'AI Alliance: members share open tools', 'ibm-ai': 'IBM ships open language models',
               'ibm-plain': 'IBM raises its dividend'}


def _news_pool():
    import random
    rng = random.Random(20231205)

    def sentence(lo=8, hi=20):
        words = [rng.choice(NEWS_WORDS) for _ in range(rng.randint(lo, hi))]
        return words[0].capitalize() + ' ' + ' '.join(words[1:]) + '.'

    def decorate(text):
        words = text.split(' ')
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(words))
            tag = rng.choice(('strong', 'em', 'a', 'span'))
            if tag == 'a':
                words[i] = (f'<a href="https://news.example.org/{rng.choice(NEWS_WORDS)}/{rng.randint(1000, 99999)}'
                            f'?utm_source=rss&amp;utm_medium=feed" rel="noopener" target="_blank">{words[i]}</a>')
            elif tag == 'span':
                words[i] = f'<span class="hl hl-{rng.randint(1, 9)}" style="font-weight:600">{words[i]}</span>'
            else:
                words[i] = f'<{tag}>{words[i]}</{tag}>'
        return ' '.join(words).replace(' and ', ' &amp; ', 1).replace('. ', '.&nbsp; ', 1)

    pool = []
    for k in range(NEWS_POOL_SIZE):
        kind = 'alliance' if k < 2 else 'ibm-ai' if k < 4 else 'ibm-plain' if k < 5 else 'plain'
        target = rng.randint(1200, 3600)
        parts = [f'<figure class="lead"><img src="https://cdn.example.org/img/{k:03d}.jpg" alt="{sentence(3, 6)}" '
                 f'width="1200" height="675" loading="lazy"/><figcaption>{sentence(4, 9)} '
                 f'&#169; Example&#8217;s photo desk</figcaption></figure>']
        topic = list(NEWS_TOPICS.get(kind, ()))
        while sum(map(len, parts)) < target:
            r = rng.random()
            if topic and (r < 0.5 or sum(map(len, parts)) > target / 2):
                parts.append(f'<p>{topic.pop(0)} {decorate(sentence())}</p>')
            elif r < 0.12:
                parts.append('<ul class="facts">' + ''.join(f'<li>{decorate(sentence(4, 9))}</li>'
                                                             for _ in range(rng.randint(2, 5))) + '</ul>')
            elif r < 0.2:
                parts.append(f'<blockquote><p>&#8220;{sentence()}&#8221;</p><cite>{rng.choice(NEWS_AUTHORS)}'
                             f'</cite></blockquote>')
            else:
                parts.append(f'<p>{" ".join(decorate(sentence()) for _ in range(rng.randint(2, 5)))}</p>')
        parts += [f'<p>{sentence(3, 6)}</p>' for _ in topic]  # any topic sentence left: never cut short
        parts.append('<div class="share"><a href="https://social.example/share">Share</a> | '
                     '<a href="https://news.example.org/newsletter">Newsletter</a></div>')
        html = '\n'.join(parts)
        title = NEWS_TITLES.get(kind) or ' '.join(rng.choice(NEWS_WORDS) for _ in range(rng.randint(4, 9))).capitalize()
        summary = sentence(12, 24)
        if kind != 'plain':
            summary = NEWS_TOPICS[kind][0] + ' ' + summary
        escaped = html.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
        slug = title.lower().replace(' ', '-').replace(':', '')
        pool.append((title, summary, escaped, f'<![CDATA[{html}]]>', kind, slug))
    return pool


NEWS_POOL = _news_pool()


@functools.lru_cache(maxsize=65536)
def cached_http_date(ts):
    return http_date(ts)


def news_body(feed_id, items=20, version=1):
    """A realistic RSS 2.0 news feed: `items` items (newest first) of a few KB of HTML each, taken from NEWS_POOL by
    a hash of (id, item number); the HTML style (escaped in <description>, CDATA, or content:encoded with a plain
    summary) depends on the id. Version v drops the 5 (v-1) oldest items and adds 5 (v-1) new ones."""
    esc = feed_id.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    slug = urllib.parse.quote(feed_id, safe='')
    base = LAST_MODIFIED + (version - 1) * 86400
    style = zlib.crc32(feed_id.encode('utf-8')) % 3
    top = (version - 1) * 5 + items
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
           '<channel>',
           f'<title>News {esc}</title>',
           f'<link>https://news.example.org/{slug}/</link>',
           f'<atom:link href="https://news.example.org/{slug}/feed.xml" rel="self" type="application/rss+xml"/>',
           f'<description>Technology and business news, desk {esc}</description>',
           '<language>en</language>',
           f'<lastBuildDate>{http_date(base)}</lastBuildDate>']
    for n in range(top, top - items, -1):
        title, summary, escaped, cdata, _, title_slug = NEWS_POOL[zlib.crc32(f'{feed_id}/{n}'.encode()) % NEWS_POOL_SIZE]
        link = f'https://news.example.org/{slug}/{n}-{title_slug}'
        out += ['<item>',
                f'<title>{title} (desk {esc}, no. {n})</title>',
                f'<link>{link}</link>',
                f'<guid isPermaLink="true">{link}</guid>',
                f'<pubDate>{cached_http_date(base - (top - n) * 3600)}</pubDate>',
                f'<dc:creator>{NEWS_AUTHORS[n % len(NEWS_AUTHORS)]}</dc:creator>',
                '<category>Technology</category><category>Business</category>']
        if style == 2:
            out += [f'<description>{summary}</description>', f'<content:encoded>{cdata}</content:encoded>']
        else:
            out.append(f'<description>{escaped if style == 0 else cdata}</description>')
        out.append('</item>')
    out += ['</channel>', '</rss>', '']
    return '\n'.join(out).encode('utf-8')


PAD_PREFIX = b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Padded</title><!--'
PAD_SUFFIX = b'--></channel></rss>\n'


def padded_parts(length):
    """(prefix, number of spaces, suffix) of a valid XML document of exactly `length` bytes (spaces if too short)."""
    if length < len(PAD_PREFIX) + len(PAD_SUFFIX):
        return b'', length, b''
    return PAD_PREFIX, length - len(PAD_PREFIX) - len(PAD_SUFFIX), PAD_SUFFIX


def read_fixture(name):
    try:
        with open(os.path.join(FIXTURES, name), 'rb') as f:
            return f.read()
    except OSError as e:
        print(f'fixture_server: {name} unavailable ({e.strerror}); its endpoints answer 500', file=sys.stderr)
        return None


class Documents:
    def __init__(self):
        identity = read_fixture('feed.xml')
        self.identity = identity
        self.encoded = {}
        if identity is not None:
            self.encoded['gzip'] = gzip.compress(identity, compresslevel=9, mtime=0)
            self.encoded['deflate'] = zlib.compress(identity, 9)
            raw = zlib.compressobj(9, zlib.DEFLATED, -15)
            self.encoded['deflate-raw'] = raw.compress(identity) + raw.flush()
        self.encoded['br'] = read_fixture('feed.xml.br')
        self.encoded['zstd'] = read_fixture('feed.xml.zst')
        self.br_bomb = read_fixture('bomb-100MiB.br')
        self.zstd_bomb = read_fixture('bomb-100MiB.zst')


# ---------------------------------------------------------------------------------------------------- statistics

class Stats:
    def __init__(self):
        self.open_connections = 0
        self.reset()

    def reset(self):
        self.since = time.monotonic()
        self.requests = 0
        self.by_path = collections.Counter()
        self.by_status = collections.Counter()
        self.conditional = 0
        self.body_bytes = 0
        self.encodings = collections.Counter()
        self.connections = 0

    def as_json(self):
        return {'requests': self.requests, 'by_path': dict(sorted(self.by_path.items())),
                'by_status': {str(k): v for k, v in sorted(self.by_status.items())},
                'ok': self.by_status[200], 'not_modified': self.by_status[304],
                'conditional_requests': self.conditional, 'body_bytes': self.body_bytes,
                'encodings': dict(sorted(self.encodings.items())), 'connections': self.connections,
                'open_connections': self.open_connections, 'seconds': round(time.monotonic() - self.since, 3)}


STATS = Stats()
DOCS = None

SITE_ROOT = None  # set by --site
SITE_TYPES = {
    '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.xml': 'application/xml',
    '.rss': 'application/rss+xml', '.atom': 'application/atom+xml', '.json': 'application/json',
}


def site_redirects():
    """The --site folder's _redirects file, read at each request: {path: (location, status)}."""
    try:
        with open(os.path.join(SITE_ROOT, '_redirects'), encoding='utf-8') as f:
            lines = f.read().splitlines()
    except OSError:
        return {}
    table = {}
    for line in lines:
        parts = line.split('#', 1)[0].split()
        if len(parts) >= 2:
            table[parts[0]] = (parts[1], int(parts[2]) if len(parts) > 2 else 301)
    return table


async def ep_site(ex):
    """Any path with --site: a redirect of _redirects, or the file (a folder: its index.html) of the site."""
    redirect = site_redirects().get(ex.path)
    if redirect is not None:
        return await ex.redirect(redirect[1], redirect[0])
    parts = [part for part in urllib.parse.unquote(ex.path).split('/') if part]
    if any(part.startswith('.') for part in parts) or parts == ['_redirects']:
        return await ep_not_found(ex)
    path = os.path.join(SITE_ROOT, *parts)
    if os.path.isdir(path):
        path = os.path.join(path, 'index.html')
    try:
        with open(path, 'rb') as f:
            body = f.read()
        info = os.stat(path)
    except OSError:
        return await ep_not_found(ex)
    etag = f'"{info.st_size:x}-{info.st_mtime_ns:x}"'
    ct = SITE_TYPES.get(os.path.splitext(path)[1].lower(), 'application/octet-stream')
    return await ex.conditional(body, etag, int(info.st_mtime), content_type=ct)


# ---------------------------------------------------------------------------------------------------- one exchange

class Exchange:
    """One request on a connection, and the means to answer it."""

    def __init__(self, reader, writer, method, target, version, headers, body_len, tls):
        self.reader, self.writer = reader, writer
        self.method, self.target, self.version, self.headers, self.body_len = method, target, version, headers, body_len
        self.tls = tls
        split = urllib.parse.urlsplit(target)
        self.path = split.path or '/'
        self.query_string = split.query
        self.query = {k: v[0] for k, v in urllib.parse.parse_qs(split.query, keep_blank_values=True).items()}
        self.header = {}
        for name, value in headers:
            key = name.lower()
            self.header[key] = f'{self.header[key]}, {value}' if key in self.header else value
        self.head_only = method == 'HEAD'
        conn = self.header.get('connection', '').lower()
        if version == 'HTTP/1.0':
            self.keep_alive = 'keep-alive' in conn
        else:
            self.keep_alive = 'close' not in conn
        self.counted = not self.path.startswith('/_stats')
        self.status = None

    # -- query parameters
    def q_int(self, name, default, lo, hi):
        raw = self.query.get(name)
        if raw is None or raw == '':
            return default
        try:
            value = int(raw)
        except ValueError:
            raise BadRequest(f'{name} must be an integer') from None
        if not lo <= value <= hi:
            raise BadRequest(f'{name} must be in {lo}..{hi}')
        return value

    def q_float(self, name, default, lo, hi):
        raw = self.query.get(name)
        if raw is None or raw == '':
            return default
        try:
            value = float(raw)
        except ValueError:
            raise BadRequest(f'{name} must be a number') from None
        if not lo <= value <= hi:
            raise BadRequest(f'{name} must be in {lo}..{hi}')
        return value

    # -- writing
    def head_bytes(self, status, headers, close):
        reason = reason_phrase(status)
        lines = [f'HTTP/1.1 {status} {reason}', f'Date: {http_date(time.time())}', 'Server: vigie-fixture']
        lines += [f'{k}: {v}' for k, v in headers]
        if close:
            lines.append('Connection: close')
        elif self.version == 'HTTP/1.0':
            lines.append('Connection: keep-alive')
        return ('\r\n'.join(lines) + '\r\n\r\n').encode('latin-1')

    def count_status(self, status):
        self.status = status
        if self.counted:
            STATS.by_status[status] += 1

    def write_head(self, status, headers, close=False):
        self.count_status(status)
        self.writer.write(self.head_bytes(status, headers, close))

    def write_body(self, data):
        if data:
            if self.counted:
                STATS.body_bytes += len(data)
            self.writer.write(data)

    async def respond(self, status, body=b'', headers=(), content_type='text/plain; charset=utf-8', close=False):
        """A complete, well-formed response. Returns whether the connection stays open."""
        close = close or not self.keep_alive
        hdrs = list(headers)
        no_body = status in (204, 304) or 100 <= status < 200
        if not no_body:
            if content_type and not any(k.lower() == 'content-type' for k, _ in hdrs):
                hdrs.insert(0, ('Content-Type', content_type))
            hdrs.append(('Content-Length', str(len(body))))
        self.write_head(status, hdrs, close)
        if not no_body and not self.head_only:
            self.write_body(body)
        await self.writer.drain()
        return not close

    async def text(self, status, text=None, headers=(), close=False):
        if text is None:
            text = f'{status} {reason_phrase(status)}\n'
        return await self.respond(status, text.encode('utf-8'), headers, close=close)

    async def json(self, value, status=200):
        return await self.respond(status, (json.dumps(value) + '\n').encode('utf-8'), (),
                                  content_type='application/json')

    async def conditional(self, body, etag, last_modified, headers=(), content_type=DEFAULT_CT, encoding=None):
        """200 with body, or 304 when the request's validators match (RFC 9110 precedence)."""
        hdrs = list(headers)
        if etag is not None:
            hdrs.append(('ETag', etag))
        if last_modified is not None:
            hdrs.append(('Last-Modified', http_date(last_modified)))
        if not_modified(self.header, etag, last_modified):
            return await self.respond(304, b'', hdrs)
        if encoding and self.counted:
            STATS.encodings[encoding] += 1
        return await self.respond(200, body, hdrs, content_type=content_type)

    def location(self, path):
        if self.query.get('abs') == '1':
            host = self.header.get('host', '127.0.0.1')
            return f'{"https" if self.tls else "http"}://{host}{path}'
        return path

    async def redirect(self, status, location):
        return await self.respond(status, f'redirecting to {location}\n'.encode('utf-8', 'replace'),
                                  [('Location', location)])

    def abort_with_reset(self):
        sock = self.writer.get_extra_info('socket')
        if sock is not None:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            except OSError:
                pass
        self.writer.transport.abort()


def reason_phrase(status):
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return 'Unknown'


def etag_matches(header, etag):
    if etag is None:
        return False
    if header.strip() == '*':
        return True
    mine = etag[2:] if etag.startswith('W/') else etag
    for candidate in header.split(','):
        candidate = candidate.strip()
        if candidate.startswith('W/'):
            candidate = candidate[2:]
        if candidate == mine:
            return True
    return False


def not_modified(header, etag, last_modified):
    inm = header.get('if-none-match')
    if inm is not None:
        return etag_matches(inm, etag)
    ims = header.get('if-modified-since')
    if ims is not None and last_modified is not None:
        try:
            when = email.utils.parsedate_to_datetime(ims)
        except (TypeError, ValueError, IndexError):
            return False
        if when is None or when.tzinfo is None:
            return False
        return last_modified <= when.timestamp()
    return False


def accepts(header, coding):
    """Whether an Accept-Encoding value accepts `coding` (q > 0 by name, else by *). No header: no."""
    if header is None:
        return False
    named, star = None, None
    for part in header.split(','):
        name, _, params = part.strip().partition(';')
        name = name.strip().lower()
        q = 1.0
        for param in params.split(';'):
            key, _, value = param.strip().partition('=')
            if key.strip().lower() == 'q':
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name == coding or (coding == 'gzip' and name == 'x-gzip'):
            named = q if named is None else max(named, q)
        elif name == '*':
            star = q
    q = named if named is not None else star
    return q is not None and q > 0


# ---------------------------------------------------------------------------------------------------- endpoints

def feed_validators(ex, feed_id):
    items = ex.q_int('items', 3, 0, 100000)
    version = ex.q_int('v', 1, 1, 1000000)
    slug = urllib.parse.quote(feed_id, safe='-._~')
    etag = f'"{slug}-v{version}' + (f'-n{items}' if items != 3 else '') + '"'
    if ex.query.get('etag') == '0':
        etag = None
    last_modified = None if ex.query.get('lastmod') == '0' else LAST_MODIFIED + (version - 1) * 86400
    return items, version, etag, last_modified


async def ep_feed(ex, feed_id=None):
    feed_id = feed_id or ex.query.get('id') or '1'
    items, version, etag, last_modified = feed_validators(ex, feed_id)
    content_type = ex.query.get('ct') or DEFAULT_CT
    return await ex.conditional(feed_body(feed_id, items, version), etag, last_modified, content_type=content_type)


async def ep_delay(ex):
    ms = ex.q_int('ms', 50, 0, 600000)
    feed_validators(ex, 'x')  # validate parameters before waiting
    await asyncio.sleep(ms / 1000)
    return await ep_feed(ex)


async def ep_news(ex):
    feed_id = ex.query.get('id') or '1'
    items = ex.q_int('items', 20, 0, 100000)
    version = ex.q_int('v', 1, 1, 1000000)
    ms = ex.q_int('ms', 0, 0, 600000)
    slug = urllib.parse.quote(feed_id, safe='-._~')
    etag = None if ex.query.get('etag') == '0' else f'"news-{slug}-v{version}-n{items}"'
    last_modified = None if ex.query.get('lastmod') == '0' else LAST_MODIFIED + (version - 1) * 86400
    if ms:
        await asyncio.sleep(ms / 1000)
    if not_modified(ex.header, etag, last_modified):  # no document to build for a 304
        return await ex.conditional(b'', etag, last_modified)
    return await ex.conditional(news_body(feed_id, items, version), etag, last_modified)


def make_encoded(coding):
    async def endpoint(ex):
        if DOCS.identity is None or DOCS.encoded.get(coding) is None:
            return await ex.text(500, f'fixture for {coding} missing in {FIXTURES}\n')
        send = ex.query.get('force') == '1' or accepts(ex.header.get('accept-encoding'), coding)
        headers = [('Vary', 'Accept-Encoding')]
        if send:
            key = 'deflate-raw' if coding == 'deflate' and ex.query.get('raw') == '1' else coding
            headers.append(('Content-Encoding', coding))
            return await ex.conditional(DOCS.encoded[key], f'"compressed-v1-{key}"', LAST_MODIFIED, headers,
                                        encoding=coding)
        return await ex.conditional(DOCS.identity, '"compressed-v1"', LAST_MODIFIED, headers, encoding='identity')
    return endpoint


async def ep_gzip_bomb(ex):
    mb = ex.q_int('mb', 100, 0, 102400)
    ex.write_head(200, [('Content-Type', DEFAULT_CT), ('Content-Encoding', 'gzip'),
                        ('Transfer-Encoding', 'chunked')], close=True)
    if ex.head_only:
        await ex.writer.drain()
        return False
    zeros = bytes(MIB)
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    pending = b''
    for i in range(mb + 1):
        pending += co.compress(zeros) if i < mb else co.flush()
        if len(pending) >= 65536 or i == mb:
            if pending:
                ex.write_body(b'%x\r\n' % len(pending) + pending + b'\r\n')
            pending = b''
            await ex.writer.drain()
    ex.write_body(b'0\r\n\r\n')
    await ex.writer.drain()
    return False


def make_file_bomb(attr, coding):
    async def endpoint(ex):
        data = getattr(DOCS, attr)
        if data is None:
            return await ex.text(500, f'bomb fixture for {coding} missing in {FIXTURES}\n')
        return await ex.respond(200, data, [('Content-Encoding', coding)], content_type=DEFAULT_CT, close=True)
    return endpoint


def carried_query(ex):
    qs = '&'.join(p for p in ex.query_string.split('&') if p and not p.startswith('abs='))
    return f'?{qs}' if qs else ''


async def ep_redirect_chain(ex, n):
    if n == 0:
        return await ep_feed(ex)
    if n == 1:
        target = '/feed' + carried_query(ex)
    else:  # abs=1 stays in the query string so that every hop is absolute
        target = f'/redirect/{n - 1}' + (f'?{ex.query_string}' if ex.query_string else '')
    return await ex.redirect(302, ex.location(target))


def make_fixed_redirect(status):
    async def endpoint(ex):
        return await ex.redirect(status, ex.location('/feed' + carried_query(ex)))
    return endpoint


async def ep_redirect_to(ex):
    url = ex.query.get('url')
    if not url:
        raise BadRequest('url is required')
    if any(c in url for c in '\r\n'):
        raise BadRequest('url must not contain CR or LF')
    return await ex.redirect(ex.q_int('status', 302, 300, 399), url)


async def ep_redirect_loop(ex):
    return await ex.redirect(302, ex.location('/redirect-loop'))


async def ep_status(ex, n):
    return await ex.text(n)


async def ep_retry_after(ex):
    status = ex.q_int('status', 503, 200, 599)
    if ex.query.get('date') == '1':
        value = http_date(time.time() + ex.q_int('in', 7200, -10 ** 9, 10 ** 9))
    else:
        value = str(ex.q_int('seconds', 120, 0, 10 ** 9))
    return await ex.text(status, headers=[('Retry-After', value)])


async def drain_until_eof(reader):
    while await reader.read(65536):
        pass


async def ep_hang(ex):
    try:
        await asyncio.wait_for(drain_until_eof(ex.reader), ex.q_float('max', 600, 0, 86400))
    except asyncio.TimeoutError:
        pass
    return False


async def ep_trickle(ex):
    interval = ex.q_float('interval', 1.0, 0.001, 3600)
    step = ex.q_int('bytes', 1, 1, MIB)
    length = ex.q_int('length', 1000, 0, 64 * MIB)
    ex.write_head(200, [('Content-Type', DEFAULT_CT), ('Content-Length', str(length))], close=True)
    await ex.writer.drain()
    if ex.head_only:
        return False
    prefix, spaces, suffix = padded_parts(length)
    body = prefix + b' ' * spaces + suffix
    for offset in range(0, length, step):
        await asyncio.sleep(interval)
        ex.write_body(body[offset:offset + step])
        await ex.writer.drain()
    return False


async def ep_slow_headers(ex):
    interval = ex.q_float('interval', 10, 0.001, 3600)
    body = feed_body('slow-headers')
    head = ex.head_bytes(200, [('Content-Type', DEFAULT_CT), ('Content-Length', str(len(body)))], True)
    ex.count_status(200)
    for i in range(len(head)):
        ex.writer.write(head[i:i + 1])
        await ex.writer.drain()
        await asyncio.sleep(interval)
    if not ex.head_only:
        ex.write_body(body)
        await ex.writer.drain()
    return False


async def ep_headers_never_end(ex):
    interval = ex.q_float('interval', 0.01, 0.0001, 3600)
    deadline = time.monotonic() + ex.q_float('max', 600, 0, 86400)
    ex.count_status(200)
    ex.writer.write(b'HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n')
    n = 0
    while time.monotonic() < deadline and not ex.writer.is_closing():
        n += 1
        ex.writer.write(b'X-Filler-%06d: %s\r\n' % (n, b'f' * 40))
        await ex.writer.drain()
        await asyncio.sleep(interval)
    return False


async def ep_many_headers(ex):
    n = ex.q_int('n', 10000, 0, 1000000)
    headers = [(f'X-Many-{i}', f'value-{i}') for i in range(1, n + 1)]
    return await ex.respond(200, feed_body('many'), headers, content_type=DEFAULT_CT)


async def ep_big(ex):
    if 'bytes' in ex.query:
        length = ex.q_int('bytes', 0, 0, 4096 * MIB)
    else:
        length = int(ex.q_float('mb', 20, 0, 4096) * MIB)
    ex.write_head(200, [('Content-Type', DEFAULT_CT), ('Content-Length', str(length))], close=not ex.keep_alive)
    if not ex.head_only:
        prefix, spaces, suffix = padded_parts(length)
        ex.write_body(prefix)
        block = b' ' * (256 * 1024)
        while spaces > 0:
            chunk = block if spaces >= len(block) else block[:spaces]
            spaces -= len(chunk)
            ex.write_body(chunk)
            await ex.writer.drain()
        ex.write_body(suffix)
    await ex.writer.drain()
    return ex.keep_alive


async def ep_endless(ex):
    deadline = time.monotonic() + ex.q_float('max', 300, 0, 86400)
    ex.write_head(200, [('Content-Type', DEFAULT_CT), ('Transfer-Encoding', 'chunked')], close=True)
    ex.write_body(b'%x\r\n%s\r\n' % (len(PAD_PREFIX), PAD_PREFIX))
    await ex.writer.drain()
    if ex.head_only:
        return False
    item = b'<item><title>endless</title><description>more and more</description></item>\n'
    payload = item * (65536 // len(item))
    chunk = b'%x\r\n' % len(payload) + payload + b'\r\n'
    while time.monotonic() < deadline:
        ex.write_body(chunk)
        await ex.writer.drain()
    return False


async def ep_huge_length(ex):
    ex.write_head(200, [('Content-Type', DEFAULT_CT), ('Content-Length', '5000000000')], close=True)
    if not ex.head_only:
        ex.write_body(feed_body('huge-length'))
    await ex.writer.drain()
    return False


async def ep_lie_length(ex):
    mode = ex.query.get('mode', 'short')
    if mode not in ('short', 'long'):
        raise BadRequest('mode must be short or long')
    body = feed_body('lie-length')
    declared = len(body) + 1000 if mode == 'short' else len(body) // 2
    ex.write_head(200, [('Content-Type', DEFAULT_CT), ('Content-Length', str(declared))], close=True)
    if not ex.head_only:
        ex.write_body(body)
    await ex.writer.drain()
    return False


async def ep_reset(ex):
    ex.write_head(200, [('Content-Type', DEFAULT_CT), ('Content-Length', '2000')], close=True)
    prefix, spaces, suffix = padded_parts(2000)
    ex.write_body((prefix + b' ' * spaces + suffix)[:1000])
    await ex.writer.drain()
    await asyncio.sleep(0.1)  # let the half body reach the client before the reset
    ex.abort_with_reset()
    return None  # already closed


async def ep_bad_chunked(ex):
    ex.write_head(200, [('Content-Type', DEFAULT_CT), ('Transfer-Encoding', 'chunked')], close=True)
    first = feed_body('bad-chunked')[:100]
    ex.write_body(b'%x\r\n%s\r\n' % (len(first), first) + b'zz-not-hex\r\nhello\r\n0\r\n\r\n')
    await ex.writer.drain()
    return False


async def ep_echo(ex):
    return await ex.json({'method': ex.method, 'target': ex.target, 'path': ex.path, 'query': ex.query,
                          'version': ex.version, 'headers': [list(h) for h in ex.headers],
                          'body_bytes': ex.body_len, 'tls': ex.tls})


async def ep_stats(ex):
    return await ex.json(STATS.as_json())


async def ep_stats_reset(ex):
    STATS.reset()
    return await ex.json({'reset': True})


async def ep_not_found(ex):
    return await ex.text(404, 'not found\n')


FILES_ROOT = None  # set by --root


async def ep_files(ex, name):
    """/files/NAME: a file of the --root folder, read at each request (tests rewrite it to add items), with an
    ETag from its size and modification time, Last-Modified, and 304s; 404 when missing or outside the root."""
    if FILES_ROOT is None or '/' in name or name.startswith('.'):
        return await ep_not_found(ex)
    path = os.path.join(FILES_ROOT, name)
    try:
        with open(path, 'rb') as f:
            body = f.read()
        info = os.stat(path)
    except OSError:
        return await ep_not_found(ex)
    etag = f'"{info.st_size:x}-{info.st_mtime_ns:x}"'
    ct = 'application/json' if name.endswith('.json') else DEFAULT_CT
    return await ex.conditional(body, etag, int(info.st_mtime), content_type=ct)


ROUTES = {
    '/feed': ep_feed, '/delay': ep_delay, '/news': ep_news,
    '/gzip': make_encoded('gzip'), '/deflate': make_encoded('deflate'),
    '/br': make_encoded('br'), '/zstd': make_encoded('zstd'),
    '/gzip-bomb': ep_gzip_bomb, '/br-bomb': make_file_bomb('br_bomb', 'br'),
    '/zstd-bomb': make_file_bomb('zstd_bomb', 'zstd'),
    '/permanent': make_fixed_redirect(301), '/permanent308': make_fixed_redirect(308),
    '/temporary307': make_fixed_redirect(307),
    '/redirect-to': ep_redirect_to, '/redirect-loop': ep_redirect_loop,
    '/retry-after': ep_retry_after,
    '/hang': ep_hang, '/trickle': ep_trickle, '/slow-headers': ep_slow_headers,
    '/headers-never-end': ep_headers_never_end, '/many-headers': ep_many_headers,
    '/big': ep_big, '/endless': ep_endless, '/huge-length': ep_huge_length, '/lie-length': ep_lie_length,
    '/reset': ep_reset, '/bad-chunked': ep_bad_chunked,
    '/echo': ep_echo, '/_stats': ep_stats, '/_stats/reset': ep_stats_reset,
}


async def dispatch(ex):
    handler = ROUTES.get(ex.path)
    try:
        if SITE_ROOT is not None and ex.counted:
            return await ep_site(ex)
        if handler is not None:
            return await handler(ex)
        if ex.path.startswith('/files/'):
            return await ep_files(ex, ex.path[len('/files/'):])
        for prefix, endpoint, lo, hi in (('/redirect/', ep_redirect_chain, 0, 1000), ('/status/', ep_status, 200, 599)):
            if ex.path.startswith(prefix):
                rest = ex.path[len(prefix):]
                if not rest.isdigit() or not lo <= int(rest) <= hi:
                    raise BadRequest(f'{prefix}N needs N in {lo}..{hi}')
                return await endpoint(ex, int(rest))
        return await ep_not_found(ex)
    except BadRequest as e:
        if ex.status is not None:  # head already sent
            return False
        return await ex.text(400, f'bad request: {e}\n')


# ---------------------------------------------------------------------------------------------------- connections

async def read_request_body(reader, header):
    """Reads (and discards) a request body; returns its length."""
    te = header.get('transfer-encoding', '').lower()
    if 'chunked' in te:
        total = 0
        while True:
            line = await reader.readuntil(b'\r\n')
            size = int(line.split(b';')[0].strip() or b'0', 16)
            if size == 0:
                while (await reader.readuntil(b'\r\n')) != b'\r\n':  # trailers
                    pass
                return total
            await reader.readexactly(size + 2)
            total += size
    length = int(header.get('content-length', '0') or 0)
    if length < 0 or length > 64 * MIB:
        raise ValueError('request body too large')
    if length:
        await reader.readexactly(length)
    return length


def parse_head(raw):
    lines = raw.decode('latin-1').split('\r\n')
    while lines and lines[0] == '':
        lines.pop(0)
    parts = lines[0].split(' ') if lines else []
    if len(parts) != 3 or not parts[2].startswith('HTTP/1.'):
        raise ValueError('bad request line')
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(':')
        if not sep or not name or name != name.strip():
            raise ValueError('bad header line')
        headers.append((name, value.strip()))
    return parts[0], parts[1], parts[2], headers


class Server:
    def __init__(self, idle_timeout):
        self.idle_timeout = idle_timeout
        self.tasks = set()

    def handler(self, tls):
        async def handle(reader, writer):
            task = asyncio.current_task()
            self.tasks.add(task)
            STATS.connections += 1
            STATS.open_connections += 1
            peer = writer.get_extra_info('peername')
            try:
                await self.serve(reader, writer, tls, peer)
            except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError, TimeoutError, OSError,
                    asyncio.CancelledError):
                pass
            except Exception:  # a bug in this server: always said
                traceback.print_exc(file=sys.stderr)
            finally:
                STATS.open_connections -= 1
                self.tasks.discard(task)
                if not writer.transport.is_closing():  # /reset has already aborted its transport
                    writer.close()
        return handle

    async def serve(self, reader, writer, tls, peer):
        while True:
            try:
                raw = await asyncio.wait_for(reader.readuntil(b'\r\n\r\n'), self.idle_timeout)
            except asyncio.LimitOverrunError:
                writer.write(b'HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n'
                             b'Connection: close\r\n\r\n')
                await writer.drain()
                return False
            except (asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError):
                return False
            try:
                method, target, version, headers = parse_head(raw)
            except (ValueError, IndexError):
                writer.write(b'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
                await writer.drain()
                return False
            header = {k.lower(): v for k, v in headers}
            try:
                body_len = await read_request_body(reader, header)
            except (ValueError, asyncio.LimitOverrunError):
                writer.write(b'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
                await writer.drain()
                return False
            ex = Exchange(reader, writer, method, target, version, headers, body_len, tls)
            if ex.counted:
                STATS.requests += 1
                STATS.by_path[ex.path] += 1
                if 'if-none-match' in ex.header or 'if-modified-since' in ex.header:
                    STATS.conditional += 1
            started = time.monotonic()
            keep = await dispatch(ex)
            log(f'{peer[0]}:{peer[1]} {"https" if tls else "http"} {method} {target} -> {ex.status} '
                f'({(time.monotonic() - started) * 1000:.1f} ms){"" if keep else " [closed]"}')
            if not keep:
                return keep


# ---------------------------------------------------------------------------------------------------- main

def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            pass


def make_fixtures():
    """Regenerates the committed fixtures of Tests/Fixtures/http/ (needs the brotli and zstd CLIs)."""
    os.makedirs(FIXTURES, exist_ok=True)
    path = os.path.join(FIXTURES, 'feed.xml')
    with open(path, 'wb') as f:
        f.write(feed_body('compressed'))
    subprocess.run(['brotli', '-f', '-q', '11', '-o', path + '.br', path], check=True)
    subprocess.run(['zstd', '-q', '-f', '-19', '--no-check', path, '-o', path + '.zst'], check=True)
    zeros = bytes(100 * MIB)
    for cmd, name in ((['brotli', '-c', '-q', '11', '-w', '24'], 'bomb-100MiB.br'),
                      (['zstd', '-c', '-q', '-19'], 'bomb-100MiB.zst')):
        out = subprocess.run(cmd, input=zeros, capture_output=True, check=True).stdout
        with open(os.path.join(FIXTURES, name), 'wb') as f:
            f.write(out)
    for name in sorted(os.listdir(FIXTURES)):
        print(f'{name}: {os.path.getsize(os.path.join(FIXTURES, name))} bytes', file=sys.stderr)


async def amain(args):
    global DOCS
    DOCS = Documents()
    loop = asyncio.get_running_loop()

    def exception_handler(loop, context):
        if VERBOSE:
            loop.default_exception_handler(context)
    loop.set_exception_handler(exception_handler)

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    server = Server(args.idle_timeout)
    common = dict(host=args.host, backlog=4096, limit=MIB, reuse_address=True)
    plain = await asyncio.start_server(server.handler(False), port=args.port, **common)
    listeners = [plain]
    tls_port = None
    if args.tls_port is not None:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.cert, args.key)
        ctx.set_alpn_protocols(['http/1.1'])
        secure = await asyncio.start_server(server.handler(True), port=args.tls_port, ssl=ctx,
                                            ssl_handshake_timeout=10, **common)
        listeners.append(secure)
        tls_port = secure.sockets[0].getsockname()[1]

    sys.stdout.write(json.dumps({'http': plain.sockets[0].getsockname()[1], 'https': tls_port,
                                 'pid': os.getpid()}) + '\n')
    sys.stdout.flush()

    if not args.ignore_stdin:
        def watch_stdin():
            try:
                while os.read(sys.stdin.fileno(), 65536):
                    pass
            except OSError:
                pass
            loop.call_soon_threadsafe(stop.set)
        threading.Thread(target=watch_stdin, name='stdin-watch', daemon=True).start()
    if args.lifetime:
        loop.call_later(args.lifetime, stop.set)

    await stop.wait()
    log('fixture_server: stopping')
    for listener in listeners:
        listener.close()
    for task in list(server.tasks):
        task.cancel()
    await asyncio.gather(*server.tasks, return_exceptions=True)


def main():
    global VERBOSE
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                 epilog='Endpoints and the start-up contract: see the top of this file.')
    ap.add_argument('--host', default='127.0.0.1', help='loopback address to bind (default %(default)s)')
    ap.add_argument('--port', type=int, default=0, help='plain HTTP port (default 0: any free port)')
    ap.add_argument('--tls-port', type=int, help='also serve HTTPS on this port (0: any free port)')
    ap.add_argument('--cert', default=os.path.join(FIXTURES, 'selfsigned.pem'), help='PEM certificate (test only)')
    ap.add_argument('--key', default=os.path.join(FIXTURES, 'selfsigned.key'), help='PEM private key (test only)')
    ap.add_argument('--root', help='serve the files of this folder as /files/NAME (ETag, Last-Modified, 304)')
    ap.add_argument('--site', help='serve the files of this folder as a web site at the root, instead of the '
                    'endpoints (/_stats excepted); redirects from its _redirects file')
    ap.add_argument('--verbose', action='store_true', help='log each request to stderr')
    ap.add_argument('--ignore-stdin', action='store_true', help='do not exit when stdin closes')
    ap.add_argument('--lifetime', type=float, default=0, help='exit after this many seconds (default: never)')
    ap.add_argument('--idle-timeout', type=float, default=60, help='close idle connections after S (default 60)')
    ap.add_argument('--make-fixtures', action='store_true',
                    help=f'regenerate the compressed fixtures in {FIXTURES} with the brotli/zstd CLIs, then exit')
    args = ap.parse_args()
    global FILES_ROOT
    FILES_ROOT = os.path.abspath(args.root) if args.root else None
    global SITE_ROOT
    SITE_ROOT = os.path.abspath(args.site) if args.site else None
    if args.make_fixtures:
        make_fixtures()
        return 0
    try:
        loopback = args.host == 'localhost' or ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        ap.error('--host must be a loopback address (127.0.0.1, ::1, localhost)')
    VERBOSE = args.verbose
    logging.getLogger('asyncio').setLevel(logging.DEBUG if VERBOSE else logging.CRITICAL)
    raise_nofile()
    try:
        asyncio.run(amain(args))
    except OSError as e:
        print(f'fixture_server: {e}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
