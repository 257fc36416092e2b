/// How many terminal columns text takes, roughly as `wcwidth(3)` counts them: East Asian wide and fullwidth
/// characters and emoji take 2, combining marks and zero-width characters 0, the rest 1.
enum DisplayWidth {
    /// The columns of `text`.
    static func of(_ text: some StringProtocol) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
        var meter = Meter()
        return text.unicodeScalars.reduce(0) { $0 + meter.columns(of: $1) }
    }

    /// `text` cut to at most `columns` columns, ending with `…` when something was cut.
    ///
    /// The cut falls between characters (grapheme clusters), never inside one.
    static func truncated(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        guard of(text) > columns else { return text }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.prefix(columns - 1), as: UTF8.self) + "…"
        }
        var meter = Meter()
        var used = 0
        var end = text.unicodeScalars.startIndex
        for scalar in text.unicodeScalars {
            let width = meter.columns(of: scalar)
            if used + width > columns - 1 { break }
            used += width
            end = text.unicodeScalars.index(after: end)
        }
        // A String subscript rounds the index down to a character boundary: no character is cut in half.
        return text[..<end] + "…"
    }

    /// Measures scalars one by one (grapheme clusters would cost ten times more), with the two cases where a scalar
    /// changes its neighbour: U+FE0F (emoji presentation) widens the one before it to 2, and whatever follows U+200D
    /// (zero-width joiner) joins the emoji before it.
    private struct Meter {
        private var last = 0
        private var joined = false

        /// The columns `scalar` adds after the scalars already measured.
        mutating func columns(of scalar: Unicode.Scalar) -> Int {
            let value = scalar.value
            var width: Int
            if value < 0x300 {
                // ASCII, Latin-1, Latin Extended: no table to look up, which keeps a 100 MB log's table fast.
                width = 1
            } else if joined {
                width = 0
            } else if value == 0xFE0F {
                width = last == 1 ? 1 : 0
                last = 2
                return width
            } else {
                width = Self.columns(ofWide: scalar)
            }
            joined = value == 0x200D
            last = width
            return width
        }

        /// The columns of one scalar at or above U+0300.
        private static func columns(ofWide scalar: Unicode.Scalar) -> Int {
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
                0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                return 2
            default:
                break
            }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: return 0
            default: return scalar.properties.isEmojiPresentation ? 2 : 1
            }
        }
    }

    /// `text` with every control character (C0, DEL, C1: a newline in a title, an escape sequence planted in a feed)
    /// replaced by a space, so that a row stays one line and the terminal obeys nobody but us.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 }))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
