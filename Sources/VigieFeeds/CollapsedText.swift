/// UTF-8 text built with whitespace collapsed as it is appended: no leading, trailing or repeated spaces.
struct CollapsedText {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false
    private let controlCharactersAreWhitespace: Bool

    init(capacity: Int, controlCharactersAreWhitespace: Bool) {
        bytes.reserveCapacity(capacity)
        self.controlCharactersAreWhitespace = controlCharactersAreWhitespace
    }

    /// Makes the next appended word start after a space (unless nothing was written yet).
    mutating func separateWords() {
        pendingSpace = true
    }

    /// Appends `input` (whole UTF-8 sequences), turning each whitespace run into one pending space.
    mutating func append(_ input: UnsafeBufferPointer<UInt8>) {
        guard let base = input.baseAddress else { return }
        var wordStart = 0
        var index = 0
        while index < input.count {
            let byte = base[index]
            if byte > 0x20 && byte < 0x80 {  // the common case, checked inline
                index += 1
                continue
            }
            // One space between two words stays in the run: text is copied a sentence at a time, not a word.
            if byte == 0x20 && index > wordStart && index + 1 < input.count && base[index + 1] > 0x20
                && base[index + 1] < 0x80
            {
                index += 2
                continue
            }
            let whitespaceLength = whitespaceLength(in: input, at: index)
            if whitespaceLength == 0 {
                index += 1
                continue
            }
            appendWord(base + wordStart, count: index - wordStart)
            pendingSpace = true
            index += whitespaceLength
            wordStart = index
        }
        appendWord(base + wordStart, count: input.count - wordStart)
    }

    private mutating func appendWord(_ start: UnsafePointer<UInt8>, count: Int) {
        guard count > 0 else { return }
        if pendingSpace {
            if !bytes.isEmpty { bytes.append(0x20) }
            pendingSpace = false
        }
        bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: count))
    }

    /// Byte length of the whitespace character starting at `index`, or 0 if it is not whitespace.
    private func whitespaceLength(in input: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = input[index]
        if byte < 0x80 {
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { return 1 }
            return controlCharactersAreWhitespace && byte < 0x20 ? 1 : 0
        }
        guard byte >= 0xC2, byte <= 0xE3, index + 1 < input.count else { return 0 }
        let second = input[index + 1]
        if byte == 0xC2 { return second == 0x85 || second == 0xA0 ? 2 : 0 }
        guard index + 2 < input.count else { return 0 }
        let third = input[index + 2]
        switch (byte, second) {
        case (0xE1, 0x9A): return third == 0x80 ? 3 : 0  // U+1680
        case (0xE2, 0x80):  // U+2000–U+200A, U+2028, U+2029, U+202F
            return third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0
        case (0xE2, 0x81): return third == 0x9F ? 3 : 0  // U+205F
        case (0xE3, 0x80): return third == 0x80 ? 3 : 0  // U+3000
        default: return 0
        }
    }
}
