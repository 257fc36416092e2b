#!/usr/bin/env python3
"""Builds the seed test fixture from the seed article (shared/seed/la-tribune-ai-alliance.txt).

Writes, into Tests/Fixtures/seed/:
  la-tribune-ai-alliance.txt       the article as extracted (copied verbatim)
  la-tribune-rss20-latin1.xml      an RSS 2.0 feed in ISO-8859-1 whose one item carries the article as escaped HTML
                                   (paragraphs, <strong>/<em>/<a>, &nbsp; before French punctuation, characters
                                   outside Latin-1 as character references)
  la-tribune-expected.txt          the plain text the parser must produce from that HTML (paragraphs joined by one
                                   space, markup removed), built from the article text without going through any HTML

Usage: python3 Tools/make-seed-fixture.py [SEED_TXT]   (default ../shared/seed/la-tribune-ai-alliance.txt)
"""
import html
import re
import shutil
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
seed = Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared/seed/la-tribune-ai-alliance.txt"
out = root / "Tests/Fixtures/seed"
out.mkdir(parents=True, exist_ok=True)

text = seed.read_text(encoding="utf-8")
lines = [line.strip() for line in text.splitlines()]
title = next(line[2:] for line in lines if line.startswith("# "))
byline = next(i for i, line in enumerate(lines) if line.startswith("Sylvain Rolland"))
paragraphs = [line for line in lines[byline + 1:] if line]


def to_html(paragraph: str) -> str:
    if paragraph.startswith("## "):
        return "<h2>" + inline_html(paragraph[3:]) + "</h2>"
    return "<p>" + inline_html(paragraph) + "</p>"


def inline_html(markdown: str) -> str:
    escaped = html.escape(markdown, quote=False)
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)
    escaped = re.sub(r"\*(.+?)\*", r"<em>\1</em>", escaped)
    escaped = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r'<a href="\2">\1</a>', escaped)
    # French typography: a no-break space before : ; ! ? » and after «, written as the HTML entity.
    escaped = re.sub(r" ([:;!?»])", r"&nbsp;\1", escaped)
    escaped = escaped.replace("« ", "«&nbsp;")
    return escaped


def to_text(paragraph: str) -> str:
    plain = paragraph[3:] if paragraph.startswith("## ") else paragraph
    plain = re.sub(r"\*\*(.+?)\*\*", r"\1", plain)
    plain = re.sub(r"\*(.+?)\*", r"\1", plain)
    plain = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\1", plain)
    return plain


description = "".join(to_html(p) for p in paragraphs)
expected = re.sub(r"\s+", " ", " ".join(to_text(p) for p in paragraphs)).strip()

feed = f"""<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>La Tribune - Technos &amp; M\u00e9dias</title>
    <link>https://www.latribune.fr/technos-medias/</link>
    <description>Actualit\u00e9s num\u00e9riques</description>
    <language>fr</language>
    <item>
      <title>{html.escape(title, quote=False)}</title>
      <link>https://www.latribune.fr/technos-medias/informatique/ia-generative-meta-et-ibm-lancent-l-ai-alliance.html</link>
      <guid isPermaLink="false">latribune-ai-alliance-2023-12</guid>
      <pubDate>Wed, 06 Dec 2023 17:30:00 +0100</pubDate>
      <dc:creator>Sylvain Rolland</dc:creator>
      <category>Num\u00e9rique</category>
      <description>{html.escape(description, quote=False)}</description>
    </item>
  </channel>
</rss>
"""
(out / "la-tribune-rss20-latin1.xml").write_bytes(feed.encode("iso-8859-1", "xmlcharrefreplace"))
(out / "la-tribune-expected.txt").write_text(expected + "\n", encoding="utf-8")
shutil.copyfile(seed, out / "la-tribune-ai-alliance.txt")
print(f"wrote {out}: title {title!r}, {len(paragraphs)} paragraphs, {len(expected)} characters of expected text")
