import Foundation

/// The headers of the responses of one transfer, read line by line as libcurl delivers them.
///
/// A transfer that follows redirects sees several responses; ``statuses`` keeps each one's status and the header
/// fields are those of the last response.
struct ResponseHeaders {
    /// The status of every response, in order (redirects first).
    private(set) var statuses: [Int] = []
    /// The last response's fields, names lower-cased; a repeated field keeps its last value.
    private(set) var fields: [String: String] = [:]
    /// How many header lines the last response had (a server that sends thousands is cut off by the caller).
    private(set) var lineCount = 0

    /// Takes one raw header line (with its CRLF).
    mutating func take(_ line: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("HTTP/") {
            let parts = text.split(separator: " ", maxSplits: 2)
            statuses.append(parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
            fields = [:]
            lineCount = 0
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        lineCount += 1
        let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        fields[name] = value
    }

    /// The validators of the last response.
    var validators: Validators {
        Validators(etag: fields["etag"], lastModified: fields["last-modified"])
    }

    /// The media type of `Content-Type`, lower-cased, without parameters.
    var contentType: String? {
        guard let value = fields["content-type"] else { return nil }
        let type = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? value
        let trimmed = type.trimmingCharacters(in: .whitespaces).lowercased()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The `charset` parameter of `Content-Type`, unquoted.
    var charset: String? {
        guard let value = fields["content-type"] else { return nil }
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            let charset = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "\"'"))
            return charset.isEmpty ? nil : charset
        }
        return nil
    }

    /// `Retry-After` as an instant: delay-seconds counted from `now`, or an HTTP-date (``HTTPDate``); `nil` for
    /// anything else.
    func retryAfter(now: Date) -> Date? {
        guard let value = fields["retry-after"] else { return nil }
        if let seconds = Int(value), seconds >= 0 { return now.addingTimeInterval(TimeInterval(seconds)) }
        return HTTPDate.parse(value, now: now)
    }

    /// `Cache-Control: max-age`, in seconds.
    var maxAge: TimeInterval? {
        guard let value = fields["cache-control"] else { return nil }
        for directive in value.split(separator: ",") {
            let pair = directive.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "max-age",
                let seconds = Int(pair[1].trimmingCharacters(in: .whitespaces)), seconds >= 0
            {
                return TimeInterval(seconds)
            }
        }
        return nil
    }

    /// Whether every redirect of the transfer was permanent (301 or 308) and there was at least one.
    var redirectsWerePermanent: Bool {
        let redirects = statuses.dropLast()
        return !redirects.isEmpty && redirects.allSatisfy { $0 == 301 || $0 == 308 }
    }
}
