import Foundation
import Testing

@testable import VigieFeeds

/// Broken real-world feeds: what is recovered, and that each recovery is reported.
@Suite struct FeedRecoveryTests {
    @Test func undefinedHTMLEntitiesInXMLAreDecoded() throws {
        let feed = try parse(
            """
            <rss version="2.0"><channel><title>Caf&eacute;&nbsp;Tech</title>
            <item><title>&laquo;&nbsp;L&rsquo;IA&nbsp;&raquo; &amp; vous</title><link>http://a.example/1</link></item>
            <item><title>Second &hellip;</title><link>http://a.example/2</link></item>
            </channel></rss>
            """)
        #expect(feed.title == "Café Tech")
        #expect(feed.items.map(\.title) == ["« L’IA » & vous", "Second …"])
        #expect(
            feed.warnings.first == "replaced 8 HTML entities undefined in XML (&eacute; &nbsp; &laquo; &rsquo; &raquo;)"
        )
    }

    @Test func bareAmpersandsAndLessThansAreKeptAsText() throws {
        let feed = try parse(
            """
            <rss version="2.0"><channel><title>AT&T News</title>
            <item><title>Q&A: 3 < 5 & rising</title><link>http://a.example/?a=1&b=2</link></item>
            </channel></rss>
            """)
        #expect(feed.title == "AT&T News")
        #expect(feed.items.first?.title == "Q&A: 3 < 5 & rising")
        #expect(feed.items.first?.link == "http://a.example/?a=1&b=2")
        #expect(feed.warnings.prefix(2) == ["escaped 4 bare '&'", "escaped 1 bare '<'"])
    }

    @Test func undefinedNonHTMLEntityStaysLiteral() throws {
        let feed = try parse(#"<rss version="2.0"><channel><item><title>a &bogus; b</title></item></channel></rss>"#)
        #expect(feed.items.first?.title == "a &bogus; b")
        #expect(feed.warnings.first == "escaped 1 bare '&'")
    }

    @Test func entitiesDeclaredInTheInternalSubsetAreExpanded() throws {
        let feed = try parse(
            """
            <!DOCTYPE rss [<!ENTITY brand "Vigie &amp; Co"><!ENTITY hearts "&#9829;">]>
            <rss version="2.0"><channel><title>&brand; &hearts;</title><item><title>x</title></item></channel></rss>
            """)
        #expect(feed.title == "Vigie & Co ♥")
        #expect(feed.warnings == [])
    }

    @Test func controlCharactersAreRemoved() throws {
        let feed = try parse(
            "<rss version=\"2.0\"><channel><item><title>ab\u{01}c\u{0B}d</title></item></channel></rss>")
        #expect(feed.items.first?.title == "abcd")
        #expect(feed.warnings.contains { $0.contains("control character") })
    }

    @Test func garbageAfterTheRootIsIgnored() throws {
        let feed = try parse(
            #"<rss version="2.0"><channel><item><title>kept</title></item></channel></rss><?php echo 1; ?> junk <b>"#)
        #expect(feed.items.map(\.title) == ["kept"])
        #expect(feed.warnings.contains { $0.contains("Extra content at the end of the document") })
    }

    @Test func truncatedDocumentKeepsCompleteItemsAndDropsTheCutOne() throws {
        let feed = try parse(
            #"<rss version="2.0"><channel><title>T</title><item><title>one</title><link>http://a/1</link></item><item><title>two</title><link>http://a/2"#
        )
        #expect(feed.title == "T")
        #expect(feed.items.map(\.link) == ["http://a/1"])
        #expect(feed.warnings.last == "the document ends inside item 2; that item was cut off and skipped")
    }

    @Test func unparseableDateIsNilWithAWarningNeverNow() throws {
        let feed = try parse(
            #"<rss version="2.0"><channel><item><title>x</title><pubDate>sometime soon</pubDate></item></channel></rss>"#
        )
        #expect(feed.items.first?.published == nil)
        #expect(feed.warnings == [#"item 1: unparseable date "sometime soon" in <pubDate>; left empty"#])
    }

    @Test func textBeforeTheFirstTagIsSkipped() throws {
        let feed = try parse(
            "\u{FEFF}\n\n  garbage\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title></channel></rss>"
        )
        #expect(feed.title == "T")
        #expect(feed.warnings.contains("skipped 8 bytes of text before the first tag"))
    }

    @Test func unescapedMarkupInsideDescriptionBecomesText() throws {
        let feed = try parse(
            #"<rss version="2.0"><channel><item><description><p>Hello <b>W</b>orld</p><p>again</p></description></item></channel></rss>"#
        )
        #expect(feed.items.first?.summary == "Hello World again")
    }

    @Test func itemWithoutIdOrLinkGetsAStableHashIdentifier() throws {
        let document =
            #"<rss version="2.0"><channel><item><title>Same</title><description>Body</description></item></channel></rss>"#
        let first = try parse(document)
        let second = try parse(document)
        #expect(first.items[0].id == second.items[0].id)
        #expect(first.items[0].id == FeedItem.fallbackIdentifier(title: "Same", content: "Body"))
        #expect(first.items[0].id.hasPrefix("hash:") && first.items[0].id.count == 21)
    }

    @Test func relativeLinksResolveAgainstXMLBaseThenTheDocumentURL() throws {
        let feed = try parse(
            """
            <rss version="2.0"><channel><link>/home</link>
            <item><link>a.html</link></item>
            <item xml:base="https://cdn.example/sub/"><link>b.html</link></item>
            <item><guid>https://p.example/permalink</guid></item>
            </channel></rss>
            """, url: "https://site.example/feeds/rss.xml")
        #expect(feed.link == "https://site.example/home")
        #expect(
            feed.items.map(\.link) == [
                "https://site.example/feeds/a.html", "https://cdn.example/sub/b.html", "https://p.example/permalink",
            ])
    }

    @Test func fieldsOverTheLimitAreCut() throws {
        let long = String(repeating: "é", count: 100)
        let parser = FeedParser(limits: FeedParser.Limits(maxFieldBytes: 51))
        let feed = try parser.parse(
            Array("<rss version=\"2.0\"><channel><item><title>\(long)</title></item></channel></rss>".utf8))
        #expect(feed.items.first?.title == String(repeating: "é", count: 25))
        #expect(feed.warnings == ["item 1: a field was longer than 51 bytes and was cut short"])
    }

    @Test func itemsOverTheLimitAreSkipped() throws {
        let items = (1...5).map { "<item><title>\($0)</title></item>" }.joined()
        let parser = FeedParser(limits: FeedParser.Limits(maxItems: 3))
        let feed = try parser.parse(Array("<rss version=\"2.0\"><channel>\(items)</channel></rss>".utf8))
        #expect(feed.items.map(\.title) == ["1", "2", "3"])
        #expect(feed.warnings == ["the feed has more than 3 items; the rest were skipped"])
    }
}

/// Windows-1252 habits that survive into feeds.
@Suite struct Windows1252HabitTests {
    @Test func numericReferencesToC1ControlsAreWindows1252Punctuation() throws {
        let feed = try parse(
            #"<rss version="2.0"><channel><item><title>don&#146;t &#147;quote&#148; &#129;x</title></item></channel></rss>"#
        )
        #expect(feed.items.first?.title == "don’t “quote” x")
    }
}

/// Documents that are feeds in all but the letter.
@Suite struct FeedLeniencyTests {
    @Test func atomEntryDocumentIsAFeedOfOneItem() throws {
        let feed = try parse(
            #"<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:e1</id><title>Solo</title><link href="http://e.example/1"/></entry>"#
        )
        #expect(feed.format == .atom10)
        #expect(feed.items.map(\.id) == ["urn:e1"])
        #expect(feed.items.first?.link == "http://e.example/1")
        #expect(feed.warnings == [])
    }

    @Test func atomInAnUnknownNamespaceIsReadAsAtom() throws {
        let feed = try parse(
            #"<feed version="0.3" xmlns="http://example.com/newformat#"><title>Example Atom</title><entry><title>E</title></entry></feed>"#
        )
        #expect(feed.format == .atom03)
        #expect(feed.title == "Example Atom")
        #expect(feed.items.map(\.title) == ["E"])
    }

    @Test func feedBehindAnHTMLDoctypeIsStillAFeed() throws {
        let feed = try parse(
            #"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><rss version="2.0"><channel><title>found</title></channel></rss>"#
        )
        #expect(feed.title == "found")
    }

    @Test func emptyRSS090IsRecognisedByItsNamespace() throws {
        let feed = try parse(
            #"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"></rdf:RDF>"#
        )
        #expect(feed.format == .rss090)
    }

    @Test func atomBase64ContentIsDecodedButUnknownTitleTypesAreText() throws {
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry>
            <title type="application/x-custom">test</title>
            <content type="application/octet-stream">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</content>
            </entry></feed>
            """)
        #expect(feed.items.first?.title == "test")
        #expect(feed.items.first?.content == "Example <b>Atom</b>")
    }

    @Test func capitalHexReferenceIsRead() throws {
        let feed = try parse(#"<rss version="2.0"><channel><item><title>&#X41;B</title></item></channel></rss>"#)
        #expect(feed.items.first?.title == "AB")
        #expect(feed.warnings.first == "read 1 '&#X' references as '&#x'")
    }

    @Test func fullTextElementsAndModuleFieldsAreRead() throws {
        let feed = try parse(
            """
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"
                 xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:xhtml="http://www.w3.org/1999/xhtml">
            <channel><language>en_US</language>
            <item><xhtml:body><xhtml:p>Body <xhtml:b>text</xhtml:b></xhtml:p></xhtml:body><dc:author>Dee</dc:author>
              <media:category>science</media:category><itunes:category text="Technology"/></item>
            <item><fullitem>&lt;p&gt;Full&lt;/p&gt;</fullitem></item>
            </channel></rss>
            """)
        #expect(feed.language == "en-US")
        #expect(feed.items.map(\.content) == ["Body text", "Full"])
        #expect(feed.items.first?.authors == ["Dee"])
        #expect(feed.items.first?.categories == ["science", "Technology"])
    }

    @Test func jsonFeedWithABareVersionNumber() throws {
        let feed = try parse(#"{"version": "1.0", "title": "J", "items": [{"id": "1", "title": "x"}]}"#)
        #expect(feed.format == .json10)
        #expect(feed.items.map(\.id) == ["1"])
    }

    @Test func rss2MinorVersionsAreRSS20() throws {
        #expect(try parse(#"<rss version="2.1"><channel/></rss>"#).format == .rss20)
    }
}
