/// Cuts the part of a text shown with an alert: the matched term with as much text around it as fits.
enum Snippet {
    /// The longest snippet, in characters (ellipses included).
    static let limit = 240

    /// At most ``limit`` characters of `text` around UTF-8 offsets `start..<end`: the term in the middle where
    /// the text allows, cut at word boundaries, `…` where text was left out, white space runs shown as one space.
    static func around(_ text: String, start: Int, end: Int, limit: Int = limit) -> String {
        let utf8 = text.utf8
        let termStart = utf8.index(utf8.startIndex, offsetBy: start)
        let termEnd = utf8.index(termStart, offsetBy: end - start)
        let termLength = text[termStart..<termEnd].count
        guard termLength + 2 < limit else {
            return String(text[termStart..<termEnd].prefix(limit - 1)) + "…"
        }
        let budget = limit - termLength - 2
        let before = text[..<termStart].suffix(budget)
        let after = text[termEnd...].prefix(budget)
        var takeAfter = min(after.count, budget - min(before.count, budget / 2))
        let takeBefore = min(before.count, budget - takeAfter)
        takeAfter = min(after.count, budget - takeBefore)
        var lower = text.index(termStart, offsetBy: -takeBefore)
        var upper = text.index(termEnd, offsetBy: takeAfter)
        var prefix = ""
        var suffix = ""
        if lower > text.startIndex {
            if let space = text[lower..<termStart].firstIndex(where: \.isWhitespace) {
                lower = text.index(after: space)
            }
            prefix = "…"
        }
        if upper < text.endIndex {
            if let space = text[termEnd..<upper].lastIndex(where: \.isWhitespace) { upper = space }
            suffix = "…"
        }
        let words = text[lower..<upper].split(whereSeparator: \.isWhitespace)
        return prefix + words.joined(separator: " ") + suffix
    }
}
