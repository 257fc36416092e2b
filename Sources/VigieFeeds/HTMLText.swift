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
    ///
    /// Plain markup is read by ``HTMLFragmentScanner``, which gives the text libxml2 would; the rest by libxml2.
    /// `scanning: false` (for tests comparing the two) always parses with libxml2; by default, the reader's choice.
    static func plainText(fromHTML html: String, reader: HTMLTextReader? = nil, scanning: Bool? = nil) -> String {
        let scanning = scanning ?? reader?.scanning ?? true
        var html = html
        let bytes = html.withUTF8 { input -> [UInt8] in
            guard looksLikeMarkup(input) else {
                return collapsedBytes(input, controlCharactersAreWhitespace: true)
            }
            let firstPass = textOfMarkup(input, reader: reader, scanning: scanning)
            guard firstPass.withUnsafeBufferPointer({ looksLikeMarkup($0) }) else { return firstPass }
            return firstPass.withUnsafeBufferPointer { textOfMarkup($0, reader: reader, scanning: scanning) }
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
    private static func textOfMarkup(_ input: UnsafeBufferPointer<UInt8>, reader: HTMLTextReader?, scanning: Bool)
        -> [UInt8]
    {
        if scanning, let text = HTMLFragmentScanner.text(of: input) { return text }
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
