extension DocumentDecoder {
    /// What one pass over bytes learned about them as UTF-8.
    struct UTF8Scan: Equatable {
        /// How many bytes, from the start, are valid UTF-8: all of them when `isValid`.
        var validPrefix: Int
        /// Whether every byte is part of a valid UTF-8 sequence.
        var isValid: Bool
        /// Offset of the first valid multi-byte sequence, if any, within the valid prefix.
        var firstMultiByte: Int?
        /// Offset of the first character XML 1.0 forbids, if any, within the valid prefix.
        var firstForbidden: Int?

        /// How many bytes from the start are ASCII characters XML allows, and so read the same in any
        /// ASCII-compatible encoding.
        var cleanASCIIPrefix: Int {
            min(validPrefix, firstMultiByte ?? validPrefix, firstForbidden ?? validPrefix)
        }
    }

    /// Scans bytes as UTF-8, stopping at the first invalid sequence.
    ///
    /// Rejects overlong forms, surrogates (ED A0-BF) and scalars above U+10FFFF. Runs of eight ASCII bytes
    /// without controls are checked as one 64-bit word, so ASCII-heavy documents go at memory speed.
    static func scanUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> UTF8Scan {
        guard let base = buffer.baseAddress else {
            return UTF8Scan(validPrefix: 0, isValid: true, firstMultiByte: nil, firstForbidden: nil)
        }
        let count = buffer.count
        var index = 0
        var firstMultiByte: Int?
        var firstForbidden: Int?
        while index < count {
            index = endOfPlainASCII(base, from: index, count)
            if index >= count { break }
            let length = sequenceLength(base, index, count)
            if length == 0 {
                return UTF8Scan(
                    validPrefix: index, isValid: false, firstMultiByte: firstMultiByte, firstForbidden: firstForbidden)
            }
            if length > 1 && firstMultiByte == nil { firstMultiByte = index }
            if firstForbidden == nil && isForbidden(base, index, length) { firstForbidden = index }
            index &+= length
        }
        return UTF8Scan(
            validPrefix: count, isValid: true, firstMultiByte: firstMultiByte, firstForbidden: firstForbidden)
    }

    /// The offset of the first byte from `start` on that is not ASCII or is a control character (tab, LF and CR
    /// included), or `count`.
    ///
    /// Eight bytes are checked at once as one 64-bit word: a byte >= 0x80 sets its high bit in `word`, a byte < 0x20
    /// sets it in `(word - 0x2020…) & ~word`.
    @inline(__always)
    static func endOfPlainASCII(_ bytes: UnsafePointer<UInt8>, from start: Int, _ count: Int) -> Int {
        let raw = UnsafeRawPointer(bytes)
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let spaces: UInt64 = 0x2020_2020_2020_2020
        var index = start
        while index &+ 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if (word | ((word &- spaces) & ~word)) & highBits != 0 { break }
            index &+= 8
        }
        while index < count && bytes[index] >= 0x20 && bytes[index] < 0x80 { index &+= 1 }
        return index
    }

    /// The length of the valid UTF-8 sequence starting at `index`, or 0 if none starts there.
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafePointer<UInt8>, _ index: Int, _ count: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        if lead < 0xC2 { return 0 }
        if lead < 0xE0 {
            return index &+ 1 < count && bytes[index &+ 1] & 0xC0 == 0x80 ? 2 : 0
        }
        if lead < 0xF0 {
            guard index &+ 2 < count else { return 0 }
            let second = bytes[index &+ 1]
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            return second >= low && second <= high && bytes[index &+ 2] & 0xC0 == 0x80 ? 3 : 0
        }
        if lead < 0xF5 {
            guard index &+ 3 < count else { return 0 }
            let second = bytes[index &+ 1]
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            guard second >= low && second <= high else { return 0 }
            return bytes[index &+ 2] & 0xC0 == 0x80 && bytes[index &+ 3] & 0xC0 == 0x80 ? 4 : 0
        }
        return 0
    }

    /// Whether the valid sequence of `length` bytes at `index` is a character XML 1.0 forbids: a C0 control other
    /// than tab, LF and CR, a C1 control (U+0080-U+009F), U+FFFE or U+FFFF.
    @inline(__always)
    static func isForbidden(_ bytes: UnsafePointer<UInt8>, _ index: Int, _ length: Int) -> Bool {
        let lead = bytes[index]
        switch length {
        case 1: return lead < 0x20 && lead != 0x09 && lead != 0x0A && lead != 0x0D
        case 2: return lead == 0xC2 && bytes[index &+ 1] < 0xA0
        case 3: return lead == 0xEF && bytes[index &+ 1] == 0xBF && bytes[index &+ 2] >= 0xBE
        default: return false
        }
    }

    /// How many valid multi-byte UTF-8 sequences, and how many bytes starting no valid sequence, the bytes hold.
    static func countUTF8Evidence(_ buffer: UnsafeBufferPointer<UInt8>) -> (multiByte: Int, invalid: Int) {
        guard let base = buffer.baseAddress else { return (0, 0) }
        var multiByte = 0
        var invalid = 0
        var index = 0
        while index < buffer.count {
            if base[index] < 0x80 {
                index &+= 1
                continue
            }
            let length = sequenceLength(base, index, buffer.count)
            if length == 0 {
                invalid += 1
                index &+= 1
            } else {
                multiByte += 1
                index &+= length
            }
        }
        return (multiByte, invalid)
    }

    /// What `decodeUTF8Leniently` found.
    struct LenientResult {
        /// Bytes that started no valid sequence and were read as windows-1252.
        var invalidBytes = 0
        /// Whether at least one valid multi-byte sequence was decoded.
        var sawMultiByte = false
    }

    /// Appends bytes from `start` on as UTF-8, reading each byte that starts no valid sequence as windows-1252.
    static func decodeUTF8Leniently(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, into writer: inout UTF8Writer
    ) -> LenientResult {
        guard let base = buffer.baseAddress else { return LenientResult() }
        let count = buffer.count
        var result = LenientResult()
        var index = start
        while index < count {
            let plainEnd = endOfPlainASCII(base, from: index, count)
            if plainEnd > index {
                writer.bytes.append(contentsOf: UnsafeBufferPointer(start: base + index, count: plainEnd &- index))
                index = plainEnd
                if index == count { break }
            }
            let length = sequenceLength(base, index, count)
            switch length {
            case 0:
                writer.append(windows1252Scalar(base[index]))
                result.invalidBytes += 1
                index &+= 1
            case 1:
                writer.append(UInt32(base[index]))
                index &+= 1
            default:
                result.sawMultiByte = true
                if isForbidden(base, index, length) {
                    if length == 2 {
                        // A C1 control (C2 80-9F): read as the windows-1252 character it almost always stands for.
                        writer.append(UInt32(base[index &+ 1]))
                    } else {
                        writer.removedNoncharacters += 1
                    }
                } else {
                    writer.bytes.append(contentsOf: UnsafeBufferPointer(start: base + index, count: length))
                }
                index &+= length
            }
        }
        return result
    }

    /// UTF-8 being built from Unicode scalars, dropping the characters XML 1.0 forbids and counting them.
    struct UTF8Writer {
        /// The UTF-8 written so far.
        var bytes: [UInt8] = []
        /// C0 and C1 control characters dropped.
        var removedControls = 0
        /// U+FFFE and U+FFFF dropped.
        var removedNoncharacters = 0
        /// C1 controls read as windows-1252 characters.
        var remappedControls = 0

        /// A writer with room for `capacity` bytes.
        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
        }

        /// Appends one scalar, or counts it when XML forbids it. A surrogate becomes U+FFFD.
        @inline(__always)
        mutating func append(_ scalar: UInt32) {
            switch scalar {
            case 0x09, 0x0A, 0x0D, 0x20..<0x80:
                bytes.append(UInt8(truncatingIfNeeded: scalar))
            case 0x80..<0xA0:
                // C1 controls in text are nearly always windows-1252 punctuation that went through a Latin-1
                // decoder (0x92 for ’): read them as windows-1252, as HTML does for `&#146;`. The five bytes
                // windows-1252 leaves undefined stay controls and are dropped.
                let mapped = windows1252Scalar(UInt8(scalar))
                if mapped >= 0xA0 {
                    remappedControls += 1
                    append(mapped)
                } else {
                    removedControls += 1
                }
            case 0..<0xA0:
                removedControls += 1
            case 0xA0..<0x800:
                bytes.append(UInt8(truncatingIfNeeded: 0xC0 | (scalar >> 6)))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)))
            case 0xD800..<0xE000:
                append(0xFFFD)
            case 0xFFFE, 0xFFFF:
                removedNoncharacters += 1
            case 0x800..<0x10000:
                bytes.append(UInt8(truncatingIfNeeded: 0xE0 | (scalar >> 12)))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F)))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)))
            case 0x10000..<0x110000:
                bytes.append(UInt8(truncatingIfNeeded: 0xF0 | (scalar >> 18)))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 12) & 0x3F)))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F)))
                bytes.append(UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F)))
            default:
                append(0xFFFD)
            }
        }

        /// The warning telling what was dropped or remapped, or `nil` when nothing was.
        var removalWarning: String? {
            let total = removedControls + removedNoncharacters
            var parts: [String] = []
            if total > 0 {
                parts.append(
                    removedNoncharacters == 0
                        ? "removed \(DocumentDecoder.counted(total, "control character"))"
                        : "removed \(DocumentDecoder.counted(total, "character")) that XML forbids (controls, U+FFFE, U+FFFF)"
                )
            }
            if remappedControls > 0 {
                parts.append(
                    "read \(DocumentDecoder.counted(remappedControls, "C1 control character")) as windows-1252")
            }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        }
    }

    /// "1 byte", "3 bytes".
    static func counted(_ count: Int, _ noun: String) -> String {
        count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
    }
}
