import Testing

@testable import VigieWatch

/// The matcher compiles watchlist values built in code (VigieConfig checks the ones it reads from files first): a
/// phrase it cannot match is refused with the watch and the key it was written at.
@Suite struct MatcherValueTests {
    @Test(arguments: [
        (Watch(name: "a", any: ["x", "—"]), "any[1]"),
        (Watch(name: "a", all: ["x", "..."]), "all[1]"),
        (Watch(name: "a", any: ["x"], not: ["?!"]), "not[0]"),
        (Watch(name: "a", any: ["x"], except: ["***"]), "except[0]"),
        (Watch(name: "a", any: ["x"], context: ["AI", "—"]), "context[1]"),
        (Watch(name: "a", entities: [Entity(name: "IBM"), Entity(name: "…")]), "entities[1].name"),
        (Watch(name: "a", entities: [Entity(name: "IBM", aliases: ["Big Blue", "—"])]), "entities[0].aliases[1]"),
        (Watch(name: "a", entities: [Entity(name: "IBM", except: ["—"])]), "entities[0].except[0]"),
    ])
    func aPhraseWithNoWordIsRefusedWithItsWatchAndKey(watch: Watch, key: String) throws {
        let watchlist = Watchlist(watches: [Watch(name: "first", any: ["x"]), watch])
        #expect(throws: WatchlistError.self) { try Matcher(watchlist: watchlist) }
        do {
            _ = try Matcher(watchlist: watchlist)
        } catch {
            #expect(error.watch == 1)
            #expect(error.key == key)
            #expect(error.reason.hasSuffix("has no letter or digit to match"))
            #expect(error.description == "watch[1].\(key): \(error.reason)")
        }
    }

    @Test(arguments: ["x", "A.I.", "Llama 3", "2024"])
    func phrasesWithAWordHaveWords(text: String) {
        #expect(TextNormalizer().hasWords(text))
    }

    @Test(arguments: ["", " ", "—", "...", "?!", "\u{0301}", "\u{200D}"])
    func punctuationAloneHasNoWord(text: String) {
        #expect(!TextNormalizer().hasWords(text))
    }
}
