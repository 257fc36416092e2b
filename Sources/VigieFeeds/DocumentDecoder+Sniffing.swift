extension DocumentDecoder {
    /// The XML declaration's `encoding`, as written, if the bytes from `start` begin (after ASCII whitespace) with
    /// `<?xml` and a declaration that has one. Single or double quotes, spaces around `=`.
    static func declaredEncoding(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> String? {
        let count = buffer.count
        var index = start
        while index < count && isSpace(buffer[index]) { index += 1 }
        let opening: [UInt8] = [0x3C, 0x3F, 0x78, 0x6D, 0x6C]  // <?xml
        guard index + 6 <= count, buffer[index..<index + 5].elementsEqual(opening), isSpace(buffer[index + 5])
        else { return nil }
        index += 6
        let end = min(count, index + 512)
        let keyword = Array("encoding".utf8)
        while index < end {
            let byte = buffer[index]
            if byte == 0x3F || byte == 0x3E { return nil }  // `?>` or `>`: no encoding in the declaration
            guard isSpace(buffer[index - 1]), index + keyword.count <= end,
                buffer[index..<index + keyword.count].elementsEqual(keyword, by: { $0 | 0x20 == $1 })
            else {
                index += 1
                continue
            }
            var cursor = index + keyword.count
            while cursor < end && isSpace(buffer[cursor]) { cursor += 1 }
            guard cursor < end, buffer[cursor] == 0x3D else { return nil }  // =
            cursor += 1
            while cursor < end && isSpace(buffer[cursor]) { cursor += 1 }
            guard cursor < end, buffer[cursor] == 0x22 || buffer[cursor] == 0x27 else { return nil }
            let quote = buffer[cursor]
            let valueStart = cursor + 1
            guard let valueEnd = buffer[valueStart..<end].firstIndex(of: quote), valueEnd - valueStart <= 64 else {
                return nil
            }
            return Encoding.trimmed(String(decoding: buffer[valueStart..<valueEnd], as: UTF8.self))
        }
        return nil
    }

    /// UTF-16 or UTF-32 found in the first bytes (rules 1 and 2), or a UTF-8 byte order mark, and how many bytes of
    /// byte order mark to skip (0 when sniffed from `<` and NULs).
    static func unicodeSignature(_ bytes: UnsafeBufferPointer<UInt8>) -> (encoding: Encoding, bomLength: Int)? {
        let count = bytes.count
        func starts(with prefix: [UInt8]) -> Bool {
            count >= prefix.count && bytes[0..<prefix.count].elementsEqual(prefix)
        }
        func isASCII(_ index: Int) -> Bool { bytes[index] != 0 && bytes[index] < 0x80 }
        if starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return (.utf32(.bigEndian), 4) }
        if starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return (.utf32(.littleEndian), 4) }
        if starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if starts(with: [0xFE, 0xFF]) { return (.utf16(.bigEndian), 2) }
        if starts(with: [0xFF, 0xFE]) { return (.utf16(.littleEndian), 2) }
        if count >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && isASCII(3) {
            return (.utf32(.bigEndian), 0)
        }
        if count >= 4 && isASCII(0) && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0 {
            return (.utf32(.littleEndian), 0)
        }
        if count >= 2 && bytes[0] == 0 && isASCII(1) { return (.utf16(.bigEndian), 0) }
        if count >= 2 && isASCII(0) && bytes[1] == 0 { return (.utf16(.littleEndian), 0) }
        return nil
    }

    /// Whether a byte is XML whitespace: space, tab, LF or CR.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
