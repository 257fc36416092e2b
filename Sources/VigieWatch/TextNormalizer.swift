/// Turns text into the normalised tokens that watch phrases are matched against.
///
/// The same normaliser reads watchlist phrases and item text, so both sides always agree. It applies, in order:
/// - Unicode compatibility normalisation (NFKC's mappings: full-width `ＡＩ` is `AI`, `ﬁ` is `fi`, `²` is `2`), then
///   accent folding (`générative` is `generative`) and case folding (`ß` is `ss`), unless ``foldsCase`` is off;
/// - punctuation unified: every apostrophe (`'` `’` `ʼ` …) is one, every dash (`-` `‐` `–` `−` …) is a hyphen,
///   quotation marks (`"` `“` `«` …) separate words like spaces do;
/// - word-boundary tokens: letters and digits make words, so a phrase never matches inside a word (`Intelligent`
///   is not `Intel`, `metadata` is not `Meta`);
/// - scripts written without spaces (Japanese, Chinese, Korean) have no word boundaries to find: each of their
///   letters is a token (``ScalarClass/Kind/cjk``), so `東京大学` matches inside `東京大学など`, and a change of
///   script ends a word, so Latin names inside such text match whole (`「IBMとMetaが」` holds `IBM` and `Meta`);
///   these letters are kept as written (a kana keeps its voicing mark: `ガス` is not `カス`; half-width Katakana
///   become full-width, their separate voicing marks dropped);
/// - dotted abbreviations are one word (`A.I.` is `AI`, `U.S.` is `US`);
/// - a possessive `'s` is dropped (`IBM's`, `IBM’s` are `IBM`), and an elided article is its own word (`l'AI` is
///   `l` `AI`);
/// - hyphens, dots between words (`thealliance.ai`), `&` between words (`W&B`) and hashtag case changes
///   (`#AIAlliance` is `AI` `Alliance`) join words into compounds: the matcher matches a compound as a whole or
///   not at all (`Meta-analysis` is not `Meta`), except for parts that are numbers (`Gaudi-3`) and a last part
///   that describes the head (a past participle in -ed or `based`: `AMD-powered`, `IBM-backed`, `Intel-based`);
/// - clause punctuation (`,` `;` `:` `/`, brackets, a full stop, a spaced dash) is recorded between tokens, so a
///   phrase does not match across it (`Together, AI` is not `Together AI`).
///
/// Homoglyphs (a Cyrillic `М` in `Мeta`) are not folded: NFKC leaves them apart and news feeds do not use them.
public struct TextNormalizer: Sendable {
    /// Whether letters are case folded (the default); off, tokens keep their case for case-sensitive terms.
    public var foldsCase: Bool

    /// Creates a normaliser.
    public init(foldsCase: Bool = true) {
        self.foldsCase = foldsCase
    }

    /// The normalised form of `text`: its tokens separated by single spaces.
    ///
    /// `normalize("L’A.I. Alliance d’IBM")` is `"l ai alliance d ibm"`.
    public func normalize(_ text: String) -> String {
        tokenize(text).tokens.map(\.text).joined(separator: " ")
    }

    /// Whether `text` has a word to match once normalised (a letter or a digit): `"—"` and `"..."` do not, and
    /// the matcher refuses a phrase that does not.
    public func hasWords(_ text: String) -> Bool {
        !tokenize(text).tokens.isEmpty
    }

    /// One scalar-level unit of text: its class and where its bytes are.
    struct Unit {
        /// The unit's role.
        var kind: ScalarClass.Kind
        /// The scalar is a letter (upper or lower case): 1 upper, 2 lower.
        var letterCase: UInt8
        /// UTF-8 offset of the unit in the original text.
        var start: Int32
        /// Offset of the unit's folded bytes in the folded buffer.
        var foldStart: Int32
    }

    /// Cuts `text` into tokens.
    func tokenize(_ text: String) -> NormalizedText {
        var source = text
        source.makeContiguousUTF8()
        var units: [Unit] = []
        var folded: [UInt8] = []
        var upper = 0
        var lower = 0
        var cjk = 0
        var computed: [UInt32: ScalarClass] = [:]
        let table = ScalarTable.shared
        let foldsCase = self.foldsCase
        _ = source.utf8.withContiguousStorageIfAvailable { bytes in
            units.reserveCapacity(bytes.count + 1)
            folded.reserveCapacity(bytes.count)
            table.entries.withUnsafeBufferPointer { entries in
                table.bytes.withUnsafeBufferPointer { tableBytes in
                    var offset = 0
                    while offset < bytes.count {
                        let (scalar, length) = Self.decode(bytes, at: offset)
                        defer { offset += length }
                        if let index = ScalarTable.index(of: scalar) {
                            let entry = entries[index]
                            guard entry.kind != .ignorable else { continue }
                            if entry.letterCase == 1 { upper += 1 } else if entry.letterCase == 2 { lower += 1 }
                            units.append(
                                Unit(
                                    kind: entry.kind, letterCase: entry.letterCase, start: Int32(offset),
                                    foldStart: Int32(folded.count)))
                            for byteIndex in foldsCase ? entry.folded : entry.cased {
                                folded.append(tableBytes[Int(byteIndex)])
                            }
                            continue
                        }
                        Self.appendUncommon(
                            scalar, bytes, offset, length, foldsCase: foldsCase, to: &units, &folded,
                            computed: &computed, upper: &upper, lower: &lower, cjk: &cjk)
                    }
                }
            }
            units.append(Unit(kind: .space, letterCase: 0, start: Int32(bytes.count), foldStart: Int32(folded.count)))
        }
        // A text in capitals that also holds CJK letters is not shouting (the table's half-width Katakana are not
        // counted in `cjk`: they are looked for only here, in the rare case this matters).
        let isShouting = lower == 0 && upper >= 8 && cjk == 0 && !units.contains { $0.kind == .cjk }
        let tokens = units.withUnsafeBufferPointer { units in
            folded.withUnsafeBufferPointer { folded in
                var builder = TokenBuilder(units: units, folded: folded)
                builder.build()
                return builder.tokens
            }
        }
        return NormalizedText(original: text, tokens: tokens, isShouting: isShouting)
    }

    /// Appends a scalar that ``ScalarTable`` does not hold: a plain CJK letter (``ScalarClass/isPlainCJK(_:)``) as
    /// a unit of its own, folded as written, with no hashing; any other scalar as its computed class, cached in
    /// `computed`. Out of line, so that the loop most text runs through (the table's scalars) stays small: inlined,
    /// this code cost that loop about 8% on Latin text.
    @inline(never)
    private static func appendUncommon(
        _ scalar: UInt32, _ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int, _ length: Int, foldsCase: Bool,
        to units: inout [Unit], _ folded: inout [UInt8], computed: inout [UInt32: ScalarClass], upper: inout Int,
        lower: inout Int, cjk: inout Int
    ) {
        if ScalarClass.isPlainCJK(scalar) {
            cjk += 1
            units.append(Unit(kind: .cjk, letterCase: 0, start: Int32(offset), foldStart: Int32(folded.count)))
            for byteIndex in offset..<(offset + length) { folded.append(bytes[byteIndex]) }
            return
        }
        let scalarClass = computed[scalar] ?? ScalarClass.of(Unicode.Scalar(scalar) ?? " ")
        computed[scalar] = scalarClass
        guard scalarClass.kind != .ignorable else { return }
        if scalarClass.kind == .cjk { cjk += 1 }
        let letterCase: UInt8 = scalarClass.isUpper ? 1 : scalarClass.isLower ? 2 : 0
        if letterCase == 1 { upper += 1 } else if letterCase == 2 { lower += 1 }
        units.append(
            Unit(kind: scalarClass.kind, letterCase: letterCase, start: Int32(offset), foldStart: Int32(folded.count)))
        folded.append(contentsOf: foldsCase ? scalarClass.folded : scalarClass.cased)
    }

    /// Decodes the scalar at `offset` of valid UTF-8 (a Swift string's bytes): its value and length in bytes.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (UInt32, Int) {
        let first = UInt32(bytes[offset])
        if first < 0x80 { return (first, 1) }
        if first < 0xE0 { return ((first & 0x1F) << 6 | UInt32(bytes[offset + 1] & 0x3F), 2) }
        if first < 0xF0 {
            let value = (first & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6 | UInt32(bytes[offset + 2] & 0x3F)
            return (value, 3)
        }
        let value =
            (first & 0x07) << 18 | UInt32(bytes[offset + 1] & 0x3F) << 12 | UInt32(bytes[offset + 2] & 0x3F) << 6
            | UInt32(bytes[offset + 3] & 0x3F)
        return (value, 4)
    }
}
