extension String {
    /// The text with every run of whitespace and control characters made one space, trimmed, and cut to at most
    /// `limit` characters (an ellipsis marks a cut): what a reason or a chat line quotes of a longer text.
    func snippet(limit: Int) -> String {
        var output = ""
        var pendingSpace = false
        var count = 0
        for character in self {
            if character.isWhitespace
                || character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control })
            {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace {
                output.append(" ")
                count += 1
                pendingSpace = false
            }
            if count == limit {
                return output.trimmingTrailingSpace() + "…"
            }
            output.append(character)
            count += 1
        }
        return output
    }

    /// The text without its trailing spaces.
    private func trimmingTrailingSpace() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }

    /// The text with every occurrence of each of `secrets` replaced by `[redacted]`, longest first (so a secret
    /// that contains another goes whole).
    func redacting(_ secrets: [String]) -> String {
        var text = self
        for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            text = text.replacing(secret, with: "[redacted]")
        }
        return text
    }
}
