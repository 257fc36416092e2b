/// A text cut into normalised tokens, each pointing back at the original text it came from.
///
/// Built by ``TextNormalizer``. Matching works on ``tokens``; what an alert shows (terms, snippets) is cut from
/// ``original`` with each token's UTF-8 offsets.
struct NormalizedText: Sendable {
    /// One word of the text, normalised.
    struct Token: Sendable, Equatable {
        /// Facts about a token and its neighbours.
        struct Flags: OptionSet, Sendable, Hashable {
            let rawValue: UInt8
            /// The next token follows with only a hyphen, a dot, a hashtag case change or `&` between: the two are
            /// parts of one compound (`Meta-analysis`, `thealliance.ai`, `#AIAlliance`, `W&B`).
            static let joinedToNext = Flags(rawValue: 1)
            /// Clause punctuation (`,` `;` `:` `/` brackets, a spaced dash, a full stop) stands between the previous
            /// token and this one.
            static let breakBefore = Flags(rawValue: 2)
            /// The word was followed by a possessive `'s` (`IBM's`, `IBM’s`), which is not part of the token.
            static let possessive = Flags(rawValue: 4)
            /// The token is made of digits only (a version or a number: `Gaudi-3`, `4.5`).
            static let numeric = Flags(rawValue: 8)
            /// The token starts a new field of an item: nothing matches across it.
            static let fieldStart = Flags(rawValue: 16)
            /// The token is one letter of a script written without spaces (``ScalarClass/Kind/cjk``): distances
            /// count two of them as one word.
            static let cjk = Flags(rawValue: 32)
        }

        /// The normalised form (NFKC, accents removed, case folded unless the normaliser keeps case).
        var text: String
        /// Where the token starts in the original text, as a UTF-8 offset.
        var start: Int
        /// Where the token ends in the original text, as a UTF-8 offset (exclusive).
        var end: Int
        /// Facts about the token.
        var flags: Flags
    }

    /// The text as given.
    var original: String
    /// The tokens, in text order.
    var tokens: [Token]
    /// The whole text is written in capitals (a shouting headline: at least 8 capital letters, no lower-case
    /// one and no CJK letter, since Latin names in Japanese text keep their capitals), so letter case carries no
    /// information: terms marked case-sensitive compare without case here.
    var isShouting: Bool

    /// The original text of UTF-8 offsets `start..<end`.
    func originalText(_ start: Int, _ end: Int) -> String {
        let utf8 = original.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(lower, offsetBy: end - start)
        return String(decoding: utf8[lower..<upper], as: UTF8.self)
    }
}
