#!/usr/bin/env python3
"""Builds a large HTML-heavy RSS feed for the parsing benchmarks (issue 15), deterministically, from the real
captures of the corpus: the HTML of their items' `content:encoded` (else `description`), cut after the first
paragraph past 1,400 characters, repeated with fresh guids and links until the feed reaches the size asked. As in many news feeds (WordPress's among them),
`description` and `content:encoded` carry the same HTML: the whole article twice.

USAGE
    python3 Tools/make-html-feed.py [--corpus ../shared/corpus] [--megabytes 40] OUT.xml

Prints the item count and the size. The same corpus and size give the same bytes.
"""
import argparse
import glob
import html
import os
import sys
import xml.etree.ElementTree as ElementTree

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
SOURCES = [
    "feedjira/spec/sample_feeds/TechCrunch.xml",
    "feedjira/spec/sample_feeds/TenderLovemaking.xml",
    "feedjira/spec/sample_feeds/CRE.xml",
    "feedjira/spec/sample_feeds/HREFConsideredHarmful.xml",
    "feed-rs/feed-rs/fixture/rss2/rss_2.0_spiegel.xml",
    "feed-rs/feed-rs/fixture/rss2/rss_2.0_heated.xml",
    "feed-rs/feed-rs/fixture/rss2/rss_2.0_matrix.xml",
    "feed-rs/feed-rs/fixture/rss2/rss_2.0_element_io.xml",
    "feed-rs/feed-rs/fixture/rss2/rss_2.0_nightvale.xml",
]


def articles(corpus):
    """(title, html) of every item with HTML of at least 500 characters, in file then document order."""
    found = []
    for relative in SOURCES:
        path = os.path.join(corpus, relative)
        try:
            with open(path, "rb") as file:
                root = ElementTree.fromstring(file.read().lstrip())
        except (OSError, ElementTree.ParseError) as error:
            print(f"make-html-feed: skipped {relative}: {error}", file=sys.stderr)
            continue
        for item in root.iter("item"):
            body = item.findtext(CONTENT) or item.findtext("description") or ""
            if len(body) >= 500 and "<" in body:
                found.append((item.findtext("title") or "Untitled", lead(body)))
    return found


def lead(body, size=1400):
    """The article's HTML up to the first paragraph end after `size` characters (the whole when shorter): a news
    item's worth, as feeds that carry a long lead or a short article do."""
    end = body.find("</p>", size)
    return body if end < 0 else body[: end + len("</p>")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="../shared/corpus")
    parser.add_argument("--megabytes", type=float, default=40)
    parser.add_argument("out")
    options = parser.parse_args()
    sources = articles(options.corpus)
    if not sources:
        sys.exit(f"make-html-feed: no article with HTML found under {options.corpus}")
    limit = int(options.megabytes * 1_000_000)
    head = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>\n'
            "<title>HTML-heavy benchmark feed</title><link>https://bench.example/</link>\n"
            "<description>Items from the corpus's real captures, repeated</description>\n")
    tail = "</channel></rss>\n"
    parts = [head]
    size = len(head.encode()) + len(tail)
    count = 0
    while True:
        title, body = sources[count % len(sources)]
        escaped = html.escape(body, quote=False)
        day = 1 + count % 28
        item = (f"<item><title>{html.escape(title, quote=False)} ({count})</title>"
                f"<link>https://bench.example/{count}</link><guid>https://bench.example/{count}</guid>"
                f"<pubDate>Mon, {day:02d} Dec 2025 10:00:00 GMT</pubDate>"
                f"<description>{escaped}</description><content:encoded><![CDATA[{body}]]></content:encoded>"
                "</item>\n")
        encoded = len(item.encode())
        if size + encoded > limit and count > 0:
            break
        parts.append(item)
        size += encoded
        count += 1
    parts.append(tail)
    with open(options.out, "w", encoding="utf-8") as out:
        out.write("".join(parts))
    print(f"{options.out}: {count} items, {size} bytes, from {len(sources)} articles")


if __name__ == "__main__":
    main()
