/// The second pass of ``TextNormalizer``: groups classified scalars into tokens, deciding what each apostrophe,
/// hyphen, dot, `#` and `&` means from its neighbours.
struct TokenBuilder {
    private typealias Token = NormalizedText.Token
    private let units: UnsafeBufferPointer<TextNormalizer.Unit>
    private let folded: UnsafeBufferPointer<UInt8>
    /// The tokens built so far.
    private(set) var tokens: [NormalizedText.Token] = []
    private var pendingBreak = false

    /// Prepares to build tokens from `units` (ending with a sentinel space unit) and their folded bytes; both must
    /// outlive the builder.
    init(units: UnsafeBufferPointer<TextNormalizer.Unit>, folded: UnsafeBufferPointer<UInt8>) {
        self.units = units
        self.folded = folded
    }

    /// Builds every token.
    mutating func build() {
        let count = units.count - 1
        var index = 0
        while index < count {
            switch units[index].kind {
            case .word:
                index = word(at: index)
            case .cjk:
                emitCJK(index)
                index += 1
            case .breaker, .hyphen, .dot:
                pendingBreak = true
                index += 1
            case .ampersand:
                emit(text: "&", start: Int(units[index].start), end: Int(units[index + 1].start))
                index += 1
            case .apostrophe, .hash, .space, .ignorable:
                index += 1
            }
        }
    }

    /// Reads the word (or abbreviation, or hashtag) starting at unit `index` and what follows it; returns the index
    /// of the next unit to read.
    private mutating func word(at index: Int) -> Int {
        let next: Int
        if let end = abbreviation(at: index) {
            next = end
        } else {
            next = runEnd(index)
            if index > 0 && units[index - 1].kind == .hash {
                emitHashtag(index, next)
            } else {
                emit(index, next)
            }
        }
        return follow(at: next)
    }

    /// Decides what the unit after a word means, returning the index of the next unit to read.
    private mutating func follow(at index: Int) -> Int {
        let nextIsWord = index + 1 < units.count && units[index + 1].kind == .word
        switch units[index].kind {
        case .apostrophe:
            if nextIsWord && runEnd(index + 1) == index + 2 && isLetterS(index + 1) {
                tokens[tokens.count - 1].flags.insert(.possessive)
                return index + 2
            }
            return index + 1
        case .hyphen:
            if nextIsWord { join() } else { pendingBreak = true }
            return index + 1
        case .dot:
            if !nextIsWord {
                pendingBreak = true
            } else if tokens[tokens.count - 1].text.lowercased() != "www" {
                join()
            }
            return index + 1
        case .ampersand:
            guard nextIsWord else { return index }
            join()
            emit(text: "&", start: Int(units[index].start), end: Int(units[index + 1].start))
            join()
            return index + 1
        default:
            return index
        }
    }

    /// The unit index just past the run of word units starting at `index`.
    private func runEnd(_ index: Int) -> Int {
        var end = index
        while units[end].kind == .word { end += 1 }
        return end
    }

    /// Whether unit `index` is a letter standing alone (the pieces of `A.I.`).
    private func isLoneLetter(_ index: Int) -> Bool {
        index + 1 < units.count && units[index].kind == .word && units[index].letterCase != 0
            && units[index + 1].kind != .word
    }

    /// Reads a dotted abbreviation of two or more single letters (`A.I.`, `U.S.`, `e.g.`) as one token; returns
    /// the unit index after it (after its final dot, if any), or `nil` when there is none at `index`.
    private mutating func abbreviation(at index: Int) -> Int? {
        guard isLoneLetter(index) else { return nil }
        var letters = [index]
        var last = index
        while units[last + 1].kind == .dot && last + 2 < units.count && isLoneLetter(last + 2) {
            last += 2
            letters.append(last)
        }
        guard letters.count >= 2 else { return nil }
        var end = last + 1
        if units[end].kind == .dot { end += 1 }
        var bytes: [UInt8] = []
        for letter in letters { bytes += foldedBytes(letter, letter + 1) }
        emit(text: String(decoding: bytes, as: UTF8.self), start: Int(units[index].start), end: Int(units[end].start))
        return end
    }

    /// Emits a hashtag's word, split where its case changes (`AIAlliance` as `AI` `Alliance`, `MetaAI` as `Meta`
    /// `AI`), the parts joined into one compound.
    private mutating func emitHashtag(_ start: Int, _ end: Int) {
        var partStart = start
        for position in (start + 1)..<max(end, start + 1) {
            let previous = units[position - 1].letterCase
            let current = units[position].letterCase
            let following = position + 1 < end ? units[position + 1].letterCase : 0
            if (previous == 2 && current == 1) || (previous == 1 && current == 1 && following == 2) {
                emit(partStart, position)
                join()
                partStart = position
            }
        }
        emit(partStart, end)
    }

    /// Whether unit `index` is the letter `s` or `S` (of a possessive `'s`).
    private func isLetterS(_ index: Int) -> Bool {
        let bytes = foldedBytes(index, index + 1)
        return bytes.count == 1 && bytes[0] | 0x20 == UInt8(ascii: "s")
    }

    private func foldedBytes(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: folded[Int(units[start].foldStart)..<Int(units[end].foldStart)])
    }

    /// Emits the CJK letter at unit `index` as a token of its own. Kept out of line: Latin text never comes here,
    /// and its loop stays as small as it was.
    @inline(never)
    private mutating func emitCJK(_ index: Int) {
        emit(
            text: String(decoding: foldedBytes(index, index + 1), as: UTF8.self), start: Int(units[index].start),
            end: Int(units[index + 1].start), extra: .cjk)
    }

    private mutating func emit(_ start: Int, _ end: Int) {
        emit(
            text: String(decoding: foldedBytes(start, end), as: UTF8.self), start: Int(units[start].start),
            end: Int(units[end].start))
    }

    private mutating func emit(text: String, start: Int, end: Int, extra: Token.Flags = []) {
        var flags = extra
        if pendingBreak { flags.insert(.breakBefore) }
        if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { flags.insert(.numeric) }
        tokens.append(Token(text: text, start: start, end: end, flags: flags))
        pendingBreak = false
    }

    private mutating func join() {
        tokens[tokens.count - 1].flags.insert(.joinedToNext)
    }
}
