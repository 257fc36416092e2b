extension String {
    /// The text with `&`, `<`, `>`, `"` and `'` written as character references: safe inside an HTML element and
    /// inside a double- or single-quoted attribute value.
    var htmlEscaped: String {
        var output = ""
        output.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    /// Whether the text is an `http` or `https` URL, the only links an e-mail makes clickable (a `javascript:` or
    /// `data:` link from a feed stays text).
    var isWebLink: Bool {
        let lowered = lowercased()
        return (lowered.hasPrefix("http://") || lowered.hasPrefix("https://"))
            && !unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }
}
