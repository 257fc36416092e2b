import Foundation
import Testing

@testable import VigieFeeds

/// Hostile documents: nothing external is read, expansion and depth are bounded, and it all fails fast.
@Suite struct FeedSafetyTests {
    @Test func externalEntityIsNeverLoaded() throws {
        let feed = try parse(
            """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY web SYSTEM "http://127.0.0.1:9/x">]>
            <rss version="2.0"><channel><title>[&xxe;]</title><item><title>[&web;]</title></item></channel></rss>
            """)
        #expect(feed.title == "[]")
        #expect(feed.items.first?.title == "[]")
        #expect(
            feed.warnings == [
                "the external entity &xxe; was not loaded (Vigie never reads external resources)",
                "the external entity &web; was not loaded (Vigie never reads external resources)",
            ])
    }

    @Test func externalDTDAndParameterEntitiesAreNotLoaded() throws {
        let feed = try parse(
            """
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "file:///etc/passwd" [<!ENTITY % pe SYSTEM "file:///etc/passwd"> %pe;]>
            <rss version="2.0"><channel><title>T</title><item><title>x</title></item></channel></rss>
            """)
        #expect(feed.title == "T")
        #expect(feed.items.map(\.title) == ["x"])
        #expect(!feed.warnings.joined().contains("root:"))
    }

    @Test func billionLaughsFailsFast() throws {
        var declarations = #"<!ENTITY lol0 "lol">"#
        for level in 1...9 {
            declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let document =
            "<!DOCTYPE rss [\(declarations)]><rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>"
        let outcome = parseError(Array(document.utf8))
        let error = try #require(outcome)
        #expect(error.code == .limitExceeded)
        #expect(error.message.contains("entity"))
    }

    @Test func quadraticBlowupIsBounded() throws {
        let big = String(repeating: "x", count: 50_000)
        let references = String(repeating: "&big;", count: 50_000)
        let document =
            "<!DOCTYPE rss [<!ENTITY big \"\(big)\">]><rss version=\"2.0\"><channel><title>\(references)</title></channel></rss>"
        let outcome = parseError(Array(document.utf8))
        let error = try #require(outcome)
        #expect(error.code == .limitExceeded)
    }

    @Test func deepNestingIsRefused() throws {
        let depth = 100_000
        let document =
            "<rss version=\"2.0\"><channel>" + String(repeating: "<x>", count: depth)
            + String(repeating: "</x>", count: depth) + "</channel></rss>"
        let outcome = parseError(Array(document.utf8))
        let error = try #require(outcome)
        #expect(error.code == .limitExceeded)
        #expect(error.message.contains("Excessive depth"))
    }
}
