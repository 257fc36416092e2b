import TOMLKit

/// One TOML file, parsed, and every problem found reading it: the one reader of `vigie.toml` and the watchlists.
///
/// The typed getters (`string`, `bool`, `integer`, `duration`, `size`, `array`, `table`) give the value of a key
/// when it is there and of the right kind. When it is of the wrong kind they record a ``ConfigError`` placed at
/// its `file:line:column` and return `nil`, so that the caller goes on and a check reports every problem at once;
/// a missing key is `nil` without a problem (the caller knows whether it is required). Positions come from a
/// ``TOMLSourceMap``, built the first time one is needed: a valid watchlist never pays for it.
struct TOMLDocument {
    /// The file, as named by the caller.
    let file: String
    /// The top-level table.
    let root: TOMLTable
    /// The problems recorded, in the order they were found.
    private(set) var problems: [ConfigError] = []
    private let source: String
    private var map: TOMLSourceMap?

    /// Parses `source`, read from `file`.
    ///
    /// - Throws: the syntax error, placed where TOMLKit's parser stopped; nothing more can be read from the file.
    init(_ source: String, file: String) throws(ConfigError) {
        do {
            root = try TOMLTable(string: source)
        } catch let error as TOMLParseError {
            throw ConfigError(
                code: .syntax, file: file, line: error.source.begin.line, column: error.source.begin.column,
                message: "invalid TOML: \(error.description)")
        } catch {
            throw ConfigError(code: .syntax, file: file, message: "invalid TOML: \(error)")
        }
        self.file = file
        self.source = source
    }

    /// The problems in the order of their place in the file; those with no place come last.
    var sortedProblems: [ConfigError] {
        problems.enumerated().sorted { a, b in
            let left = (a.element.line ?? .max, a.element.column ?? 0, a.offset)
            let right = (b.element.line ?? .max, b.element.column ?? 0, b.offset)
            return left < right
        }.map(\.element)
    }

    // MARK: - Places and problems

    /// Where `path` is written: its key (for a table of an array of tables, its `[[…]]` header), else the nearest
    /// written place that encloses it; with `offset`, character `offset` of its string value.
    mutating func position(of path: TOMLPath, offset: Int? = nil) -> TOMLSourceMap.Position? {
        if map == nil { map = TOMLSourceMap(source) }
        guard let map else { return nil }
        if let offset { return map.position(inString: path, offset: offset) }
        return map.keyPosition(path)
    }

    /// Records a problem at `path` (see ``position(of:offset:)``); the root path names no key and no place.
    mutating func report(_ code: ConfigError.Code, at path: TOMLPath, _ message: String, offset: Int? = nil) {
        let place = path.steps.isEmpty ? nil : position(of: path, offset: offset)
        problems.append(
            ConfigError(
                code: code, file: file, line: place?.line, column: place?.column, key: path.description,
                message: message))
    }

    /// Records a problem already made (a file read by another reader, placed by the caller).
    mutating func report(_ problem: ConfigError) {
        problems.append(problem)
    }

    /// Records every key of `table` (at `path`) that is not in `known`, suggesting the likely one for a typo.
    /// `what` (`a watch`) says what the table is, when the path alone does not.
    mutating func checkKeys(_ table: TOMLTable, at path: TOMLPath, known: [String], in what: String? = nil) {
        for key in table.keys where !known.contains(key) {
            var message = "unknown key" + (what.map { " in \($0)" } ?? "")
            if let suggestion = known.min(by: { Self.distance($0, key) < Self.distance($1, key) }),
                Self.distance(suggestion, key) <= 2
            {
                message += "; did you mean `\(suggestion)`?"
            } else {
                message += "; the keys here are " + known.joined(separator: ", ")
            }
            report(.unknownKey, at: path.key(key), message)
        }
    }

    // MARK: - Typed getters

    /// The string at `key` of `table` (at `path`).
    mutating func string(_ table: TOMLTable, _ key: String, at path: TOMLPath) -> String? {
        guard let value = table[key] else { return nil }
        return string(value, at: path.key(key))
    }

    /// `value` (at `path`) as a string.
    mutating func string(_ value: TOMLValueConvertible, at path: TOMLPath) -> String? {
        guard let string = value.string else { return wrongType(value, at: path, expected: "a string") }
        return string
    }

    /// The boolean at `key` of `table`.
    mutating func bool(_ table: TOMLTable, _ key: String, at path: TOMLPath) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let bool = value.bool else { return wrongType(value, at: path.key(key), expected: "true or false") }
        return bool
    }

    /// The whole number at `key` of `table`.
    mutating func integer(_ table: TOMLTable, _ key: String, at path: TOMLPath) -> Int? {
        guard let value = table[key] else { return nil }
        guard let integer = value.int else { return wrongType(value, at: path.key(key), expected: "a whole number") }
        return integer
    }

    /// The whole number above zero at `key` of `table`.
    mutating func positiveInteger(_ table: TOMLTable, _ key: String, at path: TOMLPath) -> Int? {
        guard let value = table[key] else { return nil }
        guard let integer = value.int else {
            return wrongType(value, at: path.key(key), expected: "a positive whole number")
        }
        guard integer > 0 else {
            report(.invalidValue, at: path.key(key), "must be a positive whole number, not \(integer)")
            return nil
        }
        return integer
    }

    /// The duration at `key` of `table`, in seconds: a string such as `"90s"` or `"1h30m"` (see ``ConfigValues``).
    mutating func duration(_ table: TOMLTable, _ key: String, at path: TOMLPath) -> Double? {
        guard let value = table[key] else { return nil }
        let keyPath = path.key(key)
        if let number = value.int {
            report(.wrongType, at: keyPath, "write the duration with its unit, like \"\(number)s\" or \"\(number)m\"")
            return nil
        }
        guard let text = value.string else {
            return wrongType(value, at: keyPath, expected: "a duration such as \"90s\" or \"15m\"")
        }
        guard let seconds = ConfigValues.duration(text) else {
            report(
                .invalidValue, at: keyPath,
                "\"\(text)\" is not a duration; write it like \"90s\", \"15m\", \"1h\" or \"1d\"")
            return nil
        }
        return seconds
    }

    /// The duration at `key` of `table`, in seconds, or 0 for `"off"` (see ``duration(_:_:at:)``).
    mutating func durationOrOff(_ table: TOMLTable, _ key: String, at path: TOMLPath) -> Double? {
        if table[key]?.string?.lowercased() == "off" { return 0 }
        return duration(table, key, at: path)
    }

    /// The size at `key` of `table`, in bytes: a positive number of bytes or a string such as `"512KiB"`.
    mutating func size(_ table: TOMLTable, _ key: String, at path: TOMLPath) -> Int? {
        guard let value = table[key] else { return nil }
        let keyPath = path.key(key)
        if let number = value.int {
            guard number > 0 else {
                report(
                    .invalidValue, at: keyPath,
                    "\(number) is not a size; write a positive size like \"512KiB\" or \"10MiB\"")
                return nil
            }
            return number
        }
        guard let text = value.string else {
            return wrongType(value, at: keyPath, expected: "a size such as \"512KiB\" or \"10MiB\"")
        }
        guard let bytes = ConfigValues.size(text), bytes > 0 else {
            report(.invalidValue, at: keyPath, "\"\(text)\" is not a size; write it like \"512KiB\" or \"10MiB\"")
            return nil
        }
        return bytes
    }

    /// The array at `key` of `table`; `expected` describes it for the message when the value is something else
    /// (`an array of phrases`).
    mutating func array(_ table: TOMLTable, _ key: String, at path: TOMLPath, expected: String) -> TOMLArray? {
        guard let value = table[key] else { return nil }
        guard value.type == .array, let array = value.array else {
            return wrongType(value, at: path.key(key), expected: expected)
        }
        return array
    }

    /// The table at `key` of `table`; `expected` describes it for the message (`a table ([fetch])`).
    mutating func table(_ table: TOMLTable, _ key: String, at path: TOMLPath, expected: String) -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let sub = value.table else { return wrongType(value, at: path.key(key), expected: expected) }
        return sub
    }

    /// Records that `value` (at `path`) is not `expected`: "must be EXPECTED, not an integer".
    private mutating func wrongType<T>(_ value: TOMLValueConvertible, at path: TOMLPath, expected: String) -> T? {
        report(.wrongType, at: path, "must be \(expected), not \(Self.describe(value))")
        return nil
    }

    /// The kind of a value, as a message says it: `a string`, `an integer`.
    static func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: "a string"
        case .int: "an integer"
        case .double: "a floating-point number"
        case .bool: "a boolean"
        case .array: "an array"
        case .table: "a table"
        case .date, .time, .dateTime: "a date or time"
        }
    }

    /// Levenshtein distance, for "did you mean" suggestions.
    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}
