extension DocumentDecoder {
    /// Appends UTF-16 from `start` on to `writer`; returns how many U+FFFD replaced bad input.
    ///
    /// A lone surrogate, and an odd byte left at the end, each become one U+FFFD.
    static func decodeUTF16(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, order: ByteOrder, into writer: inout UTF8Writer
    ) -> Int {
        let count = buffer.count
        let bigEndian = order == .bigEndian
        @inline(__always) func unit(at index: Int) -> UInt32 {
            let first = UInt32(buffer[index])
            let second = UInt32(buffer[index &+ 1])
            return bigEndian ? first << 8 | second : second << 8 | first
        }
        var replacements = 0
        var index = start
        while index &+ 1 < count {
            let code = unit(at: index)
            index &+= 2
            if code < 0xD800 || code > 0xDFFF {
                writer.append(code)
                continue
            }
            if code <= 0xDBFF && index &+ 1 < count {
                let low = unit(at: index)
                if low >= 0xDC00 && low <= 0xDFFF {
                    writer.append(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                    index &+= 2
                    continue
                }
            }
            writer.append(0xFFFD)
            replacements += 1
        }
        if index < count {
            writer.append(0xFFFD)
            replacements += 1
        }
        return replacements
    }

    /// Appends UTF-32 from `start` on to `writer`; returns how many U+FFFD replaced bad input.
    ///
    /// A surrogate or a value above U+10FFFF, and 1 to 3 bytes left at the end, each become one U+FFFD.
    static func decodeUTF32(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, order: ByteOrder, into writer: inout UTF8Writer
    ) -> Int {
        let count = buffer.count
        var replacements = 0
        var index = start
        while index &+ 3 < count {
            let bytes = (
                UInt32(buffer[index]), UInt32(buffer[index + 1]), UInt32(buffer[index + 2]), UInt32(buffer[index + 3])
            )
            let value =
                order == .bigEndian
                ? bytes.0 << 24 | bytes.1 << 16 | bytes.2 << 8 | bytes.3
                : bytes.3 << 24 | bytes.2 << 16 | bytes.1 << 8 | bytes.0
            index &+= 4
            if value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) {
                writer.append(0xFFFD)
                replacements += 1
            } else {
                writer.append(value)
            }
        }
        if index < count {
            writer.append(0xFFFD)
            replacements += 1
        }
        return replacements
    }

    /// The likelier byte order of UTF-16 or UTF-32 without a byte order mark, from where the NUL bytes of the
    /// first 1024 bytes fall (ASCII characters have their zero bytes first in big-endian); big-endian on a tie,
    /// as RFC 2781 says.
    static func guessByteOrder(_ buffer: UnsafeBufferPointer<UInt8>, unitSize: Int) -> ByteOrder {
        var zerosFirst = 0
        var zerosLast = 0
        var index = 0
        let end = min(buffer.count, 1024) - unitSize
        while index <= end {
            if buffer[index] == 0 { zerosFirst += 1 }
            if buffer[index + unitSize - 1] == 0 { zerosLast += 1 }
            index += unitSize
        }
        return zerosLast > zerosFirst ? .littleEndian : .bigEndian
    }
}
