extension DocumentDecoder {
    /// The order of the bytes in a UTF-16 or UTF-32 code unit.
    enum ByteOrder: Sendable, Equatable {
        case littleEndian
        case bigEndian
    }

    /// A character encoding the decoder knows how to read.
    ///
    /// Built from a label (an HTTP charset or an XML `encoding="…"`) with `init?(label:)`, which knows the usual
    /// aliases. ISO-8859-1 and US-ASCII labels give `.windows1252`, as in browsers (WHATWG Encoding).
    enum Encoding: Sendable, Equatable {
        case utf8
        case windows1252
        /// UTF-16; `nil` when the label did not say which byte order.
        case utf16(ByteOrder?)
        /// UTF-32; `nil` when the label did not say which byte order.
        case utf32(ByteOrder?)
        /// Anything else, converted by glibc iconv from `iconvName`. `asciiCompatible` is true when bytes below 0x80
        /// are always ASCII characters (false for ISO-2022 and for names only iconv knows).
        case legacy(name: String, iconvName: String, asciiCompatible: Bool)

        /// The canonical name: "UTF-8", "windows-1252", "UTF-16LE", "Shift_JIS"…
        var name: String {
            switch self {
            case .utf8: return "UTF-8"
            case .windows1252: return "windows-1252"
            case .utf16(let order): return "UTF-16" + Self.suffix(order)
            case .utf32(let order): return "UTF-32" + Self.suffix(order)
            case .legacy(let name, _, _): return name
            }
        }

        /// Whether every byte below 0x80 is the ASCII character of that value (false for UTF-16, UTF-32, ISO-2022
        /// and names only iconv knows).
        var isASCIICompatible: Bool {
            switch self {
            case .utf8, .windows1252: return true
            case .utf16, .utf32: return false
            case .legacy(_, _, let asciiCompatible): return asciiCompatible
            }
        }

        /// The encoding a label names, matched case-insensitively; `nil` when the label is unknown here.
        ///
        /// Surrounding spaces and quotes are ignored. Names missing from the alias table are not tried on iconv here;
        /// see `DocumentDecoder.resolve(_:)`.
        init?(label: String) {
            let key = Self.normalized(label)
            if let known = Self.aliases[key] {
                self = known
            } else if let latin = Self.isoLatin(key) {
                self = latin
            } else {
                return nil
            }
        }

        /// Whether this encoding, found in the bytes, agrees with a label that named `other`.
        func agrees(withLabel other: Encoding?) -> Bool {
            switch (self, other) {
            case (.utf16(let order), .utf16(let named)?), (.utf32(let order), .utf32(let named)?):
                return named == nil || named == order
            default:
                return self == other
            }
        }

        /// A label lowercased, without surrounding spaces or quotes.
        static func normalized(_ label: String) -> String {
            (trimmed(label) ?? "").lowercased()
        }

        /// A label without surrounding spaces or quotes, as written; `nil` when nothing is left.
        static func trimmed(_ label: String?) -> String? {
            guard let label else { return nil }
            let unwanted: Set<Character> = [" ", "\t", "\r", "\n", "\"", "'"]
            guard let first = label.firstIndex(where: { !unwanted.contains($0) }),
                let last = label.lastIndex(where: { !unwanted.contains($0) })
            else { return nil }
            return String(label[first...last])
        }

        private static func suffix(_ order: ByteOrder?) -> String {
            switch order {
            case .littleEndian: return "LE"
            case .bigEndian: return "BE"
            case nil: return ""
            }
        }

        /// `iso-8859-N`, `iso8859-N`, `iso_8859-N`, `iso8859N`, `iso-8859-N:1987`… for N in 2...16.
        private static func isoLatin(_ key: String) -> Encoding? {
            var rest = Substring(key)
            guard rest.hasPrefix("iso") else { return nil }
            rest = rest.dropFirst(3)
            if rest.first == "-" || rest.first == "_" { rest = rest.dropFirst() }
            guard rest.hasPrefix("8859") else { return nil }
            rest = rest.dropFirst(4)
            if rest.first == "-" || rest.first == "_" { rest = rest.dropFirst() }
            if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
            if rest.hasSuffix("-i") || rest.hasSuffix("-e") { rest = rest.dropLast(2) }
            guard let number = Int(rest) else { return nil }
            switch number {
            case 1: return .windows1252
            case 9: return windows(1254)
            case 11: return windows(874)
            case 2...16 where number != 12:
                return .legacy(name: "ISO-8859-\(number)", iconvName: "ISO-8859-\(number)", asciiCompatible: true)
            default: return nil
            }
        }

        private static func windows(_ page: Int) -> Encoding {
            .legacy(name: "windows-\(page)", iconvName: "CP\(page)", asciiCompatible: true)
        }

        private static func iso(_ number: Int) -> Encoding {
            .legacy(name: "ISO-8859-\(number)", iconvName: "ISO-8859-\(number)", asciiCompatible: true)
        }

        /// Aliases, lowercased, after WHATWG Encoding and the IANA registry. CJK labels map to the superset browsers
        /// decode with (Shift_JIS as CP932, EUC-KR as CP949, Big5 as Big5-HKSCS, GB2312 and GBK as GB18030).
        private static let aliases: [String: Encoding] = {
            var table: [String: Encoding] = [:]
            func add(_ encoding: Encoding, _ labels: [String]) {
                for label in labels { table[label] = encoding }
            }
            add(
                .utf8,
                [
                    "utf-8", "utf8", "utf_8", "u8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8",
                    "x-unicode20utf8",
                ])
            add(
                .windows1252,
                [
                    "windows-1252", "cp1252", "x-cp1252", "ms-ansi", "latin1", "latin-1", "l1", "cp819", "ibm819",
                    "iso-ir-100", "csisolatin1", "us-ascii", "ascii", "us", "ansi_x3.4-1968", "ansi_x3.4-1986",
                    "iso646-us", "iso_646.irv:1991", "iso-ir-6", "cp367", "ibm367", "csascii",
                ])
            add(
                .utf16(nil),
                ["utf-16", "utf16", "utf_16", "u16", "ucs-2", "ucs2", "csunicode", "iso-10646-ucs-2", "unicode"])
            add(.utf16(.littleEndian), ["utf-16le", "utf16le", "utf_16le", "utf_16_le", "unicodefeff"])
            add(.utf16(.bigEndian), ["utf-16be", "utf16be", "utf_16be", "utf_16_be", "unicodefffe"])
            add(.utf32(nil), ["utf-32", "utf32", "utf_32", "u32", "ucs-4", "ucs4", "iso-10646-ucs-4"])
            add(.utf32(.littleEndian), ["utf-32le", "utf32le", "utf_32le", "utf_32_le"])
            add(.utf32(.bigEndian), ["utf-32be", "utf32be", "utf_32be", "utf_32_be"])
            for page in 1250...1258 where page != 1252 {
                add(windows(page), ["windows-\(page)", "cp\(page)", "x-cp\(page)", "win\(page)", "ms\(page)"])
            }
            add(windows(874), ["windows-874", "cp874", "dos-874", "tis-620", "x-cp874"])
            let latinNumbers = [2: 2, 3: 3, 4: 4, 5: 9, 6: 10, 7: 13, 8: 14, 9: 15, 10: 16]
            for (latin, number) in latinNumbers {
                let encoding = number == 9 ? windows(1254) : iso(number)
                add(encoding, ["latin\(latin)", "l\(latin)", "csisolatin\(latin)"])
            }
            add(iso(5), ["cyrillic", "csisolatincyrillic", "iso-ir-144"])
            add(iso(6), ["arabic", "asmo-708", "ecma-114", "csisolatinarabic", "iso-ir-127"])
            add(iso(7), ["greek", "greek8", "elot_928", "ecma-118", "sun_eu_greek", "csisolatingreek", "iso-ir-126"])
            add(iso(8), ["hebrew", "visual", "logical", "csisolatinhebrew", "csiso88598i", "iso-ir-138"])
            add(iso(15), ["csisolatin9", "latin-9"])
            add(
                .legacy(name: "KOI8-R", iconvName: "KOI8-R", asciiCompatible: true),
                ["koi8-r", "koi8r", "koi8_r", "koi8", "koi", "cskoi8r"])
            add(.legacy(name: "KOI8-U", iconvName: "KOI8-U", asciiCompatible: true), ["koi8-u", "koi8-ru", "koi8u"])
            add(
                .legacy(name: "IBM866", iconvName: "CP866", asciiCompatible: true),
                ["ibm866", "cp866", "866", "csibm866"])
            add(
                .legacy(name: "macintosh", iconvName: "MACINTOSH", asciiCompatible: true),
                ["macintosh", "mac", "x-mac-roman", "macroman", "csmacintosh"])
            add(
                .legacy(name: "x-mac-cyrillic", iconvName: "MAC-CYRILLIC", asciiCompatible: true),
                ["x-mac-cyrillic", "x-mac-ukrainian", "mac-cyrillic", "maccyrillic"])
            add(
                .legacy(name: "Shift_JIS", iconvName: "CP932", asciiCompatible: true),
                [
                    "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932",
                    "ms932", "x-ms-cp932",
                ])
            add(
                .legacy(name: "EUC-JP", iconvName: "EUC-JP-MS", asciiCompatible: true),
                ["euc-jp", "eucjp", "x-euc-jp", "x-euc", "cseucpkdfmtjapanese"])
            add(
                .legacy(name: "ISO-2022-JP", iconvName: "ISO-2022-JP", asciiCompatible: false),
                ["iso-2022-jp", "csiso2022jp"])
            add(
                .legacy(name: "EUC-KR", iconvName: "CP949", asciiCompatible: true),
                [
                    "euc-kr", "euckr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "korean",
                    "csksc56011987", "iso-ir-149", "windows-949", "cp949", "uhc", "x-windows-949",
                ])
            add(
                .legacy(name: "Big5", iconvName: "BIG5-HKSCS", asciiCompatible: true),
                ["big5", "big-5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950", "x-big5"])
            add(
                .legacy(name: "GBK", iconvName: "GB18030", asciiCompatible: true),
                [
                    "gbk", "gb2312", "gb_2312", "gb_2312-80", "chinese", "csgb2312", "csiso58gb231280", "iso-ir-58",
                    "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "euccn", "x-euc-cn",
                ])
            add(.legacy(name: "GB18030", iconvName: "GB18030", asciiCompatible: true), ["gb18030"])
            return table
        }()
    }
}
