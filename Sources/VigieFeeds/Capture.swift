import Foundation

/// The text of one field element being collected, with any markup inside it.
struct Capture {
    /// Where the collected text goes.
    enum Target {
        case feedTitle(rank: Int)
        case feedLink(rank: Int)
        case feedLanguage
        case feedUpdated(rank: Int, element: String)
        case ttl
        case updatePeriod
        case updateFrequency
        case itemTitle(rank: Int)
        case itemLink(rank: Int)
        case itemID(rank: Int)
        case guid(isPermaLink: Bool)
        case itemPublished(rank: Int, element: String)
        case itemUpdated(rank: Int, element: String)
        case itemAuthor
        case itemCategory
        case itemSummary(rank: Int)
        case itemContent(rank: Int)
        case personName
        case personEmail
    }

    /// How the collected characters are to be read.
    enum Mode: Equatable {
        /// Plain text: whitespace is collapsed, nothing else.
        case text
        /// HTML (escaped or in CDATA, as RSS carries it); child elements are kept as markup.
        case html
        /// XHTML child elements (Atom `type="xhtml"`): the characters are text and get re-escaped.
        case xhtml
        /// Base64 (Atom 0.3 `mode="base64"`, Atom 1.0 binary MIME types) of HTML (`true`) or plain text; kept as
        /// text when it is not Base64 of UTF-8.
        case base64(html: Bool)
    }

    let target: Target
    let mode: Mode
    /// The base URI in force for the field element.
    let base: String?
    /// The collected bytes (UTF-8).
    private(set) var bytes: [UInt8] = []
    /// How many elements are open inside the field element.
    var depth: Int { openElements.count }
    /// Whether the field hit the size limit.
    private(set) var truncated = false
    private var openElements: [String] = []

    init(target: Target, mode: Mode, base: String?) {
        self.target = target
        self.mode = mode
        self.base = base
    }

    private var keepsMarkup: Bool { mode == .html || mode == .xhtml }

    /// A child element starts inside the field.
    mutating func open(_ name: String, attributes: XMLAttributes) {
        openElements.append(name)
        guard keepsMarkup else { return }
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: name.utf8)
        bytes.append(UInt8(ascii: ">"))
    }

    /// The innermost child element ends.
    mutating func close() {
        let name = openElements.removeLast()
        guard keepsMarkup else { return }
        bytes.append(contentsOf: "</".utf8)
        bytes.append(contentsOf: name.utf8)
        bytes.append(UInt8(ascii: ">"))
    }

    /// Appends character data, up to `limit` bytes in all.
    mutating func append(_ chunk: UnsafeBufferPointer<UInt8>, limit: Int) {
        guard !truncated else { return }
        let room = limit - bytes.count
        if chunk.count > room {
            truncated = true
            var end = max(room, 0)
            // Cut on a character boundary: back up over continuation bytes.
            while end > 0, chunk[end] & 0xC0 == 0x80 { end -= 1 }
            appendEscaping(UnsafeBufferPointer(rebasing: chunk[0..<end]))
            return
        }
        appendEscaping(chunk)
    }

    private mutating func appendEscaping(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard mode == .xhtml else {
            bytes.append(contentsOf: chunk)
            return
        }
        for byte in chunk {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            default: bytes.append(byte)
            }
        }
    }

    /// The field's value as plain text (empty when there is none), C1 controls read as windows-1252; HTML is parsed
    /// with `reader` when given.
    func plainText(reader: HTMLTextReader? = nil) -> String {
        text(reader: reader).mappingC1Controls()
    }

    private func text(reader: HTMLTextReader?) -> String {
        switch mode {
        case .text:
            return HTMLText.collapsingWhitespace(String(decoding: bytes, as: UTF8.self))
        case .html, .xhtml:
            return HTMLText.plainText(fromHTML: String(decoding: bytes, as: UTF8.self), reader: reader)
        case .base64(let html):
            // Only real Base64 of UTF-8 text is decoded; anything else was plain text under a wrong label.
            let encoded = String(decoding: bytes, as: UTF8.self)
            let compact = encoded.filter { !$0.isWhitespace }
            guard let decoded = Data(base64Encoded: compact),
                let text = String(validating: decoded, as: UTF8.self)
            else {
                return HTMLText.collapsingWhitespace(encoded)
            }
            return html ? HTMLText.plainText(fromHTML: text, reader: reader) : HTMLText.collapsingWhitespace(text)
        }
    }

    /// The field's value as one token (an id, URL, date or number): whitespace trimmed, nothing decoded.
    func rawText() -> String {
        String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace()
    }
}
