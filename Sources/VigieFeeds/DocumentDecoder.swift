/// Turns the raw bytes of a feed (XML or JSON) into valid UTF-8 for the parsers.
///
/// Runs on every fetched document, before libxml2, which is then told to ignore the document's own encoding
/// declaration. Never fails: any bytes give valid UTF-8, and every repair adds a warning to the result. The rules:
///
/// 1. A byte order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE) wins over everything; it is removed.
/// 2. Without one, UTF-16 and UTF-32 are recognised from the first bytes as in XML 1.0 Appendix F: an ASCII
///    character (`<`, `{`, whitespace…) next to NUL bytes (`3C 00 3F 00`, `00 3C`, `3C 00 00 00`…), whatever is
///    declared.
/// 3. Otherwise the encoding is the one `charset` names (HTTP Content-Type, or the user), else the `encoding="…"` of
///    the `<?xml … ?>` declaration at the start (ASCII whitespace before it is tolerated), else UTF-8. Names match
///    case-insensitively with the usual aliases (latin1, l1, cp1252, utf8, x-sjis…). An unknown name is skipped
///    with a warning: an unknown charset falls back to the declaration, an unknown declaration to UTF-8.
/// 4. Wrong declarations still give the right text:
///    - UTF-8 (named or by default) on bytes that are not valid UTF-8: every valid UTF-8 sequence is read as
///      UTF-8 and every other byte as windows-1252. When no multi-byte sequence was valid the encoding reported is
///      windows-1252.
///    - Any ASCII-compatible legacy encoding (ISO-8859-x, windows-125x, KOI8, Shift_JIS, EUC-*, Big5, GBK…) on bytes
///      that are valid UTF-8 with at least one multi-byte sequence: read as UTF-8. Also when the valid multi-byte
///      sequences outnumber the bytes that are not UTF-8 (a UTF-8 template with pasted legacy text): read by the
///      UTF-8 rule above.
///    - ISO-8859-1 and US-ASCII are read as windows-1252, ISO-8859-9 as windows-1254 and ISO-8859-11 as
///      windows-874, as browsers do (WHATWG Encoding); the five bytes windows-1252 leaves undefined give C1
///      controls, removed by rule 5.
///    - UTF-16 or UTF-32 named, but no byte order mark and not one NUL byte: the name is ignored, UTF-8 rules apply.
///      With NULs and no byte order mark, the byte order is guessed from where the NULs fall.
///    - UTF-16 and UTF-32 are decoded here (a lone surrogate or a truncated unit becomes U+FFFD); every other
///      encoding goes through glibc iconv (Shift_JIS as CP932, EUC-KR as CP949, Big5 as Big5-HKSCS, GB2312 and GBK as
///      GB18030, as browsers do), a byte it rejects becoming U+FFFD. Names missing from the alias table are tried
///      on iconv as written.
/// 5. The result holds only characters XML 1.0 allows: C0 controls other than tab, LF and CR, U+FFFE and U+FFFF
///    are removed, with one warning giving the count. C1 controls (U+0080–U+009F) are read as the windows-1252
///    characters they nearly always stand for (U+0092 is ’), as HTML does; the five windows-1252 leaves undefined
///    are removed.
/// 6. Valid UTF-8 without such characters comes back as is (only the byte order mark stripped), after one pass
///    that checks eight ASCII bytes at a time.
enum DocumentDecoder {
    /// Decodes a document; `charset` is what the HTTP Content-Type said (or the user passed), if anything.
    ///
    /// See the type's documentation for the rules. `declared` in the result is the XML declaration's encoding even
    /// when it was not used.
    static func decode(_ bytes: [UInt8], charset: String?) -> DecodedDocument {
        bytes.withUnsafeBufferPointer { buffer in
            if let signature = unicodeSignature(buffer) {
                return decodeSigned(buffer, original: bytes, signature: signature, charset: charset)
            }
            return decodeLabelled(buffer, original: bytes, charset: charset)
        }
    }

    /// The encoding a label names: from the alias table, else the name as glibc iconv knows it.
    static func resolve(_ label: String) -> Encoding? {
        if let known = Encoding(label: label) { return known }
        let name = Encoding.normalized(label).uppercased()
        return iconvKnows(name) ? .legacy(name: name, iconvName: name, asciiCompatible: false) : nil
    }

    /// An encoding name given for the document, and where it came from.
    private struct Label {
        var text: String
        var encoding: Encoding
        var isCharset: Bool

        /// "charset latin1", "declared ISO-8859-1": how warnings name the claim.
        var claim: String { isCharset ? "charset \(text)" : "declared \(text)" }
    }

    /// The charset if it names a known encoding, else the declaration if it does (rule 3); warns about unknown names.
    private static func chooseLabel(charset: String?, declared: String?, warnings: inout [String]) -> Label? {
        if let text = Encoding.trimmed(charset) {
            if let encoding = resolve(text) { return Label(text: text, encoding: encoding, isCharset: true) }
            warnings.append("unknown charset \"\(text)\"; ignored it")
        }
        if let text = declared {
            if let encoding = resolve(text) { return Label(text: text, encoding: encoding, isCharset: false) }
            warnings.append("unknown encoding \"\(text)\" declared; ignored it")
        }
        return nil
    }

    /// Rules 1 and 2: the encoding is in the bytes themselves; a label that disagrees only earns a warning.
    private static func decodeSigned(
        _ buffer: UnsafeBufferPointer<UInt8>, original: [UInt8], signature: (encoding: Encoding, bomLength: Int),
        charset: String?
    ) -> DecodedDocument {
        let found = signature.encoding
        var decodingWarnings: [String] = []
        let utf8: [UInt8]
        let used: String
        let declared: String?
        switch found {
        case .utf16(let order?), .utf32(let order?):
            utf8 = decodeWide(
                buffer, from: signature.bomLength, as: found, order: order, warnings: &decodingWarnings)
            used = found.name
            declared = utf8.withUnsafeBufferPointer { declaredEncoding(in: $0, from: 0) }
        default:
            declared = declaredEncoding(in: buffer, from: signature.bomLength)
            (utf8, used) = decodeAsUTF8(
                buffer, from: signature.bomLength, original: original, scan: nil,
                claim: "the byte order mark says UTF-8", warnings: &decodingWarnings)
        }
        var warnings: [String] = []
        if let label = chooseLabel(charset: charset, declared: declared, warnings: &warnings),
            !found.agrees(withLabel: label.encoding)
        {
            let evidence =
                signature.bomLength > 0
                ? "the document starts with a \(found.name) byte order mark" : "the bytes are \(found.name)"
            warnings.append("\(label.claim) but \(evidence); decoded as \(found.name)")
        }
        return DecodedDocument(utf8: utf8, encoding: used, declared: declared, warnings: warnings + decodingWarnings)
    }

    /// Rules 3 and 4: the encoding comes from a label, or is UTF-8 by default.
    private static func decodeLabelled(
        _ buffer: UnsafeBufferPointer<UInt8>, original: [UInt8], charset: String?
    ) -> DecodedDocument {
        var declared = declaredEncoding(in: buffer, from: 0)
        var warnings: [String] = []
        let result: (utf8: [UInt8], encoding: String)
        if let label = chooseLabel(charset: charset, declared: declared, warnings: &warnings) {
            switch label.encoding {
            case .utf8:
                result = decodeAsUTF8(
                    buffer, from: 0, original: original, scan: nil, claim: label.claim, warnings: &warnings)
            case .windows1252, .legacy:
                result = decodeLegacy(buffer, original: original, label: label, warnings: &warnings)
            case .utf16(let named), .utf32(let named):
                guard buffer.contains(0) else {
                    warnings.append(
                        "\(label.claim) but the bytes have no byte order mark and no NUL, so they are not"
                            + " \(label.encoding.name); ignored it")
                    result = decodeAsUTF8(
                        buffer, from: 0, original: original, scan: nil, claim: nil, warnings: &warnings)
                    break
                }
                let isUTF32 = label.encoding == .utf32(named)
                let order = named ?? guessByteOrder(buffer, unitSize: isUTF32 ? 4 : 2)
                let used: Encoding = isUTF32 ? .utf32(order) : .utf16(order)
                let utf8 = decodeWide(buffer, from: 0, as: used, order: order, warnings: &warnings)
                if declared == nil {
                    declared = utf8.withUnsafeBufferPointer { declaredEncoding(in: $0, from: 0) }
                }
                result = (utf8, used.name)
            }
        } else {
            result = decodeAsUTF8(buffer, from: 0, original: original, scan: nil, claim: nil, warnings: &warnings)
        }
        return DecodedDocument(utf8: result.utf8, encoding: result.encoding, declared: declared, warnings: warnings)
    }

    /// The UTF-8 rule: valid UTF-8 without forbidden characters is returned as is; otherwise valid sequences are
    /// kept, forbidden characters dropped and other bytes read as windows-1252, with warnings that cite `claim`.
    private static func decodeAsUTF8(
        _ buffer: UnsafeBufferPointer<UInt8>, from offset: Int, original: [UInt8], scan knownScan: UTF8Scan?,
        claim: String?, warnings: inout [String]
    ) -> (utf8: [UInt8], encoding: String) {
        let body = UnsafeBufferPointer(rebasing: buffer[offset...])
        let scan = knownScan ?? scanUTF8(body)
        if scan.isValid && scan.firstForbidden == nil {
            return (offset == 0 ? original : Array(body), "UTF-8")
        }
        var writer = UTF8Writer(capacity: body.count + body.count / 8)
        let cleanPrefix = min(scan.validPrefix, scan.firstForbidden ?? scan.validPrefix)
        writer.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: body[..<cleanPrefix]))
        let lenient = decodeUTF8Leniently(body, from: cleanPrefix, into: &writer)
        var encoding = "UTF-8"
        if lenient.invalidBytes > 0 {
            let lead = claim.map { "\($0) but " } ?? ""
            if scan.firstMultiByte != nil || lenient.sawMultiByte {
                let invalid = lenient.invalidBytes == 1 ? "1 byte is" : "\(lenient.invalidBytes) bytes are"
                let them = lenient.invalidBytes == 1 ? "it" : "them"
                warnings.append("\(lead)\(invalid) not valid UTF-8; decoded \(them) as windows-1252")
            } else {
                encoding = "windows-1252"
                warnings.append("\(lead)the bytes are not UTF-8; decoded as windows-1252")
            }
        }
        if let removal = writer.removalWarning { warnings.append(removal) }
        return (writer.bytes, encoding)
    }

    /// windows-1252 and the iconv encodings, except when the bytes are plainly UTF-8 instead (ASCII-compatible
    /// encodings only: ISO-2022-JP, for one, is 7-bit and always goes to iconv).
    private static func decodeLegacy(
        _ buffer: UnsafeBufferPointer<UInt8>, original: [UInt8], label: Label, warnings: inout [String]
    ) -> (utf8: [UInt8], encoding: String) {
        var cleanPrefix = 0
        if label.encoding.isASCIICompatible {
            let scan = scanUTF8(buffer)
            if scan.isValid {
                if scan.firstMultiByte != nil {
                    warnings.append("\(label.claim) but the bytes are UTF-8; decoded as UTF-8")
                    return decodeAsUTF8(
                        buffer, from: 0, original: original, scan: scan, claim: nil, warnings: &warnings)
                }
                let ascii = decodeAsUTF8(
                    buffer, from: 0, original: original, scan: scan, claim: nil, warnings: &warnings)
                return (ascii.utf8, label.encoding.name)
            }
            // Genuine legacy text almost never forms a valid multi-byte UTF-8 sequence; a document where such
            // sequences outnumber the stray bytes is UTF-8 with a few legacy bytes pasted in.
            let evidence = countUTF8Evidence(buffer)
            if evidence.multiByte > evidence.invalid {
                warnings.append("\(label.claim) but the bytes are mostly UTF-8; decoded as UTF-8")
                return decodeAsUTF8(buffer, from: 0, original: original, scan: scan, claim: nil, warnings: &warnings)
            }
            cleanPrefix = scan.cleanASCIIPrefix
        }
        guard case .legacy(let name, let iconvName, _) = label.encoding else {
            var writer = UTF8Writer(capacity: buffer.count + buffer.count / 4)
            writer.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<cleanPrefix]))
            decodeWindows1252(buffer, from: cleanPrefix, into: &writer)
            if let removal = writer.removalWarning { warnings.append(removal) }
            return (writer.bytes, label.encoding.name)
        }
        guard let converted = convertWithIconv(buffer, from: iconvName) else {
            warnings.append("\(label.claim) but iconv cannot convert from \(name) here; decoded as UTF-8")
            return decodeAsUTF8(buffer, from: 0, original: original, scan: nil, claim: nil, warnings: &warnings)
        }
        if converted.replacements > 0 {
            let sequences =
                converted.replacements == 1 ? "1 byte sequence is" : "\(converted.replacements) byte sequences are"
            warnings.append("\(sequences) not valid \(name); replaced with U+FFFD")
        }
        let cleaned = converted.utf8.withUnsafeBufferPointer {
            decodeAsUTF8($0, from: 0, original: converted.utf8, scan: nil, claim: nil, warnings: &warnings)
        }
        return (cleaned.utf8, name)
    }

    /// UTF-16 or UTF-32 from `start` on, in the given byte order, as clean UTF-8; warns about replacements and
    /// removals.
    private static func decodeWide(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, as encoding: Encoding, order: ByteOrder,
        warnings: inout [String]
    ) -> [UInt8] {
        var writer = UTF8Writer(capacity: buffer.count)
        let replacements: Int
        let used: Encoding
        if case .utf32 = encoding {
            replacements = decodeUTF32(buffer, from: start, order: order, into: &writer)
            used = .utf32(order)
        } else {
            replacements = decodeUTF16(buffer, from: start, order: order, into: &writer)
            used = .utf16(order)
        }
        if replacements > 0 {
            warnings.append("replaced \(counted(replacements, "invalid \(used.name) sequence")) with U+FFFD")
        }
        if let removal = writer.removalWarning { warnings.append(removal) }
        return writer.bytes
    }
}
