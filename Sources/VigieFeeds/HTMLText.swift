import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns HTML fragments from feed fields (RSS `description`, `content:encoded`, Atom `html` content) into plain text.
///
/// Markup goes through libxml2's HTML parser in SAX mode (no tree is built): tags are removed, the content of
/// `script`, `style`, `noscript`, `template`, `head`, `title`, `iframe`, `object` and `svg` is dropped, entities are
/// decoded, block boundaries become one space, and all whitespace is collapsed. Text that shows no sign of markup
/// (no tag-like `<x…>` and no entity reference) is only whitespace-collapsed, so "x < y" survives untouched.
/// Everything here is pure and safe to call from several threads at once: each call owns its parser context and
/// never changes libxml2's global state.
enum HTMLText {
    /// Plain text of an HTML fragment.
    ///
    /// Tags are removed, script/style (and similar) content is dropped, entities are decoded, block boundaries
    /// become a single space, whitespace is collapsed and trimmed. Input that contains neither '<' nor '&' only has
    /// its whitespace collapsed. HTML escaped twice (`&lt;p&gt;Hello&lt;/p&gt;`) is decoded by a second pass, never
    /// more than two in all. C0 control characters (including NUL) count as whitespace.
    ///
    /// `reader`, when given, is the parser context to parse with (one per feed, reused field after field); without
    /// it each parse makes its own.
    static func plainText(fromHTML html: String, reader: HTMLTextReader? = nil) -> String {
        var html = html
        let bytes = html.withUTF8 { input -> [UInt8] in
            guard looksLikeMarkup(input) else {
                return collapsedBytes(input, controlCharactersAreWhitespace: true)
            }
            let firstPass = textOfMarkup(input, reader: reader)
            guard firstPass.withUnsafeBufferPointer({ looksLikeMarkup($0) }) else { return firstPass }
            return firstPass.withUnsafeBufferPointer { textOfMarkup($0, reader: reader) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Collapses runs of Unicode whitespace into one ASCII space and trims both ends.
    ///
    /// Whitespace is the Unicode `White_Space` set: tab, newline, vertical tab, form feed, carriage return, space,
    /// NEL (U+0085), NBSP (U+00A0), U+1680, U+2000–U+200A, the line and paragraph separators, U+202F, U+205F and
    /// U+3000. Zero-width characters such as U+200B are not whitespace and are kept.
    static func collapsingWhitespace(_ text: String) -> String {
        var text = text
        let bytes = text.withUTF8 { collapsedBytes($0, controlCharactersAreWhitespace: false) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

// MARK: - Detecting markup

extension HTMLText {
    /// Whether `bytes` holds a tag-like sequence (`<` then a letter, `/` or `!`, and a later `>`) or an entity
    /// reference (`&name;`, `&#123;`, `&#x1F;`).
    private static func looksLikeMarkup(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        // memchr keeps this scan cheap on long plain text, even in debug builds.
        func position(of byte: UInt8, from start: Int) -> Int? {
            guard start < bytes.count, let found = memchr(base + start, Int32(byte), bytes.count - start) else {
                return nil
            }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
        var ampersand = position(of: UInt8(ascii: "&"), from: 0)
        while let index = ampersand {
            if isEntityReference(bytes, at: index) { return true }
            ampersand = position(of: UInt8(ascii: "&"), from: index + 1)
        }
        var lessThan = position(of: UInt8(ascii: "<"), from: 0)
        while let index = lessThan {
            if index + 1 < bytes.count {
                let next = bytes[index + 1]
                if isASCIILetter(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") {
                    return position(of: UInt8(ascii: ">"), from: index + 2) != nil
                }
            }
            lessThan = position(of: UInt8(ascii: "<"), from: index + 1)
        }
        return false
    }

    /// Whether an entity reference (`&name;`, `&#digits;` or `&#xhex;`) starts at `start`, which holds `&`.
    private static func isEntityReference(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let longestName = 32
        var index = start + 1
        guard index < bytes.count else { return false }
        let isDigit: (UInt8) -> Bool
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "x") {
                index += 1
                isDigit = { isASCIIDigit($0) || (($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "f")) }
            } else {
                isDigit = isASCIIDigit
            }
        } else {
            guard isASCIILetter(bytes[index]) else { return false }
            isDigit = { isASCIILetter($0) || isASCIIDigit($0) }
        }
        let nameStart = index
        while index < bytes.count, index - nameStart <= longestName, isDigit(bytes[index]) {
            index += 1
        }
        return index > nameStart && index < bytes.count && bytes[index] == UInt8(ascii: ";")
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}

// MARK: - Parsing with libxml2

extension HTMLText {
    /// Calls `xmlInitParser()` once per process, before the first parse.
    static let parserInitialized: Void = xmlInitParser()

    /// Unknown element wrapped around every fragment: text directly inside it makes libxml2 neither imply a `<p>`
    /// (which would split `<b>M</b>eta`) nor close it on a stray end tag.
    private static let fragmentOpening = Array("<vigie-fragment>".utf8)

    static let parseOptions = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NOIMPLIED.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
    )

    /// Callbacks shared by every parse; libxml2 copies them into each context. Never mutated after creation.
    nonisolated(unsafe) static let saxHandler: htmlSAXHandler = {
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, _ in
            guard let context, let name else { return }
            TextSink.from(context).enterElement(name)
        }
        handler.endElement = { context, name in
            guard let context, let name else { return }
            TextSink.from(context).leaveElement(name)
        }
        handler.characters = { context, characters, length in
            guard let context, let characters, length > 0 else { return }
            TextSink.from(context).appendText(UnsafeBufferPointer(start: characters, count: Int(length)))
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = handler.characters
        // The structured error callback replaces libxml2's default reporter (which prints to stderr); it also
        // sees stray end tags such as `a</p>b`, which produce no SAX event but still separate words.
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.serror = { context, error in
            guard let context, let error, error.pointee.code == XML_ERR_TAG_NAME_MISMATCH.rawValue,
                let name = error.pointee.str1
            else { return }
            name.withMemoryRebound(to: UInt8.self, capacity: 1) { TextSink.from(context).noteStrayEndTag($0) }
        }
        return handler
    }()

    /// Text of one parse of `input` as HTML, whitespace already collapsed.
    private static func textOfMarkup(_ input: UnsafeBufferPointer<UInt8>, reader: HTMLTextReader?) -> [UInt8] {
        _ = parserInitialized
        let source = preparedSource(input)
        guard source.count <= Int(Int32.max) else {
            return collapsedBytes(input, controlCharactersAreWhitespace: true)
        }
        let sink = TextSink(capacity: input.count)
        withExtendedLifetime(sink) {
            source.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { characters in
                    if let reader, reader.parse(characters, into: Unmanaged.passUnretained(sink).toOpaque()) {
                        return
                    }
                    guard let context = htmlCreateMemoryParserCtxt(characters.baseAddress, Int32(characters.count))
                    else { return }
                    defer { htmlFreeParserCtxt(context) }
                    guard let sax = context.pointee.sax else { return }
                    context.pointee.userData = Unmanaged.passUnretained(sink).toOpaque()
                    sax.pointee = saxHandler
                    _ = htmlCtxtUseOptions(context, parseOptions)
                    _ = xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
                    _ = htmlParseDocument(context)
                }
            }
        }
        return sink.text.bytes
    }

    /// The bytes handed to libxml2: the fragment opening, then `input` with C0 controls (NUL included) turned into
    /// spaces and CDATA markers removed, so a CDATA section's content is parsed like the HTML around it.
    private static func preparedSource(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let cdataOpening = Array("<![CDATA[".utf8)
        let cdataClosing = Array("]]>".utf8)
        let prefixCount = fragmentOpening.count
        return [UInt8](unsafeUninitializedCapacity: prefixCount + input.count) { buffer, initializedCount in
            _ = buffer.initialize(from: fragmentOpening)
            var written = prefixCount
            var index = 0
            var insideCDATA = false
            while index < input.count {
                let byte = input[index]
                if byte < 0x20 {
                    buffer[written] = 0x20
                } else if byte == UInt8(ascii: "<"), !insideCDATA, hasPrefix(cdataOpening, in: input, at: index) {
                    insideCDATA = true
                    index += cdataOpening.count
                    continue
                } else if byte == UInt8(ascii: "]"), insideCDATA, hasPrefix(cdataClosing, in: input, at: index) {
                    insideCDATA = false
                    index += cdataClosing.count
                    continue
                } else {
                    buffer[written] = byte
                }
                written += 1
                index += 1
            }
            initializedCount = written
        }
    }

    private static func hasPrefix(_ prefix: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard bytes.count - start >= prefix.count else { return false }
        for offset in prefix.indices where bytes[start + offset] != prefix[offset] {
            return false
        }
        return true
    }

    private static func collapsedBytes(_ input: UnsafeBufferPointer<UInt8>, controlCharactersAreWhitespace: Bool)
        -> [UInt8]
    {
        var text = CollapsedText(capacity: input.count, controlCharactersAreWhitespace: controlCharactersAreWhitespace)
        text.append(input)
        return text.bytes
    }
}

// MARK: - Collecting text

extension HTMLText {
    /// What an element does to the text around and inside it.
    private enum ElementRole {
        /// A block (or `br`, `img`…): words on either side never run together.
        case boundary
        /// Content dropped (script, style…); also a boundary.
        case droppedContent
    }

    /// An element name of at most 16 ASCII bytes packed into two words, for lookups without allocating.
    private struct ElementName: Hashable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        init(_ name: String) {
            for (offset, byte) in name.utf8.enumerated() { set(byte, at: offset) }
        }

        /// The name of a NUL-terminated element name, or nil when it is longer than 16 bytes (no known element is).
        init?(cString name: UnsafePointer<UInt8>) {
            var offset = 0
            while name[offset] != 0 {
                guard offset < 16 else { return nil }
                set(name[offset] | (isASCIILetter(name[offset]) ? 0x20 : 0), at: offset)
                offset += 1
            }
        }

        private mutating func set(_ byte: UInt8, at offset: Int) {
            if offset < 8 {
                low |= UInt64(byte) << (8 * offset)
            } else {
                high |= UInt64(byte) << (8 * (offset - 8))
            }
        }
    }

    private static let elementRoles: [ElementName: ElementRole] = {
        let boundaries = [
            "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table",
            "caption", "tr", "td", "th", "thead", "tbody", "tfoot", "blockquote", "pre", "hr", "section", "article",
            "header", "footer", "aside", "nav", "main", "figure", "figcaption", "address", "details", "summary",
            "form", "fieldset", "legend", "select", "option", "textarea", "button", "img", "video", "audio", "source",
            "center", "menu", "hgroup", "dialog",
        ]
        let dropped = ["script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg"]
        var roles: [ElementName: ElementRole] = [:]
        for name in boundaries { roles[ElementName(name)] = .boundary }
        for name in dropped { roles[ElementName(name)] = .droppedContent }
        return roles
    }()

    private static func role(ofElement name: UnsafePointer<UInt8>) -> ElementRole? {
        ElementName(cString: name).flatMap { elementRoles[$0] }
    }

    /// The state of one parse, reached from libxml2 callbacks through the context's user data.
    private final class TextSink {
        var text: CollapsedText
        /// How many dropped-content elements are open; text is kept only at zero.
        private var droppedDepth = 0

        init(capacity: Int) {
            text = CollapsedText(capacity: capacity, controlCharactersAreWhitespace: false)
        }

        static func from(_ context: UnsafeMutableRawPointer) -> TextSink {
            Unmanaged<TextSink>.fromOpaque(context).takeUnretainedValue()
        }

        func enterElement(_ name: UnsafePointer<UInt8>) {
            switch role(ofElement: name) {
            case .boundary: text.separateWords()
            case .droppedContent:
                text.separateWords()
                droppedDepth += 1
            case nil: break
            }
        }

        func leaveElement(_ name: UnsafePointer<UInt8>) {
            switch role(ofElement: name) {
            case .boundary: text.separateWords()
            case .droppedContent:
                text.separateWords()
                droppedDepth = max(droppedDepth - 1, 0)
            case nil: break
            }
        }

        /// An end tag with no open element to close (`a</p>b`): a block one still separates words.
        func noteStrayEndTag(_ name: UnsafePointer<UInt8>) {
            if role(ofElement: name) != nil { text.separateWords() }
        }

        func appendText(_ characters: UnsafeBufferPointer<UInt8>) {
            if droppedDepth == 0 { text.append(characters) }
        }
    }

    /// UTF-8 text built with whitespace collapsed as it is appended: no leading, trailing or repeated spaces.
    private struct CollapsedText {
        private(set) var bytes: [UInt8] = []
        private var pendingSpace = false
        private let controlCharactersAreWhitespace: Bool

        init(capacity: Int, controlCharactersAreWhitespace: Bool) {
            bytes.reserveCapacity(capacity)
            self.controlCharactersAreWhitespace = controlCharactersAreWhitespace
        }

        /// Makes the next appended word start after a space (unless nothing was written yet).
        mutating func separateWords() {
            pendingSpace = true
        }

        /// Appends `input` (whole UTF-8 sequences), turning each whitespace run into one pending space.
        mutating func append(_ input: UnsafeBufferPointer<UInt8>) {
            guard let base = input.baseAddress else { return }
            var wordStart = 0
            var index = 0
            while index < input.count {
                let byte = base[index]
                if byte > 0x20 && byte < 0x80 {  // the common case, checked inline
                    index += 1
                    continue
                }
                let whitespaceLength = whitespaceLength(in: input, at: index)
                if whitespaceLength == 0 {
                    index += 1
                    continue
                }
                appendWord(base + wordStart, count: index - wordStart)
                pendingSpace = true
                index += whitespaceLength
                wordStart = index
            }
            appendWord(base + wordStart, count: input.count - wordStart)
        }

        private mutating func appendWord(_ start: UnsafePointer<UInt8>, count: Int) {
            guard count > 0 else { return }
            if pendingSpace {
                if !bytes.isEmpty { bytes.append(0x20) }
                pendingSpace = false
            }
            bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: count))
        }

        /// Byte length of the whitespace character starting at `index`, or 0 if it is not whitespace.
        private func whitespaceLength(in input: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
            let byte = input[index]
            if byte < 0x80 {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { return 1 }
                return controlCharactersAreWhitespace && byte < 0x20 ? 1 : 0
            }
            guard byte >= 0xC2, byte <= 0xE3, index + 1 < input.count else { return 0 }
            let second = input[index + 1]
            if byte == 0xC2 { return second == 0x85 || second == 0xA0 ? 2 : 0 }
            guard index + 2 < input.count else { return 0 }
            let third = input[index + 2]
            switch (byte, second) {
            case (0xE1, 0x9A): return third == 0x80 ? 3 : 0  // U+1680
            case (0xE2, 0x80):  // U+2000–U+200A, U+2028, U+2029, U+202F
                return third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0
            case (0xE2, 0x81): return third == 0x9F ? 3 : 0  // U+205F
            case (0xE3, 0x80): return third == 0x80 ? 3 : 0  // U+3000
            default: return 0
            }
        }
    }
}
