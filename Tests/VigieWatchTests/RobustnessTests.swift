import Testing

@testable import VigieWatch

/// Random texts made of the characters the normaliser treats specially: no crash, and the invariants hold.
@Suite struct RobustnessTests {
    /// Pieces random texts are made of: words, names from the default watchlist, and every kind of punctuation.
    private static let pieces: [String] = [
        "Meta", "IBM", "A", "I", "s", "AI", "Alliance", "é", "e\u{301}", "ß", "Ｉ", "ﬁ", "²", "\u{41C}", "漢字", "한",
        "'", "’", "-", "–", " – ", ".", "...", "…", "#", "&", "*", ",", ";", "(", ")", "«", "»", "\"", " ", " ", "\n",
        "\u{AD}", "\u{200B}", "\u{200D}", "·", "3", "42", "www", "😀", "\u{301}",
    ]

    @Test func randomTextsKeepTheInvariants() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        let normalizer = TextNormalizer()
        for _ in 0..<2000 {
            let text = (0..<next(30)).map { _ in Self.pieces[next(Self.pieces.count)] }.joined()
            let normalized = normalizer.tokenize(text)
            let size = text.utf8.count
            for token in normalized.tokens {
                #expect(!token.text.isEmpty)
                #expect(0 <= token.start && token.start < token.end && token.end <= size)
            }
            #expect(zip(normalized.tokens, normalized.tokens.dropFirst()).allSatisfy { $0.end <= $1.start })
            for match in defaultMatcher.match(MatchableItem(id: "r", title: text, summary: text + " AI")) {
                #expect(match.snippet.count <= 240)
                #expect(!match.terms.isEmpty)
            }
            _ = defaultMatcher.explain(MatchableItem(id: "r", title: text))
        }
    }
}
