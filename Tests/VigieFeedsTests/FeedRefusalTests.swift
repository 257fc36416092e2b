import Foundation
import Testing

@testable import VigieFeeds

/// Input that is not a feed gets a clear, one-line reason.
@Suite struct FeedRefusalTests {
    @Test func emptyAndWhitespaceDocuments() {
        #expect(parseError([])?.code == .empty)
        #expect(parseError(Array(" \n\t ".utf8))?.message == "the document is empty")
    }

    @Test func htmlPageNamesTheFeedsItAnnounces() throws {
        let page = """
            <!DOCTYPE html><html><head><title>News</title>
            <link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/atom+xml" href="https://news.example/atom">
            </head><body><p>Hello</p></body></html>
            """
        let error = try #require(parseError(Array(page.utf8)))
        #expect(error.code == .htmlPage)
        #expect(error.alternates == ["/rss.xml", "https://news.example/atom"])
        do {
            _ = try FeedParser().parse(Array(page.utf8), documentURL: "https://news.example/index.html")
            Issue.record("an HTML page parsed as a feed")
        } catch {
            #expect(error.alternates == ["https://news.example/rss.xml", "https://news.example/atom"])
            #expect(
                error.message
                    == "not a feed: this is an HTML page; it announces https://news.example/rss.xml, https://news.example/atom"
            )
        }
    }

    @Test func htmlPageWithoutFeeds() {
        #expect(
            parseError(Array("<html><body>hi</body></html>".utf8))?.message
                == "not a feed: this is an HTML page, and it announces no feed")
    }

    @Test func otherXMLIsNotAFeed() {
        let error = parseError(Array(#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>"#.utf8))
        #expect(error?.code == .notAFeed)
        #expect(error?.message == "not a feed: the root element is <svg>, not <rss>, <rdf:RDF> or <feed>")
    }

    @Test func binaryAndPlainTextAreUnreadable() {
        #expect(parseError([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])?.code == .unreadable)
        #expect(parseError(Array("just some words".utf8))?.code == .unreadable)
    }

    @Test func documentOverTheSizeLimit() {
        let parser = FeedParser(limits: FeedParser.Limits(maxDocumentBytes: 10))
        #expect(throws: FeedParseError.self) { try parser.parse(Array("<rss><channel/></rss>".utf8)) }
    }
}
