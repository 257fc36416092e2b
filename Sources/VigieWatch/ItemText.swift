/// An item's fields normalised once, as one stream of tokens: title, then summary, then content.
///
/// Distances (`context_window`, `NEAR/n`) are counted in this stream, so a title word and a summary word can be
/// near each other; a phrase never spans two fields.
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

    /// Normalises the fields of `item`.
    init(_ item: MatchableItem, normalizer: TextNormalizer) {
        for field in WatchField.allCases {
            guard let original = item.text(of: field), !original.isEmpty else { continue }
            let text = normalizer.tokenize(original)
            guard !text.tokens.isEmpty else { continue }
            let start = tokens.count
            tokens.append(contentsOf: text.tokens)
            tokens[start].flags.insert(.fieldStart)
            fields.append(Field(field: field, text: text, range: start..<tokens.count))
        }
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
