import CLibXML2

/// Repairs the commonest ways real feeds break XML, before a second parse.
///
/// Only run when a first parse reported errors (a well-formed document is never touched). Markup sections that
/// may legally hold `&` and `<` (CDATA, comments, processing instructions, the DOCTYPE) are copied unchanged.
/// Elsewhere:
/// - an HTML entity XML does not define (`&nbsp;`, `&eacute;`) becomes its numeric reference (`&#160;`);
/// - an `&` that starts no valid reference (`AT&T`, `&foo;` unknown to HTML too, `&` at the end) becomes `&amp;`;
/// - a `<` that cannot start markup (`a < b`, `<3`) becomes `&lt;`;
/// - a hexadecimal character reference written `&#X41;` becomes `&#x41;`.
/// Entities the document declares in its internal DTD subset are left for the parser.
enum XMLRepair {
    /// What a repair changed.
    struct Result {
        /// The repaired document.
        var utf8: [UInt8]
        /// HTML entities replaced by numeric references, by name, in first-seen order.
        var htmlEntities: [String] = []
        /// How many HTML entity references were replaced.
        var htmlEntityCount = 0
        /// How many bare `&` were escaped.
        var bareAmpersands = 0
        /// How many bare `<` were escaped.
        var bareLessThans = 0
        /// How many `&#X…;` references were rewritten `&#x…;`.
        var fixedReferences = 0

        /// Whether anything changed.
        var changed: Bool { htmlEntityCount + bareAmpersands + bareLessThans + fixedReferences > 0 }

        /// The repairs in human words, one per kind.
        var descriptions: [String] {
            var lines: [String] = []
            if htmlEntityCount > 0 {
                let names = htmlEntities.prefix(5).map { "&\($0);" }.joined(separator: " ")
                lines.append("replaced \(htmlEntityCount) HTML entities undefined in XML (\(names))")
            }
            if bareAmpersands > 0 { lines.append("escaped \(bareAmpersands) bare '&'") }
            if bareLessThans > 0 { lines.append("escaped \(bareLessThans) bare '<'") }
            if fixedReferences > 0 { lines.append("read \(fixedReferences) '&#X' references as '&#x'") }
            return lines
        }
    }

    /// Repairs `input` (UTF-8).
    static func repair(_ input: [UInt8]) -> Result {
        var result = Result(utf8: [])
        result.utf8.reserveCapacity(input.count + input.count / 64)
        var declared: Set<String> = []
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            if byte == UInt8(ascii: "<") {
                if let end = skipMarkupSection(input, at: index, declared: &declared) {
                    result.utf8.append(contentsOf: input[index..<end])
                    index = end
                    continue
                }
                let next = index + 1 < count ? input[index + 1] : 0
                if isNameStart(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: "!")
                    || next == UInt8(ascii: "?")
                {
                    result.utf8.append(byte)
                } else {
                    result.utf8.append(contentsOf: "&lt;".utf8)
                    result.bareLessThans += 1
                }
                index += 1
            } else if byte == UInt8(ascii: "&") {
                index = repairReference(input, at: index, declared: declared, into: &result)
            } else {
                result.utf8.append(byte)
                index += 1
            }
        }
        return result
    }

    /// Copies or fixes the reference starting at the `&` at `index`; returns the index after it.
    private static func repairReference(
        _ input: [UInt8], at index: Int, declared: Set<String>, into result: inout Result
    ) -> Int {
        let count = input.count
        var cursor = index + 1
        if cursor < count, input[cursor] == UInt8(ascii: "#") {
            cursor += 1
            let hex = cursor < count && (input[cursor] | 0x20) == UInt8(ascii: "x")
            if hex { cursor += 1 }
            let digitsStart = cursor
            while cursor < count, hex ? isHexDigit(input[cursor]) : isDigit(input[cursor]) { cursor += 1 }
            if cursor > digitsStart, cursor < count, input[cursor] == UInt8(ascii: ";") {
                // `&#X41;` (capital X) is not XML but means what `&#x41;` means.
                result.utf8.append(contentsOf: "&#".utf8)
                if hex {
                    if input[index + 2] == UInt8(ascii: "X") { result.fixedReferences += 1 }
                    result.utf8.append(UInt8(ascii: "x"))
                }
                result.utf8.append(contentsOf: input[digitsStart...cursor])
                return cursor + 1
            }
        } else if cursor < count, isNameStart(input[cursor]) {
            while cursor < count, isNameByte(input[cursor]), cursor - index < 40 { cursor += 1 }
            if cursor < count, input[cursor] == UInt8(ascii: ";") {
                let name = String(decoding: input[(index + 1)..<cursor], as: UTF8.self)
                if predefined.contains(name) || declared.contains(name) {
                    result.utf8.append(contentsOf: input[index...cursor])
                    return cursor + 1
                }
                if let entity = htmlEntityLookup(name) {
                    result.utf8.append(contentsOf: "&#\(entity.pointee.value);".utf8)
                    if result.htmlEntities.count < 20, !result.htmlEntities.contains(name) {
                        result.htmlEntities.append(name)
                    }
                    result.htmlEntityCount += 1
                    return cursor + 1
                }
            }
        }
        result.utf8.append(contentsOf: "&amp;".utf8)
        result.bareAmpersands += 1
        return index + 1
    }

    /// If a CDATA section, comment, processing instruction or DOCTYPE starts at `index`, the index just past it
    /// (or the end of input when it is unterminated). Entity names the DOCTYPE declares go into `declared`.
    private static func skipMarkupSection(_ input: [UInt8], at index: Int, declared: inout Set<String>) -> Int? {
        if starts(input, at: index, with: "<![CDATA[") { return find(input, "]]>", from: index + 9) }
        if starts(input, at: index, with: "<!--") { return find(input, "-->", from: index + 4) }
        if starts(input, at: index, with: "<?") { return find(input, "?>", from: index + 2) }
        guard starts(input, at: index, with: "<!DOCTYPE") else { return nil }
        // The DOCTYPE ends at the first '>' outside its internal subset '[ ... ]'.
        var cursor = index + 9
        var inSubset = false
        while cursor < input.count {
            switch input[cursor] {
            case UInt8(ascii: "["): inSubset = true
            case UInt8(ascii: "]"): inSubset = false
            case UInt8(ascii: ">") where !inSubset: return cursor + 1
            case UInt8(ascii: "<") where starts(input, at: cursor, with: "<!ENTITY"):
                var nameStart = cursor + 8
                while nameStart < input.count, input[nameStart] == 0x20 || input[nameStart] == 0x09 { nameStart += 1 }
                var nameEnd = nameStart
                while nameEnd < input.count, isNameByte(input[nameEnd]) { nameEnd += 1 }
                declared.insert(String(decoding: input[nameStart..<nameEnd], as: UTF8.self))
            default: break
            }
            cursor += 1
        }
        return input.count
    }

    private static let predefined: Set<String> = ["amp", "lt", "gt", "quot", "apos"]

    private static func starts(_ input: [UInt8], at index: Int, with prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard index + length <= input.count else { return false }
        return prefix.withUTF8Buffer { expected in
            for offset in 0..<length where input[index + offset] != expected[offset] { return false }
            return true
        }
    }

    private static func find(_ input: [UInt8], _ terminator: StaticString, from start: Int) -> Int {
        var cursor = start
        while cursor < input.count {
            if input[cursor] == terminator.utf8Start.pointee, starts(input, at: cursor, with: terminator) {
                return cursor + terminator.utf8CodeUnitCount
            }
            cursor += 1
        }
        return input.count
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }
    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }
    private static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}
