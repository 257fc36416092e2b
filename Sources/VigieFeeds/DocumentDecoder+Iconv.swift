import Glibc

extension DocumentDecoder {
    /// UTF-8 converted by iconv, and how many U+FFFD replaced input it could not read.
    struct IconvOutput {
        /// The converted text; valid UTF-8 but not yet cleared of characters XML forbids.
        var utf8: [UInt8]
        /// How many times a byte that iconv rejected (EILSEQ), or an incomplete sequence at the end (EINVAL), was
        /// replaced with U+FFFD.
        var replacements: Int
    }

    /// Whether glibc iconv can convert from `name` to UTF-8. Only names made of letters, digits and `.-_:` are
    /// tried, so that no `//TRANSLIT`-style suffix reaches iconv.
    static func iconvKnows(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 40,
            name.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D
                    || byte == 0x2E || byte == 0x5F || byte == 0x3A
            })
        else { return false }
        let converter = iconv_open("UTF-8", name)
        if Int(bitPattern: converter) == -1 { return false }
        iconv_close(converter)
        return true
    }

    /// Converts `buffer` from the iconv encoding `name` to UTF-8; `nil` if iconv does not know `name`.
    ///
    /// A byte iconv rejects becomes U+FFFD and is skipped, and conversion goes on with the next byte; an incomplete
    /// sequence at the end becomes one U+FFFD.
    static func convertWithIconv(_ buffer: UnsafeBufferPointer<UInt8>, from name: String) -> IconvOutput? {
        let converter = iconv_open("UTF-8", name)
        if Int(bitPattern: converter) == -1 { return nil }
        defer { iconv_close(converter) }

        var output = [UInt8](repeating: 0, count: buffer.count * 2 + 64)
        var written = 0
        var replacements = 0
        var input = UnsafeMutablePointer(
            mutating: buffer.baseAddress.map { UnsafeRawPointer($0) }?
                .assumingMemoryBound(to: CChar.self))
        var inputLeft = buffer.count
        var flushing = false

        func appendReplacement() {
            if output.count - written < 3 { output.append(contentsOf: repeatElement(0, count: output.count)) }
            output[written] = 0xEF
            output[written + 1] = 0xBF
            output[written + 2] = 0xBD
            written += 3
            replacements += 1
        }

        conversion: while true {
            let (result, error) = output.withUnsafeMutableBytes { raw -> (Int, Int32) in
                var target: UnsafeMutablePointer<CChar>? = raw.baseAddress!.advanced(by: written)
                    .assumingMemoryBound(to: CChar.self)
                var targetLeft = raw.count - written
                let result =
                    flushing
                    ? iconv(converter, nil, nil, &target, &targetLeft)
                    : iconv(converter, &input, &inputLeft, &target, &targetLeft)
                let error = result == -1 ? errno : 0
                written = raw.count - targetLeft
                return (result, error)
            }
            if result != -1 {
                if flushing { break }
                flushing = true  // all input read: let a stateful encoding write what it still holds
                continue
            }
            switch error {
            case E2BIG:
                output.append(contentsOf: repeatElement(0, count: output.count))
            case _ where flushing:
                break conversion
            case EINVAL:
                appendReplacement()
                inputLeft = 0
            default:  // EILSEQ, or anything unexpected: skip one byte
                appendReplacement()
                if inputLeft > 0 {
                    input = input.map { $0 + 1 }
                    inputLeft -= 1
                } else {
                    flushing = true
                }
            }
        }
        output.removeSubrange(written...)
        return IconvOutput(utf8: output, replacements: replacements)
    }
}
