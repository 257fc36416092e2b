extension DocumentDecoder {
    /// The Unicode scalars of windows-1252 bytes 0x80-0x9F (WHATWG Encoding); every other byte is its own scalar.
    ///
    /// The five bytes windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control of the same
    /// value, which the decoder then drops like any other control character.
    static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The Unicode scalar of one windows-1252 byte.
    @inline(__always)
    static func windows1252Scalar(_ byte: UInt8) -> UInt32 {
        if byte >= 0x80 && byte < 0xA0 {
            return windows1252High[Int(byte &- 0x80)]
        }
        return UInt32(byte)
    }

    /// Appends windows-1252 bytes, from `start` on, to `writer`.
    static func decodeWindows1252(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into writer: inout UTF8Writer) {
        guard let base = bytes.baseAddress else { return }
        var index = start
        while index < bytes.count {
            let plainEnd = endOfPlainASCII(base, from: index, bytes.count)
            if plainEnd > index {
                writer.bytes.append(contentsOf: UnsafeBufferPointer(start: base + index, count: plainEnd &- index))
                index = plainEnd
                if index == bytes.count { break }
            }
            writer.append(windows1252Scalar(base[index]))
            index &+= 1
        }
    }
}
