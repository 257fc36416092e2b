extension String {
    /// The string with C1 control characters (U+0080–U+009F) replaced by the windows-1252 characters they nearly
    /// always stand for (`&#146;` is ’, as HTML5 reads it), and the five windows-1252 leaves undefined removed.
    ///
    /// Feeds produce these through numeric references written by windows-1252 tools; no real text means a C1
    /// control. Strings without any (the common case) are returned as they are after one scan of their bytes.
    func mappingC1Controls() -> String {
        var utf8 = self.utf8.makeIterator()
        var found = false
        while let byte = utf8.next() {
            if byte == 0xC2, let next = utf8.next(), next >= 0x80, next < 0xA0 {
                found = true
                break
            }
        }
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
