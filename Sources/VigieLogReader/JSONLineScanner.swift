/// A validating single pass over one JSON Lines line that keeps only the top-level members ``AlertLine`` holds.
///
/// It follows RFC 8259's grammar (strings without raw control characters and with valid escapes, numbers, literals,
/// nesting up to ``maximumDepth``) and decodes only the strings it keeps, which is several times faster than
/// building the whole object with `JSONSerialization`. Duplicate members: the last one wins.
struct JSONLineScanner {
    /// Deeper nesting is refused rather than risking the stack (no alert line nests more than 2 levels).
    static let maximumDepth = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The members of `bytes` when it is exactly one JSON object (JSON whitespace around it allowed), else `nil`.
    static func alertLine(in bytes: UnsafeBufferPointer<UInt8>) -> AlertLine? {
        var scanner = JSONLineScanner(bytes)
        scanner.skipWhitespace()
        guard let line = scanner.topLevelObject() else { return nil }
        scanner.skipWhitespace()
        return scanner.index == bytes.count ? line : nil
    }

    // MARK: The top-level object

    private mutating func topLevelObject() -> AlertLine? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var line = AlertLine()
        var watchesGiven = false
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return line }
        while true {
            skipWhitespace()
            guard let key = string() else { return nil }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            switch key {
            case "time": guard optionalString(&line.time) else { return nil }
            case "alert_id": guard optionalString(&line.alertID) else { return nil }
            case "watch": guard optionalString(&line.watch) else { return nil }
            case "level": guard optionalString(&line.level) else { return nil }
            case "kind": guard optionalString(&line.kind) else { return nil }
            case "title": guard optionalString(&line.title) else { return nil }
            case "link": guard optionalString(&line.link) else { return nil }
            case "feed": guard optionalString(&line.feed) else { return nil }
            case "feed_title": guard optionalString(&line.feedTitle) else { return nil }
            case "story": guard optionalString(&line.story) else { return nil }
            case "watches":
                var watches: [String]? = nil
                guard stringArray(&watches) else { return nil }
                watchesGiven = watches != nil
                line.watches = watches ?? []
            case "entities":
                var entities: [String]? = nil
                guard stringArray(&entities) else { return nil }
                line.entities = entities ?? []
            default:
                guard skipValue(depth: 1) else { return nil }
            }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "}")) else { return nil }
            break
        }
        if !watchesGiven, let watch = line.watch { line.watches = [watch] }
        return line
    }

    /// Reads a string into `target`, or leaves it `nil` for `null` or another type; `false` on bad JSON.
    private mutating func optionalString(_ target: inout String?) -> Bool {
        if peek == UInt8(ascii: "\"") {
            guard let value = string() else { return false }
            target = value
            return true
        }
        target = nil
        return skipValue(depth: 1)
    }

    /// Reads an array's string elements into `target` (other elements are skipped), or leaves it `nil` for `null`
    /// or another type; `false` on bad JSON.
    private mutating func stringArray(_ target: inout [String]?) -> Bool {
        guard peek == UInt8(ascii: "[") else {
            target = nil
            return skipValue(depth: 1)
        }
        index += 1
        var elements: [String] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            target = elements
            return true
        }
        while true {
            skipWhitespace()
            if peek == UInt8(ascii: "\"") {
                guard let element = string() else { return false }
                elements.append(element)
            } else {
                guard skipValue(depth: 2) else { return false }
            }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "]")) else { return false }
            target = elements
            return true
        }
    }

    // MARK: Values

    /// Skips one value; `false` when it is not valid JSON.
    private mutating func skipValue(depth: Int) -> Bool {
        guard depth <= Self.maximumDepth, let first = peek else { return false }
        switch first {
        case UInt8(ascii: "\""):
            return stringExtent() != nil
        case UInt8(ascii: "{"):
            index += 1
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return true }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\""), stringExtent() != nil else { return false }
                skipWhitespace()
                guard consume(UInt8(ascii: ":")) else { return false }
                skipWhitespace()
                guard skipValue(depth: depth + 1) else { return false }
                skipWhitespace()
                if consume(UInt8(ascii: ",")) { continue }
                return consume(UInt8(ascii: "}"))
            }
        case UInt8(ascii: "["):
            index += 1
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return true }
            while true {
                skipWhitespace()
                guard skipValue(depth: depth + 1) else { return false }
                skipWhitespace()
                if consume(UInt8(ascii: ",")) { continue }
                return consume(UInt8(ascii: "]"))
            }
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { return false }
        index += count
        return true
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() -> Bool {
        _ = consume(UInt8(ascii: "-"))
        guard let first = peek, isDigit(first) else { return false }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if consume(UInt8(ascii: ".")) {
            guard let digit = peek, isDigit(digit) else { return false }
            skipDigits()
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard let digit = peek, isDigit(digit) else { return false }
            skipDigits()
        }
        return true
    }

    private mutating func skipDigits() {
        while let byte = peek, isDigit(byte) { index += 1 }
    }

    // MARK: Strings

    /// Reads a string and decodes it; `nil` when it is not valid JSON.
    private mutating func string() -> String? {
        guard peek == UInt8(ascii: "\""), let (start, end, escaped) = stringExtent() else { return nil }
        let content = UnsafeBufferPointer(rebasing: bytes[start..<end])
        return escaped ? Self.unescaped(content) : String(decoding: content, as: UTF8.self)
    }

    /// Moves past a string: the range of its content and whether it holds escapes, or `nil` when it is not valid
    /// JSON (a raw control character, a bad escape, no closing quote).
    private mutating func stringExtent() -> (start: Int, end: Int, escaped: Bool)? {
        index += 1
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return (start, index, escaped)
            }
            if byte < 0x20 { return nil }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 1
                guard index < bytes.count else { return nil }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"):
                    guard bytes.count - index > 4, (1...4).allSatisfy({ Self.hexValue(bytes[index + $0]) != nil })
                    else { return nil }
                    index += 4
                default:
                    return nil
                }
            }
            index += 1
        }
        return nil
    }

    /// The text of a string's content with its escapes, already checked by ``stringExtent()``.
    private static func unescaped(_ content: UnsafeBufferPointer<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        var position = 0
        func flushUTF8() {
            guard !utf8.isEmpty else { return }
            scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
            utf8.removeAll(keepingCapacity: true)
        }
        func hex4(at offset: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 << 4 | UInt32(hexValue(content[offset + $1])!) }
        }
        while position < content.count {
            let byte = content[position]
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                position += 1
                continue
            }
            let escape = content[position + 1]
            position += 2
            switch escape {
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                flushUTF8()
                var value = hex4(at: position)
                position += 4
                if (0xD800...0xDBFF).contains(value), position + 6 <= content.count,
                    content[position] == UInt8(ascii: "\\"), content[position + 1] == UInt8(ascii: "u")
                {
                    let low = hex4(at: position + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        position += 6
                    }
                }
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            default: utf8.append(escape)  // \" \\ \/
            }
        }
        flushUTF8()
        return String(scalars)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    // MARK: Bytes

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
