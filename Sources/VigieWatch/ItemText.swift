/// An item's fields normalised once, as one stream of tokens: title, then summary, then content.
///
/// Distances (`context_window`, `NEAR/n`) are counted in this stream, so a title word and a summary word can be
/// near each other; a phrase never spans two fields. Letters of scripts written without spaces are tokens of their
/// own, and a Japanese or Chinese word is about two of them: distances count two such tokens as one word, so that
/// `context_window = 30` means about as much text in Japanese as in English.
struct ItemText {
    /// One field's text and where its tokens are in the stream.
    struct Field {
        /// Which field.
        var field: WatchField
        /// Its normalised text.
        var text: NormalizedText
        /// The indices of its tokens in the stream.
        var range: Range<Int>
    }

    /// The fields present, in item order.
    private(set) var fields: [Field] = []
    /// All tokens of all fields.
    private(set) var tokens: [NormalizedText.Token] = []
    /// When some token is a CJK letter: for each stream index, the half-words before it (2 per token, 1 per CJK
    /// letter), with one more entry at the end. `nil` for text without them, where a token is a word.
    private var halfWords: [Int32]?

    /// Normalises the fields of `item`.
    init(_ item: MatchableItem, normalizer: TextNormalizer) {
        // Feeds often carry the same text as summary and content: it is normalised once.
        var previous: (original: String, text: NormalizedText)?
        for field in WatchField.allCases {
            guard let original = item.text(of: field), !original.isEmpty else { continue }
            let text = previous.flatMap { $0.original == original ? $0.text : nil } ?? normalizer.tokenize(original)
            previous = (original, text)
            guard !text.tokens.isEmpty else { continue }
            let start = tokens.count
            tokens.append(contentsOf: text.tokens)
            tokens[start].flags.insert(.fieldStart)
            fields.append(Field(field: field, text: text, range: start..<tokens.count))
        }
        if tokens.contains(where: { $0.flags.contains(.cjk) }) {
            var counts: [Int32] = [0]
            counts.reserveCapacity(tokens.count + 1)
            for token in tokens { counts.append(counts[counts.count - 1] + (token.flags.contains(.cjk) ? 1 : 2)) }
            halfWords = counts
        }
    }

    /// Whether distances count CJK letters as half-words (some token is one): an index of occurrences by token
    /// position must then look twice as far for the same number of words.
    var tokensPerWord: Int { halfWords == nil ? 1 : 2 }

    /// The number of words between two token spans (0 when adjacent or overlapping), two CJK letters counting as
    /// one word (rounded up).
    func gap(_ a: ClosedRange<Int>, _ b: ClosedRange<Int>) -> Int {
        guard let halfWords else { return ItemSpan.gap(a, b) }
        if a.overlaps(b) { return 0 }
        let (first, second) = a.upperBound < b.lowerBound ? (a, b) : (b, a)
        let between = halfWords[second.lowerBound] - halfWords[first.upperBound + 1]
        return Int((between + 1) / 2)
    }

    /// The field holding stream token `index`.
    func field(at index: Int) -> Field {
        for field in fields where field.range.contains(index) { return field }
        return fields[fields.count - 1]
    }

    /// The original text of stream tokens `start...end` (one field), from the first's start to the last's end.
    func original(_ start: Int, _ end: Int) -> String {
        field(at: start).text.originalText(tokens[start].start, tokens[end].end)
    }

    /// The token's normalised form with its case kept, for case-sensitive phrases.
    func casedText(_ index: Int) -> String {
        TextNormalizer(foldsCase: false).tokenize(original(index, index)).tokens.map(\.text).joined()
    }

    /// Whether the compound around stream tokens `start...end` is a code (a part of it holds a digit, as in
    /// `AI-301DA`) rather than words (`AI-powered`).
    func isCode(around start: Int, _ end: Int) -> Bool {
        var first = start
        while first > 0 && tokens[first - 1].flags.contains(.joinedToNext) && !tokens[first].flags.contains(.fieldStart)
        {
            first -= 1
        }
        var last = end
        while tokens[last].flags.contains(.joinedToNext) && last + 1 < tokens.count { last += 1 }
        return tokens[first...last].contains { $0.text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }
    }

    /// The whole compound (hyphenated or dotted word, hashtag) around stream tokens `start...end`, as written.
    func compound(around start: Int, _ end: Int) -> String {
        var first = start
        while first > 0 && tokens[first - 1].flags.contains(.joinedToNext) && !tokens[first].flags.contains(.fieldStart)
        {
            first -= 1
        }
        var last = end
        while tokens[last].flags.contains(.joinedToNext) && last + 1 < tokens.count { last += 1 }
        return original(first, last)
    }
}
