import Testing

@testable import VigieFeeds

/// The bytes of `text` with an XML declaration naming `encoding` in front (none when `nil`), `body` after it.
private func document(declaring encoding: String?, _ body: [UInt8]) -> [UInt8] {
    let declaration = encoding.map { "<?xml version=\"1.0\" encoding=\"\($0)\"?>" } ?? ""
    return Array("\(declaration)<t>".utf8) + body + Array("</t>".utf8)
}

/// `text` as UTF-16, with or without a byte order mark.
private func utf16(_ text: String, order: DocumentDecoder.ByteOrder, bom: Bool) -> [UInt8] {
    let units = (bom ? [0xFEFF] : []) + Array(text.utf16)
    return units.flatMap { unit -> [UInt8] in
        let high = UInt8(unit >> 8)
        let low = UInt8(unit & 0xFF)
        return order == .bigEndian ? [high, low] : [low, high]
    }
}

/// `text` as UTF-32, with or without a byte order mark.
private func utf32(_ text: String, order: DocumentDecoder.ByteOrder, bom: Bool) -> [UInt8] {
    let scalars = (bom ? [0xFEFF] : []) + text.unicodeScalars.map(\.value)
    return scalars.flatMap { value -> [UInt8] in
        let bytes = [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
        return order == .bigEndian ? bytes : bytes.reversed()
    }
}

/// Checks every field of a decoded document, the UTF-8 compared as text.
private func expect(
    _ document: DecodedDocument, text: String, encoding: String, declared: String?, warnings: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(String(validating: document.utf8, as: UTF8.self) == text, sourceLocation: sourceLocation)
    #expect(document.encoding == encoding, sourceLocation: sourceLocation)
    #expect(document.declared == declared, sourceLocation: sourceLocation)
    #expect(document.warnings == warnings, sourceLocation: sourceLocation)
}

@Suite struct DocumentDecoderTests {
    /// One legacy-encoding case: the label given as charset, the bytes, the text they hold and the encoding reported.
    struct LegacyCase: Sendable, CustomTestStringConvertible {
        var label: String
        var bytes: [UInt8]
        var text: String
        var encoding: String
        var testDescription: String { label }

        init(_ label: String, _ bytes: [UInt8], _ text: String, _ encoding: String) {
            self.label = label
            self.bytes = bytes
            self.text = text
            self.encoding = encoding
        }
    }

    // MARK: Rule 6: clean UTF-8

    @Test func cleanUTF8ComesBackUnchanged() {
        let bytes = Array("<?xml version=\"1.0\"?>\n<rss>\tcafé — 日本 🎉\r\n</rss>".utf8)
        let decoded = DocumentDecoder.decode(bytes, charset: nil)
        #expect(decoded == DecodedDocument(utf8: bytes, encoding: "UTF-8", declared: nil, warnings: []))
    }

    @Test func emptyInputIsEmptyUTF8() {
        #expect(
            DocumentDecoder.decode([], charset: "utf-8")
                == DecodedDocument(utf8: [], encoding: "UTF-8", declared: nil, warnings: []))
    }

    @Test func jsonWithoutDeclarationIsUTF8() {
        let bytes = Array(#"{"version":"https://jsonfeed.org/version/1.1","title":"Noël"}"#.utf8)
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: #"{"version":"https://jsonfeed.org/version/1.1","title":"Noël"}"#, encoding: "UTF-8", declared: nil)
    }

    // MARK: Rule 1: byte order marks

    @Test func utf8ByteOrderMarkIsRemoved() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + document(declaring: "utf-8", Array("é".utf8))
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: #"<?xml version="1.0" encoding="utf-8"?><t>é</t>"#, encoding: "UTF-8", declared: "utf-8")
    }

    @Test(arguments: [DocumentDecoder.ByteOrder.littleEndian, .bigEndian], [true, false])
    func utf16WithAndWithoutByteOrderMark(order: DocumentDecoder.ByteOrder, bom: Bool) {
        let text = #"<?xml version="1.0" encoding="UTF-16"?><t>Noël 🎉</t>"#
        expect(
            DocumentDecoder.decode(utf16(text, order: order, bom: bom), charset: nil),
            text: text, encoding: order == .bigEndian ? "UTF-16BE" : "UTF-16LE", declared: "UTF-16")
    }

    @Test(arguments: [DocumentDecoder.ByteOrder.littleEndian, .bigEndian], [true, false])
    func utf32WithAndWithoutByteOrderMark(order: DocumentDecoder.ByteOrder, bom: Bool) {
        let text = #"<?xml version='1.0' encoding='utf-32'?><t>Noël 🎉</t>"#
        expect(
            DocumentDecoder.decode(utf32(text, order: order, bom: bom), charset: nil),
            text: text, encoding: order == .bigEndian ? "UTF-32BE" : "UTF-32LE", declared: "utf-32")
    }

    @Test func byteOrderMarkWinsOverCharset() {
        let bytes = utf16("<t>œuvre</t>", order: .littleEndian, bom: true)
        expect(
            DocumentDecoder.decode(bytes, charset: "iso-8859-1"),
            text: "<t>œuvre</t>", encoding: "UTF-16LE", declared: nil,
            warnings: [
                "charset iso-8859-1 but the document starts with a UTF-16LE byte order mark; decoded as UTF-16LE"
            ])
    }

    @Test func utf8ByteOrderMarkWinsOverDeclaration() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + document(declaring: "us-ascii", Array("£".utf8))
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: #"<?xml version="1.0" encoding="us-ascii"?><t>£</t>"#, encoding: "UTF-8", declared: "us-ascii",
            warnings: ["declared us-ascii but the document starts with a UTF-8 byte order mark; decoded as UTF-8"])
    }

    @Test func invalidBytesAfterUTF8ByteOrderMarkAreWindows1252() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + document(declaring: nil, [0xC3, 0xA9, 0x20, 0xE9])
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: "<t>é é</t>", encoding: "UTF-8", declared: nil,
            warnings: ["the byte order mark says UTF-8 but 1 byte is not valid UTF-8; decoded it as windows-1252"])
    }

    // MARK: Rule 2: UTF-16 and UTF-32 without byte order mark

    @Test func utf16IsRecognisedWhateverIsDeclared() {
        let text = #"<?xml version="1.0" encoding="UTF-8"?><t>été</t>"#
        expect(
            DocumentDecoder.decode(utf16(text, order: .littleEndian, bom: false), charset: nil),
            text: text, encoding: "UTF-16LE", declared: "UTF-8",
            warnings: ["declared UTF-8 but the bytes are UTF-16LE; decoded as UTF-16LE"])
    }

    @Test func utf16JSONWithoutByteOrderMarkIsRecognised() {
        expect(
            DocumentDecoder.decode(utf16(#"{"title":"été"}"#, order: .bigEndian, bom: false), charset: "utf-16"),
            text: #"{"title":"été"}"#, encoding: "UTF-16BE", declared: nil)
    }

    @Test func loneSurrogatesAndOddTrailingByteBecomeReplacementCharacters() {
        // "a", lone high surrogate D83D, "b", lone low surrogate DE00, then one odd byte.
        let bytes: [UInt8] = [0x61, 0x00, 0x3D, 0xD8, 0x62, 0x00, 0x00, 0xDE, 0x63]
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: "a\u{FFFD}b\u{FFFD}\u{FFFD}", encoding: "UTF-16LE", declared: nil,
            warnings: ["replaced 3 invalid UTF-16LE sequences with U+FFFD"])
    }

    @Test func utf32ValuesOutsideUnicodeBecomeReplacementCharacters() {
        let bytes: [UInt8] = [
            0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x11, 0x00, 0x00, 0x00, 0x00, 0xD8,
            0x00, 0x00, 0x00, 0x00, 0x3E,
        ]
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: "<\u{FFFD}\u{FFFD}>", encoding: "UTF-32BE", declared: nil,
            warnings: ["replaced 2 invalid UTF-32BE sequences with U+FFFD"])
    }

    @Test func utf16CharsetWithoutByteOrderMarkGuessesTheByteOrder() {
        // Starts with a non-ASCII character, so the first bytes say nothing; the NULs fall on odd offsets.
        let bytes = utf16("été <t>a</t>", order: .littleEndian, bom: false)
        expect(
            DocumentDecoder.decode(bytes, charset: "UTF-16"),
            text: "été <t>a</t>", encoding: "UTF-16LE", declared: nil)
    }

    @Test func utf16DeclaredOnBytesWithoutNULIsIgnored() {
        let bytes = document(declaring: "UTF-16", Array("été".utf8))
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: #"<?xml version="1.0" encoding="UTF-16"?><t>été</t>"#, encoding: "UTF-8", declared: "UTF-16",
            warnings: [
                "declared UTF-16 but the bytes have no byte order mark and no NUL, so they are not UTF-16; ignored it"
            ]
        )
    }

    // MARK: Rules 3 and 4: labels

    @Test func iso88591FrenchIsDecodedAsWindows1252() {
        let latin1: [UInt8] = [
            0x67, 0xE9, 0x6E, 0xE9, 0x72, 0x61, 0x74, 0x69, 0x76, 0x65, 0x2C, 0x20, 0x4E, 0x6F,
            0xEB, 0x6C, 0x2C, 0x20, 0x9C, 0x75, 0x76, 0x72, 0x65,
        ]
        expect(
            DocumentDecoder.decode(document(declaring: "ISO-8859-1", latin1), charset: nil),
            text: #"<?xml version="1.0" encoding="ISO-8859-1"?><t>générative, Noël, œuvre</t>"#,
            encoding: "windows-1252", declared: "ISO-8859-1")
    }

    @Test(arguments: ["latin1", "L1", "iso_8859-1", "ISO8859-1", "iso-8859-1:1987", "cp1252", "US-ASCII", "ascii"])
    func latin1AliasesAllMeanWindows1252(label: String) {
        let bytes: [UInt8] = [0x93, 0x4E, 0x6F, 0xEB, 0x6C, 0x94, 0x20, 0x80]
        expect(DocumentDecoder.decode(bytes, charset: label), text: "“Noël” €", encoding: "windows-1252", declared: nil)
    }

    @Test func undefinedWindows1252BytesAreDropped() {
        let bytes: [UInt8] = [0x61, 0x81, 0x62, 0x8D, 0x8F, 0x90, 0x9D, 0x63]
        expect(
            DocumentDecoder.decode(bytes, charset: "iso-8859-1"),
            text: "abc", encoding: "windows-1252", declared: nil, warnings: ["removed 5 control characters"])
    }

    @Test func asciiOnlyWithLegacyLabelIsReturnedUnderThatName() {
        let bytes = document(declaring: "windows-1251", Array("plain".utf8))
        let decoded = DocumentDecoder.decode(bytes, charset: nil)
        #expect(
            decoded == DecodedDocument(utf8: bytes, encoding: "windows-1251", declared: "windows-1251", warnings: []))
    }

    @Test func utf8DeclaredAsISO88591IsDecodedAsUTF8() {
        let bytes = document(declaring: "ISO-8859-1", Array("générative, Noël, œuvre".utf8))
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: #"<?xml version="1.0" encoding="ISO-8859-1"?><t>générative, Noël, œuvre</t>"#,
            encoding: "UTF-8", declared: "ISO-8859-1",
            warnings: ["declared ISO-8859-1 but the bytes are UTF-8; decoded as UTF-8"])
    }

    @Test func mostlyUTF8DeclaredAsISO88591IsDecodedAsUTF8() {
        // Two valid UTF-8 "ø" and one stray latin-1 "ø" (0xF8): a UTF-8 template with pasted latin-1 text.
        let bytes = document(declaring: "ISO-8859-1", [0xC3, 0xB8, 0x20, 0xC3, 0xB8, 0x20, 0xF8])
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: #"<?xml version="1.0" encoding="ISO-8859-1"?><t>ø ø ø</t>"#, encoding: "UTF-8",
            declared: "ISO-8859-1",
            warnings: [
                "declared ISO-8859-1 but the bytes are mostly UTF-8; decoded as UTF-8",
                "1 byte is not valid UTF-8; decoded it as windows-1252",
            ])
    }

    @Test func windows1252DeclaredAsUTF8IsDecodedAsWindows1252() {
        let bytes = document(declaring: "UTF-8", [0x93, 0x63, 0x61, 0x66, 0xE9, 0x94])
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: #"<?xml version="1.0" encoding="UTF-8"?><t>“café”</t>"#, encoding: "windows-1252",
            declared: "UTF-8", warnings: ["declared UTF-8 but the bytes are not UTF-8; decoded as windows-1252"])
    }

    @Test func mixedUTF8AndWindows1252KeepsBoth() {
        let bytes = document(declaring: nil, [0xC3, 0xA9, 0x20, 0xE9, 0x20, 0x93, 0x94])
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: "<t>é é “”</t>", encoding: "UTF-8", declared: nil,
            warnings: ["3 bytes are not valid UTF-8; decoded them as windows-1252"])
    }

    @Test func windows1251Russian() {
        let russian: [UInt8] = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2, 0x2C, 0x20, 0xEC, 0xE8, 0xF0]
        expect(
            DocumentDecoder.decode(document(declaring: "windows-1251", russian), charset: nil),
            text: #"<?xml version="1.0" encoding="windows-1251"?><t>Привет, мир</t>"#, encoding: "windows-1251",
            declared: "windows-1251")
    }

    @Test func koi8rRussian() {
        let russian: [UInt8] = [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x2C, 0x20, 0xCD, 0xC9, 0xD2]
        expect(
            DocumentDecoder.decode(document(declaring: "koi8-r", russian), charset: nil),
            text: #"<?xml version="1.0" encoding="koi8-r"?><t>Привет, мир</t>"#, encoding: "KOI8-R",
            declared: "koi8-r")
    }

    @Test func shiftJISJapaneseWithWindowsExtensions() {
        // 日本語のニュース① — ① (87 40) is an NEC extension that only CP932 knows.
        let japanese: [UInt8] = [
            0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA, 0x82, 0xCC, 0x83, 0x6A, 0x83, 0x85, 0x81, 0x5B,
            0x83, 0x58, 0x87, 0x40,
        ]
        expect(
            DocumentDecoder.decode(document(declaring: "x-sjis", japanese), charset: nil),
            text: #"<?xml version="1.0" encoding="x-sjis"?><t>日本語のニュース①</t>"#, encoding: "Shift_JIS",
            declared: "x-sjis")
    }

    @Test func bytesIconvRejectsBecomeReplacementCharacters() {
        // 日, a byte CP932 leaves undefined (A0), 本, then a lone lead byte at the end.
        let bytes: [UInt8] = [0x93, 0xFA, 0xA0, 0x96, 0x7B, 0x93]
        expect(
            DocumentDecoder.decode(bytes, charset: "Shift_JIS"),
            text: "日\u{FFFD}本\u{FFFD}", encoding: "Shift_JIS", declared: nil,
            warnings: ["2 byte sequences are not valid Shift_JIS; replaced with U+FFFD"])
    }

    @Test(arguments: [
        LegacyCase("EUC-JP", [0xC6, 0xFC, 0xCB, 0xDC, 0xB8, 0xEC], "日本語", "EUC-JP"),
        LegacyCase(
            "ISO-2022-JP", [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x38, 0x6C, 0x1B, 0x28, 0x42], "日本語",
            "ISO-2022-JP"),
        LegacyCase("ks_c_5601-1987", [0xB3, 0xE2, 0x20, 0xB4, 0xBA, 0xBD, 0xBA], "년 뉴스", "EUC-KR"),
        LegacyCase("big5", [0xA4, 0xA4, 0xA4, 0xE5, 0xB7, 0x73, 0xBB, 0x44], "中文新聞", "Big5"),
        LegacyCase("GB2312", [0xD6, 0xD0, 0xCE, 0xC4, 0xD0, 0xC2, 0xCE, 0xC5], "中文新闻", "GBK"),
        LegacyCase("gb18030", [0xD6, 0xD0, 0xCE, 0xC4, 0xD0, 0xC2, 0xCE, 0xC5], "中文新闻", "GB18030"),
        LegacyCase("latin2", [0xA3, 0xF3, 0x64, 0xBC], "Łódź", "ISO-8859-2"),
        LegacyCase("cp1250", [0xA3, 0xF3, 0x64, 0x9F], "Łódź", "windows-1250"),
        LegacyCase("ISO-8859-7", [0xC5, 0xEB, 0xEB, 0xE7, 0xED, 0xE9, 0xEA, 0xDC], "Ελληνικά", "ISO-8859-7"),
        LegacyCase(
            "iso-8859-9", [0x54, 0xFC, 0x72, 0x6B, 0xE7, 0x65, 0x20, 0xFD, 0xF0, 0x80], "Türkçe ığ€", "windows-1254"),
        LegacyCase("latin-9", [0xA4, 0x20, 0xBD, 0x75, 0x76, 0x72, 0x65], "€ œuvre", "ISO-8859-15"),
        LegacyCase("IBM866", [0x8F, 0xE0, 0xA8, 0xA2, 0xA5, 0xE2], "Привет", "IBM866"),
    ])
    func legacyEncodingsThroughIconv(legacy: LegacyCase) {
        expect(
            DocumentDecoder.decode(legacy.bytes, charset: legacy.label), text: legacy.text, encoding: legacy.encoding,
            declared: nil)
    }

    @Test func charsetOverridesTheDeclaration() {
        let russian: [UInt8] = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]
        expect(
            DocumentDecoder.decode(document(declaring: "ISO-8859-1", russian), charset: " \"windows-1251\" "),
            text: #"<?xml version="1.0" encoding="ISO-8859-1"?><t>Привет</t>"#, encoding: "windows-1251",
            declared: "ISO-8859-1")
    }

    @Test func unknownCharsetFallsBackToTheDeclaration() {
        let russian: [UInt8] = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]
        expect(
            DocumentDecoder.decode(document(declaring: "cp1251", russian), charset: "x-klingon"),
            text: #"<?xml version="1.0" encoding="cp1251"?><t>Привет</t>"#, encoding: "windows-1251",
            declared: "cp1251", warnings: [#"unknown charset "x-klingon"; ignored it"#])
    }

    @Test func unknownCharsetWithoutDeclarationFollowsTheUTF8Rule() {
        expect(
            DocumentDecoder.decode([0x63, 0x61, 0x66, 0xE9], charset: "x-klingon"),
            text: "café", encoding: "windows-1252", declared: nil,
            warnings: [
                #"unknown charset "x-klingon"; ignored it"#, "the bytes are not UTF-8; decoded as windows-1252",
            ])
    }

    @Test func unknownDeclarationFollowsTheUTF8Rule() {
        let bytes = document(declaring: "x-fake", Array("été".utf8))
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: #"<?xml version="1.0" encoding="x-fake"?><t>été</t>"#, encoding: "UTF-8", declared: "x-fake",
            warnings: [#"unknown encoding "x-fake" declared; ignored it"#])
    }

    @Test func encodingOnlyIconvKnowsIsUsedAsWritten() {
        // "CP737" (DOS Greek) is in no alias table here; iconv knows it. 0x80 0x81 = "ΑΒ".
        expect(DocumentDecoder.decode([0x80, 0x81], charset: "cp737"), text: "ΑΒ", encoding: "CP737", declared: nil)
    }

    // MARK: Rule 5: characters XML forbids

    @Test func controlCharactersAreRemoved() {
        // U+0001, U+000B (vertical tab), U+001F, U+0081 (C1, undefined in windows-1252), DEL (allowed),
        // tab/LF/CR kept.
        let bytes: [UInt8] = Array("a\u{01}b\u{0B}c\u{1F}d".utf8) + [0xC2, 0x81] + Array("e\u{7F}\t\n\r".utf8)
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: "abcde\u{7F}\t\n\r", encoding: "UTF-8", declared: nil, warnings: ["removed 4 control characters"])
    }

    @Test func c1ControlsAreReadAsWindows1252() {
        // "don’t" written by a tool that put windows-1252 0x92 through a Latin-1 decoder: U+0092 in UTF-8.
        let bytes: [UInt8] = Array("don".utf8) + [0xC2, 0x92] + Array("t ".utf8) + [0xC2, 0x85]
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: "don’t …", encoding: "UTF-8", declared: nil,
            warnings: ["read 2 C1 control characters as windows-1252"])
    }

    @Test func nonCharactersFFFEAndFFFFAreRemoved() {
        let bytes: [UInt8] = Array("a".utf8) + [0xEF, 0xBF, 0xBE, 0x00, 0xEF, 0xBF, 0xBF] + Array("b\u{FFFD}".utf8)
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: "ab\u{FFFD}", encoding: "UTF-8", declared: nil,
            warnings: ["removed 3 characters that XML forbids (controls, U+FFFE, U+FFFF)"])
    }

    @Test func controlCharacterFarIntoLongASCIIIsRemoved() {
        let line = String(repeating: "abcdefghij", count: 100)
        let bytes = Array((line + "\u{08}" + line).utf8)
        expect(
            DocumentDecoder.decode(bytes, charset: nil),
            text: line + line, encoding: "UTF-8", declared: nil, warnings: ["removed 1 control character"])
    }

    @Test func controlCharactersFromUTF16AreRemoved() {
        expect(
            DocumentDecoder.decode(utf16("<t>a\u{0}\u{81}\u{85}b</t>", order: .bigEndian, bom: true), charset: nil),
            text: "<t>a…b</t>", encoding: "UTF-16BE", declared: nil,
            warnings: ["removed 2 control characters; read 1 C1 control character as windows-1252"])
    }

    // MARK: UTF-8 validation

    @Test(
        arguments: [
            ([0xC0, 0x80], "À€"),  // overlong NUL
            ([0xE0, 0x80, 0xAF], "à€¯"),  // overlong "/"
            ([0xED, 0xA0, 0x80], "í\u{A0}€"),  // surrogate U+D800
            ([0xF4, 0x90, 0x80, 0x80], "ô€€"),  // beyond U+10FFFF; 0x90 is a C1 control, dropped
            ([0xF5, 0x80, 0x80, 0x80], "õ€€€"),  // lead byte beyond U+10FFFF
            ([0xE2, 0x82], "â‚"),  // truncated at the end
        ] as [([UInt8], String)])
    func invalidUTF8BytesAreReadAsWindows1252(bytes: [UInt8], text: String) {
        let decoded = DocumentDecoder.decode(bytes, charset: nil)
        #expect(String(validating: decoded.utf8, as: UTF8.self) == text)
        #expect(decoded.encoding == "windows-1252")
    }

    @Test(
        arguments: [
            ([0xF4, 0x8F, 0xBF, 0xBF], true),  // U+10FFFF
            ([0xF0, 0x90, 0x80, 0x80], true),  // U+10000
            ([0xEE, 0x80, 0x80], true),  // U+E000
            ([0xED, 0x9F, 0xBF], true),  // U+D7FF
            ([0xF4, 0x90, 0x80, 0x80], false),  // U+110000
            ([0xF0, 0x8F, 0xBF, 0xBF], false),  // overlong U+FFFF
            ([0xED, 0xBF, 0xBF], false),  // surrogate U+DFFF
            ([0xC1, 0xBF], false),  // overlong U+007F
            ([0x80], false),  // lone continuation byte
        ] as [([UInt8], Bool)])
    func utf8ValidationBoundaries(bytes: [UInt8], valid: Bool) {
        let padded = Array("0123456789".utf8) + bytes + Array("0123456789".utf8)
        let scan = padded.withUnsafeBufferPointer { DocumentDecoder.scanUTF8($0) }
        #expect(scan.isValid == valid)
        #expect(scan.validPrefix == (valid ? padded.count : 10))
    }

    // MARK: Declarations and labels

    @Test(
        arguments: [
            (#"<?xml version="1.0" encoding="ISO-8859-1"?><rss/>"#, "ISO-8859-1"),
            (#"<?xml version='1.0' encoding='windows-1251'?>"#, "windows-1251"),
            ("<?xml version=\"1.0\"\n  encoding = \"koi8-r\" standalone=\"yes\"?>", "koi8-r"),
            ("\r\n <?xml version=\"1.0\" encoding=\"latin1\"?>", "latin1"),
            (#"<?xml version="1.0" encoding=" utf-8 "?>"#, "utf-8"),
            (#"<?xml version="1.0"?><rss encoding="latin1"/>"#, nil),
            (#"<?xml version="1.0" standalone="yes"?>"#, nil),
            (#"<!-- x --><?xml version="1.0" encoding="latin1"?>"#, nil),
            (#"<?xml-stylesheet href="a" encoding="latin1"?>"#, nil),
            (#"<?xml version="1.0" encoding="latin1"#, nil),
            (#"{"encoding": "latin1"}"#, nil),
        ] as [(String, String?)])
    func declaredEncodingIsReadFromTheStartOnly(text: String, declared: String?) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { DocumentDecoder.declaredEncoding(in: $0, from: 0) } == declared)
    }

    @Test(
        arguments: [
            ("UTF8", "UTF-8"), ("unicode-1-1-utf-8", "UTF-8"), ("Latin1", "windows-1252"), ("l1", "windows-1252"),
            ("csisolatin2", "ISO-8859-2"), ("iso8859-5", "ISO-8859-5"), ("iso_8859-16", "ISO-8859-16"),
            ("iso-8859-8-i", "ISO-8859-8"), ("iso-8859-11", "windows-874"), ("x-cp1251", "windows-1251"),
            ("win1256", "windows-1256"), ("cskoi8r", "KOI8-R"), ("koi8-u", "KOI8-U"), ("x-sjis", "Shift_JIS"),
            ("ms_kanji", "Shift_JIS"), ("windows-31j", "Shift_JIS"), ("x-euc-jp", "EUC-JP"), ("korean", "EUC-KR"),
            ("csbig5", "Big5"), ("x-gbk", "GBK"), ("ucs-2", "UTF-16"), ("utf-16le", "UTF-16LE"),
            ("UTF-32BE", "UTF-32BE"), ("'utf-8'", "UTF-8"),
        ] as [(String, String)])
    func labelsResolveToCanonicalNames(label: String, name: String) {
        #expect(DocumentDecoder.resolve(label)?.name == name)
    }

    @Test(arguments: ["bogus", "", "utf-8//TRANSLIT", "x-user-defined"])
    func unusableLabelsResolveToNothing(label: String) {
        #expect(DocumentDecoder.resolve(label) == nil)
    }
}
