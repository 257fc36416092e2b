import Foundation
import Testing

@testable import VigieFeeds

/// Every format Vigie reads, detected from the document and mapped to the same model.
@Suite struct FeedFormatTests {
    @Test func rss090ItemsBesideTheChannel() throws {
        let feed = try parse(
            """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
              <channel><title>Mozilla Dot Org</title><link>http://www.mozilla.org</link></channel>
              <image><title>Mozilla</title><url>http://www.mozilla.org/image.gif</url></image>
              <item><title>New Status Updates</title><link>http://www.mozilla.org/status/</link></item>
              <item><title>Bugzilla Reorganized</title><link>http://www.mozilla.org/bugs/</link></item>
            </rdf:RDF>
            """)
        #expect(feed.format == .rss090)
        #expect(feed.title == "Mozilla Dot Org")
        #expect(feed.link == "http://www.mozilla.org")
        #expect(feed.items.map(\.title) == ["New Status Updates", "Bugzilla Reorganized"])
        #expect(feed.items.map(\.id) == ["http://www.mozilla.org/status/", "http://www.mozilla.org/bugs/"])
    }

    @Test func rss091NetscapeIsToldFromUserLandByItsDTD() throws {
        let netscape = try parse(
            """
            <?xml version="1.0"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>N</title><language>en</language>
            <item><title>One</title><link>http://n.example/1</link><description>First &amp; best</description></item>
            </channel></rss>
            """)
        #expect(netscape.format == .rss091n)
        #expect(netscape.language == "en")
        #expect(netscape.items.first?.summary == "First & best")
        let userland = try parse(
            #"<rss version="0.91"><channel><title>U</title><item><title>One</title></item></channel></rss>"#)
        #expect(userland.format == .rss091u)
    }

    @Test(arguments: [
        ("0.92", FeedFormat.rss092), ("0.93", .rss093), ("0.94", .rss094), ("2.0", .rss20), ("2.0.1", .rss20),
        ("", .rss), ("3.0", .rss),
    ])
    func rssVersionsAreDetectedFromTheVersionAttribute(version: String, format: FeedFormat) throws {
        let feed = try parse(
            #"<rss version="\#(version)"><channel><title>T</title><item><title>I</title></item></channel></rss>"#)
        #expect(feed.format == format)
        #expect(feed.items.map(\.title) == ["I"])
    }

    @Test func rss10WithModules() throws {
        let feed = try parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
                     xmlns:content="http://purl.org/rss/1.0/modules/content/">
              <channel rdf:about="http://x.example/rss"><title>X</title><link>http://x.example/</link>
                <dc:language>fr</dc:language><dc:date>2024-02-08T09:00:00+01:00</dc:date>
                <sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>
                <items><rdf:Seq><rdf:li resource="http://x.example/1"/></rdf:Seq></items>
              </channel>
              <item rdf:about="http://x.example/1">
                <title>Un</title><link>http://x.example/1.html</link>
                <description>Résumé</description><content:encoded><![CDATA[<p>Texte <b>complet</b></p>]]></content:encoded>
                <dc:creator>Alice</dc:creator><dc:subject>IA</dc:subject><dc:date>2024-02-08T10:30:00+01:00</dc:date>
              </item>
            </rdf:RDF>
            """)
        #expect(feed.format == .rss10)
        #expect(feed.language == "fr")
        #expect(stamp(feed.updated) == "2024-02-08T08:00:00Z")
        #expect(feed.refreshInterval == 1800)
        let item = try #require(feed.items.first)
        #expect(item.id == "http://x.example/1")
        #expect(item.link == "http://x.example/1.html")
        #expect(item.summary == "Résumé")
        #expect(item.content == "Texte complet")
        #expect(item.authors == ["Alice"])
        #expect(item.categories == ["IA"])
        #expect(stamp(item.published) == "2024-02-08T09:30:00Z")
    }

    @Test func rss20FullItem() throws {
        let feed = try parse(
            """
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                 xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
            <channel>
              <title>Tech &amp; Co</title><link>https://tech.example/</link><language>en-GB</language>
              <lastBuildDate>Tue, 05 Dec 2023 12:00:00 GMT</lastBuildDate><ttl>30</ttl>
              <atom:link rel="self" href="https://tech.example/feed"/>
              <image><title>Logo</title><link>https://tech.example/logo</link></image>
              <item>
                <title>Meta and IBM launch the AI Alliance</title>
                <link>https://tech.example/ai-alliance</link>
                <guid isPermaLink="false">tech-123</guid>
                <pubDate>Tue, 05 Dec 2023 09:15:00 -0500</pubDate>
                <author>jane@tech.example (Jane Doe)</author>
                <category>AI</category><category>Open source</category><category>AI</category>
                <description>&lt;p&gt;Over 50 &lt;em&gt;founding&lt;/em&gt; members.&lt;/p&gt;</description>
                <content:encoded><![CDATA[<p>Full <a href="/x">story</a>.</p><script>track()</script>]]></content:encoded>
                <source url="https://other.example/rss">Other</source>
              </item>
            </channel></rss>
            """)
        #expect(feed.format == .rss20)
        #expect(feed.title == "Tech & Co")
        #expect(feed.link == "https://tech.example/")
        #expect(feed.language == "en-GB")
        #expect(stamp(feed.updated) == "2023-12-05T12:00:00Z")
        #expect(feed.refreshInterval == 1800)
        #expect(feed.warnings == [])
        let item = try #require(feed.items.first)
        #expect(
            item
                == FeedItem(
                    id: "tech-123", title: "Meta and IBM launch the AI Alliance",
                    link: "https://tech.example/ai-alliance", published: DateParser.parse("2023-12-05T14:15:00Z"),
                    authors: ["jane@tech.example (Jane Doe)"], categories: ["AI", "Open source"],
                    summary: "Over 50 founding members.", content: "Full story."))
    }

    @Test func atom10TextConstructsAndLinks() throws {
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="https://blog.example/">
              <title type="html">Blog &lt;b&gt;One&lt;/b&gt;</title>
              <link rel="self" href="/feed.atom"/><link href="/"/>
              <updated>2024-01-02T03:04:05Z</updated>
              <entry>
                <title type="text">A &lt;tag&gt; is text</title>
                <link rel="alternate" type="text/html" href="posts/1"/>
                <link rel="enclosure" href="/audio.mp3"/>
                <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
                <published>2024-01-01T10:00:00+02:00</published><updated>2024-01-02T00:00:00Z</updated>
                <author><name>Ann</name><email>ann@blog.example</email></author>
                <contributor><email>bob@blog.example</email></contributor>
                <category term="ai" label="AI"/>
                <summary type="html">&lt;p&gt;Short&lt;/p&gt;</summary>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Long <b>body</b> &amp; more</p><p>Next</p></div></content>
                <source><title>Not this</title><id>urn:other</id></source>
              </entry>
            </feed>
            """)
        #expect(feed.format == .atom10)
        #expect(feed.title == "Blog One")
        #expect(feed.link == "https://blog.example/")
        #expect(feed.language == "en")
        #expect(stamp(feed.updated) == "2024-01-02T03:04:05Z")
        let item = try #require(feed.items.first)
        #expect(item.title == "A <tag> is text")
        #expect(item.link == "https://blog.example/posts/1")
        #expect(item.id == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a")
        #expect(stamp(item.published) == "2024-01-01T08:00:00Z")
        #expect(stamp(item.updated) == "2024-01-02T00:00:00Z")
        #expect(item.authors == ["Ann", "bob@blog.example"])
        #expect(item.categories == ["ai"])
        #expect(item.summary == "Short")
        #expect(item.content == "Long body & more Next")
    }

    @Test func atom03WithAndWithoutNamespace() throws {
        for namespace in [#" xmlns="http://purl.org/atom/ns#""#, ""] {
            let feed = try parse(
                """
                <feed version="0.3"\(namespace)>
                  <title mode="escaped" type="text/html">Old &amp;lt;i&amp;gt;Atom&amp;lt;/i&amp;gt;</title>
                  <link rel="alternate" type="text/html" href="http://old.example/"/>
                  <modified>2004-01-05T12:00:00Z</modified>
                  <entry>
                    <title>Entry</title><link rel="alternate" href="http://old.example/1"/><id>tag:old,2004:1</id>
                    <issued>2004-01-05T10:00:00-05:00</issued><modified>2004-01-05T16:00:00Z</modified>
                    <summary type="text/plain">Plain summary</summary>
                    <content type="text/html" mode="base64">PHA+SGVsbG8gPGI+d29ybGQ8L2I+PC9wPg==</content>
                  </entry>
                </feed>
                """)
            #expect(feed.format == .atom03)
            #expect(feed.title == "Old Atom")
            #expect(feed.link == "http://old.example/")
            #expect(stamp(feed.updated) == "2004-01-05T12:00:00Z")
            let item = try #require(feed.items.first)
            #expect(item.link == "http://old.example/1")
            #expect(stamp(item.published) == "2004-01-05T15:00:00Z")
            #expect(stamp(item.updated) == "2004-01-05T16:00:00Z")
            #expect(item.summary == "Plain summary")
            #expect(item.content == "Hello world")
        }
    }

    @Test func jsonFeed11() throws {
        let feed = try parse(
            """
            {"version": "https://jsonfeed.org/version/1.1", "title": "JF", "home_page_url": "https://jf.example/",
             "language": "en", "items": [
              {"id": 42, "url": "/p/1", "title": "Hello", "content_html": "<p>Body &amp; soul</p>",
               "summary": "Sum", "date_published": "2024-03-01T12:00:00+01:00", "authors": [{"name": "Zed"}],
               "tags": ["ai", "ai", "llm"]},
              {"id": "b", "content_text": "Only text"}]}
            """, url: "https://jf.example/feed.json")
        #expect(feed.format == .json11)
        #expect(feed.title == "JF")
        #expect(feed.language == "en")
        #expect(feed.items.count == 2)
        let first = feed.items[0]
        #expect(first.id == "42")
        #expect(first.link == "https://jf.example/p/1")
        #expect(first.content == "Body & soul")
        #expect(first.summary == "Sum")
        #expect(stamp(first.published) == "2024-03-01T11:00:00Z")
        #expect(first.authors == ["Zed"])
        #expect(first.categories == ["ai", "llm"])
        #expect(feed.items[1].content == "Only text")
    }

    @Test func jsonFeed10WithSingleAuthor() throws {
        let feed = try parse(
            #"{"version":"https://jsonfeed.org/version/1","title":"Old","items":[{"id":"1","author":{"name":"A"},"content_text":"x"}]}"#
        )
        #expect(feed.format == .json10)
        #expect(feed.items.first?.authors == ["A"])
    }

    @Test func jsonThatIsNotAFeedIsRefused() {
        #expect(parseError(Array(#"{"hello": "world"}"#.utf8))?.code == .notAFeed)
        #expect(
            parseError(Array(#"{"version": "https://jsonfeed.org/version/1", "items": "#.utf8))?.code == .unreadable)
    }
}
