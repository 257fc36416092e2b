import Foundation
import Testing
import VigieFeeds

/// `vigie feeds discover`'s pure part: which URLs a page makes worth trying, and how a feed found is written.
@Suite struct FeedDiscoveryTests {
    private func announced(_ head: String, pageURL: String? = "https://news.example/blog/post.html") -> [String] {
        let page = "<!DOCTYPE html><html><head><title>News</title>\(head)</head><body><p>Hello</p></body></html>"
        return FeedDiscovery.announcedFeeds(inPage: Array(page.utf8), pageURL: pageURL)
    }

    @Test func relativeHrefsResolveAgainstThePageURL() {
        let head = """
            <link rel="alternate" type="application/rss+xml" href="rss.xml">
            <link rel="alternate" type="application/atom+xml" href="/atom">
            <link rel="alternate" type="application/feed+json" href="//cdn.example/feed.json">
            <link rel="alternate" type="application/rss+xml" href="../comments/feed/?x=1&amp;y=2">
            <link rel="alternate" type="application/atom+xml" href="https://other.example/a.xml">
            """
        #expect(
            announced(head) == [
                "https://news.example/blog/rss.xml", "https://news.example/atom", "https://cdn.example/feed.json",
                "https://news.example/comments/feed/?x=1&y=2", "https://other.example/a.xml",
            ])
    }

    @Test func baseHrefWinsOverThePageURL() {
        let head = """
            <base href="https://static.example/site/">
            <link rel="alternate" type="application/rss+xml" href="feed.xml">
            <link rel="alternate" type="application/atom+xml" href="/atom.xml">
            """
        #expect(announced(head) == ["https://static.example/site/feed.xml", "https://static.example/atom.xml"])
    }

    @Test func aRelativeBaseHrefResolvesAgainstThePageURL() {
        let head = """
            <base href="/archive/">
            <link rel="alternate" type="application/rss+xml" href="feed.xml">
            """
        #expect(announced(head) == ["https://news.example/archive/feed.xml"])
    }

    @Test func withoutAPageURLHrefsStayAsWritten() {
        let head = #"<link rel="alternate" type="application/rss+xml" href="/rss.xml">"#
        #expect(announced(head, pageURL: nil) == ["/rss.xml"])
    }

    @Test func onlyFeedAlternatesCount() {
        let head = """
            <link rel="stylesheet" type="text/css" href="/s.css">
            <link rel="alternate" hreflang="fr" href="/fr/">
            <link rel="alternate" type="text/html" href="/print/">
            <link rel="alternate" type="application/json+oembed" href="/oembed?url=x">
            <link rel="alternate" type="application/rdf+xml" href="/data.rdf">
            <link rel="canonical" type="application/rss+xml" href="/not-alternate.xml">
            <link rel="alternate" type="application/rss+xml">
            <link rel="Alternate Home" type="Application/RSS+XML; charset=utf-8" href="/rss.xml">
            <link rel="alternate" type="application/json" href="/feed.json">
            """
        #expect(announced(head) == ["https://news.example/rss.xml", "https://news.example/feed.json"])
    }

    @Test(arguments: [
        ("application/rss+xml", true), ("application/atom+xml", true), ("application/feed+json", true),
        ("application/json", true), ("APPLICATION/ATOM+XML", true), ("application/rss+xml; charset=UTF-8", true),
        (" application/atom+xml ", true), ("text/rss+xml", true), ("application/x-rss+xml", true),
        ("application/x-atom+xml", true), ("application/rdf+xml", false), ("application/json+oembed", false),
        ("text/html", false), ("text/css", false), ("image/rss+xml", false), ("", false), ("rss", false),
        ("application/rss+xml/x", false),
    ])
    func feedMediaTypes(type: String, isFeed: Bool) {
        #expect(FeedDiscovery.isFeedMediaType(type) == isFeed)
    }

    @Test func theNotAFeedMessageLeavesPlainJSONOut() throws {
        // A page's REST API (WordPress) is typed application/json too: discovery checks it by parsing, while the
        // parser's message names only what is surely a feed.
        let page = """
            <html><head>
            <link rel="alternate" type="application/rss+xml" href="/feed/">
            <link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">
            </head><body></body></html>
            """
        #expect(
            FeedDiscovery.announcedFeeds(inPage: Array(page.utf8), pageURL: "https://blog.example/")
                == ["https://blog.example/feed/", "https://blog.example/wp-json/wp/v2/pages/2"])
        do {
            _ = try FeedParser().parse(Array(page.utf8), documentURL: "https://blog.example/")
            Issue.record("an HTML page parsed as a feed")
        } catch {
            #expect(error.alternates == ["https://blog.example/feed/"])
        }
    }

    @Test func noDuplicates() {
        let head = """
            <link rel="alternate" type="application/rss+xml" href="/rss.xml">
            <link rel="alternate" type="application/rss+xml" title="again" href="/rss.xml">
            <link rel="alternate" type="application/rss+xml" href="https://news.example/rss.xml">
            <link rel="alternate" type="application/rss+xml" href="../rss.xml">
            <link rel="alternate" type="application/atom+xml" href="/atom.xml">
            """
        #expect(announced(head) == ["https://news.example/rss.xml", "https://news.example/atom.xml"])
    }

    @Test func aPageInAnotherCharsetStillGivesItsFeeds() {
        // windows-1252 bytes (é is 0xE9) around the link, and the HTTP charset that says so.
        let page: [UInt8] =
            Array("<html><head><title>Actualit".utf8) + [0xE9] + Array("s</title>".utf8)
            + Array(#"<link rel="alternate" type="application/rss+xml" href="/actualit%C3%A9s.xml">"#.utf8)
            + Array("</head></html>".utf8)
        #expect(
            FeedDiscovery.announcedFeeds(inPage: page, pageURL: "https://presse.example/", charset: "windows-1252")
                == ["https://presse.example/actualit%C3%A9s.xml"])
    }

    @Test func conventionalPathsForAPageWithAPathAndAQuery() {
        #expect(
            FeedDiscovery.conventionalPaths(for: "HTTPS://news.example:8443/topics/ai?page=2#latest") == [
                "https://news.example:8443/feed", "https://news.example:8443/feed/",
                "https://news.example:8443/rss", "https://news.example:8443/rss.xml",
                "https://news.example:8443/atom.xml", "https://news.example:8443/feed.xml",
                "https://news.example:8443/index.xml", "https://news.example:8443/feeds/posts/default",
                "https://news.example:8443/?feed=rss2", "https://news.example:8443/topics/ai/feed/",
            ])
    }

    @Test(arguments: [
        ("https://news.example/topics/ai/", "https://news.example/topics/ai/feed/"),
        ("https://news.example/blog/index.html", "https://news.example/blog/feed/"),
        ("https://news.example/blog/index.html?x=1", "https://news.example/blog/feed/"),
        ("http://127.0.0.1:8080/news", "http://127.0.0.1:8080/news/feed/"),
    ])
    func thePagesOwnFolderFollowedByFeed(page: String, expected: String) {
        let paths = FeedDiscovery.conventionalPaths(for: page)
        #expect(paths.count == FeedDiscovery.usualPaths.count + 1)
        #expect(paths.last == expected)
    }

    @Test func aSitesRootPageAddsNothingTwice() {
        let paths = FeedDiscovery.conventionalPaths(for: "https://news.example")
        #expect(paths == FeedDiscovery.usualPaths.map { "https://news.example" + $0 })
        #expect(Set(paths).count == paths.count)
        #expect(FeedDiscovery.conventionalPaths(for: "https://news.example/?p=4") == paths)
    }

    @Test(arguments: ["file:///srv/www/index.html", "ftp://news.example/", "/relative/page", "https://", ""])
    func noConventionalPathsOutsideAWebSite(page: String) {
        #expect(FeedDiscovery.conventionalPaths(for: page) == [])
    }

    @Test func candidatesAnnouncedFirstThenTheUsualPathsNotAnnounced() {
        let page = """
            <html><head>
            <link rel="alternate" type="application/atom+xml" href="/atom.xml">
            <link rel="alternate" type="application/rss+xml" href="/news/feed/">
            <link rel="alternate" type="application/rss+xml" href="/atom.xml">
            </head></html>
            """
        let candidates = FeedDiscovery.candidates(inPage: Array(page.utf8), pageURL: "https://news.example/news/")
        #expect(
            candidates.filter(\.announced).map(\.url) == [
                "https://news.example/atom.xml", "https://news.example/news/feed/",
            ])
        #expect(candidates.prefix(2).allSatisfy { $0.announced })
        #expect(
            candidates.dropFirst(2).map(\.url) == [
                "https://news.example/feed", "https://news.example/feed/", "https://news.example/rss",
                "https://news.example/rss.xml", "https://news.example/feed.xml", "https://news.example/index.xml",
                "https://news.example/feeds/posts/default", "https://news.example/?feed=rss2",
            ])
        #expect(Set(candidates.map(\.url)).count == candidates.count)
    }

    @Test func aFeedFoundIsAReadyTable() throws {
        let feed = try parse(
            """
            <rss version="2.0"><channel><title>Le "Monde" \\ Tech\u{7}</title>
            <item><title>a</title><pubDate>Sat, 05 Dec 2026 10:00:00 GMT</pubDate></item>
            <item><title>b</title><pubDate>Sun, 06 Dec 2026 23:30:00 -0200</pubDate></item>
            <item><title>c</title></item>
            </channel></rss>
            """)
        #expect(
            FeedDiscovery.configTable(url: "https://news.example/feed.xml", feed: feed) == """
                [[feed]]
                url = "https://news.example/feed.xml"
                name = "Le \\"Monde\\" \\\\ Tech"
                # RSS 2.0, 3 items, newest 2026-12-07

                """)
    }

    @Test func aFeedWithoutTitleOrDatesHasNoNameLine() throws {
        let feed = try parse(#"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1"}]}"#)
        #expect(
            FeedDiscovery.configTable(url: "https://news.example/feed.json", feed: feed) == """
                [[feed]]
                url = "https://news.example/feed.json"
                # JSON Feed 1.1, 1 item

                """)
    }

    @Test(arguments: [
        ("plain", #""plain""#), ("a \"b\" c", #""a \"b\" c""#), (#"C:\x"#, #""C:\\x""#), ("l1\nl2\tx", #""l1\nl2\tx""#),
        ("bell\u{7}del\u{7F}", #""bell\u0007del\u007F""#), ("café – 日本", #""café – 日本""#),
    ])
    func tomlStrings(text: String, expected: String) {
        #expect(FeedDiscovery.tomlString(text) == expected)
    }
}
