#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The fast path of ``HTMLText``: the text of an HTML fragment in one pass over its bytes, the same text libxml2's
/// HTML parser gives through ``TextSink``, without the parser.
///
/// Most feed markup is plain: paragraphs, links, emphasis, images, entities. For that, the scanner follows what
/// libxml2 2.9.14 does (`HTMLparser.c`) step by step, as far as the text can tell: it keeps the stack of open
/// elements, closes them as libxml2's start tags, end tags and priorities do (``HTMLElement``), decodes references
/// as `htmlParseReference` does (named ones through libxml2's own entity table), skips comments, attributes and the
/// raw content of `script` and `style`, and separates words wherever an element with a role opens or closes.
/// Whatever it does not follow exactly, it declines (`nil`), and the caller parses with libxml2: a doctype, a
/// processing instruction, an element whose content is dropped other than `script` and `style` (libxml2 moves or
/// ignores `head`, `title` and the like), `html`, `body`, `meta` (its charset), a tag or a reference it would read
/// differently, a tag cut off by the end, a non-character (U+FFFE, U+FFFF), a name longer than 16 bytes.
///
/// It reads the field itself, as ``HTMLText`` would hand it to libxml2 once prepared: control characters count as
/// spaces (the preparation turns them into spaces), and a field holding `<![CDATA[` (whose markers the preparation
/// removes) is declined.
enum HTMLFragmentScanner {
    /// The text of `input`, whitespace collapsed; nil when the fragment needs libxml2.
    static func text(of input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard !input.isEmpty else { return [] }
        guard !containsCDATAOpening(input) else { return nil }
        var scanner = Scanner(
            source: input, text: CollapsedText(capacity: input.count, controlCharactersAreWhitespace: true))
        guard scanner.scan(from: 0) else { return nil }
        return scanner.text.bytes
    }

    private static let cdataOpening = Array("<![CDATA[".utf8)

    /// Whether `input` holds `<![CDATA[` (each `<` found with memchr).
    private static func containsCDATAOpening(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = input.baseAddress else { return false }
        var start = 0
        while start < input.count, let found = memchr(base + start, Int32(UInt8(ascii: "<")), input.count - start) {
            let index = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if input.count - index >= cdataOpening.count
                && cdataOpening.indices.allSatisfy({ input[index + $0] == cdataOpening[$0] })
            {
                return true
            }
            start = index + 1
        }
        return false
    }

    private struct Scanner {
        let source: UnsafeBufferPointer<UInt8>
        var text: CollapsedText
        /// The open elements, innermost last (the fragment's wrapper, below them, is never closed).
        var open: [HTMLElement] = []

        init(source: UnsafeBufferPointer<UInt8>, text: CollapsedText) {
            self.source = source
            self.text = text
            open.reserveCapacity(16)
        }

        var count: Int { source.count }

        func byte(_ index: Int) -> UInt8 { index < source.count ? source[index] : 0 }

        /// Scans from `start` to the end; false to decline.
        mutating func scan(from start: Int) -> Bool {
            var index = start
            var runStart = start
            while index < count {
                let current = source[index]
                if current != UInt8(ascii: "<") && current != UInt8(ascii: "&") {
                    if current == 0xEF && byte(index + 1) == 0xBF && byte(index + 2) >= 0xBE {
                        return false  // U+FFFE, U+FFFF: libxml2 drops them
                    }
                    index += 1
                    continue
                }
                appendText(runStart, index)
                let next: Int?
                if current == UInt8(ascii: "&") {
                    next = reference(at: index)
                } else {
                    next = markup(at: index)
                }
                guard let next else { return false }
                index = next
                runStart = next
            }
            appendText(runStart, count)
            return true
        }

        mutating func appendText(_ start: Int, _ end: Int) {
            guard end > start, let base = source.baseAddress else { return }
            text.append(UnsafeBufferPointer(start: base + start, count: end - start))
        }

        mutating func appendScalar(_ value: UInt32) {
            var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
            let length: Int
            if value < 0x80 {
                bytes.0 = UInt8(value)
                length = 1
            } else if value < 0x800 {
                bytes = (UInt8(0xC0 | (value >> 6)), UInt8(0x80 | (value & 0x3F)), 0, 0)
                length = 2
            } else if value < 0x10000 {
                bytes = (
                    UInt8(0xE0 | (value >> 12)), UInt8(0x80 | ((value >> 6) & 0x3F)), UInt8(0x80 | (value & 0x3F)), 0
                )
                length = 3
            } else {
                bytes = (
                    UInt8(0xF0 | (value >> 18)), UInt8(0x80 | ((value >> 12) & 0x3F)),
                    UInt8(0x80 | ((value >> 6) & 0x3F)), UInt8(0x80 | (value & 0x3F))
                )
                length = 4
            }
            withUnsafeBytes(of: &bytes) { raw in
                text.append(UnsafeBufferPointer(start: raw.bindMemory(to: UInt8.self).baseAddress, count: length))
            }
        }

        // MARK: References

        /// A reference at `start` (`&`), as `htmlParseReference` reads it; the index after it.
        mutating func reference(at start: Int) -> Int? {
            if byte(start + 1) == UInt8(ascii: "#") {
                return characterReference(at: start)
            }
            let nameStart = start + 1
            let first = byte(nameStart)
            guard isASCIILetter(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: ":") else {
                // No name: libxml2 reads one with its Unicode rules when the byte is not ASCII.
                guard first < 0x80 else { return nil }
                appendText(start, start + 1)
                return start + 1
            }
            var end = nameStart + 1
            while end < count && isNameByte(source[end]) { end += 1 }
            // At the very end libxml2 finds no name: "&" and then the same letters as text.
            guard end < count else {
                appendText(start, count)
                return count
            }
            guard source[end] < 0x80 else { return nil }
            if source[end] == UInt8(ascii: ";"), let value = HTMLEntities.value(of: source, nameStart..<end) {
                appendScalar(value)
                return end + 1
            }
            // Unknown, or no ';': the reference stays as written.
            appendText(start, end)
            return end
        }

        /// `&#…` as `htmlParseCharRef` reads it: digits up to the first other byte, then `;` if there is one;
        /// nothing written unless the value is an XML character.
        mutating func characterReference(at start: Int) -> Int {
            var index = start + 2
            let hex = byte(index) | 0x20 == UInt8(ascii: "x")
            if hex { index += 1 }
            var value: UInt32 = 0
            while index < count && source[index] != UInt8(ascii: ";") {
                let digit: UInt32
                let current = source[index]
                if current >= UInt8(ascii: "0") && current <= UInt8(ascii: "9") {
                    digit = UInt32(current - UInt8(ascii: "0"))
                } else if hex, current | 0x20 >= UInt8(ascii: "a"), current | 0x20 <= UInt8(ascii: "f") {
                    digit = UInt32(current | 0x20 - UInt8(ascii: "a")) + 10
                } else {
                    break
                }
                if value < 0x11_0000 { value = value * (hex ? 16 : 10) + digit }
                index += 1
            }
            if index < count && source[index] == UInt8(ascii: ";") { index += 1 }
            if Self.isXMLCharacter(value) { appendScalar(value) }
            return index
        }

        static func isXMLCharacter(_ value: UInt32) -> Bool {
            switch value {
            case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x1_0000...0x10_FFFF: true
            default: false
            }
        }

        // MARK: Markup

        /// Markup at `start` (`<`); the index after it.
        mutating func markup(at start: Int) -> Int? {
            let next = byte(start + 1)
            if isASCIILetter(next) { return startTag(at: start) }
            if next == UInt8(ascii: "/") { return endTag(at: start) }
            if next == UInt8(ascii: "!") { return comment(at: start) }
            if next == UInt8(ascii: "?") || next >= 0x80 { return nil }
            // A '<' that starts nothing is text (libxml2 writes it as such).
            appendText(start, start + 1)
            return start + 1
        }

        /// A start tag: its element opens (closing what it closes), its attributes are skipped.
        mutating func startTag(at start: Int) -> Int? {
            let nameStart = start + 1
            var index = nameStart
            while index < count && isTagNameByte(source[index]) { index += 1 }
            guard index < count,
                isBlank(source[index]) || source[index] == UInt8(ascii: ">")
                    || source[index] == UInt8(ascii: "/"),
                let element = HTMLElement(source, nameStart..<index), Self.isFollowed(element)
            else { return nil }
            guard let (end, selfClosing) = attributes(from: index) else { return nil }
            while let innermost = open.last, innermost.isClosed(byStartOf: element) {
                close(open.removeLast())
            }
            if element.role != nil { text.separateWords() }
            if selfClosing || element.isEmpty { return end }
            if element.hasRawText {
                // Raw text up to the first `</script` (or `</style`) in any case, which must be a whole end tag.
                guard let close = rawTextEnd(of: element, from: end) else { return nil }
                text.separateWords()
                return close
            }
            open.append(element)
            return end
        }

        /// Skips the attributes of a start tag from `start`: the index after the tag, and whether it ends in `/>`.
        func attributes(from start: Int) -> (Int, Bool)? {
            var index = start
            while true {
                while index < count && isBlank(source[index]) { index += 1 }
                guard index < count else { return nil }
                let current = source[index]
                if current == UInt8(ascii: ">") { return (index + 1, false) }
                if current == UInt8(ascii: "/") {
                    guard byte(index + 1) == UInt8(ascii: ">") else { return nil }
                    return (index + 2, true)
                }
                // The name, as htmlParseHTMLName reads it.
                guard
                    isASCIILetter(current) || current == UInt8(ascii: "_") || current == UInt8(ascii: ":")
                        || current == UInt8(ascii: ".")
                else { return nil }
                index += 1
                while index < count && (isTagNameByte(source[index]) || source[index] == UInt8(ascii: ".")) {
                    index += 1
                }
                while index < count && isBlank(source[index]) { index += 1 }
                guard byte(index) == UInt8(ascii: "=") else { continue }
                index += 1
                while index < count && isBlank(source[index]) { index += 1 }
                guard index < count else { return nil }
                let quote = source[index]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    index += 1
                    while index < count && source[index] != quote { index += 1 }
                    guard index < count else { return nil }
                    index += 1
                } else {
                    while index < count && !isBlank(source[index]) && source[index] != UInt8(ascii: ">") {
                        index += 1
                    }
                }
            }
        }

        /// Where the raw text of `element` ends: the index of its end tag's `</`.
        func rawTextEnd(of element: HTMLElement, from start: Int) -> Int? {
            let name = element == HTMLElement.script ? Self.scriptName : Self.styleName
            var index = start
            while index + 1 < count {
                if source[index] == UInt8(ascii: "<") && source[index + 1] == UInt8(ascii: "/") {
                    var matches = index + 2 + name.count <= count
                    var offset = 0
                    while matches && offset < name.count {
                        matches = source[index + 2 + offset] | 0x20 == name[offset]
                        offset += 1
                    }
                    if matches {
                        let after = byte(index + 2 + name.count)
                        return isBlank(after) || after == UInt8(ascii: ">") ? index : nil
                    }
                }
                index += 1
            }
            return nil
        }

        static let scriptName = Array("script".utf8)
        static let styleName = Array("style".utf8)

        /// An end tag: it closes its element and those opened after it, as far as their priorities allow; one
        /// that closes nothing still separates words if its element has a role.
        mutating func endTag(at start: Int) -> Int? {
            let nameStart = start + 2
            let first = byte(nameStart)
            guard isASCIILetter(first) || first == UInt8(ascii: "_") || first == UInt8(ascii: ":") else { return nil }
            var index = nameStart + 1
            while index < count && isTagNameByte(source[index]) { index += 1 }
            guard index < count, source[index] != UInt8(ascii: "."),
                let element = HTMLElement(source, nameStart..<index), Self.isFollowed(element)
            else { return nil }
            while index < count && isBlank(source[index]) { index += 1 }
            guard byte(index) == UInt8(ascii: ">") else { return nil }
            if let position = closablePosition(of: element) {
                while open.count > position { close(open.removeLast()) }
            } else if element.role != nil {
                text.separateWords()
            }
            return index + 1
        }

        /// Where `element` is in the open elements if its end tag closes it: the innermost of its name, with no
        /// element of higher end priority opened after it.
        func closablePosition(of element: HTMLElement) -> Int? {
            let priority = element.endPriority
            var position = open.count - 1
            while position >= 0 {
                if open[position] == element { return position }
                if open[position].endPriority > priority { return nil }
                position -= 1
            }
            return nil
        }

        mutating func close(_ element: HTMLElement) {
            if element.role != nil { text.separateWords() }
        }

        /// A comment: skipped up to the first `-->`; declined when `--!>` comes first or nothing ends it.
        func comment(at start: Int) -> Int? {
            guard byte(start + 2) == UInt8(ascii: "-"), byte(start + 3) == UInt8(ascii: "-") else { return nil }
            var index = start + 4
            while index + 2 < count {
                if source[index] == UInt8(ascii: "-") && source[index + 1] == UInt8(ascii: "-") {
                    if source[index + 2] == UInt8(ascii: ">") { return index + 3 }
                    if source[index + 2] == UInt8(ascii: "!") { return nil }
                }
                index += 1
            }
            return nil
        }

        /// Elements the scanner follows; the others (moved, ignored or dropped by libxml2 in ways of its own, or
        /// changing the encoding) send the fragment to libxml2.
        static func isFollowed(_ element: HTMLElement) -> Bool {
            if element.role == .droppedContent { return element.hasRawText }
            return !unfollowed.contains(element)
        }

        static let unfollowed: Set<HTMLElement> = Set(
            ["html", "body", "meta", "frameset", "frame", "vigie-fragment"].map(HTMLElement.init))

        func isASCIILetter(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        }

        /// Letters, digits, `:`, `-`, `_` (a tag's name as libxml2's content loop reads it).
        func isTagNameByte(_ byte: UInt8) -> Bool {
            isASCIILetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }

        /// A reference's name byte (`htmlParseName`'s ASCII letters, digits, `_`, `-`, `:`, `.`).
        func isNameByte(_ byte: UInt8) -> Bool {
            isTagNameByte(byte) || byte == UInt8(ascii: ".")
        }

        /// A space, or a control character (which libxml2 gets as a space).
        func isBlank(_ byte: UInt8) -> Bool {
            byte <= 0x20
        }
    }
}
