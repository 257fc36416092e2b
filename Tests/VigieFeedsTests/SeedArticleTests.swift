import Foundation
import Testing

@testable import VigieFeeds

/// The article Vigie was born from (La Tribune, December 2023), as an RSS 2.0 item in ISO-8859-1 with HTML in its
/// description; built by `Tools/make-seed-fixture.py`, which also writes the expected plain text.
@Suite struct SeedArticleTests {
    @Test func seedArticleComesOutAsCorrectUTF8PlainText() throws {
        let feed = try FeedParser().parse(try Fixtures.bytes("seed/la-tribune-rss20-latin1.xml"))
        #expect(feed.format == .rss20)
        #expect(feed.warnings == [])
        #expect(feed.title == "La Tribune - Technos & Médias")
        #expect(feed.language == "fr")
        let item = try #require(feed.items.first)
        #expect(
            item.title
                == "IA générative : Meta et IBM lancent l'AI Alliance, une riposte économique et éthique à Microsoft et Google"
        )
        #expect(item.id == "latribune-ai-alliance-2023-12")
        #expect(stamp(item.published) == "2023-12-06T16:30:00Z")
        #expect(item.authors == ["Sylvain Rolland"])
        #expect(item.categories == ["Numérique"])
        let expected = try Fixtures.text("seed/la-tribune-expected.txt").trimmingCharacters(in: .newlines)
        #expect(item.summary == expected)
        #expect(item.summary?.hasPrefix("Meta, IBM et une cinquantaine d'entreprises") == true)
    }
}
