import Testing
import VigieFeeds

@Suite struct CanonicalLinkTests {
    @Test(arguments: [
        ("HTTPS://Example.COM/Path?b=2&a=1#section", "https://example.com/Path?b=2&a=1"),
        ("http://example.com:80/x", "http://example.com/x"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        (
            "https://news.example/a?utm_source=rss&utm_medium=feed&id=7&fbclid=abc&gclid=z",
            "https://news.example/a?id=7"
        ),
        ("https://news.example/a?utm_campaign=x", "https://news.example/a"),
        ("https://user:pw@example.com/a", "https://example.com/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://example.com/a?ref=home", "https://example.com/a?ref=home"),
    ])
    func canonicalForms(link: String, expected: String) {
        #expect(CanonicalLink.canonical(link) == expected)
    }

    @Test(arguments: ["mailto:a@b.c", "/relative/path", "ftp://example.com/x", "https://", ""])
    func nonWebLinksHaveNoCanonicalForm(link: String) {
        #expect(CanonicalLink.canonical(link) == nil)
    }

    @Test func articleKeys() {
        #expect(
            CanonicalLink.articleKey(link: "https://x.example/a?utm_source=z", id: "1", feedURL: "https://f/rss")
                == "https://x.example/a")
        #expect(
            CanonicalLink.articleKey(link: nil, id: "tag:x.example,2024:42", feedURL: "https://f/rss")
                == "tag:x.example,2024:42")
        #expect(CanonicalLink.articleKey(link: nil, id: "42", feedURL: "https://f/rss") == "https://f/rss#42")
        #expect(CanonicalLink.articleKey(link: "/relative", id: "42", feedURL: "https://f/rss") == "https://f/rss#42")
    }
}
