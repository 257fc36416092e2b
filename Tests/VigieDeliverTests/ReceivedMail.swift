import Foundation

/// A received message read back the way a mail reader would, written here independently of the module's encoder:
/// header fields unfolded with RFC 2047 `B` encoded-words decoded, the `multipart/alternative` parts split at the
/// boundary, each part's quoted-printable or base64 body decoded.
struct ReceivedMail {
    /// One header field, unfolded, its value as written (not decoded).
    struct Field {
        var name: String
        var value: String
    }

    /// One part of the body.
    struct Part {
        var fields: [Field]
        var content: String

        func field(_ name: String) -> String? {
            fields.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    var fields: [Field]
    var parts: [Part]

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    init(_ data: String) throws {
        guard let split = data.range(of: "\r\n\r\n") else { throw Malformed(description: "no blank line") }
        fields = Self.fields(String(data[..<split.lowerBound]))
        let body = String(data[split.upperBound...])
        let contentType = fields.first { $0.name.lowercased() == "content-type" }?.value ?? ""
        guard let boundaryStart = contentType.range(of: "boundary=\"") else {
            throw Malformed(description: "no quoted boundary in \(contentType)")
        }
        let boundary = String(contentType[boundaryStart.upperBound...].prefix { $0 != "\"" })
        let pieces = body.components(separatedBy: "\r\n--" + boundary)
        guard pieces.count >= 3, pieces.last?.hasPrefix("--") == true else {
            throw Malformed(description: "the body does not close its boundary")
        }
        parts = try pieces.dropFirst().dropLast().map { piece in
            // CRLF is one Character.
            let text = piece.hasPrefix("\r\n") ? String(piece.dropFirst()) : piece
            guard let end = text.range(of: "\r\n\r\n") else { throw Malformed(description: "a part without a body") }
            let fields = Self.fields(String(text[..<end.lowerBound]))
            let encoded = String(text[end.upperBound...])
            let encoding = fields.first { $0.name.lowercased() == "content-transfer-encoding" }?.value.lowercased()
            let bytes: [UInt8]
            switch encoding {
            case "quoted-printable": bytes = try Self.decodeQuotedPrintable(encoded)
            case "base64": bytes = Array(Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) ?? Data())
            default: bytes = Array(encoded.utf8)
            }
            guard let content = String(validating: bytes, as: UTF8.self) else {
                throw Malformed(description: "a part is not UTF-8")
            }
            return Part(fields: fields, content: content)
        }
    }

    /// The value of the first field named `name`, encoded-words decoded.
    func header(_ name: String) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }.map { Self.decodeWords($0.value) }
    }

    /// The decoded content of the part of type `type` (`text/plain`).
    func content(of type: String) -> String? {
        parts.first { $0.field("content-type")?.lowercased().hasPrefix(type) == true }?.content
    }

    /// Header fields, unfolded (CRLF before whitespace removed).
    static func fields(_ block: String) -> [Field] {
        block.replacing("\r\n ", with: " ").replacing("\r\n\t", with: "\t").components(separatedBy: "\r\n").compactMap {
            line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return Field(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    /// `value` with RFC 2047 `B` encoded-words decoded (whitespace between two adjacent ones dropped).
    static func decodeWords(_ value: String) -> String {
        var output = ""
        var pendingSpace = ""
        var lastWasEncoded = false
        for (index, word) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { pendingSpace = " " }
            if word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="),
                let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))),
                let text = String(data: data, encoding: .utf8)
            {
                output += (lastWasEncoded ? "" : pendingSpace) + text
                lastWasEncoded = true
            } else {
                output += pendingSpace + word
                lastWasEncoded = false
            }
            pendingSpace = ""
        }
        return output
    }

    /// The bytes of quoted-printable `text`: `=XX` escapes decoded, soft breaks (`=` CRLF) removed, CRLFs kept as
    /// `\n`.
    static func decodeQuotedPrintable(_ text: String) throws -> [UInt8] {
        var output: [UInt8] = []
        for line in text.components(separatedBy: "\r\n") {
            var bytes = Array(line.utf8)
            let soft = bytes.last == UInt8(ascii: "=")
            if soft { bytes.removeLast() }
            var position = 0
            while position < bytes.count {
                guard bytes[position] == UInt8(ascii: "=") else {
                    output.append(bytes[position])
                    position += 1
                    continue
                }
                guard position + 3 <= bytes.count,
                    let value = UInt8(String(decoding: bytes[position + 1..<position + 3], as: UTF8.self), radix: 16)
                else { throw Malformed(description: "a bad escape in \(line)") }
                output.append(value)
                position += 3
            }
            if !soft { output.append(UInt8(ascii: "\n")) }
        }
        if output.last == UInt8(ascii: "\n") { output.removeLast() }
        return output
    }
}
