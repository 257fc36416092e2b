import Foundation

/// What one Unicode scalar of input text becomes once normalised: its role in tokenisation and, for letters and
/// digits, the scalars it contributes to a token.
///
/// Folding: Unicode compatibility decomposition (NFKD: NFKC's compatibility mappings, with accents split off as
/// combining marks), then combining marks removed (`é` is `e`), then case folded (lower case, with `ß` as `ss` and
/// final sigma as sigma). Punctuation is unified into a few classes: every apostrophe-like mark is an apostrophe,
/// every dash a hyphen, full-width and compatibility forms their ASCII selves. ``ScalarTable`` holds the classes
/// of common scalars ready-made.
struct ScalarClass: Sendable {
    /// The role of a scalar in tokenisation.
    enum Kind: UInt8, Sendable {
        /// A letter or digit: part of a word.
        case word
        /// A letter of a script written without spaces between words (Han ideographs, Hiragana, Katakana,
        /// Hangul): a token of its own, so that a name matches inside a run of such letters (`東京大学` in
        /// `東京大学など`); a change of script is a word boundary (`IBMと` is `IBM` `と`).
        case cjk
        /// `'`, `’`, `‘`, `ʼ`, `´`, `` ` ``, `′`: splits words; `'s` after a word is a possessive.
        case apostrophe
        /// `-` and every Unicode dash: joins two words into a compound, or breaks a clause when spaced.
        case hyphen
        /// `.`: joins two words (a domain, a number), ends an abbreviation (`A.I.`), or ends a sentence.
        case dot
        /// `#`: starts a hashtag, whose words are split at case changes (`#AIAlliance` is `AI` `Alliance`).
        case hash
        /// `&`: a token of its own (`W&B`, `AT&T`, `Weights & Biases`).
        case ampersand
        /// White space, quotation marks and symbols: separate words, nothing more.
        case space
        /// Clause punctuation (`,` `;` `:` `!` `?` `/` brackets, `…`): a phrase never matches across it.
        case breaker
        /// Combining marks and invisible format characters (soft hyphen, zero-width joiners, `·` in `l·l`):
        /// dropped, and a word goes on across them.
        case ignorable
    }

    /// The scalar's role.
    var kind: Kind
    /// For a word scalar, its folded form as UTF-8 (case folded).
    var folded: [UInt8]
    /// For a word scalar, its folded form as UTF-8 with the case kept (for case-sensitive terms).
    var cased: [UInt8]
    /// The scalar is an upper-case letter.
    var isUpper: Bool
    /// The scalar is a lower-case letter.
    var isLower: Bool

    /// The class of a scalar, computed (``ScalarTable`` holds the common ones ready-made).
    static func of(_ scalar: Unicode.Scalar) -> ScalarClass {
        compute(scalar)
    }

    private init(kind: Kind, folded: [UInt8] = [], cased: [UInt8] = [], isUpper: Bool = false, isLower: Bool = false) {
        self.kind = kind
        self.folded = folded
        self.cased = cased
        self.isUpper = isUpper
        self.isLower = isLower
    }

    /// Apostrophe-like scalars (typewriter, typographic, modifier letter, acute and grave accents, prime).
    private static let apostrophes: Set<UInt32> = [0x27, 0x60, 0xB4, 0x2BC, 0x2018, 0x2019, 0x2032, 0xFF07]
    /// Dashes that NFKD leaves alone and that are not in the dash category (minus sign, small hyphen-minus).
    private static let extraHyphens: Set<UInt32> = [0x2212, 0xFE63, 0xFF0D]
    /// Invisible or word-internal scalars that must not split a word.
    private static let ignorables: Set<UInt32> = [0xAD, 0xB7, 0x180E, 0x200C, 0x200D, 0x2027, 0x2060, 0xFEFF]
    /// ASCII clause punctuation.
    private static let asciiBreakers: Set<UInt8> = Set(",;:!?()[]{}/\\|".utf8)

    /// Classifies one scalar from first principles (the tables are built with this).
    private static func compute(_ scalar: Unicode.Scalar) -> ScalarClass {
        let value = scalar.value
        if value < 0x80 { return computeASCII(UInt8(value)) }
        if apostrophes.contains(value) { return ScalarClass(kind: .apostrophe) }
        if extraHyphens.contains(value) { return ScalarClass(kind: .hyphen) }
        if ignorables.contains(value) { return ScalarClass(kind: .ignorable) }
        if value == 0x200B || value == 0x30FB || value == 0xFF65 { return ScalarClass(kind: .space) }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return word(scalar)
        case .nonspacingMark, .spacingMark, .enclosingMark, .format:
            return ScalarClass(kind: .ignorable)
        default:
            break
        }
        let decomposed = decomposition(of: scalar)
        if decomposed.count == 1, let only = decomposed.first, only.isASCII {
            return computeASCII(UInt8(only.value))
        }
        switch properties.generalCategory {
        case .dashPunctuation: return ScalarClass(kind: .hyphen)
        case .openPunctuation, .closePunctuation, .otherPunctuation, .lineSeparator, .paragraphSeparator:
            return ScalarClass(kind: .breaker)
        default: return ScalarClass(kind: .space)
        }
    }

    private static func computeASCII(_ byte: UInt8) -> ScalarClass {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"):
            return ScalarClass(kind: .word, folded: [byte], cased: [byte], isLower: true)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return ScalarClass(kind: .word, folded: [byte + 32], cased: [byte], isUpper: true)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return ScalarClass(kind: .word, folded: [byte], cased: [byte])
        case UInt8(ascii: "'"), UInt8(ascii: "`"): return ScalarClass(kind: .apostrophe)
        case UInt8(ascii: "-"): return ScalarClass(kind: .hyphen)
        case UInt8(ascii: "."): return ScalarClass(kind: .dot)
        case UInt8(ascii: "#"): return ScalarClass(kind: .hash)
        case UInt8(ascii: "&"): return ScalarClass(kind: .ampersand)
        case _ where asciiBreakers.contains(byte): return ScalarClass(kind: .breaker)
        default: return ScalarClass(kind: .space)
        }
    }

    /// A letter or digit: decomposed, marks dropped, case folded.
    private static func word(_ scalar: Unicode.Scalar) -> ScalarClass {
        var folded: [UInt8] = []
        var cased: [UInt8] = []
        for part in decomposition(of: scalar) {
            switch part.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .decimalNumber, .letterNumber, .otherNumber:
                cased.append(contentsOf: String(part).utf8)
                folded.append(contentsOf: caseFolded(part).utf8)
            default:
                continue
            }
        }
        let properties = scalar.properties
        let isCJK = decomposition(of: scalar).contains { isCJKLetter($0.value) }
        return ScalarClass(
            kind: folded.isEmpty ? .ignorable : isCJK ? .cjk : .word, folded: folded, cased: cased,
            isUpper: properties.isUppercase, isLower: properties.isLowercase)
    }

    /// Full case folding where it differs from lower-casing for European text (`ß`, `ẞ`, final sigma).
    private static func caseFolded(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0xDF, 0x1E9E: return "ss"
        case 0x3C2: return "\u{3C3}"
        default: return scalar.properties.lowercaseMapping
        }
    }

    /// The compatibility decomposition (NFKD) of one scalar. The scalars of ``isPlainCJK(_:)`` are returned as
    /// they are: ideographs have none, Hangul syllables would only split into jamo, and a voiced kana (`ガ`) would
    /// lose its voicing mark, which changes the word (`ガス` is not `カス`).
    private static func decomposition(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        if isPlainCJK(scalar.value) { return [scalar] }
        return Array(String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars)
    }

    /// Whether `value` is a CJK letter that normalisation leaves as it is (no case, no compatibility mapping, no
    /// accent to fold): Hiragana, Katakana, CJK ideographs (with extension A) and Hangul syllables, the scalars
    /// Japanese, Chinese and Korean news is made of. ``TextNormalizer`` classifies them without a table lookup.
    @inline(__always)
    static func isPlainCJK(_ value: UInt32) -> Bool {
        switch value {
        case 0x3041...0x3096, 0x309D...0x309E, 0x30A1...0x30FA, 0x30FC...0x30FE, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xAC00...0xD7A3:
            true
        default:
            false
        }
    }

    /// Whether `value` is a letter of a script written without spaces: the plain CJK letters, the iteration and
    /// closing marks (`々` `〆` `〇`), small Katakana, Hangul jamo, compatibility and supplementary ideographs.
    /// Half-width Katakana and the like decompose into these.
    static func isCJKLetter(_ value: UInt32) -> Bool {
        if isPlainCJK(value) { return true }
        switch value {
        case 0x3005...0x3007, 0x3021...0x3029, 0x3031...0x3035, 0x303B...0x303C, 0x1100...0x11FF, 0x3131...0x318E,
            0x31F0...0x31FF, 0xF900...0xFAFF, 0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }
}
