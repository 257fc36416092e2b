import Glibc

extension String {
    /// The string with C1 control characters (U+0080–U+009F) replaced by the windows-1252 characters they nearly
    /// always stand for (`&#146;` is ’, as HTML5 reads it), and the five windows-1252 leaves undefined removed.
    ///
    /// Feeds produce these through numeric references written by windows-1252 tools; no real text means a C1
    /// control. Strings without any (the common case) are returned as they are after a `memchr` for their lead
    /// byte 0xC2.
    func mappingC1Controls() -> String {
        let found =
            utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                guard var cursor = bytes.baseAddress else { return false }
                let end = cursor + bytes.count
                while cursor < end, let hit = memchr(cursor, 0xC2, end - cursor) {
                    let lead = hit.assumingMemoryBound(to: UInt8.self)
                    if lead + 1 < end, lead[1] >= 0x80, lead[1] < 0xA0 { return true }
                    cursor = UnsafePointer(lead + 1)
                }
                return false
            } ?? true
        guard found else { return self }
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            guard scalar.value >= 0x80, scalar.value < 0xA0 else {
                result.append(scalar)
                continue
            }
            let mapped = DocumentDecoder.windows1252Scalar(UInt8(scalar.value))
            if mapped >= 0xA0, let replacement = Unicode.Scalar(mapped) { result.append(replacement) }
        }
        return String(result)
    }
}
