import Crypto
import Foundation
import VigieFetch

/// The encodings an e-mail message is written in: header fields folded under 78 characters, RFC 2047 encoded-words
/// for text that is not plain ASCII, quoted-printable bodies, RFC 5322 dates, message ids and MIME boundaries.
///
/// Everything produced is 7-bit ASCII with CRLF line breaks and lines of at most 78 characters (76 in a body).
enum MIMEEncoding {
    /// The longest line wanted in a header field, CRLF excluded (RFC 5322 §2.1.1 asks for 78, allows 998).
    static let headerLineLimit = 78
    /// The most UTF-8 bytes one encoded-word carries: 39 bytes are 52 base64 characters, so
    /// `=?UTF-8?B?…?=` is 64 characters and fits after `Subject: ` (RFC 2047 §2 allows 75).
    static let encodedWordBytes = 39
    /// The longest quoted-printable line, soft-break `=` included (RFC 2045 §6.7).
    static let bodyLineLimit = 76
    /// The longest word left as is in an unstructured field; a longer one makes the field encoded-words, which can
    /// be folded anywhere.
    static let longestPlainWord = 60

    // MARK: - Header fields

    /// The header field `name: words`, the words separated by single spaces and folded (CRLF and a space) before a
    /// word that would take a line past ``headerLineLimit``. No CRLF at the end.
    static func field(_ name: String, _ words: [String]) -> String {
        var lines: [String] = []
        var line = name + ":"
        var lineHasWord = false
        for word in words where !word.isEmpty {
            if lineHasWord && line.utf8.count + 1 + word.utf8.count > headerLineLimit {
                lines.append(line)
                line = ""
            }
            line += " " + word
            lineHasWord = true
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// The words of an unstructured field's value (`Subject`): `text`'s own words when it is printable ASCII with no
    /// word longer than ``longestPlainWord`` and nothing a reader could take for an encoded-word, else encoded-words.
    /// Whitespace and control characters are first collapsed to single spaces.
    static func unstructured(_ text: String) -> [String] {
        let collapsed = text.snippet(limit: Int.max)
        let words = collapsed.split(separator: " ").map(String.init)
        if isPlain(collapsed) && words.allSatisfy({ $0.utf8.count <= longestPlainWord }) && !collapsed.contains("=?") {
            return words
        }
        return encodedWords(collapsed)
    }

    /// Whether `text` is printable ASCII (space to tilde) only.
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { (0x20...0x7E).contains($0) }
    }

    /// `text` as RFC 2047 `B` encoded-words in UTF-8 (`=?UTF-8?B?…?=`), each at most ``encodedWordBytes`` bytes of
    /// text and never splitting a Unicode scalar; a reader joins adjacent encoded-words without the space between
    /// them.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > encodedWordBytes {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    // MARK: - Bodies

    /// `text` as quoted-printable (RFC 2045 §6.7): its lines (split at `\n`, a `\r` before it dropped) end in CRLF,
    /// long ones are cut with soft breaks, and every byte outside printable ASCII, `=`, whitespace at the end of a
    /// line and a `.` at the start of one is written `=XX`. No CRLF after the last line (the one before a MIME
    /// boundary belongs to the boundary).
    static func quotedPrintable(_ text: String) -> String {
        // Split as bytes: in Swift, CRLF is one Character, which splitting at "\n" would not cut.
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            var bytes = Array(line)
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            return quotedPrintableLine(bytes)
        }.joined(separator: "\r\n")
    }

    private static func quotedPrintableLine(_ bytes: [UInt8]) -> String {
        var output = ""
        var line = ""
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            var token = quotedPrintableToken(byte, atLineStart: line.isEmpty, atLineEnd: isLast)
            // The physical line may reach the limit only with the source line's last token; otherwise a soft break
            // (`=`) must still fit after it.
            if line.utf8.count + token.utf8.count > (isLast ? bodyLineLimit : bodyLineLimit - 1) {
                output += line + "=\r\n"
                line = ""
                token = quotedPrintableToken(byte, atLineStart: true, atLineEnd: isLast)
            }
            line += token
        }
        return output + line
    }

    private static func quotedPrintableToken(_ byte: UInt8, atLineStart: Bool, atLineEnd: Bool) -> String {
        let isWhitespace = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
        let isLiteral = (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "=")
        if (isWhitespace && !atLineEnd) || (isLiteral && !(atLineStart && byte == UInt8(ascii: "."))) {
            return String(UnicodeScalar(byte))
        }
        return "=" + hex(byte)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    // MARK: - Dates, ids, boundaries

    /// `date` as an RFC 5322 date-time in UTC: `Sun, 01 Mar 2026 10:00:00 +0000`.
    static func date(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        let civil = HTTPDate.civil(days)
        // 1970-01-01 was a Thursday (index 3 of Monday-first names).
        let weekday = HTTPDate.dayNames[((days % 7) + 7 + 3) % 7]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(two(civil.day)) \(HTTPDate.monthNames[civil.month - 1]) \(civil.year) "
            + "\(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60)) +0000"
    }

    /// `id` made a dot-atom that `<id@vigie>` can carry: letters, digits and `atext` symbols stay, every other byte
    /// (`.`, `%`, `@`, spaces, non-ASCII) is written `%XX`. The same id always gives the same token, and an id of
    /// letters, digits and `-` is its own token.
    static func idToken(_ id: String) -> String {
        let kept = Set("!#$&'*+-/=?^_`{|}~".utf8)
        var token = ""
        for byte in id.utf8 {
            let isAlphanumeric =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            token += isAlphanumeric || kept.contains(byte) ? String(UnicodeScalar(byte)) : "%" + hex(byte)
        }
        return token.isEmpty ? "%00" : token
    }

    /// The `Message-ID` for `id`: `<token@vigie>`, ``idToken(_:)`` being the token.
    static func messageID(_ id: String) -> String {
        "<\(idToken(id))@vigie>"
    }

    /// A multipart boundary derived from `id` (the same message, the same bytes): `=_vigie_` and 32 hex digits.
    ///
    /// `=_` cannot occur in quoted-printable or base64 text, so no body line can be taken for the boundary.
    static func boundary(for id: String) -> String {
        let digest = SHA256.hash(data: Data(id.utf8))
        return "=_vigie_" + digest.prefix(16).map(hex).joined().lowercased()
    }
}
