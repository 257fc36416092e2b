/// Where each key and value of a TOML document is, by path (`watch[1].entities[0].aliases[2]`), so that a problem
/// found after parsing (an unknown key, a wrong type) can name its line and column.
///
/// TOMLKit's tables do not keep source positions, so this scans the text itself. It reads only documents TOMLKit
/// has already accepted. ``TOMLDocument`` builds one when it first needs a position.
struct TOMLSourceMap: Sendable {
    typealias Step = TOMLPath.Step

    /// A place in the document, both 1-based; columns count characters.
    struct Position: Equatable, Sendable {
        /// The line.
        var line: Int
        /// The column.
        var column: Int
    }

    private let characters: [Character]
    private var lineStarts: [Int] = [0]
    private var index = 0
    private var keys: [[Step]: Int] = [:]
    private var values: [[Step]: Int] = [:]
    private var tableCounts: [[Step]: Int] = [:]

    /// Scans `source`.
    init(_ source: String) {
        characters = Array(source)
        for (offset, character) in characters.enumerated() where character.isNewline {
            lineStarts.append(offset + 1)
        }
        scanDocument()
    }

    /// Where the key at `path` is written (for a table in an array of tables, its `[[…]]` header); the nearest
    /// enclosing key's place when the path itself is not written (an element of an array).
    func keyPosition(_ path: TOMLPath) -> Position? {
        var path = path.steps
        while !path.isEmpty {
            if let offset = keys[path] ?? values[path] { return position(offset) }
            path.removeLast()
        }
        return nil
    }

    /// Where the value at `path` starts (its opening quote or bracket), or the key's place when unknown.
    func valuePosition(_ path: TOMLPath) -> Position? {
        if let offset = values[path.steps] { return position(offset) }
        return keyPosition(path)
    }

    /// Where character `offset` of the string value at `path` is: follows escapes, so it is exact for literal and
    /// basic strings, single- or multi-line.
    func position(inString path: TOMLPath, offset target: Int) -> Position? {
        guard let start = values[path.steps], start < characters.count else { return keyPosition(path) }
        let quote = characters[start]
        let multiline = start + 2 < characters.count && characters[start + 1] == quote && characters[start + 2] == quote
        var cursor = start + (multiline ? 3 : 1)
        if multiline && cursor < characters.count && characters[cursor].isNewline { cursor += 1 }
        var decoded = 0
        while cursor < characters.count && decoded < target {
            if quote == "\"" && characters[cursor] == "\\" && cursor + 1 < characters.count {
                switch characters[cursor + 1] {
                case "u": cursor += 6
                case "U": cursor += 10
                default: cursor += 2
                }
            } else {
                cursor += 1
            }
            decoded += 1
        }
        return position(min(cursor, characters.count))
    }

    private func position(_ offset: Int) -> Position {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return Position(line: low + 1, column: offset - lineStarts[low] + 1)
    }

    // MARK: - Scanning

    private var current: Character? { index < characters.count ? characters[index] : nil }

    private mutating func scanDocument() {
        var table: [Step] = []
        while index < characters.count {
            skipBlank(newlines: true)
            guard let character = current else { break }
            let start = index
            if character == "[" {
                let isArray = index + 1 < characters.count && characters[index + 1] == "["
                index += isArray ? 2 : 1
                let path = resolve(scanKey())
                skip(while: { $0 != "\n" })
                if isArray {
                    let count = tableCounts[path, default: 0]
                    tableCounts[path] = count + 1
                    table = path + [.index(count)]
                    if keys[path] == nil { keys[path] = start }
                } else {
                    table = path
                }
                keys[table] = start
            } else {
                let key = scanKey()
                let path = table + key.map(Step.key)
                keys[path] = start
                skipBlank(newlines: false)
                if current == "=" { index += 1 }
                scanValue(path)
                skip(while: { $0 != "\n" })
            }
        }
    }

    /// Turns a header's keys into a path, stepping into the last table of each array of tables on the way.
    private func resolve(_ key: [String]) -> [Step] {
        var path: [Step] = []
        for (position, part) in key.enumerated() {
            path.append(.key(part))
            if position < key.count - 1, let count = tableCounts[path] { path.append(.index(count - 1)) }
        }
        return path
    }

    /// A dotted key: bare, "basic" or 'literal' parts.
    private mutating func scanKey() -> [String] {
        var parts: [String] = []
        while true {
            skipBlank(newlines: false)
            guard let character = current else { break }
            if character == "\"" || character == "'" {
                let start = index + 1
                index += 1
                while let next = current, next != character {
                    index += next == "\\" && character == "\"" ? 2 : 1
                }
                parts.append(String(characters[start..<min(index, characters.count)]))
                index += 1
            } else {
                let start = index
                skip(while: { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
                if index == start { break }
                parts.append(String(characters[start..<index]))
            }
            skipBlank(newlines: false)
            guard current == "." else { break }
            index += 1
        }
        return parts
    }

    private mutating func scanValue(_ path: [Step]) {
        skipBlank(newlines: false)
        guard let character = current else { return }
        values[path] = index
        switch character {
        case "\"", "'":
            scanString(quote: character)
        case "[":
            index += 1
            var element = 0
            while true {
                skipBlank(newlines: true)
                guard let next = current else { return }
                if next == "]" {
                    index += 1
                    return
                }
                scanValue(path + [.index(element)])
                element += 1
                skipBlank(newlines: true)
                if current == "," { index += 1 }
            }
        case "{":
            index += 1
            while true {
                skipBlank(newlines: false)
                guard let next = current else { return }
                if next == "}" {
                    index += 1
                    return
                }
                let start = index
                let keyPath = path + scanKey().map(Step.key)
                keys[keyPath] = start
                skipBlank(newlines: false)
                if current == "=" { index += 1 }
                scanValue(keyPath)
                skipBlank(newlines: false)
                if current == "," { index += 1 }
                if index == start { index += 1 }
            }
        default:
            skip(while: { !",]}#".contains($0) && !$0.isNewline })
        }
    }

    private mutating func scanString(quote: Character) {
        let multiline = index + 2 < characters.count && characters[index + 1] == quote && characters[index + 2] == quote
        index += multiline ? 3 : 1
        while let character = current {
            if character == "\\" && quote == "\"" {
                index += 2
            } else if character == quote
                && (!multiline
                    || (index + 2 < characters.count && characters[index + 1] == quote
                        && characters[index + 2] == quote))
            {
                index += multiline ? 3 : 1
                while multiline && current == quote { index += 1 }
                return
            } else {
                index += 1
            }
        }
    }

    /// Skips spaces, tabs and comments, and newlines when asked.
    private mutating func skipBlank(newlines: Bool) {
        while let character = current {
            if character == "#" {
                skip(while: { !$0.isNewline })
            } else if character == " " || character == "\t" || (newlines && character.isNewline) {
                index += 1
            } else {
                return
            }
        }
    }

    private mutating func skip(while condition: (Character) -> Bool) {
        while let character = current, condition(character) { index += 1 }
    }
}
